"""Checkpoints as plain dicts (nanoGPT's shape), written atomically and read back safely.

A checkpoint holds the model and optimizer ``state_dict``, the epochs done, the history and
config as plain Python (lists, dicts, numbers, strings) and the random number generators' states
as tensors, so ``torch.load(weights_only=True)`` can read it without running pickled code.
NumPy scalars are turned into Python numbers when saving, and anything else that could not be
read back is refused then, naming where it is: a checkpoint that saves also loads.

It is written to a temporary file in the same directory, flushed to disk and renamed over the
old one: a crash mid-write leaves the previous checkpoint whole, and the next save removes the
temporary file the crash left. Loading checks the zip archive's CRC-32 of every record (torch
writes them) before unpickling, so flipped bytes are reported instead of loading as NaN.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import torch

from dlbook.device import get_device
from dlbook.train.errors import (
    CheckpointDeviceError,
    CheckpointError,
    CheckpointPathError,
    CheckpointValueError,
)
from dlbook.train.rng import rng_state, set_rng_state

FORMAT = "dlbook.checkpoint"
VERSION = 2  # 2 adds the "run" record; version 1 files still load
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
    run: dict | None = None,
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
        Plain-Python settings of the run (numbers, strings, lists, dicts; NumPy scalars are
        converted to Python numbers).
    rng:
        Random states to store; default ``rng_state()`` (torch, CUDA, Python, NumPy) now.
    extra:
        Anything else, as plain Python and tensors.
    run:
        What the run was (``dlbook.train.run_record.describe_run``), compared on resume.
    """
    path = check_checkpoint_path(path)
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
        "run": run or {},
    }
    for key in ("history", "config", "rng", "extra", "run"):
        checkpoint[key] = to_plain(checkpoint[key], key)
    remove_stale_temp_files(path)
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


def check_checkpoint_path(path) -> Path:
    """Check that a checkpoint can be written at ``path``: its folder exists and ``path`` is
    not a folder; else ``CheckpointPathError`` saying what to fix."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"a checkpoint path must be a str or Path, got {type(path).__name__}")
    path = Path(path)
    if path.is_dir():
        raise CheckpointPathError(
            f"cannot write checkpoint {path}: it is a directory; give a file path such as "
            f"{path / 'checkpoint.pt'}"
        )
    if not path.parent.is_dir():
        raise CheckpointPathError(
            f"cannot write checkpoint {path}: no directory {path.parent}; create it first "
            f"(Path({str(path.parent)!r}).mkdir(parents=True))"
        )
    return path


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Delete the temporary files that interrupted saves of ``path`` left; return them."""
    stale = sorted(path.parent.glob(f".{path.name}.*.tmp"))
    for tmp in stale:
        tmp.unlink(missing_ok=True)
    return stale


def load_checkpoint(path, map_location="cpu") -> dict:
    """Read a checkpoint written by ``save_checkpoint`` (tensors mapped to ``map_location``).

    Raises ``FileNotFoundError`` if ``path`` does not exist, ``CheckpointDeviceError`` (a
    ``RuntimeError``) if ``map_location`` names a device this machine lacks, and ``CheckpointError`` (a
    ``ValueError``) naming the file if it is not a torch file, is truncated or corrupt (a zip
    record whose CRC-32 does not match), or is a torch file that is not a dlbook checkpoint.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {path}")
    if isinstance(map_location, (str, torch.device)):
        try:
            map_location = get_device(map_location)
        except RuntimeError as err:
            raise CheckpointDeviceError(
                f"cannot load checkpoint {path} onto {map_location}: {err} (the file itself "
                "was not read; map_location='cpu' loads it on any machine)"
            ) from err
    _check_integrity(path)
    try:
        checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as err:
        if "weights only" in str(err).lower():
            raise CheckpointError(
                f"{path} is a torch file holding Python objects other than tensors and plain "
                f"data, so it is not a dlbook checkpoint (refusing to unpickle it)"
            ) from err
        if "cuda" in str(err).lower() or "device" in str(err).lower():
            raise CheckpointDeviceError(
                f"cannot load checkpoint {path} onto map_location={map_location!r}: "
                f"{str(err).splitlines()[0]}; use map_location='cpu'"
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


def _check_integrity(path: Path) -> None:
    """A zip archive whose every record matches its CRC-32, else ``CheckpointError``."""
    with path.open("rb") as f:
        head = f.read(4)
    if head != _ZIP_MAGIC:
        what = "is empty" if not head else f"starts with {head!r}, not a zip archive"
        raise CheckpointError(
            f"{path} is not a checkpoint: the file {what} (torch.save writes a zip archive)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()  # reads every record, checking its CRC-32
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
        raise CheckpointError(
            f"{path} is truncated or corrupt: its zip archive cannot be read ({err}); use an "
            "earlier checkpoint"
        ) from err
    if bad is not None:
        raise CheckpointError(
            f"{path} is corrupt: record {bad!r} fails its CRC-32 check (bytes changed on disk "
            "or in transfer); use an earlier checkpoint"
        )


def to_plain(value, where: str):
    """``value`` with NumPy scalars turned into Python numbers, or ``CheckpointValueError`` (a
    ``TypeError``) naming
    ``where`` for what ``torch.load(weights_only=True)`` would refuse."""
    if isinstance(value, np.generic):  # np.float64 is a float, yet would not load back
        return value.item()
    if value is None or type(value) in (bool, int, float, str) or isinstance(value, torch.Tensor):
        return value
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            k = key.item() if isinstance(key, np.generic) else key
            if type(k) not in (str, int):
                raise CheckpointValueError(
                    f"checkpoint {where} has a key {k!r} of type {type(k).__name__}; "
                    "keys must be str or int"
                )
            out[k] = to_plain(v, f"{where}[{k!r}]")
        return out
    if type(value) in (list, tuple):
        return type(value)(to_plain(v, f"{where}[{i}]") for i, v in enumerate(value))
    hint = ""
    if isinstance(value, np.ndarray):
        hint = " (a NumPy array: store torch.from_numpy(a) or a.tolist())"
    else:
        base = next((t for t in (int, float, str, list, tuple, dict) if isinstance(value, t)), None)
        if base is not None:
            hint = f" (a subclass of {base.__name__}: convert it with {base.__name__}(...))"
    raise CheckpointValueError(
        f"checkpoint {where} is a {type(value).__name__}{hint}; store only plain Python (None, "
        "bool, int, float, str, list, tuple, dict) and tensors, so the file loads with "
        "weights_only=True"
    )


__all__ = [
    "check_checkpoint_path",
    "load_checkpoint",
    "remove_stale_temp_files",
    "rng_state",
    "save_checkpoint",
    "set_rng_state",
]
