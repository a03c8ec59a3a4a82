"""Per-layer gradient norms: at initialization, and at every backward pass of a training run.

The vanishing-gradient picture in numbers (Hochreiter 1991; Glorot & Bengio 2010).
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from dlbook._checks import as_labels, as_tensor, choose
from dlbook.diagnostics.recorder import (
    HookRecorder,
    _check_module,
    _device_of,
    _mean,
    _resolve_layers,
)

WEIGHT_LAYERS = (nn.Linear, nn.Conv2d)
"""Module types whose weight gradients :class:`GradientNormRecorder` records by default."""


def _loss_fn(loss) -> Callable:
    if callable(loss):
        return loss
    key = choose(loss, "loss", ("cross_entropy", "mse"))
    return nn.functional.cross_entropy if key == "cross_entropy" else nn.functional.mse_loss


def _check_batch(model: nn.Module, X, y, loss):
    X = as_tensor(X, "X").to(_device_of(model))
    if y is None:
        return X, None
    if isinstance(loss, str) and loss.lower() == "cross_entropy":
        y = as_labels(y, "y", n=X.shape[0])
    else:
        y = as_tensor(y, "y")
        if y.shape[0] != X.shape[0]:
            raise ValueError(f"y has {y.shape[0]} rows but X has {X.shape[0]} samples")
    return X, y.to(X.device)


def gradient_norms_at_init(
    model: nn.Module, X, y, loss="cross_entropy", layers=None
) -> dict[str, float]:
    """L2 norms of each layer's weight gradient for one batch, input layer first.

    The vanishing-gradient picture in numbers: in a deep sigmoid network at a naive
    initialization the norms shrink by orders of magnitude from the output back to the
    input (Glorot & Bengio 2010, Hochreiter 1991). The gradients come from
    ``torch.autograd.grad``, so the parameters' ``.grad`` are left as they were.

    Parameters
    ----------
    model:
        Any ``nn.Module``, called as ``model(X)``.
    X, y:
        One batch; ``y`` holds class labels for ``cross_entropy``, targets shaped like the
        output for ``mse``.
    loss:
        ``"cross_entropy"``, ``"mse"`` or a callable ``loss(output, y) -> scalar``.
    layers:
        Modules with a ``weight`` (as a list, names or a dict); by default every
        ``nn.Linear`` and ``nn.Conv2d`` in ``model.modules()`` order.

    Returns
    -------
    dict
        ``{layer name: norm}``, input layer first.
    """
    _check_module(model)
    named = _resolve_layers(
        model,
        layers,
        [m for m in model.modules() if isinstance(m, WEIGHT_LAYERS)],
        "nn.Linear or nn.Conv2d layers",
    )
    weights = _weights(named)
    X, y = _check_batch(model, X, y, loss)
    fn = _loss_fn(loss)
    with torch.enable_grad():
        out = model(X)
        if fn is nn.functional.mse_loss:
            if y.ndim == 1 and out.ndim == 2 and out.shape[1] == 1:
                y = y[:, None]  # (n,) -> (n, 1)
            if tuple(out.shape) != tuple(y.shape):
                raise ValueError(
                    f"y has shape {tuple(y.shape)} but the model outputs {tuple(out.shape)}; "
                    "for the mse loss give targets shaped like the output"
                )
            y = y.to(out.dtype)
        value = fn(out, y)
        if not isinstance(value, torch.Tensor) or value.numel() != 1:
            raise ValueError("loss must return a scalar tensor")
        grads = torch.autograd.grad(value, list(weights.values()), allow_unused=True)
    result = {}
    for name, g in zip(weights, grads, strict=True):
        if g is None:
            raise ValueError(f"layer {name!r} does not take part in the forward pass")
        result[name] = float(g.detach().norm())
    return result


def _weights(named: dict[str, nn.Module]) -> dict[str, torch.Tensor]:
    weights = {}
    for name, m in named.items():
        w = getattr(m, "weight", None)
        if not isinstance(w, torch.Tensor) or not w.requires_grad:
            raise TypeError(
                f"layer {name!r} ({type(m).__name__}) has no trainable weight to record"
            )
        weights[name] = w
    return weights


class GradientNormRecorder(HookRecorder):
    """Record the L2 norm of each layer's weight gradient at every backward pass.

    The norm is read from ``weight.grad`` once the backward pass has accumulated it: the
    value ``layer.weight.grad.norm()`` would give in the trainer's ``on_after_backward`` (so
    before any clipping or optimizer step). With gradient accumulation it is the running sum.

    Parameters
    ----------
    model:
        The network to watch.
    layers:
        ``None`` (every ``nn.Linear`` and ``nn.Conv2d``, named ``"layer 1"``, ...), a list of
        modules (named the same way), a list of module names (as in ``model.named_modules()``,
        used as keys) or a dict ``{name: module}``.

    Attributes
    ----------
    per_step:
        ``{layer: [norm per backward pass]}``.
    per_epoch:
        ``{layer: [mean norm per epoch]}``, filled by ``end_epoch()`` (called by the trainer
        at each epoch's end).
    """

    def __init__(self, model: nn.Module, layers=None):
        super().__init__(model)
        self.layers = _resolve_layers(
            model,
            layers,
            [m for m in model.modules() if isinstance(m, WEIGHT_LAYERS)],
            "nn.Linear or nn.Conv2d layers",
        )
        self._weights = _weights(self.layers)
        self.per_step: dict[str, list[float]] = {name: [] for name in self.layers}
        self.per_epoch: dict[str, list[float]] = {name: [] for name in self.layers}
        self._epoch_start = dict.fromkeys(self.layers, 0)

    def _make_handles(self) -> list:
        return [
            w.register_post_accumulate_grad_hook(self._hook(name))
            for name, w in self._weights.items()
        ]

    def _hook(self, name: str):
        def hook(param: torch.Tensor) -> None:
            self.per_step[name].append(float(param.grad.detach().norm()))

        return hook

    def end_epoch(self) -> None:
        """Close an epoch: append the mean of the norms recorded since the last call."""
        for name, values in self.per_step.items():
            self.per_epoch[name].append(_mean(values[self._epoch_start[name] :]))
            self._epoch_start[name] = len(values)

    def record(self, X, y, loss="cross_entropy") -> dict[str, float]:
        """Gradient norms for one batch, without touching ``.grad`` or ``per_step``.

        See :func:`gradient_norms_at_init`.
        """
        return gradient_norms_at_init(self.model, X, y, loss, layers=self.layers)
