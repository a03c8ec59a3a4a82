"""Learning curves and mistakes per epoch: each returns its axes and draws the data it got."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from dlbook.plot import plot_learning_curves, plot_mistakes


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
