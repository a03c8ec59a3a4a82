"""The book's style: new figures are white, the style sheet applies and comes off, and every
plotting function works with and without it."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.colors import to_hex, to_rgba

import dlbook.plot
from dlbook.plot import (
    CLASS_COLORS,
    STYLE_SHEET,
    plot_activation_histograms,
    plot_decision_boundary,
    plot_filters,
    plot_gradient_flow,
    plot_ilsvrc,
    plot_learning_curves,
    plot_line,
    plot_mistakes,
    plot_runs,
    plot_timeline,
    style_context,
    use_style,
)
from dlbook.timeline import timeline


def test_every_public_name_is_importable_from_dlbook_plot():
    for name in dlbook.plot.__all__:
        assert getattr(dlbook.plot, name) is not None, name
    assert dlbook.plot.plot_learning_curves.__module__ == "dlbook.plot.curves"
    assert dlbook.plot.plot_ilsvrc.__module__ == "dlbook.plot.timeline"


def test_new_figures_have_a_white_face():
    ax = plot_mistakes([1, 0])
    assert ax.figure.get_facecolor() == to_rgba("white")


def test_the_style_sheet_ships_inside_the_package():
    assert STYLE_SHEET.parent.name == "plot"
    assert STYLE_SHEET.parent.parent.name == "dlbook"
    assert STYLE_SHEET.is_file()


def test_use_style_sets_the_books_rc_params():
    with mpl.rc_context():  # use_style changes the global settings; put them back after
        assert use_style() is None
        rc = plt.rcParams
        assert rc["figure.constrained_layout.use"] is True
        assert rc["figure.facecolor"] == "white"
        assert rc["savefig.facecolor"] == "white"
        assert rc["axes.grid"] is True
        assert rc["grid.alpha"] == 0.3
        assert rc["axes.spines.top"] is False
        assert rc["axes.spines.right"] is False
        assert rc["font.size"] == 11
        cycle = [to_hex(c["color"]).upper() for c in rc["axes.prop_cycle"]]
        assert cycle == list(CLASS_COLORS)
        fig, ax = plt.subplots()
        assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
        (line,) = ax.plot([0, 1])
        assert to_hex(line.get_color()).upper() == CLASS_COLORS[0]
    assert plt.rcParams["figure.constrained_layout.use"] is False


def test_style_context_applies_the_sheet_inside_the_block_only():
    before = plt.rcParams["axes.grid"]
    with style_context():
        assert plt.rcParams["axes.grid"] is True
        fig, _ = plt.subplots()
        assert fig.get_constrained_layout()
    assert plt.rcParams["axes.grid"] == before
    fig, _ = plt.subplots()
    assert not fig.get_constrained_layout()


def _draw_each():
    """Call each plotting function once on small data, each on a new figure it makes."""
    X = torch.tensor([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    y = torch.tensor([0, 1, 1, 0])
    ax = plot_decision_boundary(lambda g: g.sum(1) - 1.0, X, y, resolution=20)
    yield ax
    yield plot_line([1.0, 1.0], -1.0, ax=ax)
    yield plot_learning_curves({"train_loss": [1.0, 0.5], "val_loss": [1.1, 0.7]})
    yield plot_mistakes([2, 1, 0])
    seeds = [{"epoch": [1, 2], "train_loss": [1.0, v]} for v in (0.5, 0.7)]
    yield plot_runs({"a": {"train_loss": [1.0, 0.4]}, "b": seeds}, logy=True)
    yield plot_gradient_flow({"relu": {"fc1": 0.1, "fc2": 0.2}, "tanh": {"fc1": 0.01}})
    yield plot_activation_histograms({"h1": np.linspace(-1, 1, 50), "h2": np.zeros(5)})
    yield plot_filters(torch.arange(2 * 3 * 3 * 3, dtype=torch.float32).reshape(2, 3, 3, 3))
    yield plot_timeline(timeline(1943, 1969))
    yield plot_ilsvrc()


@pytest.mark.parametrize("styled", [False, True], ids=["default", "book-style"])
def test_every_plot_works_with_and_without_the_style(styled):
    with mpl.rc_context():
        if styled:
            use_style()
        for ax in _draw_each():
            assert isinstance(ax, plt.Axes)
            fig = ax.figure
            assert fig.get_facecolor() == to_rgba("white")
            assert bool(fig.get_constrained_layout()) is styled
            fig.canvas.draw()  # the layout engine runs without error
