"""Inside the network: gradient norms per layer and the distribution of activations."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import torch

from dlbook._checks import as_tensor, choose
from dlbook.plot.style import CLASS_COLORS, _new_ax

__all__ = ["plot_activation_histograms", "plot_gradient_flow"]


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
        (as a ``GradientNormRecorder`` keeps them, one list per layer): the line then shows
        their mean, with a band from their minimum to their maximum.
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
