"""Read IDX files, the format of MNIST and Fashion-MNIST, with numpy alone.

IDX (LeCun et al. 1998): a big-endian header -- two zero bytes, a type code (``0x08`` for
unsigned bytes), the number of dimensions ``d`` -- then ``d`` big-endian int32 sizes, then the
data. The files may be gzipped. No torchvision is needed, and all 60,000 training images of
Fashion-MNIST load in well under a second.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
from pathlib import Path

import numpy as np

from dlbook.data.sources import DatasetIntegrityError

__all__ = ["read_idx"]

_UBYTE = 0x08


def read_idx(path: str | os.PathLike, *, sha256: str | None = None) -> np.ndarray:
    """The array stored in an IDX file (``.gz`` or not), read-only, of dtype uint8.

    Parameters
    ----------
    path : str or os.PathLike
        The file; names ending in ``.gz`` are unpacked in memory.
    sha256 : str, optional
        The SHA-256 (hex) the unpacked contents must have; ``None`` checks only that the
        header is consistent with the data.

    Raises
    ------
    DatasetIntegrityError
        The file is not an unsigned-byte IDX file, is truncated, or has another checksum.
    """
    path = Path(path)
    stat = path.stat()  # the cache is keyed on these: a replaced or rewritten file is read again
    return _read(path.resolve(), (stat.st_ino, stat.st_size, stat.st_mtime_ns), sha256)


@functools.lru_cache(maxsize=8)
def _read(path: Path, _stat: tuple[int, int, int], sha256: str | None) -> np.ndarray:
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
    except (OSError, EOFError) as err:  # gzip.BadGzipFile is an OSError
        raise DatasetIntegrityError(f"{path} cannot be read as IDX data: {err}") from err
    if sha256 is not None:
        got = hashlib.sha256(data).hexdigest()
        if got != sha256:
            raise DatasetIntegrityError(
                f"{path} is not the official file: its unpacked contents have SHA-256 {got}, "
                f"expected {sha256}. It is damaged or another data set's: delete it and get the "
                "data again, or pass verify=False to read your own files in this format."
            )
    array = np.frombuffer(data, dtype=np.uint8, offset=_header_size(path, data))
    array = array.reshape(_shape(data))
    array.flags.writeable = False  # shared by every caller through the cache
    return array


def _header_size(path: Path, data: bytes) -> int:
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != _UBYTE:
        raise DatasetIntegrityError(
            f"{path} is not an IDX file of unsigned bytes: it starts with {data[:4].hex() or 'nothing'}"
            ", not 0000 08 <dimensions>"
        )
    ndim = data[3]
    header = 4 + 4 * ndim
    expected = header + int(np.prod(_shape(data))) if len(data) >= header else None
    if expected != len(data):
        raise DatasetIntegrityError(
            f"{path} is truncated or padded: its header announces "
            f"{'more dimensions than the file holds' if expected is None else f'{expected} bytes'}"
            f", the file has {len(data)}"
        )
    return header


def _shape(data: bytes) -> tuple[int, ...]:
    ndim = data[3]
    return tuple(int(s) for s in np.frombuffer(data, dtype=">i4", count=ndim, offset=4))
