"""The rules that decide a claim, written as code: a measured number or a ratio of two against
a threshold, several parts at once, or any function of the numbers.

A rule's ``judge(measured, formats)`` returns ``(verdict, said)``: the verdict and the measured
quantity in words, generated from the numbers ("ReLU needed 3.5x fewer epochs"); its
``text(formats)`` says the rule itself (``tanh epochs / ReLU epochs >= 2.00x``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from dlbook._checks import check_float

#: The verdicts a rule can reach (a fourth, ``untested``, is for experiments that did not run).
DECIDED = ("reproduced", "partly", "not-reproduced")


class Formats:
    """How each measured number is shown: a format spec per name (``".1%"``, ``"d"``), or a
    template with a unit (``"{:.2f} s/epoch"``, ``"{:.1f}x"``)."""

    def __init__(self, specs: Mapping[str, str] | None = None):
        self.specs = dict(specs or {})

    def __call__(self, name: str, value: float) -> str:
        spec = self.specs.get(name)
        if spec is None:
            return str(value) if isinstance(value, int) else format(value, ".4g")
        try:
            return spec.format(value) if "{" in spec else format(value, spec)
        except (ValueError, TypeError, IndexError, KeyError) as err:
            raise ValueError(f"formats[{name!r}]={spec!r} cannot show {value!r}: {err}") from err


class Rule:
    """A rule that decides a claim from measured numbers (see the module's docstring)."""

    def text(self, formats: Formats) -> str:
        raise NotImplementedError

    def judge(self, measured: Mapping[str, float], formats: Formats) -> tuple[str, str]:
        raise NotImplementedError


class _Compare(Rule):
    """A measured number, or the ratio of two, against a threshold (``>=`` or ``<=``)."""

    def __init__(self, names: str | tuple[str, str], op: str, threshold, *, partly, says):
        self.names, self.op = names, op
        self.threshold = check_float(threshold, "threshold", minimum=-math.inf)
        self.partly = None if partly is None else check_float(partly, "partly", minimum=-math.inf)
        if self.partly is not None and not self._passes(self.threshold, self.partly):
            side = "below" if op == ">=" else "above"
            raise ValueError(
                f"partly={partly} must lie {side} the threshold {threshold}: a number between "
                "the two partly reproduces the claim"
            )
        if says is not None and not isinstance(says, str):
            raise TypeError("says must be a format string such as 'ReLU was {:.1f}x faster'")
        self.says = says

    def _passes(self, value, bound):
        return value >= bound if self.op == ">=" else value <= bound

    def _show(self, value, formats):
        if isinstance(self.names, str):
            return formats(self.names, value)
        return f"{value:.2f}x"

    def _quantity(self):
        return self.names if isinstance(self.names, str) else " / ".join(self.names)

    def _bound(self, value, formats):
        return formats(self.names, value) if isinstance(self.names, str) else f"{value:g}x"

    def text(self, formats):
        said = f"{self._quantity()} {self.op} {self._bound(self.threshold, formats)}"
        if self.partly is not None:
            said += f"; partly: {self.op} {self._bound(self.partly, formats)}"
        return said

    def judge(self, measured, formats):
        names = (self.names,) if isinstance(self.names, str) else self.names
        missing = [n for n in names if n not in measured]
        if missing:
            raise KeyError(
                f"the rule uses {missing}, but the measured numbers are {list(measured)}"
            )
        if isinstance(self.names, str):
            value = measured[self.names]
        else:
            top, bottom = (measured[n] for n in self.names)
            if bottom == 0:
                raise ValueError(f"the rule divides by {self.names[1]!r}, which measured 0")
            value = top / bottom
        if self._passes(value, self.threshold):
            verdict = "reproduced"
        elif self.partly is not None and self._passes(value, self.partly):
            verdict = "partly"
        else:
            verdict = "not-reproduced"
        if self.says:
            return verdict, self.says.format(value)
        return verdict, f"{self._quantity()} = {self._show(value, formats)}"


def at_least(name: str, threshold: float, *, partly: float | None = None, says=None) -> Rule:
    """Reproduced when ``measured[name] >= threshold``; partly when ``>= partly``.

    ``says`` words the number for the reason, e.g. ``"test accuracy {:.1%}"``.
    """
    return _Compare(name, ">=", threshold, partly=partly, says=says)


def at_most(name: str, threshold: float, *, partly: float | None = None, says=None) -> Rule:
    """Reproduced when ``measured[name] <= threshold``; partly when ``<= partly``."""
    return _Compare(name, "<=", threshold, partly=partly, says=says)


def ratio_at_least(a: str, b: str, ratio: float, *, partly=None, says=None) -> Rule:
    """Reproduced when ``measured[a] / measured[b] >= ratio``; partly when ``>= partly``."""
    return _Compare((a, b), ">=", ratio, partly=partly, says=says)


def ratio_at_most(a: str, b: str, ratio: float, *, partly=None, says=None) -> Rule:
    """Reproduced when ``measured[a] / measured[b] <= ratio``; partly when ``<= partly``."""
    return _Compare((a, b), "<=", ratio, partly=partly, says=says)


class _AllOf(Rule):
    def __init__(self, rules):
        if not rules or not all(isinstance(r, Rule) for r in rules):
            raise TypeError("all_of takes one or more rules, such as at_least(...)")
        self.rules = rules

    def text(self, formats):
        return " and ".join(r.text(formats) for r in self.rules)

    def judge(self, measured, formats):
        verdicts, said = zip(*(r.judge(measured, formats) for r in self.rules), strict=True)
        if len(set(verdicts)) == 1 and verdicts[0] != "partly":
            return verdicts[0], "; ".join(said)
        return "partly", "; ".join(said)


def all_of(*rules: Rule) -> Rule:
    """A claim in several parts: reproduced if every rule is, not reproduced if none is,
    otherwise partly reproduced."""
    return _AllOf(rules)


class _Custom(Rule):
    def __init__(self, text, decide):
        if not isinstance(text, str) or not text.strip():
            raise ValueError("give the rule's text, e.g. rule('tanh epochs >= 2 * ReLU epochs', f)")
        if not callable(decide):
            raise TypeError(f"rule(text, decide): decide must be a function, got {decide!r}")
        self._text, self.decide = text.strip(), decide

    def text(self, formats):
        return self._text

    def judge(self, measured, formats):
        out = self.decide(measured)
        verdict, said = out if isinstance(out, tuple) else (out, None)
        if verdict not in DECIDED:
            raise ValueError(
                f"a rule returns one of {list(DECIDED)}, got {verdict!r} (a claim whose "
                "experiment could not run is claim.untested(...), not a rule's verdict)"
            )
        return verdict, said or "; ".join(f"{n} = {formats(n, v)}" for n, v in measured.items())


def rule(text: str, decide: Callable[[Mapping[str, float]], str | tuple[str, str]]) -> Rule:
    """A rule written as a function of the measured numbers that returns a verdict, or
    ``(verdict, said)`` with the numbers in words; ``text`` says the rule to a reader."""
    return _Custom(text, decide)
