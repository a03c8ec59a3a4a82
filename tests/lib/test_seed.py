"""Tests for dlbook.seed: seed_everything seeds Python, NumPy and torch; seeded() is the one road
every model constructor takes, so a model built with the same seed is the same model."""

import random

import numpy as np
import pytest
import torch

from dlbook.models import MLP, RBM, AlexNet, AlexNetSmall, Autoencoder, LeNet5, pretrain_greedy
from dlbook.seed import generator, seed_everything, seeded


def _draws():
    return random.random(), np.random.rand(3).tolist(), torch.rand(3).tolist()  # noqa: NPY002


def test_same_seed_same_draws_everywhere():
    seed_everything(42)
    first = _draws()
    seed_everything(42)
    assert _draws() == first
    seed_everything(43)
    assert _draws() != first


def test_matches_seeding_each_library_by_hand():
    seed_everything(7)
    ours = _draws()
    random.seed(7)
    np.random.seed(7)  # noqa: NPY002
    torch.manual_seed(7)
    assert _draws() == ours


def test_returns_a_seeded_generator_apart_from_the_global_stream():
    g = seed_everything(3)
    assert isinstance(g, torch.Generator)
    expected = torch.rand(4, generator=torch.Generator().manual_seed(3))
    global_draw = torch.rand(2)
    assert torch.equal(torch.rand(4, generator=g), expected)
    seed_everything(3)
    assert torch.equal(torch.rand(2), global_draw)  # the generator did not consume it


def test_large_seed_wraps_for_numpy():
    seed_everything(2**40 + 5)
    ours = np.random.rand(2).tolist()  # noqa: NPY002
    np.random.seed((2**40 + 5) % 2**32)  # noqa: NPY002
    assert np.random.rand(2).tolist() == ours  # noqa: NPY002
    seed_everything(2**64 - 1)  # the largest seed torch takes


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (1.5, TypeError),
        ("3", TypeError),
        (True, TypeError),
        (None, TypeError),
        (-1, ValueError),
        (2**64, ValueError),
    ],
)
def test_bad_seed(bad, error):
    with pytest.raises(error, match="seed must"):
        seed_everything(bad)


# -- seeded: the one road every model constructor takes ----------------------------------------


def test_seeded_repeats_draws_and_restores_the_global_stream():
    torch.manual_seed(123)
    before = torch.random.get_rng_state()
    with seeded(5):
        first = torch.rand(3)
    assert torch.equal(torch.random.get_rng_state(), before)  # put back as it was
    torch.rand(7)  # the global stream moves on ...
    with seeded(5):
        assert torch.equal(torch.rand(3), first)  # ... the seeded block does not care
    assert torch.equal(first, torch.rand(3, generator=torch.Generator().manual_seed(5)))


def test_seeded_none_is_the_global_rng():
    torch.manual_seed(9)
    with seeded(None):
        inside = torch.rand(2)
    torch.manual_seed(9)
    assert torch.equal(torch.rand(2), inside)


@pytest.mark.parametrize(("bad", "error"), [(-1, ValueError), (1.0, TypeError), ("0", TypeError)])
def test_seeded_rejects_bad_seeds(bad, error):
    with pytest.raises(error, match="seed must"), seeded(bad):
        pass


def test_generator_follows_its_seed_or_the_global_rng():
    assert torch.equal(torch.rand(3, generator=generator(4)), torch.rand(3, generator=generator(4)))
    torch.manual_seed(1)
    a = torch.rand(3, generator=generator(None))
    torch.manual_seed(1)
    assert torch.equal(torch.rand(3, generator=generator(None)), a)


MODELS = {
    "MLP": lambda seed: MLP(6, [5, 4], 3, activation="tanh", init="xavier", seed=seed),
    "MLP-default-init": lambda seed: MLP(6, [5], 3, seed=seed),
    "LeNet5": lambda seed: LeNet5(seed=seed),
    "LeNet5-modern": lambda seed: LeNet5(variant="modern", seed=seed),
    "AlexNetSmall": lambda seed: AlexNetSmall(channels=(4, 4, 4, 4, 4), hidden=8, seed=seed),
    "AlexNet-paper": lambda seed: AlexNet(num_classes=3, init="paper", seed=seed),
    "RBM": lambda seed: RBM(6, 3, seed=seed),
    "Autoencoder": lambda seed: Autoencoder(6, 3, tied=False, seed=seed),
}


def _same(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


@pytest.mark.parametrize("build", MODELS.values(), ids=MODELS.keys())
def test_a_seeded_model_is_the_same_whatever_the_global_rng_did(build):
    torch.manual_seed(0)
    first = build(7)
    torch.manual_seed(1234)
    torch.rand(100)
    assert _same(build(7), first)
    assert not _same(build(8), first)


@pytest.mark.parametrize("build", MODELS.values(), ids=MODELS.keys())
def test_building_a_seeded_model_leaves_the_global_rng_alone(build):
    torch.manual_seed(3)
    state = torch.random.get_rng_state()
    build(0)
    assert torch.equal(torch.random.get_rng_state(), state)


@pytest.mark.parametrize("build", MODELS.values(), ids=MODELS.keys())
def test_seed_none_follows_torch_manual_seed(build):
    torch.manual_seed(11)
    first = build(None)
    torch.manual_seed(11)
    assert _same(build(None), first)
    assert not _same(build(None), first)  # the global stream has moved on


def test_pretraining_and_its_mlp_take_the_seed_too():
    X = torch.rand(32, 6, generator=torch.Generator().manual_seed(0))
    torch.manual_seed(0)
    stack = pretrain_greedy(X, [4, 3], "rbm", epochs=2, seed=5, device="cpu")
    torch.rand(10)
    again = pretrain_greedy(X, [4, 3], "rbm", epochs=2, seed=5, device="cpu")
    assert stack.curves == again.curves
    state = torch.random.get_rng_state()
    assert _same(stack.to_mlp(2, seed=1), again.to_mlp(2, seed=1))
    assert torch.equal(torch.random.get_rng_state(), state)
