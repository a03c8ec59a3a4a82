"""The history the book tells, as data: a timeline of events and the ILSVRC results by year.

Every record carries ``source``, a BibTeX key in ``docs/references.bib``, so a chapter can cite
what it plots (``{cite:p}`` with the same key) and a test can check that every key exists.

Two conventions to know when reading the numbers:

* ``Event.year`` is the year the book dates the event: the year of publication, or, for an
  ILSVRC entry, the year of the challenge. The paper describing a winning entry often appeared
  the next year (GoogLeNet won ILSVRC 2014 and was published at CVPR 2015), so ``year`` can be
  one less than the year in the ``source`` key.
* ``ILSVRCResult.top5_error`` is the classification top-5 error, in percent, on the challenge's
  test set, of the best entry trained only on the provided ILSVRC training data: the number
  Russakovsky et al. (2015) tabulate. Entries that also used outside data (the rest of ImageNet)
  are kept in ``extra_data_top5_error``; that is where AlexNet's famous 15.3% lives.

The data live in a small package: ``records`` (the kinds of record), ``events_to_2001`` and
``events_from_2006`` (the timeline), ``ilsvrc`` (the challenge results); every name is
importable from ``dlbook.timeline``.
"""

from __future__ import annotations

from dlbook._checks import check_int
from dlbook.timeline import events_from_2006, events_to_2001
from dlbook.timeline.ilsvrc import HUMAN_TOP5_ERROR, ILSVRC, RECENT_IMAGENET, ilsvrc_top5
from dlbook.timeline.records import Event, ILSVRCResult, ImageNetClaim, Measurement

__all__ = [
    "HUMAN_TOP5_ERROR",
    "RECENT_IMAGENET",
    "Event",
    "ILSVRCResult",
    "ImageNetClaim",
    "Measurement",
    "cited_keys",
    "ilsvrc_top5",
    "timeline",
]

#: Every event, in the order the story tells them.
EVENTS: tuple[Event, ...] = events_to_2001.EVENTS + events_from_2006.EVENTS


def timeline(start: int | None = None, end: int | None = None) -> list[Event]:
    """The events of the book, sorted by year (ties keep the order the story tells them).

    Parameters
    ----------
    start, end:
        Keep only events with ``start <= year <= end``; either may be ``None`` (no bound).

    Returns
    -------
    list of Event
        A new list each call; the events themselves are immutable.
    """
    for name, bound in (("start", start), ("end", end)):
        if bound is not None:
            check_int(bound, f"{name} (a year or None)")
    if start is not None and end is not None and start > end:
        raise ValueError(f"start ({start}) is after end ({end}); no event can match")
    events = sorted(EVENTS, key=lambda e: e.year)  # stable: ties keep the story's order
    return [
        e for e in events if (start is None or e.year >= start) and (end is None or e.year <= end)
    ]


def cited_keys() -> tuple[str, ...]:
    """Every BibTeX key the data of this module cites, sorted and without repeats."""
    keys = {e.source for e in EVENTS}
    for r in ILSVRC:
        keys.add(r.source)
        if r.paper is not None:
            keys.add(r.paper)
    keys.add(HUMAN_TOP5_ERROR.source)
    keys.add(RECENT_IMAGENET.source)
    keys.add("karpathy2014")  # cited in HUMAN_TOP5_ERROR.note
    return tuple(sorted(keys))
