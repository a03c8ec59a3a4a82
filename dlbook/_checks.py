"""Argument checks for the whole library, one helper per kind of check: every bad input gets a
message that says what was given and what was expected, so a reader's mistake never turns
into silently wrong output.

- ``check_int`` (counts, sizes: ``minimum=1`` for "a positive integer"), ``check_float``,
  ``check_bool``, ``check_seed`` (``None`` allowed where the global RNG is meant);
- ``as_tensor`` and ``as_labels`` for data, ``choose`` for a name among options;
- ``check_weights`` for a network given as ``(W, b)`` pairs (``W`` shaped ``(out, in)``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np
import torch


def as_tensor(x, name: str, *, ndim: int | Iterable[int] | None = None, dtype=None):
    """Convert ``x`` (tensor, array or nested list of numbers) to a tensor, checking it.

    Raises ``TypeError`` for non-numeric input and ``ValueError`` for a wrong number of
    dimensions, an empty tensor, or NaN/inf values in a floating tensor.
    """
    if isinstance(x, torch.Tensor):
        t = x
    else:
        try:
            arr = np.asarray(x)
        except (TypeError, ValueError) as err:
            raise TypeError(
                f"{name} must be a tensor or array of numbers, got {type(x).__name__}"
            ) from err
        if arr.dtype == object or not (
            np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
        ):
            raise TypeError(
                f"{name} must hold numbers, got an array of dtype {arr.dtype} "
                f"(from {type(x).__name__})"
            )
        t = torch.from_numpy(np.ascontiguousarray(arr))
    if t.is_complex() or not (t.is_floating_point() or t.dtype in _INT_DTYPES):
        raise TypeError(f"{name} must be a real numeric tensor, got dtype {t.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if t.ndim not in allowed:
            want = " or ".join(str(n) for n in allowed)
            raise ValueError(
                f"{name} must have {want} dimension(s), got shape {tuple(t.shape)} "
                f"({t.ndim} dimension(s))"
            )
    if t.numel() == 0:
        raise ValueError(f"{name} is empty (shape {tuple(t.shape)}); give at least one sample")
    if t.is_floating_point() and not torch.isfinite(t).all():
        bad = int((~torch.isfinite(t)).sum())
        raise ValueError(
            f"{name} contains {bad} NaN or infinite value(s); clean or impute the data first"
        )
    if dtype is not None:
        t = t.to(dtype)
    return t


def as_labels(y, name: str, *, n: int | None = None, num_classes: int | None = None):
    """Check integer class labels in ``[0, num_classes)``, one per sample; return int64."""
    t = as_tensor(y, name, ndim=1)
    if t.is_floating_point() and not torch.equal(t, t.round()):
        raise TypeError(
            f"{name} must be integer class labels, got non-integer floats (dtype {t.dtype})"
        )
    t = t.long()
    if n is not None and t.shape[0] != n:
        raise ValueError(f"{name} has {t.shape[0]} labels but there are {n} samples")
    if num_classes is not None:
        lo, hi = int(t.min()), int(t.max())
        if lo < 0 or hi >= num_classes:
            raise ValueError(
                f"{name} must lie in [0, {num_classes - 1}] for {num_classes} classes, "
                f"got values from {lo} to {hi}"
            )
    return t


def choose(value: str, name: str, options: Iterable[str]) -> str:
    """Check that ``value`` is one of ``options`` (case-insensitive); return it lower-cased."""
    opts = sorted(options)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {opts}; got {type(value).__name__}")
    key = value.lower()
    if key not in opts:
        raise ValueError(f"unknown {name} {value!r}; expected one of {opts}")
    return key


def check_int(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Check that ``value`` is an integer (not a bool or a float) within the bounds; return it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {value!r} ({type(value).__name__})")
    value = int(value)
    too_low = minimum is not None and value < minimum
    if too_low or (maximum is not None and value > maximum):
        if minimum is not None and maximum is not None:
            raise ValueError(f"{name} must be an int in [{minimum}, {maximum}], got {value}")
        bound = f"at least {minimum}" if too_low else f"at most {maximum}"
        raise ValueError(f"{name} must be {bound}, got {value}")
    return value


def check_float(
    value,
    name: str,
    *,
    minimum: float | None = 0.0,
    maximum: float | None = None,
    min_open: bool = False,
    max_open: bool = False,
) -> float:
    """Check that ``value`` is a finite real number within the bounds; return it as a float.

    The bounds are inclusive unless ``min_open`` / ``max_open``: ``minimum=0, min_open=True``
    asks for a positive number, ``minimum=0, maximum=1, max_open=True`` for one in ``[0, 1)``.
    ``minimum=None`` allows any finite number.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    too_low = minimum is not None and (value <= minimum if min_open else value < minimum)
    too_high = maximum is not None and (value >= maximum if max_open else value > maximum)
    if too_low or too_high:
        raise ValueError(
            f"{name} must be {_describe_range(minimum, maximum, min_open, max_open)}, got {value:g}"
        )
    return value


def _describe_range(minimum, maximum, min_open: bool, max_open: bool) -> str:
    """``"positive"``, ``">= 0"``, ``"in [0, 1)"``, ...: the words of a range check."""
    if maximum is None:
        if minimum == 0 and min_open:
            return "positive"
        return f"{'>' if min_open else '>='} {minimum:g}"
    if minimum is None:
        return f"{'<' if max_open else '<='} {maximum:g}"
    return f"in {'(' if min_open else '['}{minimum:g}, {maximum:g}{')' if max_open else ']'}"


def check_seed(seed, *, allow_none: bool = False) -> int | None:
    """Check a random seed: a non-negative int (or ``None`` where ``allow_none``)."""
    if seed is None and allow_none:
        return None
    seed = check_int(seed, "seed", minimum=0)
    if seed >= 2**64:  # torch.manual_seed takes 64-bit seeds
        raise ValueError(f"seed must be below 2**64, got {seed}")
    return seed


def check_bool(value, name: str) -> bool:
    """Check that ``value`` is a bool (``True``/``False``, not ``1`` or ``"yes"``)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)


def check_weights(weights, name: str = "weights", *, dtype=None) -> list[tuple]:
    """Check a network given as ``(W, b)`` pairs, one per layer, input side first.

    The one layout of the library: ``W`` shaped ``(out, in)`` like ``nn.Linear.weight`` (row
    ``j`` holds the weights into unit ``j``, Rumelhart et al.'s ``w_ji``) and ``b`` shaped
    ``(out,)``, or ``None`` for a zero bias. Consecutive layers must chain (each ``W`` has as
    many columns as the previous one has rows). Returns a list of ``(W, b)`` tuples of
    detached tensors, converted to ``dtype`` if given, else ``W`` and ``b`` must share a
    floating dtype.
    """
    if isinstance(weights, (torch.Tensor, str, bytes)) or not isinstance(weights, Iterable):
        raise TypeError(f"{name} must be a list of (W, b) pairs, got {type(weights).__name__}")
    weights = list(weights)
    if not weights:
        raise ValueError(f"{name} is empty; give at least one (W, b) pair")
    out: list[tuple] = []
    for i, pair in enumerate(weights, start=1):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"{name}[{i - 1}] must be a (W, b) pair, got {pair!r}")
        W = as_tensor(pair[0], f"W{i}", ndim=2, dtype=dtype)
        if pair[1] is None:
            b = torch.zeros(W.shape[0], dtype=W.dtype, device=W.device)
        else:
            b = as_tensor(pair[1], f"b{i}", ndim=1, dtype=dtype)
        if not W.is_floating_point() or W.dtype != b.dtype:
            raise TypeError(
                f"W{i} and b{i} must share a floating dtype, got {W.dtype} and {b.dtype}"
            )
        if b.shape[0] != W.shape[0]:
            raise ValueError(
                f"b{i} has {b.shape[0]} entries but W{i} has shape {tuple(W.shape)} "
                f"(out, in): expected {W.shape[0]}"
            )
        if out and W.shape[1] != out[-1][0].shape[0]:
            n = out[-1][0].shape[0]
            raise ValueError(
                f"W{i} has shape {tuple(W.shape)} (out, in) but layer {i - 1} outputs {n} "
                f"features: expected (..., {n})"
            )
        out.append((W.detach(), b.detach()))
    return out


def to_tensors(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    """NumPy features and labels -> ``(float32 tensor, int64 tensor)``."""
    X_t = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float32))
    y_t = torch.from_numpy(np.ascontiguousarray(y, dtype=np.int64))
    return X_t, y_t


_INT_DTYPES = {torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.bool}
