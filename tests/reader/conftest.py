"""The reader's path: the built site's downloads, run where a reader runs them.

A fresh virtual environment outside the repository (``uv venv``, this Python) gets the wheel
the site ships (not editable) and nbclient with ipykernel; the downloads (every gallery
example's ``.py`` and ``.ipynb``, every chapter's ``.ipynb``) are copied, through the links
their pages give, into a folder of their own with the wheel beside them. Each notebook runs
there once per test session, and every check of it reads that one run.

Without a built site the tests skip; with ``DLBOOK_REQUIRE_BUILD=1`` (CI, which builds
first) they fail. ``DLBOOK_SITE`` names another built site than ``docs/_build/html``.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from reader import (
    SITE,
    STATS,
    WHEEL_LINK,
    gallery_downloads,
    notebook_text,
    reader_env,
    require_build,
)

RUNNER = Path(__file__).with_name("run_notebook.py")


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; skips (or fails, see :func:`require_build`) when there is none."""
    if not (SITE / "index.html").exists():
        require_build(f"{SITE} has no index.html: build the book first (nox -s docs)")
    return SITE


@pytest.fixture(scope="session")
def wheel(site) -> Path:
    """The wheel of dlbook the site ships, found through the index page's link to it."""
    links = set(WHEEL_LINK.findall((site / "index.html").read_text(encoding="utf-8")))
    if not links:
        require_build(f"{site} links no dlbook wheel (built before the site shipped one): rebuild")
    assert len(links) == 1, f"the index page links {len(links)} dlbook wheels: {links}"
    (href, _), *_ = links
    assert (site / href).is_file(), f"the index page links {href}, which the site lacks"
    return site / href


@pytest.fixture(scope="session")
def downloads(site, wheel, tmp_path_factory) -> Path:
    """A folder outside the repository with what a reader downloads, the wheel beside it:
    ``<era>/plot_x.py``, ``<era>/plot_x.ipynb`` and ``chapters/<name>.ipynb``."""
    folder = tmp_path_factory.mktemp("downloads")
    for page in sorted(site.glob("auto_examples/*/plot_*.html")):
        era = folder / page.parent.name
        era.mkdir(exist_ok=True)
        for path in gallery_downloads(site, page.relative_to(site).as_posix()).values():
            shutil.copyfile(path, era / path.name)
        shutil.copyfile(wheel, era / wheel.name)
    (folder / "chapters").mkdir()
    for page in sorted(site.glob("chapters/*.html")):
        notebook = site / "_sources" / "chapters" / f"{page.stem}.ipynb"
        assert notebook.is_file(), f"{page.name} has no notebook {notebook.name} to download"
        shutil.copyfile(notebook, folder / "chapters" / notebook.name)
    shutil.copyfile(wheel, folder / "chapters" / wheel.name)
    return folder


@pytest.fixture(scope="session")
def reader_python(wheel, tmp_path_factory) -> Path:
    """The Python of a fresh virtual environment outside the repository, holding the site's
    wheel (not editable), nbclient and ipykernel. dlbook's dependencies are held to the
    versions this test environment has, the ones the book was built with."""
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        require_build("the reader's environment is made with uv, which is not on PATH")
    venv = tmp_path_factory.mktemp("reader") / "venv"
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    pins = venv.parent / "constraints.txt"
    pins.write_text(
        "\n".join(
            f"{dist.metadata['Name']}=={dist.version}"
            for dist in importlib.metadata.distributions()
            if dist.metadata["Name"] and dist.metadata["Name"].lower() != "dlbook"
        ),
        encoding="utf-8",
    )
    install = [uv, "pip", "install", "--quiet", "--python", str(python), "-c", str(pins)]
    subprocess.run([*install, str(wheel), "nbclient", "ipykernel"], check=True)
    return python


@dataclass
class NotebookRun:
    """One run of a downloaded notebook in the reader's environment."""

    notebook: dict
    seconds: float


@pytest.fixture(scope="session")
def run_notebook(reader_python, downloads, tmp_path_factory):
    """``run_notebook("era/plot_x.ipynb")``: the (memoised) run of that download; fails
    with the notebook's error if it fails."""
    runs: dict[str, NotebookRun] = {}
    home = tmp_path_factory.mktemp("home")

    def run(rel: str) -> NotebookRun:
        if rel not in runs:
            source = downloads / rel
            target = source.with_suffix(".out.ipynb")
            start = time.perf_counter()
            result = subprocess.run(
                [str(reader_python), str(RUNNER), str(source), str(target)],
                cwd=source.parent,
                env=reader_env(reader_python, home),
                capture_output=True,
                text=True,
                timeout=3600,
                check=False,
            )
            seconds = time.perf_counter() - start
            STATS["notebooks run"] += 1
            STATS["seconds running notebooks"] += seconds
            assert result.returncode == 0, (
                f"{rel} failed in the reader's environment\n{result.stderr[-4000:]}"
            )
            runs[rel] = NotebookRun(json.loads(target.read_text(encoding="utf-8")), seconds)
        return runs[rel]

    return run


@pytest.fixture(scope="session")
def reader_output(run_notebook):
    """``reader_output(script)``: what the downloaded notebook of gallery ``script`` showed,
    as plain text (printed lines and the text form of tables and claim cards)."""

    def output(script: Path) -> str:
        return notebook_text(run_notebook(f"{script.parent.name}/{script.stem}.ipynb").notebook)

    return output


def pytest_terminal_summary(terminalreporter):
    if STATS:
        line = ", ".join(f"{k}: {v:.0f}" for k, v in sorted(STATS.items()))
        terminalreporter.write_line(f"reader's path: {line}")
