"""dlbook: the library behind an executable history of deep learning.

Data flows one way: :mod:`dlbook.data` makes tensors, :mod:`dlbook.models` builds a network,
:mod:`dlbook.train` fits it and returns a history, :mod:`dlbook.plot` draws it.
"""

import os
import sys
from importlib.metadata import PackageNotFoundError, version

# torch's OpenMP threads spin while they wait for work by default; when other processes
# compete for the cores, a run then slows down many times over (bench/busy_machine.py). Asked
# for before torch is first imported, passive waiting lets a run slow down only in proportion
# to the CPU it gets. A value the user set is kept.
if "torch" not in sys.modules:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from dlbook.device import get_device
from dlbook.seed import seed_everything, seeded

try:
    __version__ = version("dlbook")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = ["__version__", "get_device", "seed_everything", "seeded"]
