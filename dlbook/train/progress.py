"""The progress bar: shown in a terminal, never in a docs build or a notebook's output."""

from __future__ import annotations

import os
import sys

from tqdm import tqdm

#: Environment variable forcing the progress bar on (``1``) or off (``0``).
PROGRESS_ENV = "DLBOOK_PROGRESS"


def show_progress(progress: bool | None = None) -> bool:
    """Whether to draw a progress bar: ``progress`` if given, else ``DLBOOK_PROGRESS`` (``0`` or
    ``1``) if set, else only when stderr is a terminal and no docs build is running."""
    if progress is not None:
        return bool(progress)
    env = os.environ.get(PROGRESS_ENV, "").strip().lower()
    if env:
        if env in ("0", "false", "no", "off"):
            return False
        if env in ("1", "true", "yes", "on"):
            return True
        raise ValueError(f"${PROGRESS_ENV}={env!r} is not understood; use 0 or 1")
    if "sphinx_gallery" in sys.modules:  # executing a gallery script inside a Sphinx build
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


def progress_bar(progress: bool | None, train, epochs: int, start: int):
    """A tqdm bar over all batches of the fit (``None`` when ``show_progress`` says no)."""
    if not show_progress(progress):
        return None
    per_epoch = len(train) if hasattr(train, "__len__") else None
    total = None if per_epoch is None else per_epoch * epochs
    return tqdm(
        total=total,
        initial=0 if total is None else per_epoch * start,
        desc="fit",
        unit="batch",
        file=sys.stderr,
        dynamic_ncols=True,
    )
