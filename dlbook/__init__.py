"""dlbook: the library behind an executable history of deep learning.

Data flows one way: :mod:`dlbook.data` makes tensors, :mod:`dlbook.models` builds a network,
:mod:`dlbook.train` fits it and returns a history, :mod:`dlbook.plot` draws it.
"""

import os
import sys

# torch's OpenMP threads spin while they wait for work by default; when other processes
# compete for the cores, a run then slows down many times over (bench/busy_machine.py). Asked
# for before torch is first imported, passive waiting lets a run slow down only in proportion
# to the CPU it gets. A value the user set is kept.
if "torch" not in sys.modules:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from dlbook.device import get_device
from dlbook.seed import seed_everything, seeded

#: The one place the version is written: the packaging (pyproject.toml), the book's pages and
#: the wheel the book ships all read it from here.
__version__ = "0.2.0"

__all__ = ["__version__", "get_device", "seed_everything", "seeded"]
