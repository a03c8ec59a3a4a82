"""Views of a classifier on 2-D inputs: the regions it assigns to each class, and a threshold
unit's boundary line."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch

from dlbook._checks import as_labels, as_tensor
from dlbook.plot.style import CLASS_COLORS, _new_ax

__all__ = ["plot_decision_boundary", "plot_line"]


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
