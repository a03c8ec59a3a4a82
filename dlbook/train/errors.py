"""Errors the trainer raises instead of going on silently."""

from __future__ import annotations


class TrainingDivergedError(FloatingPointError):
    """The loss became NaN or infinite; raised before the optimizer step that would use it.

    ``epoch`` and ``batch`` are 1-based (as in the history's ``epoch`` column) and ``loss`` is
    the offending value.
    """

    def __init__(self, message: str, *, epoch: int, batch: int, loss: float):
        super().__init__(message)
        self.epoch = epoch
        self.batch = batch
        self.loss = loss


class CheckpointError(ValueError):
    """A checkpoint cannot be written, read (corrupt, truncated, foreign) or resumed from."""


class CheckpointMismatchError(CheckpointError):
    """A checkpoint cannot continue into this run: another model or optimizer class, other
    layers (a ReLU network's weights into a tanh network), other parameter shapes or dtypes."""


class BatchError(ValueError, TypeError):
    """A batch does not fit the model or the loss (labels' dtype, shape or range; inputs'
    dtype); the message names the batch and the fix. Both a ``ValueError`` and a
    ``TypeError``, as a wrong dtype is one and a wrong range the other."""


class ResumeWarning(UserWarning):
    """A resumed run differs from the checkpoint's (learning rate, batch size, seed, loss, ...):
    it goes on, but will not match an uninterrupted run; the message says which value is used
    and how to choose the other."""


class CheckpointPathError(CheckpointError, OSError):
    """A checkpoint cannot be written at a path: its folder is missing, or it is a folder."""


class CheckpointDeviceError(RuntimeError):
    """A checkpoint was asked onto a device this machine lacks (``map_location="cuda"`` without
    CUDA): a device problem, not a damaged file; ``map_location="cpu"`` loads it anywhere."""


class CheckpointValueError(CheckpointError, TypeError):
    """A value a checkpoint cannot hold so that it loads back with ``weights_only=True`` (a
    NumPy array, an object); refused at save time, naming where it is and the fix."""
