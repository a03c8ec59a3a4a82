"""Write the CSV tables the book's Performance page includes, from the JSON results in here.

``docs/performance.md`` shows them with docutils' ``csv-table`` directive, which reads each
cell as reStructuredText (so commands are ````literal````, and a cell with no value is empty
rather than "-", which would be a list). Everything the page shows that is computed (the
CPU/GPU comparison, speed-ups, totals) is computed here, and a result not measured yet gives
cells that say so. ``bench/docs_build.py`` calls this after writing its results;
``python bench/perf_tables.py`` writes the tables again from the JSON results in
``bench/results/`` (after ``bench/trainer_overhead.py``, say). Only the standard library: the
tests import it as it is.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
NOT_MEASURED = "not measured"
#: How each docs-build result is made, for the note in a column not measured yet.
HOW = {
    "cpu": "run ``nox -s bench -- docs``",
    "gpu": "run ``nox -s bench -- docs`` on a machine with a CUDA GPU",
}


def measure_rows(result: dict) -> list[tuple[str, str]]:
    """One ``(measure, value)`` row per number or word of ``result`` (lists left out)."""
    return [
        (key.replace("_", " "), f"{value:.3g}" if isinstance(value, float) else str(value))
        for key, value in result.items()
        if not isinstance(value, (dict, list))
    ]


def build_summary_rows(cpu: dict | None, gpu: dict | None) -> list[tuple[str, str, str]]:
    """Rows of the CPU/GPU build summary; a missing result says how to measure it."""

    def parallel(r):
        p = r["parallel"]
        return f"{p['serial_s']:.0f} s -> {p['parallel_s']:.0f} s ({p['speedup']:.2f}x)"

    def executed(r):
        return sum(r["chapters_s"].values()) + sum(r["examples_s"].values())

    measures = [
        ("machine", lambda r: r["machine"]),
        ("device the examples ran on", lambda r: r["device"]),
        ("torch", lambda r: r["torch"]),
        ("measured on", lambda r: r["date"]),
        ("clean build, wall (s)", lambda r: f"{r['clean_build_s']:.0f}"),
        ("executing the chapters (s)", lambda r: f"{sum(r['chapters_s'].values()):.1f}"),
        ("executing the gallery (s)", lambda r: f"{sum(r['examples_s'].values()):.1f}"),
        (
            "executing everything (s; target <= 360 on 2 CPU cores)",
            lambda r: f"{executed(r):.1f}",
        ),
        (
            "no-change rebuild, median wall (s; target <= 15)",
            lambda r: f"{r['rebuild_median_s']:.1f} (of {len(r['rebuilds_s'])})",
        ),
        ("gallery alone, serial -> parallel jobs, wall", parallel),
        ("parallel gallery jobs", lambda r: str(r["parallel"]["jobs"])),
    ]

    def cell(result, kind, get, first):
        if result is None:
            return f"{NOT_MEASURED}: {HOW[kind]}" if first else ""
        try:
            return get(result)
        except KeyError:
            return ""

    return [
        (name, cell(cpu, "cpu", get, k == 0), cell(gpu, "gpu", get, k == 0))
        for k, (name, get) in enumerate(measures)
    ]


def page_rows(cpu: dict | None, gpu: dict | None) -> list[tuple[str, str, str, str]]:
    """One row per executed page (slowest on the CPU first): seconds and the GPU's speed-up."""

    def times(r):
        if r is None:
            return {}
        return {**{f"chapter {k}": v for k, v in r["chapters_s"].items()}, **r["examples_s"]}

    def seconds(result, value) -> str:
        if result is None:
            return ""  # the whole column is missing; the summary table says how to measure it
        return NOT_MEASURED if value is None else f"{value:.1f}"

    c, g = times(cpu), times(gpu)
    rows = []
    for name in sorted(c.keys() | g.keys(), key=lambda n: (-c.get(n, 0.0), n)):
        speedup = f"{c[name] / g[name]:.1f}x" if name in c and g.get(name) else ""
        rows.append((name, seconds(cpu, c.get(name)), seconds(gpu, g.get(name)), speedup))
    return rows


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_tables(results: Path = RESULTS) -> list[Path]:
    """Write every table from the JSON results in ``results``; return the files written."""

    def load(name):
        path = results / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    cpu, gpu = load("docs_build_cpu.json"), load("docs_build_gpu.json")
    trainer = load("trainer.json")
    tables = {
        "docs_build_summary.csv": (
            ["measure", "CPU build", "GPU build"],
            build_summary_rows(cpu, gpu),
        ),
        "docs_build_pages.csv": (
            ["page", "CPU (s)", "GPU (s)", "GPU speed-up"],
            page_rows(cpu, gpu),
        ),
        "trainer.csv": (
            ["measure", "value"],
            measure_rows(trainer)
            if trainer
            else [(NOT_MEASURED, "run ``nox -s bench -- trainer``")],
        ),
    }
    for name, (header, rows) in tables.items():
        write_csv(results / name, header, rows)
    return [results / name for name in tables]


if __name__ == "__main__":
    for path in write_tables():
        print(f"wrote {path}")
