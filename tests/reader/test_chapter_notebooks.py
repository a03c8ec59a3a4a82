"""Every chapter's notebook, downloaded from its page and run where a reader runs it, shows
what its page shows.

The notebook is myst-nb's reading of the chapter's source without the cells the build removes
(its glue and checks), the install cell first. It runs once in the reader's environment (see
``conftest.py``); each of its code cells must print the numbers the same cell printed in the
build (times aside) and draw as many figures.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
import sys
from pathlib import Path

import pytest
from pages import measured_numbers
from reader import (
    EXECUTION_CACHE,
    ROOT,
    STATS,
    built_chapter,
    notebook_figures,
    notebook_text,
    require_build,
)

import dlbook

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
downloads_ext = pytest.importorskip("dlbook_downloads")  # needs sphinx: in the test group
CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("*.md"))
ids = {"ids": lambda p: p.stem}


def code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def removed(cell: dict) -> bool:
    return "remove-cell" in cell.get("metadata", {}).get("tags", [])


def names(code: str) -> tuple[set[str], set[str]]:
    """The names ``code`` binds, and those it reads."""
    bound, read = set(), set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store) else read).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
    return bound, read


@pytest.mark.parametrize("chapter", CHAPTERS, **ids)
def test_no_cell_a_reader_runs_needs_a_removed_cell(chapter: Path):
    """The cells the download drops (tagged remove-cell) bind nothing a later cell reads."""
    from myst_nb.core.read import read_myst_markdown_notebook

    cells = code_cells(read_myst_markdown_notebook(chapter.read_text(encoding="utf-8")))
    kept_bound: set[str] = set(dir(builtins))
    for i, cell in enumerate(cells):
        bound = names(source(cell))[0]
        if removed(cell):
            later = set().union(*(names(source(c))[1] for c in cells[i + 1 :] if not removed(c)))
            needed = (bound - kept_bound) & later
            assert not needed, f"{chapter.name}: later cells read {needed}, bound in a removed cell"
        else:
            kept_bound |= bound


@pytest.mark.parametrize("chapter", CHAPTERS, **ids)
def test_downloaded_notebook_is_the_chapter_without_its_removed_cells(chapter, downloads):
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = json.loads((downloads / "chapters" / f"{chapter.stem}.ipynb").read_text("utf-8"))
    first, *rest = code_cells(notebook)
    assert downloads_ext.MARK in first["metadata"]["tags"]
    assert f'if installed != "{dlbook.__version__}":' in source(first)
    kept = [
        c for c in code_cells(read_myst_markdown_notebook(chapter.read_text("utf-8")))
        if not removed(c)
    ]  # fmt: skip
    assert [source(c) for c in rest] == [source(c) for c in kept]
    assert not any(removed(c) for c in notebook["cells"])


def _cell_numbers(cell: dict) -> list[str]:
    return measured_numbers(notebook_text({"cells": [cell]}, skip_first=False))


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS, **ids)
def test_downloaded_notebook_shows_its_pages_numbers(chapter: Path, run_notebook):
    built = built_chapter(chapter)
    if built is None:
        require_build(f"{EXECUTION_CACHE} holds no run of {chapter.name}: build the book")
    built = [c for c in code_cells(built) if not removed(c)]
    run = run_notebook(f"chapters/{chapter.stem}.ipynb")
    ran = code_cells(run.notebook)[1:]
    assert [source(c) for c in ran] == [source(c) for c in built], (
        f"{chapter.name} changed since the book was built: rebuild it"
    )
    for mine, page in zip(ran, built, strict=True):
        where = f"{chapter.name}, the cell starting {source(mine)[:60]!r}"
        assert _cell_numbers(mine) == _cell_numbers(page), where
        figures = notebook_figures({"cells": [mine]})
        assert figures == notebook_figures({"cells": [page]}), where
    STATS["chapter notebooks matching their pages"] += 1


def test_chapter_pages_offer_their_notebook(site):
    for chapter in CHAPTERS:
        html = (site / "chapters" / f"{chapter.stem}.html").read_text(encoding="utf-8")
        link = re.search(r'href="\.\./_sources/chapters/([\w-]+)\.ipynb"', html)
        assert link, f"{chapter.stem}.html does not link its notebook"
        assert link.group(1) == chapter.stem
