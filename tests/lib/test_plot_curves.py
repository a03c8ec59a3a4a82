"""Learning curves and mistakes per epoch: each returns its axes and draws the data it got."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.colors import to_hex

from dlbook.plot import CLASS_COLORS, plot_learning_curves, plot_mistakes, plot_runs
from dlbook.train import History


@pytest.fixture
def ax():
    _, ax = plt.subplots()
    return ax


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


# --- several runs ---------------------------------------------------------------------------------


def _history(losses, accuracies=None, epochs=None):
    epochs = epochs or list(range(1, len(losses) + 1))
    rows = [{"epoch": e, "train_loss": v} for e, v in zip(epochs, losses, strict=True)]
    for row, acc in zip(rows, accuracies or [], strict=False):
        row["val_accuracy"] = acc
    return History(rows)


def test_runs_one_line_per_run_in_the_books_colours(ax):
    runs = {"sigmoid": _history([0.7, 0.6, 0.5]), "relu": _history([0.7, 0.3, 0.1])}
    assert plot_runs(runs, ax=ax) is ax
    assert [line.get_label() for line in ax.lines] == ["sigmoid", "relu"]
    assert [to_hex(line.get_color()).upper() for line in ax.lines] == list(CLASS_COLORS[:2])
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), [0.7, 0.3, 0.1])
    assert ax.lines[0].get_linestyle() == "-"
    assert not ax.collections  # no band for single runs
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "training loss"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sigmoid", "relu"]


def test_runs_validation_metric_dashed_on_a_log_axis(ax):
    runs = {"a": _history([1.0, 0.5], [0.5, 0.75]), "b": _history([1.0, 0.9], [0.5, 0.6])}
    plot_runs(runs, "accuracy", "val", ax, title="validation", logy=True)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [0.5, 0.75])
    assert {line.get_linestyle() for line in ax.lines} == {"--"}
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "validation accuracy"
    assert ax.get_title() == "validation"


def test_runs_of_several_seeds_draw_the_mean_and_a_min_max_band(ax):
    seeds = [
        _history([1.0, 0.5]),
        _history([3.0, 0.7]),
        {"epoch": [1, 2], "train_loss": [2.0, 0.3]},
    ]
    plot_runs({"lr=0.1": seeds, "lr=1": _history([1.0, 2.0])}, ax=ax)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [2.0, 0.5])
    (band,) = ax.collections
    low_high = band.get_paths()[0].vertices[:, 1]
    assert low_high.min() == pytest.approx(0.3)
    assert low_high.max() == pytest.approx(3.0)
    assert to_hex(band.get_facecolor()[0]).upper() == CLASS_COLORS[0]


def test_runs_leave_a_gap_where_a_run_diverged(ax):
    runs = {"x": {"epoch": [1, 2, 3], "train_loss": [1.0, float("inf"), None]}}
    seeds = [_history([1.0, 2.0, 3.0]), _history([2.0, float("nan"), 1.0])]
    plot_runs({**runs, "seeds": seeds}, ax=ax)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [1.0, np.nan, np.nan])
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), [1.5, np.nan, 2.0])
    ax.figure.canvas.draw()  # the gaps draw without warnings


def test_runs_count_epochs_from_one_without_an_epoch_column(ax):
    plot_runs({"x": {"train_loss": [0.5, 0.25]}}, ax=ax)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2])


def test_runs_beyond_six_take_colours_from_a_map():
    ax = plot_runs({f"run {i}": _history([1.0, 0.5]) for i in range(8)})
    assert len({to_hex(line.get_color()) for line in ax.lines}) == 8


def test_runs_reject_bad_input():
    h = _history([0.5, 0.4])
    with pytest.raises(TypeError, match=r"dict \{label: History\}"):
        plot_runs(h)
    with pytest.raises(TypeError, match="columns of one history"):
        plot_runs(h.to_dict())
    with pytest.raises(ValueError, match="empty"):
        plot_runs({})
    with pytest.raises(ValueError, match="empty list"):
        plot_runs({"a": []})
    with pytest.raises(ValueError, match=r"histories\['a'\] has no 'train_accuracy' column"):
        plot_runs({"a": h}, "accuracy")
    with pytest.raises(ValueError, match="split"):
        plot_runs({"a": h}, split="test")
    with pytest.raises(TypeError, match=r"histories\['a'\]\[1\] must be a History"):
        plot_runs({"a": [h, 0.5]})
    with pytest.raises(ValueError, match="must share their epochs"):
        plot_runs({"a": [h, _history([0.5, 0.4], epochs=[2, 3])]})
    with pytest.raises(ValueError, match="one value per epoch"):
        plot_runs({"a": {"epoch": [1, 2], "train_loss": [0.1]}})
    with pytest.raises(ValueError, match="0 epochs"):
        plot_runs({"a": {"epoch": [], "train_loss": []}})
