"""Each gallery example runs once per test session, on its own, as a reader runs it.

The build ran every example already; these tests run each one a second time, outside the
build and outside the repository, and every check of an example (its numbers against its
page, its figures, what it says about the device) reads that one run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from pages import PAGES

RUNNER = Path(__file__).with_name("run_example.py")
#: Seconds one example may take when run on its own (its budget is 90 s on an idle machine;
#: CI machines may be loaded).
TIMEOUT = 600


@dataclass
class Run:
    """One standalone run of a gallery script."""

    script: Path
    stdout: str
    stderr: str
    figures: int
    seconds: float


@pytest.fixture(scope="session")
def standalone(tmp_path_factory):
    """``standalone(script)``: the (memoised) run of ``script`` on its own, from a copy in a
    temporary folder, with no display; fails with the script's output if it fails."""
    runs: dict[Path, Run] = {}

    def run(script: Path) -> Run:
        if script in runs:
            return runs[script]
        folder = tmp_path_factory.mktemp(script.stem)
        copy = folder / script.name
        copy.write_bytes(script.read_bytes())
        env = {**os.environ, "MPLBACKEND": "Agg", "OMP_WAIT_POLICY": "PASSIVE"}
        for name in ("DISPLAY", "DLBOOK_CLAIMS_DIR", "PYTHONPATH"):
            env.pop(name, None)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(RUNNER), str(copy)],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        seconds = time.perf_counter() - start
        assert result.returncode == 0, (
            f"{script.name} failed with exit code {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-3000:]}\n--- stderr ---\n{result.stderr[-3000:]}"
        )
        figures = re.findall(r"^dlbook-figures: (\d+)$", result.stderr, re.MULTILINE)
        runs[script] = Run(script, result.stdout, result.stderr, int(figures[-1]), seconds)
        return runs[script]

    return run


def page_of(script: Path) -> Path:
    """The page sphinx-gallery built for ``script`` (``docs/auto_examples/<era>/<name>.rst``)."""
    return PAGES / script.parent.name / script.with_suffix(".rst").name


@pytest.fixture
def built_page():
    """``built_page(script)``: the text of its built page; skips when the book is not built
    (fails instead when ``DLBOOK_REQUIRE_BUILD=1``, as in CI, which builds first)."""

    def read(script: Path) -> str:
        page = page_of(script)
        if not page.exists():
            message = f"{page} does not exist: build the book first (nox -s docs)"
            if os.environ.get("DLBOOK_REQUIRE_BUILD") == "1":
                pytest.fail(message)
            pytest.skip(message)
        built = page.with_suffix(".py")
        if built.exists() and built.read_bytes() != script.read_bytes():
            pytest.skip(f"{page} was built from an older {script.name}: rebuild the book")
        return page.read_text(encoding="utf-8")

    return read
