"""Check the translation catalogs: every message of the English pages translated (not fuzzy),
every catalog compiling, and the glossary's terms used consistently.

``python docs/_ext/dlbook_catalogs.py POT_DIR LOCALE_DIR`` prints each catalog's statistics and
exits non-zero, naming each problem, when a catalog falls behind its English page;
``--prune LOCALE_DIR`` deletes the catalogs of pages that stay in English.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

GLOSSARY = Path(__file__).parents[1] / "glossary.csv"
#: Pages that stay in English in every edition: the API reference generated from docstrings
#: (api.rst says so) and sphinx-gallery's tables of running times.
UNTRANSLATED_PAGES = re.compile(r"^(api/generated/|gen_modules/)|sg_execution_times\.pot?$")
_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
_CODE = re.compile(r"`[^`]*`|\{[\w:-]+\}|https?://\S+|\(\S+\.(?:md|rst|html|py)\)")


@dataclass
class Stats:
    """Counts of one catalog's messages, against the messages its page has now."""

    catalog: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    problems: list[str] = field(default_factory=list)


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, abort_invalid=True)


def normalise(text: str) -> str:
    """Lower case, inline code and link targets removed, hyphens between letters dropped:
    "Multi-layer `MLP` perceptrons" -> "multilayer  perceptrons"."""
    return _HYPHEN.sub("", _CODE.sub(" ", text.lower()))


def load_glossary(path: Path = GLOSSARY) -> list[tuple[str, str]]:
    """(English, Korean) pairs, longest English term first, so that "gradient descent" is
    checked (and masked) before "gradient"."""
    with path.open(encoding="utf-8") as f:
        rows = [(normalise(r["English"]), r["한국어"]) for r in csv.DictReader(f)]
    return sorted(rows, key=lambda row: -len(row[0]))


def missing_terms(msgid: str, msgstr: str, glossary: list[tuple[str, str]]) -> list[str]:
    """The glossary terms ``msgid`` uses whose Korean form ``msgstr`` lacks. A message kept in
    English on purpose (a title, a name: msgstr == msgid) is not checked."""
    if msgstr == msgid:
        return []
    text, missing = normalise(msgid), []
    for english, korean in glossary:
        pattern = re.compile(rf"\b{re.escape(english)}(?:s|es)?\b")
        if pattern.search(text):
            text = pattern.sub(" ", text)
            if korean not in msgstr:
                missing.append(f"{english} -> {korean}")
    return missing


def check(pot: Path, po: Path, glossary: list[tuple[str, str]]) -> Stats:
    """Compare one page's template (``pot``, extracted from the English source now) with its
    Korean catalog ``po``."""
    stats = Stats(str(po))
    if not po.exists():
        template = read_catalog(pot)
        stats.untranslated = sum(1 for m in template if m.id)
        stats.problems.append(f"{po}: missing ({stats.untranslated} messages to translate)")
        return stats
    catalog = read_catalog(po)
    try:
        write_mo(BytesIO(), catalog)
    except Exception as error:  # noqa: BLE001 - reported with the file's name
        stats.problems.append(f"{po}: does not compile: {error}")
    for message in read_catalog(pot):
        if not message.id:
            continue
        found = catalog.get(message.id)
        if found is None or not found.string:
            stats.untranslated += 1
            stats.problems.append(f"{po}: untranslated: {_short(message.id)}")
        elif found.fuzzy:
            stats.fuzzy += 1
            stats.problems.append(f"{po}: fuzzy (its English changed): {_short(message.id)}")
        else:
            stats.translated += 1
            for term in missing_terms(message.id, found.string, glossary):
                stats.problems.append(
                    f"{po}: glossary term {term} not used in: {_short(message.id)}"
                )
    return stats


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def check_all(pot_dir: Path, locale_dir: Path, language: str = "ko") -> list[Stats]:
    """Check every template under ``pot_dir`` against ``locale_dir/<language>/LC_MESSAGES``."""
    glossary = load_glossary()
    messages = locale_dir / language / "LC_MESSAGES"
    return [
        check(pot, messages / pot.relative_to(pot_dir).with_suffix(".po"), glossary)
        for pot in sorted(pot_dir.rglob("*.pot"))
        if not UNTRANSLATED_PAGES.search(pot.relative_to(pot_dir).as_posix())
    ]


def prune(locale_dir: Path, language: str = "ko") -> list[Path]:
    """Delete the catalogs of pages that stay in English (sphinx-intl makes one for every
    page); return them."""
    messages = locale_dir / language / "LC_MESSAGES"
    gone = [
        po
        for po in sorted(messages.rglob("*.po"))
        if UNTRANSLATED_PAGES.search(po.relative_to(messages).as_posix())
    ]
    for po in gone:
        po.unlink()
    return gone


def main(argv: list[str]) -> int:
    if argv[0] == "--prune":
        print(f"removed {len(prune(Path(argv[1])))} catalogs of pages that stay in English")
        return 0
    pot_dir, locale_dir = Path(argv[0]), Path(argv[1])
    results = check_all(pot_dir, locale_dir)
    if not results:
        print(f"no .pot files under {pot_dir}: run sphinx-build -M gettext first")
        return 2
    print(f"{'catalog':<60} {'translated':>10} {'fuzzy':>6} {'untranslated':>12}")
    for s in results:
        name = Path(s.catalog).relative_to(locale_dir).as_posix()
        print(f"{name:<60} {s.translated:>10} {s.fuzzy:>6} {s.untranslated:>12}")
    total = [sum(getattr(s, k) for s in results) for k in ("translated", "fuzzy", "untranslated")]
    print(
        f"{'all ' + str(len(results)) + ' catalogs':<60} {total[0]:>10} {total[1]:>6} {total[2]:>12}"
    )
    problems = [p for s in results for p in s.problems]
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)} translation problems: update the catalogs with `nox -s translations`, "
            "translate what is new or fuzzy in docs/locale/ko (and remove the fuzzy flag), "
            "and use the glossary's terms (docs/glossary.csv)"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
