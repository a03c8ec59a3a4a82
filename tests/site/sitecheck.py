"""Checks of a built HTML site, as plain functions: the site tests run them on the real build,
and the tests of the checkers run them on a copy with planted faults.

Two kinds of check:

- static, by parsing the HTML files (fast, every page): internal links and anchors resolve,
  every ``<img>`` points at a file, nothing is loaded from another host (CDN);
- in a browser (Playwright page): console errors, requests to other hosts, images that do
  not decode. ``visit`` loads a page and returns a ``Visit`` report.

Only the standard library is imported here; Playwright objects are passed in.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

# The built site under test: DLBOOK_SITE, else docs/_build/html of this repository
SITE = Path(os.environ.get("DLBOOK_SITE", Path(__file__).parents[2] / "docs" / "_build" / "html"))
# Folders of a Sphinx build that hold assets rather than pages (the theme's _static has a few
# Jinja-macro .html files that are never served as pages).
NOT_PAGES = ("_static", "_sources", "_downloads", "_images")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# <link rel=...> values that the browser fetches (anything else, e.g. canonical, is a name)
FETCHED_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch",
    "modulepreload", "manifest", "mask-icon", "preconnect", "dns-prefetch",
}  # fmt: skip
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


# -- Parsing ----------------------------------------------------------------------------------
@dataclass
class Tag:
    """One start tag: its name, its attributes and the line it is on."""

    name: str
    attrs: dict[str, str]
    line: int


@dataclass
class Page:
    """What the checks need from one HTML file."""

    path: Path
    ids: set[str] = field(default_factory=set)
    tags: list[Tag] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # <style> bodies and style="" attributes
    h1: str = ""
    text: str = ""  # visible text, scripts and styles left out

    def find(self, *names: str) -> list[Tag]:
        return [t for t in self.tags if t.name in names]


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._skip = 0  # inside <script> or <style>
        self._h1: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.page.tags.append(Tag(tag, a, self.getpos()[0]))
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.page.ids.add(a["name"])
        if "style" in a:
            self.page.styles.append(a["style"])
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "h1" and self._h1 is None and not self.page.h1:
            self._h1 = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        if tag == "h1" and self._h1 is not None:
            self.page.h1 = " ".join("".join(self._h1).split()).rstrip("#").strip()
            self._h1 = None

    def handle_data(self, data):
        if self._skip:
            if self.lasttag == "style":
                self.page.styles.append(data)
            return
        self._text.append(data)
        if self._h1 is not None:
            self._h1.append(data)

    def close(self):
        super().close()
        self.page.text = " ".join(" ".join(self._text).split())


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> Page:
    """Parse one HTML file (cached: a built site does not change while it is tested)."""
    page = Page(path)
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return page


def pages(root: Path) -> list[Path]:
    """Every HTML page of the site, sorted; assets folders left out."""
    return sorted(
        p for p in root.rglob("*.html") if p.relative_to(root).parts[0] not in NOT_PAGES
    )


# -- Static checks ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Ref:
    """A reference from a page: ``page`` (relative to the root), the tag, the URL as written."""

    page: str
    tag: str
    url: str
    line: int
    rel: str = ""  # <link rel>

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: <{self.tag}> {self.url}"


def _srcset_urls(srcset: str) -> list[str]:
    return [c.split()[0] for c in srcset.split(",") if c.strip()]


def references(root: Path, path: Path) -> list[Ref]:
    """Every URL a page links to or loads: <a href>, <img src/srcset>, <script src>, <link>..."""
    rel = path.relative_to(root).as_posix()
    out = []
    for t in parse(path).tags:
        urls = []
        if t.name in ("a", "area", "link") and "href" in t.attrs:
            urls.append(t.attrs["href"])
        for attr in ("src", "data", "poster"):
            if attr in t.attrs and t.name != "a":
                urls.append(t.attrs[attr])
        if "srcset" in t.attrs:
            urls += _srcset_urls(t.attrs["srcset"])
        link_rel = t.attrs.get("rel", "").lower()
        out += [Ref(rel, t.name, u.strip(), t.line, link_rel) for u in urls]
    return out


def _is_external(url: str) -> bool:
    return url.startswith("//") or (
        bool(_SCHEME.match(url)) and urlsplit(url).scheme in ("http", "https")
    )


def _is_internal(url: str) -> bool:
    return bool(url) and not url.startswith("//") and not _SCHEME.match(url)


def _target(root: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file a relative URL points at, and its fragment."""
    parts = urlsplit(url)
    if not parts.path:
        return page, unquote(parts.fragment)
    base = root if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


@dataclass
class LinkReport:
    """The result of ``check_links``: counts, and the references that do not resolve."""

    links: int = 0  # internal references checked (a, img, script, link, ...)
    anchors: int = 0  # of which with a #fragment into an HTML page
    broken: list[str] = field(default_factory=list)


def check_links(root: Path) -> LinkReport:
    """Every internal reference on every page resolves to a file, and every #fragment of an
    HTML target to an ``id`` (or ``<a name>``) on that page."""
    root = root.resolve()
    report = LinkReport()
    for path in pages(root):
        for ref in references(root, path.resolve()):
            if not _is_internal(ref.url):
                continue
            report.links += 1
            target, fragment = _target(root, path.resolve(), ref.url)
            if root not in target.parents:
                report.broken.append(f"{ref}: points outside the site")
            elif not target.is_file():
                report.broken.append(f"{ref}: no such file")
            elif fragment and target.suffix == ".html" and ref.tag == "a":
                report.anchors += 1
                if fragment not in parse(target).ids:
                    rel = target.relative_to(root).as_posix()
                    report.broken.append(f"{ref}: no id {fragment!r} on {rel}")
    return report


def missing_images(root: Path) -> list[str]:
    """``<img>`` (and ``<source>``) whose src or srcset candidates are not files of the site."""
    root = root.resolve()
    bad = []
    for path in pages(root):
        for ref in references(root, path.resolve()):
            if ref.tag in ("img", "source") and _is_internal(ref.url):
                target, _ = _target(root, path.resolve(), ref.url)
                if not target.is_file():
                    bad.append(str(ref))
    return bad


# A URL on another host, written as http(s)://... or protocol-relative //...
_EXT = r"""(?:https?:)?//[^\s"'()<>]+"""
_CSS_LOADS = [
    re.compile(rf"""@import\s+(?:url\(\s*)?["']?({_EXT})"""),  # @import
    re.compile(rf"""url\(\s*["']?({_EXT})"""),  # fonts (@font-face src), backgrounds
]
# In JavaScript, markup written as text: '<script src="https://...', '<link href="https://...'
_JS_LOADS = [
    re.compile(rf"""<(?:script|img|iframe)[^>]*?\bsrc\s*=\s*\\?["']({_EXT})"""),
    re.compile(rf"""<link[^>]*?\bhref\s*=\s*\\?["']({_EXT})"""),
    re.compile(rf"""\b(?:importScripts|import)\(\s*["'`]({_EXT})"""),
    *_CSS_LOADS,
]


def external_resources(root: Path) -> list[str]:
    """Everything the site would load from another host: in HTML, ``<script src>``,
    ``<link rel=stylesheet|icon|preload...>``, ``<img>``, ``<iframe>``, media, and CSS in
    ``<style>``; in .css files ``@import`` and ``url()`` (fonts); in .js files markup or
    imports naming another host. Links a reader clicks (``<a href>``) are not loads."""
    root = root.resolve()
    found = []
    for path in pages(root):
        rel = path.relative_to(root).as_posix()
        for ref in references(root, path):
            if ref.tag in ("a", "area") or not _is_external(ref.url):
                continue
            if ref.tag == "link" and not set(ref.rel.split()) & FETCHED_RELS:
                continue  # rel=canonical and the like name a URL, they do not load it
            found.append(str(ref))
        for css in parse(path).styles:
            found += [f"{rel}: <style> {m.group(1)}" for r in _CSS_LOADS for m in r.finditer(css)]
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".css", ".js") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(root).as_posix()
        patterns = _CSS_LOADS if path.suffix == ".css" else _JS_LOADS
        found += [f"{rel}: {m.group(1)}" for r in patterns for m in r.finditer(text)]
    return found


def pages_containing(root: Path, word: str) -> list[Path]:
    """Pages whose visible text contains ``word`` (case-insensitive)."""
    word = word.lower()
    return [p for p in pages(root) if word in parse(p).text.lower()]


# -- A local server ---------------------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the tests report what matters
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free localhost port in a thread; yield its base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- In the browser ---------------------------------------------------------------------------
@dataclass
class Visit:
    """What a browser saw while loading one page."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL requested
    external: list[str] = field(default_factory=list)  # requests to another host (aborted)
    failed: list[str] = field(default_factory=list)  # local requests that failed or got >= 400
    images: int = 0
    broken_images: list[str] = field(default_factory=list)  # <img> not decoded
    math: int = 0  # formulas MathJax rendered


def _host(url: str) -> str | None:
    return urlsplit(url).hostname


def is_external_request(url: str) -> bool:
    """Whether the browser asked another host than this machine for ``url``."""
    scheme = urlsplit(url).scheme
    return scheme in ("http", "https", "ws", "wss") and _host(url) not in LOCAL_HOSTS


# every http(s) URL whose host is not this machine
_NOT_LOCAL = re.compile(r"^(?:https?|wss?)://(?!(?:127\.0\.0\.1|localhost|\[::1\])[:/])")


@contextmanager
def browsing(browser: Browser, **options) -> Iterator[BrowserContext]:
    """A fresh browser context (a first-time reader: empty cache and storage) in which every
    request to another host is aborted before it leaves the machine (``visit`` and the
    ``request`` event still see it)."""
    context = browser.new_context(**options)
    context.route(_NOT_LOCAL, lambda route: route.abort("blockedbyclient"))
    try:
        yield context
    finally:
        context.close()


# Decode every image (lazy ones made eager first); report those with no pixels.
_IMAGES_JS = """async () => {
  const imgs = Array.from(document.images);
  const broken = [];
  for (const img of imgs) {
    if (img.loading === "lazy") img.loading = "eager";
    let ok = true;
    try { await img.decode(); } catch (e) { ok = false; }
    if (!ok || !img.complete || img.naturalWidth === 0) broken.push(img.getAttribute("src"));
  }
  return [imgs.length, broken];
}"""

# Wait for MathJax (when the page loads it) to typeset, and for web fonts to arrive.
_SETTLE_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  await document.fonts.ready;
  return document.querySelectorAll("mjx-container").length;
}"""


def visit(context: BrowserContext, url: str, timeout_ms: int = 30_000) -> Visit:
    """Open ``url`` in a new page of ``context``, let it settle (MathJax, fonts, pending
    requests), decode its images, and report console errors, failed and external requests."""
    report = Visit(url)
    pending: set = set()
    page = context.new_page()
    page.set_default_timeout(timeout_ms)

    def request(req):
        report.requests.append(req.url)
        pending.add(req)
        if is_external_request(req.url):
            report.external.append(req.url)

    def failed(req):
        pending.discard(req)
        if not is_external_request(req.url):
            report.failed.append(f"{req.url}: {req.failure}")

    def response(resp):
        if resp.status >= 400 and not is_external_request(resp.url):
            report.failed.append(f"{resp.url}: HTTP {resp.status}")

    page.on("console", lambda m: _console(report, m))
    page.on("pageerror", lambda e: report.console_errors.append(f"uncaught: {e}"))
    page.on("request", request)
    page.on("requestfinished", lambda req: pending.discard(req))
    page.on("requestfailed", failed)
    page.on("response", response)
    try:
        page.goto(url, wait_until="load")
        report.math = page.evaluate(_SETTLE_JS)
        report.images, report.broken_images = page.evaluate(_IMAGES_JS)
        _wait_quiet(page, pending, timeout_ms)
    finally:
        page.close()
    return report


def _wait_quiet(page, pending: set, timeout_ms: int, quiet_ms: int = 150) -> None:
    """Wait until no request has been in flight for ``quiet_ms`` (late loads get recorded)."""
    step, quiet, waited = 50, 0, 0
    while quiet < quiet_ms and waited < timeout_ms:
        page.wait_for_timeout(step)
        waited += step
        quiet = quiet + step if not pending else 0


def _console(report: Visit, message) -> None:
    if message.type == "error":
        where = message.location
        report.console_errors.append(f"{message.text} ({where['url']}:{where['lineNumber']})")
