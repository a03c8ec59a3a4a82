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
