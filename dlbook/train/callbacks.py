"""The hooks a :class:`~dlbook.train.Trainer` calls while it fits: subclass and override.

The trainer calls, in this order::

    on_fit_start(trainer, model)
    for each epoch:
        on_epoch_start(trainer, model, epoch)
        for each batch:
            on_after_backward(trainer, model, batch)   # gradients are in .grad here
            on_batch_end(trainer, model, batch, loss)
        on_epoch_end(trainer, model, epoch, logs)     # logs: this epoch's row of the history
    on_fit_end(trainer, model, history)

``batch`` is the 0-based index of the batch within the epoch and ``loss`` its loss as a float.
Every method does nothing by default, and the trainer skips hooks a callback does not override.
A callback may set ``trainer.stop_training = True`` to end the fit after the current epoch;
an entry it adds to ``logs`` in ``on_epoch_end`` becomes a column of the history.
"""

from __future__ import annotations


class Callback:
    """Base class for training callbacks (see the module docstring for the call order)."""

    def on_fit_start(self, trainer, model) -> None:
        """Called once before the first epoch."""

    def on_epoch_start(self, trainer, model, epoch: int) -> None:
        """Called at the start of each epoch (0-based)."""

    def on_after_backward(self, trainer, model, batch: int) -> None:
        """Called after ``loss.backward()`` and before the optimizer step."""

    def on_batch_end(self, trainer, model, batch: int, loss: float) -> None:
        """Called after the optimizer step of each batch."""

    def on_epoch_end(self, trainer, model, epoch: int, logs: dict) -> None:
        """Called after each epoch with its metrics (``train_loss``, ``val_loss``, ...)."""

    def on_fit_end(self, trainer, model, history) -> None:
        """Called once after the last epoch with the finished history."""


HOOKS = (
    "on_fit_start",
    "on_epoch_start",
    "on_after_backward",
    "on_batch_end",
    "on_epoch_end",
    "on_fit_end",
)


def check_callbacks(callbacks) -> list:
    """The callbacks as a list, each an instance with at least one hook."""
    callbacks = list(callbacks)
    for cb in callbacks:
        if isinstance(cb, type) or not any(hasattr(cb, h) for h in HOOKS):
            raise TypeError(
                f"callbacks must be Callback instances, got {cb!r}; pass MyCallback(), "
                "not the class"
            )
    return callbacks


def bound_hooks(callbacks) -> dict:
    """Bound callback methods per hook, skipping those a callback does not override."""
    hooks: dict = {name: [] for name in HOOKS}
    for cb in callbacks:
        for name in HOOKS:
            method = getattr(type(cb), name, None)
            if method is not None and method is not getattr(Callback, name):
                hooks[name].append(getattr(cb, name))
    return hooks
