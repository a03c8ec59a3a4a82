"""Helpers of the reader's-path tests (their fixtures are in ``conftest.py``): where the
built site is, what its pages link, the environment of a reader's run, and what a run of a
notebook showed."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("DLBOOK_SITE", ROOT / "docs" / "_build" / "html"))
#: The chapters' executions the pages were rendered from (myst-nb's jupyter-cache).
EXECUTION_CACHE = SITE.parent / ".jupyter_cache"
_DOWNLOAD = re.compile(r'href="((?:\.\./)*_downloads/[0-9a-f]+/(plot_\w+\.(?:py|ipynb)))"')
WHEEL_LINK = re.compile(r'href="(_downloads/(dlbook-[^"/]+\.whl))"')
#: What the session did, for the summary at its end (and the report of a CI run).
STATS: Counter = Counter()


def require_build(message: str):
    """Skip with ``message``, or fail with it where the build is required (CI)."""
    if os.environ.get("DLBOOK_REQUIRE_BUILD") == "1":
        pytest.fail(message)
    pytest.skip(message)


def gallery_downloads(site: Path, page: str) -> dict[str, Path]:
    """``{".py": path, ".ipynb": path}``: the files an example page links for download."""
    html = (site / page).read_text(encoding="utf-8")
    links = _DOWNLOAD.findall(html)
    return {Path(name).suffix: ((site / page).parent / href).resolve() for href, name in links}


def reader_env(python: Path, home: Path, **extra: str) -> dict[str, str]:
    """The environment of a reader's run: the fresh environment first on PATH, no path into
    the repository, and Jupyter's and IPython's folders of its own (no kernel or profile of
    this machine's, such as the build's plot style)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "DLBOOK_CLAIMS_DIR", "MPLBACKEND", "DISPLAY", "JUPYTER_PATH")
    }
    env.update(
        PATH=f"{python.parent}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(python.parent.parent),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        JUPYTER_DATA_DIR=str(home / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"),
        JUPYTER_PLATFORM_DIRS="1",
        OMP_WAIT_POLICY="PASSIVE",
        **extra,
    )
    return env


#: Reprs of what a cell's last matplotlib call returns, which sphinx-gallery does not show
#: (``ignore_repr_types`` in docs/conf.py): a matplotlib object (``<Axes: ...>``,
#: ``<matplotlib.legend.Legend at 0x...>``, ``Text(0.5, 1.0, '...')``), a tuple, a list.
_HIDDEN_REPR = re.compile(r"^(?:<|Text\(|\(|\[)")


def notebook_text(notebook: dict, html: bool = False, skip_first: bool = True) -> str:
    """What the code cells of ``notebook`` showed, as text, in order: printed output and
    displayed objects (their HTML as text with ``html=True``, as the pages show them, else
    their plain text), memory addresses dropped; the install cell (first) left out."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    parts = []
    for cell in cells[1:] if skip_first else cells:
        parts.extend(output_text(out, html) for out in cell.get("outputs", []))
    return "\n".join(p for p in parts if p)


def output_text(output: dict, html: bool) -> str:
    from pages import html_text

    def joined(value):
        return "".join(value) if isinstance(value, list) else value

    if output["output_type"] == "stream":
        return joined(output["text"]) if output["name"] == "stdout" else ""
    if output["output_type"] not in ("display_data", "execute_result"):
        return ""
    data = output.get("data", {})
    if "image/png" in data:  # a figure: its text is its repr (<Figure size 640x480 ...>)
        return ""
    if html and "text/html" in data:
        return html_text(joined(data["text/html"]))
    plain = joined(data.get("text/plain", ""))
    if output["output_type"] == "execute_result" and _HIDDEN_REPR.match(plain):
        return ""
    return re.sub(r" at 0x[0-9a-f]+", "", plain)


def notebook_figures(notebook: dict) -> int:
    """How many figures the notebook's run drew (its PNG outputs)."""
    return sum(
        "image/png" in out.get("data", {})
        for cell in notebook["cells"]
        for out in cell.get("outputs", [])
    )


def built_chapter(chapter: Path) -> dict | None:
    """The chapter's notebook as the build executed it, outputs and all, from the execution
    cache its page was rendered from; None when the cache holds no run of this source."""
    import nbformat
    from jupyter_cache import get_cache
    from myst_nb.core.read import read_myst_markdown_notebook

    if not EXECUTION_CACHE.is_dir():
        return None
    notebook = read_myst_markdown_notebook(chapter.read_text(encoding="utf-8"))
    try:
        _, merged = get_cache(EXECUTION_CACHE).merge_match_into_notebook(notebook)
    except KeyError:  # no cached run of this source
        return None
    return nbformat.from_dict(merged)
