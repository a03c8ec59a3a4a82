"""Tests for docs/_ext/dlbook_icons.py: Font Awesome cut to the icons the site shows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
dlbook_icons = pytest.importorskip("dlbook_icons")
pytest.importorskip("brotli")  # fontTools reads and writes WOFF2 with it

CSS = (
    '.fa-github{--fa:"\\f09b"}.fa-magnifying-glass,.fa-search{--fa:"\\f002"}'
    '.fa-music{--fa:"\\f001"}'
    ':root{--pst-icon-bell:"\\f0f3";--x:"\\2014"}a:after{content:"\uf35d"}'
)


def test_used_classes_come_from_pages_and_scripts():
    texts = ['<i class="fab fa-github"></i>', 'el.classList.add("fa-search")']
    assert dlbook_icons.used_classes(texts) == {"fa-github", "fa-search"}


def test_icon_points_keep_used_icons_and_every_glyph_the_theme_names():
    points = dlbook_icons.icon_points(CSS, {"fa-github", "fa-search"})
    # github, search (by its alias), the theme's bell and its literal external-link glyph;
    # not music (unused) nor an em dash (not an icon)
    assert points == {0xF09B, 0xF002, 0xF0F3, 0xF35D}


def _font_with(tmp_path: Path, points: list[int]) -> Path:
    """A small WOFF2 font with one square glyph per code point (fontTools' FontBuilder)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef"] + [f"g{p:x}" for p in points]
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0)), pen.lineTo((0, 500)), pen.lineTo((500, 500)), pen.lineTo((500, 0))
    pen.closePath()
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({p: f"g{p:x}" for p in points})
    fb.setupGlyf({n: pen.glyph() for n in names})
    fb.setupHorizontalMetrics(dict.fromkeys(names, (500, 0)))
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Icons", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.font.flavor = "woff2"
    path = tmp_path / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
    path.parent.mkdir(parents=True)
    fb.save(str(path))
    return path


def test_stylesheet_points_at_a_font_cut_to_the_icons_it_needs(tmp_path):
    from fontTools.ttLib import TTFont

    source = _font_with(tmp_path, [0xF09B, 0xF002, 0xF001, 0xF0F3, 0xF35D])
    css_path = tmp_path / "_static" / "dlbook-x.css"
    css_path.write_text(
        CSS + "@font-face{font-display:block;font-family:Font Awesome\\ 7 Free;"
        "src:url(vendor/fontawesome/webfonts/fa-solid-900.woff2)}"
    )
    sizes = dlbook_icons.cut_stylesheet(css_path, tmp_path, {"fa-github"})
    css = css_path.read_text()
    assert "vendor/fontawesome" not in css
    (cut,) = (tmp_path / "_static" / "dlbook-icons").glob("fa-solid-900-*.woff2")
    assert f"url(dlbook-icons/{cut.name})" in css
    assert sizes == {"fa-solid-900.woff2": cut.stat().st_size}
    with TTFont(str(cut)) as font:
        assert set(font.getBestCmap()) == {0xF09B, 0xF0F3, 0xF35D}
    with TTFont(str(source)) as font:  # the source is left as it was
        assert set(font.getBestCmap()) == {0xF09B, 0xF002, 0xF001, 0xF0F3, 0xF35D}
