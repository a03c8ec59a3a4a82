"""Training: the ``Trainer`` loop, its ``History``, callbacks, checkpoints and errors."""

from dlbook.train.callbacks import Callback
from dlbook.train.checkpoint import load_checkpoint, save_checkpoint
from dlbook.train.errors import CheckpointError, TrainingDivergedError
from dlbook.train.record import History
from dlbook.train.trainer import Trainer

__all__ = [
    "Callback",
    "CheckpointError",
    "History",
    "Trainer",
    "TrainingDivergedError",
    "load_checkpoint",
    "save_checkpoint",
]
