"""Tests of dlbook.data.toy: shapes, determinism, the geometry of each set, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from sklearn import datasets as skd

from dlbook.data import TRUTH_TABLES, blobs, circles, gate_blobs, moons, spirals, xor_blobs

MAKERS = [moons, circles, spirals, blobs, xor_blobs]


@pytest.mark.parametrize("make", MAKERS)
def test_shapes_dtypes_and_determinism(make):
    X, y = make(101)
    assert X.shape == (101, 2)
    assert y.shape == (101,)
    assert X.dtype == torch.float32
    assert y.dtype == torch.int64
    assert torch.isfinite(X).all()
    X2, y2 = make(101, seed=0)
    assert torch.equal(X, X2)
    assert torch.equal(y, y2)
    X3, _ = make(101, seed=1)
    assert not torch.equal(X, X3)


def test_moons_and_circles_are_sklearns():
    X, y = moons(50, noise=0.2, seed=3)
    Xr, yr = skd.make_moons(n_samples=50, noise=0.2, random_state=3)
    assert torch.equal(X, torch.from_numpy(Xr.astype(np.float32)))
    assert y.tolist() == yr.tolist()
    X, y = circles(50, noise=0.1, factor=0.3, seed=3)
    Xr, yr = skd.make_circles(n_samples=50, noise=0.1, factor=0.3, random_state=3)
    assert torch.equal(X, torch.from_numpy(Xr.astype(np.float32)))
    assert y.tolist() == yr.tolist()


def test_circles_without_noise_lie_on_their_radii():
    X, y = circles(40, noise=0.0, factor=0.4)
    r = X.double().norm(dim=1)
    assert torch.allclose(r[y == 0], torch.ones(20, dtype=torch.float64), atol=1e-6)
    assert torch.allclose(r[y == 1], torch.full((20,), 0.4, dtype=torch.float64), atol=1e-6)


@pytest.mark.parametrize(("n", "k", "counts"), [(301, 3, [101, 100, 100]), (10, 2, [5, 5])])
def test_spirals_class_counts(n, k, counts):
    _, y = spirals(n, k)
    assert torch.bincount(y, minlength=k).tolist() == counts


def test_spirals_without_noise_follow_their_arms():
    k, turns = 3, 1.5
    X, y = spirals(90, k, noise=0.0, turns=turns)
    X = X.double()
    r = X.norm(dim=1)
    assert r.min().item() == pytest.approx(0.1, abs=1e-6)
    assert r.max().item() == pytest.approx(1.0, abs=1e-6)
    # the angle of each point, minus the spiral's winding, is the arm's offset 2*pi*c/k
    theta = torch.atan2(X[:, 1], X[:, 0])
    offset = theta - 2 * math.pi * turns * (r - 0.1) / 0.9 - 2 * math.pi * y / k
    residue = torch.remainder(offset + math.pi, 2 * math.pi) - math.pi  # wrap to [-pi, pi)
    assert residue.abs().max().item() < 1e-5
    assert not torch.equal(y, y.sort().values)  # shuffled, not in class order


def test_spirals_noise_is_gaussian_with_the_given_std():
    X0, y0 = spirals(2000, noise=0.0)
    X1, y1 = spirals(2000, noise=0.3)
    assert torch.equal(y0, y1)  # same shuffle, so the points line up
    assert (X1 - X0).std().item() == pytest.approx(0.3, rel=0.05)


def test_blobs_are_sklearns_and_take_centres():
    X, y = blobs(60, 4, std=0.5, seed=2)
    Xr, yr = skd.make_blobs(n_samples=60, n_features=2, centers=4, cluster_std=0.5, random_state=2)
    assert torch.equal(X, torch.from_numpy(Xr.astype(np.float32)))
    assert y.tolist() == yr.tolist()
    centres = [[-5.0, 0.0], [5.0, 0.0]]
    X, y = blobs(20, centres, std=0.0)
    assert torch.equal(X, torch.tensor(centres)[y])


@pytest.mark.parametrize("name", sorted(TRUTH_TABLES))
def test_gate_blobs_without_noise_are_the_truth_table(name):
    X, y = gate_blobs(name, 22, std=0.0)
    corner = (2 * X[:, 0] + X[:, 1]).long()  # (0,0)->0, (0,1)->1, (1,0)->2, (1,1)->3
    assert torch.equal(X, X.round())
    assert y.tolist() == [TRUTH_TABLES[name][c] for c in corner.tolist()]
    assert torch.bincount(corner, minlength=4).tolist() == [6, 6, 5, 5]


def test_xor_blobs_label_is_xor_of_the_nearest_corner():
    X, y = xor_blobs(400, std=0.1)
    nearest = (X > 0.5).long()
    assert torch.equal(y, nearest[:, 0] ^ nearest[:, 1])
    Xg, yg = gate_blobs("xor", 400, std=0.1)
    assert torch.equal(X, Xg)
    assert torch.equal(y, yg)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(lambda: moons(0), ValueError, "n must be at least 2, got 0", id="n-zero"),
        pytest.param(lambda: moons(-5), ValueError, "n must be at least 2", id="n-negative"),
        pytest.param(lambda: moons(2.5), TypeError, "n must be an int", id="n-float"),
        pytest.param(lambda: moons(True), TypeError, "n must be an int", id="n-bool"),
        pytest.param(
            lambda: moons(10, noise=-0.1), ValueError, "noise must be >= 0", id="noise-negative"
        ),
        pytest.param(
            lambda: moons(10, noise=float("nan")),
            ValueError,
            "noise must be finite",
            id="noise-nan",
        ),
        pytest.param(
            lambda: moons(10, noise="a"), TypeError, "noise must be a number", id="noise-str"
        ),
        pytest.param(
            lambda: moons(10, seed=-1), ValueError, "seed must be at least 0", id="seed-negative"
        ),
        pytest.param(
            lambda: circles(10, factor=1.0),
            ValueError,
            "factor must lie strictly between",
            id="factor-one",
        ),
        pytest.param(
            lambda: spirals(10, n_classes=1),
            ValueError,
            "n_classes must be at least 2",
            id="spirals-one-class",
        ),
        pytest.param(
            lambda: spirals(2, n_classes=3),
            ValueError,
            "n must be at least 3",
            id="spirals-too-few",
        ),
        pytest.param(
            lambda: spirals(10, turns=-1.0), ValueError, "turns must be >= 0", id="turns-negative"
        ),
        pytest.param(
            lambda: blobs(2, centers=3), ValueError, "n must be at least 3", id="blobs-too-few"
        ),
        pytest.param(
            lambda: blobs(10, centers=[[0, 0, 0]]), ValueError, r"shape \(k, 2\)", id="centers-3d"
        ),
        pytest.param(
            lambda: blobs(10, centers=0),
            ValueError,
            "centers must be at least 1",
            id="centers-zero",
        ),
        pytest.param(
            lambda: blobs(10, centers=[[0, float("nan")]]), ValueError, "NaN", id="centers-nan"
        ),
        pytest.param(
            lambda: blobs(10, std=-1.0), ValueError, "std must be >= 0", id="std-negative"
        ),
        pytest.param(
            lambda: gate_blobs("implies"),
            ValueError,
            "unknown logic gate 'implies'",
            id="gate-unknown",
        ),
        pytest.param(lambda: xor_blobs(3), ValueError, "n must be at least 4", id="xor-too-few"),
    ],
)
def test_bad_input_is_refused(call, error, message):
    with pytest.raises(error, match=message):
        call()
