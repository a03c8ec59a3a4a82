"""Tests of the built book in a real browser (headless Chromium through Playwright).

Run by ``nox -s site`` after ``nox -s docs``. Under a plain ``pytest`` (``nox -s tests``) the
whole directory is skipped, with the reason, when there is no build, no Chromium or no
Playwright; ``DLBOOK_SITE_REQUIRED=1`` (set by ``nox -s site``) turns that skip into an error.

Environment: ``DLBOOK_SITE`` (the built HTML, default ``docs/_build/html``),
``DLBOOK_CHROMIUM`` (the browser, default ``chromium`` on the PATH).
"""

from __future__ import annotations

import importlib.util
import os
from collections import Counter
from pathlib import Path

import pytest
import sitecheck

HERE = Path(__file__).parent
SITE = sitecheck.SITE
NEEDS = ("playwright", "axe_playwright_python", "nbformat")

STATS: Counter[str] = Counter()  # what was checked, printed at the end of the run


def _missing() -> str | None:
    """Why the site tests cannot run here, or None."""
    if not (SITE / "index.html").is_file():
        return f"no built site at {SITE}: run `nox -s docs` first"
    if sitecheck.chromium_path() is None:
        return "no Chromium: `apt-get install chromium` (or set DLBOOK_CHROMIUM)"
    for module in NEEDS:
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: run these tests with `nox -s site`"
    return None


def pytest_collection_modifyitems(config, items):
    mine = [item for item in items if HERE in item.path.parents]
    reason = _missing() if mine else None
    if reason is None:
        return
    if os.environ.get("DLBOOK_SITE_REQUIRED"):
        raise pytest.UsageError(f"site tests cannot run: {reason}")
    for item in mine:
        item.add_marker(pytest.mark.skip(reason=f"site tests: {reason}"))


def pytest_generate_tests(metafunc):
    if "site_page" in metafunc.fixturenames:
        found = sitecheck.pages(SITE) if SITE.is_dir() else []
        rels = [p.relative_to(SITE).as_posix() for p in found]
        metafunc.parametrize("site_page", rels)


def pytest_terminal_summary(terminalreporter):
    if not STATS:
        return
    terminalreporter.section("site checked")
    order = [
        ("pages", "pages loaded in Chromium"),
        ("requests", "requests made by them (all to localhost)"),
        ("images", "<img> decoded"),
        ("links", "internal links and resources resolved"),
        ("anchors", "of which #anchors found on their page"),
        ("axe_pages", "pages checked with axe-core"),
        ("downloads", "downloads fetched"),
        ("notebooks", "notebooks validated"),
    ]
    for key, label in order:
        if key in STATS:
            terminalreporter.write_line(f"{STATS[key]:6d}  {label}")


# -- Fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def site_root() -> Path:
    """The built HTML site."""
    return SITE.resolve()


@pytest.fixture(scope="session")
def stats() -> Counter[str]:
    """Counts of what was checked, printed in the summary."""
    return STATS


@pytest.fixture(scope="session")
def site_url(site_root):
    """Base URL (ending in /) of the site, served from localhost for the whole session."""
    with sitecheck.serve(site_root) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (the system's, not a Playwright download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=sitecheck.chromium_path(), args=sitecheck.CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def visits(site_root, site_url, stats):
    """``visits(rel)``: what Chromium saw on that page of the site.

    Every page is loaded once, on first use, as a reader browsing the book would (one
    browser context: cache and storage shared), the home page first on an empty profile."""
    rels = [p.relative_to(site_root).as_posix() for p in sitecheck.pages(site_root)]
    by_url = sitecheck.crawl(
        [site_url + rel for rel in rels], sitecheck.chromium_path(), first=site_url + "index.html"
    )
    found = {url.removeprefix(site_url): v for url, v in by_url.items()}
    stats["pages"] = len(found)
    stats["requests"] = sum(len(v.requests) for v in found.values())
    stats["images"] = sum(v.images for v in found.values())
    return found.__getitem__


@pytest.fixture
def context(browser):
    """A fresh browser context (empty profile), requests to other hosts aborted."""
    with sitecheck.browsing(browser) as ctx:
        yield ctx
