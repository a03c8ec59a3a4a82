"""dlbook: the library behind an executable history of deep learning.

Data flows one way: :mod:`dlbook.data` makes tensors, :mod:`dlbook.models` builds a network,
:mod:`dlbook.train` fits it and returns a history, :mod:`dlbook.plot` draws it.
"""

from importlib.metadata import PackageNotFoundError, version

from dlbook.device import get_device
from dlbook.seed import seed_everything, seeded

try:
    __version__ = version("dlbook")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = ["__version__", "get_device", "seed_everything", "seeded"]
