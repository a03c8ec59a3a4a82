"""Plots the book draws again and again. Every function takes an ``ax`` (a new one is made if
none is given) and returns it, so figures compose.

Colours come from ``CLASS_COLORS``, the Okabe-Ito palette (safe for colour-blind readers);
new figures get a white face so that text stays legible when a page is shown in dark mode.
``use_style()`` applies the book's style sheet (constrained layout, a light grid, the same
colours as the default cycle); every function draws the same data with or without it.

The functions live in modules by subject and are all importable from here:

- ``dlbook.plot.classifier``: decision regions and boundary lines of 2-D classifiers;
- ``dlbook.plot.curves``: learning curves of one run or several, and a perceptron's
  mistakes per epoch;
- ``dlbook.plot.internals``: gradient norms and activation histograms per layer;
- ``dlbook.plot.filters``: convolution filters as a grid of images;
- ``dlbook.plot.timeline``: the timeline of events and the ILSVRC results;
- ``dlbook.plot.style``: the colours and the book's matplotlib style sheet.
"""

from dlbook.plot.classifier import plot_decision_boundary, plot_line
from dlbook.plot.curves import plot_learning_curves, plot_mistakes, plot_runs
from dlbook.plot.filters import plot_filters
from dlbook.plot.internals import plot_activation_histograms, plot_gradient_flow
from dlbook.plot.style import CLASS_COLORS, STYLE_SHEET, style_context, use_style
from dlbook.plot.timeline import plot_ilsvrc, plot_timeline

__all__ = [
    "CLASS_COLORS",
    "STYLE_SHEET",
    "plot_activation_histograms",
    "plot_decision_boundary",
    "plot_filters",
    "plot_gradient_flow",
    "plot_ilsvrc",
    "plot_learning_curves",
    "plot_line",
    "plot_mistakes",
    "plot_runs",
    "plot_timeline",
    "style_context",
    "use_style",
]
