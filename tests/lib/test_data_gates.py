"""Tests of dlbook.data.gates: the six truth tables and the errors for bad names."""

from __future__ import annotations

import pytest
import torch

from dlbook.data import TRUTH_TABLES, logic_gate

INPUTS = [[0, 0], [0, 1], [1, 0], [1, 1]]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("and", [0, 0, 0, 1]),
        ("or", [0, 1, 1, 1]),
        ("nand", [1, 1, 1, 0]),
        ("nor", [1, 0, 0, 0]),
        ("xor", [0, 1, 1, 0]),
        ("xnor", [1, 0, 0, 1]),
    ],
)
def test_truth_tables_are_exact(name, expected):
    X, y = logic_gate(name)
    assert X.shape == (4, 2)
    assert X.dtype == torch.float32
    assert X.tolist() == INPUTS
    assert y.dtype == torch.int64
    assert y.tolist() == expected


def test_tables_follow_boolean_logic():
    ops = {
        "and": lambda a, b: a and b,
        "or": lambda a, b: a or b,
        "nand": lambda a, b: not (a and b),
        "nor": lambda a, b: not (a or b),
        "xor": lambda a, b: a != b,
        "xnor": lambda a, b: a == b,
    }
    assert set(TRUTH_TABLES) == set(ops)
    for name, op in ops.items():
        assert list(TRUTH_TABLES[name]) == [int(bool(op(a, b))) for a, b in INPUTS]


def test_name_is_case_insensitive_and_dtype_is_honoured():
    X, y = logic_gate("XoR", dtype=torch.float64)
    assert X.dtype == torch.float64
    assert y.tolist() == [0, 1, 1, 0]


def test_unknown_gate_lists_the_options():
    with pytest.raises(ValueError, match="unknown logic gate 'implies'") as info:
        logic_gate("implies")
    for name in TRUTH_TABLES:
        assert repr(name) in str(info.value)


def test_gate_name_must_be_a_string():
    with pytest.raises(TypeError, match="logic gate must be a string"):
        logic_gate(1)
