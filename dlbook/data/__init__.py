"""Data sets the book trains on: generated toys, scikit-learn's digits, real image sets.

Everything comes back as tensors (``TensorLoader`` batches small ones on the training
device): float32 inputs and int64 class labels. MNIST, Fashion-MNIST and CIFAR-10 come as
tensors (``fashion_mnist_tensors`` and friends) or as torchvision datasets (``fashion_mnist``,
which ``as_tensors`` stacks), found offline where they are (``dlbook.data.sources``: ``root=``,
``$DLBOOK_DATA``, the user cache, Debian's ``dataset-fashion-mnist``) and checked.
"""

from dlbook.data.cifar import CIFAR10_CLASSES, cifar10, cifar10_tensors
from dlbook.data.digits import SPLIT_SEED, TEST_SIZE, Digits, digits
from dlbook.data.gates import TRUTH_TABLES, logic_gate
from dlbook.data.loader import TensorLoader
from dlbook.data.mnist_family import (
    FASHION_MNIST_CLASSES,
    fashion_mnist,
    fashion_mnist_tensors,
    mnist,
    mnist_tensors,
)
from dlbook.data.sources import (
    DatasetIntegrityError,
    DatasetNotFoundError,
    data_dir,
    fetch_debian_fashion_mnist,
)
from dlbook.data.toy import blobs, circles, gate_blobs, moons, spirals, xor_blobs
from dlbook.data.vision import DOWNLOAD_TIMEOUT, as_tensors

__all__ = [
    "CIFAR10_CLASSES",
    "DOWNLOAD_TIMEOUT",
    "FASHION_MNIST_CLASSES",
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
    "cifar10_tensors",
    "circles",
    "data_dir",
    "digits",
    "fashion_mnist",
    "fashion_mnist_tensors",
    "fetch_debian_fashion_mnist",
    "gate_blobs",
    "logic_gate",
    "mnist",
    "mnist_tensors",
    "moons",
    "spirals",
    "xor_blobs",
]
