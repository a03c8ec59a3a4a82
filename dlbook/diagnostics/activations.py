"""Activation statistics per layer: mean, spread, saturated fraction and histograms.

What Glorot & Bengio (2010) watched to see deep sigmoid networks saturate.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import nn

from dlbook._checks import as_tensor, check_bool, check_int
from dlbook.diagnostics.recorder import HookRecorder, _device_of, _mean, _resolve_layers

ACTIVATION_MODULES = (
    nn.Sigmoid,
    nn.Tanh,
    nn.ReLU,
    nn.LeakyReLU,
    nn.ELU,
    nn.GELU,
    nn.SiLU,
    nn.Softplus,
    nn.Hardtanh,
    nn.ReLU6,
)
"""Module types :class:`ActivationRecorder` hooks by default (when the model has no
``activations`` attribute)."""

SATURATION: dict[str, tuple[float, float]] = {
    "sigmoid": (0.05, 0.95),
    "tanh": (-0.9, 0.9),
    "relu": (0.0, math.inf),
}
"""Default saturation thresholds ``(low, high)`` per activation. A unit counts as saturated
when its output is ``<= low`` or ``>= high``.

- sigmoid: within 0.05 of 0 or 1, where ``s'(z) = s(1 - s) < 0.0475``, under a fifth of its
  peak 1/4.
- tanh: ``|a| >= 0.9``. As ``tanh(z) = 2 s(2z) - 1``, this is exactly the sigmoid rule carried
  over (``s = 0.95`` is ``tanh = 0.9``), and again the slope ``1 - a^2 = 0.19`` is under a fifth
  of its peak; ``|a| > 0.95`` or ``0.99`` would call far fewer tanh units saturated than sigmoid
  units in the same state.
- relu: outputs exactly 0, the "dead" units that pass no gradient back.
"""

_KINDS = {nn.Sigmoid: "sigmoid", nn.Tanh: "tanh", nn.ReLU: "relu"}
_HIST_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


class ActivationRecorder(HookRecorder):
    """Record the mean, std and saturated fraction of each activation module's output.

    The hooks sit on the activation modules themselves (``nn.Sigmoid``, ``nn.ReLU``, ...), so
    what is measured is the post-activation output of each hidden layer. Activations applied
    as functions inside ``forward`` (``torch.relu(x)``) cannot be hooked; pass the modules
    to watch in ``layers``, and use a separate module instance per layer (a module called
    twice in one forward pass raises an error rather than mixing two layers).

    Parameters
    ----------
    model:
        The network to watch.
    layers:
        ``None``: the model's ``activations`` attribute if it has one (``dlbook.models.MLP``
        does), else every activation module in ``model.modules()`` order, named ``"layer 1"``,
        ...; or a list of modules, a list of module names, or a dict ``{name: module}``.
    saturation:
        ``(low, high)``: count a unit as saturated when its output is ``<= low`` or
        ``>= high``, for every layer. By default each layer gets the rule for its kind from
        ``SATURATION`` (sigmoid, tanh, relu); other layers get no saturation entry.
    bins:
        If given, also keep a histogram of the outputs with this many equal bins per epoch.
    hist_range:
        ``(low, high)`` of the histogram bins; by default ``(0, 1)`` for sigmoid and
        ``(-1, 1)`` for tanh layers, and required for others. Values outside are not counted.
    skip_eval:
        Ignore forward passes made in eval mode (validation, prediction), so that the steps
        line up with the training batches.

    Attributes
    ----------
    per_step:
        ``{"mean": {layer: [...]}, "std": {...}, "saturation": {...}}``, one value per
        training forward pass. ``std`` is the population standard deviation over every unit
        and sample of the batch.
    per_epoch:
        The same with one mean per epoch, filled by ``end_epoch()``.
    histograms:
        ``{layer: [counts per epoch]}`` (lists of ``bins`` ints summed over the epoch's
        batches), with the bin edges in ``bin_edges[layer]``.
    """

    STATS = ("mean", "std", "saturation")

    def __init__(
        self,
        model: nn.Module,
        layers=None,
        *,
        saturation: tuple[float, float] | None = None,
        bins: int | None = None,
        hist_range: tuple[float, float] | None = None,
        skip_eval: bool = True,
    ):
        default = getattr(model, "activations", None)
        if not (isinstance(default, (list, tuple, nn.ModuleList)) and len(default) > 0):
            default = [m for m in model.modules() if isinstance(m, ACTIVATION_MODULES)]
        super().__init__(model)
        self.layers = _resolve_layers(model, layers, list(default), "activation modules")
        self.thresholds: dict[str, tuple[float, float] | None] = {}
        for name, m in self.layers.items():
            rule = saturation if saturation is not None else SATURATION.get(_kind(m))
            if rule is not None:
                rule = _check_pair(rule, "saturation")
            self.thresholds[name] = rule
        self.bins = bins
        self.bin_edges: dict[str, list[float]] = {}
        if bins is not None:
            check_int(bins, "bins", minimum=1)
            for name, m in self.layers.items():
                rng = hist_range if hist_range is not None else _HIST_RANGE.get(_kind(m))
                if rng is None:
                    raise ValueError(
                        f"give hist_range=(low, high) for the histograms: layer {name!r} is a "
                        f"{type(m).__name__}, whose output range has no default"
                    )
                lo, hi = _check_pair(rng, "hist_range")
                self.bin_edges[name] = torch.linspace(
                    lo, hi, bins + 1, dtype=torch.float64
                ).tolist()
        self.skip_eval = check_bool(skip_eval, "skip_eval")
        self.per_step = self._empty()
        self.per_epoch = self._empty()
        self.histograms: dict[str, list[list[int]]] = {name: [] for name in self.bin_edges}
        self._hist_acc: dict[str, torch.Tensor] = {}
        self._epoch_start = dict.fromkeys(self.layers, 0)

    def _empty(self) -> dict[str, dict[str, list[float]]]:
        return {
            stat: {
                n: [] for n in self.layers if stat != "saturation" or self.thresholds[n] is not None
            }
            for stat in self.STATS
        }

    def _make_handles(self) -> list:
        return self._register(self._store, training_only=self.skip_eval)

    def _register(self, sink: Callable, *, training_only: bool) -> list:
        """Hook every layer, sending its statistics to ``sink(name, stats)``."""
        called: set[str] = set()  # layers seen in the current forward pass

        def start(module, args) -> None:
            called.clear()

        def make_hook(name: str):
            def hook(module, args, output) -> None:
                if training_only and not self.model.training:
                    return
                if name in called:
                    raise RuntimeError(
                        f"layer {name!r} ({type(module).__name__}) ran twice in one forward "
                        "pass: the same module instance serves several layers; give each "
                        "layer its own activation module so their statistics are not mixed"
                    )
                called.add(name)
                if not isinstance(output, torch.Tensor):
                    raise TypeError(
                        f"layer {name!r} returned a {type(output).__name__}, not a tensor"
                    )
                sink(name, self._measure(name, output.detach()))

            return hook

        handles = [self.model.register_forward_pre_hook(start)]
        handles += [m.register_forward_hook(make_hook(n)) for n, m in self.layers.items()]
        return handles

    def _measure(self, name: str, a: torch.Tensor) -> dict:
        a = a.float() if a.dtype in (torch.float16, torch.bfloat16) else a
        stats = [a.mean(), a.std(correction=0) if a.numel() > 1 else a.new_zeros(())]
        rule = self.thresholds[name]
        if rule is not None:
            lo, hi = rule
            stats.append(((a <= lo) | (a >= hi)).to(a.dtype).mean())
        values = torch.stack(stats).tolist()  # one device sync per layer
        out = dict(zip(self.STATS, values, strict=False))
        if name in self.bin_edges:
            edges = self.bin_edges[name]
            counts = torch.histc(a, bins=self.bins, min=edges[0], max=edges[-1])  # (bins,)
            out["histogram"] = counts.long()
        return out

    def _store(self, name: str, stats: dict) -> None:
        for stat in self.STATS:
            if stat in stats:
                self.per_step[stat][name].append(stats[stat])
        if "histogram" in stats:
            acc = self._hist_acc.get(name)
            self._hist_acc[name] = stats["histogram"] if acc is None else acc + stats["histogram"]

    def end_epoch(self) -> None:
        """Close an epoch: append the means since the last call, and the epoch's histograms."""
        for name in self.layers:
            for stat in self.STATS:
                if name in self.per_step[stat]:
                    values = self.per_step[stat][name][self._epoch_start[name] :]
                    self.per_epoch[stat][name].append(_mean(values))
            self._epoch_start[name] = len(self.per_step["mean"][name])
        for name in self.bin_edges:
            acc = self._hist_acc.pop(name, None)
            self.histograms[name].append([0] * self.bins if acc is None else acc.tolist())

    @torch.no_grad()
    def record(self, X) -> dict:
        """Statistics of one forward pass of ``X``, in the model's current mode.

        Returns ``{"mean": {layer: value}, "std": {...}, "saturation": {...}}`` plus
        ``"histogram": {layer: counts}`` when ``bins`` is set; ``per_step`` is not touched.
        """
        X = as_tensor(X, "X").to(_device_of(self.model))
        found: dict[str, dict] = {}
        attached, self._handles = self._handles, []
        for h in attached:  # the training hooks step aside while we measure
            h.remove()
        handles = self._register(found.__setitem__, training_only=False)
        try:
            self.model(X)
        finally:
            for h in handles:
                h.remove()
            if attached:
                self.attach()
        missing = [n for n in self.layers if n not in found]
        if missing:
            raise ValueError(f"layer {missing[0]!r} was not called in the forward pass")
        result: dict[str, dict] = {stat: {} for stat in self.STATS}
        if self.bin_edges:
            result["histogram"] = {}
        for name, stats in found.items():
            for key, value in stats.items():
                result[key][name] = value.tolist() if key == "histogram" else value
        return result


def _kind(module: nn.Module) -> str | None:
    for cls, kind in _KINDS.items():
        if isinstance(module, cls):
            return kind
    return None


def _check_pair(pair, name: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in pair)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a pair of numbers (low, high), got {pair!r}") from err
    if not lo < hi:
        raise ValueError(f"{name} must have low < high, got {pair!r}")
    return lo, hi
