"""The kinds of record the timeline holds: events, ILSVRC results, single measurements."""

from __future__ import annotations

from dataclasses import dataclass

from dlbook._checks import check_int


@dataclass(frozen=True)
class Event:
    """One event of the timeline.

    Parameters
    ----------
    year:
        The year the book dates the event (see the module docstring).
    title:
        A short name, fit for a timeline label ("Perceptron", "AlexNet").
    people:
        The people the event is credited to, as written in the source.
    summary:
        One or two sentences saying what happened and why it matters to the story.
    source:
        BibTeX key of the source in ``docs/references.bib``.
    """

    year: int
    title: str
    people: tuple[str, ...]
    summary: str
    source: str

    def __post_init__(self):
        check_int(self.year, "Event.year")
        if isinstance(self.people, str):
            raise TypeError(
                f"Event.people must be a tuple of names, got the string {self.people!r}; "
                "write ('Name',) for a single person"
            )
        object.__setattr__(self, "people", tuple(self.people))  # lists become tuples


@dataclass(frozen=True)
class ILSVRCResult:
    """The winning entry of one year's ILSVRC image-classification task.

    Parameters
    ----------
    year:
        Year of the challenge.
    team:
        Team name as on the official results page.
    model:
        What the entry was, in a few words.
    top5_error:
        Top-5 test error in percent of the best entry trained on the provided data only.
    source:
        BibTeX key of the official results page (``ilsvrcYEAR``).
    note:
        Caveats worth knowing before quoting the number.
    extra_data_top5_error:
        Top-5 error in percent of the team's entry that also used outside training data,
        where that entry did better; ``None`` otherwise.
    paper:
        BibTeX key of the paper describing the entry, or ``None`` when there is none.
    """

    year: int
    team: str
    model: str
    top5_error: float
    source: str
    note: str = ""
    extra_data_top5_error: float | None = None
    paper: str | None = None


@dataclass(frozen=True)
class Measurement:
    """A single number with its source; ``float(m)`` gives the value."""

    value: float
    unit: str
    source: str
    note: str = ""

    def __float__(self) -> float:
        return float(self.value)

    def __repr__(self) -> str:
        return f"Measurement({self.value:g} {self.unit}, source={self.source!r})"


@dataclass(frozen=True)
class ImageNetClaim:
    """A reported ImageNet accuracy with its source and whether we could check it.

    ``status`` is ``"verified"`` when the numbers were checked against the cited source and
    ``"unverified"`` otherwise.
    """

    top1_accuracy: float
    top5_accuracy: float
    model: str
    year: int
    source: str
    status: str
    note: str = ""
