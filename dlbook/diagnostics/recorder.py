"""What the recorders share: choosing the layers to watch, and hooks that come and go."""

from __future__ import annotations

import math
from collections.abc import Mapping

import torch
from torch import nn

from dlbook.train.callbacks import Callback


def _resolve_layers(
    model: nn.Module, layers, default: list[nn.Module], what: str
) -> dict[str, nn.Module]:
    """Turn ``layers`` (None, modules, module names or a name -> module dict) into a dict."""
    _check_module(model)
    if layers is None:
        named = {f"layer {i}": m for i, m in enumerate(default, start=1)}
    elif isinstance(layers, Mapping):
        named = dict(layers)
    elif isinstance(layers, (str, nn.Module)):
        raise TypeError(f"layers must be a list of modules or module names, got {layers!r}")
    else:
        layers = list(layers)
        if all(isinstance(x, str) for x in layers):
            names = dict(model.named_modules())
            missing = [x for x in layers if x not in names]
            if missing:
                raise ValueError(
                    f"no module named {missing[0]!r} in the model; named modules are "
                    f"{[n for n in names if n][:20]}"
                )
            named = {x: names[x] for x in layers}
        else:
            named = {f"layer {i}": m for i, m in enumerate(layers, start=1)}
    if not named:
        raise ValueError(f"the model has no {what} to record; pass layers=[...] explicitly")
    inside = {id(m) for m in model.modules()}
    for name, m in named.items():
        if not isinstance(m, nn.Module):
            raise TypeError(f"layer {name!r} must be an nn.Module, got {type(m).__name__}")
        if id(m) not in inside:
            raise ValueError(f"layer {name!r} ({type(m).__name__}) is not part of the model")
    return named


def _check_module(model) -> None:
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")


def _device_of(model: nn.Module) -> torch.device:
    p = next(model.parameters(), None)
    return p.device if p is not None else torch.device("cpu")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


class HookRecorder(Callback):
    """Base of the recorders: hooks that come and go, as a callback or by hand.

    As a training callback it attaches its hooks in ``on_fit_start``, closes an epoch in
    ``on_epoch_end`` and removes the hooks in ``on_fit_end``. By hand, use ``attach()`` and
    ``detach()`` or a ``with`` block. Subclasses say which hooks to register
    (``_make_handles``) and what closing an epoch means (``end_epoch``).
    """

    def __init__(self, model: nn.Module):
        _check_module(model)
        self.model = model
        self._handles: list = []
        self._attached_by_fit = False

    def _make_handles(self) -> list:  # pragma: no cover - overridden
        raise NotImplementedError

    def end_epoch(self) -> None:  # pragma: no cover - overridden
        """Close an epoch: summarize what was recorded since the last call."""
        raise NotImplementedError

    @property
    def attached(self) -> bool:
        """Whether the hooks are in place."""
        return bool(self._handles)

    def attach(self):
        """Register the hooks (does nothing if they are in place already); returns ``self``."""
        if not self._handles:
            self._handles = self._make_handles()
        return self

    def detach(self) -> None:
        """Remove the hooks; what was recorded stays."""
        for h in self._handles:
            h.remove()
        self._handles = []

    def __enter__(self):
        return self.attach()

    def __exit__(self, *exc) -> None:
        self.detach()

    def on_fit_start(self, trainer, model) -> None:
        """Attach the hooks, unless they are attached already."""
        if model is not self.model:
            raise ValueError(
                f"this {type(self).__name__} was built for another model; make one per model"
            )
        self._attached_by_fit = not self.attached
        self.attach()

    def on_epoch_end(self, trainer, model, epoch: int, logs: dict) -> None:
        """Close the epoch: see ``end_epoch``."""
        self.end_epoch()

    def on_fit_end(self, trainer, model, history) -> None:
        """Remove the hooks that ``on_fit_start`` attached (hooks attached by hand stay)."""
        if self._attached_by_fit:
            self.detach()
            self._attached_by_fit = False
