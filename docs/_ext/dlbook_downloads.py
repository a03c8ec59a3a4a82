"""Every download begins by installing the dlbook its page was built with.

- At ``builder-inited`` the dlbook of this tree is packaged (hatchling, reproducible) into
  ``_downloads/dlbook-X.Y.Z-py3-none-any.whl``; the build fails unless X.Y.Z is the
  ``dlbook.__version__`` the pages run with.
- At ``build-finished`` every gallery script, notebook and zip in ``_downloads`` gets an
  install header (a script: pip commands and a version check; a notebook: a first cell that
  installs that version unless it is there, then the book's plot style), and every MyST
  notebook chapter becomes ``_sources/<doc>.ipynb`` (myst-nb's reader, ``remove-cell`` cells
  dropped), which the theme's download menu links; that menu also links the wheel.

The install lines name the wheel's URL when ``html_baseurl`` is set, and the wheel itself,
downloaded next to the file, otherwise (and offline).
"""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from string import Template

from docutils import nodes

MARK = "dlbook-install"  # tags the install cell; opens and closes a script's version check

NOTEBOOK_CELL = Template("""\
# This notebook's page was built with dlbook $version: install it unless it is here.
import importlib.metadata, pathlib, subprocess, sys

WHEEL = "$wheel"
try:
    installed = importlib.metadata.version("dlbook")
except importlib.metadata.PackageNotFoundError:
    installed = None
if installed != "$version":
    source = $source
    subprocess.run([sys.executable, "-m", "pip", "install", source], check=True)
    importlib.invalidate_caches()
%matplotlib inline
import dlbook.plot

dlbook.plot.use_style()""")

SCRIPT_TOP = Template("""\
# This script's page was built with dlbook $version. To install that version$online
#     pip install $wheel
""")

SCRIPT_CHECK = Template("""\
# $mark: warn when the dlbook installed is not the page's
import importlib.metadata

try:
    _dlbook = "dlbook " + importlib.metadata.version("dlbook")
except importlib.metadata.PackageNotFoundError:
    _dlbook = "no dlbook"
if _dlbook != "dlbook $version":
    import warnings

    warnings.warn(
        f"this script's page was built with dlbook $version, and {_dlbook} is installed; "
        "for the page's numbers: pip install $command",
        stacklevel=1,
    )
# $mark ends
""")


def wheel_name(version: str) -> str:
    return f"dlbook-{version}-py3-none-any.whl"


def wheel_url(base: str, version: str) -> str | None:
    """The wheel's address on the site at ``base`` (``html_baseurl``); None if unknown."""
    return f"{base.rstrip('/')}/_downloads/{wheel_name(version)}" if base else None


def install_cell(version: str, url: str | None) -> str:
    """A notebook's first cell: install dlbook ``version`` unless it is installed (from the
    wheel next to the notebook, else from ``url``), then use the book's plot style."""
    wheel = wheel_name(version)
    source = f'WHEEL if pathlib.Path(WHEEL).exists() else "{url}"' if url else "WHEEL"
    if not url:
        source += f"  # download {wheel} from this notebook's page, next to it"
    return NOTEBOOK_CELL.substitute(version=version, wheel=wheel, source=source)


def add_install_cell(notebook: dict, version: str, url: str | None) -> dict:
    """``notebook`` (nbformat 4 JSON) with the install cell first, replacing an older one."""
    cells = notebook["cells"]
    if cells and MARK in cells[0].get("metadata", {}).get("tags", []):
        cells = cells[1:]
    first = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": [MARK]},
        "outputs": [],
        "source": install_cell(version, url),
    }
    if notebook.get("nbformat_minor", 0) >= 5:  # cells have ids from nbformat 4.5 on
        first["id"] = MARK
    return {**notebook, "cells": [first, *cells]}


def add_script_header(text: str, version: str, url: str | None) -> str:
    """``text`` with pip commands on top and a version check after its docstring."""
    text = strip_script_header(text)
    wheel = wheel_name(version)
    online = f":\n#     pip install {url}\n# or offline, with the wheel next to this script:"
    top = SCRIPT_TOP.substitute(
        version=version, wheel=wheel, online=online if url else ", download its wheel:"
    )
    check = SCRIPT_CHECK.substitute(mark=MARK, version=version, command=url or wheel)
    body = ast.parse(text).body
    docstring = body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    lines = text.splitlines(keepends=True)
    cut = body[0].end_lineno if docstring else 0
    return top + "".join(lines[:cut]) + "\n" + check + "".join(lines[cut:])


def strip_script_header(text: str) -> str:
    """The script ``add_script_header`` was given (``text`` itself if it has no header)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.startswith(f"# {MARK}:")), None)
    if start is None:
        return text
    end = lines.index(f"# {MARK} ends\n", start)
    top = next(i for i, ln in enumerate(lines) if ln.startswith("#     pip install dlbook-"))
    return "".join(lines[top + 1 : start - 1] + lines[end + 1 :])


def chapter_notebook(text: str, version: str, url: str | None) -> dict:
    """The .ipynb of a MyST notebook chapter: myst-nb's reading of ``text``, without the
    cells tagged ``remove-cell`` (the build's glue and checks), the install cell first."""
    import nbformat
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(text)
    notebook.cells = [
        c for c in notebook.cells if "remove-cell" not in c.get("metadata", {}).get("tags", [])
    ]
    notebook.metadata.pop("jupytext", None)
    notebook.metadata.pop("file_format", None)
    notebook = nbformat.from_dict(add_install_cell(notebook, version, url))
    nbformat.validate(notebook)
    return notebook


# ---------------------------------------------------------------------------- Sphinx hooks


def _version(app) -> str:
    return app.config.release


def _url(app) -> str | None:
    return wheel_url(app.config.html_baseurl, _version(app))


def build_wheel(root: Path, dest: Path, version: str) -> Path:
    """Package the dlbook at ``root`` into ``dest``; fail unless its version is ``version``."""
    dest.mkdir(parents=True, exist_ok=True)
    code = "import sys; from hatchling.build import build_wheel; print(build_wheel(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(dest)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"packaging dlbook failed:\n{done.stderr[-2000:]}")
    wheel = dest / done.stdout.split()[-1]
    if wheel.name != wheel_name(version):
        wheel.unlink()
        raise RuntimeError(
            f"the wheel built from {root} is {wheel.name}, but the pages run with dlbook "
            f"{version}: reinstall dlbook from this tree (nox reinstalls it each run)"
        )
    return wheel


def _ship_wheel(app) -> None:
    if app.builder.format == "html":
        root = Path(app.srcdir, app.config.dlbook_project).resolve()
        build_wheel(root, Path(app.outdir) / "_downloads", _version(app))


def _rewrite(path: Path, data: bytes, version: str, url: str | None) -> bytes:
    if path.suffix == ".py":
        return add_script_header(data.decode("utf-8"), version, url).encode("utf-8")
    if path.suffix == ".ipynb":
        notebook = add_install_cell(json.loads(data), version, url)
        return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    return data


def _finish(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    version, url, out = _version(app), _url(app), Path(app.outdir)
    for path in sorted((out / "_downloads").rglob("plot_*")):
        path.write_bytes(_rewrite(path, path.read_bytes(), version, url))
    for path in sorted((out / "_downloads").rglob("*.zip")):
        with zipfile.ZipFile(path) as old:
            members = [(info, old.read(info)) for info in old.infolist()]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
            for info, data in members:
                new.writestr(info, _rewrite(Path(info.filename), data, version, url))
        path.write_bytes(buffer.getvalue())
    import nbformat

    for doc in _notebook_chapters(app):
        notebook = chapter_notebook(app.env.doc2path(doc).read_text("utf-8"), version, url)
        target = out / "_sources" / f"{doc}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)


def _notebook_chapters(app) -> list[str]:
    """The documents written as MyST notebooks (``.md`` with a notebook's front matter)."""
    return [doc for doc in sorted(app.env.found_docs) if _is_notebook(app, doc)]


def _is_notebook(app, doc: str) -> bool:
    from myst_nb.core.read import is_myst_markdown_notebook

    path = Path(app.env.doc2path(doc))
    return path.suffix == ".md" and is_myst_markdown_notebook(path.read_text("utf-8"))


def _link_notebook(app, pagename, templatename, context, doctree):
    """Before the theme fills its download menu: a chapter's notebook is ``<doc>.ipynb``."""
    if pagename in app.env.found_docs and _is_notebook(app, pagename):
        context["ipynb_source"] = f"{pagename}.ipynb"


def _link_wheel(app, pagename, templatename, context, doctree):
    """After the theme filled its download menu: the wheel, naming the version."""
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].append(
                {
                    "type": "link",
                    "url": context["pathto"](f"_downloads/{wheel_name(_version(app))}", 1),
                    "text": f"dlbook {_version(app)} (.whl)",
                    "tooltip": "The dlbook this page was built with (pip install it)",
                    "icon": "fas fa-file",  # an icon the theme's own menu uses
                    "label": "download-wheel-button",
                }
            )


def wheel_role(name, rawtext, text, lineno, inliner, *args, **kwargs):
    """``{dlbook-wheel}`text```: a link to the wheel from the current page."""
    env = inliner.document.settings.env
    wheel = wheel_name(env.config.release)
    depth = env.docname.count("/")
    uri = "../" * depth + f"_downloads/{wheel}"
    return [nodes.reference(rawtext, "", nodes.literal(text=wheel), refuri=uri)], []


def setup(app):
    app.add_config_value("dlbook_project", "..", "env", str)  # the tree to package: docs/..
    app.connect("builder-inited", _ship_wheel)
    app.connect("html-page-context", _link_notebook, priority=400)
    app.connect("html-page-context", _link_wheel, priority=600)
    app.connect("build-finished", _finish)
    app.add_role("dlbook-wheel", wheel_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
