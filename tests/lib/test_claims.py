"""Tests for dlbook.claims: rules decide on exact numbers, the card, the record, untested."""

from __future__ import annotations

import html
import json
import sys

import pytest

from dlbook.claims import (
    Claim,
    all_of,
    at_least,
    at_most,
    ratio_at_least,
    ratio_at_most,
    rule,
)

CLAIM = Claim(
    key="relu-vs-tanh-epochs",
    claim="A CNN with ReLUs reaches 25% training error faster than with tanh",
    source="krizhevsky2012",
    era="imagenet",
    paper="six times fewer epochs to 25% training error",
)


@pytest.fixture(autouse=True)
def _book_scale_no_records(monkeypatch):
    monkeypatch.delenv("DLBOOK_SCALE", raising=False)
    monkeypatch.delenv("DLBOOK_CLAIMS_DIR", raising=False)


def decide(measured, rule_, **kwargs):
    return CLAIM.decide(measured, rule_, device="cpu (test)", **kwargs)


@pytest.mark.parametrize(
    ("value", "verdict"),
    [(0.90, "reproduced"), (0.95, "reproduced"), (0.8999, "partly"), (0.80, "partly"),
     (0.7999, "not-reproduced")],
)  # fmt: skip
def test_at_least_decides_at_its_boundaries(value, verdict):
    assert decide({"accuracy": value}, at_least("accuracy", 0.9, partly=0.8)).verdict == verdict


@pytest.mark.parametrize(
    ("value", "verdict"), [(0.05, "reproduced"), (0.0501, "not-reproduced"), (-1.0, "reproduced")]
)
def test_at_most_decides_at_its_boundary(value, verdict):
    assert decide({"error": value}, at_most("error", 0.05)).verdict == verdict


@pytest.mark.parametrize(
    ("tanh", "relu", "verdict"),
    [(12, 6, "reproduced"), (11, 6, "partly"), (9, 6, "partly"), (8, 6, "not-reproduced")],
)
def test_ratio_at_least_decides_on_the_exact_ratio(tanh, relu, verdict):
    r = ratio_at_least("tanh", "relu", 2, partly=1.5)
    assert decide({"tanh": tanh, "relu": relu}, r).verdict == verdict


def test_ratio_at_most():
    r = ratio_at_most("gpu s", "cpu s", 0.1)
    assert decide({"gpu s": 1.0, "cpu s": 10.0}, r).verdict == "reproduced"
    assert decide({"gpu s": 1.0, "cpu s": 9.0}, r).verdict == "not-reproduced"


def test_the_reason_is_generated_from_the_numbers():
    r = ratio_at_least("tanh epochs", "ReLU epochs", 2, says="ReLU needed {:.1f}x fewer epochs")
    result = decide({"tanh epochs": 14, "ReLU epochs": 4}, r)
    assert result.reason == (
        "ReLU needed 3.5x fewer epochs (rule: tanh epochs / ReLU epochs >= 2x)"
    )
    assert result.sentence == f"Reproduced: {result.reason}."
    assert result.rule == "tanh epochs / ReLU epochs >= 2x"


def test_formats_show_the_number_and_the_threshold_alike():
    result = decide(
        {"test error": 0.0812},
        at_most("test error", 0.05, partly=0.1),
        formats={"test error": ".1%"},
    )
    assert result.verdict == "partly"
    assert result.reason == "test error = 8.1% (rule: test error <= 5.0%; partly: <= 10.0%)"
    assert result.text("test error") == "8.1%"
    assert result.sentence.startswith("Partly reproduced: test error = 8.1%")


def test_default_display_keeps_integers_and_rounds_floats():
    result = decide({"epochs": 14, "seconds": 12.345678}, at_least("epochs", 1))
    assert result.measured_text == {"epochs": "14", "seconds": "12.35"}
    assert result.measured == {"epochs": 14, "seconds": 12.345678}


def test_all_of_is_partly_when_the_parts_disagree():
    parts = all_of(at_most("shift 2 error", 0.1), at_most("shift 8 error", 0.1))
    both = decide({"shift 2 error": 0.05, "shift 8 error": 0.08}, parts)
    one = decide({"shift 2 error": 0.05, "shift 8 error": 0.3}, parts)
    none = decide({"shift 2 error": 0.2, "shift 8 error": 0.3}, parts)
    assert (both.verdict, one.verdict, none.verdict) == ("reproduced", "partly", "not-reproduced")
    assert one.reason == (
        "shift 2 error = 0.05; shift 8 error = 0.3 "
        "(rule: shift 2 error <= 0.1 and shift 8 error <= 0.1)"
    )


def test_a_custom_rule_returns_a_verdict_and_optionally_its_words():
    def faster(m):
        return "reproduced" if m["tanh"] > 2 * m["relu"] else "not-reproduced"

    result = decide({"tanh": 5, "relu": 2}, rule("tanh > 2 * relu", faster))
    assert result.verdict == "reproduced"
    assert result.reason == "tanh = 5; relu = 2 (rule: tanh > 2 * relu)"
    worded = decide({"tanh": 5}, rule("always", lambda m: ("partly", "half of it")))
    assert worded.reason == "half of it (rule: always)"


def test_a_custom_rule_cannot_call_a_claim_untested():
    with pytest.raises(ValueError, match=r"claim\.untested"):
        decide({"x": 1}, rule("x", lambda m: "untested"))


@pytest.mark.parametrize(
    ("measured", "rule_", "error", "match"),
    [
        ({}, at_least("x", 1), ValueError, "non-empty dict"),
        ({"x": float("nan")}, at_least("x", 1), ValueError, "finite"),
        ({"x": None}, at_least("x", 1), TypeError, r"measured\['x'\] must be a number"),
        ({"x": True}, at_least("x", 1), TypeError, "must be a number"),
        ({"x": 1}, at_least("y", 1), KeyError, r"the rule uses \['y'\]"),
        ({"a": 1, "b": 0}, ratio_at_least("a", "b", 2), ValueError, "divides by 'b'"),
        ({"x": 1}, lambda m: "reproduced", TypeError, "must be a Rule"),
    ],
)
def test_bad_input_is_named(measured, rule_, error, match):
    with pytest.raises(error, match=match):
        decide(measured, rule_)


def test_bad_rules_and_formats_are_named():
    with pytest.raises(ValueError, match=r"partly=0\.95 must lie below"):
        at_least("x", 0.9, partly=0.95)
    with pytest.raises(ValueError, match=r"partly=0\.5 must lie above"):
        at_most("x", 0.9, partly=0.5)
    with pytest.raises(ValueError, match=r"formats names \['y'\]"):
        decide({"x": 1}, at_least("x", 1), formats={"y": ".1f"})
    with pytest.raises(ValueError, match=r"formats\['x'\]='d' cannot show 1.5"):
        decide({"x": 1.5}, at_least("x", 1), formats={"x": "d"})


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [("key", "relu vs tanh", "may hold only"), ("key", "../x", "may hold only"),
     ("source", "Krizhevsky et al. 2012", "BibTeX key"), ("claim", " ", "non-empty")],
)  # fmt: skip
def test_claim_checks_its_fields(field, value, match):
    fields = {"key": "k", "claim": "c", "source": "lecun1998", "era": "e", "paper": "p"}
    with pytest.raises(ValueError, match=match):
        Claim(**{**fields, field: value})


def test_the_card_carries_the_verdict_and_escapes_text():
    claim = Claim(
        key="k", claim='<b>"ReLU" & tanh</b>', source="nair2010", era="imagenet",
        paper="< 25%", cite="Nair & Hinton 2010",
    )  # fmt: skip
    result = claim.decide({"a<b": 1.0}, at_least("a<b", 2), device="cpu <1>")
    card = result._repr_html_()
    assert card.startswith('<div class="claim-card" data-verdict="not-reproduced" ')
    assert "<b>" not in card
    assert "&lt;b&gt;&quot;ReLU&quot; &amp; tanh&lt;/b&gt;" in card
    for shown in ("Nair &amp; Hinton 2010", "&lt; 25%", "a&lt;b = 1", "cpu &lt;1&gt;",
                  "Not reproduced", "book scale"):  # fmt: skip
        assert shown in card
    record = json.loads(html.unescape(card.split('data-claim="')[1].split('"')[0]))
    assert record["verdict"] == "not-reproduced"
    assert record["claim"] == claim.claim


def test_the_plain_text_card():
    result = decide({"tanh": 12, "relu": 6}, ratio_at_least("tanh", "relu", 2))
    lines = str(result).splitlines()
    assert lines[0] == f"Claim, REPRODUCED: {CLAIM.claim}"
    assert "  Measured: tanh = 12; relu = 6" in lines
    assert lines[-1] == "  Run: book scale, on cpu (test)"
    assert repr(result) == str(result)


def test_untested_measures_nothing_and_says_what_a_build_would(monkeypatch):
    monkeypatch.setenv("DLBOOK_SCALE", "paper")
    result = CLAIM.untested("this build has no GPU.", "seconds per epoch on a CUDA GPU")
    assert result.verdict == "untested"
    assert result.measured == {}
    assert result.rule == ""
    assert result.scale == "paper"
    assert result.sentence == (
        "Untested: this build has no GPU; a build that can run it measures seconds per epoch "
        "on a CUDA GPU."
    )
    card = result._repr_html_()
    assert 'data-verdict="untested"' in card
    assert "seconds per epoch on a CUDA GPU" in card
    with pytest.raises(ValueError, match="measures"):
        CLAIM.untested("no GPU", "")


def test_device_defaults_to_the_one_dlbook_picks():
    from dlbook.device import describe

    assert CLAIM.decide({"x": 1}, at_least("x", 1)).device == describe()


def test_nothing_is_recorded_without_the_setting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    decide({"x": 1}, at_least("x", 1))
    assert list(tmp_path.iterdir()) == []


def test_a_decided_claim_is_recorded_where_the_setting_says(tmp_path, monkeypatch):
    monkeypatch.setenv("DLBOOK_CLAIMS_DIR", str(tmp_path / "claims"))
    claim = Claim(key="k.1", claim="c", source="lecun1998", era="e", paper="p", page="chapters/x")
    result = claim.decide({"x": 3}, at_least("x", 2), device="cpu (test)")
    assert [p.name for p in (tmp_path / "claims").iterdir()] == ["k.1.json"]  # no temp file left
    record = json.loads((tmp_path / "claims" / "k.1.json").read_text(encoding="utf-8"))
    assert record == result.record()
    assert record["page"] == "chapters/x"
    assert record["measured"] == {"x": 3}
    assert record["sentence"] == "Reproduced: x = 3 (rule: x >= 2)."
    claim.decide({"x": 1}, at_least("x", 2), device="cpu (test)")  # decided again: replaced
    record = json.loads((tmp_path / "claims" / "k.1.json").read_text(encoding="utf-8"))
    assert record["verdict"] == "not-reproduced"


def test_a_gallery_script_is_its_page(tmp_path, monkeypatch):
    gallery = tmp_path / "gallery"
    (gallery / "imagenet").mkdir(parents=True)
    for folder in (gallery, gallery / "imagenet"):
        (folder / "README.rst").write_text("x\n", encoding="utf-8")
    script = gallery / "imagenet" / "plot_relu.py"
    monkeypatch.delattr(sys.modules["__main__"], "__file__", raising=False)  # as sphinx-gallery
    monkeypatch.setattr(sys, "argv", [str(script)])
    assert decide({"x": 1}, at_least("x", 1)).record()["page"] == "imagenet/plot_relu.py"
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "plot_alone.py")])  # not in a gallery
    assert decide({"x": 1}, at_least("x", 1)).record()["page"] is None


def test_a_format_can_carry_a_unit():
    from dlbook.claims.rules import Formats

    formats = Formats({"CPU": "{:.2f} s/epoch", "speed-up": "{:.1f}x", "acc": ".1%"})
    assert formats("CPU", 4.8967) == "4.90 s/epoch"
    assert formats("speed-up", 6.04) == "6.0x"
    assert formats("acc", 0.9132) == "91.3%"
    with pytest.raises(ValueError, match="cannot show"):
        Formats({"x": "{:.2f} {unit}"})("x", 1.0)
