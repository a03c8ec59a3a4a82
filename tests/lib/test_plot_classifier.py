"""Decision regions and boundary lines: each returns its axes and draws the data it got."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from dlbook.plot import plot_decision_boundary, plot_line


@pytest.fixture
def ax():
    _, ax = plt.subplots()
    return ax


def test_plot_line_draws_the_boundary(ax):
    ax.set_xlim(-1, 2)
    ax.set_ylim(-1, 2)
    assert plot_line([1.0, 1.0], -1.5, ax=ax) is ax
    (line,) = ax.lines
    xs, ys = line.get_data()
    np.testing.assert_allclose(xs + ys, 1.5)  # x1 + x2 - 1.5 = 0
    assert ax.get_xlim() == (-1, 2)


def test_plot_decision_boundary_returns_ax_and_scatters_each_class(ax):
    X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = torch.tensor([0, 0, 0, 1])
    out = plot_decision_boundary(lambda g: g.sum(1) - 1.5, X, y, ax=ax, resolution=20)
    assert out is ax
    assert len(ax.collections) >= 2  # the shaded regions and one scatter per class
