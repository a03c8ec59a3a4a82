"""Run one gallery script as a reader does (``python plot_x.py``, from a folder outside the
repository, with a non-interactive backend), then report how many figures it drew.

Used by the gallery tests: ``python run_example.py SCRIPT``. The script runs as ``__main__``
with ``sys.argv[0]`` set to its path, exactly as ``python SCRIPT`` would run it; afterwards a
last line on standard error says ``dlbook-figures: N``.
"""

import runpy
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

script = sys.argv[1]
sys.argv = [script]
runpy.run_path(script, run_name="__main__")
print(f"dlbook-figures: {len(plt.get_fignums())}", file=sys.stderr)
