"""Accessibility: axe-core finds no serious or critical violation on the main kinds of page.

axe-core is the ``axe.min.js`` that the ``axe-playwright-python`` wheel ships (from PyPI,
so no npm is needed); it is injected into each page and run with its default rules
(WCAG 2.x A and AA, and best practices).
"""

from __future__ import annotations

import functools
from importlib.resources import files

import pytest
import sitecheck

PAGES = [
    "index.html",
    "chapters/perceptron.html",
    "auto_examples/index.html",
    "auto_examples/perceptron/plot_perceptron_learns_and.html",
]
IMPACTS = {"serious", "critical"}


@functools.cache
def axe_script() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Run axe-core on ``page``; return its serious and critical violations."""
    page.add_script_tag(content=axe_script())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        lines += [f"    {n['target']}: {n['failureSummary'][:200]!r}" for n in v["nodes"][:5]]
    return "\n".join(lines)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("rel", PAGES)
def test_no_serious_accessibility_violations(rel, mode, site_url, browser, stats):
    with sitecheck.browsing(browser, color_scheme=mode) as context:
        page = context.new_page()
        page.goto(site_url + rel)
        assert page.locator("html").get_attribute("data-theme") == mode
        violations = axe_violations(page)
        stats["axe_pages"] += 1
    assert not violations, f"{rel} ({mode} mode):\n{describe(violations)}"
