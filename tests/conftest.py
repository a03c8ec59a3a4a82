"""Shared test set-up: a non-interactive matplotlib backend, a closed figure after each test,
and ``run_example``, which runs a gallery script as a reader does."""

import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def run_example():
    """``run_example(script, cwd, timeout=300, **env)``: run ``script`` standalone in ``cwd``
    with the extra environment variables ``env`` (and no display); fail with its output unless
    it exits 0 within ``timeout`` seconds; return its standard output."""

    def run(script: Path, cwd: Path, *, timeout: float = 300, **env: str) -> str:
        full_env = {**os.environ, "MPLBACKEND": "Agg", **env}
        full_env.pop("DISPLAY", None)
        result = subprocess.run(
            [sys.executable, str(script)], cwd=cwd, env=full_env, capture_output=True,
            text=True, timeout=timeout, check=False,
        )  # fmt: skip
        assert result.returncode == 0, (
            f"{script.name} failed with exit code {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-3000:]}\n--- stderr ---\n{result.stderr[-3000:]}"
        )
        return result.stdout

    return run
