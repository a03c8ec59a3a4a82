"""CIFAR-10, read without ever running code from a file (Krizhevsky 2009).

CIFAR-10's "python version" is seven pickles. Unpickling an untrusted file can run any code,
so the batches are read by ``SafeUnpickler``, which builds only dicts, lists, strings, numbers
and numpy arrays of plain dtypes, and refuses every other global a pickle names. With
``verify=True`` (the default) every file must also have its official MD5 before it is read.
torchvision is used to download, and for its ``CIFAR10`` class, never to read a file.
"""

from __future__ import annotations

import _codecs
import hashlib
import os
import pickle
import tarfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

from dlbook._checks import check_bool, check_int, check_seed, choose
from dlbook.data.digits import _nested_stratified_order
from dlbook.data.sources import DatasetIntegrityError, DatasetNotFoundError, _user_cache, data_dir
from dlbook.data.vision import DOWNLOAD_TIMEOUT, _socket_timeout, _torchvision

__all__ = ["CIFAR10_CLASSES", "SafeUnpickler", "cifar10", "cifar10_tensors"]

#: CIFAR-10's class names: label ``i`` is ``CIFAR10_CLASSES[i]``.
CIFAR10_CLASSES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)
_FOLDER = "cifar-10-batches-py"
_ARCHIVE, _ARCHIVE_MD5 = "cifar-10-python.tar.gz", "c58f30108f718f92721af3b95e74349a"
_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
_BATCHES = {"train": [f"data_batch_{i}" for i in range(1, 6)], "test": ["test_batch"]}
#: The official MD5s of the files (as torchvision lists them).
_MD5 = {
    "data_batch_1": "c99cafc152244af753f735de768cd75f",
    "data_batch_2": "d4bba439e000b95fd0a9bffe97cbabec",
    "data_batch_3": "54ebc095f3ab1f0389bbae665268c751",
    "data_batch_4": "634d18415352ddfa80567beed471001a",
    "data_batch_5": "482c414d41f54cd18b22e5b47cb7c3cb",
    "test_batch": "40351d587109b95175f43aff81a1287e",
    "batches.meta": "5ff9c542aee3614f3951f8cda6e48888",
}


def _latin1_encode(text: str, encoding: str = "latin1") -> bytes:
    """``_codecs.encode`` as Python 3 protocol-2 pickles use it for bytes, latin-1 only."""
    if encoding != "latin1":
        raise pickle.UnpicklingError(f"refusing _codecs.encode(..., {encoding!r})")
    return _codecs.encode(text, "latin1")


_probe = np.zeros(1, dtype=np.uint8)
#: The only globals a pickle may name: numpy's array and dtype reconstructors.
_ALLOWED = {
    **{
        (module, name): obj
        for obj in (_probe.__reduce__()[0], _probe.__reduce_ex__(5)[0])
        for module in (obj.__module__, obj.__module__.replace("numpy._core", "numpy.core"))
        for name in (obj.__name__,)
    },
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
    ("_codecs", "encode"): _latin1_encode,
}
del _probe


class SafeUnpickler(pickle.Unpickler):
    """An unpickler that builds plain data and numpy arrays, and refuses any other global.

    ``find_class`` is the only way a pickle reaches code; it allows numpy's
    ``_reconstruct``/``_frombuffer``, ``ndarray`` and ``dtype`` (arrays of object dtype are
    refused after loading) and a latin-1-only ``_codecs.encode``, and raises
    ``pickle.UnpicklingError`` naming anything else.
    """

    def find_class(self, module: str, name: str):
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"refusing to load {module}.{name}: CIFAR-10 batches hold only plain data and "
                "numpy arrays, so this file is not one of them and could run code"
            ) from None


def _safe_load(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            obj = SafeUnpickler(f, encoding="latin1").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as err:
        raise DatasetIntegrityError(f"{path} is not a CIFAR-10 batch: {err}") from err
    if not isinstance(obj, dict):
        raise DatasetIntegrityError(f"{path} holds a {type(obj).__name__}, not a CIFAR-10 dict")
    return obj


def cifar10(
    split: str = "train",
    *,
    root: str | os.PathLike | None = None,
    transform: Callable | None = None,
    download: bool = True,
    verify: bool = True,
):
    """CIFAR-10 as ``torchvision.datasets.CIFAR10``: 32x32 colour images of 10 classes.

    Krizhevsky (2009): 50,000 images to train and 10,000 to test, read from
    ``<root>/cifar-10-batches-py/`` (``root`` default: ``$DLBOOK_DATA``, else the user
    cache, the first that holds them; see ``data_dir``), unpacking ``<root>/cifar-10-python.tar.gz`` if only that is
    there. The default transform gives float32 tensors ``(3, 32, 32)`` in ``[0, 1]``.

    Parameters
    ----------
    split : str
        ``"train"`` or ``"test"``.
    root : str or os.PathLike, optional
        Directory holding ``cifar-10-batches-py``.
    transform : callable, optional
        Applied to each PIL image; default torchvision's ``ToTensor``.
    download : bool
        Download through torchvision if the files are missing.
    verify : bool
        Check every file's MD5 before reading it. Without it, any files in this format are
        read, still only through ``SafeUnpickler``.

    Raises
    ------
    DatasetNotFoundError
        The files are missing and were not (or could not be) downloaded.
    DatasetIntegrityError
        A file has the wrong MD5 (``verify=True``), or is not a CIFAR-10 batch: a pickle that
        names any code is refused before it runs.
    """
    if transform is None:
        transform = _torchvision().transforms.ToTensor()
    elif not callable(transform):
        raise TypeError(f"transform must be callable, got {type(transform).__name__}")
    images, labels, classes, root = _arrays(split, root, download, verify)
    tv = _torchvision().datasets
    ds = tv.CIFAR10.__new__(tv.CIFAR10)  # torchvision's class, filled without its pickle.load
    tv.VisionDataset.__init__(ds, os.fspath(root), transform=transform)
    ds.train = split == "train"
    ds.data = images  # (N, 32, 32, 3) uint8, as torchvision keeps it
    ds.targets = labels.tolist()
    ds.classes = classes
    ds.class_to_idx = {c: i for i, c in enumerate(classes)}
    return ds


def cifar10_tensors(
    split: str = "train",
    *,
    n: int | None = None,
    seed: int = 0,
    root: str | os.PathLike | None = None,
    download: bool = True,
    verify: bool = True,
) -> tuple[torch.Tensor, torch.Tensor]:
    """CIFAR-10 as ``(X, y)``: float32 ``(N, 3, 32, 32)`` in ``[0, 1]``, int64 labels.

    ``n`` and ``seed`` choose a stratified, nested subset as in ``fashion_mnist_tensors``;
    the other parameters are those of ``cifar10``.
    """
    seed = check_seed(seed)
    images, labels, _, _ = _arrays(split, root, download, verify)
    if n is not None:
        n = check_int(n, "n", minimum=1, maximum=len(labels))
        keep = _nested_stratified_order(labels, seed)[:n]
        images, labels = images[keep], labels[keep]
    X = torch.from_numpy(np.ascontiguousarray(images.transpose(0, 3, 1, 2)))  # (N, 3, 32, 32)
    return X.float().div_(255.0), torch.from_numpy(labels.astype(np.int64))


def _arrays(split, root, download, verify):
    split = choose(split, "split", ("train", "test"))
    download = check_bool(download, "download")
    verify = check_bool(verify, "verify")
    if root is None:
        root = _default_root()
    elif not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root must be a path (str or os.PathLike), got {type(root).__name__}")
    root = Path(root).expanduser()
    folder = root / _FOLDER
    if _missing(folder) and (root / _ARCHIVE).is_file():
        _unpack(root / _ARCHIVE, root, verify)
    if _missing(folder):
        if not download:
            raise DatasetNotFoundError(_not_found_message(root, _missing(folder)))
        _download(root, folder)
    if verify:
        for name in (*_BATCHES[split], "batches.meta"):
            _check_md5(folder / name, _MD5[name])
    images, labels = [], []
    for name in _BATCHES[split]:
        batch = _safe_load(folder / name)
        data = np.asarray(batch.get("data"))
        if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3 * 32 * 32:
            raise DatasetIntegrityError(
                f"{folder / name}: 'data' is {data.dtype} of shape {data.shape}, "
                "not uint8 rows of 3072 pixels"
            )
        images.append(data)
        labels.extend(int(c) for c in batch.get("labels", batch.get("fine_labels", [])))
    images = np.vstack(images).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)  # (N, H, W, C)
    if len(labels) != len(images):
        raise DatasetIntegrityError(f"{folder}: {len(images)} images but {len(labels)} labels")
    meta = _safe_load(folder / "batches.meta")
    classes = [str(c) for c in meta.get("label_names", CIFAR10_CLASSES)]
    return images, np.asarray(labels, dtype=np.int64), classes, root


def _default_root() -> Path:
    """``$DLBOOK_DATA``, else the user cache: the first holding the batches or the archive."""
    candidates = [data_dir(), _user_cache()]
    for root in candidates:
        if not _missing(root / _FOLDER) or (root / _ARCHIVE).is_file():
            return root
    return candidates[0]  # where a download goes


def _missing(folder: Path) -> list[str]:
    return [f for f in _MD5 if not (folder / f).is_file()]


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _check_md5(path: Path, md5: str) -> None:
    got = _md5(path)
    if got != md5:
        raise DatasetIntegrityError(
            f"{path} has MD5 {got}, not the official {md5}: it is damaged or not CIFAR-10's, "
            "and is not read. Delete it and get the data again, or pass verify=False to read "
            "your own files in this format (safely: no code in them runs)."
        )


def _unpack(archive: Path, root: Path, verify: bool) -> None:
    """Unpack an archive put in place by hand; only regular files under the batch folder."""
    if verify:
        _check_md5(archive, _ARCHIVE_MD5)
    with tarfile.open(archive, "r:gz") as tar:
        members = [
            m
            for m in tar.getmembers()
            if m.isfile() and Path(m.name).parts[:1] == (_FOLDER,) and ".." not in m.name
        ]
        kwargs = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(root, members=members, **kwargs)  # members filtered above


def _download(root: Path, folder: Path) -> None:
    cls = _torchvision().datasets.CIFAR10
    downloader = cls.__new__(cls)  # only its download(): MD5-checked archive, no pickle.load
    downloader.root = os.fspath(root)
    try:
        with _socket_timeout(DOWNLOAD_TIMEOUT):
            downloader.download()
    except (OSError, RuntimeError) as err:  # URLError is an OSError
        message = _not_found_message(root, _missing(folder), "and the download failed")
        raise DatasetNotFoundError(
            f"{message}\nThe download failed with {type(err).__name__}: {err}"
        ) from err


def _not_found_message(root: Path, missing: list[str], why: str = "download=False") -> str:
    folder = root / _FOLDER
    return "\n".join(
        [
            f"CIFAR10 not found in {root} ({why}). It is read from {folder}{os.sep}:",
            *(f"    {f}{'' if f in missing else '  (present)'}" for f in _MD5),
            "To get them, either",
            "  - call again with download=True on a machine with internet access; or",
            f"  - download {_URL}",
            f"    on any machine and copy it into {root}{os.sep} (unpacked on first use); or",
            "  - set the environment variable DLBOOK_DATA (or pass root=) to a directory",
            f"    that already holds {_FOLDER}{os.sep}.",
        ]
    )
