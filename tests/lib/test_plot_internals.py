"""Gradient flow and activation histograms: each returns its axes and draws the data it got."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from dlbook.plot import plot_activation_histograms, plot_gradient_flow


@pytest.fixture
def ax():
    _, ax = plt.subplots()
    return ax


# --- gradient flow --------------------------------------------------------------------------------

NORMS = {"layer 1": 1e-1, "layer 2": 1e-2, "layer 3": 1e-4}


def test_gradient_flow_one_series(ax):
    assert plot_gradient_flow(NORMS, ax=ax) is ax
    (line,) = ax.lines
    np.testing.assert_allclose(line.get_ydata(), [1e-1, 1e-2, 1e-4])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["layer 1", "layer 2", "layer 3"]
    assert ax.get_yscale() == "log"
    assert ax.get_legend() is None


def test_gradient_flow_several_series_and_lists(ax):
    norms = {
        "sigmoid": NORMS,
        "relu": {"layer 1": [0.1, 0.3], "layer 2": [0.2, 0.2], "layer 3": [0.25, 0.15]},
    }
    plot_gradient_flow(norms, ax=ax, log=False)
    sigmoid, relu = ax.lines
    np.testing.assert_allclose(relu.get_ydata(), [0.2, 0.2, 0.2])  # mean over steps
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sigmoid", "relu"]
    assert len(ax.collections) == 1  # the min-max band of the series recorded over steps
    assert ax.get_yscale() == "linear"
    assert sigmoid.get_color() != relu.get_color()


def test_gradient_flow_bars(ax):
    plot_gradient_flow({"a": NORMS, "b": NORMS}, ax=ax, kind="bar")
    assert len(ax.patches) == 6
    np.testing.assert_allclose([p.get_height() for p in ax.patches[:3]], [1e-1, 1e-2, 1e-4])


def test_gradient_flow_rejects_bad_norms():
    with pytest.raises(ValueError, match="empty"):
        plot_gradient_flow({})
    with pytest.raises(ValueError, match="diverged"):
        plot_gradient_flow({"layer 1": float("nan")})
    with pytest.raises(ValueError, match=">= 0"):
        plot_gradient_flow({"layer 1": -1.0})
    with pytest.raises(TypeError, match="mixes"):
        plot_gradient_flow({"layer 1": 1.0, "relu": {"layer 1": 1.0}})
    with pytest.raises(ValueError, match="unknown kind"):
        plot_gradient_flow(NORMS, kind="pie")


# --- activation histograms ------------------------------------------------------------------------


def test_activation_histograms_overlay_with_shared_bins(ax):
    gen = torch.Generator().manual_seed(0)
    acts = {f"layer {i}": torch.tanh(i * torch.randn(500, generator=gen)) for i in (1, 2, 3)}
    assert plot_activation_histograms(acts, ax, bins=10) is ax
    assert len(ax.patches) == 3
    lo = min(float(a.min()) for a in acts.values())
    hi = max(float(a.max()) for a in acts.values())
    for patch, values in zip(ax.patches, acts.values(), strict=True):
        density, edges = patch.get_data().values, patch.get_data().edges
        np.testing.assert_allclose(edges, np.linspace(lo, hi, 11))
        expected, _ = np.histogram(values.numpy(), bins=edges, density=True)
        np.testing.assert_allclose(density, expected)
        assert np.sum(density * np.diff(edges)) == pytest.approx(1.0)


def test_activation_histograms_of_precomputed_counts(ax):
    counts = {"layer 1": [1, 2, 1], "layer 2": [0, 4, 0]}
    plot_activation_histograms(counts, ax, edges=[0.0, 1.0, 2.0, 3.0], density=False)
    np.testing.assert_array_equal(ax.patches[1].get_data().values, [0, 4, 0])
    assert ax.get_ylabel() == "count"
    _, ax2 = plt.subplots()
    plot_activation_histograms({"l": ([1, 3], [0.0, 0.5, 1.0])}, ax2)
    np.testing.assert_allclose(ax2.patches[0].get_data().values, [0.5, 1.5])  # unit area


def test_activation_histograms_one_panel_per_layer():
    _, axes = plt.subplots(1, 2)
    acts = {"layer 1": [0.1, 0.2, 0.9], "layer 2": [0.5, 0.5, 0.6]}
    assert plot_activation_histograms(acts, axes) is axes
    assert [len(a.patches) for a in axes] == [1, 1]
    assert [a.get_title() for a in axes] == ["layer 1", "layer 2"]


def test_activation_histograms_reject_bad_input():
    with pytest.raises(ValueError, match="empty"):
        plot_activation_histograms({})
    with pytest.raises(ValueError, match="NaN"):
        plot_activation_histograms({"layer 1": [0.1, float("nan")]})
    with pytest.raises(ValueError, match="need 4 bin edges"):
        plot_activation_histograms({"layer 1": [1, 2, 3]}, edges=[0.0, 1.0])
    _, axes = plt.subplots(1, 3)
    with pytest.raises(ValueError, match="3 axes for 2 layers"):
        plot_activation_histograms({"a": [0.1], "b": [0.2]}, axes)
