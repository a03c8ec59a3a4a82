"""The historical record: integrity of the data and of the bibliography it cites."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from dlbook import timeline as timeline_mod
from dlbook.timeline import (
    HUMAN_TOP5_ERROR,
    RECENT_IMAGENET,
    Event,
    cited_keys,
    ilsvrc_top5,
    timeline,
)

BIB = Path(__file__).resolve().parents[2] / "docs" / "references.bib"
ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,(.*?)^\}", re.MULTILINE | re.DOTALL)


def _field(body: str, name: str) -> str | None:
    """The value of ``name = {...}`` in an entry's body (braces balanced), whitespace folded."""
    match = re.search(rf"^\s*{name}\s*=\s*\{{", body, re.MULTILINE)
    if match is None:
        return None
    depth, start = 1, match.end()
    for i in range(start, len(body)):
        depth += {"{": 1, "}": -1}.get(body[i], 0)
        if depth == 0:
            return " ".join(body[start:i].split())
    raise AssertionError(f"unbalanced braces in field {name!r}")


@pytest.fixture(scope="module")
def bib() -> dict[str, tuple[str, str]]:
    """``{key: (entry type, body)}`` from docs/references.bib."""
    text = BIB.read_text(encoding="utf-8")
    entries = ENTRY.findall(text)
    keys = [key for _, key, _ in entries]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"duplicate BibTeX keys: {duplicates}"
    # every "@type{" in the file was parsed as an entry (none hides a syntax error)
    assert len(entries) == len(re.findall(r"^@\w+\s*\{", text, re.MULTILINE))
    return {key: (kind.lower(), body) for kind, key, body in entries}


# --- the bibliography ---------------------------------------------------------------------------


def test_every_cited_key_is_in_the_bibliography(bib):
    missing = [key for key in cited_keys() if key not in bib]
    assert not missing, f"keys cited by dlbook.timeline but absent from {BIB.name}: {missing}"


def test_bib_entries_have_author_title_year_and_a_valid_doi(bib):
    for key, (kind, body) in bib.items():
        assert _field(body, "title"), key
        assert _field(body, "author") or _field(body, "editor"), key
        year = _field(body, "year")
        assert year is not None, key
        assert re.fullmatch(r"\d{4}", year), (key, year)
        doi = _field(body, "doi")
        if doi is not None:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", doi), (key, doi)
            assert not doi.startswith("http"), key
        if kind == "article":
            assert _field(body, "journal"), key
        if kind == "inproceedings":
            assert _field(body, "booktitle"), key


def test_bib_key_year_matches_the_year_field(bib):
    for key, (_, body) in bib.items():
        match = re.fullmatch(r"[a-z]+(\d{4})[a-z]*", key)
        assert match is not None, f"key {key!r} is not of the form lastnameYEAR"
        assert _field(body, "year") == match.group(1), key


def test_the_book_references_the_brief_asks_for_are_present(bib):
    wanted = {
        "novikoff1962", "glorot2011", "ioffe2015", "kingma2015", "goodfellow2016", "lecun2015",
        "schmidhuber2015", "olazaran1996", "hinton2006reducing", "cybenko1989", "hornik1991",
        "linnainmaa1970", "sutskever2013", "saxe2014", "chellapilla2006", "ciresan2011",
        "ciresan2012", "mohamed2012", "rosenblatt1958", "minsky1969", "rumelhart1986",
        "krizhevsky2012",
    }  # fmt: skip
    assert wanted <= set(bib)


def test_dois_of_landmark_papers(bib):
    # a few DOIs checked by hand against the publishers' pages
    expected = {
        "rosenblatt1958": "10.1037/h0042519",
        "rumelhart1986": "10.1038/323533a0",
        "lecun1998": "10.1109/5.726791",
        "russakovsky2015": "10.1007/s11263-015-0816-y",
        "he2016": "10.1109/CVPR.2016.90",
    }
    assert {key: _field(bib[key][1], "doi") for key in expected} == expected


# --- the timeline --------------------------------------------------------------------------------


def test_timeline_is_sorted_by_year_and_covers_1943_to_2017():
    events = timeline()
    years = [e.year for e in events]
    assert years == sorted(years)
    assert (years[0], years[-1]) == (1943, 2017)
    assert all(isinstance(e, Event) for e in events)


def test_timeline_has_the_events_the_book_tells():
    have = {(e.year, e.source) for e in timeline()}
    wanted = {
        (1943, "mcculloch1943"), (1949, "hebb1949"), (1958, "rosenblatt1958"),
        (1960, "widrow1960"), (1969, "minsky1969"), (1973, "lighthill1973"),
        (1974, "werbos1974"), (1980, "fukushima1980"), (1982, "hopfield1982"),
        (1986, "rumelhart1986"), (1989, "lecun1989"), (1991, "hochreiter1991"),
        (1994, "bengio1994"), (1995, "cortes1995"), (1997, "hochreiter1997"),
        (1998, "lecun1998"), (2001, "breiman2001"), (2006, "hinton2006"), (2007, "bengio2007"),
        (2009, "raina2009"), (2009, "deng2009"), (2010, "glorot2010"), (2010, "nair2010"),
        (2012, "krizhevsky2012"), (2014, "srivastava2014"), (2014, "simonyan2015"),
        (2014, "szegedy2015"), (2015, "he2015"), (2015, "he2016"), (2015, "russakovsky2015"),
        (2017, "hu2018"),
    }  # fmt: skip
    assert wanted <= have, sorted(wanted - have)


def test_event_year_is_the_source_year_or_one_before(bib):
    # a challenge entry is dated by the challenge; its paper may come out the next year
    for e in timeline():
        if e.source == "russakovsky2015":  # the ILSVRC paper, cited for the 2010 challenge too
            continue
        source_year = int(_field(bib[e.source][1], "year"))
        assert source_year - e.year in (0, 1), (e.title, e.year, e.source)


def test_events_are_complete_and_immutable():
    for e in timeline():
        assert e.title, e
        assert e.summary, e
        assert e.people, e
        assert isinstance(e.people, tuple)
        assert e.summary.endswith("."), e.title
    e = timeline()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.year = 1900  # type: ignore[misc]
    assert isinstance(timeline_mod.EVENTS, tuple)
    assert isinstance(timeline_mod.ILSVRC, tuple)


def test_timeline_returns_a_fresh_list():
    first = timeline()
    first.clear()
    assert len(timeline()) == len(timeline_mod.EVENTS)


def test_timeline_filters_by_year_inclusive():
    events = timeline(1980, 1998)
    assert events == [e for e in timeline() if 1980 <= e.year <= 1998]
    assert events[0].year == 1980
    assert events[-1].year == 1998
    assert [e.year for e in timeline(end=1949)] == [1943, 1949]
    assert {e.year for e in timeline(start=2015)} == {2015, 2017}


def test_timeline_rejects_bad_bounds():
    with pytest.raises(ValueError, match="after end"):
        timeline(2000, 1990)
    with pytest.raises(TypeError, match=r"\(a year or None\) must be an int"):
        timeline(start="1958")  # type: ignore[arg-type]


def test_event_checks_its_fields():
    e = Event(1958, "Perceptron", ["Frank Rosenblatt"], "Learns.", "rosenblatt1958")
    assert e.people == ("Frank Rosenblatt",)
    with pytest.raises(TypeError, match="tuple of names"):
        Event(1958, "Perceptron", "Frank Rosenblatt", "Learns.", "rosenblatt1958")
    with pytest.raises(TypeError, match="year must be an int"):
        Event(1958.0, "Perceptron", ("F. R.",), "Learns.", "rosenblatt1958")  # type: ignore[arg-type]


# --- ILSVRC ---------------------------------------------------------------------------------------


def test_ilsvrc_has_each_year_2010_to_2017_once():
    assert [r.year for r in ilsvrc_top5()] == list(range(2010, 2018))


def test_ilsvrc_error_falls_every_year():
    errors = [r.top5_error for r in ilsvrc_top5()]
    assert all(b < a for a, b in itertools.pairwise(errors)), errors
    after_2011 = [r.top5_error for r in ilsvrc_top5() if r.year >= 2011]
    assert after_2011 == sorted(after_2011, reverse=True)


def test_ilsvrc_2012_is_supervision_with_both_numbers():
    r2012 = next(r for r in ilsvrc_top5() if r.year == 2012)
    assert r2012.team == "SuperVision"
    assert r2012.top5_error == 16.4  # provided data only (0.16422)
    assert r2012.extra_data_top5_error == 15.3  # with ImageNet Fall 2011 (0.15315)
    assert r2012.paper == "krizhevsky2012"
    assert "15.3%" in r2012.note
    assert "16.4%" in r2012.note


def test_ilsvrc_winners_and_sources():
    rows = {r.year: r for r in ilsvrc_top5()}
    assert {y: r.team for y, r in rows.items()} == {
        2010: "NEC-UIUC", 2011: "XRCE", 2012: "SuperVision", 2013: "Clarifai",
        2014: "GoogLeNet", 2015: "MSRA", 2016: "Trimps-Soushen", 2017: "WMW",
    }  # fmt: skip
    assert all(r.source == f"ilsvrc{y}" for y, r in rows.items())
    # an extra-data entry only where it beat the provided-data one
    for r in rows.values():
        if r.extra_data_top5_error is not None:
            assert r.extra_data_top5_error < r.top5_error


def test_ilsvrc_urls_point_at_official_results_pages(bib):
    for r in ilsvrc_top5():
        url = _field(bib[r.source][1], "url")
        assert url.startswith(f"https://image-net.org/challenges/LSVRC/{r.year}/results"), url


def test_human_estimate_and_first_winner_below_it():
    assert HUMAN_TOP5_ERROR.value == 5.1
    assert float(HUMAN_TOP5_ERROR) == 5.1
    assert HUMAN_TOP5_ERROR.source == "russakovsky2015"
    assert repr(HUMAN_TOP5_ERROR) == "Measurement(5.1 %, source='russakovsky2015')"
    below = [r.year for r in ilsvrc_top5() if r.top5_error < float(HUMAN_TOP5_ERROR)]
    assert below == [2015, 2016, 2017]


def test_recent_imagenet_claim_is_attributed():
    assert RECENT_IMAGENET.status in ("verified", "unverified")
    assert (RECENT_IMAGENET.top1_accuracy, RECENT_IMAGENET.top5_accuracy) == (90.05, 99.02)
    assert RECENT_IMAGENET.source == "yuan2021"
    assert RECENT_IMAGENET.note


def test_cited_keys_is_sorted_unique_and_complete():
    keys = cited_keys()
    assert isinstance(keys, tuple)
    assert list(keys) == sorted(set(keys))
    used = {e.source for e in timeline()} | {r.source for r in ilsvrc_top5()}
    used |= {r.paper for r in ilsvrc_top5() if r.paper} | {HUMAN_TOP5_ERROR.source}
    assert used | {RECENT_IMAGENET.source} <= set(keys)
