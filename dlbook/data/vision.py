"""torchvision's MNIST, Fashion-MNIST and CIFAR-10, read from a cache directory.

The loaders return torchvision's own dataset objects (``torchvision.datasets.MNIST`` and
friends), so they work with a ``torch.utils.data.DataLoader``; ``as_tensors`` stacks a small
one into ``(X, y)`` for the in-memory experiments of the book.

Where the files live
    ``data_dir()``: the environment variable ``DLBOOK_DATA`` if set, else
    ``$XDG_CACHE_HOME/dlbook``, else ``~/.cache/dlbook``. Every loader also takes ``root=``.

What happens on a call
    1. If the files torchvision reads are there, they are loaded; no network is touched.
    2. If only the archives are there (MNIST's ``*.gz``, ``cifar-10-python.tar.gz``), they
       are unpacked first, also offline; with ``verify=True`` their MD5 checksums are checked.
    3. Otherwise, with ``download=True``, torchvision downloads them (each network operation
       gives up after ``DOWNLOAD_TIMEOUT`` seconds of silence).
    4. If the files are still missing, ``DatasetNotFoundError`` says which files go where.

``verify=True`` (the default) checks that the files are the official ones: torchvision's MD5
checksums for CIFAR-10 and for MNIST archives, the number and size of the images for the
unpacked MNIST files (which torchvision does not checksum). Pass ``verify=False`` to read
your own files in the same format, such as a subset or the tiny files the tests write.
"""

from __future__ import annotations

import functools
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import torch

from dlbook._checks import choose
from dlbook._checks import check_bool, check_int

__all__ = [
    "DOWNLOAD_TIMEOUT",
    "DatasetIntegrityError",
    "DatasetNotFoundError",
    "as_tensors",
    "cifar10",
    "data_dir",
    "fashion_mnist",
    "mnist",
]

#: Seconds a download may wait on the network before it gives up.
DOWNLOAD_TIMEOUT = 30.0


class DatasetNotFoundError(RuntimeError):
    """The files of a data set are not on disk and could not be downloaded."""


class DatasetIntegrityError(RuntimeError):
    """The files of a data set are on disk but are not the official ones (``verify=True``)."""


def data_dir() -> Path:
    """The directory the data sets are cached in.

    ``$DLBOOK_DATA`` if that environment variable is set; otherwise ``dlbook`` inside the
    user's cache directory, ``$XDG_CACHE_HOME`` (when set to an absolute path) or
    ``~/.cache``. The directory is created only when something is downloaded into it.
    """
    env = os.environ.get("DLBOOK_DATA")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    cache = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return cache / "dlbook"


# --------------------------------------------------------------------------- the three sets


def mnist(
    split: str = "train",
    *,
    root: str | os.PathLike | None = None,
    transform: Callable | None = None,
    download: bool = True,
    verify: bool = True,
):
    """MNIST: 70,000 28x28 grey handwritten digits, 60,000 to train and 10,000 to test.

    LeCun, Bottou, Bengio and Haffner (1998). Returns ``torchvision.datasets.MNIST``, read
    from ``<root>/MNIST/raw/``.

    Parameters
    ----------
    split : str
        ``"train"`` or ``"test"``.
    root : str or os.PathLike, optional
        Directory holding the ``MNIST`` folder; default ``data_dir()``.
    transform : callable, optional
        Applied to each PIL image; default torchvision's ``ToTensor``, which gives float32
        tensors ``(1, 28, 28)`` in ``[0, 1]``.
    download : bool
        Download the files if they are missing.
    verify : bool
        Check that the files are the official ones (see the module notes); ``False`` reads
        any files in the same format.

    Raises
    ------
    DatasetNotFoundError
        The files are missing and were not (or could not be) downloaded.
    DatasetIntegrityError
        ``verify=True`` and the files are not the official ones.
    """
    return _load(
        _mnist_source("MNIST"),
        split,
        root=root,
        transform=transform,
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
    """Fashion-MNIST: MNIST's format with 10 kinds of clothing instead of digits.

    Xiao, Rasul and Vollgraf (2017). Returns ``torchvision.datasets.FashionMNIST``, read
    from ``<root>/FashionMNIST/raw/``. The parameters are those of ``mnist``.
    """
    return _load(
        _mnist_source("FashionMNIST"),
        split,
        root=root,
        transform=transform,
        download=download,
        verify=verify,
    )


def cifar10(
    split: str = "train",
    *,
    root: str | os.PathLike | None = None,
    transform: Callable | None = None,
    download: bool = True,
    verify: bool = True,
):
    """CIFAR-10: 60,000 32x32 colour images of 10 classes, 50,000 to train and 10,000 to test.

    Krizhevsky (2009). Returns ``torchvision.datasets.CIFAR10``, read from
    ``<root>/cifar-10-batches-py/``; the default transform gives float32 tensors
    ``(3, 32, 32)`` in ``[0, 1]``. With ``verify=False`` torchvision's MD5 checks of the
    batch files are skipped (only their presence is checked). The parameters are those of
    ``mnist``.
    """
    return _load(
        _cifar10_source(),
        split,
        root=root,
        transform=transform,
        download=download,
        verify=verify,
    )


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


# --------------------------------------------------------------------- what is read from where


@dataclass(frozen=True)
class _Source:
    """Where torchvision reads a data set from, and where its files come from."""

    name: str  # torchvision's class name, e.g. "MNIST"
    folder: str  # the folder torchvision reads, relative to root
    files: tuple[str, ...]  # the files it needs there
    archives: tuple[tuple[str, str | None, str], ...]  # (path, md5, unpack into), rel. to root
    urls: tuple[str, ...]  # where to download the archives by hand
    sizes: dict[str, int]  # samples per split
    image_shape: tuple[int, ...]  # shape of one image in torchvision's ``data``

    def missing(self, root: Path) -> list[str]:
        return [f for f in self.files if not (root / self.folder / f).is_file()]


@functools.cache
def _mnist_source(name: str) -> _Source:
    cls = getattr(_torchvision().datasets, name)
    folder = f"{name}/raw"
    gz = [(f"{folder}/{packed}", md5, folder) for packed, md5 in cls.resources]
    return _Source(
        name=name,
        folder=folder,
        files=tuple(packed.removesuffix(".gz") for packed, _ in cls.resources),
        archives=tuple(gz),
        urls=tuple(cls.mirrors[0] + packed for packed, _ in cls.resources),
        sizes={"train": 60_000, "test": 10_000},
        image_shape=(28, 28),
    )


@functools.cache
def _cifar10_source() -> _Source:
    CIFAR10 = _torchvision().datasets.CIFAR10

    batches = [f for f, _ in CIFAR10.train_list + CIFAR10.test_list]
    return _Source(
        name="CIFAR10",
        folder=CIFAR10.base_folder,
        files=(*batches, CIFAR10.meta["filename"]),
        archives=((CIFAR10.filename, CIFAR10.tgz_md5, "."),),
        urls=(CIFAR10.url,),
        sizes={"train": 50_000, "test": 10_000},
        image_shape=(32, 32, 3),
    )


@functools.cache
def _dataset_class(name: str, verify: bool):
    """torchvision's class; for CIFAR-10 without ``verify``, one whose checksums are ``None``.

    torchvision's ``check_integrity(path, None)`` only checks that the file exists, so
    blanking the MD5s (and nothing else) keeps all of torchvision's reading code.
    """
    cls = getattr(_torchvision().datasets, name)
    if verify or name != "CIFAR10":
        return cls  # MNIST's unpacked files carry no checksum in torchvision
    return type(
        "_UnverifiedCIFAR10",
        (cls,),
        {
            "__doc__": "torchvision's CIFAR10 without MD5 checks (dlbook, ``verify=False``).",
            "__module__": __name__,  # found by pickle through the module ``__getattr__`` below
            "train_list": [[f, None] for f, _ in cls.train_list],
            "test_list": [[f, None] for f, _ in cls.test_list],
            "meta": {**cls.meta, "md5": None},
        },
    )


def __getattr__(name: str):
    """Build the CIFAR-10 class without checksums on first use (keeps torchvision's import lazy)."""
    if name == "_UnverifiedCIFAR10":
        return _dataset_class("CIFAR10", False)  # positional: the same cache key as _load
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load(source: _Source, split, *, root, transform, download, verify):
    split = choose(split, "split", ("train", "test"))
    download = check_bool(download, "download")
    verify = check_bool(verify, "verify")
    if root is None:
        root = data_dir()
    elif not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root must be a path (str or os.PathLike), got {type(root).__name__}")
    root = Path(root).expanduser()
    if transform is None:
        transform = _torchvision().transforms.ToTensor()
    elif not callable(transform):
        raise TypeError(f"transform must be callable, got {type(transform).__name__}")

    _unpack_archives(source, root, verify)
    missing = source.missing(root)
    if missing and not download:
        raise DatasetNotFoundError(_not_found_message(source, root, missing))

    cls = _dataset_class(source.name, verify)
    try:
        with _socket_timeout(DOWNLOAD_TIMEOUT):
            ds = cls(
                os.fspath(root), train=split == "train", transform=transform, download=bool(missing)
            )
    except (OSError, RuntimeError) as err:  # URLError is an OSError
        still_missing = source.missing(root)
        if still_missing:
            message = _not_found_message(source, root, still_missing, err)
            raise DatasetNotFoundError(message) from err
        if verify:
            raise DatasetIntegrityError(
                f"{source.name} files in {root / source.folder} failed torchvision's checks "
                f"({err}). They are not the official files, or are damaged: delete them and "
                "download again, or pass verify=False to read your own files in this format."
            ) from err
        raise
    if verify:
        _check_sizes(source, root, split, ds)
    return ds


def _unpack_archives(source: _Source, root: Path, verify: bool) -> None:
    """Unpack archives put in place by hand (offline), checking their MD5 if ``verify``."""
    utils = _torchvision().datasets.utils
    if not source.missing(root):
        return
    for path, md5, into in source.archives:
        archive = root / path
        if not archive.is_file():
            continue
        if verify and not utils.check_integrity(archive, md5):
            raise DatasetIntegrityError(
                f"{archive} does not have the MD5 checksum {md5} of the official "
                f"{source.name} file; download it again, or pass verify=False to use it anyway"
            )
        utils.extract_archive(archive, root / into)


def _check_sizes(source: _Source, root: Path, split: str, ds) -> None:
    """The official number and shape of images (torchvision does not checksum MNIST's files)."""
    want_n, want_shape = source.sizes[split], source.image_shape
    got_n, got_shape = len(ds.data), tuple(ds.data.shape[1:])
    if (got_n, got_shape) != (want_n, want_shape):
        raise DatasetIntegrityError(
            f"{source.name} {split} split in {root / source.folder} holds {got_n} images of "
            f"shape {got_shape}; the official one holds {want_n} of shape {want_shape}. "
            "Download the files again, or pass verify=False to read your own files."
        )


def _not_found_message(
    source: _Source, root: Path, missing: list[str], error: BaseException | None = None
) -> str:
    folder = root / source.folder
    archive_dirs = sorted({os.path.normpath(root / into) for _, _, into in source.archives})
    why = "download=False" if error is None else "and the download failed"
    lines = [
        f"{source.name} not found in {root} ({why}).",
        f"torchvision's {source.name} reads these files from {folder}{os.sep}:",
        *(f"    {f}{'' if f in missing else '  (present)'}" for f in source.files),
        "To get them, either",
        "  - run again with download=True on a machine with internet access; or",
        "  - download on any machine",
        *(f"        {url}" for url in source.urls),
        f"    and copy into {' or '.join(archive_dirs)}{os.sep} (unpacked on first use); or",
        "  - set the environment variable DLBOOK_DATA (or pass root=) to a directory",
        f"    that already holds {source.folder}{os.sep}.",
    ]
    if error is not None:
        lines.append(f"The download failed with {type(error).__name__}: {error}")
    return "\n".join(lines)


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
