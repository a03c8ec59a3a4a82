"""What a reader can download: each gallery example as .py and .ipynb (the notebook valid and
holding the script's code), and each chapter's source from the theme's download menu."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest
import sitecheck
from sitecheck import SITE

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "_ext"))
from dlbook_downloads import strip_script_header


def fetch(url: str) -> bytes:
    """GET ``url`` from the local server; fails unless it answers 200."""
    with urlopen(url, timeout=30) as response:
        assert response.status == 200, f"{url}: HTTP {response.status}"
        return response.read()


def examples() -> list[str]:
    """The gallery example pages of the build, relative to its root."""
    if not SITE.is_dir():
        return []
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.glob("auto_examples/**/plot_*.html")
        if p.is_file()
    )


def downloads(rel: str, suffix: str) -> list[str]:
    """The hrefs of a page's links to downloadable files ending in ``suffix``."""
    page = sitecheck.parse(SITE.resolve() / rel)
    return [
        t.attrs["href"]
        for t in page.find("a")
        if t.attrs.get("href", "").split("?")[0].endswith(suffix)
        and "_downloads/" in t.attrs["href"]
    ]


def resolve(site_url: str, rel: str, href: str) -> str:
    """An href of page ``rel`` as an absolute URL on the local server."""
    return urljoin(site_url + rel, href)


@pytest.fixture(scope="module", params=examples())
def example(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def notebook(example, site_url, stats):
    """The example's notebook, downloaded through its link and validated against nbformat."""
    import nbformat

    hrefs = downloads(example, ".ipynb")
    assert len(hrefs) == 1, f"{example} offers {len(hrefs)} .ipynb downloads"
    raw = fetch(resolve(site_url, example, hrefs[0]))
    nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    nbformat.validate(nb)
    stats["notebooks"] += 1
    return nb


def test_example_offers_python_and_notebook(example, site_url, stats, notebook):
    for suffix in (".py", ".ipynb", ".zip"):
        hrefs = downloads(example, suffix)
        assert hrefs, f"{example} has no {suffix} download"
        for href in hrefs:
            body = fetch(resolve(site_url, example, href))
            stats["downloads"] += 1
            if suffix == ".py":
                compile(body, href, "exec")  # the script as a reader gets it parses
    assert notebook.cells, f"the notebook of {example} has no cells"


def _code(source: str) -> list[str]:
    """The code lines of a script or notebook cell: no comments, blank lines or magics."""
    return [
        ln.rstrip()
        for ln in source.splitlines()
        if ln.strip() and not ln.lstrip().startswith(("#", "%"))
    ]


def test_example_notebook_holds_the_scripts_code(example, site_url, notebook):
    """The notebook is the script cut into cells: the same code, in the same order, so the
    notebook's run from the site's wheel (tests/reader) stands for the script's too. Only the
    first cell (the install cell: the page's dlbook, the book's plot style) and the script's
    install header (dlbook_downloads) differ."""
    (href,) = downloads(example, ".py")
    script = strip_script_header(fetch(resolve(site_url, example, href)).decode("utf-8"))
    without_docstring = re.sub(r'^"""[\s\S]*?"""', "", script, count=1)
    cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert _code("\n".join(cells[1:])) == _code(without_docstring), example


def test_gallery_offers_all_examples_zipped(site_url, stats):
    hrefs = downloads("auto_examples/index.html", ".zip")
    names = sorted(Path(h).name for h in hrefs)
    assert names == ["auto_examples_jupyter.zip", "auto_examples_python.zip"], names
    for href in hrefs:
        fetch(resolve(site_url, "auto_examples/index.html", href))
        stats["downloads"] += 1


def chapters() -> list[str]:
    if not SITE.is_dir():
        return []
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.glob("chapters/*.html"))


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_offers_its_source(chapter, site_url, stats):
    """The theme's download menu links the chapter's source (.md, a MyST notebook) or .ipynb."""
    page = sitecheck.parse(SITE.resolve() / chapter)
    hrefs = [
        t.attrs["href"]
        for t in page.find("a")
        if "btn-download-source-button" in t.attrs.get("class", "")
        or t.attrs.get("href", "").endswith(".ipynb")
    ]
    assert hrefs, f"{chapter} offers no source or notebook download"
    words = re.findall(r"\w+", page.h1)
    for href in hrefs:
        body = fetch(resolve(site_url, chapter, href)).decode("utf-8")
        stats["downloads"] += 1
        missing = [w for w in words if w not in body]
        assert not missing, f"{href} lacks the title of {chapter} ({missing})"
