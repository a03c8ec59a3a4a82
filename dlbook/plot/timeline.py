"""Figures of the history itself: the timeline of events and the ILSVRC results by year."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from dlbook.plot.style import CLASS_COLORS, _new_ax
from dlbook.timeline import HUMAN_TOP5_ERROR, ilsvrc_top5

__all__ = ["plot_ilsvrc", "plot_timeline"]


def _credit(people) -> str:
    """'Rosenblatt', 'McCulloch & Pitts', 'Rumelhart, Hinton & Williams' or 'LeCun et al.'."""
    names = [p for p in people if p.strip() and p.strip() != "et al."]
    surnames = [p.split()[-1] for p in names]
    if not surnames:
        return ""
    if len(surnames) > 3 or len(names) < len(people):
        return f"{surnames[0]} et al."
    if len(surnames) == 1:
        return surnames[0]
    return ", ".join(surnames[:-1]) + " & " + surnames[-1]


def plot_timeline(events, ax=None, *, fontsize: float = 8, color: str | None = None):
    """Draw events as a timeline: one row per event, a dot at its year and a label beside it.

    Parameters
    ----------
    events:
        ``Event`` objects from ``dlbook.timeline.timeline()`` (anything with ``year``,
        ``title`` and ``people``); they are drawn in order of year.
    ax:
        Axes to draw on; a new figure, tall enough for one row per event, is made if ``None``.
    fontsize, color:
        Label size, and the dots' colour (default the first of ``CLASS_COLORS``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    events = list(events)
    if not events:
        raise ValueError("events is empty; give at least one event (see dlbook.timeline)")
    for e in events:
        if not (hasattr(e, "year") and hasattr(e, "title")):
            raise TypeError(f"each event needs a year and a title, got {type(e).__name__}: {e!r}")
    events.sort(key=lambda e: e.year)
    n = len(events)
    years = np.array([float(e.year) for e in events])
    rows = -np.arange(n, dtype=float)  # the first event on top
    ax = _new_ax(ax, figsize=(8, 0.28 * n + 0.8))
    ax.plot(
        years,
        rows,
        linestyle="none",
        marker="o",
        markersize=5,
        color=color or CLASS_COLORS[0],
        zorder=3,
    )
    lo, hi = years.min(), years.max()
    middle = (lo + hi) / 2
    for year, row, e in zip(years, rows, events, strict=True):
        credit = _credit(getattr(e, "people", ()))
        label = f"{e.year}  {e.title}" + (f" ({credit})" if credit else "")
        left = year <= middle  # labels point into the plot so they stay inside it
        ax.annotate(
            label,
            (year, row),
            xytext=(6 if left else -6, 0),
            textcoords="offset points",
            ha="left" if left else "right",
            va="center",
            fontsize=fontsize,
        )
    margin = max(hi - lo, 1.0) * 0.03
    ax.set_xlim(lo - margin, hi + margin)
    ax.set_ylim(-n + 0.5, 0.5)
    ax.set_yticks([])
    ax.set_xlabel("year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", alpha=0.3)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return ax


def plot_ilsvrc(
    results=None,
    human=HUMAN_TOP5_ERROR,
    ax=None,
    *,
    highlight: int | None = 2012,
    show_extra_data: bool = True,
):
    """Draw the winning ILSVRC top-5 error by year, with the human estimate as a dashed line.

    Parameters
    ----------
    results:
        ``ILSVRCResult`` objects (anything with ``year``, ``team`` and ``top5_error`` in
        percent); by default ``dlbook.timeline.ilsvrc_top5()``.
    human:
        The human top-5 error in percent (a number or ``HUMAN_TOP5_ERROR``, the default), or
        ``None`` to leave the line out.
    ax:
        Axes to draw on; a new figure is made if ``None``.
    highlight:
        Year whose bar stands out (2012, AlexNet), or ``None``.
    show_extra_data:
        Mark, on the years that have one, the same team's error with outside training data
        (AlexNet's 15.3% in 2012).

    Returns
    -------
    matplotlib.axes.Axes
    """
    results = ilsvrc_top5() if results is None else list(results)
    if not results:
        raise ValueError("results is empty; give at least one ILSVRC result")
    for r in results:
        if not all(hasattr(r, a) for a in ("year", "team", "top5_error")):
            raise TypeError(
                f"each result needs year, team and top5_error, got {type(r).__name__}: {r!r}"
            )
    results.sort(key=lambda r: r.year)
    years = [r.year for r in results]
    if len(set(years)) != len(years):
        raise ValueError(f"one result per year please; got years {years}")
    if highlight is not None and highlight not in years:
        raise ValueError(f"highlight year {highlight} is not among the results' years {years}")
    errors = np.array([float(r.top5_error) for r in results])
    if not (np.isfinite(errors).all() and (errors >= 0).all() and (errors <= 100).all()):
        raise ValueError(f"top5_error must be percentages in [0, 100], got {errors.tolist()}")

    ax = _new_ax(ax, figsize=(7, 4))
    x = np.arange(len(results))
    colors = [CLASS_COLORS[1] if r.year == highlight else CLASS_COLORS[0] for r in results]
    ax.bar(x, errors, width=0.7, color=colors, zorder=2)
    for xi, err in zip(x, errors, strict=True):
        ax.annotate(
            f"{err:g}%",
            (xi, err),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    handles = [plt.matplotlib.patches.Patch(color=CLASS_COLORS[0], label="winning entry")]
    if highlight is not None:
        team = results[years.index(highlight)].team
        handles.append(
            plt.matplotlib.patches.Patch(color=CLASS_COLORS[1], label=f"{highlight}: {team}")
        )
    extra = [
        (xi, r.extra_data_top5_error)
        for xi, r in zip(x, results, strict=True)
        if getattr(r, "extra_data_top5_error", None) is not None
    ]
    if show_extra_data and extra:
        (line,) = ax.plot(
            [p[0] for p in extra],
            [p[1] for p in extra],
            linestyle="none",
            marker="_",
            markersize=16,
            markeredgewidth=2,
            color="black",
            zorder=3,
            label="same team, with outside training data",
        )
        handles.append(line)
    if human is not None:
        level = float(human)
        line = ax.axhline(
            level,
            linestyle="--",
            linewidth=1.5,
            color=CLASS_COLORS[2],
            zorder=3,
            label=f"human estimate ({level:g}%)",
        )
        handles.append(line)
    ax.set_xticks(x, [f"{r.year}\n{r.team}" for r in results], fontsize=7)
    ax.set_ylabel("top-5 error (%)")
    ax.set_ylim(0, float(errors.max()) * 1.15)
    ax.legend(handles=handles, frameon=False, fontsize="small")
    ax.set_title("ILSVRC image classification, winning entries")
    return ax
