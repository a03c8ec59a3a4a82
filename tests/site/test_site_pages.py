"""Every page of the built book, loaded in Chromium, and every file of it, parsed."""

from __future__ import annotations

import html
import re

import sitecheck


# -- In the browser, page by page -------------------------------------------------------------
def test_page_loads_without_console_errors(site_page, visits):
    visit = visits(site_page)
    assert not visit.console_errors, "\n".join(visit.console_errors)
    assert not visit.failed, "local requests failed:\n" + "\n".join(visit.failed)


def test_page_images_decode(site_page, visits):
    visit = visits(site_page)
    assert not visit.broken_images, f"images with no pixels: {visit.broken_images}"


def test_page_requests_stay_on_localhost(site_page, visits):
    visit = visits(site_page)
    assert not visit.external, "requests to other hosts:\n" + "\n".join(visit.external)


def test_formulas_are_drawn_as_mathml(site_url, context):
    """The browser lays the build's MathML out itself, with no script: the MLP chapter's
    weight matrix shows its two rows one above the other, and the page asks for no math
    script."""
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "chapters/mlp.html")
    inline = page.locator("span.math math").count()
    rows = page.evaluate(
        """() => {
          const table = Array.from(document.querySelectorAll("div.math mtable"))
            .find(t => t.querySelectorAll(":scope > mtr").length >= 2);
          return table ? Array.from(table.querySelectorAll(":scope > mtr"))
            .map(r => r.getBoundingClientRect().top) : [];
        }"""
    )
    assert inline > 0, "no inline formula drawn as MathML"
    assert len(rows) >= 2, f"no matrix with two rows: {rows}"
    assert rows[1] > rows[0] + 5, f"matrix rows not stacked: {rows}"
    assert not [url for url in requests if "mathjax" in url.lower()]
    assert not [url for url in requests if sitecheck.is_external_request(url)]
    page.close()


def test_execution_times_pages_use_no_cdn(site_root, visits):
    """sphinx-gallery's timing pages load jQuery and DataTables from CDNs unless stripped."""
    pages = [p for p in sitecheck.pages(site_root) if p.name == "sg_execution_times.html"]
    assert pages, "no sg_execution_times.html page"
    for path in pages:
        rel = path.relative_to(site_root).as_posix()
        visit = visits(rel)
        assert not visit.external, visit.external
        assert not [u for u in visit.requests if "jquery" in u.lower() or "datatable" in u.lower()]
        page = sitecheck.parse(path)
        assert page.find("table"), f"{rel} has no timings table"
        scripts = [t.attrs.get("src", "") for t in page.find("script")]
        assert not [s for s in scripts if "jquery" in s.lower() or "datatable" in s.lower()]


# -- Parsed, the whole site at once -----------------------------------------------------------
def test_internal_links_and_anchors_resolve(site_root, stats):
    report = sitecheck.check_links(site_root)
    stats["links"] = report.links
    stats["anchors"] = report.anchors
    assert report.links > 0
    assert not report.broken, f"{len(report.broken)} broken:\n" + "\n".join(report.broken)


def test_every_img_is_a_file_of_the_site(site_root):
    missing = sitecheck.missing_images(site_root)
    assert not missing, "\n".join(missing)


def test_no_cdn_anywhere(site_root):
    """The site can be zipped and read offline: no script, stylesheet, font, image or
    @import comes from another host, in any .html, .css or .js file."""
    found = sitecheck.external_resources(site_root)
    assert not found, "loaded from other hosts:\n" + "\n".join(found)


_CELL = '<div class="cell docutils container">'
_PLOTS = re.compile(r"\b(?:plt\.\w+|plot_\w+|\w+\.imshow|subplots)\(")


def plotting_cells_without_figure(path) -> list[str]:
    """The code of each notebook cell on a page that calls a plotting function but shows no
    image in its output."""
    bad = []
    for chunk in path.read_text(encoding="utf-8").split(_CELL)[1:]:
        source, _, output = chunk.partition('<div class="cell_output')
        code = html.unescape(re.sub(r"<[^>]+>", "", source))
        if _PLOTS.search(code) and "<img" not in output:
            bad.append(" ".join(code.split())[:120])
    return bad


def test_chapter_figures_are_drawn(site_root):
    """A chapter cell that plots shows its figure. (A Jupyter kernel started with MPLBACKEND
    set, e.g. to Agg, keeps it instead of the inline backend, and draws nothing.)"""
    bad = {
        p.relative_to(site_root).as_posix(): cells
        for p in sorted((site_root / "chapters").glob("*.html"))
        if (cells := plotting_cells_without_figure(p))
    }
    assert not bad, f"plotting cells with no figure (executed with MPLBACKEND set?): {bad}"
