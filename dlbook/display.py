"""Show a result (a :class:`dlbook.table.Table`, a claim card) wherever the code runs.

A page of the book and a script run in a terminal should show the same numbers. ``show``
picks the right way for each place:

- in Jupyter (and the book's chapters), it displays the object's HTML;
- in a sphinx-gallery build it returns the object, which must then be the last expression of
  its cell: sphinx-gallery shows the last expression's ``_repr_html_``;
- anywhere else (``python plot_x.py``), it prints the object's plain text.
"""

from __future__ import annotations

import sys


def show(obj):
    """Show ``obj`` as HTML on a page or as text in a terminal; see the module docstring.

    Returns ``obj`` inside a sphinx-gallery build (make ``show(...)`` the cell's last line),
    else ``None``, so that an interactive prompt does not show it twice.
    """
    if _in_jupyter():
        from IPython.display import display  # noqa: PLC0415 - only inside Jupyter

        display(obj)
        return None
    if "sphinx_gallery" in sys.modules:
        return obj
    print(obj)
    return None


def _in_jupyter() -> bool:
    """True inside a Jupyter kernel (an IPython shell that can display rich output)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"
