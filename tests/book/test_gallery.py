"""Every gallery example runs as a reader runs it: a standalone script in an empty directory."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))


def test_gallery_has_examples():
    assert len(SCRIPTS) >= 1, "no gallery/**/plot_*.py found"


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT / "gallery")))
def test_example_runs_standalone(script: Path, tmp_path: Path, run_example):
    out = run_example(script, tmp_path)
    assert "device:" in out, f"{script.name} must print the device it ran on"
