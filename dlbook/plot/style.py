"""The book's look: its colours, its matplotlib style sheet, and new axes with a white face.

``use_style()`` applies the sheet ``dlbook.mplstyle`` (it ships with the package): a white
background, constrained layout (so no page calls ``tight_layout``), ``CLASS_COLORS`` as the
colour cycle, a light grid, no top or right spines, and font sizes that stay readable on a
700 px wide page and on a phone. Every function in :mod:`dlbook.plot` draws the same figure
with or without it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import matplotlib.pyplot as plt

__all__ = ["CLASS_COLORS", "STYLE_SHEET", "style_context", "use_style"]

#: Colours for classes 0, 1, 2, ... (colour-blind safe, legible on light and dark pages).
CLASS_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")

#: Path of the book's matplotlib style sheet.
STYLE_SHEET = Path(__file__).with_name("dlbook.mplstyle")


def use_style() -> None:
    """Apply the book's style sheet to every figure made from now on (``plt.style.use``)."""
    plt.style.use(str(STYLE_SHEET))


@contextlib.contextmanager
def style_context() -> Iterator[None]:
    """Apply the book's style sheet inside a ``with`` block only; the settings come back after.

    >>> with style_context():  # doctest: +SKIP
    ...     fig, ax = plt.subplots()
    """
    with plt.style.context(str(STYLE_SHEET)):
        yield


def _new_ax(ax, figsize=(4.5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, facecolor="white")
    return ax
