"""Tests for the Korean edition's tooling: the search stemmer (docs/_ext/dlbook_i18n.py), the
catalog check (docs/_ext/dlbook_catalogs.py), and the committed Korean catalogs themselves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import dlbook_catalogs as catalogs
import dlbook_i18n as i18n

LOCALE = ROOT / "docs" / "locale"


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("역전파를", "역전파"),
        ("역전파는", "역전파"),
        ("역전파", "역전파"),
        ("퍼셉트론은", "퍼셉트론"),
        ("퍼셉트론의", "퍼셉트론"),
        ("신경망에서", "신경망"),
        ("신경망으로", "신경망"),
        ("차이", "차이"),  # a noun that ends like a particle keeps two syllables
        ("층이", "층이"),
    ],
)
def test_particles_are_stripped_from_korean_words(word, stem):
    assert i18n.strip_particle(word) == stem
    assert i18n.SearchKorean({}).stem(word) == stem


def test_the_javascript_stemmer_agrees_with_python():
    node = pytest.importorskip("shutil").which("node")
    if node is None:
        pytest.skip("needs node to run the search's JavaScript stemmer")
    words = ["역전파를", "퍼셉트론은", "신경망에서", "차이", "층이", "gradient"]
    script = (
        i18n.SearchKorean.js_stemmer_code
        + f"const s = new Stemmer(); console.log(JSON.stringify({words!r}.map(w => s.stemWord(w))));"
    )
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str([i18n.strip_particle(w) for w in words]).replace("'", '"').replace(
        ", ", ","
    )


@pytest.mark.parametrize(
    ("pagename", "language", "expected"),
    [
        ("index", "en", ("ko", "한국어", "ko/index.html")),
        ("chapters/xor", "en", ("ko", "한국어", "../ko/chapters/xor.html")),
        ("index", "ko", ("en", "English", "../index.html")),
        (
            "auto_examples/vanishing/plot_x",
            "ko",
            ("en", "English", "../../../auto_examples/vanishing/plot_x.html"),
        ),
    ],
)
def test_each_page_links_to_itself_in_the_other_edition(pagename, language, expected):
    assert i18n.other_edition(pagename, language) == expected


GLOSSARY = [
    ("gradient descent", "경사 하강법"),
    ("gradient", "기울기"),
    ("multilayer perceptron", "다층 퍼셉트론"),
    ("perceptron", "퍼셉트론"),
]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "missing"),
    [
        ("Gradients vanish.", "기울기가 사라진다.", []),
        ("Gradients vanish.", "그래디언트가 사라진다.", ["gradient -> 기울기"]),
        # the longer term is checked first and masks the shorter one
        ("Gradient descent works.", "경사 하강법이 통한다.", []),
        ("A multi-layer perceptron", "다층 퍼셉트론", []),
        (
            "A multi-layer perceptron",
            "여러 층의 퍼셉트론",
            ["multilayer perceptron -> 다층 퍼셉트론"],
        ),
        # names in code and link targets are not prose
        ("Call `Perceptron.fit` here.", "여기서 `Perceptron.fit`을 부른다.", []),
        # a message kept in English on purpose (a paper's title) is not checked
        ("Learning gradients", "Learning gradients", []),
    ],
)
def test_glossary_terms_are_checked(msgid, msgstr, missing):
    assert catalogs.missing_terms(msgid, msgstr, GLOSSARY) == missing


def _write(path: Path, messages: dict[str, tuple[str, bool]]) -> Path:
    catalog = Catalog(locale="ko")
    for msgid, (msgstr, fuzzy) in messages.items():
        catalog.add(msgid, msgstr, flags={"fuzzy"} if fuzzy else set())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog)
    return path


def test_a_catalog_behind_its_page_is_reported(tmp_path):
    pot = _write(
        tmp_path / "pot" / "chapters" / "xor.pot",
        {"One.": ("", False), "Two.": ("", False), "Three.": ("", False)},
    )
    po = _write(
        tmp_path / "ko" / "LC_MESSAGES" / "chapters" / "xor.po",
        {"One.": ("하나.", False), "Two.": ("둘.", True)},
    )
    stats = catalogs.check(pot, po, [])
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (1, 1, 1)
    assert any("fuzzy" in p and "Two." in p for p in stats.problems)
    assert any("untranslated" in p and "Three." in p for p in stats.problems)


def test_a_missing_catalog_is_reported(tmp_path):
    pot = _write(tmp_path / "new.pot", {"One.": ("", False), "Two.": ("", False)})
    stats = catalogs.check(pot, tmp_path / "new.po", [])
    assert stats.untranslated == 2
    assert "missing" in stats.problems[0]


def test_the_glossary_file_reads_longest_terms_first():
    terms = catalogs.load_glossary()
    assert ("perceptron", "퍼셉트론") in terms
    assert ("backpropagation", "역전파") in terms
    lengths = [len(english) for english, _ in terms]
    assert lengths == sorted(lengths, reverse=True)


def test_committed_korean_catalogs_are_complete_and_consistent():
    """Every committed catalog compiles, has no fuzzy or empty message, and uses the glossary's
    terms. (That no catalog lacks a message of its page needs the page's English text, which
    nox -s docs extracts and checks with the same code.)"""
    pos = sorted((LOCALE / "ko" / "LC_MESSAGES").rglob("*.po"))
    assert pos, "no Korean catalogs in docs/locale/ko/LC_MESSAGES"
    glossary = catalogs.load_glossary()
    problems = []
    for po in pos:
        catalog = catalogs.read_catalog(po)
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy or not message.string:
                problems.append(f"{po.relative_to(LOCALE)}: not translated: {message.id[:60]}")
            else:
                problems += [
                    f"{po.relative_to(LOCALE)}: {t}"
                    for t in catalogs.missing_terms(message.id, message.string, glossary)
                ]
    assert not problems, "\n".join(problems[:40])


def test_prune_keeps_only_the_catalogs_of_translated_pages(tmp_path):
    messages = tmp_path / "ko" / "LC_MESSAGES"
    keep = [_write(messages / "chapters" / "xor.po", {}), _write(messages / "index.po", {})]
    drop = [
        _write(messages / "api" / "generated" / "dlbook.data.po", {}),
        _write(messages / "auto_examples" / "sg_execution_times.po", {}),
    ]
    assert catalogs.prune(tmp_path) == sorted(drop)
    assert all(p.exists() for p in keep)
    assert not any(p.exists() for p in drop)
