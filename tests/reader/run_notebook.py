"""Run one downloaded notebook as a reader does, in the Python that runs this file (the
reader's fresh environment): ``python run_notebook.py IN OUT`` executes IN with nbclient
(kernel ``python3``, working directory IN's folder) and writes it, outputs and all, to OUT."""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

source, target = map(Path, sys.argv[1:3])
notebook = nbformat.read(source, as_version=4)
client = NotebookClient(
    notebook,
    timeout=900,  # seconds a cell may take (an example's budget is 90 s on an idle machine)
    kernel_name="python3",
    resources={"metadata": {"path": str(source.parent)}},
)
client.execute()
nbformat.write(notebook, target)
