"""Data sets the book trains on: generated toys, scikit-learn's digits, torchvision's sets.

Everything comes back as tensors (``TensorLoader`` batches small ones on the training device) (or, for torchvision's sets, as torchvision datasets that
``as_tensors`` stacks): float32 inputs and int64 class labels.
"""

from dlbook.data.digits import SPLIT_SEED, TEST_SIZE, Digits, digits
from dlbook.data.gates import TRUTH_TABLES, logic_gate
from dlbook.data.loader import TensorLoader
from dlbook.data.toy import blobs, circles, gate_blobs, moons, spirals, xor_blobs
from dlbook.data.vision import (
    DOWNLOAD_TIMEOUT,
    DatasetIntegrityError,
    DatasetNotFoundError,
    as_tensors,
    cifar10,
    data_dir,
    fashion_mnist,
    mnist,
)

__all__ = [
    "DOWNLOAD_TIMEOUT",
    "SPLIT_SEED",
    "TEST_SIZE",
    "TRUTH_TABLES",
    "DatasetIntegrityError",
    "DatasetNotFoundError",
    "Digits",
    "TensorLoader",
    "as_tensors",
    "blobs",
    "cifar10",
    "circles",
    "data_dir",
    "digits",
    "fashion_mnist",
    "gate_blobs",
    "logic_gate",
    "mnist",
    "moons",
    "spirals",
    "xor_blobs",
]
