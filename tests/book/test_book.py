"""The book's structure: every chapter is in the table of contents, every citation resolves,
and every public module of dlbook has an API page."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import dlbook

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CHAPTERS = sorted((DOCS / "chapters").glob("*.md"))
CITE = re.compile(
    r"\{(?:cite|cite:p|cite:t|cite:ps|cite:ts|footcite|footcite:p|footcite:t)\}`([^`]+)`"
)
RST_CITE = re.compile(r":(?:cite|cite:p|cite:t|footcite|footcite:p|footcite:t):`([^`]+)`")


def bib_keys() -> set[str]:
    text = (DOCS / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.MULTILINE))


def toctree_entries() -> set[str]:
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    entries = set()
    for block in re.findall(r"```\{toctree\}(.*?)```", text, flags=re.DOTALL):
        for raw in block.splitlines():
            entry = raw.strip()
            if entry and not entry.startswith(":"):
                entries.add(entry)
    return entries


def cited_keys(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    keys = set()
    for group in CITE.findall(text) + RST_CITE.findall(text):
        keys.update(k.strip() for k in group.split(","))
    return keys


def test_bibliography_keys_are_unique():
    text = (DOCS / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.MULTILINE)
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"duplicate BibTeX keys: {duplicates}"


def test_there_are_chapters():
    assert len(CHAPTERS) >= 1


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_is_in_the_table_of_contents(chapter: Path):
    assert f"chapters/{chapter.stem}" in toctree_entries(), (
        f"{chapter.relative_to(ROOT)} is not in docs/index.md's toctree"
    )


SOURCES = [*sorted(DOCS.rglob("*.md")), *sorted((ROOT / "gallery").rglob("*.py"))]


@pytest.mark.parametrize(
    "source",
    [p for p in SOURCES if "_build" not in p.parts],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_citation_exists_in_the_bibliography(source: Path):
    missing = cited_keys(source) - bib_keys()
    assert not missing, f"{source.relative_to(ROOT)} cites keys not in references.bib: {missing}"


def test_history_sources_exist_in_the_bibliography():
    from dlbook.timeline import cited_keys as history_keys

    missing = set(history_keys()) - bib_keys()
    assert not missing, f"dlbook.timeline cites keys not in references.bib: {missing}"


def public_modules() -> list[str]:
    names = []
    for info in pkgutil.iter_modules(dlbook.__path__, "dlbook."):
        if not info.name.rsplit(".", 1)[-1].startswith("_"):
            names.append(info.name)
    return names


def test_every_public_module_has_an_api_page():
    api = (DOCS / "api.rst").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\s+(dlbook\.\w+)\s*$", api, flags=re.MULTILINE))
    missing = set(public_modules()) - listed
    assert not missing, f"modules missing from docs/api.rst: {sorted(missing)}"


@pytest.mark.parametrize("module", public_modules())
def test_every_public_object_has_a_docstring(module: str):
    mod = importlib.import_module(module)
    assert mod.__doc__, f"{module} has no module docstring"
    names = getattr(mod, "__all__", None) or [
        n for n, obj in vars(mod).items()
        if not n.startswith("_") and getattr(obj, "__module__", None) == module
        and callable(obj)
    ]  # fmt: skip
    undocumented = []
    for name in names:
        obj = getattr(mod, name)
        if callable(obj) and not (getattr(obj, "__doc__", None) or "").strip():
            undocumented.append(name)
    assert not undocumented, f"{module}: public objects without a docstring: {undocumented}"
