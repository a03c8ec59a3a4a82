"""What the loaders of MNIST, Fashion-MNIST and CIFAR-10 share, and ``as_tensors``.

The loaders themselves live in ``dlbook.data.mnist_family`` (MNIST, Fashion-MNIST) and
``dlbook.data.cifar`` (CIFAR-10); where their files are looked for is
``dlbook.data.sources``. None of them lets torchvision read a file: they read the files with
numpy (IDX) or a restricted unpickler (CIFAR-10's python batches), and use torchvision only to
download and for its dataset classes.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import torch

from dlbook._checks import check_int
from dlbook.data.sources import DatasetIntegrityError, DatasetNotFoundError, data_dir

__all__ = [
    "DOWNLOAD_TIMEOUT",
    "DatasetIntegrityError",
    "DatasetNotFoundError",
    "as_tensors",
    "data_dir",
]

#: Seconds a download may wait on the network before it gives up.
DOWNLOAD_TIMEOUT = 30.0


def as_tensors(dataset, limit: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack the first ``limit`` samples (default all) of a dataset into ``(X, y)``.

    ``dataset[i]`` must be an ``(image tensor, label)`` pair, as the loaders above give;
    ``X`` is the images stacked along a new first dimension, ``y`` the int64 labels.
    Decoding goes through each sample's transform, so keep ``limit`` to a few thousand.
    """
    if not hasattr(dataset, "__getitem__") or not hasattr(dataset, "__len__"):
        raise TypeError(f"dataset must support len() and indexing, got {type(dataset).__name__}")
    n = len(dataset)
    if n == 0:
        raise ValueError("dataset is empty; there is nothing to stack")
    if limit is not None:
        n = min(n, check_int(limit, "limit", minimum=1))
    xs, ys = [], []
    for i in range(n):
        x, y = dataset[i]
        if not isinstance(x, torch.Tensor):
            raise TypeError(
                f"dataset[{i}] holds an image of type {type(x).__name__}, not a tensor; give "
                "the dataset a transform that returns tensors (the dlbook loaders do by default)"
            )
        xs.append(x)
        ys.append(int(y))
    return torch.stack(xs), torch.tensor(ys, dtype=torch.int64)  # (n, *image shape), (n,)


def _torchvision():
    """Import torchvision on first use, so that ``import dlbook.data`` stays quick."""
    import torchvision  # noqa: PLC0415 - a few seconds of import, needed only here

    return torchvision


@contextmanager
def _socket_timeout(seconds: float) -> Iterator[None]:
    """Give every new socket a timeout, unless one is set already (urllib's default is none)."""
    previous = socket.getdefaulttimeout()
    if previous is None:
        socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)
