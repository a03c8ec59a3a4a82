"""Greedy pretraining: RBM maths against brute force and autograd, learning, the MLP built."""

import inspect
import itertools

import pytest
import torch
from torch import nn

from dlbook.models import MLP, RBM, Autoencoder, GreedyPretraining, pretrain_greedy

# Four 8-bit patterns, each repeated: a tiny data set an RBM can model well.
PATTERNS = torch.tensor(
    [
        [1, 1, 1, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 1, 1, 1, 1],
        [1, 0, 1, 0, 1, 0, 1, 0],
        [0, 1, 0, 1, 0, 1, 0, 1],
    ],
    dtype=torch.float32,
)
DATA = PATTERNS.repeat(16, 1)  # (64, 8)


def random_rbm(n_visible=5, n_hidden=3, seed=0) -> RBM:
    rbm = RBM(n_visible, n_hidden)
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in rbm.parameters():
            p.copy_(torch.randn(p.shape, generator=g))
    return rbm


def test_free_energy_is_minus_log_of_the_sum_over_hidden_states():
    rbm = random_rbm()
    v = torch.bernoulli(torch.full((6, 5), 0.5), generator=torch.Generator().manual_seed(1))
    states = torch.tensor(list(itertools.product([0.0, 1.0], repeat=3)))  # all 8 h
    energies = torch.stack([rbm.energy(v, h.expand(6, 3)) for h in states], dim=1)  # (6, 8)
    torch.testing.assert_close(rbm.free_energy(v), -torch.logsumexp(-energies, dim=1))


def test_conditionals_are_the_ratios_of_the_joint():
    # p(h_j = 1 | v) computed from exp(-E) over all h equals sigmoid(c_j + W_j . v).
    rbm = random_rbm()
    v = torch.tensor([[1.0, 0.0, 1.0, 1.0, 0.0]])
    states = torch.tensor(list(itertools.product([0.0, 1.0], repeat=3)))
    weights = torch.softmax(torch.cat([-rbm.energy(v, h[None]) for h in states]), dim=0)
    brute = (weights[:, None] * states).sum(0)  # (3,): E[h | v]
    torch.testing.assert_close(rbm.hidden_probs(v)[0], brute)
    p, h = rbm.sample_h(v.expand(1000, 5), generator=torch.Generator().manual_seed(0))
    assert set(h.unique().tolist()) <= {0.0, 1.0}
    torch.testing.assert_close(h.mean(0), p[0], atol=0.05, rtol=0)
    pv, sv = rbm.sample_v(h)
    assert pv.shape == sv.shape == (1000, 5)


@pytest.mark.parametrize("k", [1, 3])
def test_cd_estimate_is_minus_the_gradient_of_the_free_energy_gap(k):
    rbm = random_rbm(n_visible=8, n_hidden=4)
    g = torch.Generator().manual_seed(0)
    step = rbm.contrastive_divergence(DATA[:10], k=k, generator=g)
    gap = (rbm.free_energy(DATA[:10]) - rbm.free_energy(step["v_k"].detach())).mean()
    gap.backward()
    torch.testing.assert_close(step["weight"], -rbm.weight.grad)
    torch.testing.assert_close(step["v_bias"], -rbm.v_bias.grad)
    torch.testing.assert_close(step["h_bias"], -rbm.h_bias.grad)


def test_cd1_lowers_reconstruction_error_and_free_energy_of_the_data():
    rbm = RBM(8, 6, seed=0)
    random = torch.bernoulli(torch.full((200, 8), 0.5), generator=torch.Generator().manual_seed(5))
    rbm.fit(DATA, epochs=60, lr=0.1, batch_size=8, seed=0)
    errors = rbm.reconstruction_errors_
    assert len(errors) == 60
    assert errors[-1] < 0.5 * errors[0]
    f_train = rbm.free_energy(PATTERNS).max()
    f_random = rbm.free_energy(random).mean()
    assert f_train < f_random - 1.0  # every training pattern is more probable than chance
    again = RBM(8, 6, seed=0).fit(DATA, epochs=60, lr=0.1, batch_size=8, seed=0)
    assert again.reconstruction_errors_ == errors  # seeded: the same run twice


@pytest.mark.parametrize("tied", [True, False])
def test_autoencoder_learns_to_reconstruct(tied):
    ae = Autoencoder(8, 4, tied=tied, seed=0)
    n_weights = 8 * 4 if tied else 2 * 8 * 4
    assert sum(p.numel() for p in ae.parameters()) == n_weights + 8 + 4
    if tied:
        assert ae.decoder_weight is None
    before = ae.loss(DATA).item()
    ae.fit(DATA, epochs=60, lr=0.1, batch_size=8, seed=0)
    assert len(ae.losses_) == len(ae.reconstruction_errors_) == 60
    assert ae.loss(DATA).item() < 0.5 * before
    assert ae.reconstruction_errors_[-1] < 0.5 * ae.reconstruction_errors_[0]
    x = DATA[:3]
    h = torch.sigmoid(x @ ae.weight.T + ae.h_bias)
    w_dec = ae.weight.T if tied else ae.decoder_weight
    torch.testing.assert_close(ae(x), torch.sigmoid(h @ w_dec.T + ae.v_bias))
    expected_bce = nn.functional.binary_cross_entropy(ae(x), x, reduction="sum") / 3
    torch.testing.assert_close(ae.loss(x), expected_bce)


@pytest.mark.parametrize("method", ["rbm", "autoencoder"])
def test_greedy_stack_trains_each_layer_on_the_one_below(method):
    result = pretrain_greedy(DATA, [6, 3], method, epochs=5, batch_size=16, seed=0)
    assert isinstance(result, GreedyPretraining)
    assert [tuple(W.shape) for W, _ in result.weights] == [(6, 8), (3, 6)]
    assert [len(c) for c in result.curves] == [5, 5]
    # Layer 2 is exactly a layer fitted alone on layer 1's hidden probabilities.
    cls = RBM if method == "rbm" else Autoencoder
    alone = cls(6, 3, seed=1).fit(result.layers[0].transform(DATA), 5, 0.1, 16, seed=1)
    assert torch.equal(alone.weight, result.layers[1].weight)
    assert result.curves[1] == alone.reconstruction_errors_
    assert result.transform(DATA).shape == (64, 3)


def test_mlp_from_pretraining_holds_the_pretrained_weights_exactly():
    result = pretrain_greedy(DATA, [6, 3], "rbm", epochs=3, batch_size=16)
    state = torch.random.get_rng_state()
    mlp = result.to_mlp(out_features=2, seed=0)
    assert torch.equal(torch.random.get_rng_state(), state)  # global RNG untouched
    assert isinstance(mlp, MLP)
    assert mlp.widths == (8, 6, 3, 2)
    assert mlp.activation == "sigmoid"
    for linear, (W, b) in zip(mlp.linears, result.weights, strict=False):
        assert torch.equal(linear.weight, W)
        assert torch.equal(linear.bias, b)
    torch.testing.assert_close(mlp.hidden_representation(DATA), result.transform(DATA))
    assert torch.equal(result.to_mlp(2, seed=0).linears[-1].weight, mlp.linears[-1].weight)


def test_digits_sized_data_pretrains_in_seconds():
    g = torch.Generator().manual_seed(0)
    X = torch.rand(1797, 64, generator=g).round()  # the shape of scikit-learn's digits
    result = pretrain_greedy(X, [32, 16], "rbm", epochs=2)
    assert [len(c) for c in result.curves] == [2, 2]
    assert all(0 < e < 1 for c in result.curves for e in c)


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\].*from -1 to 2"):
        pretrain_greedy(torch.tensor([[0.0, 2.0], [-1.0, 0.5]]), [2])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        RBM(3, 2).fit(torch.full((4, 3), 16.0))
    nan = DATA.clone()
    nan[0, 0] = float("nan")
    with pytest.raises(ValueError, match="NaN"):
        pretrain_greedy(nan, [2])
    with pytest.raises(ValueError, match="2 dimension"):
        pretrain_greedy(DATA[0], [2])
    with pytest.raises(ValueError, match="has 8 feature"):
        RBM(5, 2).fit(DATA)
    with pytest.raises(ValueError, match="unknown pretraining method 'pca'"):
        pretrain_greedy(DATA, [2], "pca")
    with pytest.raises(ValueError, match="sizes is empty"):
        pretrain_greedy(DATA, [])
    with pytest.raises(TypeError, match="sequence of layer widths"):
        pretrain_greedy(DATA, 4)
    with pytest.raises(ValueError, match=r"sizes\[1\] must be at least 1, got 0"):
        pretrain_greedy(DATA, [4, 0])
    with pytest.raises(ValueError, match="lr must be positive"):
        RBM(8, 2).fit(DATA, lr=-0.1)
    with pytest.raises(ValueError, match="n_hidden must be at least 1, got 0"):
        Autoencoder(8, 0)
    with pytest.raises(ValueError, match=r"layer must be an int in \[-1, 0\]"):
        pretrain_greedy(DATA, [2], epochs=1).transform(DATA, layer=2)


@pytest.mark.parametrize(
    "fn", [RBM.fit, Autoencoder.fit, pretrain_greedy], ids=["rbm", "ae", "greedy"]
)
def test_pretraining_defaults_to_the_automatic_device(fn):
    assert inspect.signature(fn).parameters["device"].default == "auto"


def test_pretraining_trains_where_dlbook_device_says(monkeypatch):
    monkeypatch.setenv("DLBOOK_DEVICE", "cpu")
    result = pretrain_greedy(DATA, [3], "autoencoder", epochs=1, seed=0)
    assert result.layers[0].weight.device == torch.device("cpu")
    monkeypatch.setenv("DLBOOK_DEVICE", "no-such-device")
    with pytest.raises(ValueError, match="DLBOOK_DEVICE='no-such-device' is not a device"):
        pretrain_greedy(DATA, [3], "autoencoder", epochs=1, seed=0)
