"""A historical claim tested by a re-run: what was claimed, by whom, the paper's number, the
numbers measured here, and the rule, written as code, that decides between them.

::

    claim = Claim(
        key="relu-vs-tanh-epochs", era="imagenet", source="krizhevsky2012",
        claim="A four-layer CNN with ReLUs reaches 25% training error faster than with tanh",
        paper="six times fewer epochs to 25% training error (CIFAR-10, Figure 1)",
    )
    result = claim.decide(
        {"tanh epochs": 14, "ReLU epochs": 4},
        ratio_at_least("tanh epochs", "ReLU epochs", 2, says="ReLU needed {:.1f}x fewer epochs"),
    )
    result  # the last line of a cell: the page shows the claim card

A result's verdict is one of :data:`VERDICTS`. It renders as a card (``<div class="claim-card"
data-verdict="...">``, which the book's scoreboard collects) and its
:attr:`ClaimResult.sentence` is the verdict in words for a page to print, so no prose can
disagree with the numbers. A claim whose experiment could not run in this build is
:meth:`Claim.untested`: nothing asserts a measurement that did not happen. When
``DLBOOK_CLAIMS_DIR`` is set, every decided claim is also written to ``<dir>/<key>.json``.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Integral
from pathlib import Path

from dlbook import scale
from dlbook._checks import check_float
from dlbook.claims.rules import (
    Formats,
    Rule,
    all_of,
    at_least,
    at_most,
    ratio_at_least,
    ratio_at_most,
    rule,
)
from dlbook.device import describe

#: The four verdicts, as ``data-verdict`` spells them.
VERDICTS = ("reproduced", "partly", "not-reproduced", "untested")
#: The verdicts in words, as a card and a sentence say them.
VERDICT_WORDS = {
    "reproduced": "reproduced",
    "partly": "partly reproduced",
    "not-reproduced": "not reproduced",
    "untested": "untested",
}
ENV_VAR = "DLBOOK_CLAIMS_DIR"
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_BIBKEY = re.compile(r"[A-Za-z][\w:.-]*")

__all__ = [
    "VERDICTS",
    "Claim",
    "ClaimResult",
    "Rule",
    "all_of",
    "at_least",
    "at_most",
    "ratio_at_least",
    "ratio_at_most",
    "rule",
]


@dataclass(frozen=True)
class Claim:
    """A claim from the history.

    ``key`` names it in the book (letters, digits, ``-_.``; unique), ``claim`` says it in
    words, ``source`` is its key in docs/references.bib, ``era`` the gallery era it belongs to,
    ``paper`` the paper's number as stated, ``page`` the page that tests it (inferred for a
    gallery script; a chapter gives its document name, e.g. ``"chapters/imagenet"``), ``cite``
    how the source is shown (default: the key).
    """

    key: str
    claim: str
    source: str
    era: str
    paper: str
    page: str | None = None
    cite: str | None = None

    def __post_init__(self):
        for name in ("key", "claim", "source", "era", "paper"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"Claim.{name} must be a non-empty string, got {value!r}")
        if not _KEY.fullmatch(self.key):
            raise ValueError(
                f"Claim.key {self.key!r} may hold only letters, digits, '-', '_' and '.' (it "
                "names the claim's record file), e.g. 'relu-vs-tanh-epochs'"
            )
        if not _BIBKEY.fullmatch(self.source):
            raise ValueError(f"Claim.source {self.source!r} is not a BibTeX key like 'lecun1998'")

    def decide(
        self,
        measured: Mapping[str, float],
        rule: Rule,
        *,
        formats: Mapping[str, str] | None = None,
        device: str | None = None,
    ) -> ClaimResult:
        """Decide the claim from the ``measured`` numbers (name -> number) by ``rule``.

        ``formats`` gives a display format per name (``{"test error": ".1%"}``); ``device``
        says where the numbers were measured (default: :func:`dlbook.device.describe`).
        """
        if not isinstance(rule, Rule):
            raise TypeError(
                f"rule must be a Rule such as at_least(...) or rule(text, function), got {rule!r}"
            )
        if not isinstance(measured, Mapping) or not measured:
            raise ValueError(
                f"measured must be a non-empty dict of name -> number, got {measured!r}"
            )
        numbers = {}
        for name, value in measured.items():
            check_float(value, f"measured[{name!r}]", minimum=-math.inf)
            numbers[str(name)] = int(value) if isinstance(value, Integral) else float(value)
        fmt = Formats(formats)
        unknown = sorted(set(fmt.specs) - set(numbers))
        if unknown:
            raise ValueError(f"formats names {unknown}, which were not measured: {list(numbers)}")
        verdict, said = rule.judge(numbers, fmt)
        text = rule.text(fmt)
        return self._result(
            measured=numbers,
            measured_text={n: fmt(n, v) for n, v in numbers.items()},
            rule=text,
            verdict=verdict,
            reason=f"{said} (rule: {text})",
            device=device,
        )

    def untested(self, reason: str, measures: str, *, device: str | None = None) -> ClaimResult:
        """The claim's experiment could not run in this build: ``reason`` says why (e.g. "this
        build has no GPU"), ``measures`` what a build that can run it measures."""
        for name, text in (("reason", reason), ("measures", measures)):
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"untested() needs {name} in words, got {text!r}")
        return self._result(
            measured={}, measured_text={}, rule="", verdict="untested",
            reason=reason.strip().rstrip("."), device=device, measures=measures.strip().rstrip("."),
        )  # fmt: skip

    def _result(self, *, device, **fields) -> ClaimResult:
        result = ClaimResult(
            claim=self, scale=scale.current(), device=device or describe(), **fields
        )
        _record(result)
        return result


@dataclass(frozen=True)
class ClaimResult:
    """A decided claim: the numbers, the rule, the verdict and its reason, scale and device.

    A page shows it as a card (``_repr_html_``), a terminal as plain text (``str``).
    """

    claim: Claim
    measured: dict[str, float]
    measured_text: dict[str, str]
    rule: str
    verdict: str
    reason: str
    scale: str
    device: str
    measures: str | None = None

    @property
    def verdict_word(self) -> str:
        """The verdict as a card says it ("partly reproduced" for ``partly``, and so on)."""
        return VERDICT_WORDS[self.verdict]

    @property
    def sentence(self) -> str:
        """The verdict and its reason in one sentence, for a page to print."""
        if self.verdict == "untested":
            return f"Untested: {self.reason}; a build that can run it measures {self.measures}."
        return f"{self.verdict_word.capitalize()}: {self.reason}."

    def text(self, name: str) -> str:
        """A measured number as the card shows it, for a sentence on the page."""
        if name not in self.measured_text:
            raise KeyError(
                f"{name!r} was not measured; the measured numbers are {list(self.measured)}"
            )
        return self.measured_text[name]

    def record(self) -> dict:
        """Every field the scoreboard lists, ready for JSON."""
        c = self.claim
        return {
            "key": c.key, "claim": c.claim, "source": c.source, "cite": c.cite, "era": c.era,
            "paper": c.paper, "page": c.page or _script_page(), "measured": self.measured,
            "measured_text": self.measured_text, "rule": self.rule, "verdict": self.verdict,
            "reason": self.reason, "sentence": self.sentence, "measures": self.measures,
            "scale": self.scale, "device": self.device,
        }  # fmt: skip

    def _rows(self) -> list[tuple[str, str]]:
        c = self.claim
        rows = [("Source", c.cite or c.source), ("The paper", c.paper)]
        if self.verdict == "untested":
            rows.append(("Measured", f"nothing: {self.reason}"))
            rows.append(("A build that runs it measures", self.measures))
        else:
            measured = "; ".join(f"{n} = {t}" for n, t in self.measured_text.items())
            rows += [("Measured", measured), ("Rule", self.rule), ("Verdict", self.reason)]
        rows.append(("Run", f"{self.scale} scale, on {self.device}"))
        return rows

    def _repr_html_(self) -> str:
        e = html.escape  # quotes too: the record travels in an attribute
        items = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in self._rows())
        return (
            f'<div class="claim-card" data-verdict="{self.verdict}" '
            f'data-claim="{e(json.dumps(self.record(), sort_keys=True))}">'
            f'<p class="claim-card-head"><span class="claim-card-verdict">'
            f"{e(self.verdict_word.capitalize())}</span> "
            f'<span class="claim-card-claim">{e(self.claim.claim)}</span></p>'
            f"<dl>{items}</dl></div>"
        )

    def __str__(self) -> str:
        lines = [f"Claim, {self.verdict_word.upper()}: {self.claim.claim}"]
        return "\n".join(lines + [f"  {k}: {v}" for k, v in self._rows()])

    __repr__ = __str__


def _script_page() -> str | None:
    """The running gallery script's path inside the gallery (``era/plot_x.py``), else None.

    sphinx-gallery gives an example no ``__file__`` but sets ``sys.argv[0]`` to its path; the
    gallery is the outermost run of folders that hold a ``README.rst`` or ``README.txt``.
    """
    path = getattr(sys.modules.get("__main__"), "__file__", None) or (sys.argv or [""])[0]
    if not path or not str(path).endswith(".py"):
        return None
    script = Path(path).resolve()

    def has_readme(folder: Path) -> bool:
        return (folder / "README.rst").exists() or (folder / "README.txt").exists()

    root = script.parent
    if not has_readme(root):
        return None
    while root.parent != root and has_readme(root.parent):
        root = root.parent
    return script.relative_to(root).as_posix()


def _record(result: ClaimResult) -> None:
    """Write the result to ``$DLBOOK_CLAIMS_DIR/<key>.json`` (atomically), if that is set."""
    folder = os.environ.get(ENV_VAR, "").strip()
    if not folder:
        return
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result.record(), indent=1, sort_keys=True) + "\n"
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False
    ) as f:
        f.write(text)
    Path(f.name).replace(folder / f"{result.claim.key}.json")
