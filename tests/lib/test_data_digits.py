"""Tests of dlbook.data.digits: the fixed split, scaling, shapes, resizing, subsets, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlbook.data import SPLIT_SEED, TEST_SIZE, Digits, digits


@pytest.fixture(scope="module")
def full():
    return digits()


def test_default_split_shapes_and_dtypes(full):
    assert isinstance(full, Digits)
    X_train, y_train, X_test, y_test = full
    assert X_train.shape == (1347, 64)
    assert X_test.shape == (450, 64)
    assert y_train.shape == (1347,)
    assert y_test.shape == (450,)
    assert X_train.dtype == X_test.dtype == torch.float32
    assert y_train.dtype == y_test.dtype == torch.int64
    assert X_train.min().item() == 0.0
    assert X_train.max().item() == 1.0
    assert torch.equal(X_train * 16, (X_train * 16).round())  # counts 0..16, divided by 16


def test_split_is_sklearns_stratified_split(full):
    bunch = load_digits()
    Xa, Xb, ya, yb = train_test_split(
        bunch.data, bunch.target, test_size=0.25, random_state=0, stratify=bunch.target
    )
    assert (TEST_SIZE, SPLIT_SEED) == (0.25, 0)
    assert torch.equal(full.X_train, torch.from_numpy(Xa / 16).float())
    assert torch.equal(full.X_test, torch.from_numpy(Xb / 16).float())
    assert full.y_train.tolist() == ya.tolist()
    assert full.y_test.tolist() == yb.tolist()
    # stratified: each digit's share of the test set matches its share of the data, within 1
    share = np.bincount(bunch.target) * 450 / 1797
    assert np.abs(np.bincount(yb) - share).max() < 1


def test_images_are_the_rows_reshaped(full):
    X_train, _, X_test, _ = digits(flatten=False)
    assert X_train.shape == (1347, 1, 8, 8)
    assert X_test.shape == (450, 1, 8, 8)
    assert torch.equal(X_train.reshape(1347, 64), full.X_train)


def test_resize_to_eight_is_identity_and_to_sixteen_is_bilinear(full):
    X8 = digits(size=8).X_train
    assert torch.equal(X8, full.X_train)
    img = full.X_train[0].reshape(8, 8).double()
    X16 = digits(size=16, flatten=False).X_train
    assert X16.shape == (1347, 1, 16, 16)
    up = X16[0, 0].double()
    # align_corners=False: output pixel 1 samples input coordinate 0.25 on each axis
    expected = 0.5625 * img[0, 0] + 0.1875 * img[0, 1] + 0.1875 * img[1, 0] + 0.0625 * img[1, 1]
    assert up[0, 0].item() == pytest.approx(img[0, 0].item(), abs=1e-6)
    assert up[1, 1].item() == pytest.approx(expected.item(), abs=1e-6)


def test_lenet_size(full):
    X_train, y_train, X_test, _ = digits(size=32, flatten=False)
    assert X_train.shape == (1347, 1, 32, 32)
    assert X_test.shape == (450, 1, 32, 32)
    assert X_train.min().item() >= 0.0
    assert X_train.max().item() <= 1.0
    assert torch.equal(y_train, full.y_train)
    # bilinear upsampling keeps the mean ink of an image within a few percent
    ratio = X_train.mean((1, 2, 3)) / full.X_train.mean(1)
    assert ratio.sub(1).abs().max().item() < 0.05
    assert digits(size=32).X_train.shape == (1347, 1024)


def test_n_train_subsets_are_stratified_nested_and_deterministic(full):
    counts_all = torch.bincount(full.y_train, minlength=10).double()
    previous = None
    for n in (10, 50, 200, 1347):
        sub = digits(n_train=n)
        assert sub.X_train.shape == (n, 64)
        assert torch.equal(sub.X_test, full.X_test)  # the test set never changes
        counts = torch.bincount(sub.y_train, minlength=10).double()
        assert (counts - n * counts_all / 1347).abs().max().item() <= 1
        rows = {tuple(r) for r in sub.X_train.tolist()}
        assert rows <= {tuple(r) for r in full.X_train.tolist()}
        if previous is not None:
            assert previous <= rows  # nested
        previous = rows
    again = digits(n_train=50)
    assert torch.equal(again.X_train, digits(n_train=50).X_train)
    assert not torch.equal(digits(n_train=50, seed=1).X_train, again.X_train)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        pytest.param(
            {"n_train": 0}, ValueError, r"n_train must be an int in \[1, 1347\], got 0", id="n0"
        ),
        pytest.param(
            {"n_train": 1348},
            ValueError,
            r"n_train must be an int in \[1, 1347\], got 1348",
            id="nbig",
        ),
        pytest.param({"n_train": 10.0}, TypeError, "n_train must be an int", id="nfloat"),
        pytest.param({"size": 4}, ValueError, "size must be at least 8", id="small"),
        pytest.param({"size": "32"}, TypeError, "size must be an int", id="size-str"),
        pytest.param({"flatten": "yes"}, TypeError, "flatten must be True or False", id="flat"),
        pytest.param({"seed": -1}, ValueError, "seed must be at least 0", id="seed"),
    ],
)
def test_bad_input_is_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        digits(**kwargs)
