"""The reproduction scoreboard: the ``claim-scoreboard`` directive lists every claim card of
the book (:mod:`dlbook.claims`) with its verdict and a link to the page that re-runs it.

A card carries its record (``data-claim``). Each page's cards are collected as it is read (a
cached page keeps its outputs, so its cards too), so the table lists what the pages show, and a
page that is gone takes its claims with it. The scoreboard page is re-read on every build and
filled in after all pages are read. A claim whose source is not in the bibliography warns.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

from dlbook_sphinx import GALLERY_ORDER
from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dlbook.claims import VERDICT_WORDS, VERDICTS

_RECORD = re.compile(r'<div class="claim-card"[^>]*\sdata-claim="([^"]*)"')
HEADER = ["era", "claim", "source", "the paper", "measured", "scale", "device", "verdict", "page"]
logger = logging.getLogger(__name__)


def claims_in_html(text: str) -> list[dict]:
    """The records of the claim cards in a piece of HTML."""
    return [json.loads(html.unescape(m)) for m in _RECORD.findall(text)]


def scoreboard_rows(claims: dict[str, list[dict]]) -> list[tuple[list[str], str, str]]:
    """``(cells, verdict, docname)`` per claim, by era in the story's order, then by key."""
    eras = [*GALLERY_ORDER]
    found = sorted(
        ((r, doc) for doc, records in claims.items() for r in records),
        key=lambda rd: (eras.index(rd[0]["era"]) if rd[0]["era"] in eras else len(eras),
                        rd[0]["era"], rd[0]["key"]),
    )  # fmt: skip
    rows = []
    for r, doc in found:
        measured = "; ".join(f"{n} = {t}" for n, t in r["measured_text"].items())
        cells = [r["era"], r["claim"], r["cite"] or r["source"], r["paper"],
                 measured or f"nothing: {r['reason']}", r["scale"], r["device"]]  # fmt: skip
        rows.append((cells, r["verdict"], doc))
    return rows


def summary(claims: dict[str, list[dict]]) -> str:
    """``'7 claims: 3 reproduced, ..., 2 untested; at book scale.'``"""
    records = [r for rs in claims.values() for r in rs]
    if not records:
        return "No claim was decided in this build: its pages were not executed."
    verdicts, scales = Counter(r["verdict"] for r in records), Counter(r["scale"] for r in records)
    counts = ", ".join(f"{verdicts[v]} {VERDICT_WORDS[v]}" for v in VERDICTS)
    at = " and ".join(
        f"{s} scale" + f" ({n})" * (len(scales) > 1) for s, n in sorted(scales.items())
    )
    return f"{len(records)} claim{'s' * (len(records) != 1)}: {counts}; at {at}."


class claim_scoreboard(nodes.General, nodes.Element):  # docutils names nodes in lower case
    """Placeholder for the scoreboard, filled in once every page has been read."""


class ScoreboardDirective(SphinxDirective):
    """``claim-scoreboard``: every claim card of the book in one table."""

    def run(self):
        self.env.note_reread()  # re-read on every build, to list that build's claims
        return [claim_scoreboard()]


def unknown_sources(records: list[dict], bib: str) -> list[dict]:
    """The records whose ``source`` is no entry of the BibTeX text ``bib``."""
    return [r for r in records if not re.search(rf"@\w+\{{\s*{re.escape(r['source'])}\s*,", bib)]


def _collect(app, doctree):
    env, raws = app.env, [n for n in doctree.findall(nodes.raw) if "html" in n["format"]]
    records = {r["key"]: r for node in raws for r in claims_in_html(node.astext())}
    if not records:
        return
    env.dlbook_claims = {**getattr(env, "dlbook_claims", {}), env.docname: [*records.values()]}
    bibs = getattr(app.config, "bibtex_bibfiles", None) or []  # sphinxcontrib-bibtex's setting
    bib = "".join(Path(app.confdir, f).read_text(encoding="utf-8") for f in bibs)
    for r in unknown_sources([*records.values()], bib) if bibs else []:
        logger.warning(f"claim {r['key']!r}: {r['source']!r} is not in the bibliography",
                       location=env.docname)  # fmt: skip


def _purge(app, env, docname):
    getattr(env, "dlbook_claims", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    env.dlbook_claims = {**getattr(env, "dlbook_claims", {}), **getattr(other, "dlbook_claims", {})}


def _entry(child, classes=()):
    return nodes.entry("", nodes.paragraph("", "", child), classes=[*classes])


def _fill(app, doctree, docname):
    claims, env = getattr(app.env, "dlbook_claims", {}), app.env
    for node in doctree.findall(claim_scoreboard):
        rows = scoreboard_rows(claims)
        body = nodes.tbody()
        for cells, verdict, doc in rows:
            title = env.titles[doc].astext() if doc in env.titles else doc
            uri = app.builder.get_relative_uri(docname, doc)
            link = nodes.reference("", title, internal=True, refuri=uri)
            mark = ["claim-verdict", f"claim-verdict-{verdict}"]
            body += nodes.row("", *[_entry(nodes.Text(c)) for c in cells],
                              _entry(nodes.Text(VERDICT_WORDS[verdict]), mark), _entry(link))  # fmt: skip
        head = nodes.thead("", nodes.row("", *[_entry(nodes.Text(h)) for h in HEADER]))
        group = nodes.tgroup("", *[nodes.colspec(colwidth=1) for _ in HEADER], head, body)
        group["cols"] = len(HEADER)
        table = [nodes.table("", group, classes=["claim-scoreboard"])] if rows else []
        node.replace_self([nodes.paragraph(text=summary(claims)), *table])


def setup(app):
    app.add_node(claim_scoreboard)
    app.add_directive("claim-scoreboard", ScoreboardDirective)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _fill)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
