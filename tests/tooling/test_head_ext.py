"""Tests for docs/_ext/dlbook_head.py: one stylesheet per page, documentation options inline."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
dlbook_head = pytest.importorskip("dlbook_head")


def _site(tmp_path: Path) -> Path:
    (tmp_path / "_static" / "styles").mkdir(parents=True)
    (tmp_path / "_static" / "basic.css").write_text("p { margin: 0 }\n")
    (tmp_path / "_static" / "styles" / "theme.css").write_text(
        '@charset "utf-8";\n@import "../basic.css";\n'
        'a { background: url(../img/x.png) } b { background: url("data:image/svg+xml,x") }\n'
        "/*# sourceMappingURL=theme.css.map */\n"
    )
    (tmp_path / "_static" / "dlbook.css").write_text("a { color: red }\n")
    (tmp_path / "_static" / "documentation_options.js").write_text("const D = {A: 1};\n")
    (tmp_path / "chapters").mkdir()
    page = tmp_path / "chapters" / "one.html"
    page.write_text(
        "<html><head>\n"
        '<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />\n'
        '<script src="../_static/documentation_options.js?v=2"></script>\n'
        '<link rel="stylesheet" type="text/css" href="../_static/dlbook.css?v=3" />\n'
        '<link rel="stylesheet" href="https://example.org/x.css" />\n'
        '<link rel="stylesheet" href="../_static/print.css" media="print" />\n'
        "</head><body><link rel='stylesheet' href='../_static/dlbook.css' /></body></html>"
    )
    return page


def test_local_stylesheets_become_one_link_in_their_order(tmp_path):
    page = _site(tmp_path)
    manifest = {}
    out = dlbook_head.join_stylesheets(page.read_text(), page, tmp_path, manifest)
    head, body = out.split("</head>")
    ((name, files),) = manifest.items()
    assert files == ["_static/styles/theme.css", "_static/dlbook.css"]
    assert head.count('rel="stylesheet"') == 3  # the joined one, the remote one, print
    assert f'<link rel="stylesheet" href="../{name}" />' in head
    assert head.index(name) < head.index("<script>")  # where the first link was
    assert "<script>\nconst D = {A: 1};\n</script>" in head
    assert "documentation_options.js" not in head
    assert "https://example.org/x.css" in head
    assert 'media="print"' in head
    assert "dlbook.css" in body  # only the <head> changes


def test_joined_file_inlines_imports_and_moves_urls(tmp_path):
    page = _site(tmp_path)
    manifest = {}
    dlbook_head.join_stylesheets(page.read_text(), page, tmp_path, manifest)
    assert dlbook_head.write_joined(tmp_path, manifest) == 1
    (name,) = manifest
    css = (tmp_path / name).read_text()
    assert "@import" not in css
    assert "@charset" not in css
    assert "sourceMappingURL" not in css
    assert css.index("p { margin: 0 }") < css.index("url(img/x.png)") < css.index("color: red")
    assert 'url("data:image/svg+xml,x")' in css


def test_joined_file_is_rewritten_from_current_files_and_forgotten_when_one_is_gone(tmp_path):
    page = _site(tmp_path)
    manifest = {}
    dlbook_head.join_stylesheets(page.read_text(), page, tmp_path, manifest)
    dlbook_head.write_joined(tmp_path, manifest)
    (tmp_path / "_static" / "dlbook.css").write_text("a { color: blue }\n")
    dlbook_head.write_joined(tmp_path, manifest)
    (name,) = manifest
    assert "color: blue" in (tmp_path / name).read_text()
    (tmp_path / "_static" / "dlbook.css").unlink()
    assert dlbook_head.write_joined(tmp_path, manifest) == 0
    assert manifest == {}
    assert not (tmp_path / name).exists()


def test_import_with_media_query_is_an_error_naming_the_file(tmp_path):
    page = _site(tmp_path)
    (tmp_path / "_static" / "dlbook.css").write_text('@import "basic.css" screen;\n')
    manifest = {}
    dlbook_head.join_stylesheets(page.read_text(), page, tmp_path, manifest)
    with pytest.raises(ValueError, match=r"dlbook\.css.*media queries"):
        dlbook_head.write_joined(tmp_path, manifest)


def test_links_rooted_at_the_base_url_are_joined_into_a_rooted_link(tmp_path):
    page = _site(tmp_path)
    text = page.read_text().replace('href="../_static/', 'href="/dlbook/_static/')
    manifest = {}
    out = dlbook_head.join_stylesheets(text, page, tmp_path, manifest, root="/dlbook/")
    (name,) = manifest
    assert manifest[name] == ["_static/styles/theme.css", "_static/dlbook.css"]
    assert f'<link rel="stylesheet" href="/dlbook/{name}" />' in out
