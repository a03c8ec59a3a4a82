"""Tests for dlbook.data.loader.TensorLoader: batching, device-side shuffling, state, errors."""

import numpy as np
import pytest
import torch

from dlbook.data.loader import TensorLoader


@pytest.fixture(autouse=True)
def _cpu(monkeypatch):
    monkeypatch.setenv("DLBOOK_DEVICE", "cpu")


def _data(n=10, d=3):
    X = torch.arange(n * d, dtype=torch.float32).reshape(n, d)  # row i starts with 3 i
    return X, torch.arange(n)


@pytest.mark.parametrize(
    ("n", "batch_size", "drop_last", "sizes"),
    [
        (10, 4, False, [4, 4, 2]),
        (10, 4, True, [4, 4]),
        (10, 5, False, [5, 5]),
        (10, 5, True, [5, 5]),
        (3, 10, False, [3]),
        (1, 1, False, [1]),
    ],
)
def test_batch_sizes_and_len(n, batch_size, drop_last, sizes):
    X, y = _data(n)
    for shuffle in (False, True):
        loader = TensorLoader(X, y, batch_size, shuffle=shuffle, drop_last=drop_last)
        assert len(loader) == len(sizes)
        assert [len(yb) for _, yb in loader] == sizes


def test_no_shuffle_keeps_order_and_pairs():
    X, y = _data(10)
    batches = list(TensorLoader(X, y, 4, shuffle=False))
    assert torch.equal(torch.cat([xb for xb, _ in batches]), X)
    assert torch.equal(torch.cat([yb for _, yb in batches]), y)


def test_shuffle_matches_a_seeded_randperm_and_keeps_pairs():
    X, y = _data(10)
    loader = TensorLoader(X, y, 4, seed=3)
    reference = torch.Generator().manual_seed(3)
    for _ in range(3):  # three epochs, each a fresh permutation from the same generator
        order = torch.randperm(10, generator=reference)
        ys = torch.cat([yb for _, yb in loader])
        assert torch.equal(ys, order)
    for xb, yb in loader:
        assert torch.equal(xb[:, 0], 3.0 * yb)  # inputs stay paired with their targets


def test_epochs_differ_and_seeds_reproduce():
    X, y = _data(50)

    def orders(seed, epochs=2):
        loader = TensorLoader(X, y, 50, seed=seed)
        return [next(iter(loader))[1].tolist() for _ in range(epochs)]

    first, second = orders(0)
    assert sorted(first) == list(range(50))
    assert first != second
    assert orders(0) == [first, second]
    assert orders(1)[0] != first


def test_shuffling_leaves_the_global_rng_alone():
    X, y = _data(20)
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    list(TensorLoader(X, y, 4))
    assert torch.equal(torch.rand(3), expected)


def test_state_dict_restores_the_shuffle():
    X, y = _data(30)
    a = TensorLoader(X, y, 8, seed=0)
    list(a)  # epoch 1
    state = a.state_dict()
    epoch2 = [yb for _, yb in a]
    b = TensorLoader(X, y, 8, seed=99)
    b.load_state_dict(state)
    for yb_a, (_, yb_b) in zip(epoch2, b, strict=True):
        assert torch.equal(yb_a, yb_b)
    with pytest.raises(TypeError, match="state_dict"):
        b.load_state_dict({"generator": [1, 2]})


def test_data_moved_once_to_the_device():
    X, y = _data(12)
    loader = TensorLoader(X, y, 5, device="cpu")
    assert loader.device == torch.device("cpu")
    assert loader.X.device.type == "cpu"
    kept = loader.X
    for xb, yb in loader:
        assert xb.device == loader.device
        assert yb.device == loader.device
    assert loader.X is kept
    no_shuffle = TensorLoader(X, y, 5, shuffle=False)
    first = next(iter(no_shuffle))[0]
    assert first.data_ptr() == no_shuffle.X.data_ptr()  # a view, not a copy


def test_numpy_float64_becomes_float32_tensor_dtype_kept():
    X = np.random.default_rng(0).normal(size=(6, 2))
    loader = TensorLoader(X, np.array([0, 1, 0, 1, 0, 1]), 3)
    assert loader.X.dtype == torch.float32
    assert loader.y.dtype == torch.int64
    assert TensorLoader(torch.zeros(4, 2, dtype=torch.float64), torch.zeros(4), 2).X.dtype == (
        torch.float64
    )
    regression = TensorLoader(torch.zeros(4, 2), torch.ones(4, 2), 2)  # float targets allowed
    assert regression.y.shape == (4, 2)


def test_repr():
    text = repr(TensorLoader(*_data(10), 4))
    assert "n=10" in text
    assert "batch_size=4" in text


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"X": torch.zeros(5, 2), "y": torch.zeros(4)}, ValueError, "5 inputs .* and 4 targets"),
        ({"X": torch.zeros(0, 2), "y": torch.zeros(0)}, ValueError, "empty"),
        ({"X": torch.tensor([[1.0], [float("nan")]]), "y": torch.zeros(2)}, ValueError, "NaN"),
        ({"y": torch.tensor([0.0, float("inf"), 1, 1])}, ValueError, "infinite"),
        ({"X": torch.tensor(1.0), "y": torch.tensor(1.0)}, ValueError, "first"),
        ({"X": [["a", "b"]] * 4}, TypeError, "numbers"),
        ({"batch_size": 0}, ValueError, "batch_size must be at least 1, got 0"),
        ({"batch_size": -3}, ValueError, "batch_size must be at least 1, got -3"),
        ({"batch_size": 2.0}, TypeError, "batch_size must be an int"),
        ({"batch_size": True}, TypeError, "batch_size must be an int"),
        ({"seed": "0"}, TypeError, "seed must be an int"),
        ({"shuffle": 1}, TypeError, "shuffle must be True or False"),
        ({"batch_size": 10, "drop_last": True}, ValueError, "leaves no batch"),
        ({"device": "nonsense"}, ValueError, "not a device"),
    ],
)
def test_bad_input(kwargs, error, match):
    args = {"X": torch.zeros(4, 2), "y": torch.zeros(4), "batch_size": 2} | kwargs
    with pytest.raises(error, match=match):
        TensorLoader(**args)
