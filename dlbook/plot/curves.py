"""Training curves: losses and metrics against the epoch (of one run or several), and a
perceptron's mistakes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.ticker import MaxNLocator

from dlbook._checks import as_tensor, choose
from dlbook.plot.style import CLASS_COLORS, _new_ax

__all__ = ["plot_learning_curves", "plot_mistakes", "plot_runs"]


def _as_float_array(values, name: str) -> np.ndarray:
    """A 1-D float array from a list that may hold ``None`` (a missing epoch becomes NaN)."""
    if torch.is_tensor(values):
        values = values.detach().cpu().tolist()
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a list of numbers, got {type(values).__name__}")
    try:
        arr = np.array([np.nan if v is None else v for v in values], dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must hold numbers (or None), got {list(values)[:5]!r}") from err
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one value per epoch, got shape {arr.shape}")
    return arr


def plot_learning_curves(history, metric: str = "loss", ax=None, *, title: str | None = None):
    """Draw ``train_<metric>`` and ``val_<metric>`` against the epoch.

    Parameters
    ----------
    history:
        A ``dlbook.train.History`` or its ``to_dict()`` form, ``{"epoch": [...],
        "train_loss": [...], "val_loss": [...], ...}``. Missing values (``None``) and NaN or
        infinite values (a run that diverged) leave gaps in the line.
    metric:
        ``"loss"``, ``"accuracy"``, ... (the part after ``train_``/``val_``), or the full name of
        one column.
    ax:
        Axes to draw on; a new figure is made if ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with the training curve solid and the validation curve dashed.
    """
    if hasattr(history, "to_dict") and callable(history.to_dict):
        data = history.to_dict()
    elif isinstance(history, Mapping):
        data = dict(history)
    else:
        raise TypeError(
            "history must be a History or a dict of columns (as History.to_dict() returns), "
            f"got {type(history).__name__}"
        )
    if not isinstance(metric, str):
        raise TypeError(f"metric must be a string such as 'loss', got {type(metric).__name__}")
    keys = [k for k in (f"train_{metric}", f"val_{metric}") if k in data]
    if not keys and metric in data and metric not in ("epoch", "time", "device"):
        keys = [metric]
    if not keys:
        recorded = sorted({k.split("_", 1)[1] for k in data if k.startswith(("train_", "val_"))})
        raise ValueError(
            f"no {metric!r} in this history: expected a 'train_{metric}' or 'val_{metric}' "
            f"column. Metrics recorded: {recorded}; columns: {sorted(data)}"
        )
    curves = {k: _as_float_array(data[k], f"history[{k!r}]") for k in keys}
    n = len(curves[keys[0]])
    if n == 0:
        raise ValueError("the history is empty (0 epochs); train for at least one epoch")
    lengths = {k: len(v) for k, v in curves.items()}
    if "epoch" in data:
        epochs = _as_float_array(data["epoch"], "history['epoch']")
        lengths["epoch"] = len(epochs)
    else:
        epochs = np.arange(1, n + 1, dtype=float)
    if len(set(lengths.values())) != 1:
        raise ValueError(f"history columns must have one entry per epoch, got lengths {lengths}")
    ax = _new_ax(ax, figsize=(5, 3.5))
    styles = {
        "train": ("-", CLASS_COLORS[0], "train"),
        "val": ("--", CLASS_COLORS[1], "validation"),
    }
    for key, values in curves.items():
        linestyle, color, label = styles.get(key.split("_", 1)[0], ("-", CLASS_COLORS[2], key))
        ax.plot(
            epochs, values, linestyle=linestyle, color=color, marker="o", markersize=3, label=label
        )
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric.replace("_", " "))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_mistakes(mistakes_per_epoch, ax=None, *, title: str | None = None):
    """Draw a perceptron's mistakes per epoch; a last epoch without mistakes is marked.

    By the convergence theorem (Novikoff 1962) the count reaches zero on linearly separable
    data; on XOR (Minsky & Papert 1969) it never does.

    Parameters
    ----------
    mistakes_per_epoch:
        Non-negative integer counts, one per epoch, or a fitted ``Perceptron`` (its
        ``mistakes_``).
    ax:
        Axes to draw on; a new figure is made if ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    counts = getattr(mistakes_per_epoch, "mistakes_", mistakes_per_epoch)
    t = as_tensor(counts, "mistakes_per_epoch", ndim=1)
    if t.is_floating_point() and not torch.equal(t, t.round()):
        raise TypeError(f"mistakes_per_epoch must be whole counts, got {t.tolist()[:5]}")
    t = t.long()
    if (t < 0).any():
        raise ValueError(f"mistakes_per_epoch must be >= 0, got minimum {int(t.min())}")
    epochs = np.arange(1, t.shape[0] + 1)
    ax = _new_ax(ax, figsize=(4.5, 3))
    ax.plot(epochs, t.numpy(), "-o", color=CLASS_COLORS[0], markersize=4)
    ax.set_xlabel("epoch")
    ax.set_ylabel("mistakes (weight updates)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0, top=max(1.0, float(t.max()) * 1.1))
    if int(t[-1]) == 0:
        ax.annotate(
            "no mistakes:\nconverged",
            (epochs[-1], 0),
            xytext=(-12, 24),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            arrowprops={"arrowstyle": "->", "color": "0.3"},
        )
    if title:
        ax.set_title(title)
    return ax


def _column(run, key: str, where: str) -> np.ndarray:
    """``run[key]`` as floats, NaN where a value is missing or not finite."""
    try:
        values = run[key]
    except KeyError:
        columns = run.columns() if callable(getattr(run, "columns", None)) else list(run)
        raise ValueError(f"{where} has no {key!r} column; its columns are {columns}") from None
    arr = _as_float_array(values, f"{where}[{key!r}]")
    arr[~np.isfinite(arr)] = np.nan  # a diverged epoch leaves a gap
    return arr


def _holds_runs(values) -> bool:
    """Whether a list holds runs (Histories or dicts of columns) rather than numbers."""
    return all(hasattr(v, "__getitem__") and not isinstance(v, (str, bytes)) for v in values)


def _epochs_and_values(run, key: str, where: str) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(run, (str, bytes, Sequence, np.ndarray)) or not hasattr(run, "__getitem__"):
        raise TypeError(
            f"{where} must be a History (or a dict of columns), got {type(run).__name__}"
        )
    values = _column(run, key, where)
    if len(values) == 0:
        raise ValueError(f"{where} is empty (0 epochs); train for at least one epoch")
    has_epoch = "epoch" in (run.columns() if callable(getattr(run, "columns", None)) else run)
    epochs = _column(run, "epoch", where) if has_epoch else np.arange(1.0, len(values) + 1)
    if len(epochs) != len(values):
        raise ValueError(
            f"{where} has {len(epochs)} epochs but {len(values)} values of {key!r}; give one "
            "value per epoch"
        )
    return epochs, values


def plot_runs(
    histories,
    metric: str = "loss",
    split: str = "train",
    ax=None,
    *,
    title: str | None = None,
    logy: bool = False,
):
    """Draw one metric of several training runs against the epoch, one line per run.

    Parameters
    ----------
    histories:
        ``{label: History}``, one run per label (a ``dlbook.train.History`` or a dict of
        columns, as ``History.to_dict()`` returns). A label may also map to a list of runs of
        one setting (several seeds, say): its line is their mean, with a band from their
        minimum to their maximum; those runs must share their epochs. An epoch where a run
        has no finite value (``None``, NaN, a diverged run) leaves a gap.
    metric:
        ``"loss"``, ``"accuracy"``, ... (the part after ``train_``/``val_``).
    split:
        ``"train"`` (solid lines) or ``"val"`` (dashed, as in ``plot_learning_curves``).
    ax:
        Axes to draw on; a new figure is made if ``None``.
    title, logy:
        The axes' title, and a logarithmic y axis.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with one labelled line per entry of ``histories``, in its order.
    """
    if not isinstance(histories, Mapping):
        raise TypeError(
            "histories must be a dict {label: History}; for a single run write "
            f"plot_runs({{'run': history}}) or use plot_learning_curves, got "
            f"{type(histories).__name__}"
        )
    if not histories:
        raise ValueError("histories is empty; give at least one run")
    if isinstance(histories.get("epoch"), Sequence) and not _holds_runs(histories["epoch"]):
        raise TypeError(
            "histories looks like the columns of one history (it has an 'epoch' key); give a "
            "dict {label: History}, e.g. plot_runs({'run': history})"
        )
    if not isinstance(metric, str):
        raise TypeError(f"metric must be a string such as 'loss', got {type(metric).__name__}")
    split = choose(split, "split", ("train", "val"))
    key = f"{split}_{metric}"
    curves = []
    for label, given in histories.items():
        runs = list(given) if isinstance(given, (list, tuple)) else [given]
        if not runs:
            raise ValueError(f"histories[{label!r}] is an empty list; give at least one run")
        where = [
            f"histories[{label!r}]" + (f"[{i}]" if isinstance(given, (list, tuple)) else "")
            for i in range(len(runs))
        ]
        pairs = [_epochs_and_values(run, key, w) for run, w in zip(runs, where, strict=True)]
        epochs = pairs[0][0]
        for (other, _), w in zip(pairs[1:], where[1:], strict=True):
            if not np.array_equal(other, epochs, equal_nan=True):
                raise ValueError(
                    f"the runs of {label!r} must share their epochs to be averaged: "
                    f"{where[0]} has {epochs.tolist()}, {w} has {other.tolist()}"
                )
        stacked = np.stack([values for _, values in pairs])
        curves.append((str(label), epochs, stacked))
    n = len(curves)
    colors = CLASS_COLORS[:n] if n <= len(CLASS_COLORS) else plt.cm.viridis(np.linspace(0, 0.9, n))
    linestyle = "-" if split == "train" else "--"
    ax = _new_ax(ax, figsize=(5, 3.5))
    for (label, epochs, stacked), color in zip(curves, colors, strict=True):
        ax.plot(
            epochs,
            stacked.mean(0),
            linestyle=linestyle,
            color=color,
            marker="o",
            markersize=3,
            label=label,
        )
        if len(stacked) > 1:
            ax.fill_between(
                epochs, stacked.min(0), stacked.max(0), color=color, alpha=0.2, linewidth=0
            )
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"{'training' if split == 'train' else 'validation'} {metric.replace('_', ' ')}")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if logy:
        ax.set_yscale("log")
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    return ax
