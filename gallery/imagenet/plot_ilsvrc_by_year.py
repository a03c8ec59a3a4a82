"""
=======================================
ImageNet top-5 error by year, 2010-2017
=======================================

The ImageNet challenge (ILSVRC) ranked entries by *top-5 error* on 1000 classes: the
share of test images whose true class is missing from five guesses. The story says the
error was near 30% around 2010, that AlexNet (Krizhevsky, Sutskever & Hinton 2012, key
``krizhevsky2012``) cut it from 26% to 15.3%, and that later winners beat people: one
trained annotator's 5.1% on 1500 test images (Russakovsky et al. 2015, key
``russakovsky2015``, Sec. 6.4). Nothing is trained here: the winners are data in
:func:`dlbook.timeline.ilsvrc_top5`, each with its source, and every number below is
computed from them.
"""

# %%
# The winning entries
# -------------------
# Each challenge's winning team, its best entry on the challenge's own data, and under
# ``outside data`` its entry that also trained on more of ImageNet:
import textwrap

from dlbook.display import show
from dlbook.table import Table
from dlbook.timeline import HUMAN_TOP5_ERROR, ilsvrc_top5

results = ilsvrc_top5()
human = float(HUMAN_TOP5_ERROR)
rows = [
    {
        "year": r.year,
        "team": r.team,
        "top-5 error (%)": r.top5_error,
        "outside data (%)": r.extra_data_top5_error,
        "source": r.source + (f", {r.paper}" if r.paper else ""),
    }
    for r in results
]
alexnet = next(r for r in results if r.year == 2012)
print(textwrap.fill("2012: " + alexnet.note, width=88))
show(Table(rows, formats={"top-5 error (%)": ".2f", "outside data (%)": ".1f"}))

# %%
# Bars are the winners, short black marks the entries with outside data, the dashed
# line the human estimate:
from dlbook.plot import plot_ilsvrc

plot_ilsvrc(results)

# %%
# The claims
# ----------
# First, that 2012 was the year of the big drop: each winner against the previous
# year's, in points and as a share of the previous error (a small error is halved by a
# few points). The card compares 2012's drop in points (from the 2011 winner) with the
# largest other year's:
import numpy as np

from dlbook.claims import Claim, all_of, at_most, ratio_at_least, ratio_at_most

years = np.array([r.year for r in results])
errors = np.array([r.top5_error for r in results])
points = errors[:-1] - errors[1:]  # percentage points gained each year
relative = points / errors[:-1]  # share of the previous year's error removed
print(f"Largest drop in points: {years[1:][points.argmax()]} ({points.max():.2f}).")
print(f"As a share: {years[1:][relative.argmax()]} ({relative.max():.1%}).")
drop_claim = Claim(
    key="ilsvrc-2012-drop",
    era="imagenet",
    source="krizhevsky2012",
    cite="Krizhevsky et al. 2012; ILSVRC results pages",
    claim="AlexNet's 2012 win cut the top-5 error more than any other year's winner",
    paper="26.2% (runner-up) against 15.3% (SuperVision, with outside data) in 2012",
)
in_2012 = years[1:] == 2012
says = "2012's drop was {:.2f}x the largest of the other years"
drop_result = drop_claim.decide(
    {"2012 drop": points[in_2012][0], "largest other": points[~in_2012].max()},
    ratio_at_least("2012 drop", "largest other", 1.0, says=says),
    formats={"2012 drop": ".2f", "largest other": ".2f"},
)
show(drop_result)

# %%
# Second, that winners went below the human estimate and stayed there: the last
# winner's error against it, and how many winners from the first one below it were back
# above. (A published result went under it months before the 2015 challenge: He et al.
# 2015, who introduced PReLUs.)
first = next(r for r in results if r.top5_error < human)
print(f"First winner below {human:.1f}%: {first.year}, {first.team}", end=" ")
print(f"({first.top5_error:.2f}%).")
print(textwrap.fill("Caveat: " + HUMAN_TOP5_ERROR.note, width=88))
back_above = sum(r.top5_error >= human for r in results[results.index(first) :])
last = results[-1].top5_error
human_claim = Claim(
    key="ilsvrc-below-human",
    era="imagenet",
    source="russakovsky2015",
    cite="Russakovsky et al. 2015",
    claim="Challenge winners came to make fewer top-5 errors than a trained human",
    paper="5.1% top-5 error for one trained annotator on 1500 test images",
)
human_result = human_claim.decide(
    {"last winner (%)": last, "human (%)": human, "back above": back_above},
    all_of(ratio_at_most("last winner (%)", "human (%)", 1), at_most("back above", 0)),
    formats={"last winner (%)": ".2f", "human (%)": ".1f"},
)
import matplotlib.pyplot as plt

plt.show()  # a terminal run opens the figures here; a page shows them inline

show(human_result)

# %%
# Before 2012 the winners used hand-designed features and linear classifiers;
# SuperVision's best-known number used outside data. The human estimate comes from one
# annotator, so "better than people" is a statement about that estimate. Top-5 against
# top-1: :ref:`sphx_glr_auto_examples_imagenet_plot_top1_vs_top5.py`; the story:
# :doc:`/chapters/imagenet`.

# sphinx_gallery_thumbnail_number = 1
