"""A page's ``<head>`` in as few requests as it can: one stylesheet, no blocking script file.

Sphinx, the theme and each extension link their own CSS file: 13 on a gallery page, one of
them ``@import``-ing a fourteenth. A phone fetches them all before it paints anything, which
made render-blocking requests the largest cost Lighthouse found on every page (issue 15).
After the build (``build-finished``), each page's local stylesheets, in their order, become
one file, ``_static/dlbook-<names>.css``, with ``@import`` inlined and ``url()`` rewritten to
the joined file's folder; and ``documentation_options.js``, the one script that must run
before the page goes on, is written into the page.

A joined file is named by the list of files it joins, listed in ``_static/dlbook-css.json``,
and every build writes each listed one again from the files as they are now, so a page an
incremental build did not rewrite still gets the current CSS.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

MANIFEST = "_static/dlbook-css.json"
INLINED_SCRIPT = "_static/documentation_options.js"
_LINK = re.compile(r"<link\b[^>]*>\s*", re.IGNORECASE)
_SCRIPT = re.compile(r'<script src="([^"]*documentation_options\.js)(?:\?[^"]*)?"></script>')
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*(['"])(.*?)\1\s*\)?\s*([^;]*);""")
_DROPPED = re.compile(r"@charset\s+[^;]+;|/\*# sourceMappingURL=[^*]*\*/")


def _attrs(tag: str) -> dict[str, str]:
    return {m[1].lower(): m[2] if m[2] is not None else m[3] for m in _ATTR.finditer(tag)}


def _local(href: str) -> bool:
    return not (href.startswith(("/", "#", "data:")) or "://" in href)


def css_text(path: Path, into: Path, root: Path, seen: tuple[Path, ...] = ()) -> str:
    """The CSS of ``path`` as it reads from the folder ``into``: local ``@import``\\ s
    inlined, relative ``url()``\\ s rewritten. ``root`` is the site's folder (nothing outside
    it is read)."""
    if path in seen:
        raise ValueError(f"{path} imports itself (through {' -> '.join(map(str, seen))})")
    text = _DROPPED.sub("", path.read_text(encoding="utf-8"))

    def imported(match: re.Match) -> str:
        url, media = match[2], match[3].strip()
        if not _local(url) or media:
            raise ValueError(
                f"{path.relative_to(root)}: cannot join '@import {url} {media}' into one "
                "stylesheet (only local imports without media queries can be); leave this "
                "file out of the page's <head> or link it as a separate file"
            )
        target = (path.parent / url.split("?")[0]).resolve()
        return css_text(target, into, root, (*seen, path))

    def moved(match: re.Match) -> str:
        quote, url = match[1], match[2]
        if not _local(url) or not url:
            return match[0]
        target = posixpath.normpath(posixpath.join(path.parent.as_posix(), url))
        return f"url({quote}{posixpath.relpath(target, into.as_posix())}{quote})"

    inlined: list[str] = []  # kept aside while this file's url()s move: each moved its own
    text = _IMPORT.sub(lambda m: inlined.append(imported(m)) or f"\0{len(inlined) - 1}\0", text)
    text = _URL.sub(moved, text)
    return re.sub("\0([0-9]+)\0", lambda m: inlined[int(m[1])], text)


def join_stylesheets(
    page_html: str, page: Path, outdir: Path, manifest: dict, root: str = ""
) -> str:
    """The page with its local stylesheets replaced by one link to their joined file
    (recorded in ``manifest``), and ``documentation_options.js`` written in. ``root`` is
    the base URL's path (``/dlbook/``) when links may be rooted there, as the 404 page's are
    (GitHub Pages serves it at any depth); the joined link is then rooted too."""
    head_end = page_html.find("</head>")
    if head_end < 0:
        return page_html
    head = page_html[:head_end]
    links = []
    for match in _LINK.finditer(head):
        attrs = _attrs(match[0])
        href = attrs.get("href", "").split("?")[0]
        rooted = bool(root) and href.startswith(root)
        if attrs.get("rel", "").lower() != "stylesheet" or attrs.get("media", "all") != "all":
            continue
        if rooted or _local(href):
            target = (outdir / href[len(root) :] if rooted else page.parent / href).resolve()
            if target.is_file() and target.is_relative_to(outdir):
                links.append((match, target.relative_to(outdir).as_posix(), rooted))
    if len(links) > 1:
        files = [name for _, name, _ in links]
        name = f"_static/dlbook-{hashlib.sha256(chr(10).join(files).encode()).hexdigest()[:12]}"
        manifest[f"{name}.css"] = files
        if links[0][2]:
            href = f"{root}{name}.css"
        else:
            href = posixpath.relpath(f"{name}.css", page.parent.relative_to(outdir).as_posix())
        new_link = f'<link rel="stylesheet" href="{href}" />\n'
        parts, last = [], 0
        for i, (match, _, _) in enumerate(links):
            parts += [head[last : match.start()], new_link if i == 0 else ""]
            last = match.end()
        head = "".join(parts) + head[last:]
    script = outdir / INLINED_SCRIPT
    if script.is_file():
        body = script.read_text(encoding="utf-8").strip()
        head = _SCRIPT.sub(lambda m: f"<script>\n{body}\n</script>", head, count=1)
    return head + page_html[head_end:]


def write_joined(outdir: Path, manifest: dict) -> int:
    """Write every joined stylesheet in ``manifest`` from its files as they are now; forget
    (and delete) one whose files are gone. Returns how many were written."""
    written = 0
    for name, files in list(manifest.items()):
        paths = [outdir / f for f in files]
        if not all(p.is_file() for p in paths):
            del manifest[name]
            (outdir / name).unlink(missing_ok=True)
            continue
        into = (outdir / name).parent
        css = "\n".join(
            f"/* {f} */\n{css_text(p.resolve(), into.resolve(), outdir.resolve())}"
            for f, p in zip(files, paths, strict=False)
        )
        (outdir / name).write_text(css, encoding="utf-8")
        written += 1
    return written


def _join_all(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from dlbook_site import site_pages
    from sphinx.util import logging

    outdir = Path(app.outdir).resolve()
    manifest_path = outdir / MANIFEST
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.is_file() else {}
    root = (
        urlsplit(app.config.html_baseurl).path.rstrip("/") + "/" if app.config.html_baseurl else ""
    )
    changed = 0
    for page in site_pages(outdir):
        text = page.read_text(encoding="utf-8")
        new = join_stylesheets(text, page.resolve(), outdir, manifest, root)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    written = write_joined(outdir, manifest)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    logging.getLogger(__name__).info(
        f"dlbook_head: {changed} pages now link one stylesheet ({written} joined files)"
    )


def setup(app):
    app.connect("build-finished", _join_all, priority=900)  # after the images are sized
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
