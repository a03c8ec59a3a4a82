"""``Trainer``: the training loop every chapter would otherwise write again, written once.

The loop is the one from any PyTorch tutorial (and nanoGPT's ``train.py``)::

    for epoch in range(epochs):
        for xb, yb in train:
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

plus what a book needs around it: a seed, a device, a history of losses and metrics, a
progress bar only in a terminal, callbacks (see ``dlbook.train.callbacks``), checkpoints that
resume exactly, and errors that say what went wrong instead of training on NaN.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable, Iterable

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from dlbook._checks import choose
from dlbook.data.loader import TensorLoader, _as_data
from dlbook.device import get_device
from dlbook.seed import seed_everything
from dlbook.train.callbacks import Callback
from dlbook.train.checkpoint import load_checkpoint, rng_state, save_checkpoint, set_rng_state
from dlbook.train.errors import CheckpointError, TrainingDivergedError
from dlbook.train.record import History

#: Environment variable forcing the progress bar on (``1``) or off (``0``).
PROGRESS_ENV = "DLBOOK_PROGRESS"

_HOOKS = (
    "on_fit_start",
    "on_epoch_start",
    "on_after_backward",
    "on_batch_end",
    "on_epoch_end",
    "on_fit_end",
)


def _accuracy(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Number of correct predictions in a batch (a tensor, so no device sync).

    Scores ``(B, C)`` predict their argmax; a single output ``(B,)`` or ``(B, 1)`` is read as a
    logit (positive means class 1).
    """
    if out.ndim == 2 and out.shape[1] > 1:  # (B, C) class scores
        if y.ndim != 1:
            raise ValueError(
                f"accuracy needs one class label per sample, got targets of shape "
                f"{tuple(y.shape)} for outputs {tuple(out.shape)}; pass metrics=() to train "
                "without it (e.g. for regression)"
            )
        return (out.argmax(1) == y).sum()
    return ((out.reshape(-1) > 0).long() == y.reshape(-1).long()).sum()  # (B,) logits


def _top5_accuracy(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Number of samples whose label is among the 5 highest scores (the ILSVRC measure)."""
    if out.ndim != 2 or out.shape[1] < 5 or y.ndim != 1:
        raise ValueError(
            f"top5_accuracy needs scores (B, C) with C >= 5 and labels (B,), got outputs "
            f"{tuple(out.shape)} and targets {tuple(y.shape)}"
        )
    top5 = out.topk(5, dim=1).indices  # (B, 5)
    return (top5 == y[:, None]).any(dim=1).sum()


_METRICS: dict[str, Callable] = {"accuracy": _accuracy, "top5_accuracy": _top5_accuracy}


class Trainer:
    """Fit, evaluate and predict with a ``torch.nn.Module``.

    During a fit, callbacks can read ``trainer.model``, ``trainer.optimizer``,
    ``trainer.history`` and ``trainer.epoch`` (0-based).

    Parameters
    ----------
    optimizer:
        A factory called with the model's trainable parameters, e.g.
        ``lambda params: torch.optim.SGD(params, lr=0.1)`` (a new optimizer per ``fit``), or
        an optimizer already built on the model's parameters. Default: SGD with ``lr=0.1``.
    loss:
        The loss as an object, e.g. ``nn.CrossEntropyLoss()`` (the default) or ``nn.MSELoss()``.
    epochs:
        Total passes over the training data (a resumed run continues up to this number).
    device:
        ``"auto"`` (CUDA, then MPS, then CPU; ``DLBOOK_DEVICE`` overrides), ``"cpu"``, ...
    seed:
        Seeds Python, NumPy and torch at the start of every ``fit``, and the shuffling of data
        given as ``(X, y)``.
    metrics:
        Names (``"accuracy"``, ``"top5_accuracy"``) or callables ``fn(outputs, targets)``
        returning a batch mean; each is recorded as ``train_<name>`` and ``val_<name>``.
        Training metrics are averaged over the epoch's batches as they are trained (Keras'
        convention), not recomputed.
    callbacks:
        ``Callback`` instances, called in the order given. One may set
        ``trainer.stop_training = True`` to end the fit after the current epoch.
    progress:
        ``True``/``False`` forces a progress bar on or off; ``None`` shows one only when
        stderr is a terminal (never in a docs build or notebook) unless ``DLBOOK_PROGRESS`` is
        ``1`` or ``0``.
    batch_size:
        Batch size for data given as a tuple ``(X, y)``.
    grad_clip:
        If set, clip the gradients' global norm to it (after ``on_after_backward``).
    checkpoint_path, checkpoint_every:
        Save a checkpoint to this path every ``checkpoint_every`` epochs and after the last.
    """

    def __init__(
        self,
        optimizer=None,
        loss=None,
        *,
        epochs: int = 10,
        device="auto",
        seed: int = 0,
        metrics=("accuracy",),
        callbacks=(),
        progress: bool | None = None,
        batch_size: int = 64,
        grad_clip: float | None = None,
        checkpoint_path=None,
        checkpoint_every: int = 1,
    ):
        if optimizer is not None and not (
            isinstance(optimizer, torch.optim.Optimizer) or callable(optimizer)
        ):
            raise TypeError(
                "optimizer must be a torch optimizer or a factory such as "
                f"lambda params: torch.optim.SGD(params, lr=0.1); got {type(optimizer).__name__}"
            )
        loss = nn.CrossEntropyLoss() if loss is None else loss
        if not callable(loss):
            raise TypeError(
                f"loss must be a loss object such as nn.CrossEntropyLoss(), got "
                f"{type(loss).__name__}"
            )
        _check_count(epochs, "epochs")
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise TypeError(f"seed must be a non-negative int, got {seed!r}")
        if seed < 0:
            raise ValueError(f"seed must be a non-negative int, got {seed}")
        _check_count(batch_size, "batch_size")
        _check_count(checkpoint_every, "checkpoint_every")
        if grad_clip is not None and not (isinstance(grad_clip, (int, float)) and grad_clip > 0):
            raise ValueError(f"grad_clip must be a positive number or None, got {grad_clip!r}")
        if progress is not None and not isinstance(progress, bool):
            raise TypeError(f"progress must be True, False or None, got {progress!r}")
        self.device = get_device(device)
        self._optimizer_arg = optimizer  # an optimizer, a factory, or None for the default
        self.optimizer = optimizer if isinstance(optimizer, torch.optim.Optimizer) else None
        self.loss = loss.to(self.device) if isinstance(loss, nn.Module) else loss
        self.epochs, self.seed, self.batch_size = epochs, seed, batch_size
        self.grad_clip, self.progress = grad_clip, progress
        self.metrics = _metric_table(metrics)
        self.callbacks = list(callbacks)
        for cb in self.callbacks:
            if isinstance(cb, type) or not any(hasattr(cb, h) for h in _HOOKS):
                raise TypeError(f"callbacks must be Callback instances, got {cb!r}")
        self.checkpoint_path, self.checkpoint_every = checkpoint_path, checkpoint_every
        self.model = None
        self.history = History(device=str(self.device))
        self.epoch = 0
        self.stop_training = False

    # -- fitting -----------------------------------------------------------------------------

    def fit(self, model: nn.Module, train, val=None, *, resume=None) -> History:
        """Train ``model`` on ``train`` (and score ``val`` after each epoch); return the history.

        ``train`` and ``val`` may be a ``TensorLoader``, a torch ``DataLoader``, any re-iterable
        of ``(x, y)`` batches, or a tuple ``(X, y)`` of tensors or arrays. ``resume`` is a
        checkpoint path to continue from: model, optimizer, history, random states and the
        loader's shuffling are restored, so the run continues exactly as if never stopped.
        """
        _check_model(model)
        seed_everything(self.seed)
        model.to(self.device)
        train = self._loader(train, "train", shuffle=True)
        val = None if val is None else self._loader(val, "val", shuffle=False)
        self.model, self.optimizer = model, self._build_optimizer(model)
        self.history, self.stop_training = History(device=str(self.device)), False
        start = 0 if resume is None else self._resume(resume, model, train)
        hooks = self._hooks()
        bar = self._progress_bar(train, start)
        for fn in hooks["on_fit_start"]:
            fn(self, model)
        try:
            for epoch in range(start, self.epochs):
                self.epoch = epoch
                for fn in hooks["on_epoch_start"]:
                    fn(self, model, epoch)
                tic = time.perf_counter()
                row = {"epoch": epoch + 1}
                row |= self._train_epoch(model, train, epoch, hooks, bar=bar, check=epoch == start)
                if val is not None:
                    scores = self._evaluate(model, val, "val", check=epoch == start)
                    row |= {f"val_{k}": v for k, v in scores.items()}
                row["time"] = time.perf_counter() - tic
                self.history.append(row)
                if bar is not None:
                    bar.set_postfix({k: f"{v:.4g}" for k, v in row.items() if k.endswith("loss")})
                for fn in hooks["on_epoch_end"]:
                    fn(self, model, epoch, row)
                last = epoch + 1 == self.epochs or self.stop_training
                if self.checkpoint_path and ((epoch + 1) % self.checkpoint_every == 0 or last):
                    self.save_checkpoint(self.checkpoint_path, epoch + 1, train)
                if self.stop_training:
                    break
        finally:
            if bar is not None:
                bar.close()
        for fn in hooks["on_fit_end"]:
            fn(self, model, self.history)
        return self.history

    def _train_epoch(self, model, loader, epoch, hooks, *, bar, check) -> dict:
        """One pass of gradient steps; returns ``train_loss`` and ``train_<metric>``."""
        model.train()
        opt, loss_fn = self.optimizer, self.loss
        after_backward, batch_end = hooks["on_after_backward"], hooks["on_batch_end"]
        total, count = 0.0, 0
        parts: dict = {name: [] for name in self.metrics}
        for batch, (xb, yb) in enumerate(self._on_device(loader)):
            out = model(xb)
            if check and batch == 0:
                self._check_targets(out, yb, loader, "train")
            loss = loss_fn(out, yb)
            value = loss.item()  # one sync per batch: the price of stopping before a NaN step
            if not math.isfinite(value):
                raise self._diverged(value, epoch, batch, loader)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            for fn in after_backward:
                fn(self, model, batch)
            if self.grad_clip is not None:
                nn.utils.clip_grad_norm_(model.parameters(), self.grad_clip)
            opt.step()
            n = yb.shape[0]
            total += value * n
            count += n
            out = out.detach()
            for name, metric in self.metrics.items():
                parts[name].append(metric(out, yb))  # a tensor on the device: no sync
            for fn in batch_end:
                fn(self, model, batch, value)
            if bar is not None:
                bar.update()
        if count == 0:
            raise ValueError("the training data gave no batches; it is empty")
        return {"train_loss": total / count} | {
            f"train_{name}": _total(p) / count for name, p in parts.items()
        }

    def _on_device(self, loader):
        """The batches of ``loader`` on the trainer's device (a TensorLoader there already is)."""
        dev = self.device
        if isinstance(loader, TensorLoader) and loader.device == dev:
            yield from loader
            return
        for x, y in loader:
            yield x.to(dev, non_blocking=True), y.to(dev, non_blocking=True)

    @torch.no_grad()
    def _evaluate(self, model, loader, name: str, check: bool) -> dict:
        """Loss and metrics over ``loader`` in eval mode (no dropout); ``name`` is for errors."""
        was_training = model.training
        model.eval()
        losses, count = [], 0
        parts: dict = {name: [] for name in self.metrics}
        for batch, (xb, yb) in enumerate(self._on_device(loader)):
            out = model(xb)
            if check and batch == 0:
                self._check_targets(out, yb, loader, name)
            n = yb.shape[0]
            losses.append(self.loss(out, yb) * n)  # a tensor: no sync per batch
            count += n
            for key, metric in self.metrics.items():
                parts[key].append(metric(out, yb))
        model.train(was_training)
        if count == 0:
            raise ValueError(f"the {name} data gave no batches; it is empty")
        return {"loss": _total(losses) / count} | {m: _total(p) / count for m, p in parts.items()}

    # -- evaluate and predict ----------------------------------------------------------------

    def evaluate(self, model: nn.Module, data) -> dict:
        """Loss and metrics of ``model`` on ``data`` (any form ``fit`` takes), e.g.
        ``{"loss": 0.31, "accuracy": 0.91}``."""
        _check_model(model)
        model.to(self.device)
        return self._evaluate(model, self._loader(data, "data", shuffle=False), "given", True)

    @torch.no_grad()
    def predict(self, model: nn.Module, data) -> torch.Tensor:
        """The model's outputs (eval mode, on the CPU) for inputs ``X`` or the inputs of a
        loader, tuple ``(X, y)`` or iterable of batches, in order."""
        _check_model(model)
        model.to(self.device)
        if isinstance(data, tuple) and len(data) == 2 and not isinstance(data[0], (tuple, list)):
            data = data[0]
        if isinstance(data, (torch.Tensor, np.ndarray, list)) and not _is_batch_list(data):
            X = _as_data(data, "X").to(self.device)  # (N, ...)
            batches: Iterable = X.split(self.batch_size)  # (B, ...) views
        else:
            batches = (b[0] if isinstance(b, (tuple, list)) else b for b in data)
        was_training = model.training
        model.eval()
        outs = [model(xb.to(self.device)).cpu() for xb in batches]
        model.train(was_training)
        if not outs:
            raise ValueError("predict got no inputs; the data is empty")
        return torch.cat(outs)  # (N, ...)

    # -- checkpoints -------------------------------------------------------------------------

    def save_checkpoint(self, path, epoch: int, train=None) -> None:
        """Save model, optimizer, history, config and random states (and ``train``'s
        shuffling if it is a ``TensorLoader``) after ``epoch`` epochs."""
        rng = rng_state()
        if isinstance(train, TensorLoader):
            rng["loader"] = train.state_dict()
        save_checkpoint(
            path, self.model, self.optimizer, epoch, self.history, self.config(), rng=rng
        )

    def _resume(self, path, model, train) -> int:
        """Restore a checkpoint into this fit; return the number of epochs already done."""
        ckpt = load_checkpoint(path)
        done = ckpt["epoch"]
        if done > self.epochs:
            raise ValueError(
                f"checkpoint {path} has {done} epochs done but this trainer runs epochs="
                f"{self.epochs}; set epochs >= {done} to continue"
            )
        try:
            model.load_state_dict(ckpt["model"])
            if ckpt["optimizer"] is not None:
                self.optimizer.load_state_dict(ckpt["optimizer"])
        except (RuntimeError, ValueError, KeyError) as err:
            raise CheckpointError(
                f"checkpoint {path} does not fit this model or optimizer: {err}"
            ) from err
        if ckpt["history"]:
            self.history = History.from_dict(ckpt["history"])
            self.history.device = str(self.device)
        set_rng_state(ckpt["rng"])
        if isinstance(train, TensorLoader) and "loader" in ckpt["rng"]:
            train.load_state_dict(ckpt["rng"]["loader"])
        return done

    def config(self) -> dict:
        """The run's settings as plain Python (stored in checkpoints)."""
        return {
            "epochs": self.epochs,
            "seed": self.seed,
            "batch_size": self.batch_size,
            "grad_clip": self.grad_clip,
            "device": str(self.device),
            "loss": type(self.loss).__name__,
            "metrics": list(self.metrics),
            "optimizer": type(self.optimizer).__name__ if self.optimizer is not None else None,
        }

    # -- helpers -----------------------------------------------------------------------------

    def _loader(self, data, name: str, shuffle: bool):
        """Accept a loader, an iterable of batches or ``(X, y)`` (wrapped in a TensorLoader)."""
        if isinstance(data, (TensorLoader, torch.utils.data.DataLoader)):
            return data
        if isinstance(data, tuple) and len(data) == 2 and not isinstance(data[0], (tuple, list)):
            X, y = data
            return TensorLoader(
                X,
                y,
                batch_size=self.batch_size,
                shuffle=shuffle,
                device=self.device,
                seed=self.seed,
            )
        if isinstance(data, (torch.Tensor, np.ndarray)) or (
            isinstance(data, list) and data and not _is_batch_list(data)
        ):
            raise TypeError(
                f"{name} must be a tuple (X, y), a TensorLoader, a DataLoader or a list of "
                f"(x, y) batches; got a {type(data).__name__} of inputs only"
            )
        if not isinstance(data, Iterable):
            raise TypeError(
                f"{name} must be a tuple (X, y), a TensorLoader, a DataLoader or an iterable of "
                f"(x, y) batches; got {type(data).__name__}"
            )
        if iter(data) is data:
            raise TypeError(
                f"{name} is a one-shot iterator ({type(data).__name__}), which would be empty "
                "after the first epoch; pass a list of batches or a loader instead"
            )
        return data

    def _build_optimizer(self, model: nn.Module) -> torch.optim.Optimizer:
        params = [p for p in model.parameters() if p.requires_grad]
        if not params:
            raise ValueError(f"{type(model).__name__} has no trainable parameters to optimize")
        given = self._optimizer_arg
        if isinstance(given, torch.optim.Optimizer):
            ours = {id(p) for p in model.parameters()}
            if any(id(p) not in ours for g in given.param_groups for p in g["params"]):
                raise ValueError(
                    "the optimizer was built on parameters that are not this model's (was the "
                    "model created again after the optimizer?); pass a factory such as "
                    "optimizer=lambda params: torch.optim.SGD(params, lr=0.1)"
                )
            return given
        if given is None:
            return torch.optim.SGD(params, lr=0.1)
        opt = given(params)
        if not isinstance(opt, torch.optim.Optimizer):
            raise TypeError(
                f"the optimizer factory must return a torch optimizer, got {type(opt).__name__}"
            )
        return opt

    def _check_targets(self, out, yb, loader, name: str) -> None:
        """Class labels must index the model's outputs (CUDA would fail with a cryptic assert)."""
        if not isinstance(self.loss, (nn.CrossEntropyLoss, nn.NLLLoss)):
            return
        if yb.is_floating_point() or out.ndim < 2:
            return  # class probabilities as targets, or not class scores at all
        k = out.shape[1]
        labels = loader.y if isinstance(loader, TensorLoader) else yb
        labels = labels[labels != self.loss.ignore_index]
        if labels.numel() == 0:
            return
        lo, hi = int(labels.min()), int(labels.max())
        if lo < 0 or hi >= k:
            raise ValueError(
                f"{name} labels run from {lo} to {hi} but the model gives {k} outputs (logits) "
                f"per sample, so labels must lie in [0, {k - 1}]; give the last layer "
                f"{max(hi + 1, k)} outputs or relabel the data"
            )

    def _diverged(self, value, epoch, batch, loader) -> TrainingDivergedError:
        of = f" of {len(loader)}" if hasattr(loader, "__len__") else ""
        lr = self.optimizer.param_groups[0].get("lr")
        lr_hint = f" (now lr={lr:g})" if isinstance(lr, (int, float)) else ""
        return TrainingDivergedError(
            f"the training loss is {value} at epoch {epoch + 1} of {self.epochs}, batch "
            f"{batch + 1}{of}; stopped before the optimizer step. Lower the learning rate"
            f"{lr_hint}, check the inputs for huge values or NaN, or set grad_clip.",
            epoch=epoch + 1,
            batch=batch + 1,
            loss=value,
        )

    def _hooks(self) -> dict:
        """Bound callback methods per hook, skipping those a callback does not override."""
        hooks: dict = {name: [] for name in _HOOKS}
        for cb in self.callbacks:
            for name in _HOOKS:
                method = getattr(type(cb), name, None)
                if method is not None and method is not getattr(Callback, name):
                    hooks[name].append(getattr(cb, name))
        return hooks

    def _progress_bar(self, train, start: int):
        if not show_progress(self.progress):
            return None
        per_epoch = len(train) if hasattr(train, "__len__") else None
        total = None if per_epoch is None else per_epoch * self.epochs
        return tqdm(
            total=total,
            initial=0 if total is None else per_epoch * start,
            desc="fit",
            unit="batch",
            file=sys.stderr,
            dynamic_ncols=True,
        )

    def __repr__(self) -> str:
        given = self._optimizer_arg
        opt = "SGD(lr=0.1)" if given is None else getattr(given, "__name__", type(given).__name__)
        return (
            f"Trainer(optimizer={opt}, loss={type(self.loss).__name__}, epochs={self.epochs}, "
            f"device={self.device}, seed={self.seed})"
        )


def show_progress(progress: bool | None = None) -> bool:
    """Whether to draw a progress bar: ``progress`` if given, else ``DLBOOK_PROGRESS`` (``0`` or
    ``1``) if set, else only when stderr is a terminal and no docs build is running."""
    if progress is not None:
        return bool(progress)
    env = os.environ.get(PROGRESS_ENV, "").strip().lower()
    if env:
        if env in ("0", "false", "no", "off"):
            return False
        if env in ("1", "true", "yes", "on"):
            return True
        raise ValueError(f"${PROGRESS_ENV}={env!r} is not understood; use 0 or 1")
    if "sphinx_gallery" in sys.modules:  # executing a gallery script inside a Sphinx build
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


def _check_model(model) -> None:
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")


def _check_count(value, name: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")


def _is_batch_list(data) -> bool:
    """A list whose items are ``(x, y)`` pairs, as opposed to a list of numbers or tensors."""
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], (tuple, list))
        and len(data[0]) == 2
        and isinstance(data[0][0], torch.Tensor)
    )


def _metric_table(metrics) -> dict:
    """Map each metric's name to ``fn(outputs, targets) -> batch sum``."""
    if isinstance(metrics, str) or callable(metrics):
        metrics = (metrics,)
    table: dict = {}
    for m in metrics:
        if isinstance(m, str):
            name = choose(m, "metric", _METRICS)
            table[name] = _METRICS[name]
        elif callable(m):
            table[getattr(m, "__name__", type(m).__name__)] = _batch_sum(m)
        else:
            raise TypeError(f"metrics must be names like 'accuracy' or callables, got {m!r}")
    return table


def _total(values: list) -> float:
    """Add up per-batch values (tensors or numbers) with one device sync."""
    if values and all(isinstance(v, torch.Tensor) for v in values):
        return float(torch.stack(values).sum(dtype=torch.float64))
    return float(sum(float(v) for v in values))


def _batch_sum(fn):
    def summed(out, y):
        return fn(out, y) * y.shape[0]

    return summed


__all__ = ["PROGRESS_ENV", "Trainer", "show_progress"]
