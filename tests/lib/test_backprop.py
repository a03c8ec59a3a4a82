"""Hand-written backpropagation against autograd and XOR; (W, b) shaped (out, in)."""

from __future__ import annotations

import math

import pytest
import torch

from dlbook import backprop as bp
from dlbook.data.gates import logic_gate
from dlbook.gradcheck import autograd_gradients


def _data(n: int, d: int, k: int, loss: str, seed: int = 0):
    gen = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=gen, dtype=torch.float64)
    if loss == "mse":
        y = torch.rand(n, k, generator=gen, dtype=torch.float64)
    else:
        y = torch.randint(0, k, (n,), generator=gen)
    return X, y


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
@pytest.mark.parametrize("sizes", [[3, 2], [3, 5, 2], [4, 6, 5, 3], [2, 4, 4, 4, 4, 3]])
def test_hand_gradients_match_autograd(activation, loss, sizes):
    params = bp.init_params(sizes, seed=1)
    X, y = _data(7, sizes[0], sizes[-1], loss)
    cache = bp.forward(params, X, activation=activation, output=bp.LOSSES[loss])
    hand = bp.backward(params, cache, y, loss=loss)
    ref = autograd_gradients(params, X, y, activation=activation, loss=loss)
    assert len(hand) == len(params)
    for (dW, db), (rW, rb), (W, b) in zip(hand, ref, params, strict=True):
        assert dW.shape == W.shape
        assert db.shape == b.shape
        assert (dW - rW).abs().max() < 1e-12
        assert (db - rb).abs().max() < 1e-12
    assert any(float(dW.abs().max()) > 1e-4 for dW, _ in hand)  # not trivially zero


def test_forward_cache_shapes_and_output():
    params = bp.init_params([4, 6, 3], seed=0)
    X = torch.randn(5, 4, dtype=torch.float64)
    cache = bp.forward(params, X, activation="tanh", output="softmax")
    assert [tuple(z.shape) for z in cache["z"]] == [(5, 6), (5, 3)]
    assert [tuple(a.shape) for a in cache["a"]] == [(5, 4), (5, 6), (5, 3)]
    assert torch.equal(cache["a"][0], X)
    assert torch.allclose(cache["a"][1], torch.tanh(X @ params[0][0].T + params[0][1]))
    assert torch.allclose(cache["a"][-1].sum(dim=1), torch.ones(5, dtype=torch.float64))
    assert torch.allclose(cache["a"][-1], torch.softmax(cache["z"][-1], dim=1))


def test_activation_derivatives_and_the_sigmoid_bound():
    z = torch.linspace(-6, 6, 1001, dtype=torch.float64)
    for name, fn in (("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", torch.relu)):
        zz = z.clone().requires_grad_()
        (ref,) = torch.autograd.grad(fn(zz).sum(), zz)
        a = bp.activate(z, name)
        assert torch.allclose(bp.activation_derivative(z, a, name), ref, atol=1e-15, rtol=0)
    s = bp.activate(z, "sigmoid")
    assert float(bp.activation_derivative(z, s, "sigmoid").max()) == 0.25  # at z = 0
    assert float(bp.activation_derivative(torch.zeros(1), torch.zeros(1), "relu")) == 0.0


def test_loss_values_match_torch():
    params = bp.init_params([3, 4, 2], seed=5)
    X, y = _data(6, 3, 2, "cross_entropy")
    logits = bp.forward(params, X, output="identity")["a"][-1]
    ce = torch.nn.functional.cross_entropy(logits, y)
    assert bp.loss_value(params, X, y, loss="cross_entropy") == pytest.approx(float(ce), 1e-14)
    t = torch.rand(6, 2, dtype=torch.float64)
    half_sse = 0.5 * torch.nn.functional.mse_loss(torch.sigmoid(logits), t) * 2  # mean over n
    assert bp.loss_value(params, X, t) == pytest.approx(float(half_sse), rel=1e-14)


def test_one_sgd_step_lowers_the_loss_by_the_autograd_amount():
    W1 = torch.tensor([[0.1, 0.3], [-0.2, 0.4]], dtype=torch.float64)  # (out, in)
    b1 = torch.tensor([0.0, 0.1], dtype=torch.float64)
    W2 = torch.tensor([[0.5, -0.6]], dtype=torch.float64)
    b2 = torch.tensor([0.2], dtype=torch.float64)
    params = [(W1, b1), (W2, b2)]
    X, y = logic_gate("xor", dtype=torch.float64)
    lr = 0.5

    new = bp.sgd_step(params, bp.backward(params, bp.forward(params, X), y), lr)

    # The same step taken independently with autograd's gradients.
    leaves = [t.clone().requires_grad_() for pair in params for t in pair]
    h = torch.sigmoid(X @ leaves[0].T + leaves[1])
    out = torch.sigmoid(h @ leaves[2].T + leaves[3]).squeeze(1)
    grads = torch.autograd.grad(((out - y) ** 2).sum() / 8, leaves)  # 1/(2n) with n = 4
    with torch.no_grad():
        leaves = [t - lr * g for t, g in zip(leaves, grads, strict=True)]
        h = torch.sigmoid(X @ leaves[0].T + leaves[1])
        out = torch.sigmoid(h @ leaves[2].T + leaves[3]).squeeze(1)
        expected = float(((out - y) ** 2).sum() / 8)
    assert bp.loss_value(new, X, y) == pytest.approx(expected, abs=1e-12)
    assert bp.loss_value(new, X, y) < bp.loss_value(params, X, y)
    assert torch.equal(params[0][0], W1)  # the step returns new tensors
    for (W, b), (lw, lb) in zip(new, zip(leaves[::2], leaves[1::2], strict=True), strict=True):
        assert torch.allclose(W, lw, atol=1e-15, rtol=0)
        assert torch.allclose(b, lb, atol=1e-15, rtol=0)


def test_fit_records_loss_before_each_step():
    params = bp.init_params([2, 3, 1], seed=0)
    X, y = logic_gate("xor", dtype=torch.float64)
    trained, losses = bp.fit(params, X, y, lr=0.5, epochs=3)
    assert len(losses) == 3
    assert losses[0] == bp.loss_value(params, X, y)
    one = bp.sgd_step(params, bp.backward(params, bp.forward(params, X), y), 0.5)
    assert losses[1] == pytest.approx(bp.loss_value(one, X, y), abs=1e-15)
    assert bp.loss_value(trained, X, y) < losses[-1]


@pytest.mark.parametrize(("hidden", "seed"), [(3, 0), (2, 1)])
def test_train_xor_learns_all_four_patterns(hidden, seed):
    X, y = logic_gate("xor", dtype=torch.float64)
    params, losses = bp.train_xor(hidden=hidden, seed=seed)
    assert len(losses) == 2000
    assert losses[0] > 0.12
    assert losses[-1] < 1e-3
    assert bp.predict(params, X).squeeze(1).tolist() == y.tolist() == [0, 1, 1, 0]


def test_train_xor_2_2_1_can_stall_in_a_local_minimum():
    X, y = logic_gate("xor", dtype=torch.float64)
    params, losses = bp.train_xor(hidden=2, seed=0)
    assert losses[-1] == pytest.approx(1 / 16, abs=1e-3)  # two patterns stuck at output 1/2
    assert bp.predict(params, X).squeeze(1).tolist() != y.tolist()


def test_cross_entropy_fit_separates_three_blobs():
    gen = torch.Generator().manual_seed(0)
    centers = torch.tensor([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]], dtype=torch.float64)
    y = torch.arange(3).repeat_interleave(20)
    X = centers[y] + 0.5 * torch.randn(60, 2, generator=gen, dtype=torch.float64)
    params = bp.init_params([2, 8, 3], seed=0)
    params, losses = bp.fit(
        params, X, y, lr=0.5, epochs=200, activation="relu", loss="cross_entropy"
    )
    assert losses[-1] < 0.05 < losses[0]
    assert torch.equal(bp.predict(params, X, activation="relu", loss="cross_entropy"), y)


def test_init_params_shapes_range_and_seed():
    p1 = bp.init_params([2, 5, 1], seed=3)
    p2 = bp.init_params([2, 5, 1], seed=3)
    assert all(
        torch.equal(a, b) for x, y in zip(p1, p2, strict=True) for a, b in zip(x, y, strict=True)
    )
    assert [(tuple(W.shape), tuple(b.shape)) for W, b in p1] == [((5, 2), (5,)), ((1, 5), (1,))]
    assert p1[0][0].dtype == torch.float64
    assert float(p1[0][0].abs().max()) <= 2**-0.5
    assert float(p1[1][0].abs().max()) <= 5**-0.5
    p3 = bp.init_params([2, 5, 1], seed=3, scale=0.01, dtype=torch.float32)
    assert float(p3[0][0].abs().max()) <= 0.01
    assert p3[0][0].dtype == torch.float32


# --- bad input ----------------------------------------------------------------------------


def test_mismatched_X_and_params():
    params = bp.init_params([3, 2, 1])
    with pytest.raises(ValueError, match=r"X has 2 feature\(s\) but W1 has shape \(2, 3\)"):
        bp.forward(params, torch.zeros(4, 2))
    with pytest.raises(ValueError, match="X must have 2 dimension"):
        bp.forward(params, torch.zeros(3))
    with pytest.raises(ValueError, match="NaN"):
        bp.forward(params, torch.full((2, 3), float("nan")))


def test_params_that_do_not_chain():
    W1, b1 = torch.zeros(2, 3), torch.zeros(2)  # 3 inputs, 2 outputs
    with pytest.raises(
        ValueError, match=r"W2 has shape \(1, 4\) \(out, in\) but layer 1 outputs 2"
    ):
        bp.forward([(W1, b1), (torch.zeros(1, 4), torch.zeros(1))], torch.zeros(1, 3))
    with pytest.raises(ValueError, match="b1 has 3 entries"):
        bp.forward([(W1, torch.zeros(3))], torch.zeros(1, 3))
    with pytest.raises(ValueError, match="params is empty"):
        bp.forward([], torch.zeros(1, 3))
    with pytest.raises(TypeError, match=r"must be a \(W, b\) pair"):
        bp.forward([W1], torch.zeros(1, 3))
    with pytest.raises(TypeError, match="must share a floating dtype"):
        bp.forward([(W1, b1.double())], torch.zeros(1, 3))
    with pytest.raises(TypeError, match="list of"):
        bp.forward(W1, torch.zeros(1, 3))


def test_unknown_names():
    params = bp.init_params([2, 2, 1])
    with pytest.raises(ValueError, match="unknown activation 'softsign'"):
        bp.forward(params, torch.zeros(1, 2), activation="softsign")
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        bp.loss_value(params, torch.zeros(1, 2), torch.zeros(1), loss="hinge")
    with pytest.raises(ValueError, match="unknown output"):
        bp.forward(params, torch.zeros(1, 2), output="tanh")
    with pytest.raises(ValueError, match="unknown activation"):
        bp.activate(torch.zeros(1), "gelu")
    with pytest.raises(ValueError, match="unknown activation"):
        bp.activation_derivative(torch.zeros(1), torch.zeros(1), "gelu")


def test_labels_of_the_wrong_shape():
    params = bp.init_params([2, 3, 2])
    X = torch.zeros(4, 2)
    with pytest.raises(ValueError, match=r"y has shape \(4,\) but the network outputs \(4, 2\)"):
        bp.loss_value(params, X, torch.zeros(4))
    with pytest.raises(ValueError, match="y has 3 labels but there are 4 samples"):
        bp.loss_value(params, X, torch.zeros(3, dtype=torch.long), loss="cross_entropy")
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
        bp.loss_value(params, X, torch.tensor([0, 1, 2, 0]), loss="cross_entropy")
    with pytest.raises(ValueError, match="y must have 1 dimension"):
        bp.loss_value(params, X, torch.zeros(4, 2, dtype=torch.long), loss="cross_entropy")
    with pytest.raises(TypeError, match="integer class labels"):
        bp.loss_value(params, X, torch.tensor([0.5, 1, 0, 1]), loss="cross_entropy")


def test_backward_rejects_a_mismatched_cache():
    params = bp.init_params([2, 3, 2])
    X, y = torch.zeros(4, 2), torch.tensor([0, 1, 1, 0])
    cache = bp.forward(params, X, output="sigmoid")
    with pytest.raises(ValueError, match="cross_entropy loss needs a softmax output"):
        bp.backward(params, cache, y, loss="cross_entropy")
    with pytest.raises(ValueError, match="cache holds 2 layer"):
        bp.backward(bp.init_params([2, 3, 3, 2]), cache, torch.zeros(4, 2))
    with pytest.raises(TypeError, match="cache must be the dict"):
        bp.backward(params, [1, 2], y)


def test_bad_hyperparameters():
    params = bp.init_params([2, 2, 1])
    X, y = logic_gate("xor", dtype=torch.float64)
    with pytest.raises(ValueError, match="lr must be positive"):
        bp.fit(params, X, y, lr=0)
    with pytest.raises(ValueError, match="epochs must be at least 1, got 0"):
        bp.fit(params, X, y, epochs=0)
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\), got 1"):
        bp.fit(params, X, y, momentum=1.0)
    with pytest.raises(ValueError, match="sizes must list"):
        bp.init_params([2])
    with pytest.raises(ValueError, match=r"sizes\[1\] must be at least 1, got 0"):
        bp.init_params([2, 0, 1])
    with pytest.raises(TypeError, match=r"floating torch\.dtype"):
        bp.init_params([2, 1], dtype=torch.int64)
    with pytest.raises(ValueError, match="scale must be positive"):
        bp.init_params([2, 1], scale=-1.0)
    with pytest.raises(ValueError, match="grads have shapes"):
        bp.sgd_step(params, bp.init_params([2, 3, 1]), 0.1)


def test_init_params_keeps_the_numbers_of_each_seed():
    # drawn (in, out) as before the layout became (out, in), then transposed
    gen = torch.Generator().manual_seed(2)
    W1 = (torch.rand(2, 3, generator=gen, dtype=torch.float64) * 2 - 1) * (1 / math.sqrt(2))
    b1 = (torch.rand(3, generator=gen, dtype=torch.float64) * 2 - 1) * (1 / math.sqrt(2))
    (W, b), _ = bp.init_params([2, 3, 1], seed=2)
    assert torch.equal(W, W1.T)
    assert torch.equal(b, b1)
