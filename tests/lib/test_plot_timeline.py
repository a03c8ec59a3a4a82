"""The timeline and ILSVRC figures."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from dlbook.plot import CLASS_COLORS, plot_ilsvrc, plot_timeline
from dlbook.timeline import HUMAN_TOP5_ERROR, ILSVRCResult, ilsvrc_top5, timeline


@pytest.fixture
def ax():
    _, ax = plt.subplots()
    return ax


def test_timeline_one_row_and_label_per_event(ax):
    events = timeline(1943, 1989)
    assert plot_timeline(events[::-1], ax) is ax  # given out of order, drawn by year
    (dots,) = ax.lines
    np.testing.assert_array_equal(dots.get_xdata(), [e.year for e in events])
    np.testing.assert_array_equal(dots.get_ydata(), -np.arange(len(events)))
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == len(events)
    assert labels[0] == "1943  Threshold logic neuron (McCulloch & Pitts)"
    assert "1986  Backpropagation popularised (Rumelhart, Hinton & Williams)" in labels
    assert "1989  Convolutional network reads zip codes (LeCun et al.)" in labels


def test_timeline_rejects_bad_events():
    with pytest.raises(ValueError, match="empty"):
        plot_timeline([])
    with pytest.raises(TypeError, match="year and a title"):
        plot_timeline([1958])


def test_ilsvrc_bars_human_line_and_highlight(ax):
    results = ilsvrc_top5()
    assert plot_ilsvrc(results, ax=ax) is ax
    assert len(ax.patches) == 8
    np.testing.assert_allclose(
        [p.get_height() for p in ax.patches], [r.top5_error for r in results]
    )
    colors = [p.get_facecolor() for p in ax.patches]
    assert colors[2] == to_rgba(CLASS_COLORS[1])  # 2012, AlexNet
    assert all(c == to_rgba(CLASS_COLORS[0]) for i, c in enumerate(colors) if i != 2)
    human = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert len(human) == 1
    np.testing.assert_allclose(human[0].get_ydata(), [HUMAN_TOP5_ERROR.value] * 2)
    extra = [ln for ln in ax.lines if ln.get_marker() == "_"]
    np.testing.assert_allclose(extra[0].get_ydata(), [15.3, 11.2])
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[2] == "2012\nSuperVision"
    assert ticks[0] == "2010\nNEC-UIUC"


def test_ilsvrc_options(ax):
    plot_ilsvrc(None, human=None, ax=ax, highlight=None, show_extra_data=False)
    assert not ax.lines
    assert len({p.get_facecolor() for p in ax.patches}) == 1


def test_ilsvrc_rejects_bad_results():
    row = ILSVRCResult(2012, "SuperVision", "AlexNet", 16.4, "ilsvrc2012")
    with pytest.raises(ValueError, match="not among"):
        plot_ilsvrc([row], highlight=2015)
    with pytest.raises(ValueError, match="one result per year"):
        plot_ilsvrc([row, row])
    with pytest.raises(ValueError, match="empty"):
        plot_ilsvrc([])
    with pytest.raises(ValueError, match=r"\[0, 100\]"):
        plot_ilsvrc([ILSVRCResult(2012, "x", "y", 164.0, "ilsvrc2012")])
    with pytest.raises(TypeError, match="top5_error"):
        plot_ilsvrc([{"year": 2012}])
