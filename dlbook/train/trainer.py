"""``Trainer``: the training loop every chapter would otherwise write again, written once.

The loop is the one from any PyTorch tutorial (and nanoGPT's ``train.py``)::

    for epoch in range(epochs):
        for xb, yb in train:
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

plus what a book needs around it: a seed, a device, a history of losses and metrics, a
progress bar only in a terminal, callbacks (``dlbook.train.callbacks``), checkpoints that
resume exactly (``dlbook.train.checkpoint``), and errors that say what went wrong instead of
training on NaN or on labels that do not fit (``dlbook.train.batches``).
"""

from __future__ import annotations

import math
import time

import torch
from torch import nn

from dlbook._checks import check_bool, check_float, check_int, check_seed, choose
from dlbook.device import get_device
from dlbook.seed import seed_everything
from dlbook.train import resume as _resume
from dlbook.train.batches import (
    as_loader,
    check_inputs,
    check_targets,
    input_batches,
    label_values,
    on_device,
)
from dlbook.train.callbacks import bound_hooks, check_callbacks
from dlbook.train.checkpoint import check_checkpoint_path
from dlbook.train.errors import TrainingDivergedError
from dlbook.train.progress import PROGRESS_ENV, progress_bar, show_progress
from dlbook.train.record import History
from dlbook.train.run_record import HYPERPARAMETER_CHOICES
from dlbook.train.scoring import metric_table, total


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
        ``"auto"`` (CUDA, then MPS, then CPU; ``DLBOOK_DEVICE`` overrides), ``"cpu"``, ...;
        resolved once, here.
    seed:
        What it covers: at the start of every ``fit`` it seeds the global random generators
        of Python, NumPy and torch, so everything drawn from them during the fit repeats:
        dropout masks, data augmentation, a torch ``DataLoader``'s shuffling; and it seeds
        the shuffling of data given as ``(X, y)`` (the ``TensorLoader``'s own generator).
        What it does not cover: the model's initial weights, drawn when the model was built.
        Give the model its own seed for those, e.g. ``MLP(64, [128], 10, seed=0)``.
    metrics:
        Names (``"accuracy"``, ``"top5_accuracy"``) or callables ``fn(outputs, targets)``
        returning a batch mean; each is recorded as ``train_<name>`` and ``val_<name>``.
        ``None`` (the default) fits the loss: accuracy for a classification loss
        (cross-entropy, NLL, BCE), none for a regression loss such as ``MSELoss``.
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
        The path is checked here (its folder must exist), not after the first epoch.
    """

    def __init__(
        self,
        optimizer=None,
        loss=None,
        *,
        epochs: int = 10,
        device="auto",
        seed: int = 0,
        metrics=None,
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
        self.epochs = check_int(epochs, "epochs", minimum=1)
        self.seed = check_seed(seed)
        self.batch_size = check_int(batch_size, "batch_size", minimum=1)
        self.checkpoint_every = check_int(checkpoint_every, "checkpoint_every", minimum=1)
        if grad_clip is not None and check_float(grad_clip, "grad_clip") == 0:
            raise ValueError("grad_clip must be a positive number or None, got 0")
        self.progress = None if progress is None else check_bool(progress, "progress")
        self.checkpoint_path = None
        if checkpoint_path is not None:
            self.checkpoint_path = check_checkpoint_path(checkpoint_path)
        self.device = get_device(device)
        self._optimizer_arg = optimizer  # an optimizer, a factory, or None for the default
        self.optimizer = optimizer if isinstance(optimizer, torch.optim.Optimizer) else None
        self.loss = loss.to(self.device) if isinstance(loss, nn.Module) else loss
        self.grad_clip = grad_clip
        self.metrics = metric_table(metrics, loss)
        self.callbacks = check_callbacks(callbacks)
        self.model = None
        self.history = History(device=str(self.device))
        self.epoch = 0
        self.stop_training = False

    # -- fitting -----------------------------------------------------------------------------

    def fit(
        self, model: nn.Module, train, val=None, *, resume=None, hyperparameters=None
    ) -> History:
        """Train ``model`` on ``train`` (and score ``val`` after each epoch); return the history.

        ``train`` and ``val`` may be a ``TensorLoader``, a torch ``DataLoader``, any re-iterable
        of ``(x, y)`` batches, or a tuple ``(X, y)`` of tensors, arrays or lists. ``resume`` is
        a checkpoint path to continue from: model, optimizer, history, random states and the
        loader's shuffling are restored, so the run continues exactly as if never stopped. A
        checkpoint of another model or optimizer class is refused; changed settings warn. For
        the optimizer's hyperparameters (learning rate, ...) the checkpoint's values win unless
        ``hyperparameters="trainer"``; ``"checkpoint"`` chooses them without a warning.
        """
        _check_model(model)
        if hyperparameters is not None:
            choose(hyperparameters, "hyperparameters", HYPERPARAMETER_CHOICES)
        seed_everything(self.seed)
        model.to(self.device)
        train = self._loader(train, "train", shuffle=True)
        val = None if val is None else self._loader(val, "val", shuffle=False)
        self.model, self.optimizer = model, self._build_optimizer(model)
        self.history, self.stop_training = History(device=str(self.device)), False
        start = 0
        if resume is not None:
            start = _resume.restore(self, resume, model, train, hyperparameters)
        hooks = bound_hooks(self.callbacks)
        bar = progress_bar(self.progress, train, self.epochs, start)
        for fn in hooks["on_fit_start"]:
            fn(self, model)
        try:
            for epoch in range(start, self.epochs):
                self.epoch = epoch
                for fn in hooks["on_epoch_start"]:
                    fn(self, model, epoch)
                tic = time.perf_counter()
                row = {"epoch": epoch + 1}
                row |= self._train_epoch(model, train, epoch, hooks, bar=bar, first=epoch == start)
                if val is not None:
                    scores = self._evaluate(model, val, "val", check_all=epoch == start)
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

    def _train_epoch(self, model, loader, epoch, hooks, *, bar, first) -> dict:
        """One pass of gradient steps; returns ``train_loss`` and ``train_<metric>``."""
        model.train()
        opt, loss_fn = self.optimizer, self.loss
        after_backward, batch_end = hooks["on_after_backward"], hooks["on_batch_end"]
        running, count = 0.0, 0
        parts: dict = {name: [] for name in self.metrics}
        for batch, (xb, yb) in enumerate(on_device(loader, self.device)):
            where = f"train batch {batch + 1} of epoch {epoch + 1}"
            check_inputs(model, xb, where)
            out = model(xb)
            check_targets(out, yb, loss_fn, where, label_values(loader, yb, first, batch))
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
            running += value * n
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
        return {"train_loss": running / count} | {
            f"train_{name}": total(p) / count for name, p in parts.items()
        }

    @torch.no_grad()
    def _evaluate(self, model, loader, name: str, check_all: bool) -> dict:
        """Loss and metrics over ``loader`` in eval mode (no dropout); ``name`` is for errors."""
        was_training = model.training
        model.eval()
        losses, count = [], 0
        parts: dict = {name: [] for name in self.metrics}
        for batch, (xb, yb) in enumerate(on_device(loader, self.device)):
            where = f"{name} batch {batch + 1}"
            check_inputs(model, xb, where)
            out = model(xb)
            values = label_values(loader, yb, check_all, batch)
            check_targets(out, yb, self.loss, where, values)
            n = yb.shape[0]
            losses.append(self.loss(out, yb) * n)  # a tensor: no sync per batch
            count += n
            for key, metric in self.metrics.items():
                parts[key].append(metric(out, yb))
        model.train(was_training)
        if count == 0:
            raise ValueError(f"the {name} data gave no batches; it is empty")
        return {"loss": total(losses) / count} | {m: total(p) / count for m, p in parts.items()}

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
        batches = input_batches(data, self.batch_size, self.device)
        was_training = model.training
        model.eval()
        outs = []
        for i, xb in enumerate(batches):
            check_inputs(model, xb, f"predict batch {i + 1}")
            outs.append(model(xb).cpu())
        model.train(was_training)
        if not outs:
            raise ValueError("predict got no inputs; the data is empty")
        return torch.cat(outs)  # (N, ...)

    # -- checkpoints -------------------------------------------------------------------------

    def save_checkpoint(self, path, epoch: int, train=None) -> None:
        """Save model, optimizer, history, config, what the run is, and random states (and
        ``train``'s shuffling if it is a ``TensorLoader``) after ``epoch`` epochs."""
        _resume.save(self, path, epoch, train)

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
        return as_loader(
            data,
            name,
            shuffle=shuffle,
            batch_size=self.batch_size,
            device=self.device,
            seed=self.seed,
        )

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

    def __repr__(self) -> str:
        given = self._optimizer_arg
        opt = "SGD(lr=0.1)" if given is None else getattr(given, "__name__", type(given).__name__)
        return (
            f"Trainer(optimizer={opt}, loss={type(self.loss).__name__}, epochs={self.epochs}, "
            f"device={self.device}, seed={self.seed})"
        )


def _check_model(model) -> None:
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")


__all__ = ["PROGRESS_ENV", "Trainer", "show_progress"]
