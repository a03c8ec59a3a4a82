"""Tests for the book's Sphinx extension (docs/_ext/dlbook_sphinx.py): the gallery's story
order, the gallery hook (style, threads, and no seeding), the execution times it reads from
sphinx-gallery's own records, the CDN block it drops, and the navigation toggles it names."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
dlbook_sphinx = pytest.importorskip("dlbook_sphinx")  # needs sphinx: in the test group


def test_gallery_order_names_every_era_and_example_that_exists():
    eras = {p.name for p in (ROOT / "gallery").iterdir() if (p / "README.rst").exists()}
    assert set(dlbook_sphinx.GALLERY_ORDER) == eras
    for era, listed in dlbook_sphinx.GALLERY_ORDER.items():
        on_disk = sorted(p.name for p in (ROOT / "gallery" / era).glob("plot_*.py"))
        assert sorted(listed) == on_disk, f"GALLERY_ORDER[{era!r}] differs from gallery/{era}/"


def test_example_names_are_unique_across_eras():
    # conf.py orders the examples with one sphinx-gallery ExplicitOrder over all eras
    names = [name for listed in dlbook_sphinx.GALLERY_ORDER.values() for name in listed]
    assert len(names) == len(set(names))


def test_gallery_setup_seeds_nothing_and_applies_the_book_style(monkeypatch):
    import matplotlib as mpl

    import dlbook.plot

    monkeypatch.delenv("DLBOOK_GALLERY_JOBS", raising=False)
    if not hasattr(dlbook.plot, "use_style"):
        pytest.skip("dlbook.plot.use_style does not exist yet")
    # the global generators are what a hook that seeds would touch
    torch.manual_seed(7)
    np.random.seed(7)  # noqa: NPY002
    random.seed(7)
    numpy_state = np.random.get_state()[1].copy()  # noqa: NPY002
    states = torch.get_rng_state(), numpy_state, random.getstate()
    with mpl.rc_context():
        mpl.rcdefaults()  # what sphinx-gallery's "matplotlib" reset does first
        dlbook_sphinx.gallery_setup({}, "plot_x.py")
        assert mpl.rcParams["figure.constrained_layout.use"]  # the book's style sheet
    assert torch.equal(torch.get_rng_state(), states[0])
    assert np.array_equal(np.random.get_state()[1], states[1])  # noqa: NPY002
    assert random.getstate() == states[2]


def test_gallery_setup_gives_each_parallel_worker_its_share_of_threads(monkeypatch):
    monkeypatch.setenv("DLBOOK_GALLERY_JOBS", "2")
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    before = torch.get_num_threads()
    try:
        dlbook_sphinx.gallery_setup({}, "plot_x.py")
        assert torch.get_num_threads() == 4
    finally:
        torch.set_num_threads(before)


def test_example_seconds_reads_sphinx_gallerys_cost_files(tmp_path):
    era = tmp_path / "auto_examples" / "whynow"
    era.mkdir(parents=True)
    (era / "plot_a.cost.json").write_text(json.dumps({"time": 2.5, "memory": 0.0}))
    (era / "plot_b.cost.json").write_text(json.dumps({"time": 0.25, "memory": 0.0}))
    (era / "plot_a.codeobj.json").write_text("{}")  # another sphinx-gallery file: ignored
    assert dlbook_sphinx.example_seconds(tmp_path) == {
        "whynow/plot_a": 2.5,
        "whynow/plot_b": 0.25,
    }


def test_example_seconds_of_a_build_that_ran_nothing_is_empty(tmp_path):
    assert dlbook_sphinx.example_seconds(tmp_path) == {}


# The head of the page sphinx-gallery 0.22 writes as sg_execution_times.rst
EXECUTION_TIMES = """
Computation times
=================
**00:01.000** total execution time for 1 file **from all galleries**:

.. container::

  .. raw:: html

    <style scoped>
    <link href="https://cdnjs.cloudflare.com/ajax/libs/twitter-bootstrap/5.3.0/css/bootstrap.min.css" rel="stylesheet" />
    </style>
    <script src="https://code.jquery.com/jquery-3.7.0.js"></script>
    <script type="text/javascript" class="init">
    $(document).ready( function () {
        $('table.sg-datatable').DataTable({order: [[1, 'desc']]});
    } );
    </script>

  .. list-table::
   :header-rows: 1
   :class: table table-striped sg-datatable

   * - Example
"""


def test_execution_times_page_loses_its_cdn_block_and_keeps_its_table():
    source = [EXECUTION_TIMES]
    dlbook_sphinx._strip_cdn(None, "auto_examples/whynow/sg_execution_times", source)
    assert "http" not in source[0]
    assert "<script" not in source[0]
    assert ".. container::\n\n  .. list-table::\n   :header-rows: 1" in source[0]
    other = [EXECUTION_TIMES]
    dlbook_sphinx._strip_cdn(None, "chapters/xor", other)
    assert other == [EXECUTION_TIMES]


def test_nav_toggles_are_named_after_their_section():
    pytest.importorskip("bs4")  # pydata-sphinx-theme's dependency: in the docs environment
    html = (
        '<li><a href="a.html">The perceptron</a><details><summary>'
        '<i class="fa-chevron-down"></i></summary><ul></ul></details></li>'
    )
    named = dlbook_sphinx._name_summaries(html)
    assert 'aria-label="Show or hide the pages under The perceptron"' in named


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
