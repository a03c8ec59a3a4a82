"""Training: the ``Trainer`` loop, its ``History``, callbacks, checkpoints and errors.

Importing it does not import matplotlib (``History.plot`` imports ``dlbook.plot`` when called).
"""

from dlbook.train.callbacks import Callback
from dlbook.train.checkpoint import load_checkpoint, save_checkpoint
from dlbook.train.errors import (
    BatchError,
    CheckpointDeviceError,
    CheckpointError,
    CheckpointMismatchError,
    CheckpointPathError,
    CheckpointValueError,
    ResumeWarning,
    TrainingDivergedError,
)
from dlbook.train.record import History
from dlbook.train.trainer import Trainer

__all__ = [
    "BatchError",
    "Callback",
    "CheckpointDeviceError",
    "CheckpointError",
    "CheckpointMismatchError",
    "CheckpointPathError",
    "CheckpointValueError",
    "History",
    "ResumeWarning",
    "Trainer",
    "TrainingDivergedError",
    "load_checkpoint",
    "save_checkpoint",
]
