"""The chapters' conventions (issues 12 and 13), read from the MyST sources without running them.

- The code cells a reader sees hold what a reader would type: no ``glue(`` and no ``assert``;
  the numbers are glued and checked in one removed cell at the end of the chapter.
- Code lines fit 88 columns; no layout plumbing (the book's style sheet does it).
- Seeds by one road: every model a chapter builds gets ``seed=``.
- Every glued number the text shows is glued; every cited key is in the bibliography.
- Claim cards: keys prefixed ``chapter-<name>-``, unique in the book, naming their page.
- Pages speak of the history, not of the machine that built them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CHAPTERS = sorted((DOCS / "chapters").glob("*.md"))
WIDTH = 88
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
GLUE_REF = re.compile(r"\{glue(?::text|:md|:any|:figure|:math)?\}`([^`]+)`")
CITE = re.compile(r"\{(?:cite|cite:p|cite:t|cite:ps|cite:ts)\}`([^`]+)`")
#: What draws random numbers, each taking ``seed=``: the models (their initial weights) and
#: the Trainer (batch order, dropout), whose default seed a chapter states all the same.
MODELS = {
    "MLP", "LeNet5", "AlexNet", "AlexNetSmall", "RBM", "Autoencoder", "pretrain_greedy",
    "to_mlp", "Trainer",
}  # fmt: skip
#: Phrases about the machine that built the page, not the history (issue 13).
MACHINE_PHRASES = [
    r"cannot be downloaded",
    r"can(?:not|'t) download",
    r"we have no \w+",
    r"on this machine",
    r"this machine",
    r"this page'?s budget",
    r"small enough for this page",
    r"beyond this page",
    r"a CPU can handle",
    r"this build'?s? (?:GPU|CPU|wall|machine)",
    r"the CPU of this build",
    r"here on the",
]


class Cell:
    """A code cell of a chapter: its options, its code and the line where its code starts."""

    def __init__(self, body: str, line: int):
        lines = body.split("\n")
        options: list[str] = []
        if lines and lines[0].strip() == "---":  # a YAML block of options
            end = lines.index("---", 1)
            options, lines, line = lines[1:end], lines[end + 1 :], line + end + 1
        while lines and lines[0].startswith(":"):  # short-form options
            options.append(lines.pop(0))
            line += 1
        self.options = "\n".join(options)
        self.code = "\n".join(lines)
        self.line = line

    @property
    def removed(self) -> bool:
        return "remove-cell" in self.options

    def tree(self) -> ast.Module:
        # IPython's magics and shell escapes are not Python; chapters use none
        return ast.parse(self.code)


def cells(chapter: Path) -> list[Cell]:
    text = chapter.read_text(encoding="utf-8")
    return [
        Cell(m.group(1).rstrip("\n"), text.count("\n", 0, m.start(1)) + 1)
        for m in CELL.finditer(text)
    ]


def prose(chapter: Path) -> str:
    """The chapter's text outside code cells."""
    return CELL.sub("", chapter.read_text(encoding="utf-8"))


def calls(cell: Cell) -> list[tuple[str, ast.Call]]:
    """``(name, call)`` for every call in a cell, named by its function's last part."""
    found = []
    for node in ast.walk(cell.tree()):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            found.append((name, node))
    return found


def claim_calls(chapter: Path) -> list[ast.Call]:
    return [call for cell in cells(chapter) for name, call in calls(cell) if name == "Claim"]


def keyword(call: ast.Call, name: str):
    for kw in call.keywords:
        if kw.arg == name and isinstance(kw.value, ast.Constant):
            return kw.value.value
    return None


def bib_keys() -> set[str]:
    text = (DOCS / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.MULTILINE))


chapter_param = pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)


def test_the_ten_chapters_are_read():
    assert len(CHAPTERS) == 10
    assert all(cells(c) for c in CHAPTERS)


@chapter_param
def test_cells_parse_as_python(chapter: Path):
    for cell in cells(chapter):
        try:
            cell.tree()
        except SyntaxError as err:
            pytest.fail(f"{chapter.name}:{cell.line + (err.lineno or 1) - 1}: {err.msg}")


@chapter_param
def test_code_lines_fit_88_columns(chapter: Path):
    long = [
        f"{chapter.name}:{cell.line + i}: {len(line)} columns"
        for cell in cells(chapter)
        for i, line in enumerate(cell.code.split("\n"))
        if len(line) > WIDTH
    ]
    assert not long, "code lines over 88 columns:\n" + "\n".join(long)


@chapter_param
def test_visible_cells_hold_no_glue_or_assert(chapter: Path):
    for cell in cells(chapter):
        if cell.removed:
            continue
        tree = cell.tree()
        glued = [name for name, _ in calls(cell) if name == "glue"]
        asserts = [n for n in ast.walk(tree) if isinstance(n, ast.Assert)]
        where = f"{chapter.name}:{cell.line}: a cell readers see"
        move = "move it to the chapter's removed trailing cell"
        assert not glued, f"{where} calls glue(); {move}"
        assert not asserts, f"{where} asserts; {move}"


@chapter_param
def test_at_most_one_removed_cell_and_it_is_last(chapter: Path):
    chapter_cells = cells(chapter)
    removed = [c for c in chapter_cells if c.removed]
    assert len(removed) <= 1, (
        f"{chapter.name} has {len(removed)} removed cells (lines "
        f"{[c.line for c in removed]}); glue and check in one, at the end"
    )
    if removed:
        assert removed[0] is chapter_cells[-1], (
            f"{chapter.name}:{removed[0].line}: the removed cell must be the last code cell"
        )


@chapter_param
def test_no_layout_plumbing_or_formatter_markers(chapter: Path):
    for cell in cells(chapter):
        for bad in ("tight_layout", 'facecolor="white"', "# fmt:", "time.perf_counter"):
            assert bad not in cell.code, f"{chapter.name}:{cell.line}: {bad!r} in a cell"


def copies_weights(call: ast.Call) -> bool:
    """``dlbook.convert.to_mlp(params)`` copies given weights: it draws nothing to seed."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "to_mlp"
    return isinstance(func.value, ast.Name) and func.value.id == "convert"


@chapter_param
def test_every_model_gets_a_seed(chapter: Path):
    unseeded = [
        f"{chapter.name}:{cell.line + call.lineno - 1}: {name}(...) without seed="
        for cell in cells(chapter)
        for name, call in calls(cell)
        if name in MODELS
        and not any(kw.arg == "seed" for kw in call.keywords)
        and not copies_weights(call)
    ]
    assert not unseeded, "\n".join(unseeded)
    for cell in cells(chapter):
        assert "seed_everything" not in cell.code, (
            f"{chapter.name}:{cell.line}: seeds travel by seed=, not seed_everything"
        )


def glued_patterns(chapter: Path) -> list[re.Pattern]:
    """A pattern per ``glue(name, ...)`` call; an f-string name matches any fill."""
    patterns = []
    for cell in cells(chapter):
        for name, call in calls(cell):
            if name != "glue" or not call.args:
                continue
            key = call.args[0]
            if isinstance(key, ast.Constant):
                patterns.append(re.compile(re.escape(key.value)))
            elif isinstance(key, ast.JoinedStr):
                parts = [
                    re.escape(v.value) if isinstance(v, ast.Constant) else r"[\w.-]+"
                    for v in key.values
                ]
                patterns.append(re.compile("".join(parts)))
    return patterns


@chapter_param
def test_every_glue_reference_is_glued(chapter: Path):
    patterns = glued_patterns(chapter)
    refs = {
        ref.rsplit(":", 1)[0] if ":" in ref else ref for ref in GLUE_REF.findall(prose(chapter))
    }
    missing = sorted(r for r in refs if not any(p.fullmatch(r) for p in patterns))
    assert not missing, f"{chapter.name} shows glued keys that no glue() call makes: {missing}"


@chapter_param
def test_every_cited_key_and_claim_source_is_in_the_bibliography(chapter: Path):
    keys = set()
    for group in CITE.findall(chapter.read_text(encoding="utf-8")):
        keys.update(k.strip() for k in group.split(","))
    keys.update(keyword(call, "source") for call in claim_calls(chapter))
    missing = sorted(str(k) for k in keys - bib_keys())
    assert not missing, f"{chapter.name} cites keys not in references.bib: {missing}"


@chapter_param
def test_claims_are_named_for_their_chapter(chapter: Path):
    for call in claim_calls(chapter):
        key, page = keyword(call, "key"), keyword(call, "page")
        assert isinstance(key, str), f"{chapter.name}: a claim's key must be a string"
        assert key.startswith(f"chapter-{chapter.stem}-"), (
            f"{chapter.name}: claim key {key!r} must start with 'chapter-{chapter.stem}-'"
        )
        assert page == f"chapters/{chapter.stem}", (
            f"{chapter.name}: claim {key!r} must say page='chapters/{chapter.stem}'"
        )


GALLERY_REF = re.compile(r"sphx_glr_auto_examples_([a-z0-9]+)_(plot_\w+\.py)")


@chapter_param
def test_every_gallery_link_names_an_example(chapter: Path):
    text = chapter.read_text(encoding="utf-8")
    missing = sorted(
        f"gallery/{era}/{name}"
        for era, name in GALLERY_REF.findall(text)
        if not (ROOT / "gallery" / era / name).is_file()
    )
    assert not missing, f"{chapter.name} links gallery examples that do not exist: {missing}"


def test_claim_keys_are_unique_in_the_book():
    keys = [keyword(call, "key") for chapter in CHAPTERS for call in claim_calls(chapter)]
    gallery = (ROOT / "gallery").rglob("*.py")
    keys += [k for p in gallery for k in re.findall(r'key="([^"]+)"', p.read_text("utf-8"))]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"claim keys used twice: {duplicates}"


@pytest.mark.parametrize("page", [*CHAPTERS, DOCS / "timeline.md"], ids=lambda p: p.stem)
def test_pages_speak_of_the_history_not_the_machine(page: Path):
    text = page.read_text(encoding="utf-8")
    found = [
        f"{page.name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)!r}"
        for phrase in MACHINE_PHRASES
        for m in re.finditer(phrase, text, flags=re.IGNORECASE)
    ]
    assert not found, "state limits as conditions of the experiment:\n" + "\n".join(found)


def test_the_checks_catch_what_they_look_for(tmp_path: Path):
    page = tmp_path / "x.md"
    page.write_text(
        "We have no ImageNet. {glue:text}`b:.1f`\n"
        "```{code-cell} ipython3\nnet = MLP(2, [3], 1)\nglue('a', 1)\nassert net\n```\n"
        "```{code-cell} ipython3\n:tags: [remove-cell]\nglue('a', 1)\n```\n"
        "```{code-cell} ipython3\nx = 1\n```\n",
        encoding="utf-8",
    )
    chapter_cells = cells(page)
    assert [c.removed for c in chapter_cells] == [False, True, False]
    assert chapter_cells[1].code == "glue('a', 1)"
    assert chapter_cells[1].line == 9
    assert [name for name, _ in calls(chapter_cells[0])] == ["MLP", "glue"]
    assert not any(p.fullmatch("b") for p in glued_patterns(page))
    with pytest.raises(AssertionError, match="removed cell must be the last"):
        test_at_most_one_removed_cell_and_it_is_last(page)
    with pytest.raises(AssertionError, match="calls glue"):
        test_visible_cells_hold_no_glue_or_assert(page)
    with pytest.raises(AssertionError, match="without seed="):
        test_every_model_gets_a_seed(page)
    with pytest.raises(AssertionError, match="We have no ImageNet"):
        test_pages_speak_of_the_history_not_the_machine(page)
