"""Read what a built gallery page shows: its outputs, as text, and its figures.

sphinx-gallery writes each example's page as reStructuredText under ``docs/auto_examples``:
printed output in ``.. code-block:: none`` blocks (class ``sphx-glr-script-out``), a cell's
last expression as ``.. raw:: html`` (a table or a claim card), figures as ``image-sg``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GALLERY = ROOT / "gallery"
PAGES = ROOT / "docs" / "auto_examples"
SCRIPTS = sorted(GALLERY.rglob("plot_*.py"))

#: A number as pages print them: 12, -0.5, 1,347, 3e-05, 91.3%.
NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?%?")
#: A unit that marks a number as a time or a rate measured on the machine (not compared).
TIMING_UNIT = re.compile(r"\s?(?:s|ms|µs|min|s/epoch|images/s|GFLOP/s|x)(?![\w])")


def measured_numbers(text: str) -> list[str]:
    """Every number in ``text`` in order, except times and speed-ups (a number directly
    followed by s, ms, s/epoch, images/s, GFLOP/s or x)."""
    kept = []
    for match in NUMBER.finditer(text):
        if TIMING_UNIT.match(text, match.end()):
            continue
        kept.append(match.group().replace(",", ""))
    return kept


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_text(html: str) -> str:
    """The text a reader sees in ``html`` (tags and attributes dropped)."""
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _indented_block(lines: list[str], start: int) -> tuple[list[str], int]:
    """The indented lines after ``lines[start]`` (a directive), dedented; and the next index."""
    i, block = start + 1, []
    while i < len(lines) and (not lines[i].strip() or lines[i].startswith(" ")):
        block.append(lines[i])
        i += 1
    text = [ln for ln in block if ln.strip()]
    indent = min((len(ln) - len(ln.lstrip()) for ln in text), default=0)
    return [ln[indent:] for ln in block], i


def page_outputs(rst: str) -> str:
    """Everything the page shows as the script's output, in order, as plain text."""
    lines = rst.splitlines()
    out, i, in_output = [], 0, False
    while i < len(lines):
        line = lines[i]
        if line.startswith(".. rst-class:: sphx-glr-script-out"):
            in_output = True
        elif in_output and line.strip() == ".. code-block:: none":
            block, i = _indented_block(lines, i)
            out.append("\n".join(block))
            in_output = False
            continue
        elif line.startswith(".. raw:: html"):
            block, i = _indented_block(lines, i)
            html = "\n".join(block)
            if "output_html" in html or "claim-card" in html:
                out.append(html_text(html))
            continue
        i += 1
    return "\n".join(out)


def page_figures(rst: str) -> int:
    """How many figures the page shows (sphinx-gallery's ``image-sg`` directives, thumbnails
    of the gallery index aside)."""
    return len(re.findall(r"^\s*\.\. image-sg:: ", rst, re.MULTILINE))
