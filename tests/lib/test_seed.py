"""Tests for dlbook.seed.seed_everything: one call makes Python, NumPy and torch repeat."""

import random

import numpy as np
import pytest
import torch

from dlbook.seed import seed_everything


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
