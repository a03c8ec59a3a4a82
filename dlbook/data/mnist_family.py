"""MNIST and Fashion-MNIST: 28x28 grey images, 60,000 to train and 10,000 to test.

``fashion_mnist_tensors`` and ``mnist_tensors`` give the book's experiments plain tensors
(the IDX files read with numpy); ``fashion_mnist`` and ``mnist`` give torchvision's dataset
objects for a ``DataLoader``. All four find the files as ``dlbook.data.sources`` describes
(``root=``, ``$DLBOOK_DATA``, the user cache, Debian's ``/usr/share/datasets/fashion-mnist``),
check the unpacked contents against the SHA-256 digests recorded there (``verify=True``), and
only when nothing is found download through torchvision (``download=True``).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np
import torch

from dlbook._checks import check_bool, check_int, check_seed, choose
from dlbook.data import sources
from dlbook.data.digits import _nested_stratified_order
from dlbook.data.idx import read_idx
from dlbook.data.sources import DatasetIntegrityError, DatasetNotFoundError
from dlbook.data.vision import DOWNLOAD_TIMEOUT, _socket_timeout, _torchvision

__all__ = [
    "FASHION_MNIST_CLASSES",
    "fashion_mnist",
    "fashion_mnist_tensors",
    "mnist",
    "mnist_tensors",
]

#: Fashion-MNIST's class names, label ``i`` is ``FASHION_MNIST_CLASSES[i]`` (Xiao et al. 2017).
FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)


def fashion_mnist_tensors(
    split: str = "train",
    *,
    n: int | None = None,
    seed: int = 0,
    flatten: bool = False,
    root: str | os.PathLike | None = None,
    download: bool = True,
    verify: bool = True,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Fashion-MNIST as ``(X, y)``: float32 images in ``[0, 1]`` and int64 labels in ``0..9``.

    Xiao, Rasul and Vollgraf (2017): Zalando's product photos in MNIST's format, 10 kinds of
    clothing (``FASHION_MNIST_CLASSES``).

    Parameters
    ----------
    split : str
        ``"train"`` (60,000 images) or ``"test"`` (10,000).
    n : int, optional
        Keep only ``n`` images, a stratified and nested subset: every class in proportion
        (within one image), and for a fixed ``seed`` the images of a smaller ``n`` are the
        first of a larger one, as in ``digits(n_train=...)``. ``None`` keeps all, in file order.
    seed : int
        Random seed of the ``n`` subset (and of its order).
    flatten : bool
        ``False`` gives ``X`` of shape ``(N, 1, 28, 28)`` for a CNN, ``True`` ``(N, 784)``.
    root : str or os.PathLike, optional
        A directory holding the four IDX files (directly, as Debian's
        ``/usr/share/datasets/fashion-mnist``, or in ``FashionMNIST/raw``); when ``None`` the
        usual places are searched (see ``dlbook.data.sources``).
    download : bool
        Download through torchvision when the files are nowhere to be found.
    verify : bool
        Check the unpacked files' SHA-256; ``False`` reads any files in IDX format.

    Raises
    ------
    DatasetNotFoundError
        The files are nowhere; the message names every way to get them.
    DatasetIntegrityError
        A file is damaged or not the official one; the message names it.
    """
    return _tensors(
        "FashionMNIST",
        split,
        n=n,
        seed=seed,
        flatten=flatten,
        root=root,
        download=download,
        verify=verify,
    )


def mnist_tensors(
    split: str = "train",
    *,
    n: int | None = None,
    seed: int = 0,
    flatten: bool = False,
    root: str | os.PathLike | None = None,
    download: bool = True,
    verify: bool = True,
) -> tuple[torch.Tensor, torch.Tensor]:
    """MNIST as ``(X, y)``, handwritten digits (LeCun et al. 1998); as ``fashion_mnist_tensors``."""
    return _tensors(
        "MNIST",
        split,
        n=n,
        seed=seed,
        flatten=flatten,
        root=root,
        download=download,
        verify=verify,
    )


def fashion_mnist(
    split: str = "train",
    *,
    root: str | os.PathLike | None = None,
    transform: Callable | None = None,
    download: bool = True,
    verify: bool = True,
):
    """Fashion-MNIST as ``torchvision.datasets.FashionMNIST`` (Xiao, Rasul and Vollgraf 2017).

    The files are found, checked and read as by ``fashion_mnist_tensors``; the dataset's
    ``transform`` defaults to torchvision's ``ToTensor`` (float32 ``(1, 28, 28)`` in ``[0, 1]``).
    """
    return _dataset(
        "FashionMNIST", split, root=root, transform=transform, download=download, verify=verify
    )


def mnist(
    split: str = "train",
    *,
    root: str | os.PathLike | None = None,
    transform: Callable | None = None,
    download: bool = True,
    verify: bool = True,
):
    """MNIST as ``torchvision.datasets.MNIST`` (LeCun et al. 1998); as ``fashion_mnist``."""
    return _dataset(
        "MNIST", split, root=root, transform=transform, download=download, verify=verify
    )


# ------------------------------------------------------------------------------ the reading


def _tensors(name, split, *, n, seed, flatten, root, download, verify):
    flatten = check_bool(flatten, "flatten")
    seed = check_seed(seed)
    images, labels = _arrays(name, split, root, download, verify)
    if n is not None:
        n = check_int(n, "n", minimum=1, maximum=len(labels))
        keep = _nested_stratified_order(labels, seed)[:n]
        images, labels = images[keep], labels[keep]
    X = torch.from_numpy(images.astype(np.float32)).div_(255.0)  # a copy, so writable
    X = X.reshape(len(X), -1) if flatten else X.unsqueeze(1)  # (N, 784) or (N, 1, 28, 28)
    return X, torch.from_numpy(labels.astype(np.int64))


def _dataset(name, split, *, root, transform, download, verify):
    if transform is None:
        transform = _torchvision().transforms.ToTensor()
    elif not callable(transform):
        raise TypeError(f"transform must be callable, got {type(transform).__name__}")
    images, labels, folder = _arrays(name, split, root, download, verify, with_folder=True)
    # torchvision's own class and attributes, filled from the arrays read above: its __init__
    # would look only in <root>/<name>/raw and refuse Debian's recompressed .gz files.
    tv = _torchvision().datasets
    cls = getattr(tv, name)
    ds = cls.__new__(cls)
    base = folder.parent.parent if folder.name == "raw" and folder.parent.name == name else folder
    tv.VisionDataset.__init__(ds, os.fspath(base), transform=transform)
    ds.train = split == "train"
    ds.data = torch.from_numpy(images.copy())  # (N, 28, 28) uint8
    ds.targets = torch.from_numpy(labels.astype(np.int64))
    return ds


def _arrays(name, split, root, download, verify, *, with_folder=False):
    """The (images, labels) arrays of one split, found, downloaded if allowed, and checked."""
    split = choose(split, "split", ("train", "test"))
    download = check_bool(download, "download")
    verify = check_bool(verify, "verify")
    if root is not None and not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root must be a path (str or os.PathLike), got {type(root).__name__}")
    files = sources.find_idx_files(name, root)
    if files is None:
        if not download:
            raise DatasetNotFoundError(sources.not_found_message(name, root, "download=False"))
        files = _download(name, root)
    images_file, labels_file = sources.IDX_FILES[split]
    digests = sources.SHA256[name] if verify else {}
    images = read_idx(files[images_file], sha256=digests.get(images_file))
    labels = read_idx(files[labels_file], sha256=digests.get(labels_file))
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise DatasetIntegrityError(
            f"{files[images_file]} holds an array of shape {images.shape} and "
            f"{files[labels_file]} one of shape {labels.shape}; images (N, H, W) and labels "
            "(N,) of the same N were expected"
        )
    if with_folder:
        return images, labels, files[images_file].parent
    return images, labels


def _download(name, root):
    """Download through torchvision into ``root`` or ``data_dir()``; return the files."""
    target = sources.data_dir() if root is None else root
    cls = getattr(_torchvision().datasets, name)
    downloader = cls.__new__(cls)  # only its download(), which checks torchvision's .gz MD5s
    downloader.root = os.fspath(target)
    try:
        with _socket_timeout(DOWNLOAD_TIMEOUT):
            downloader.download()
    except (OSError, RuntimeError) as err:  # URLError is an OSError
        message = sources.not_found_message(name, root, "and the download failed")
        raise DatasetNotFoundError(
            f"{message}\nThe download failed with {type(err).__name__}: {err}"
        ) from err
    files = sources.find_idx_files(name, root)
    if files is None:  # pragma: no cover - torchvision reported success
        raise DatasetNotFoundError(sources.not_found_message(name, root, "after a download"))
    return files
