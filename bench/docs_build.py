"""How long does the book take to build, and to rebuild when nothing changed?

Copies the project (tracked and new files, no build output) into a temporary directory and
times, there:

- a clean build (every notebook and gallery example executed), split into the gallery's
  execution time (sphinx-gallery's per-example times) and the chapters' (jupyter-cache's);
- ``--rebuilds`` no-change rebuilds (nothing may be executed again), reporting the median;
- with ``--parallel N``, the gallery alone (chapters from the first build's notebook cache),
  once serially and once with ``DLBOOK_GALLERY_JOBS=N``, and the speed-up of its wall time.

Prints a table and writes it as JSON: by default to ``bench/results/docs_build_cpu.json``,
or ``docs_build_gpu.json`` where dlbook picks a CUDA GPU; then ``bench/perf_tables.py``
writes the Performance page's CSV tables from both, so that one CPU and one GPU measurement
sit side by side on the page.
Run: ``python bench/docs_build.py [--rebuilds 3] [--parallel 2] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_cache import get_cache

from dlbook.benchmark import hardware
from dlbook.device import get_device

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from dlbook_sphinx import example_seconds  # the book's Sphinx extension, read as a module
from perf_tables import write_tables  # bench/perf_tables.py, beside this script

IGNORE = shutil.ignore_patterns(
    ".git", ".nox", ".venv", "_build", "auto_examples", "gen_modules", "generated",
    "__pycache__", ".pytest_cache", ".ruff_cache", "wheelhouse", "dist",
)  # fmt: skip


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
    """Seconds each gallery example of the build in ``src`` ran (sphinx-gallery's own record),
    by script name."""
    return {Path(name).name: secs for name, secs in example_seconds(src / "docs").items()}


def chapter_times(src: Path) -> dict[str, float]:
    """Seconds each chapter notebook ran, from jupyter-cache's records."""
    cache = get_cache(str(src / "docs" / "_build" / ".jupyter_cache"))
    return {
        Path(rec.uri).stem: float(rec.data.get("execution_seconds", 0.0))
        for rec in cache.list_cache_records()
    }


def gallery_jobs(tmp: Path, built: Path, jobs: int) -> dict:
    """Time the gallery alone, serially and with ``jobs`` parallel examples.

    Each build starts from a fresh copy given the chapters' notebook cache of ``built``, so
    that only the gallery executes and the two wall times differ only by the parallelism.
    """
    walls = {}
    for n in (0, jobs):
        copy = fresh_copy(tmp, f"gallery-jobs-{n}")
        cache = Path("docs", "_build", ".jupyter_cache")
        shutil.copytree(built / cache, copy / cache)
        walls[n] = build(copy, jobs=n)
    speedup = walls[0] / walls[jobs]
    print(
        f"gallery (chapters cached): serial {walls[0]:.1f} s, {jobs} jobs {walls[jobs]:.1f} s wall:"
        f" speed-up {speedup:.2f}x"
    )
    return {"jobs": jobs, "serial_s": walls[0], "parallel_s": walls[jobs], "speedup": speedup}


def default_json() -> Path:
    """``bench/results/docs_build_<cpu|gpu|mps>.json``, for the device dlbook picks here."""
    kind = get_device().type
    return ROOT / "bench" / "results" / f"docs_build_{'gpu' if kind == 'cuda' else kind}.json"


def fresh_copy(tmp: Path, name: str) -> Path:
    dest = tmp / name
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuilds", type=int, default=3, help="no-change rebuilds to time")
    parser.add_argument("--parallel", type=int, default=0, help="also time N gallery jobs")
    parser.add_argument(
        "--json", type=Path, default=None,
        help="write the results to this JSON file (default: bench/results/docs_build_<device>"
        ".json)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.rebuilds < 1 or args.parallel < 0:
        parser.error("--rebuilds must be at least 1 and --parallel at least 0")
    out = args.json or default_json()

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
            **hardware(),
            "date": time.strftime("%Y-%m-%d"),
            "clean_build_s": clean,
            "rebuild_median_s": statistics.median(rebuilds),
            "rebuilds_s": rebuilds,
            "examples_s": examples,
            "chapters_s": chapters,
        }
        if args.parallel:
            result["parallel"] = gallery_jobs(Path(tmp), src, args.parallel)
    for name, secs in sorted(examples.items(), key=lambda kv: -kv[1]):
        print(f"  {secs:6.1f} s  {name}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    for path in write_tables(out.parent):  # the page's CSV tables, beside the JSON
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
