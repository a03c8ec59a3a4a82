"""Per-layer gradient norms and activation statistics, recorded through hooks.

Glorot & Bengio (2010) diagnosed why deep sigmoid networks trained badly by watching, layer by
layer, the activations (their mean, spread and saturation) and the back-propagated gradients
during training. The two recorders here take the same measurements from any ``nn.Module``:

- :class:`GradientNormRecorder`: the L2 norm of each layer's weight gradient after every
  backward pass (a hook on the weight that fires once its ``.grad`` is accumulated).
- :class:`ActivationRecorder`: the mean, standard deviation and fraction of saturated units of
  each activation module's output after every training forward pass (a forward hook), and
  optionally a fixed-bin histogram per epoch.

Both are training callbacks (pass them in ``callbacks=[...]``: they attach their hooks when
fitting starts and remove them when it ends) and also work on their own, as a context manager
or with ``attach()`` / ``detach()``; their
``record`` method measures a single batch, for "at initialization" figures.

Results are plain dicts of lists, ready to plot: ``history[layer]`` (gradient norms) or
``history[stat][layer]`` (activations) hold one value per step, ``epoch_history`` the same
with one mean per epoch. Layers are ordered from the input to the output and named
``"layer 1"``, ``"layer 2"``, ... unless given by name.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import torch
from torch import nn

from dlbook._checks import as_labels, as_tensor, check_bool, check_int, choose
from dlbook.train.callbacks import Callback

WEIGHT_LAYERS = (nn.Linear, nn.Conv2d)
"""Module types whose weight gradients :class:`GradientNormRecorder` records by default."""

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


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


# ---------------------------------------------------------------------------------------------
# Gradient norms
# ---------------------------------------------------------------------------------------------


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
    history:
        ``{layer: [norm per backward pass]}``.
    epoch_history:
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
        self.history: dict[str, list[float]] = {name: [] for name in self.layers}
        self.epoch_history: dict[str, list[float]] = {name: [] for name in self.layers}
        self._epoch_start = dict.fromkeys(self.layers, 0)

    def _make_handles(self) -> list:
        return [
            w.register_post_accumulate_grad_hook(self._hook(name))
            for name, w in self._weights.items()
        ]

    def _hook(self, name: str):
        def hook(param: torch.Tensor) -> None:
            self.history[name].append(float(param.grad.detach().norm()))

        return hook

    def end_epoch(self) -> None:
        """Close an epoch: append the mean of the norms recorded since the last call."""
        for name, values in self.history.items():
            self.epoch_history[name].append(_mean(values[self._epoch_start[name] :]))
            self._epoch_start[name] = len(values)

    def record(self, X, y, loss="cross_entropy") -> dict[str, float]:
        """Gradient norms for one batch, without touching ``.grad`` or the history.

        See :func:`gradient_norms_at_init`.
        """
        return gradient_norms_at_init(self.model, X, y, loss, layers=self.layers)


# ---------------------------------------------------------------------------------------------
# Activation statistics
# ---------------------------------------------------------------------------------------------


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
    history:
        ``{"mean": {layer: [...]}, "std": {...}, "saturation": {...}}``, one value per
        training forward pass. ``std`` is the population standard deviation over every unit
        and sample of the batch.
    epoch_history:
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
        self.history = self._empty()
        self.epoch_history = self._empty()
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
                self.history[stat][name].append(stats[stat])
        if "histogram" in stats:
            acc = self._hist_acc.get(name)
            self._hist_acc[name] = stats["histogram"] if acc is None else acc + stats["histogram"]

    def end_epoch(self) -> None:
        """Close an epoch: append the means since the last call, and the epoch's histograms."""
        for name in self.layers:
            for stat in self.STATS:
                if name in self.history[stat]:
                    values = self.history[stat][name][self._epoch_start[name] :]
                    self.epoch_history[stat][name].append(_mean(values))
            self._epoch_start[name] = len(self.history["mean"][name])
        for name in self.bin_edges:
            acc = self._hist_acc.pop(name, None)
            self.histograms[name].append([0] * self.bins if acc is None else acc.tolist())

    @torch.no_grad()
    def record(self, X) -> dict:
        """Statistics of one forward pass of ``X``, in the model's current mode.

        Returns ``{"mean": {layer: value}, "std": {...}, "saturation": {...}}`` plus
        ``"histogram": {layer: counts}`` when ``bins`` is set; the history is not touched.
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
