"""Tables: aligned text for the terminal, escaped HTML for the page, clear errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dlbook.table import Table

ROWS = [
    {"model": "MLP", "error": 0.03125, "delta": 0.0, "epochs": 10},
    {"model": "LeNet-5", "error": 0.0095, "delta": -0.02175, "epochs": 5},
]
FORMATS = {"error": ".2%", "delta": "+.3f", "epochs": "d"}


def test_text_table_aligns_numbers_right_under_a_header_rule():
    table = Table(ROWS, FORMATS, title="Test error on MNIST")
    assert str(table) == (
        "Test error on MNIST\n"
        "model    error   delta  epochs\n"
        "-------  -----  ------  ------\n"
        "MLP      3.12%  +0.000      10\n"
        "LeNet-5  0.95%  -0.022       5"
    )
    assert repr(table) == str(table)  # a gallery cell's last expression prints the table


def test_html_table_has_a_caption_a_head_and_numeric_cells_marked():
    table = Table(ROWS[:1], {"error": ".1%"}, title="MNIST <small>")
    assert table._repr_html_() == (
        '<table class="dlbook-table">\n'
        "<caption>MNIST &lt;small&gt;</caption>\n"
        "<thead>\n"
        '<tr><th>model</th><th class="num">error</th><th class="num">delta</th>'
        '<th class="num">epochs</th></tr>\n'
        "</thead>\n"
        "<tbody>\n"
        '<tr><td>MLP</td><td class="num">3.1%</td><td class="num">0</td>'
        '<td class="num">10</td></tr>\n'
        "</tbody>\n"
        "</table>"
    )


def test_cells_are_escaped_and_missing_cells_left_empty():
    table = Table([{"name": "a & b", "x": 1.5}, {"name": "<script>"}])
    html = table._repr_html_()
    assert "<td>a &amp; b</td>" in html
    assert "<td>&lt;script&gt;</td>" in html
    assert "<script>" not in html
    assert '<tr><td>&lt;script&gt;</td><td class="num"></td></tr>' in html
    assert str(table) == "name        x\n--------  ---\na & b     1.5\n<script>"
    assert table.column("x") == [1.5, None]


def test_columns_in_first_seen_order_and_default_number_formats():
    table = Table([{"b": 1}, {"a": 2.0 / 3.0, "b": 2}, {"c": True, "a": np.float32(0.5)}])
    assert table.columns == ["b", "a", "c"]
    assert len(table) == 3
    # floats with 4 significant digits; a bool is text (left-aligned), not a number
    assert str(table) == "b       a  c\n-  ------  ----\n1\n2  0.6667\n      0.5  True"


def test_from_columns_matches_rows_and_takes_arrays_and_tensors():
    table = Table.from_columns(
        {"epoch": np.array([1, 2]), "loss": torch.tensor([0.5, 0.25])},
        formats={"loss": ".2f"},
        title="run",
    )
    same = Table([{"epoch": 1, "loss": 0.5}, {"epoch": 2, "loss": 0.25}], {"loss": ".2f"}, "run")
    assert str(table) == str(same) == "run\nepoch  loss\n-----  ----\n    1  0.50\n    2  0.25"
    assert table.column("epoch") == [1, 2]
    assert table.column("loss") == [0.5, 0.25]


def test_zero_dimensional_tensors_print_as_numbers():
    table = Table([{"accuracy": torch.tensor(0.875)}], {"accuracy": ".1%"})
    assert str(table) == "accuracy\n--------\n   87.5%"
    assert table.column("accuracy") == [0.875]


def test_empty_tables():
    assert len(Table([])) == 0
    assert str(Table([], title="nothing yet")) == "nothing yet\n(empty table)"
    table = Table.from_columns({"epoch": [], "loss": []})
    assert str(table) == "epoch  loss\n-----  ----"
    assert table.column("loss") == []


def test_bad_input_gets_a_clear_error():
    with pytest.raises(TypeError, match=r"use Table\.from_columns"):
        Table({"a": [1, 2]})
    with pytest.raises(TypeError, match="list of dicts"):
        Table("a,b")
    with pytest.raises(TypeError, match=r"rows\[1\] must be a dict"):
        Table([{"a": 1}, (1, 2)])
    with pytest.raises(TypeError, match="column names must be strings"):
        Table([{1: "x"}])
    with pytest.raises(ValueError, match=r"does not have: \['err'\]"):
        Table(ROWS, {"err": ".1%"})
    with pytest.raises(ValueError, match=r"format 'd' of column 'error' does not apply to 0.03125"):
        Table(ROWS, {"error": "d"})
    with pytest.raises(TypeError, match="must be a string such as"):
        Table(ROWS, {"error": 3})
    with pytest.raises(TypeError, match="formats must be a dict"):
        Table(ROWS, [".1f"])
    with pytest.raises(TypeError, match="title must be a string"):
        Table(ROWS, title=3)
    with pytest.raises(ValueError, match=r"same length, got lengths \{'a': 2, 'b': 1\}"):
        Table.from_columns({"a": [1, 2], "b": [3]})
    with pytest.raises(TypeError, match="column 'a' must be a list"):
        Table.from_columns({"a": 5})
    with pytest.raises(TypeError, match="columns must be a dict"):
        Table.from_columns([[1, 2]])
    with pytest.raises(KeyError, match="its columns are"):
        Table(ROWS).column("accuracy")
