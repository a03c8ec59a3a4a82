"""MLP: structure, activations and inits by name, the hand-built XOR net, errors."""

import math

import pytest
import torch
from torch import nn

from dlbook.data.gates import logic_gate
from dlbook.models import ACTIVATIONS, INITS, MLP, Step, activation_gain, make_activation

XOR_WEIGHTS = [
    ([[1.0, 1.0], [-1.0, -1.0]], [-0.5, 1.5]),  # h1 = OR, h2 = NAND
    ([[1.0, 1.0]], [-1.5]),  # y = AND(h1, h2)
]


def test_structure_follows_the_widths():
    net = MLP(3, [5, 4], 2, activation="tanh")
    assert net.widths == (3, 5, 4, 2)
    assert [tuple(lin.weight.shape) for lin in net.linears] == [(5, 3), (4, 5), (2, 4)]
    assert len(net.activations) == 2
    assert all(isinstance(a, nn.Tanh) for a in net.activations)
    assert net(torch.zeros(7, 3)).shape == (7, 2)
    assert net(torch.zeros(3)).shape == (2,)
    assert MLP(3, 6, 1).widths == (3, 6, 1)
    linear = MLP(3, [], 2)  # no hidden layer: a linear model
    assert len(linear.linears) == 1
    assert len(linear.activations) == 0
    assert MLP(2, [3], 1, bias=False).linears[0].bias is None


def test_forward_is_the_layer_by_layer_formula():
    torch.manual_seed(0)
    net = MLP(4, [6, 5], 3, activation="relu")
    x = torch.randn(8, 4)
    (w1, b1), (w2, b2), (w3, b3) = [(lin.weight, lin.bias) for lin in net.linears]
    h1 = torch.relu(x @ w1.T + b1)
    h2 = torch.relu(h1 @ w2.T + b2)
    torch.testing.assert_close(net(x), h2 @ w3.T + b3)
    torch.testing.assert_close(net.hidden_representation(x, layer=0), h1)
    torch.testing.assert_close(net.hidden_representation(x), h2)
    torch.testing.assert_close(net.hidden_representation(x, layer=-2), h1)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_by_name(name):
    act = make_activation(name.upper())
    assert isinstance(act, ACTIVATIONS[name])
    net = MLP(2, 3, 1, activation=name)
    assert all(isinstance(a, ACTIVATIONS[name]) for a in net.activations)
    x = torch.linspace(-2, 2, 9)
    expected = {
        "step": (x > 0).float(),
        "sigmoid": 1 / (1 + torch.exp(-x)),
        "tanh": torch.tanh(x),
        "relu": x.clamp(min=0),
        "leaky_relu": torch.where(x > 0, x, 0.01 * x),
        "elu": torch.where(x > 0, x, torch.exp(x) - 1),
        "gelu": x * 0.5 * (1 + torch.erf(x / math.sqrt(2))),
        "silu": x / (1 + torch.exp(-x)),
        "softplus": torch.log1p(torch.exp(x)),
        "identity": x,
    }[name]
    torch.testing.assert_close(act(x), expected)


def test_step_is_heaviside_with_zero_gradient():
    x = torch.tensor([-1.0, 0.0, 1e-6, 3.0], requires_grad=True)
    y = Step()(x)
    assert y.tolist() == [0.0, 0.0, 1.0, 1.0]
    y.sum().backward()
    assert torch.equal(x.grad, torch.zeros(4))
    # In a network of steps no gradient reaches the first layer; with sigmoids it does.
    X, _ = logic_gate("xor")
    for activation, moves in [("step", False), ("sigmoid", True)]:
        torch.manual_seed(0)
        net = MLP(2, 2, 1, activation=activation)
        net(X).sum().backward()
        assert bool(net.linears[0].weight.grad.abs().sum() > 0) is moves


def test_default_init_is_torchs_own():
    torch.manual_seed(1)
    net = MLP(5, [7], 3)
    torch.manual_seed(1)
    ref = [nn.Linear(5, 7), nn.Linear(7, 3)]
    for lin, r in zip(net.linears, ref, strict=True):
        assert torch.equal(lin.weight, r.weight)
        assert torch.equal(lin.bias, r.bias)


@pytest.mark.parametrize(
    ("init", "activation", "expected_std"),
    [
        ("normal", "relu", 0.05),
        ("uniform", "relu", 0.05),
        ("xavier", "tanh", 5 / 3 * math.sqrt(2 / (400 + 300))),
        ("xavier", "sigmoid", math.sqrt(2 / (400 + 300))),
        ("xavier", "relu", math.sqrt(2) * math.sqrt(2 / (400 + 300))),
        ("he", "relu", math.sqrt(2 / 400)),
        ("he", "leaky_relu", math.sqrt(2 / (1 + 0.01**2) / 400)),
    ],
)
def test_named_inits_have_the_published_spread(init, activation, expected_std):
    torch.manual_seed(0)
    net = MLP(400, [300], 200, activation=activation, init=init, std=0.05)
    w = net.linears[0].weight  # (300, 400): fan_in 400, fan_out 300
    assert w.std().item() == pytest.approx(expected_std, rel=0.02)
    assert w.mean().item() == pytest.approx(0.0, abs=0.02 * expected_std)
    if init in ("uniform", "xavier"):  # bounded: a = sqrt(3) * std
        assert w.abs().max().item() <= math.sqrt(3) * expected_std * 1.0001
    for lin in net.linears:
        assert torch.equal(lin.bias, torch.zeros_like(lin.bias))


def test_zeros_init_keeps_hidden_units_identical_after_training():
    X, y = logic_gate("xor", dtype=torch.float32)
    net = MLP(2, [4], 1, activation="sigmoid", init="zeros")
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    for _ in range(50):
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(1), y.float())
        loss.backward()
        opt.step()
    w = net.linears[0].weight
    assert torch.allclose(w, w[:1].expand_as(w))  # the symmetry is never broken


def test_gains_match_torch():
    assert activation_gain("tanh") == nn.init.calculate_gain("tanh")
    assert activation_gain("relu") == math.sqrt(2)
    assert activation_gain("leaky_relu") == nn.init.calculate_gain("leaky_relu", 0.01)
    assert activation_gain("identity") == 1.0
    assert activation_gain("gelu") == 1.0
    assert set(INITS) >= {"default", "normal", "uniform", "xavier", "he"}


def test_from_weights_builds_the_xor_net_by_hand():
    net = MLP.from_weights(XOR_WEIGHTS)
    X, y = logic_gate("xor")
    assert net.widths == (2, 2, 1)
    assert isinstance(net.activations[0], Step)
    assert torch.equal(net.linears[0].weight, torch.tensor(XOR_WEIGHTS[0][0]))
    assert torch.equal(net.linears[1].bias, torch.tensor(XOR_WEIGHTS[1][1]))
    assert torch.equal((net(X).squeeze(1) > 0).long(), y)
    # In hidden space the corners are (OR, NAND): (0,0)->(0,1), (0,1)->(1,1), (1,0)->(1,1),
    # (1,1)->(1,0), which the AND unit separates with one line.
    hidden = net.hidden_representation(X, layer=0)
    assert hidden.tolist() == [[0.0, 1.0], [1.0, 1.0], [1.0, 1.0], [1.0, 0.0]]


def test_from_weights_accepts_other_activations_and_no_bias():
    w1 = torch.randn(3, 4)
    w2 = torch.randn(2, 3)
    net = MLP.from_weights([(w1, None), (w2, torch.ones(2))], activation="tanh")
    x = torch.randn(5, 4)
    torch.testing.assert_close(net(x), torch.tanh(x @ w1.T) @ w2.T + 1)


def test_from_weights_rejects_shapes_that_do_not_chain():
    with pytest.raises(
        ValueError, match=r"W2 has shape \(1, 3\) \(out, in\) but layer 1 outputs 2"
    ):
        MLP.from_weights([(torch.ones(2, 2), torch.zeros(2)), (torch.ones(1, 3), torch.zeros(1))])
    with pytest.raises(ValueError, match=r"b1 has 3 entries but W1 has shape \(2, 2\) \(out, in\)"):
        MLP.from_weights([(torch.ones(2, 2), torch.zeros(3))])
    with pytest.raises(ValueError, match="W1 must have 2 dimension"):
        MLP.from_weights([(torch.ones(2), torch.zeros(2))])
    with pytest.raises(ValueError, match="weights is empty"):
        MLP.from_weights([])
    with pytest.raises(TypeError, match=r"weights\[0\] must be a \(W, b\) pair"):
        MLP.from_weights([(torch.ones(2, 2),)])
    with pytest.raises(ValueError, match="NaN"):
        MLP.from_weights([(torch.tensor([[float("nan")]]), torch.zeros(1))])


def test_from_weights_keeps_a_dtype_and_the_global_rng():
    state = torch.random.get_rng_state()
    net = MLP.from_weights(XOR_WEIGHTS, dtype=torch.float64)
    assert torch.equal(torch.random.get_rng_state(), state)
    assert net.linears[0].weight.dtype == torch.float64
    assert net.linears[0].weight.tolist() == [[1.0, 1.0], [-1.0, -1.0]]


def test_bad_names_and_widths_raise():
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        MLP(2, 3, 1, activation="swish")
    with pytest.raises(ValueError, match="unknown init 'glorot'"):
        MLP(2, 3, 1, init="glorot")
    with pytest.raises(ValueError, match=r"hidden\[1\] must be at least 1, got 0"):
        MLP(2, [3, 0], 1)
    with pytest.raises(ValueError, match="in_features must be at least 1, got -2"):
        MLP(-2, 3, 1)
    with pytest.raises(TypeError, match=r"out_features must be an int, got 1\.5"):
        MLP(2, 3, 1.5)
    with pytest.raises(TypeError, match=r"hidden\[0\] must be an int, got True"):
        MLP(2, [True], 1)
    with pytest.raises(TypeError, match="hidden must be an int or a sequence"):
        MLP(2, "8", 1)
    with pytest.raises(ValueError, match="std must be positive"):
        MLP(2, 3, 1, init="normal", std=0)


def test_bad_inputs_to_forward_raise():
    net = MLP(2, [3], 1)
    with pytest.raises(ValueError, match=r"expects 2 input feature\(s\), got shape \(4, 3\)"):
        net(torch.zeros(4, 3))
    with pytest.raises(TypeError, match=r"dtype torch\.float64"):
        net(torch.zeros(4, 2, dtype=torch.float64))
    with pytest.raises(TypeError, match=r"torch\.Tensor"):
        net([[0.0, 1.0]])
    with pytest.raises(ValueError, match=r"layer must be an int in \[-1, 0\], got 1"):
        net.hidden_representation(torch.zeros(1, 2), layer=1)
    with pytest.raises(ValueError, match="no hidden layer"):
        MLP(2, [], 1).hidden_representation(torch.zeros(1, 2))


def test_an_mlp_learns_xor_where_the_perceptron_cannot():
    torch.manual_seed(0)
    X, y = logic_gate("xor")
    net = MLP(2, [8], 1, activation="tanh", init="xavier")
    opt = torch.optim.Adam(net.parameters(), lr=0.05)
    for _ in range(300):
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(1), y.float())
        loss.backward()
        opt.step()
    assert torch.equal((net(X).squeeze(1) > 0).long(), y)
