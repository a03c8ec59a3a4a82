"""Tests for dlbook.scale: one setting, DLBOOK_SCALE, chooses the book or the paper scale."""

from __future__ import annotations

import pytest

from dlbook import scale


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "book"), ("", "book"), ("  ", "book"), ("book", "book"), ("paper", "paper"),
     (" Paper ", "paper"), ("BOOK", "book")],
)  # fmt: skip
def test_current_reads_the_setting(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("DLBOOK_SCALE", raising=False)
    else:
        monkeypatch.setenv("DLBOOK_SCALE", value)
    assert scale.current() == expected


@pytest.mark.parametrize("value", ["full", "gpu", "1", "books"])
def test_current_rejects_anything_else_naming_both_scales(monkeypatch, value):
    monkeypatch.setenv("DLBOOK_SCALE", value)
    with pytest.raises(ValueError, match=r"DLBOOK_SCALE='.*'.*'book'.*'paper'"):
        scale.current()


def test_pick_returns_the_value_for_the_current_scale(monkeypatch):
    monkeypatch.delenv("DLBOOK_SCALE", raising=False)
    assert scale.pick(book=10_000, paper=60_000) == 10_000
    monkeypatch.setenv("DLBOOK_SCALE", "paper")
    assert scale.pick(book=10_000, paper=60_000) == 60_000


def test_pick_checks_the_setting_too(monkeypatch):
    monkeypatch.setenv("DLBOOK_SCALE", "huge")
    with pytest.raises(ValueError, match="DLBOOK_SCALE"):
        scale.pick(book=1, paper=2)


def test_pick_needs_both_values_by_name():
    with pytest.raises(TypeError):
        scale.pick(1, 2)  # positional values could be swapped unnoticed
