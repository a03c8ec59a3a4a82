"""Font Awesome cut down to the icons the site shows.

The theme draws its icons (menu, search, theme switch, download, GitHub) with Font Awesome's
web fonts: 115 KB for the solid set and 110 KB for the brands set, the latter for one GitHub
mark. A phone fetches them at the highest priority, beside the stylesheet, on every page.
After the build (``build-finished``, after ``dlbook_head`` has joined the stylesheets), each
Font Awesome font a joined stylesheet names is cut (fontTools' subsetter, WOFF2) to the icons
the site uses, and the stylesheet names the cut font instead:

- an icon class (``fa-github``) that appears in a page or in one of the site's scripts keeps
  the glyph its rule (``.fa-github{--fa:"\\f09b"}``) names;
- every glyph the rest of the CSS names itself (the theme's admonition, link and breadcrumb
  icons) is kept.

An icon a script builds from pieces of a name at run time would be missed: there is none in
the theme's scripts today, and ``tests/site`` checks that every icon class on every page has
its glyph in the font the page loads.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ICONS_DIR = "_static/dlbook-icons"
_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
_FACE_URL = re.compile(
    r"""url\(\s*(['"]?)([^'")]*fontawesome[^'")]*\.woff2)\1\s*\)""", re.IGNORECASE
)
#: ``.fa-github,.fa-github-alt{--fa:"\f09b"}``: the icon classes and the glyph they draw
_ICON_RULE = re.compile(
    r"((?:\.fa-[a-z0-9-]+\s*,\s*)*\.fa-[a-z0-9-]+)\s*\{\s*--fa:\s*\"([^\"]*)\"\s*;?\s*\}"
)
_CLASS = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")
PRIVATE_USE = range(0xE000, 0xF900)


def _chars(css_string: str) -> set[int]:
    """Code points in the Private Use Area that a piece of CSS names, escaped or literal."""
    points = {int(h, 16) for h in _ESCAPE.findall(css_string)}
    points |= {ord(c) for c in _ESCAPE.sub("", css_string)}
    return {p for p in points if p in PRIVATE_USE}


def icon_points(css: str, used_classes: set[str]) -> set[int]:
    """The glyphs a stylesheet needs: those of the icon rules whose classes are used, and
    every glyph the rest of it names."""
    points: set[int] = set()
    for selectors, glyph in _ICON_RULE.findall(css):
        if {s.strip()[1:] for s in selectors.split(",")} & used_classes:
            points |= _chars(glyph)
    return points | _chars(_ICON_RULE.sub("", css))


def used_classes(texts) -> set[str]:
    """Every ``fa-...`` class name written in ``texts`` (pages, scripts)."""
    return {name for text in texts for name in _CLASS.findall(text)}


def cut_font(source: Path, points: set[int], dest_dir: Path) -> Path:
    """``source`` with only the glyphs of ``points`` (and .notdef), as WOFF2 in ``dest_dir``,
    named by its source and content (so a changed cut gets a new name)."""
    import logging

    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its INFO lines, one per table
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    dest_dir.mkdir(parents=True, exist_ok=True)
    tmp = dest_dir / f"{source.stem}.tmp"
    with subset.load_font(str(source), options) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(points))
        subsetter.subset(font)
        subset.save_font(font, str(tmp), options)
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()[:12]
    dest = dest_dir / f"{source.stem}-{digest}.woff2"
    tmp.replace(dest)
    return dest


def cut_stylesheet(css_path: Path, outdir: Path, classes: set[str]) -> dict[str, int]:
    """Point each Font Awesome ``@font-face`` of ``css_path`` at a font cut to the icons it
    needs. Returns the cut fonts' sizes by source file name."""
    css = css_path.read_text(encoding="utf-8")
    points = icon_points(css, classes)
    sizes: dict[str, int] = {}

    def face(match: re.Match) -> str:
        def url(m: re.Match) -> str:
            source = (css_path.parent / m[2]).resolve()
            if not source.is_file():
                return m[0]
            cut = cut_font(source, points, outdir / ICONS_DIR)
            sizes[source.name] = cut.stat().st_size
            return f"url({m[1]}{cut.relative_to(css_path.parent).as_posix()}{m[1]})"

        return _FACE_URL.sub(url, match[0])

    new = _FACE.sub(face, css)
    if new != css:
        css_path.write_text(new, encoding="utf-8")
    return sizes


def _site_texts(outdir: Path):
    """The edition's pages, then its scripts (Font Awesome's own, which names every icon,
    left out)."""
    from dlbook_site import site_pages

    for page in site_pages(outdir):
        yield page.read_text(encoding="utf-8")
    for script in (outdir / "_static").rglob("*.js"):
        if "fontawesome" not in script.name:
            yield script.read_text(encoding="utf-8", errors="replace")


def _cut_all(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from dlbook_head import MANIFEST
    from sphinx.util import logging

    outdir = Path(app.outdir).resolve()
    manifest = outdir / MANIFEST
    if not manifest.is_file():
        return
    classes = used_classes(_site_texts(outdir))
    sizes: dict[str, int] = {}
    for name in json.loads(manifest.read_text("utf-8")):
        sizes |= cut_stylesheet(outdir / name, outdir, classes)
    cuts = ", ".join(f"{k} {v / 1024:.1f} KiB" for k, v in sorted(sizes.items()))
    logging.getLogger(__name__).info(f"dlbook_icons: icon fonts cut to the site's icons: {cuts}")


def setup(app):
    app.connect("build-finished", _cut_all, priority=950)  # after dlbook_head (900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
