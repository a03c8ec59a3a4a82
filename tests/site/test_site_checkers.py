"""The checkers catch what they are for: on a copy of the built site with faults planted in
one page (a missing image, a link to a missing page, a link to a missing anchor, a script
from a CDN), each fault is reported, and nothing else is."""

from __future__ import annotations

import shutil

import pytest
import sitecheck

PAGE = "chapters/perceptron.html"
IMAGE = "../_images/no-such-figure.png"
LINKS = ["no-such-chapter.html", "../index.html#no-such-anchor"]
SCRIPT = "https://cdn.example.invalid/lib/1.0/lib.min.js"  # .invalid: can never resolve
PLANTED = f"""
<div id="planted-faults">
  <img src="{IMAGE}" alt="a figure that was never built">
  <a href="{LINKS[0]}">a chapter that does not exist</a>
  <a href="{LINKS[1]}">an anchor that does not exist</a>
  <script src="{SCRIPT}"></script>
</div>
"""


@pytest.fixture(scope="module")
def broken_site(site_root, tmp_path_factory):
    """A copy of the built site whose ``PAGE`` carries the planted faults."""
    root = tmp_path_factory.mktemp("broken") / "html"
    shutil.copytree(site_root, root)
    page = root / PAGE
    html = page.read_text(encoding="utf-8")
    assert html.count("</body>") == 1
    page.write_text(html.replace("</body>", PLANTED + "</body>"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def broken_visit(broken_site):
    """What Chromium sees on the broken page, served from the copy (as in the page tests)."""
    with sitecheck.serve(broken_site) as url:
        return sitecheck.crawl([url + PAGE], sitecheck.chromium_path())[url + PAGE]


def new(found: list[str], before: list[str]) -> list[str]:
    """What a checker reports on the broken copy and not on the real site."""
    return [f for f in found if f not in before]


def test_catches_a_broken_image(site_root, broken_site, broken_visit, visits):
    # the browser decodes no pixels for it
    assert new(broken_visit.broken_images, visits(PAGE).broken_images) == [IMAGE]
    # Chromium logs the 404 as a console error, which the page test fails on
    assert new(broken_visit.console_errors, visits(PAGE).console_errors)
    assert [f for f in broken_visit.failed if "no-such-figure.png" in f]
    # and the file check finds no file for it
    missing = new(sitecheck.missing_images(broken_site), sitecheck.missing_images(site_root))
    assert len(missing) == 1, missing
    assert missing[0].startswith(PAGE)
    assert missing[0].endswith(f"<img> {IMAGE}")


def test_catches_broken_links(site_root, broken_site):
    broken = new(sitecheck.check_links(broken_site).broken, sitecheck.check_links(site_root).broken)
    # the link check covers every internal reference, so it reports the image too
    assert len(broken) == 3, broken
    image_missing, page_missing, anchor_missing = broken
    assert image_missing.startswith(PAGE)
    assert image_missing.endswith(f"{IMAGE}: no such file")
    assert page_missing.startswith(PAGE)
    assert page_missing.endswith(f"{LINKS[0]}: no such file")
    assert anchor_missing.startswith(PAGE)
    assert anchor_missing.endswith(f"{LINKS[1]}: no id 'no-such-anchor' on index.html")


def test_catches_an_external_script(site_root, broken_site, broken_visit):
    # the file scan finds it ...
    found = new(sitecheck.external_resources(broken_site), sitecheck.external_resources(site_root))
    assert len(found) == 1, found
    assert found[0].startswith(PAGE)
    assert found[0].endswith(f"<script> {SCRIPT}")
    # ... and the browser asked for it (the request was aborted before leaving the machine)
    assert broken_visit.external == [SCRIPT]
