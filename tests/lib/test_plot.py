"""Plots: each returns the axes it was given and draws exactly the data it was given."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.colors import to_rgba

from dlbook.timeline import HUMAN_TOP5_ERROR, ILSVRCResult, ilsvrc_top5, timeline
from dlbook.plot import (
    CLASS_COLORS,
    plot_activation_histograms,
    plot_decision_boundary,
    plot_filters,
    plot_gradient_flow,
    plot_ilsvrc,
    plot_learning_curves,
    plot_line,
    plot_mistakes,
    plot_timeline,
)


@pytest.fixture
def ax():
    _, ax = plt.subplots()
    return ax


# --- the original two ----------------------------------------------------------------------------


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


# --- learning curves ------------------------------------------------------------------------------

HISTORY = {
    "epoch": [1, 2, 3],
    "train_loss": [1.0, 0.5, 0.25],
    "val_loss": [1.1, 0.7, None],
    "train_accuracy": [0.5, 0.75, 0.9],
    "time": [0.1, 0.1, 0.1],
    "device": "cpu",
}


def test_learning_curves_draw_train_and_validation(ax):
    assert plot_learning_curves(HISTORY, ax=ax) is ax
    train, val = ax.lines
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(train.get_ydata(), [1.0, 0.5, 0.25])
    np.testing.assert_array_equal(val.get_ydata(), [1.1, 0.7, np.nan])  # None is a gap
    assert (train.get_linestyle(), val.get_linestyle()) == ("-", "--")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train", "validation"]
    assert ax.get_ylabel() == "loss"


def test_learning_curves_take_a_history_object(ax):
    from dlbook.train.record import History

    hist = History.from_dict(HISTORY)
    plot_learning_curves(hist, metric="accuracy", ax=ax)
    (line,) = ax.lines  # no val_accuracy recorded
    np.testing.assert_array_equal(line.get_ydata(), [0.5, 0.75, 0.9])


def test_learning_curves_without_epochs_count_from_one(ax):
    plot_learning_curves({"train_loss": [3.0, 2.0]}, ax=ax)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2])


def test_learning_curves_name_the_recorded_metrics_when_one_is_missing():
    with pytest.raises(ValueError, match=r"'top5'.*\['accuracy', 'loss'\]") as info:
        plot_learning_curves(HISTORY, metric="top5")
    assert "columns" in str(info.value)
    assert "train_loss" in str(info.value)


def test_learning_curves_reject_bad_input():
    with pytest.raises(TypeError, match="History or a dict"):
        plot_learning_curves([1.0, 0.5])
    with pytest.raises(ValueError, match="one entry per epoch"):
        plot_learning_curves({"epoch": [1, 2], "train_loss": [1.0, 0.5, 0.2]})
    with pytest.raises(ValueError, match="empty"):
        plot_learning_curves({"epoch": [], "train_loss": []})
    with pytest.raises(TypeError, match="numbers"):
        plot_learning_curves({"train_loss": ["a", "b"]})


# --- perceptron mistakes --------------------------------------------------------------------------


def test_mistakes_line_and_convergence_mark(ax):
    assert plot_mistakes([3, 2, 1, 0], ax=ax) is ax
    (line,) = ax.lines
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(line.get_ydata(), [3, 2, 1, 0])
    assert any("converged" in t.get_text() for t in ax.texts)


def test_mistakes_of_a_perceptron_that_never_converges(ax):
    plot_mistakes([2, 2, 2], ax=ax)
    assert not ax.texts  # still making mistakes: nothing to celebrate


def test_mistakes_of_a_fitted_perceptron(ax):
    from dlbook.models import Perceptron

    X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    p = Perceptron().fit(X, torch.tensor([0, 0, 0, 1]))  # AND is linearly separable
    plot_mistakes(p, ax=ax)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), p.mistakes_)
    assert ax.lines[0].get_ydata()[-1] == 0


def test_mistakes_reject_bad_counts():
    with pytest.raises(ValueError, match=">= 0"):
        plot_mistakes([1, -1])
    with pytest.raises(TypeError, match="whole counts"):
        plot_mistakes([1.5, 0.0])
    with pytest.raises(ValueError, match="1 dimension"):
        plot_mistakes([[1, 0]])
    with pytest.raises(ValueError, match="empty"):
        plot_mistakes([])


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


# --- filters --------------------------------------------------------------------------------------


def _tile(image, k, ncols, size, pad=1):
    h, w = size
    row, col = divmod(k, ncols)
    top, left = pad + row * (h + pad), pad + col * (w + pad)
    return image[top : top + h, left : left + w]


def test_filters_rgb_grid_is_normalised_per_filter(ax):
    weight = torch.arange(5 * 3 * 2 * 2, dtype=torch.float32).reshape(5, 3, 2, 2)  # (out, in, h, w)
    weight[1] *= -100.0  # a very different scale must not change the picture's contrast
    assert plot_filters(weight, ax, ncols=3) is ax
    image = ax.images[0].get_array()
    assert image.shape == (1 + 2 * 3, 1 + 3 * 3, 3)  # 2 rows x 3 columns of 2x2 RGB tiles
    for k in range(5):
        w = weight[k].double()
        expected = ((w - w.min()) / (w.max() - w.min())).permute(1, 2, 0).numpy()
        np.testing.assert_allclose(_tile(image, k, 3, (2, 2)), expected)
    np.testing.assert_array_equal(image[0], 1.0)  # the white padding
    np.testing.assert_array_equal(_tile(image, 5, 3, (2, 2)), 1.0)  # the unused slot


def test_filters_grey_and_a_chosen_channel(ax):
    conv = torch.nn.Conv2d(4, 2, kernel_size=3)
    with torch.no_grad():
        conv.weight.zero_()
        conv.weight[0, 2] = torch.arange(9.0).reshape(3, 3)
    plot_filters(conv, ax, channel=2, pad=0)
    image = ax.images[0].get_array()
    assert image.shape == (3, 6)  # grey: two 3x3 tiles side by side, no padding
    np.testing.assert_allclose(image[:, :3], torch.arange(9.0).reshape(3, 3).numpy() / 8)
    np.testing.assert_array_equal(image[:, 3:], 0.5)  # a constant filter is mid-grey
    assert ax.images[0].get_cmap().name == "gray"


def test_filters_reject_bad_weights():
    with pytest.raises(ValueError, match="4 dimension"):
        plot_filters(torch.zeros(3, 5, 5))
    with pytest.raises(ValueError, match="channel=k"):
        plot_filters(torch.zeros(2, 5, 3, 3))
    with pytest.raises(ValueError, match=r"channel must be in \[0, 4\]"):
        plot_filters(torch.zeros(2, 5, 3, 3), channel=5)
    with pytest.raises(ValueError, match="ncols"):
        plot_filters(torch.zeros(2, 3, 3, 3), ncols=0)
    with pytest.raises(TypeError, match="no weight"):
        plot_filters(torch.nn.ReLU())


# --- timeline and ILSVRC --------------------------------------------------------------------------


def test_timeline_one_row_and_label_per_event(ax):
    events = timeline(1943, 1989)
    assert plot_timeline(events[::-1], ax) is ax  # given out of order, drawn by year
    (dots,) = ax.lines
    np.testing.assert_array_equal(dots.get_xdata(), [e.year for e in events])
    np.testing.assert_array_equal(dots.get_ydata(), -np.arange(len(events)))
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == len(events)
    assert labels[0] == "1943  Threshold logic neuron (McCulloch & Pitts)"
    assert "1986  Backpropagation popularised (Rumelhart, Hinton & Williams)" in labels
    assert "1989  Convolutional network reads zip codes (LeCun et al.)" in labels


def test_timeline_rejects_bad_events():
    with pytest.raises(ValueError, match="empty"):
        plot_timeline([])
    with pytest.raises(TypeError, match="year and a title"):
        plot_timeline([1958])


def test_ilsvrc_bars_human_line_and_highlight(ax):
    results = ilsvrc_top5()
    assert plot_ilsvrc(results, ax=ax) is ax
    assert len(ax.patches) == 8
    np.testing.assert_allclose(
        [p.get_height() for p in ax.patches], [r.top5_error for r in results]
    )
    colors = [p.get_facecolor() for p in ax.patches]
    assert colors[2] == to_rgba(CLASS_COLORS[1])  # 2012, AlexNet
    assert all(c == to_rgba(CLASS_COLORS[0]) for i, c in enumerate(colors) if i != 2)
    human = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert len(human) == 1
    np.testing.assert_allclose(human[0].get_ydata(), [HUMAN_TOP5_ERROR.value] * 2)
    extra = [ln for ln in ax.lines if ln.get_marker() == "_"]
    np.testing.assert_allclose(extra[0].get_ydata(), [15.3, 11.2])
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[2] == "2012\nSuperVision"
    assert ticks[0] == "2010\nNEC-UIUC"


def test_ilsvrc_options(ax):
    plot_ilsvrc(None, human=None, ax=ax, highlight=None, show_extra_data=False)
    assert not ax.lines
    assert len({p.get_facecolor() for p in ax.patches}) == 1


def test_ilsvrc_rejects_bad_results():
    row = ILSVRCResult(2012, "SuperVision", "AlexNet", 16.4, "ilsvrc2012")
    with pytest.raises(ValueError, match="not among"):
        plot_ilsvrc([row], highlight=2015)
    with pytest.raises(ValueError, match="one result per year"):
        plot_ilsvrc([row, row])
    with pytest.raises(ValueError, match="empty"):
        plot_ilsvrc([])
    with pytest.raises(ValueError, match=r"\[0, 100\]"):
        plot_ilsvrc([ILSVRCResult(2012, "x", "y", 164.0, "ilsvrc2012")])
    with pytest.raises(TypeError, match="top5_error"):
        plot_ilsvrc([{"year": 2012}])


def test_new_figures_have_a_white_face():
    ax = plot_mistakes([1, 0])
    assert ax.figure.get_facecolor() == to_rgba("white")
