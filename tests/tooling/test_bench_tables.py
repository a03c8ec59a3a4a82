"""Tests for bench/perf_tables.py: the CSV tables the Performance page includes, made from
``bench/docs_build.py``'s and ``bench/trainer_overhead.py``'s JSON results."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import perf_tables  # bench/ is not a package: imported from its folder

CPU = {
    "machine": "Some CPU, 2 cores",
    "device": "cpu (2 threads)",
    "torch": "2.9.0",
    "date": "2026-11-24",
    "clean_build_s": 250.4,
    "rebuild_median_s": 9.26,
    "rebuilds_s": [9.0, 9.26, 9.5],
    "examples_s": {"plot_a": 10.0, "plot_b": 2.5},
    "chapters_s": {"xor": 6.0},
    "parallel": {"jobs": 2, "serial_s": 80.0, "parallel_s": 50.0, "speedup": 1.6},
}
GPU = {**CPU, "device": "cuda (Fake GPU)", "examples_s": {"plot_a": 0.5, "plot_c": 1.0}}
GPU.pop("parallel")


def test_summary_rows_with_only_a_cpu_result_say_how_to_measure_the_gpu():
    rows = {name: (c, g) for name, c, g in perf_tables.build_summary_rows(CPU, None)}
    assert rows["machine"] == (
        "Some CPU, 2 cores",
        "not measured: run ``nox -s bench -- docs`` on a machine with a CUDA GPU",
    )
    assert rows["device the examples ran on"] == ("cpu (2 threads)", "")
    assert rows["clean build, wall (s)"] == ("250", "")
    assert rows["executing everything (s; target <= 360 on 2 CPU cores)"][0] == "18.5"
    assert rows["no-change rebuild, median wall (s; target <= 15)"][0] == "9.3 (of 3)"
    assert rows["gallery alone, serial -> parallel jobs, wall"][0] == "80 s -> 50 s (1.60x)"


def test_summary_rows_leave_empty_a_measure_a_result_lacks():
    rows = {name: g for name, _, g in perf_tables.build_summary_rows(CPU, GPU)}
    assert rows["device the examples ran on"] == "cuda (Fake GPU)"
    assert rows["parallel gallery jobs"] == ""


def test_page_rows_give_speedups_slowest_cpu_page_first():
    assert perf_tables.page_rows(CPU, GPU) == [
        ("plot_a", "10.0", "0.5", "20.0x"),
        ("chapter xor", "6.0", "6.0", "1.0x"),
        ("plot_b", "2.5", "not measured", ""),
        ("plot_c", "not measured", "1.0", ""),
    ]


def test_page_rows_with_only_a_cpu_result():
    assert perf_tables.page_rows(CPU, None) == [
        ("plot_a", "10.0", "", ""),
        ("chapter xor", "6.0", "", ""),
        ("plot_b", "2.5", "", ""),
    ]


def test_page_rows_without_any_result_are_empty():
    assert perf_tables.page_rows(None, None) == []


def test_measure_rows_keep_numbers_and_words_and_drop_lists():
    result = {"median_ratio": 1.01834, "repeats": 15, "passed": True, "trainer_s": [0.1]}
    assert perf_tables.measure_rows(result) == [
        ("median ratio", "1.02"),
        ("repeats", "15"),
        ("passed", "True"),
    ]


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_write_tables_from_a_cpu_result_only(tmp_path):
    (tmp_path / "docs_build_cpu.json").write_text(json.dumps(CPU), encoding="utf-8")
    written = perf_tables.write_tables(tmp_path)
    assert sorted(p.name for p in written) == [
        "docs_build_pages.csv",
        "docs_build_summary.csv",
        "trainer.csv",
    ]
    summary = _read(tmp_path / "docs_build_summary.csv")
    assert summary[0] == ["measure", "CPU build", "GPU build"]
    assert summary[1][2].startswith("not measured")
    pages = _read(tmp_path / "docs_build_pages.csv")
    assert pages[1] == ["plot_a", "10.0", "", ""]
    assert _read(tmp_path / "trainer.csv") == [
        ["measure", "value"],
        ["not measured", "run ``nox -s bench -- trainer``"],
    ]


def test_committed_tables_match_the_committed_results(tmp_path):
    results = ROOT / "bench" / "results"
    for json_file in results.glob("*.json"):
        shutil.copy(json_file, tmp_path / json_file.name)
    for table in perf_tables.write_tables(tmp_path):
        assert (results / table.name).read_text(encoding="utf-8") == table.read_text(
            encoding="utf-8"
        ), f"bench/results/{table.name} is stale: run python bench/perf_tables.py"
