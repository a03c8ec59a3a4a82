"""Every gallery example, downloaded from its page and run where a reader runs it, shows what
its page shows.

Each example runs once: its downloaded notebook, in the reader's environment (see
``conftest.py``), must print its page's numbers (times and speed-ups aside, which the machine
decides) and draw its page's figures. Its downloaded script is checked without running it:
it is the example's source plus the install header, and holds the notebook's code, in order.
One cheap script also runs from a terminal, under a non-interactive backend, and must be
silent on standard error.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pages import GALLERY, PAGES, SCRIPTS, measured_numbers, page_figures, page_outputs
from reader import ROOT, STATS, gallery_downloads, notebook_figures, notebook_text, reader_env

import dlbook

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
downloads_ext = pytest.importorskip("dlbook_downloads")  # needs sphinx: in the test group
MARK = downloads_ext.MARK

#: The script run from a terminal: one of the cheapest (under a second when built).
TERMINAL_SCRIPT = GALLERY / "perceptron" / "plot_perceptron_fails_xor.py"
ids = {"ids": lambda p: str(p.relative_to(GALLERY))}


def page_of(script: Path) -> str:
    """The text of the page sphinx-gallery built for ``script`` (its ``.rst``)."""
    page = PAGES / script.parent.name / script.with_suffix(".rst").name
    built = page.with_suffix(".py")
    if built.exists() and built.read_bytes() != script.read_bytes():
        pytest.skip(f"{page} was built from an older {script.name}: rebuild the book")
    return page.read_text(encoding="utf-8")


def rel(script: Path, suffix: str) -> str:
    return f"{script.parent.name}/{script.stem}{suffix}"


def test_gallery_has_examples():
    assert len(SCRIPTS) >= 10, f"only {len(SCRIPTS)} gallery/**/plot_*.py found"


def test_measured_numbers_skip_times_but_keep_the_rest():
    text = "test accuracy 0.913 after 8 epochs, 1.2 s/epoch, 5,400 images/s, 6.1x, 12.5 s"
    assert measured_numbers(text) == ["0.913", "8"]
    assert measured_numbers("top-5 error 15.3%, n=1,347") == ["5", "15.3%", "1347"]


def _code(source: str) -> list[str]:
    """The code lines of a script or cell: no comments, blank lines, magics or docstring."""
    source = re.sub(r'^"""[\s\S]*?"""', "", source.lstrip(), count=1)
    return [
        ln.rstrip()
        for ln in source.splitlines()
        if ln.strip() and not ln.lstrip().startswith(("#", "%"))
    ]


@pytest.mark.parametrize("script", SCRIPTS, **ids)
def test_downloads_are_the_example_with_its_install_header(script: Path, downloads):
    py, ipynb = downloads / rel(script, ".py"), downloads / rel(script, ".ipynb")
    text = py.read_text(encoding="utf-8")
    assert text.startswith(f"# This script's page was built with dlbook {dlbook.__version__}.")
    assert f"# {MARK}:" in text, "the script has no version check"
    assert downloads_ext.strip_script_header(text) == script.read_text(encoding="utf-8"), (
        f"the downloaded {py.name} is not {script.relative_to(ROOT)} plus its header"
    )
    ast.parse(text)
    notebook = json.loads(ipynb.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    first = "".join(cells[0]["source"])
    assert MARK in cells[0]["metadata"]["tags"], "the notebook's first cell is not the install"
    assert f'if installed != "{dlbook.__version__}":' in first
    body = "\n".join("".join(c["source"]) for c in cells[1:])
    assert _code(body) == _code(script.read_text(encoding="utf-8")), (
        f"{ipynb.name} does not hold the code of {script.name}, in order"
    )


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, **ids)
def test_downloaded_notebook_shows_its_pages_numbers(script: Path, run_notebook):
    page = page_of(script)
    run = run_notebook(rel(script, ".ipynb"))
    shown = notebook_text(run.notebook, html=True)
    on_page, alone = measured_numbers(page_outputs(page)), measured_numbers(shown)
    assert alone == on_page, (
        f"{script.name}'s notebook prints other numbers than its page "
        f"({len(alone)} against {len(on_page)})\n--- notebook ---\n{shown[-3000:]}\n"
        f"--- page ---\n{page_outputs(page)[-3000:]}"
    )
    figures = notebook_figures(run.notebook)
    assert figures == page_figures(page), (
        f"{script.name}'s notebook drew {figures} figures, its page shows {page_figures(page)}"
    )
    STATS["gallery notebooks matching their pages"] += 1


@pytest.mark.slow
def test_a_script_run_from_a_terminal_is_silent_and_prints_its_pages_numbers(
    reader_python, downloads, tmp_path
):
    page = page_of(TERMINAL_SCRIPT)
    py = downloads / rel(TERMINAL_SCRIPT, ".py")
    result = subprocess.run(
        [str(reader_python), py.name],
        cwd=py.parent,
        env=reader_env(reader_python, tmp_path, MPLBACKEND="Agg"),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    STATS["scripts run"] += 1
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr == "", f"{py.name} wrote to standard error:\n{result.stderr[-3000:]}"
    assert measured_numbers(result.stdout) == measured_numbers(page_outputs(page))
    STATS["scripts matching their pages"] += 1


def test_example_pages_link_their_downloads(site):
    for script in SCRIPTS:
        page = f"auto_examples/{script.parent.name}/{script.stem}.html"
        found = gallery_downloads(site, page)
        assert sorted(found) == [".ipynb", ".py"], f"{page} links {sorted(found)}"
