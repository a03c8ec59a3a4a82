"""Two-dimensional toy data sets: small enough to plot, shaped to show what a model can separate.

Every function returns ``(X, y)``: ``X`` a float32 tensor of shape ``(n, 2)`` and ``y`` an
int64 tensor of class labels of shape ``(n,)``. The samples come shuffled, and the same ``seed``
always gives the same data. ``noise`` (or ``std``) is the standard deviation of the Gaussian
noise added to each coordinate.

``moons``, ``circles`` and ``blobs`` wrap scikit-learn's generators; ``spirals`` and the noisy
logic gates (``gate_blobs``, ``xor_blobs``) are written here.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import torch
from sklearn.datasets import make_blobs, make_circles, make_moons

from dlbook._checks import as_tensor, check_float, check_int, check_seed, choose, to_tensors
from dlbook.data.gates import TRUTH_TABLES

__all__ = ["blobs", "circles", "gate_blobs", "moons", "spirals", "xor_blobs"]


def moons(n: int = 200, *, noise: float = 0.1, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaving half circles, labels 0 and 1 (scikit-learn's ``make_moons``).

    Not linearly separable, but one hidden layer bends a boundary between them.

    Parameters
    ----------
    n : int
        Number of points, at least 2; class 0 gets ``n // 2`` of them (rounded up).
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int
        Random seed.
    """
    n = check_int(n, "n", minimum=2)
    noise = check_float(noise, "noise")
    X, y = make_moons(n_samples=n, noise=noise, random_state=check_seed(seed))
    return to_tensors(X, y)


def circles(
    n: int = 200, *, noise: float = 0.05, factor: float = 0.5, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """A small circle (label 1) inside a large one (label 0) (scikit-learn's ``make_circles``).

    No straight line separates them; a feature such as ``x1**2 + x2**2`` or a hidden layer does.

    Parameters
    ----------
    n : int
        Number of points, at least 2, split evenly between the circles.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    factor : float
        Radius of the inner circle relative to the outer one (radius 1), in ``(0, 1)``.
    seed : int
        Random seed.
    """
    n = check_int(n, "n", minimum=2)
    noise = check_float(noise, "noise")
    factor = check_float(factor, "factor")
    if not 0.0 < factor < 1.0:
        raise ValueError(f"factor must lie strictly between 0 and 1, got {factor}")
    X, y = make_circles(n_samples=n, noise=noise, factor=factor, random_state=check_seed(seed))
    return to_tensors(X, y)


def spirals(
    n: int = 300, n_classes: int = 2, *, noise: float = 0.05, turns: float = 1.0, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Interleaved spiral arms, one per class: the classic hard case for a small network.

    Two arms are Lang and Witbrock's (1988) "two spirals" benchmark; three are the
    data set of the CS231n notes. Arm ``k`` runs from radius 0.1 to 1 while turning
    ``turns`` full turns, rotated by ``k / n_classes`` of a turn from arm 0.

    Parameters
    ----------
    n : int
        Total number of points, at least ``n_classes``; the arms get ``n // n_classes`` each
        and the first ``n % n_classes`` arms one more.
    n_classes : int
        Number of arms (classes), at least 2.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    turns : float
        How many full turns each arm makes; more turns make a harder problem.
    seed : int
        Random seed (noise and shuffling).
    """
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    n = check_int(n, "n", minimum=n_classes)
    noise = check_float(noise, "noise")
    turns = check_float(turns, "turns")
    rng = np.random.default_rng(check_seed(seed))

    xs, ys = [], []
    for k in range(n_classes):
        m = n // n_classes + (k < n % n_classes)  # points on arm k
        r = np.linspace(0.1, 1.0, m)  # (m,) radius grows along the arm
        theta = 2 * math.pi * (turns * (r - 0.1) / 0.9 + k / n_classes)  # (m,)
        xs.append(np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1))  # (m, 2)
        ys.append(np.full(m, k))
    X = np.concatenate(xs) + noise * rng.standard_normal((n, 2))  # (n, 2)
    y = np.concatenate(ys)  # (n,)
    order = rng.permutation(n)
    return to_tensors(X[order], y[order])


def blobs(
    n: int = 200, centers=3, *, std: float = 1.0, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Gaussian clouds, one class per centre (scikit-learn's ``make_blobs`` in 2-D).

    Parameters
    ----------
    n : int
        Total number of points, at least the number of centres, split evenly among them.
    centers : int or array-like
        How many centres to draw at random in the box ``[-10, 10]^2``, or the centres
        themselves as an array of shape ``(k, 2)``; class ``i`` is the cloud around centre
        ``i``.
    std : float
        Standard deviation of each cloud, per coordinate.
    seed : int
        Random seed.
    """
    if isinstance(centers, bool):
        raise TypeError(f"centers must be an int or a (k, 2) array, got {centers!r}")
    if isinstance(centers, numbers.Integral):
        k = check_int(centers, "centers", minimum=1)
    else:
        c = as_tensor(centers, "centers", ndim=2, dtype=torch.float64)
        if c.shape[1] != 2:
            raise ValueError(f"centers must have shape (k, 2), got {tuple(c.shape)}")
        centers, k = c.numpy(), c.shape[0]
    n = check_int(n, "n", minimum=k)
    std = check_float(std, "std")
    X, y = make_blobs(
        n_samples=n, n_features=2, centers=centers, cluster_std=std, random_state=check_seed(seed)
    )
    return to_tensors(X, y)


def gate_blobs(
    name: str = "xor", n: int = 200, *, std: float = 0.2, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """A logic gate's truth table, blurred: a Gaussian cloud around each input corner.

    The four corners ``(0,0), (0,1), (1,0), (1,1)`` get ``n // 4`` points each (the first
    ``n % 4`` corners one more), labelled with the gate's output there. ``"and"`` and
    ``"or"`` stay linearly separable; ``"xor"`` does not, which is Minsky and Papert's (1969)
    point about the perceptron.

    Parameters
    ----------
    name : str
        One of ``and``, ``or``, ``nand``, ``nor``, ``xor``, ``xnor`` (any case).
    n : int
        Total number of points, at least 4.
    std : float
        Standard deviation of each cloud, per coordinate.
    seed : int
        Random seed.
    """
    key = choose(name, "logic gate", TRUTH_TABLES)
    n = check_int(n, "n", minimum=4)
    std = check_float(std, "std")
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    X, corner = make_blobs(
        n_samples=n, centers=corners, cluster_std=std, random_state=check_seed(seed)
    )
    y = np.asarray(TRUTH_TABLES[key])[corner]  # (n,) the gate's output at each point's corner
    return to_tensors(X, y)


def xor_blobs(
    n: int = 200, *, std: float = 0.2, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Noisy XOR: four clouds at the corners of the unit square, opposite corners alike.

    The same as ``gate_blobs("xor", n, std=std, seed=seed)``: no line separates the classes,
    so a perceptron fails and a network with one hidden layer succeeds.
    """
    return gate_blobs("xor", n, std=std, seed=seed)
