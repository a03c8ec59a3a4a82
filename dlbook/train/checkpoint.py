"""Checkpoints as plain dicts (nanoGPT's shape), written atomically and read back safely.

A checkpoint holds the model and optimizer ``state_dict``, the epochs done, the history and
config as plain Python (lists, dicts, numbers, strings) and the random number generators' states
as tensors, so ``torch.load(weights_only=True)`` can read it without running pickled code. It is
written to a temporary file in the same directory, flushed to disk and renamed over the old
one: a crash mid-write leaves the previous checkpoint whole.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import numpy as np
import torch

from dlbook.train.errors import CheckpointError

FORMAT = "dlbook.checkpoint"
VERSION = 1
_ZIP_MAGIC = b"PK\x03\x04"  # torch.save writes a zip archive


def save_checkpoint(  # noqa: PLR0917 - the nanoGPT checkpoint's fields, in order
    path,
    model,
    optimizer=None,
    epoch: int = 0,
    history=None,
    config=None,
    *,
    rng: dict | None = None,
    extra: dict | None = None,
) -> Path:
    """Write a checkpoint to ``path`` atomically and return the path.

    Parameters
    ----------
    path:
        File to write (its directory must exist); replaced if present.
    model, optimizer:
        A ``torch.nn.Module`` and optionally its optimizer; their ``state_dict`` is stored.
    epoch:
        Epochs completed.
    history:
        A ``History`` or its ``to_dict()``; stored as the dict.
    config:
        Plain-Python settings of the run (numbers, strings, lists, dicts).
    rng:
        Random states to store; default ``rng_state()`` (torch, CUDA, Python, NumPy) now.
    extra:
        Anything else, as plain Python and tensors.
    """
    path = Path(path)
    if hasattr(history, "to_dict"):
        history = history.to_dict()
    checkpoint = {
        "format": FORMAT,
        "version": VERSION,
        "epoch": int(epoch),
        "model": model.state_dict(),
        "optimizer": None if optimizer is None else optimizer.state_dict(),
        "history": history or {},
        "config": config or {},
        "rng": rng_state() if rng is None else rng,
        "extra": extra or {},
    }
    for key in ("history", "config", "rng", "extra"):
        _check_plain(checkpoint[key], key)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot write checkpoint {path}: no directory {path.parent}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(checkpoint, f)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if os.name == "posix":  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return path


def load_checkpoint(path, map_location="cpu") -> dict:
    """Read a checkpoint written by ``save_checkpoint`` (tensors mapped to ``map_location``).

    Raises ``FileNotFoundError`` if ``path`` does not exist and ``CheckpointError`` (a
    ``ValueError``) naming the file if it is not a torch file, is truncated or corrupt, or is a
    torch file that is not a dlbook checkpoint.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {path}")
    with path.open("rb") as f:
        head = f.read(4)
    if head != _ZIP_MAGIC:
        what = "is empty" if not head else f"starts with {head!r}, not a zip archive"
        raise CheckpointError(
            f"{path} is not a checkpoint: the file {what} (torch.save writes a zip archive)"
        )
    try:
        checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as err:
        if "weights only" in str(err).lower():
            raise CheckpointError(
                f"{path} is a torch file holding Python objects other than tensors and plain "
                f"data, so it is not a dlbook checkpoint (refusing to unpickle it)"
            ) from err
        raise CheckpointError(
            f"{path} is truncated or corrupt and cannot be read ({type(err).__name__}: "
            f"{str(err).splitlines()[0][:120]}); use an earlier checkpoint"
        ) from err
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != FORMAT:
        found = sorted(map(str, checkpoint)) if isinstance(checkpoint, dict) else None
        raise CheckpointError(
            f"{path} is a torch file but not a dlbook checkpoint: expected a dict with "
            f"'format': {FORMAT!r}, got "
            + (f"a dict with keys {found}" if found is not None else type(checkpoint).__name__)
        )
    if checkpoint.get("version", 0) > VERSION:
        raise CheckpointError(
            f"{path} is checkpoint format version {checkpoint['version']}, newer than this "
            f"dlbook reads ({VERSION}); upgrade dlbook"
        )
    return checkpoint


def rng_state() -> dict:
    """The global random states (torch CPU, CUDA if present, Python, NumPy) as tensors."""
    version, words, gauss = random.getstate()
    _, keys, pos, has_gauss, cached = np.random.get_state()  # noqa: NPY002 - the global one
    state = {
        "torch": torch.get_rng_state(),
        "python": {
            "version": version,
            "state": torch.tensor(words, dtype=torch.int64),
            "gauss": gauss,
        },
        "numpy": {
            "keys": torch.from_numpy(keys.astype(np.int64)),
            "pos": int(pos),
            "has_gauss": int(has_gauss),
            "cached_gaussian": float(cached),
        },
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    """Restore the global random states saved by ``rng_state``."""
    torch.set_rng_state(state["torch"])
    py = state["python"]
    random.setstate((py["version"], tuple(py["state"].tolist()), py["gauss"]))
    npy = state["numpy"]
    mt = (
        "MT19937",
        npy["keys"].numpy().astype(np.uint32),
        npy["pos"],
        npy["has_gauss"],
        npy["cached_gaussian"],
    )
    np.random.set_state(mt)  # noqa: NPY002 - restoring the global stream
    if "cuda" in state and torch.cuda.is_available():
        cuda = state["cuda"]
        if len(cuda) == torch.cuda.device_count():
            torch.cuda.set_rng_state_all(cuda)


def _check_plain(value, where: str) -> None:
    """Reject what ``torch.load(weights_only=True)`` would refuse, naming where it is."""
    if value is None or isinstance(value, (bool, int, float, str, torch.Tensor)):
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, (str, int)):
                raise TypeError(
                    f"checkpoint {where} has a key {k!r} of type {type(k).__name__}; "
                    "keys must be str or int"
                )
            _check_plain(v, f"{where}[{k!r}]")
        return
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _check_plain(v, f"{where}[{i}]")
        return
    raise TypeError(
        f"checkpoint {where} is a {type(value).__name__}; store only plain Python (None, bool, "
        "int, float, str, list, tuple, dict) and tensors, so the file loads with weights_only=True"
    )
