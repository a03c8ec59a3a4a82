"""The book's look: its colours, its matplotlib style sheet, and new axes with a white face."""

from __future__ import annotations

import matplotlib.pyplot as plt

__all__ = ["CLASS_COLORS"]

#: Colours for classes 0, 1, 2, ... (colour-blind safe, legible on light and dark pages).
CLASS_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def _new_ax(ax, figsize=(4.5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, facecolor="white")
    return ax
