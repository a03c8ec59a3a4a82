"""dlbook.display.show: HTML on a page, text in a terminal, the same numbers in both."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser

from dlbook.claims import Claim, at_least
from dlbook.display import show
from dlbook.table import Table

NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_numbers(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return NUMBER.findall(" ".join(parser.parts))


def test_a_script_prints_the_text(capsys, monkeypatch):
    monkeypatch.delitem(sys.modules, "sphinx_gallery", raising=False)
    table = Table([{"n": 1, "acc": 0.5}], formats={"acc": ".3f"})
    assert show(table) is None
    assert capsys.readouterr().out == str(table) + "\n"


def test_a_gallery_build_gets_the_object_back(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "sphinx_gallery", object())
    table = Table([{"n": 1}])
    assert show(table) is table
    assert capsys.readouterr().out == ""


def test_a_plain_python_process_prints(tmp_path):
    script = tmp_path / "s.py"
    script.write_text(
        textwrap.dedent(
            """
            from dlbook.display import show
            from dlbook.table import Table
            show(Table([{"size": 20, "accuracy": 0.91}], formats={"accuracy": ".2f"}))
            """
        )
    )
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout
    assert "0.91" in out
    assert "20" in out


def test_table_text_and_html_carry_the_same_numbers_in_the_same_order():
    table = Table(
        [{"n_train": 500, "MLP": 0.8312, "SVM": 0.84}, {"n_train": 60000, "MLP": 0.9, "SVM": 1}],
        formats={"MLP": ".3f", "SVM": ".3f"},
        title="top-5 accuracy",
    )
    assert NUMBER.findall(str(table)) == html_numbers(table._repr_html_())


def test_claim_card_text_and_html_carry_the_same_numbers_in_the_same_order():
    claim = Claim(
        key="k",
        claim="ReLU trains 6 times faster",
        source="krizhevsky2012",
        era="imagenet",
        paper="6x fewer epochs to 25% error",
    )
    result = claim.decide({"speed-up": 3.25}, at_least("speed-up", 2.0))
    assert NUMBER.findall(str(result)) == html_numbers(result._repr_html_())
