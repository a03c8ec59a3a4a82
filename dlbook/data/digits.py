"""Handwritten digits that need no download: the 1,797 8x8 images shipped with scikit-learn.

They are the test set of the UCI optical-recognition digits (Alpaydin and Kaynak 1998),
written by 13 people: 32x32 bitmaps whose 4x4 blocks were counted into 8x8 pixels of 0..16.
Small enough to train a LeNet-style network on a laptop CPU in seconds, real enough to
overfit.

The test set is fixed: a stratified quarter of the images chosen with ``random_state=0``
(``TEST_SIZE`` and ``SPLIT_SEED``), so every chapter scores on the same 450 images.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlbook._checks import check_bool, check_int, check_seed

__all__ = ["SPLIT_SEED", "TEST_SIZE", "Digits", "digits"]

#: Fraction of the 1,797 images held out as the test set.
TEST_SIZE = 0.25
#: ``random_state`` of the stratified train/test split.
SPLIT_SEED = 0


class Digits(NamedTuple):
    """Train and test tensors of the digits; unpack as ``X_train, y_train, X_test, y_test``.

    Images are float32 in ``[0, 1]`` (the 0..16 counts divided by 16), of shape ``(n, 64)``
    when flattened or ``(n, 1, H, W)`` otherwise; labels are int64 in ``0..9``.
    """

    X_train: torch.Tensor
    y_train: torch.Tensor
    X_test: torch.Tensor
    y_test: torch.Tensor


def digits(
    *, flatten: bool = True, n_train: int | None = None, size: int | None = None, seed: int = 0
) -> Digits:
    """Load scikit-learn's digits as tensors, split into a fixed train (1,347) and test (450) set.

    Parameters
    ----------
    flatten : bool
        ``True`` gives rows of ``H * W`` pixels for an MLP, ``False`` images
        ``(n, 1, H, W)`` for a convolutional network.
    n_train : int, optional
        Keep only this many training images (1 to 1,347), for experiments on the size of the
        training set; the test set never changes. The subsets are stratified (every prefix
        holds each digit in proportion, within one image) and nested: for a fixed ``seed``,
        the 100 images of ``n_train=100`` are among the 200 of ``n_train=200``.
    size : int, optional
        Resize the 8x8 images to ``size x size`` (at least 8) with bilinear interpolation
        (``torch.nn.functional.interpolate``, ``align_corners=False``), which keeps values
        in ``[0, 1]``. ``size=32`` gives the input size of LeNet-5 (LeCun et al. 1998).
        ``None`` keeps 8x8.
    seed : int
        Random seed of the ``n_train`` subset; the test split does not depend on it.

    Returns
    -------
    Digits
        A named tuple ``(X_train, y_train, X_test, y_test)``.
    """
    flatten = check_bool(flatten, "flatten")
    seed = check_seed(seed)
    if size is not None:
        size = check_int(size, "size", minimum=8)

    bunch = load_digits()
    images = bunch.images.astype(np.float32) / 16.0  # (1797, 8, 8) in [0, 1]
    labels = bunch.target.astype(np.int64)  # (1797,)
    train_idx, test_idx = train_test_split(
        np.arange(len(labels)), test_size=TEST_SIZE, random_state=SPLIT_SEED, stratify=labels
    )
    if n_train is not None:
        n_train = check_int(n_train, "n_train", minimum=1, maximum=len(train_idx))
        order = _nested_stratified_order(labels[train_idx], seed)
        train_idx = train_idx[order[:n_train]]

    def prepare(idx: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        X = torch.from_numpy(images[idx]).unsqueeze(1)  # (n, 1, 8, 8)
        if size is not None:
            X = F.interpolate(X, size=(size, size), mode="bilinear", align_corners=False)
        if flatten:
            X = X.flatten(1)  # (n, H * W)
        return X.contiguous(), torch.from_numpy(labels[idx])

    return Digits(*prepare(train_idx), *prepare(test_idx))


def _nested_stratified_order(y: np.ndarray, seed: int) -> np.ndarray:
    """An ordering of ``y``'s indices whose every prefix is stratified.

    Within each class the members are shuffled; the ``j``-th of ``n_c`` members of class ``c``
    gets the key ``(j + 1/2) / n_c`` and all indices are sorted by key (ties broken by a random
    order of the classes), so a prefix of length ``m`` holds about ``m * n_c / n`` of class ``c``.
    """
    rng = np.random.default_rng(seed)
    classes = np.unique(y)
    class_rank = dict(zip(classes.tolist(), rng.permutation(len(classes)).tolist(), strict=True))
    idx, key, tie = [], [], []
    for c in classes:
        members = rng.permutation(np.flatnonzero(y == c))
        idx.append(members)
        key.append((np.arange(len(members)) + 0.5) / len(members))
        tie.append(np.full(len(members), class_rank[int(c)]))
    idx, key, tie = np.concatenate(idx), np.concatenate(key), np.concatenate(tie)
    return idx[np.lexsort((tie, key))]
