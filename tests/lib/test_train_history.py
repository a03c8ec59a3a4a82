"""Tests for dlbook.train.History: the dict format the plots and pages share, and its helpers."""

import math
import subprocess
import sys

import matplotlib.pyplot as plt
import pytest
import torch
from torch import nn

from dlbook.train import History, Trainer

ROWS = [
    {
        "epoch": 1,
        "train_loss": 0.9,
        "train_accuracy": 0.5,
        "val_loss": 1.0,
        "val_accuracy": 0.4,
        "time": 0.25,
    },
    {
        "epoch": 2,
        "train_loss": 0.5,
        "train_accuracy": 0.75,
        "val_loss": 0.6,
        "val_accuracy": 0.7,
        "time": 0.5,
    },
    {
        "epoch": 3,
        "train_loss": 0.25,
        "train_accuracy": 1.0,
        "val_loss": 0.7,
        "val_accuracy": 0.8,
        "time": 0.125,
    },
]


def test_to_dict_is_columns_in_the_shared_order():
    d = History(ROWS, device="cpu").to_dict()
    assert list(d) == [
        "epoch",
        "train_loss",
        "val_loss",
        "train_accuracy",
        "val_accuracy",
        "time",
        "device",
    ]
    assert d["epoch"] == [1, 2, 3]
    assert d["train_loss"] == [0.9, 0.5, 0.25]
    assert d["val_accuracy"] == [0.4, 0.7, 0.8]
    assert d["time"] == [0.25, 0.5, 0.125]
    assert d["device"] == "cpu"


def test_to_dict_without_validation_or_metrics():
    rows = [{"epoch": 1, "train_loss": 2.0, "time": 0.1}]
    assert History(rows, device="cuda").to_dict() == {
        "epoch": [1],
        "train_loss": [2.0],
        "time": [0.1],
        "device": "cuda",
    }
    assert History().to_dict() == {"device": "cpu"}


def test_from_dict_round_trip_and_columns():
    h = History(ROWS, device="cuda:0")
    back = History.from_dict(h.to_dict())
    assert back.rows == ROWS
    assert back.device == "cuda:0"
    assert len(back) == 3
    assert back["val_loss"] == [1.0, 0.6, 0.7]
    with pytest.raises(KeyError, match="no column 'val_top5'"):
        back["val_top5"]


def test_from_dict_rejects_bad_input():
    with pytest.raises(ValueError, match="'epoch' list"):
        History.from_dict({"train_loss": [1.0]})
    with pytest.raises(ValueError, match="'epoch' list"):
        History.from_dict([1, 2])
    with pytest.raises(ValueError, match="must all have 2 entries"):
        History.from_dict({"epoch": [1, 2], "train_loss": [1.0]})


def test_append_needs_epoch():
    h = History()
    h.append({"epoch": 1, "train_loss": 1.0})
    assert len(h) == 1
    with pytest.raises(ValueError, match="'epoch'"):
        h.append({"train_loss": 1.0})


def test_best_picks_min_loss_or_max_accuracy():
    h = History(ROWS)
    assert h.best()["epoch"] == 2  # lowest val_loss
    assert h.best("val_accuracy")["epoch"] == 3
    assert h.best("train_loss", mode="max")["epoch"] == 1
    nan_rows = [{"epoch": 1, "val_loss": math.nan}, {"epoch": 2, "val_loss": 3.0}]
    assert History(nan_rows).best()["epoch"] == 2
    with pytest.raises(ValueError, match="mode"):
        h.best(mode="lowest")
    with pytest.raises(ValueError, match="no finite values"):
        History([{"epoch": 1, "val_loss": math.nan}]).best()


def test_plot_draws_train_and_val_curves():
    h = History(ROWS)
    ax = h.plot()
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["train", "validation"]
    assert list(lines[1].get_ydata()) == [1.0, 0.6, 0.7]
    assert ax.get_ylabel() == "loss"
    _, given = plt.subplots()
    assert h.plot(ax=given, metric="accuracy") is given
    assert list(given.get_lines()[0].get_ydata()) == [0.5, 0.75, 1.0]
    with pytest.raises(ValueError, match="no 'top5' in this history"):
        h.plot(metric="top5")


def test_repr_shows_the_last_epoch():
    text = repr(History(ROWS))
    assert text.startswith("History(3 epochs on cpu")
    assert "val_loss=0.7" in text


def test_trainer_history_has_the_shared_format(monkeypatch):
    monkeypatch.setenv("DLBOOK_DEVICE", "cpu")
    torch.manual_seed(0)
    X, y = torch.randn(20, 3), torch.randint(0, 2, (20,))
    model = nn.Sequential(nn.Linear(3, 2))
    d = Trainer(epochs=2, batch_size=8, progress=False).fit(model, (X, y), val=(X, y)).to_dict()
    assert list(d) == [
        "epoch",
        "train_loss",
        "val_loss",
        "train_accuracy",
        "val_accuracy",
        "time",
        "device",
    ]
    assert d["epoch"] == [1, 2]
    assert d["device"] == "cpu"
    floats = [x for k, col in d.items() if k not in ("epoch", "device") for x in col]
    assert all(isinstance(x, float) for x in floats)
    assert all(len(v) == 2 for k, v in d.items() if k != "device")
    d = Trainer(epochs=1, metrics=(), progress=False).fit(model, (X, y)).to_dict()
    assert list(d) == ["epoch", "train_loss", "time", "device"]


def test_first_reached_losses_go_down_accuracies_up():
    h = History(ROWS)
    assert h.first_reached("val_loss", 0.6) == 2  # <= for a loss: 0.6 reaches 0.6
    assert h.first_reached("val_loss", 0.65) == 2
    assert h.first_reached("train_loss", 0.3) == 3
    assert h.first_reached("val_loss", 0.5) is None  # never that low
    assert h.first_reached("val_accuracy", 0.7) == 2  # >= for an accuracy
    assert h.first_reached("val_accuracy", 0.9) is None
    assert h.first_reached("train_accuracy", 0.5) == 1


def test_first_reached_error_columns_mode_and_gaps():
    rows = [
        {"epoch": 1, "val_top5_error": 0.5, "val_score": 3.0},
        {"epoch": 2, "val_score": math.nan},  # no error entry, NaN score: skipped
        {"epoch": 3, "val_top5_error": 0.2, "val_score": 1.0},
    ]
    h = History(rows)
    assert h.first_reached("val_top5_error", 0.3) == 3  # "error": lower is better
    assert h.first_reached("val_score", 2.0) == 1  # >= by default
    assert h.first_reached("val_score", 2.0, mode="min") == 3  # <= when asked
    assert h.first_reached("val_score", 0.5, mode="min") is None


def test_first_reached_rejects_unknown_columns_and_modes():
    h = History(ROWS)
    with pytest.raises(KeyError, match=r"no column 'val_acc'.*'val_accuracy'"):
        h.first_reached("val_acc", 0.5)
    with pytest.raises(ValueError, match="mode must be 'min', 'max' or None"):
        h.first_reached("val_loss", 0.5, mode="lowest")


def test_importing_dlbook_train_loads_no_matplotlib():
    code = (
        "import dlbook.train, sys; "
        "loaded = [m for m in sys.modules if m.startswith('matplotlib')]; "
        "assert not loaded, loaded"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
