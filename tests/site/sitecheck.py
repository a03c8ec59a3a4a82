"""Checks of a built HTML site, as plain functions: the site tests run them on the real build,
and the tests of the checkers run them on a copy with planted faults.

Two kinds of check:

- static, by parsing the HTML files (fast, every page): internal links and anchors resolve,
  every ``<img>`` points at a file, nothing is loaded from another host (CDN);
- in a browser (Playwright page): console errors, requests to other hosts, images that do
  not decode. ``crawl`` loads pages and returns a ``Visit`` report for each.

Only the standard library is imported here; Playwright only when a browser check runs.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import os
import posixpath
import re
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

# The built site under test: DLBOOK_SITE, else docs/_build/html of this repository
SITE = Path(
    os.environ.get("DLBOOK_SITE", Path(__file__).parents[2] / "docs" / "_build" / "html")
).resolve()
# Folders of a Sphinx build that hold assets rather than pages (the theme's _static has a few
# Jinja-macro .html files that are never served as pages).
NOT_PAGES = ("_static", "_sources", "_downloads", "_images")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Headless Chromium that stays on this machine: without the background-networking flags it
# calls Google's services, which would show up as external requests.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
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


@functools.cache
def parse(path: Path) -> Page:
    """Parse one HTML file (cached: a built site does not change while it is tested)."""
    page = Page(path)
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return page


def pages(root: Path) -> list[Path]:
    """Every HTML page of the site, sorted; assets folders left out."""
    root = root.resolve()
    # assets folders at the root and in the Korean edition's folder (ko/_static, ...)
    return sorted(
        p for p in root.rglob("*.html") if not set(p.relative_to(root).parts[:-1]) & set(NOT_PAGES)
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


@functools.cache
def _tree(root: Path) -> tuple[frozenset[str], frozenset[str]]:
    """The files and the folders of the site, as paths relative to its root."""
    files, dirs = set(), set()
    for path in root.rglob("*"):
        (dirs if path.is_dir() else files).add(path.relative_to(root).as_posix())
    return frozenset(files), frozenset(dirs)


def _target(root: Path, page: Path, url: str) -> tuple[str | None, str]:
    """The file (relative to the root; None when outside it) that a relative URL on ``page``
    points at, and the URL's fragment."""
    parts = urlsplit(url)
    here = page.relative_to(root).as_posix()
    if not parts.path:
        return here, unquote(parts.fragment)
    path = unquote(parts.path)
    joined = (
        path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(here), path)
    )
    target = posixpath.normpath(joined)
    if target == ".." or target.startswith("../"):
        return None, unquote(parts.fragment)
    if path.endswith("/") or target == "." or target in _tree(root)[1]:
        target = posixpath.normpath(posixpath.join(target, "index.html"))
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
    files = _tree(root)[0]
    report = LinkReport()
    for path in pages(root):
        for ref in references(root, path):
            if not _is_internal(ref.url):
                continue
            report.links += 1
            target, fragment = _target(root, path, ref.url)
            if target is None:
                report.broken.append(f"{ref}: points outside the site")
            elif target not in files:
                report.broken.append(f"{ref}: no such file")
            elif fragment and target.endswith(".html") and ref.tag == "a":
                report.anchors += 1
                if fragment not in parse(root / target).ids:
                    report.broken.append(f"{ref}: no id {fragment!r} on {target}")
    return report


def missing_images(root: Path) -> list[str]:
    """``<img>`` (and ``<source>``) whose src or srcset candidates are not files of the site."""
    root = root.resolve()
    files = _tree(root)[0]
    bad = []
    for path in pages(root):
        for ref in references(root, path):
            if ref.tag in ("img", "source") and _is_internal(ref.url):
                target, _ = _target(root, path, ref.url)
                if target not in files:
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
    math: int = 0  # formulas on the page (MathML, written by the build)


def _host(url: str) -> str | None:
    return urlsplit(url).hostname


def is_external_request(url: str) -> bool:
    """Whether the browser asked another host than this machine for ``url``."""
    scheme = urlsplit(url).scheme
    return scheme in ("http", "https", "ws", "wss") and _host(url) not in LOCAL_HOSTS


def chromium_path() -> str | None:
    """The browser: ``DLBOOK_CHROMIUM``, else Chromium (or Chrome) on the PATH."""
    if os.environ.get("DLBOOK_CHROMIUM"):
        return os.environ["DLBOOK_CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


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

# Wait for web fonts to arrive; count the formulas.
_SETTLE_JS = """async () => {
  await document.fonts.ready;
  return document.querySelectorAll("math").length;
}"""


def crawl(
    urls: list[str],
    executable: str | None = None,
    *,
    first: str | None = None,
    concurrency: int = 3,
    timeout_ms: int = 30_000,
) -> dict[str, Visit]:
    """Load every URL in headless Chromium as one reader browsing would (one browser context:
    cache and storage shared): ``first`` alone, on an empty profile, then the rest a few at a
    time. Requests to other hosts are aborted, and recorded. Returns a ``Visit`` per URL.

    Runs Playwright's async API in a thread of its own, so that it can be called while the
    sync API (the other tests' browser) holds this one.
    """
    visits: dict[str, Visit] = {}
    job = _crawl(
        urls, executable, first=first, concurrency=concurrency, timeout_ms=timeout_ms, out=visits
    )
    with ThreadPoolExecutor(1, thread_name_prefix="crawl") as thread:
        thread.submit(asyncio.run, job).result()  # re-raises here what went wrong there
    return visits


async def _crawl(urls, executable, *, first, concurrency, timeout_ms, out) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context()
            await context.route(_NOT_LOCAL, lambda route: route.abort("blockedbyclient"))
            if first is not None:
                out[first] = await _visit(context, first, timeout_ms)
            slots = asyncio.Semaphore(concurrency)

            async def one(url):
                async with slots:
                    out[url] = await _visit(context, url, timeout_ms)

            await asyncio.gather(*(one(url) for url in urls if url not in out))
        finally:
            await browser.close()


async def _visit(context, url: str, timeout_ms: int) -> Visit:
    """Open ``url`` in a new page, let it settle (fonts, pending requests), decode
    its images; report console errors, failed and external requests."""
    report = Visit(url)
    pending: set = set()
    page = await context.new_page()
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
    # a lambda: Playwright cannot take a built-in method as a handler
    page.on("requestfinished", lambda req: pending.discard(req))  # noqa: PLW0108
    page.on("requestfailed", failed)
    page.on("response", response)
    try:
        await page.goto(url, wait_until="load")
        report.math = await page.evaluate(_SETTLE_JS)
        report.images, report.broken_images = await page.evaluate(_IMAGES_JS)
        # wait until no request has been in flight for 150 ms, so late loads are recorded
        quiet, waited = 0, 0
        while quiet < 150 and waited < timeout_ms:
            await asyncio.sleep(0.05)
            waited += 50
            quiet = quiet + 50 if not pending else 0
    finally:
        await page.close()
    return report


def _console(report: Visit, message) -> None:
    if message.type == "error":
        where = message.location
        report.console_errors.append(f"{message.text} ({where['url']}:{where['lineNumber']})")
