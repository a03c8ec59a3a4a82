"""Tests for docs/_ext/dlbook_mathml.py: formulas written as MathML at build time."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
dlbook_mathml = pytest.importorskip("dlbook_mathml")  # needs docutils: in the test group


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"\sigma' \le \tfrac14", r"\sigma' \le \tfrac{1}{4}"),
        (r"\frac12 + \dfrac ab", r"\frac{1}{2} + \dfrac{a}{b}"),
        (r"\theta\big(h_1 + h_2\big)", r"\theta\bigl(h_1 + h_2\bigr)"),
        (r"\Big[ x \Big]", r"\Bigl[ x \Bigr]"),
        (r"\big\{ x \big\}", r"\bigl\{ x \bigr\}"),
        (r"000, \dots, 111", r"000, \ldots, 111"),
        (r"\dotsc \frac{1}{2} \bigl( \bigr)", r"\dotsc \frac{1}{2} \bigl( \bigr)"),  # untouched
    ],
)
def test_normalize_rewrites_what_docutils_lacks_and_nothing_else(tex, expected):
    assert dlbook_mathml.normalize(tex) == expected


def test_fraction_is_mathml_with_numerator_and_denominator():
    out = dlbook_mathml.to_mathml(r"\tfrac14")
    assert out.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML">')
    assert "<mfrac" in out
    assert "<mn>1</mn><mn>4</mn></mfrac>" in out
    assert "\n" not in out  # no pretty-printing indentation in the page


def test_display_formulas_separated_by_blank_lines_are_one_row_each():
    out = dlbook_mathml.to_mathml("a = b\n\nc = d", block=True)
    assert 'display="block"' in out
    assert out.count("<mtr>") == 2


def test_unknown_command_raises_with_its_name():
    from docutils.utils.math import MathError

    with pytest.raises(MathError, match="nosuchcommand"):
        dlbook_mathml.to_mathml(r"\nosuchcommand{x}")


def test_every_formula_of_the_book_converts():
    """Every $...$ and $$...$$ in the chapters converts (the strict build would fail later)."""
    import re

    formulas = []
    for md in sorted((ROOT / "docs" / "chapters").glob("*.md")):
        text = md.read_text(encoding="utf-8")
        text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # code, not math
        formulas += [(md.name, m, True) for m in re.findall(r"\$\$(.+?)\$\$", text, re.DOTALL)]
        text = re.sub(r"\$\$(.+?)\$\$", "", text, flags=re.DOTALL)
        formulas += [(md.name, m, False) for m in re.findall(r"(?<![\\$])\$([^$\n]+?)\$", text)]
    assert len(formulas) > 100
    for name, tex, block in formulas:
        assert dlbook_mathml.to_mathml(tex, block=block).startswith("<math"), (name, tex)
