"""The site as a reader's browser gets it: light pages, images that say what they show and
keep their shape, the base URL, and code that links where the gallery's links already.

- ``describe_figures()``, run in every chapter kernel at start-up, makes each PNG a figure
  is saved to carry a ``Description`` text chunk said from the figure itself (its suptitle,
  axes titles and labels); ``doctree-read`` gives that text as alt text to the chapter
  images that have none (myst-nb's, which would otherwise show their file path).
- ``config-inited``: ``html_baseurl`` (and OpenGraph's site URL, the 404 page's prefix) from
  ``DLBOOK_BASE_URL`` when it is set; a translated build lives one folder down, in its
  language's folder. Unset, the build makes no absolute URL and warns about nothing.
- ``build-finished``: every ``<img>`` gets its ``width`` and ``height`` (read from the file),
  so the browser keeps room for it before it loads, and all but a page's first image load
  lazily.
- The gallery's code links by sphinx-gallery itself: codeautolink is told to skip its pages.

The module imports only the standard library at the top, so that a kernel imports it fast.
"""

from __future__ import annotations

import functools
import json
import os
import re
import struct
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_URL_ENV = "DLBOOK_BASE_URL"
GALLERY_DIR = "auto_examples"
ALT_KEY = "Description"  # the PNG text chunk that carries a figure's alt text
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\s([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


# -- Alt text from the figure itself ------------------------------------------------------------
def figure_alt(fig) -> str:
    """What a matplotlib figure shows, in words, from its own texts.

    Its suptitle, then each axes' title with its axis labels:
    ``"Loss per epoch. Panel 1: training loss (x: epoch, y: loss)"``. A figure with no text
    at all is described by its panels' count and kinds (images, lines)."""
    parts = []
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text().strip():
        parts.append(_clean(sup.get_text()))
    axes = [ax for ax in fig.get_axes() if (ax.get_visible() and ax.axison) or ax.get_title()]
    panels = []
    for ax in axes:
        title = _clean(
            " ".join(t for t in (ax.get_title("left"), ax.get_title(), ax.get_title("right")) if t)
        )
        labels = [
            f"{name}: {_clean(text)}"
            for name, text in (("x", ax.get_xlabel()), ("y", ax.get_ylabel()))
            if text.strip()
        ]
        text = title + (f" ({', '.join(labels)})" if labels else "")
        if text:
            panels.append(text)
    if len(panels) == 1:
        parts.append(panels[0])
    else:
        parts += [f"Panel {i}: {text}" for i, text in enumerate(panels, 1)]
    if not parts:  # no words on the figure: say what is drawn
        kinds = []
        for ax in fig.get_axes():
            if ax.images:
                kinds.append("image")
            elif ax.lines or ax.collections or ax.patches:
                kinds.append("plot")
        what = ", ".join(sorted(set(kinds))) or "drawing"
        n = len(fig.get_axes())
        parts.append(f"A figure of {n} panel{'s' if n != 1 else ''} ({what})")
    return ". ".join(p.rstrip(".") for p in parts) + "."


def _clean(text: str) -> str:
    """Text as a reader hears it: TeX dollars and braces dropped, whitespace collapsed."""
    text = re.sub(r"\\(mathrm|mathbf|text|operatorname)\b", "", text)
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text).replace("\\", "")  # \alpha -> alpha
    return " ".join(re.sub(r"[${}^_]", "", text).split())


def describe_figures() -> None:
    """Make every PNG matplotlib's Agg canvas writes carry :func:`figure_alt` of its figure.

    Run once in a kernel (the chapters' IPython profile does): the inline backend's PNGs
    then carry a ``Description`` text chunk, which the build turns into alt text."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if getattr(FigureCanvasAgg.print_png, "_dlbook_alt", False):
        return
    original = FigureCanvasAgg.print_png

    @functools.wraps(original)  # same signature: matplotlib passes only what it accepts
    def print_png(self, filename_or_obj, *, metadata=None, pil_kwargs=None):
        metadata = {ALT_KEY: figure_alt(self.figure), **(metadata or {})}
        return original(self, filename_or_obj, metadata=metadata, pil_kwargs=pil_kwargs)

    print_png._dlbook_alt = True
    FigureCanvasAgg.print_png = print_png


def png_description(path: Path) -> str | None:
    """The ``Description`` text chunk of a PNG file, or None."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            return (getattr(image, "text", None) or {}).get(ALT_KEY)
    except OSError:
        return None


def _alt_from_figures(app, doctree) -> None:
    from docutils import nodes

    for image in doctree.findall(nodes.image):
        if image.get("alt"):
            continue
        uri = image.get("uri", "")
        if not uri.endswith(".png"):
            continue
        path = Path(app.srcdir, uri) if not Path(uri).is_absolute() else Path(uri)
        candidates = [path, Path(app.srcdir) / uri.lstrip("/")]
        for candidate in candidates:
            if candidate.is_file() and (text := png_description(candidate)):
                image["alt"] = text
                break


# -- Base URL ---------------------------------------------------------------------------------
def base_url(language: str | None = None) -> str:
    """``DLBOOK_BASE_URL`` ending in one slash, plus ``<language>/`` for a translation; ""
    when unset."""
    url = os.environ.get(BASE_URL_ENV, "").strip()
    if not url:
        return ""
    if not urlsplit(url).scheme.startswith("http"):
        raise ValueError(f"{BASE_URL_ENV} must be an http(s) URL, got {url!r}")
    url = url.rstrip("/") + "/"
    if language and language != "en":
        url += f"{language}/"
    return url


def _config_inited(app, config) -> None:
    url = base_url(config.language)
    if not url:
        return
    config.html_baseurl = url
    if "sphinxext.opengraph" in config.extensions:
        config.ogp_site_url = url
    if "notfound.extension" in config.extensions:
        config.notfound_urls_prefix = urlsplit(url).path


# -- Python's inventory, offline -----------------------------------------------------------------
#: Debian's package with Python's HTML documentation, and the inventory in it.
PYTHON_DOC_PACKAGE = "python3.11-doc"
PYTHON_DOC_URL = "https://docs.python.org/3.11/"
_INV_IN_PACKAGE = "usr/share/doc/python3.11/html/objects.inv"


def python_inventory() -> Path:
    """Where the build looks for Python's ``objects.inv``: the user cache, like the data
    (``$XDG_CACHE_HOME`` or ``~/.cache``, then ``dlbook/intersphinx/python3.11``)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    cache = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return cache / "dlbook" / "intersphinx" / "python3.11" / "objects.inv"


def fetch_python_inventory() -> Path:
    """Put Python's ``objects.inv`` from Debian's python3.11-doc into :func:`python_inventory`.

    ``apt-get download`` and ``dpkg-deb -x`` in a temporary folder: no root, nothing but the
    package registry. Raises ``RuntimeError`` saying why when that cannot be done."""
    import shutil
    import subprocess
    import tempfile

    dest = python_inventory()
    if dest.is_file():
        return dest
    for tool in ("apt-get", "dpkg-deb"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"no {tool} on this machine")
    with tempfile.TemporaryDirectory() as tmp:
        for cmd in (
            ["apt-get", "download", PYTHON_DOC_PACKAGE],
            ["sh", "-c", f"dpkg-deb -x {PYTHON_DOC_PACKAGE}_*.deb x"],
        ):
            done = subprocess.run(cmd, check=False, cwd=tmp, capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.strip()[-300:]}")
        inv = Path(tmp, "x", _INV_IN_PACKAGE)
        if not inv.is_file() or not inv.read_bytes().startswith(b"# Sphinx inventory version 2"):
            raise RuntimeError(
                f"{PYTHON_DOC_PACKAGE} has no Sphinx inventory at /{_INV_IN_PACKAGE}"
            )
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(inv, dest)
    return dest


# -- Pages ------------------------------------------------------------------------------------
def _filename(script) -> str:
    return os.fspath(getattr(script, "filename", script) or "")


#: Scripts that run at once: the inline lines after it (DOCUMENTATION_OPTIONS.pagename = ...)
#: need the object it makes (dlbook_head writes it into the page after the build).
RUN_AT_ONCE = ("documentation_options.js",)


def _defer_scripts(app, pagename, templatename, context, doctree) -> None:
    """Every script file in <head> deferred, so none holds up the first paint: they all
    wait for the DOM (doctools, copybutton, the theme's) and keep their order."""
    from sphinx.builders.html._assets import _JavaScript

    scripts = context.get("script_files")
    if not scripts or pagename == "search":  # searchtools.js, inline there, needs doctools.js
        return
    deferred = []
    for script in scripts:
        attrs = getattr(script, "attributes", None)
        name = _filename(script)
        if (
            isinstance(script, _JavaScript)
            and name
            and not name.endswith(RUN_AT_ONCE)
            and "async" not in attrs
            and "defer" not in attrs
            and attrs.get("type", "text/javascript") in ("text/javascript", "module")
        ):
            deferred.append(
                _JavaScript(script.filename, priority=script.priority, **attrs, defer="defer")
            )
        else:
            deferred.append(script)
    context["script_files"] = deferred


#: Descriptions of the pages Sphinx makes without a source (sphinxext-opengraph skips them).
GENERATED_DESCRIPTIONS = {
    "genindex": "Index of every name and term documented in {project}.",
    "py-modindex": "The modules of the {project} library, each with its documentation page.",
    "search": "Search every chapter, example and API page of {project}.",
    "_modules/index": "The source code of the {project} library, module by module.",
}


def _describe_generated_pages(app, pagename, templatename, context, doctree) -> None:
    """A meta description and OpenGraph title for a page with no source: the indices, the
    search page and viewcode's source pages."""
    import html

    metatags = context.get("metatags", "")
    if 'name="description"' in metatags:
        return
    title = re.sub(r"<[^>]+>", "", context.get("title") or "").strip()
    project = app.config.project
    if pagename in GENERATED_DESCRIPTIONS:
        text = GENERATED_DESCRIPTIONS[pagename].format(project=project)
    elif pagename.startswith("_modules/"):
        text = f"The source code of {title}, a module of the {project} library, with links to its documentation."
    else:
        text = f"{title}: a page of {app.config.html_title}."
    tags = f'<meta name="description" content="{html.escape(text)}" />\n'
    if 'property="og:title"' not in metatags:
        tags += f'<meta property="og:title" content="{html.escape(title or project)}" />\n'
    context["metatags"] = metatags + tags


_RELATIVE_HREF = re.compile(r'(\shref=")(?![#/]|[a-zA-Z][\w+.-]*:)([^"]*)"')
_RELATIVE = re.compile(r"(?![#/]|[a-zA-Z][\w+.-]*:)")


def _root_404_links(app, pagename, templatename, context, doctree) -> None:
    """On the 404 page, built with the base URL, links in its text rooted at the base URL's
    path: GitHub Pages serves it at any depth (sphinx-notfound-page roots the theme's links,
    not those of the page's text, nor the other edition's)."""
    if pagename != "404" or not app.config.html_baseurl:
        return
    root = urlsplit(app.config.html_baseurl).path
    context["body"] = _RELATIVE_HREF.sub(
        lambda m: f'{m.group(1)}{root}{m.group(2)}"', context["body"]
    )
    other = context.get("dlbook_other_edition")
    if isinstance(other, dict) and other.get("href") and _RELATIVE.match(other["href"]):
        other["href"] = root + other["href"]


def _skip_gallery_autolink(app, doctree) -> None:
    """sphinx-gallery links its own pages' code: codeautolink skips them (no double links)."""
    if "sphinx_codeautolink" not in app.config.extensions:
        return
    if not app.env.docname.startswith(f"{GALLERY_DIR}/"):
        return
    from sphinx_codeautolink.extension.directive import SkipMarker

    doctree.insert(0, SkipMarker("file"))


# -- Images: width, height, lazy loading --------------------------------------------------------
def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels of a PNG, JPEG, GIF or SVG file; None if unknown."""
    try:
        head = path.read_bytes()[:32] if path.suffix.lower() != ".svg" else b""
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return struct.unpack(">II", head[16:24])
    if path.suffix.lower() == ".svg":
        text = path.read_text(encoding="utf-8", errors="replace")[:2000]
        box = re.search(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', text)
        if box:
            return round(float(box.group(1))), round(float(box.group(2)))
        return None
    try:
        from PIL import Image

        with Image.open(path) as image:
            return image.size
    except (OSError, ImportError):
        return None


#: A figure wider than this (in pixels) also gets a copy this wide, for phones: a 412 px screen
#: at 1.75 device pixels per CSS pixel (Lighthouse's phone) shows a figure about 660 px wide.
PHONE_WIDTH = 720
#: How wide a figure is shown: the screen less the margins on a phone, the column otherwise.
SIZES = "(max-width: 800px) calc(100vw - 2rem), 800px"


def _srcset(attrs: dict[str, str], page: Path, outdir: Path) -> str | None:
    """A ``srcset`` with width descriptors for a large local PNG: its files (``src`` and any
    ``srcset`` ones) and a copy :data:`PHONE_WIDTH` pixels wide, made once in ``_images``."""
    src = attrs.get("src", "")
    if not src.endswith(".png") or urlsplit(src).scheme or " w," in attrs.get("srcset", "") + ",":
        return None
    urls = [src] + [c.split()[0] for c in attrs.get("srcset", "").split(",") if c.strip()]
    files = {}
    for url in dict.fromkeys(urls):
        file = (page.parent / unquote(url)).resolve()
        size = image_size(file) if outdir.resolve() in file.parents else None
        if size is None:
            return None
        files[url] = (file, size[0])
    largest_url, (largest, width) = max(files.items(), key=lambda kv: kv[1][1])
    if width <= PHONE_WIDTH * 1.25:
        return None
    small = largest.with_name(f"{largest.stem}_{PHONE_WIDTH}w.png")
    if not small.exists():
        from PIL import Image

        with Image.open(largest) as image:
            height = round(image.height * PHONE_WIDTH / image.width)
            image.resize((PHONE_WIDTH, height), Image.Resampling.LANCZOS).save(small, optimize=True)
    small_url = (
        largest_url.rsplit("/", 1)[0] + "/" + small.name if "/" in largest_url else small.name
    )
    candidates = {small_url: PHONE_WIDTH, **{url: w for url, (_, w) in files.items()}}
    return ", ".join(f"{url} {w}w" for url, w in sorted(candidates.items(), key=lambda kv: kv[1]))


def size_images(html: str, page: Path, outdir: Path) -> tuple[str, int]:
    """``html`` with width/height on every local ``<img>`` that lacks them (its file's pixel
    size, or the attribute present scaled to the file's shape), ``loading="lazy"`` on all
    but the first; and the number of tags changed."""
    changed = 0
    seen = 0

    def fix(match: re.Match) -> str:
        nonlocal changed, seen
        tag = match.group(0)
        attrs = {
            m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
            for m in _ATTR.finditer(tag)
        }
        seen += 1
        add = {}
        if "width" not in attrs or "height" not in attrs:
            src = attrs.get("src", "")
            if src and not urlsplit(src).scheme and not src.startswith("//"):
                file = (page.parent / unquote(urlsplit(src).path)).resolve()
                size = image_size(file) if outdir.resolve() in file.parents else None
                if size and size[0] and size[1]:
                    w, h = size
                    if "width" in attrs and attrs["width"].isdigit():
                        w, h = int(attrs["width"]), round(int(attrs["width"]) * h / w)
                    elif "height" in attrs and attrs["height"].isdigit():
                        w, h = round(int(attrs["height"]) * w / h), int(attrs["height"])
                    add.update(
                        {k: str(v) for k, v in (("width", w), ("height", h)) if k not in attrs}
                    )
        srcset = _srcset(attrs, page, outdir)
        if srcset:
            add["srcset"] = srcset
            add["sizes"] = SIZES
        if seen > 1 and "loading" not in attrs:
            add["loading"] = "lazy"
        elif seen == 1 and "fetchpriority" not in attrs:
            add["fetchpriority"] = "high"  # often the largest thing on the first screen
        if not add:
            return tag
        changed += 1
        if "srcset" in add:
            tag = re.sub(r"""\ssrcset\s*=\s*("[^"]*"|'[^']*')""", "", tag)
        end = "/>" if tag.endswith("/>") else ">"
        extra = "".join(f' {k}="{v}"' for k, v in add.items())
        return (
            tag[: -len(end)].rstrip() + extra + " " + end if end == "/>" else tag[:-1] + extra + ">"
        )

    return _IMG.sub(fix, html), changed


#: Folders of a built site that hold assets, not pages.
ASSETS = ("_static", "_sources", "_images", "_downloads")


def site_pages(outdir: Path):
    """Every HTML page of the built edition in ``outdir``: asset folders and another
    edition built into a subfolder with its own ``_static`` (the Korean one, html/ko) are
    left out. The build-finished passes (here, dlbook_head, dlbook_icons) all walk these."""
    for page in outdir.rglob("*.html"):
        rel = page.relative_to(outdir).parts
        if rel[0] in ASSETS or (len(rel) > 1 and (outdir / rel[0] / "_static").is_dir()):
            continue
        yield page


def _size_all_images(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    outdir = Path(app.outdir)
    total = 0
    for page in site_pages(outdir):
        text = page.read_text(encoding="utf-8")
        if "<img" not in text:
            continue
        new, changed = size_images(text, page, outdir)
        if changed:
            page.write_text(new, encoding="utf-8")
            total += changed
    logging.getLogger(__name__).info(f"dlbook_site: sized or deferred {total} images")


def _codeautolink_cache_keeps_markdown() -> None:
    """sphinx-codeautolink (0.20) reads back from its cache only the entries of ``.rst``
    pages, so a rebuild that does not re-read the MyST chapters loses their links: read the
    ``.md`` (and ``.ipynb``) pages' entries too."""
    try:
        from sphinx_codeautolink.extension import cache as cal_cache
    except ImportError:
        return
    if getattr(cal_cache.DataCache.read, "_dlbook", False):
        return

    def read(self) -> None:
        path = self.cache_dir / self.cache_filename
        if not path.exists():
            return
        for file, transforms in json.loads(path.read_text("utf-8")).items():
            if not any((self.src_dir / (file + s)).exists() for s in (".rst", ".md", ".ipynb")):
                continue
            for transform in transforms:
                transform["example"] = cal_cache.CodeExample(**transform["example"])
                transform["names"] = [cal_cache.Name(**n) for n in transform["names"]]
            self.transforms[file] = [cal_cache.SourceTransform(**t) for t in transforms]

    read._dlbook = True
    cal_cache.DataCache.read = read


def setup(app):
    _codeautolink_cache_keeps_markdown()
    app.connect("config-inited", _config_inited)
    app.connect("doctree-read", _alt_from_figures)
    # before codeautolink parses the code blocks (its doctree-read handler has priority 490)
    app.connect("doctree-read", _skip_gallery_autolink, priority=400)
    app.connect("html-page-context", _defer_scripts, priority=850)
    # after sphinxext-opengraph (priority 500), for the pages it leaves without one
    app.connect("html-page-context", _describe_generated_pages, priority=700)
    app.connect("html-page-context", _root_404_links, priority=900)
    app.connect("build-finished", _size_all_images)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
