"""docs/_ext/dlbook_downloads.py: the wheel the site ships, and the install header of every
download (its pure functions; tests/reader runs the downloads of a built site)."""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import dlbook

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
ext = pytest.importorskip("dlbook_downloads")  # needs sphinx: in the test group
SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))
URL = "https://example.org/dlbook/_downloads/dlbook-9.9.9-py3-none-any.whl"


def test_wheel_url_needs_a_base_url():
    assert ext.wheel_url("", "1.2.3") is None
    for base in ("https://a.org/book", "https://a.org/book/"):
        assert ext.wheel_url(base, "1.2.3") == (
            "https://a.org/book/_downloads/dlbook-1.2.3-py3-none-any.whl"
        )


# -------------------------------------------------------------------------------- scripts


@pytest.mark.parametrize("url", [URL, None])
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_script_header_keeps_the_script_and_its_docstring(script, url):
    text = script.read_text(encoding="utf-8")
    headed = ext.add_script_header(text, "9.9.9", url)
    assert headed.startswith("# This script's page was built with dlbook 9.9.9.")
    assert ("pip install " + URL in headed) == (url is not None)
    assert "#     pip install dlbook-9.9.9-py3-none-any.whl\n" in headed
    assert ast.get_docstring(ast.parse(headed)) == ast.get_docstring(ast.parse(text))
    assert ext.strip_script_header(headed) == text
    assert ext.add_script_header(headed, "9.9.9", url) == headed  # once, however often


def test_a_script_without_docstring_gets_its_check_first():
    headed = ext.add_script_header("print(1)\n", "9.9.9", None)
    assert headed.index(f"# {ext.MARK}:") < headed.index("print(1)")
    assert ext.strip_script_header(headed) == "print(1)\n"


def _run_check(script: str, installed: str | None, monkeypatch) -> None:
    """Run ``script`` with ``installed`` as the dlbook version importlib.metadata reports."""

    def version(name):
        if name != "dlbook" or installed is None:
            raise importlib.metadata.PackageNotFoundError(name)
        return installed

    monkeypatch.setattr(importlib.metadata, "version", version)
    exec(compile(script, "plot_x.py", "exec"), {"__name__": "__main__"})  # noqa: S102 - the header under test


def test_script_is_silent_with_the_pages_version(monkeypatch, recwarn):
    _run_check(ext.add_script_header('"""Doc."""\nx = 1\n', "9.9.9", URL), "9.9.9", monkeypatch)
    assert not recwarn.list


@pytest.mark.parametrize(("installed", "said"), [("1.0.0", "dlbook 1.0.0"), (None, "no dlbook")])
def test_script_warns_naming_both_versions_and_the_command(monkeypatch, installed, said):
    script = ext.add_script_header('"""Doc."""\nx = 1\n', "9.9.9", URL)
    with pytest.warns(UserWarning, match="built with dlbook 9.9.9") as caught:
        _run_check(script, installed, monkeypatch)
    message = str(caught[0].message)
    assert "built with dlbook 9.9.9" in message
    assert f"{said} is installed" in message
    assert f"pip install {URL}" in message


# ------------------------------------------------------------------------------ notebooks


def _run_cell(cell: str, installed: str | None, monkeypatch, tmp_path) -> list[list[str]]:
    """Run the install cell's Python (magics and the style lines aside) in ``tmp_path``;
    return the commands it ran."""
    ran = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: ran.append(cmd))
    monkeypatch.chdir(tmp_path)
    code = cell.split("%matplotlib", 1)[0]
    _run_check(code, installed, monkeypatch)
    return ran


def test_install_cell_installs_nothing_when_the_version_is_there(monkeypatch, tmp_path):
    assert _run_cell(ext.install_cell("9.9.9", URL), "9.9.9", monkeypatch, tmp_path) == []


@pytest.mark.parametrize("installed", ["1.0.0", None])
def test_install_cell_installs_the_pages_version(monkeypatch, tmp_path, installed):
    cell = ext.install_cell("9.9.9", URL)
    (cmd,) = _run_cell(cell, installed, monkeypatch, tmp_path)
    assert cmd[1:] == ["-m", "pip", "install", URL]  # online, from the site
    (tmp_path / "dlbook-9.9.9-py3-none-any.whl").write_bytes(b"")
    (cmd,) = _run_cell(cell, installed, monkeypatch, tmp_path)
    assert cmd[-1] == "dlbook-9.9.9-py3-none-any.whl"  # offline, the wheel next to it
    (cmd,) = _run_cell(ext.install_cell("9.9.9", None), installed, monkeypatch, tmp_path)
    assert cmd[-1] == "dlbook-9.9.9-py3-none-any.whl"  # no base URL: only the wheel


def test_install_cell_then_styles_the_plots():
    cell = ext.install_cell("9.9.9", URL)
    assert cell.rstrip().endswith("import dlbook.plot\n\ndlbook.plot.use_style()")


def test_install_cell_comes_first_once():
    notebook = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# A"}]}
    once = ext.add_install_cell(notebook, "9.9.9", URL)
    twice = ext.add_install_cell(once, "9.9.10", URL)
    assert [c["cell_type"] for c in twice["cells"]] == ["code", "markdown"]
    assert 'if installed != "9.9.10":' in twice["cells"][0]["source"]
    assert notebook["cells"][0]["cell_type"] == "markdown"  # the argument is left alone


CHAPTER = """\
---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# A chapter

```{code-cell}
x = 1
print(x)
```

```{code-cell}
:tags: [remove-cell]
from myst_nb import glue
glue("x", x)
```
"""


def test_chapter_notebook_drops_removed_cells_and_installs_first():
    notebook = ext.chapter_notebook(CHAPTER, "9.9.9", URL)
    cells = notebook.cells
    assert [c.cell_type for c in cells] == ["code", "markdown", "code"]
    assert ext.MARK in cells[0].metadata.tags
    assert cells[2].source == "x = 1\nprint(x)"
    assert "glue" not in str(notebook)
    assert notebook.metadata.kernelspec.name == "python3"


# ---------------------------------------------------------------------------------- wheel


def test_wheel_is_this_dlbook_reproducibly_with_its_license(tmp_path):
    first = ext.build_wheel(ROOT, tmp_path / "a", dlbook.__version__)
    second = ext.build_wheel(ROOT, tmp_path / "b", dlbook.__version__)
    assert first.name == f"dlbook-{dlbook.__version__}-py3-none-any.whl"
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second)]
    assert digest[0] == digest[1], "two builds of the same tree differ"
    names = zipfile.ZipFile(first).namelist()
    assert f"dlbook-{dlbook.__version__}.dist-info/licenses/LICENSE" in names
    assert "dlbook/__init__.py" in names
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", "docs/"))]


def test_wheel_of_another_version_fails_the_build_clearly(tmp_path):
    with pytest.raises(RuntimeError, match=r"pages run with dlbook 0\.0\.1"):
        ext.build_wheel(ROOT, tmp_path, "0.0.1")
    assert not list(tmp_path.glob("*.whl"))
