"""The one setting that chooses how big the book's experiments are: ``DLBOOK_SCALE``.

- ``book`` (the default): every experiment fits the budget of a 2-core CPU (a subset of the
  data, few epochs and seeds), so the whole book builds in minutes on a laptop or CI machine.
- ``paper``: all the data, more epochs and seeds, closer to the paper's protocol; meant for a
  GPU runner (``DLBOOK_SCALE=paper nox -s docs``).

An experiment states both sizes in one place and reads the one for this run::

    n_train = dlbook.scale.pick(book=10_000, paper=60_000)
"""

from __future__ import annotations

import os

ENV_VAR = "DLBOOK_SCALE"
SCALES = ("book", "paper")
DEFAULT = "book"


def current() -> str:
    """The scale of this run, ``"book"`` or ``"paper"``, from ``DLBOOK_SCALE`` (default book).

    Case and surrounding spaces are ignored; any other value raises a ``ValueError`` that names
    the two scales.
    """
    text = os.environ.get(ENV_VAR, "").strip().lower()
    if not text:
        return DEFAULT
    if text not in SCALES:
        raise ValueError(
            f"{ENV_VAR}={os.environ[ENV_VAR]!r} is not a scale; set it to 'book' (fits a "
            "2-core CPU, the default) or 'paper' (all the data, more epochs and seeds: for a "
            "GPU), or leave it unset"
        )
    return text


def pick(*, book, paper):
    """Return ``book`` or ``paper``, whichever the current scale names."""
    return book if current() == "book" else paper
