"""Plots the book draws again and again. Every function takes an ``ax`` (a new one is made if
none is given) and returns it, so figures compose.

Colours come from ``CLASS_COLORS``, the Okabe-Ito palette (safe for colour-blind readers);
new figures get a white face so that text stays legible when a page is shown in dark mode.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.ticker import MaxNLocator

from dlbook._checks import as_labels, as_tensor, choose
from dlbook.timeline import HUMAN_TOP5_ERROR, ilsvrc_top5

__all__ = [
    "CLASS_COLORS",
    "plot_activation_histograms",
    "plot_decision_boundary",
    "plot_filters",
    "plot_gradient_flow",
    "plot_ilsvrc",
    "plot_learning_curves",
    "plot_line",
    "plot_mistakes",
    "plot_timeline",
]

#: Colours for classes 0, 1, 2, ... (colour-blind safe, legible on light and dark pages).
CLASS_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def _new_ax(ax, figsize=(4.5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, facecolor="white")
    return ax


def _scores(model, grid: torch.Tensor) -> np.ndarray:
    """Class scores on ``grid`` for a dlbook model, an sklearn-style object or a torch module."""
    if hasattr(model, "decision_function"):
        out = model.decision_function(grid)
    elif isinstance(model, torch.nn.Module):
        param = next(model.parameters(), None)
        dev = param.device if param is not None else torch.device("cpu")
        dtype = param.dtype if param is not None and param.is_floating_point() else torch.float32
        was_training = model.training
        model.eval()
        with torch.no_grad():
            out = model(grid.to(device=dev, dtype=dtype))
        model.train(was_training)
    elif hasattr(model, "predict"):
        out = model.predict(grid)
    elif callable(model):
        out = model(grid)
    else:
        raise TypeError(
            f"model must be a torch.nn.Module, have predict/decision_function, or be callable; "
            f"got {type(model).__name__}"
        )
    return torch.as_tensor(np.asarray(out.detach().cpu() if torch.is_tensor(out) else out))


def plot_decision_boundary(
    model,
    X,
    y=None,
    *,
    ax=None,
    resolution: int = 200,
    margin: float = 0.5,
    threshold: float = 0.0,
    title: str | None = None,
):
    """Shade the regions a 2-D classifier assigns to each class and scatter the data on top.

    ``model`` may be a ``Perceptron`` (or anything with ``decision_function``/``predict``), a
    torch module returning one logit or one score per class, or a plain callable on an
    ``(n, 2)`` tensor. A single score per point is split at ``threshold`` (0 for a logit or a
    net input; pass 0.5 for a probability); several scores per point are split by argmax.
    """
    X = as_tensor(X, "X", ndim=2, dtype=torch.float32)
    if X.shape[1] != 2:
        raise ValueError(
            f"plot_decision_boundary needs 2-D inputs, got X of shape {tuple(X.shape)}"
        )
    if y is not None:
        y = as_labels(y, "y", n=X.shape[0])
    ax = _new_ax(ax)
    lo = X.min(0).values - margin
    hi = X.max(0).values + margin
    xs = torch.linspace(float(lo[0]), float(hi[0]), resolution)
    ys = torch.linspace(float(lo[1]), float(hi[1]), resolution)
    gx, gy = torch.meshgrid(xs, ys, indexing="xy")
    grid = torch.stack([gx.ravel(), gy.ravel()], dim=1)
    scores = _scores(model, grid)
    if scores.ndim == 2 and scores.shape[1] > 1:
        labels = scores.argmax(1)
        n_classes = scores.shape[1]
    else:
        labels = (scores.reshape(-1) > threshold).long()
        n_classes = 2
    cmap = plt.matplotlib.colors.ListedColormap(CLASS_COLORS[:n_classes])
    ax.contourf(
        gx.numpy(),
        gy.numpy(),
        labels.reshape(gx.shape).numpy(),
        levels=np.arange(n_classes + 1) - 0.5,
        cmap=cmap,
        alpha=0.25,
    )
    if y is None:
        ax.scatter(X[:, 0], X[:, 1], s=30, c="k")
    else:
        for k in torch.unique(y).tolist():
            pts = X[y == k]
            ax.scatter(
                pts[:, 0],
                pts[:, 1],
                s=60,
                color=CLASS_COLORS[k % len(CLASS_COLORS)],
                edgecolor="k",
                linewidth=0.8,
                label=f"class {k}",
                zorder=3,
            )
        ax.legend(loc="best", fontsize="small", framealpha=0.9)
    ax.set_xlim(float(lo[0]), float(hi[0]))
    ax.set_ylim(float(lo[1]), float(hi[1]))
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def plot_line(weight, bias: float, *, ax=None, **kwargs):
    """Draw the line ``w1 x1 + w2 x2 + b = 0`` (a threshold unit's boundary) across ``ax``."""
    ax = _new_ax(ax)
    w = as_tensor(weight, "weight", ndim=1, dtype=torch.float64)
    if w.shape[0] != 2:
        raise ValueError(f"plot_line needs a 2-D weight vector, got shape {tuple(w.shape)}")
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    w1, w2 = float(w[0]), float(w[1])
    kwargs.setdefault("color", "k")
    if abs(w2) > 1e-12:
        xs = np.array([x0, x1])
        ax.plot(xs, -(w1 * xs + bias) / w2, **kwargs)
    elif abs(w1) > 1e-12:
        ax.axvline(-bias / w1, **kwargs)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return ax


# ---------------------------------------------------------------------------------------------
# Training curves
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Inside the network: gradients, activations, filters
# ---------------------------------------------------------------------------------------------


def _norm_series(norms) -> dict:
    """``{series: {layer: (mean, min, max)}}`` from one of the inputs plot_gradient_flow takes."""
    if not isinstance(norms, Mapping):
        raise TypeError(
            f"norms must be a dict {{layer: norm}} or {{series: {{layer: norm}}}}, got "
            f"{type(norms).__name__}"
        )
    if not norms:
        raise ValueError("norms is empty; give at least one layer")
    nested = [isinstance(v, Mapping) for v in norms.values()]
    if all(nested):
        groups = dict(norms)
    elif any(nested):
        raise TypeError(
            "norms mixes layers and series: give either {layer: norm} or {series: {layer: norm}}"
        )
    else:
        groups = {None: norms}
    out = {}
    for name, per_layer in groups.items():
        where = "" if name is None else f" in series {name!r}"
        if not per_layer:
            raise ValueError(f"no layers{where}")
        stats = {}
        for layer, given in per_layer.items():
            value = given.detach().cpu().double().numpy() if torch.is_tensor(given) else given
            try:
                arr = np.asarray(value, dtype=float).ravel()
            except (TypeError, ValueError) as err:
                raise TypeError(
                    f"gradient norm of layer {layer!r}{where} must be a number or a list of "
                    f"numbers, got {type(value).__name__}"
                ) from err
            if arr.size == 0:
                raise ValueError(f"layer {layer!r}{where} has no recorded gradient norms")
            if not np.isfinite(arr).all():
                raise ValueError(
                    f"gradient norm of layer {layer!r}{where} is NaN or infinite; the training "
                    "probably diverged (lower the learning rate)"
                )
            if (arr < 0).any():
                raise ValueError(
                    f"gradient norms must be >= 0; layer {layer!r}{where} has {arr.min()}"
                )
            stats[layer] = (arr.mean(), arr.min(), arr.max())
        out[name] = stats
    return out


def plot_gradient_flow(
    norms, ax=None, log: bool = True, *, kind: str = "line", title: str | None = None
):
    """Draw the gradient norm of each layer, input layer on the left.

    The picture Glorot & Bengio (2010) used to show gradients vanishing (or not) with depth:
    with sigmoids the norms shrink towards the input; with a good initialisation, or ReLUs,
    they stay level.

    Parameters
    ----------
    norms:
        ``{layer: norm}`` for one network, or ``{series: {layer: norm}}`` to compare several
        (one per activation, say). A norm may also be a list of values recorded over steps
        (``GradientNormRecorder.history``): the line then shows their mean, with a band from
        their minimum to their maximum.
    ax:
        Axes to draw on; a new figure is made if ``None``.
    log:
        Use a logarithmic y axis (norms often span orders of magnitude).
    kind:
        ``"line"`` (one line per series) or ``"bar"`` (grouped bars).

    Returns
    -------
    matplotlib.axes.Axes
    """
    kind = choose(kind, "kind", ("line", "bar"))
    series = _norm_series(norms)
    layers = list(dict.fromkeys(layer for stats in series.values() for layer in stats))
    ax = _new_ax(ax, figsize=(5.5, 3.5))
    x = np.arange(len(layers))
    width = 0.8 / len(series)
    for i, (name, stats) in enumerate(series.items()):
        mean, lo, hi = (
            np.array([stats.get(layer, (np.nan,) * 3)[j] for layer in layers]) for j in range(3)
        )
        color = CLASS_COLORS[i % len(CLASS_COLORS)]
        label = None if name is None else str(name)
        if kind == "line":
            ax.plot(x, mean, "-o", color=color, markersize=4, label=label)
            if np.nanmax(hi - lo) > 0:
                ax.fill_between(x, lo, hi, color=color, alpha=0.15, linewidth=0)
        else:
            offset = (i - (len(series) - 1) / 2) * width
            ax.bar(x + offset, mean, width, color=color, label=label)
    ax.set_xticks(x, [str(layer) for layer in layers])
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("layer (input \u2192 output)")
    ax.set_ylabel("gradient norm")
    if any(name is not None for name in series):
        ax.legend(frameon=False, fontsize="small")
    if title:
        ax.set_title(title)
    return ax


def _histogram(layer, value, edges, bins, hist_range) -> tuple[np.ndarray, np.ndarray] | None:
    """``(counts, edges)`` for a precomputed histogram, or ``None`` for raw values."""
    if edges is None and isinstance(value, tuple) and len(value) == 2:
        value, edges = value
    elif edges is None:
        return None
    elif isinstance(edges, Mapping):
        if layer not in edges:
            raise ValueError(f"no bin edges for layer {layer!r}; edges has {list(edges)}")
        edges = edges[layer]
    counts = as_tensor(value, f"histogram counts of {layer!r}", ndim=1, dtype=torch.float64)
    e = as_tensor(edges, f"bin edges of {layer!r}", ndim=1, dtype=torch.float64)
    if e.shape[0] != counts.shape[0] + 1:
        raise ValueError(
            f"layer {layer!r}: {counts.shape[0]} counts need {counts.shape[0] + 1} bin edges, "
            f"got {e.shape[0]}"
        )
    if not (e[1:] > e[:-1]).all():
        raise ValueError(f"bin edges of {layer!r} must increase strictly")
    if (counts < 0).any():
        raise ValueError(f"histogram counts of {layer!r} must be >= 0")
    del bins, hist_range  # only used for raw values
    return counts.numpy(), e.numpy()


def plot_activation_histograms(
    hists,
    axes=None,
    *,
    edges=None,
    bins: int = 50,
    hist_range: tuple[float, float] | None = None,
    density: bool = True,
    title: str | None = None,
):
    """Draw the distribution of each layer's activation values (Glorot & Bengio 2010, Fig. 6).

    Parameters
    ----------
    hists:
        ``{layer: values}`` with the raw activation values of each layer (any shape; they are
        flattened), or precomputed histograms: ``{layer: (counts, edges)}``, or ``{layer:
        counts}`` with the bin ``edges`` given separately (as ``ActivationRecorder`` keeps
        them in ``histograms`` and ``bin_edges``).
    axes:
        ``None`` or one Axes: all layers overlaid as outlines, one colour per layer, as in
        Glorot & Bengio's figure. A sequence of Axes, one per layer: a filled histogram in
        each.
    edges:
        Bin edges for precomputed counts: one sequence for every layer or ``{layer: edges}``.
    bins, hist_range:
        Number of equal bins and their ``(low, high)`` for raw values; by default the bins
        span the smallest to the largest value over all layers, so the layers share bins.
    density:
        Normalise each histogram to unit area, so layers with different numbers of values
        compare; otherwise plot counts.

    Returns
    -------
    matplotlib.axes.Axes or the sequence given
        The axes drawn on (``axes`` itself when a sequence was given).
    """
    if not isinstance(hists, Mapping):
        raise TypeError(f"hists must be a dict {{layer: values}}, got {type(hists).__name__}")
    if not hists:
        raise ValueError("hists is empty; give at least one layer")
    if not isinstance(bins, int) or isinstance(bins, bool) or bins < 1:
        raise ValueError(f"bins must be a positive int, got {bins!r}")
    computed: dict = {}
    raw: dict = {}
    for layer, value in hists.items():
        pre = _histogram(layer, value, edges, bins, hist_range)
        if pre is None:
            values = value.detach().cpu() if torch.is_tensor(value) else value
            raw[layer] = as_tensor(values, f"activations of {layer!r}", dtype=torch.float64)
        else:
            computed[layer] = pre
    if raw:
        if hist_range is None:
            lo = min(float(v.min()) for v in raw.values())
            hi = max(float(v.max()) for v in raw.values())
            if lo == hi:  # every value equal: one bin around it
                lo, hi = lo - 0.5, hi + 0.5
        else:
            lo, hi = (float(v) for v in hist_range)
            if not lo < hi:
                raise ValueError(
                    f"hist_range must be (low, high) with low < high, got {hist_range}"
                )
        shared = np.linspace(lo, hi, bins + 1)
        for layer, v in raw.items():
            computed[layer] = (
                np.histogram(v.numpy().ravel(), bins=shared)[0].astype(float),
                shared,
            )
    layers = list(hists)  # keep the caller's order (input to output)
    if density:
        for layer in layers:
            counts, e = computed[layer]
            total = counts.sum()
            computed[layer] = (counts / (total * np.diff(e)) if total > 0 else counts, e)
    n = len(layers)
    colors = CLASS_COLORS[:n] if n <= len(CLASS_COLORS) else plt.cm.viridis(np.linspace(0, 0.9, n))
    ylabel = "density" if density else "count"
    if axes is None or isinstance(axes, plt.Axes):
        ax = _new_ax(axes, figsize=(5, 3.5))
        for layer, color in zip(layers, colors, strict=True):
            ax.stairs(*computed[layer], color=color, linewidth=1.5, label=str(layer))
        ax.set_xlabel("activation value")
        ax.set_ylabel(ylabel)
        ax.legend(frameon=False, fontsize="small")
        if title:
            ax.set_title(title)
        return ax
    panels = list(np.ravel(axes))
    if len(panels) != n:
        raise ValueError(f"got {len(panels)} axes for {n} layers; give one Axes per layer")
    for panel, layer, color in zip(panels, layers, colors, strict=True):
        panel.stairs(*computed[layer], fill=True, color=color, alpha=0.8)
        panel.set_title(str(layer), fontsize="small")
        panel.set_xlabel("activation value")
        panel.set_ylabel(ylabel)
    if title:
        panels[0].figure.suptitle(title)
    return axes


def plot_filters(
    weight,
    ax=None,
    *,
    ncols: int | None = None,
    channel: int | None = None,
    pad: int = 1,
    title: str | None = None,
):
    """Draw convolution filters as a grid of small images, like Figure 3 of AlexNet.

    Each filter is min-max normalised on its own (its lowest weight black, its highest white),
    so the grid shows patterns, not scales. Three input channels are shown in colour (the
    first layer of an RGB network), one in grey; for other layers pick one input ``channel``.

    Parameters
    ----------
    weight:
        Tensor of shape ``(out_channels, in_channels, height, width)``, or a ``Conv2d``
        (its ``weight``).
    ax:
        Axes to draw on; a new figure is made if ``None``.
    ncols:
        Filters per row; by default about the square root of their number.
    channel:
        Show only this input channel, in grey (needed unless there are 1 or 3 channels).
    pad:
        Pixels of white between filters.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, holding one image: the mosaic of filters.
    """
    if isinstance(weight, torch.nn.Module):
        if not torch.is_tensor(getattr(weight, "weight", None)):
            raise TypeError(f"{type(weight).__name__} has no weight tensor to draw")
        weight = weight.weight
    if torch.is_tensor(weight):
        weight = weight.detach().cpu()
    w = as_tensor(weight, "weight", ndim=4, dtype=torch.float64)  # (out, in, h, w)
    n_out, n_in, h, wd = w.shape
    if channel is not None:
        if not isinstance(channel, int) or isinstance(channel, bool):
            raise TypeError(f"channel must be an int, got {channel!r}")
        if not 0 <= channel < n_in:
            raise ValueError(
                f"channel must be in [0, {n_in - 1}] for {n_in} input channels, got {channel}"
            )
        w = w[:, channel : channel + 1]  # (out, 1, h, w)
    elif n_in not in (1, 3):
        raise ValueError(
            f"weight has {n_in} input channels; only 1 (grey) or 3 (RGB) can be drawn as "
            f"images. Pass channel=k to draw input channel k in grey (shape {tuple(w.shape)})"
        )
    if ncols is None:
        ncols = math.ceil(math.sqrt(n_out))
    if not isinstance(ncols, int) or isinstance(ncols, bool) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}")
    if not isinstance(pad, int) or isinstance(pad, bool) or pad < 0:
        raise ValueError(f"pad must be an int >= 0, got {pad!r}")
    ncols = min(ncols, n_out)
    nrows = math.ceil(n_out / ncols)

    lo = w.amin(dim=(1, 2, 3), keepdim=True)  # (out, 1, 1, 1)
    span = w.amax(dim=(1, 2, 3), keepdim=True) - lo
    w = torch.where(span > 0, (w - lo) / span.clamp_min(1e-300), torch.full_like(w, 0.5))

    c = w.shape[1]
    mosaic = torch.ones(c, pad + nrows * (h + pad), pad + ncols * (wd + pad), dtype=w.dtype)
    for k in range(n_out):
        row, col = divmod(k, ncols)
        top, left = pad + row * (h + pad), pad + col * (wd + pad)
        mosaic[:, top : top + h, left : left + wd] = w[k]
    ax = _new_ax(ax, figsize=(0.35 * ncols + 0.5, 0.35 * nrows + 0.5))
    if c == 3:
        ax.imshow(mosaic.permute(1, 2, 0).numpy(), interpolation="nearest")  # (H, W, 3)
    else:
        ax.imshow(mosaic[0].numpy(), cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------------------------
# The history
# ---------------------------------------------------------------------------------------------


def _credit(people) -> str:
    """'Rosenblatt', 'McCulloch & Pitts', 'Rumelhart, Hinton & Williams' or 'LeCun et al.'."""
    names = [p for p in people if p.strip() and p.strip() != "et al."]
    surnames = [p.split()[-1] for p in names]
    if not surnames:
        return ""
    if len(surnames) > 3 or len(names) < len(people):
        return f"{surnames[0]} et al."
    if len(surnames) == 1:
        return surnames[0]
    return ", ".join(surnames[:-1]) + " & " + surnames[-1]


def plot_timeline(events, ax=None, *, fontsize: float = 8, color: str | None = None):
    """Draw events as a timeline: one row per event, a dot at its year and a label beside it.

    Parameters
    ----------
    events:
        ``Event`` objects from ``dlbook.timeline.timeline()`` (anything with ``year``,
        ``title`` and ``people``); they are drawn in order of year.
    ax:
        Axes to draw on; a new figure, tall enough for one row per event, is made if ``None``.
    fontsize, color:
        Label size, and the dots' colour (default the first of ``CLASS_COLORS``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    events = list(events)
    if not events:
        raise ValueError("events is empty; give at least one event (see dlbook.timeline)")
    for e in events:
        if not (hasattr(e, "year") and hasattr(e, "title")):
            raise TypeError(f"each event needs a year and a title, got {type(e).__name__}: {e!r}")
    events.sort(key=lambda e: e.year)
    n = len(events)
    years = np.array([float(e.year) for e in events])
    rows = -np.arange(n, dtype=float)  # the first event on top
    ax = _new_ax(ax, figsize=(8, 0.28 * n + 0.8))
    ax.plot(
        years,
        rows,
        linestyle="none",
        marker="o",
        markersize=5,
        color=color or CLASS_COLORS[0],
        zorder=3,
    )
    lo, hi = years.min(), years.max()
    middle = (lo + hi) / 2
    for year, row, e in zip(years, rows, events, strict=True):
        credit = _credit(getattr(e, "people", ()))
        label = f"{e.year}  {e.title}" + (f" ({credit})" if credit else "")
        left = year <= middle  # labels point into the plot so they stay inside it
        ax.annotate(
            label,
            (year, row),
            xytext=(6 if left else -6, 0),
            textcoords="offset points",
            ha="left" if left else "right",
            va="center",
            fontsize=fontsize,
        )
    margin = max(hi - lo, 1.0) * 0.03
    ax.set_xlim(lo - margin, hi + margin)
    ax.set_ylim(-n + 0.5, 0.5)
    ax.set_yticks([])
    ax.set_xlabel("year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", alpha=0.3)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return ax


def plot_ilsvrc(
    results=None,
    human=HUMAN_TOP5_ERROR,
    ax=None,
    *,
    highlight: int | None = 2012,
    show_extra_data: bool = True,
):
    """Draw the winning ILSVRC top-5 error by year, with the human estimate as a dashed line.

    Parameters
    ----------
    results:
        ``ILSVRCResult`` objects (anything with ``year``, ``team`` and ``top5_error`` in
        percent); by default ``dlbook.timeline.ilsvrc_top5()``.
    human:
        The human top-5 error in percent (a number or ``HUMAN_TOP5_ERROR``, the default), or
        ``None`` to leave the line out.
    ax:
        Axes to draw on; a new figure is made if ``None``.
    highlight:
        Year whose bar stands out (2012, AlexNet), or ``None``.
    show_extra_data:
        Mark, on the years that have one, the same team's error with outside training data
        (AlexNet's 15.3% in 2012).

    Returns
    -------
    matplotlib.axes.Axes
    """
    results = ilsvrc_top5() if results is None else list(results)
    if not results:
        raise ValueError("results is empty; give at least one ILSVRC result")
    for r in results:
        if not all(hasattr(r, a) for a in ("year", "team", "top5_error")):
            raise TypeError(
                f"each result needs year, team and top5_error, got {type(r).__name__}: {r!r}"
            )
    results.sort(key=lambda r: r.year)
    years = [r.year for r in results]
    if len(set(years)) != len(years):
        raise ValueError(f"one result per year please; got years {years}")
    if highlight is not None and highlight not in years:
        raise ValueError(f"highlight year {highlight} is not among the results' years {years}")
    errors = np.array([float(r.top5_error) for r in results])
    if not (np.isfinite(errors).all() and (errors >= 0).all() and (errors <= 100).all()):
        raise ValueError(f"top5_error must be percentages in [0, 100], got {errors.tolist()}")

    ax = _new_ax(ax, figsize=(7, 4))
    x = np.arange(len(results))
    colors = [CLASS_COLORS[1] if r.year == highlight else CLASS_COLORS[0] for r in results]
    ax.bar(x, errors, width=0.7, color=colors, zorder=2)
    for xi, err in zip(x, errors, strict=True):
        ax.annotate(
            f"{err:g}%",
            (xi, err),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    handles = [plt.matplotlib.patches.Patch(color=CLASS_COLORS[0], label="winning entry")]
    if highlight is not None:
        team = results[years.index(highlight)].team
        handles.append(
            plt.matplotlib.patches.Patch(color=CLASS_COLORS[1], label=f"{highlight}: {team}")
        )
    extra = [
        (xi, r.extra_data_top5_error)
        for xi, r in zip(x, results, strict=True)
        if getattr(r, "extra_data_top5_error", None) is not None
    ]
    if show_extra_data and extra:
        (line,) = ax.plot(
            [p[0] for p in extra],
            [p[1] for p in extra],
            linestyle="none",
            marker="_",
            markersize=16,
            markeredgewidth=2,
            color="black",
            zorder=3,
            label="same team, with outside training data",
        )
        handles.append(line)
    if human is not None:
        level = float(human)
        line = ax.axhline(
            level,
            linestyle="--",
            linewidth=1.5,
            color=CLASS_COLORS[2],
            zorder=3,
            label=f"human estimate ({level:g}%)",
        )
        handles.append(line)
    ax.set_xticks(x, [f"{r.year}\n{r.team}" for r in results], fontsize=7)
    ax.set_ylabel("top-5 error (%)")
    ax.set_ylim(0, float(errors.max()) * 1.15)
    ax.legend(handles=handles, frameon=False, fontsize="small")
    ax.set_title("ILSVRC image classification, winning entries")
    return ax
