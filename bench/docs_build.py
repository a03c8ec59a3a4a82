"""How long does the book take to build, and to rebuild when nothing changed?

Copies the project (tracked and new files, no build output) into a temporary directory and
times, there:

- a clean build (every notebook and gallery example executed), split into the gallery's
  execution time (sphinx-gallery's per-example times) and the chapters' (jupyter-cache's);
- ``--rebuilds`` no-change rebuilds (nothing may be executed again), reporting the median;
- with ``--parallel N``, a second clean build with ``DLBOOK_GALLERY_JOBS=N`` and the speed-up
  of the gallery's wall time.

Prints a table and writes it as JSON (``--json``) for the Performance page.
Run: ``python bench/docs_build.py [--rebuilds 3] [--parallel 2] [--json bench/results/x.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch
from jupyter_cache import get_cache

from dlbook.device import describe

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(
    ".git", ".nox", ".venv", "_build", "auto_examples", "gen_modules", "generated",
    "__pycache__", ".pytest_cache", ".ruff_cache", "wheelhouse", "dist",
)  # fmt: skip
_RUN_TIME = re.compile(r"Total running time of the script:\*\*\s*\((\d+) minutes ([\d.]+) seconds")


def build(src: Path, jobs: int = 0) -> float:
    """Run the strict build of ``src``; return its wall time in seconds."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("MPLBACKEND", None)  # the chapter kernels must draw inline figures
    if jobs:
        env["DLBOOK_GALLERY_JOBS"] = str(jobs)
    cmd = [sys.executable, "-m", "sphinx", "-M", "html", "docs", "docs/_build", "-W",
           "--keep-going", "-n", "-q"]  # fmt: skip
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=src, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"docs build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return elapsed


def example_times(src: Path) -> dict[str, float]:
    """Seconds each gallery example ran, from the pages sphinx-gallery wrote."""
    times = {}
    for rst in sorted((src / "docs" / "auto_examples").rglob("plot_*.rst")):
        match = _RUN_TIME.search(rst.read_text(encoding="utf-8"))
        if match:
            times[rst.stem] = 60 * int(match.group(1)) + float(match.group(2))
    return times


def chapter_times(src: Path) -> dict[str, float]:
    """Seconds each chapter notebook ran, from jupyter-cache's records."""
    cache = get_cache(str(src / "docs" / "_build" / ".jupyter_cache"))
    return {
        Path(rec.uri).stem: float(rec.data.get("execution_seconds", 0.0))
        for rec in cache.list_cache_records()
    }


def fresh_copy(tmp: Path, name: str) -> Path:
    dest = tmp / name
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuilds", type=int, default=3, help="no-change rebuilds to time")
    parser.add_argument("--parallel", type=int, default=0, help="also time N gallery jobs")
    parser.add_argument("--json", type=Path, help="write the results to this JSON file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="dlbook-bench-") as tmp:
        src = fresh_copy(Path(tmp), "serial")
        clean = build(src)
        examples, chapters = example_times(src), chapter_times(src)
        rebuilds = [build(src) for _ in range(args.rebuilds)]
        print(f"clean build: {clean:.1f} s wall")
        print(f"  gallery: {sum(examples.values()):.1f} s in {len(examples)} examples")
        print(f"  chapters: {sum(chapters.values()):.1f} s in {len(chapters)} notebooks")
        print(f"no-change rebuild: median {statistics.median(rebuilds):.1f} s of {rebuilds}")
        result = {
            "device": describe(),
            "torch": torch.__version__,
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "date": time.strftime("%Y-%m-%d"),
            "clean_build_s": clean,
            "rebuild_median_s": statistics.median(rebuilds),
            "rebuilds_s": rebuilds,
            "examples_s": examples,
            "chapters_s": chapters,
        }
        if args.parallel:
            par = fresh_copy(Path(tmp), "parallel")
            clean_par = build(par, jobs=args.parallel)
            result["parallel"] = {"jobs": args.parallel, "clean_build_s": clean_par}
            print(
                f"clean build with {args.parallel} gallery jobs: {clean_par:.1f} s wall, "
                f"speed-up {clean / clean_par:.2f}x"
            )
    for name, secs in sorted(examples.items(), key=lambda kv: -kv[1]):
        print(f"  {secs:6.1f} s  {name}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
