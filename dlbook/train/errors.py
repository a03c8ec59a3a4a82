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
    """A file could not be read as a dlbook checkpoint (corrupt, truncated or foreign)."""
