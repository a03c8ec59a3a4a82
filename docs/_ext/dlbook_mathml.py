"""Formulas written as MathML when the site is built: no script renders them in the browser.

Registers the ``mathml`` HTML math renderer (``html_math_renderer = "mathml"``). Each formula
goes through docutils' own LaTeX-to-MathML converter (``docutils.utils.math.latex2mathml``,
what docutils' ``--math-output=MathML`` uses), and the page carries the result: browsers draw
MathML Core themselves (Chromium since 109, Firefox, Safari), screen readers read it, and a
page with formulas loads nothing more than one without (MathJax cost a phone half a second of
blocking script on each page with math, issue 15).

The converter knows most of what MathJax knows, not all: a few everyday spellings it lacks
are rewritten first (:func:`normalize`). A formula it still cannot convert is a warning with
its page and line (an error in the strict build) that says which command failed.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.utils.math import MathError, latex2mathml, unichar2tex

RENDERER = "mathml"
HELP = "https://docutils.sourceforge.io/docs/ref/rst/mathematics.html"

#: Spellings MathJax and LaTeX accept that docutils' converter (0.22) rejects, and what it
#: accepts instead: ``\tfrac14`` (one-token arguments), ``\dots``, and ``\big(`` without its
#: side (``\bigl(``, ``\bigr)``).
_ONE_TOKEN_FRAC = re.compile(r"\\([dt]?frac)\s*([0-9a-zA-Z])\s*([0-9a-zA-Z])")
_SIZED = re.compile(r"\\(big|Big|bigg|Bigg)(?![a-zA-Z])\s*(\\[{}]|\\[lr]?[a-zA-Z]+|[()\[\]|./])")
_OPENING = ("(", "[", r"\{", r"\langle", r"\lvert", r"\lVert", r"\lfloor", r"\lceil")


def _sized(match: re.Match) -> str:
    size, delimiter = match.groups()
    side = "l" if delimiter in _OPENING else "r"
    return f"\\{size}{side}{delimiter}"


def normalize(tex: str) -> str:
    r"""The formula with the spellings docutils' converter lacks rewritten to ones it knows.

    >>> normalize(r"\sigma' \le \tfrac14, \quad \big(x\big), \quad 0, \dots, 7")
    "\\sigma' \\le \\tfrac{1}{4}, \\quad \\bigl(x\\bigr), \\quad 0, \\ldots, 7"
    """
    tex = _ONE_TOKEN_FRAC.sub(r"\\\1{\2}{\3}", tex)
    tex = _SIZED.sub(_sized, tex)
    return re.sub(r"\\dots(?![a-zA-Z])", r"\\ldots", tex)


def to_mathml(tex: str, *, block: bool = False) -> str:
    """A ``<math>`` element for ``tex`` (display style when ``block``). Several formulas
    separated by blank lines, as Sphinx allows in a display, are set one per line.
    Raises :class:`docutils.utils.math.MathError` naming what the converter did not know."""
    parts = [p for p in tex.split("\n\n") if p.strip()] if block else [tex]
    code = normalize(r" \\ ".join(parts)).translate(unichar2tex.uni2tex_table)
    # without the indentation docutils adds to pretty-print it (MathML ignores it)
    return re.sub(r">\n\s*<", "><", latex2mathml.tex2mathml(code, as_block=block))


def _converted(node) -> str | None:
    try:
        return to_mathml(node.astext(), block=isinstance(node, nodes.math_block))
    except MathError as err:
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            f"formula cannot be written as MathML ({err}): {node.astext()!r}. Use the LaTeX "
            f"commands docutils knows ({HELP}).",
            location=node,
            type="dlbook",
            subtype="mathml",
        )
        return None


def visit_math(self, node: nodes.math) -> None:
    mathml = _converted(node)
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(mathml if mathml is not None else f"<code>{self.encode(node.astext())}</code>")
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    from sphinx.locale import _
    from sphinx.util.math import get_node_equation_number

    mathml = _converted(node)
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(mathml if mathml is not None else f"<pre>{self.encode(node.astext())}</pre>")
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_displaymath, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
