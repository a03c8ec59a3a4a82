"""Every gallery example, run on its own as a reader runs it, shows what its page shows.

Each example runs once (see ``conftest.standalone``), from a copy outside the repository,
with no help from the build: the same numbers as its built page (times and speed-ups aside,
which the machine decides), and the same number of figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pages import GALLERY, SCRIPTS, measured_numbers, page_figures, page_outputs


def test_gallery_has_examples():
    assert len(SCRIPTS) >= 10, f"only {len(SCRIPTS)} gallery/**/plot_*.py found"


def test_measured_numbers_skip_times_but_keep_the_rest():
    text = "test accuracy 0.913 after 8 epochs, 1.2 s/epoch, 5,400 images/s, 6.1x, 12.5 s"
    assert measured_numbers(text) == ["0.913", "8"]
    assert measured_numbers("top-5 error 15.3%, n=1,347") == ["5", "15.3%", "1347"]


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(GALLERY)))
def test_example_run_alone_shows_its_pages_numbers(script: Path, standalone, built_page):
    page = built_page(script)
    run = standalone(script)
    on_page = measured_numbers(page_outputs(page))
    alone = measured_numbers(run.stdout)
    assert alone == on_page, (
        f"{script.name} run on its own prints other numbers than its page "
        f"({len(alone)} against {len(on_page)})\n--- alone ---\n{run.stdout[-3000:]}\n"
        f"--- page ---\n{page_outputs(page)[-3000:]}"
    )
    assert run.figures == page_figures(page), (
        f"{script.name} drew {run.figures} figures alone, its page shows {page_figures(page)}"
    )
