"""Tests for the reproduction scoreboard (docs/_ext/dlbook_claims.py): records read back from
claim cards, the table's rows and counts, and a small Sphinx build that fills the table."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from dlbook.claims import Claim, at_least, at_most

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
dlbook_claims = pytest.importorskip("dlbook_claims")  # needs sphinx: in the test group


@pytest.fixture(autouse=True)
def _no_records(monkeypatch):
    monkeypatch.delenv("DLBOOK_CLAIMS_DIR", raising=False)
    monkeypatch.delenv("DLBOOK_SCALE", raising=False)


def claim(key, era, source="lecun1998"):
    return Claim(key=key, claim=f"claim {key}", source=source, era=era, paper="p & <q>")


def record(key, era, value=1.0, **kwargs):
    result = claim(key, era).decide({"x": value}, at_least("x", 1), device="cpu (t)", **kwargs)
    return result.record()


def test_records_come_back_from_the_cards_as_pages_embed_them():
    result = claim("k", "imagenet").decide({"error": 0.02}, at_most("error", 0.05), device="cpu")
    card = result._repr_html_()
    indented = textwrap.indent(card, "    ")  # sphinx-gallery indents raw html
    page = f"<p>before</p>\n{indented}\n<div class='other'></div>{card}"
    assert dlbook_claims.claims_in_html(page) == [result.record(), result.record()]
    assert dlbook_claims.claims_in_html("<div class='claim'>no card</div>") == []


def test_rows_follow_the_story_then_the_key_with_unknown_eras_last():
    claims = {
        "auto_examples/imagenet/plot_b": [record("b", "imagenet")],
        "chapters/perceptron": [record("z", "perceptron"), record("a", "perceptron")],
        "chapters/epilogue": [record("e", "after 2012")],
    }
    rows = dlbook_claims.scoreboard_rows(claims)
    assert [(cells[0], doc) for cells, _, doc in rows] == [
        ("perceptron", "chapters/perceptron"),
        ("perceptron", "chapters/perceptron"),
        ("imagenet", "auto_examples/imagenet/plot_b"),
        ("after 2012", "chapters/epilogue"),
    ]
    cells, verdict, _ = rows[0]
    assert cells == ["perceptron", "claim a", "lecun1998", "p & <q>", "x = 1", "book", "cpu (t)"]
    assert verdict == "reproduced"
    assert len(cells) + 2 == len(dlbook_claims.HEADER)  # plus verdict and page


def test_an_untested_claim_says_why_nothing_was_measured():
    untested = claim("g", "whynow").untested(
        "this build has no GPU", "seconds per epoch", device="cpu"
    )
    (cells, verdict, _), = dlbook_claims.scoreboard_rows({"d": [untested.record()]})  # fmt: skip
    assert cells[4] == "nothing: this build has no GPU"
    assert verdict == "untested"


def test_summary_counts_every_verdict_and_the_scale(monkeypatch):
    claims = {"a": [record("a", "e", 2.0), record("b", "e", 0.5)], "b": [record("c", "e", 1.0)]}
    assert dlbook_claims.summary(claims) == (
        "3 claims: 2 reproduced, 0 partly reproduced, 1 not reproduced, 0 untested; at book scale."
    )
    monkeypatch.setenv("DLBOOK_SCALE", "paper")
    claims["c"] = [record("d", "e")]
    assert dlbook_claims.summary(claims).endswith("at book scale (3) and paper scale (1).")
    assert dlbook_claims.summary({}).startswith("No claim was decided")


def test_unknown_sources_are_found_in_the_bibliography():
    bib = "@article{lecun1998,\n title={x}}\n@inproceedings{ krizhevsky2012 ,\n}"
    records = [record("a", "e"), {**record("b", "e"), "source": "krizhevsky2012"}]
    records.append({**record("c", "e"), "source": "lecun199"})
    assert [r["key"] for r in dlbook_claims.unknown_sources(records, bib)] == ["c"]


def test_a_build_lists_the_cards_of_its_pages(tmp_path):
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r})\n"
        "extensions = ['dlbook_claims']\n",
        encoding="utf-8",
    )
    cards = [claim("k1", "imagenet").decide({"x": 2}, at_least("x", 1), device="cpu"),
             claim("k2", "perceptron").decide({"x": 0}, at_least("x", 1), device="cpu")]  # fmt: skip
    raw = "".join(f".. raw:: html\n\n   {c._repr_html_()}\n\n" for c in cards)
    (src / "index.rst").write_text(
        "Home\n====\n\n.. toctree::\n\n   relu\n   board\n", encoding="utf-8"
    )
    (src / "relu.rst").write_text(f"ReLU page\n=========\n\n{raw}", encoding="utf-8")
    (src / "board.rst").write_text("Board\n=====\n\n.. claim-scoreboard::\n", encoding="utf-8")
    app = Sphinx(src, src, tmp_path / "out", tmp_path / "doctrees", "html", status=None,
                 warningiserror=True)  # fmt: skip
    app.build()
    board = (tmp_path / "out" / "board.html").read_text(encoding="utf-8")
    assert "2 claims: 1 reproduced, 0 partly reproduced, 1 not reproduced, 0 untested" in board
    assert board.index("claim k2") < board.index("claim k1")  # perceptron before imagenet
    assert 'class="claim-verdict claim-verdict-not-reproduced' in board
    assert '<a class="reference internal" href="relu.html">ReLU page</a>' in board
    assert "p &amp; &lt;q&gt;" in board
