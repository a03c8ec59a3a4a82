"""Tests for the book's Sphinx extension (docs/_ext/dlbook_sphinx.py): the gallery's story
order, and the tables the Performance page makes of ``bench/docs_build.py`` results."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
dlbook_sphinx = pytest.importorskip("dlbook_sphinx")  # needs sphinx: in the test group


def test_gallery_order_names_every_era_and_example_that_exists():
    eras = {p.name for p in (ROOT / "gallery").iterdir() if (p / "README.rst").exists()}
    assert set(dlbook_sphinx.GALLERY_ORDER) == eras
    for era, listed in dlbook_sphinx.GALLERY_ORDER.items():
        on_disk = sorted(p.name for p in (ROOT / "gallery" / era).glob("plot_*.py"))
        assert sorted(listed) == on_disk, f"GALLERY_ORDER[{era!r}] differs from gallery/{era}/"


def test_example_order_puts_listed_examples_first_in_story_order():
    order = dlbook_sphinx.ExampleOrder("gallery/whynow")
    names = ["plot_zzz.py", "plot_gpu_training.py", "plot_aaa.py", "plot_data_size.py"]
    assert sorted(names, key=order) == [
        "plot_data_size.py",
        "plot_gpu_training.py",
        "plot_aaa.py",
        "plot_zzz.py",
    ]


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


def test_summary_rows_with_only_a_cpu_result():
    rows = {name: (c, g) for name, c, g in dlbook_sphinx.build_summary_rows(CPU, None)}
    assert rows["machine"] == ("Some CPU, 2 cores", "not measured")
    assert rows["device the examples ran on"] == ("cpu (2 threads)", "-")
    assert rows["clean build, wall (s)"] == ("250", "-")
    assert rows["executing everything (s; target <= 360 on 2 CPU cores)"][0] == "18.5"
    assert rows["no-change rebuild, median wall (s; target <= 15)"][0] == "9.3 (of 3)"
    assert rows["gallery alone, serial -> parallel jobs, wall"][0] == "80 s -> 50 s (1.60x)"


def test_summary_rows_mark_a_measure_a_result_lacks():
    rows = {name: g for name, _, g in dlbook_sphinx.build_summary_rows(CPU, GPU)}
    assert rows["device the examples ran on"] == "cuda (Fake GPU)"
    assert rows["parallel gallery jobs"] == "-"


def test_page_rows_give_speedups_slowest_cpu_page_first():
    rows = dlbook_sphinx.page_rows(CPU, GPU)
    assert rows == [
        ("plot_a", "10.0", "0.5", "20.0x"),
        ("chapter xor", "6.0", "6.0", "1.0x"),
        ("plot_b", "2.5", "not measured", "-"),
        ("plot_c", "not measured", "1.0", "-"),
    ]


def test_page_rows_with_only_a_cpu_result():
    assert dlbook_sphinx.page_rows(CPU, None) == [
        ("plot_a", "10.0", "-", "-"),
        ("chapter xor", "6.0", "-", "-"),
        ("plot_b", "2.5", "-", "-"),
    ]


def test_page_rows_without_any_result_are_empty():
    assert dlbook_sphinx.page_rows(None, None) == []


@pytest.mark.parametrize(("value", "jobs"), [(None, 1), ("", 1), ("1", 1), (" 2 ", 2)])
def test_gallery_jobs_from_the_environment(monkeypatch, value, jobs):
    if value is None:
        monkeypatch.delenv("DLBOOK_GALLERY_JOBS", raising=False)
    else:
        monkeypatch.setenv("DLBOOK_GALLERY_JOBS", value)
    assert dlbook_sphinx.gallery_jobs() == jobs


@pytest.mark.parametrize("value", ["0", "two", "-1", "1.5"])
def test_gallery_jobs_rejects_what_is_not_a_count(monkeypatch, value):
    monkeypatch.setenv("DLBOOK_GALLERY_JOBS", value)
    with pytest.raises(ValueError, match="DLBOOK_GALLERY_JOBS"):
        dlbook_sphinx.gallery_jobs()
