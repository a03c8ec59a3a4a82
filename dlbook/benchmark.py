"""Timing code fairly on a CPU or a GPU: warm up, synchronise, repeat, take the median.

A GPU runs its kernels asynchronously: a call returns as soon as the work is queued, so a
clock read right after it measures the queueing, not the work. ``time_fn`` waits for the
device before it starts the clock and again before it stops it. It first makes a few untimed
calls (the first ones pay for memory allocation, lazy initialisation and, with
``torch.backends.cudnn.benchmark``, the search for the fastest convolution algorithm), and it
returns the median of several measurements, which one slow outlier (another process, a
change of clock frequency) does not move::

    a = torch.randn(1024, 1024, device="cuda")
    seconds = time_fn(lambda: a @ a, device="cuda", repeats=5, min_time=0.05)
    gflops = 2 * 1024**3 / seconds / 1e9

For something run once (a training run, say), :class:`Stopwatch` reads the wall clock around
a block, waiting for the device at both ends::

    with Stopwatch(device) as watch:
        trainer.fit(model, loader)
    print(f"{watch.seconds:.1f} s")
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import torch

from dlbook._checks import check_float, check_int
from dlbook.device import describe, get_device

__all__ = ["Stopwatch", "cpu_name", "hardware", "synchronize", "time_fn"]

_clock = time.perf_counter  # wall-clock time: what a reader waits for


def synchronize(device: str | torch.device = "auto") -> None:
    """Wait until the work queued on ``device`` has finished (a no-op on the CPU)."""
    _sync(get_device(device))


class Stopwatch:
    """Wall-clock seconds spent in a ``with`` block (``time.perf_counter``).

    With a ``device`` (``"auto"``, ``"cuda"``, a ``torch.device`` ...) the work queued on it is
    waited for when the block starts and when it ends, so a GPU's asynchronous kernels are
    counted; ``None`` (the default) times the CPU alone and synchronises nothing. ``seconds``
    is the time so far inside the block and the block's duration after it::

        with Stopwatch("cuda") as watch:
            y = a @ a
        watch.seconds
    """

    def __init__(self, device: str | torch.device | None = None):
        self.device = None if device is None else get_device(device)
        self._start: float | None = None
        self._stop: float | None = None

    def __enter__(self) -> Stopwatch:  # noqa: PYI034 - typing.Self needs Python 3.11
        if self.device is not None:
            _sync(self.device)
        self._start, self._stop = _clock(), None
        return self

    def __exit__(self, *exc) -> None:
        if self.device is not None:
            _sync(self.device)
        self._stop = _clock()

    @property
    def seconds(self) -> float:
        """Seconds from the start of the block to its end (or to now, inside it)."""
        if self._start is None:
            raise RuntimeError("this Stopwatch has not been started; use it as `with Stopwatch():`")
        return (self._stop if self._stop is not None else _clock()) - self._start

    def __repr__(self) -> str:
        state = "not started" if self._start is None else f"{self.seconds:.6g} s"
        return f"Stopwatch({state})"


def time_fn(
    fn: Callable[[], object],
    *,
    device: str | torch.device,
    warmup: int = 1,
    repeats: int = 5,
    min_time: float = 0.0,
    max_time: float | None = None,
) -> float:
    """Median wall-clock seconds that one call of ``fn()`` takes on ``device``.

    Parameters
    ----------
    fn : callable
        Called with no arguments; what it returns is ignored.
    device : str or torch.device
        The device ``fn`` computes on, synchronised around every measurement; ``"auto"``
        resolves as :func:`dlbook.device.get_device` does.
    warmup : int
        Untimed calls made first.
    repeats : int
        Number of measurements; their median is returned.
    min_time : float
        Each measurement calls ``fn`` enough times in a row to last at least this many
        seconds and divides by the count, for functions too fast to time one call at a time
        (the count is found once, by trying 1, 2, 4, ... calls; the try that lasts long
        enough is kept as the first measurement). ``0`` times one call per measurement.
    max_time : float, optional
        Stop once the measurements have taken this many seconds together, even if fewer
        than ``repeats`` were made (at least one always is): this bounds the time spent on a
        slow configuration.

    Returns
    -------
    float
        The median, over the measurements, of the seconds per call.
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable with no arguments, got {type(fn).__name__}")
    check_int(warmup, "warmup", minimum=0)
    check_int(repeats, "repeats", minimum=1)
    check_float(min_time, "min_time", minimum=0.0)
    if max_time is not None:
        check_float(max_time, "max_time", minimum=0.0, min_open=True)
    dev = get_device(device)

    for _ in range(warmup):
        fn()
    number, elapsed = 1, _measure(fn, 1, dev)
    while elapsed < min_time:  # too fast to time one call: time `number` calls in a row
        guess = math.ceil(number * min_time / elapsed) if elapsed > 0 else 10 * number
        number = min(10 * number, max(2 * number, guess))
        elapsed = _measure(fn, number, dev)

    per_call, spent = [elapsed / number], elapsed
    while len(per_call) < repeats and (max_time is None or spent < max_time):
        elapsed = _measure(fn, number, dev)
        per_call.append(elapsed / number)
        spent += elapsed
    return statistics.median(per_call)


def cpu_name(cpuinfo: str | Path = "/proc/cpuinfo") -> str:
    """The CPU's model name (from ``cpuinfo`` on Linux), else what ``platform`` knows."""
    try:
        for line in Path(cpuinfo).read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def hardware(device: str | torch.device = "auto") -> dict[str, str]:
    """Where a measurement ran, for its report: CPU and cores, device, torch and Python.

    ``{"machine": "Intel(R) Xeon(R) ..., 2 cores", "device": "cuda (NVIDIA H100 ...)",
    "torch": "2.5.1+cu124", "python": "3.12.7"}``; ``device`` as for ``get_device``.
    """
    return {
        "machine": f"{cpu_name()}, {os.cpu_count()} cores",
        "device": describe(device),
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


def _measure(fn: Callable[[], object], number: int, dev: torch.device) -> float:
    """Seconds that ``number`` calls of ``fn`` take, with ``dev`` idle at start and end."""
    with Stopwatch(dev) as watch:
        for _ in range(number):
            fn()
    return watch.seconds


def _sync(dev: torch.device) -> None:
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)
    elif dev.type == "mps":
        torch.mps.synchronize()
