"""
=======================================
ImageNet top-5 error by year, 2010-2017
=======================================

The ImageNet Large Scale Visual Recognition Challenge (ILSVRC) asked for labels of 1000
classes of objects, learned from about 1.28 million training images of ImageNet (Deng et
al. 2009), and ranked the entries by *top-5 error*: the fraction of test images whose
true class is missing from the entry's five guesses (Russakovsky et al. 2015). The story
says that the error was near 30% around 2010, that a deep convolutional network from
Hinton's lab (AlexNet; Krizhevsky, Sutskever & Hinton 2012, key ``krizhevsky2012``) cut
it from 26% to 15.3%, and that later networks did better than people: the human figure
is the 5.1% top-5 error of one trained annotator on 1500 test images (Russakovsky et al.
2015, key ``russakovsky2015``, Sec. 6.4).

Nothing is trained here. The winning entries are data in
:func:`dlbook.timeline.ilsvrc_top5`, each with the key of its source in the
:doc:`bibliography </bibliography>`; every sentence below that states a number is
computed from those data.
"""

# %%
# The winning entries
# -------------------
# One row per challenge: the top-5 error of the winning team's best entry trained on the
# challenge's own data, the number Russakovsky et al. (2015) tabulate, and under
# ``outside data`` the same team's entry that also trained on more of ImageNet, where it
# did better:
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
table = Table(rows, formats={"top-5 error (%)": ".2f", "outside data (%)": ".1f"})
show(table)

# %%
# The notes of the 2012 row say where the famous numbers come from:
import textwrap

alexnet = next(r for r in results if r.year == 2012)
print(textwrap.fill(alexnet.note, width=88))

# %%
# The figure
# ----------
# Bars are the winners; the short black marks the entries with outside training data;
# the dashed line the human estimate:
from dlbook.plot import plot_ilsvrc

plot_ilsvrc(results)

# %%
# How big was the 2012 drop?
# --------------------------
# Each winner against the previous year's, in percentage points and as a share of the
# previous error. Both views matter, since a small error can be halved by a few points:
import numpy as np

years = np.array([r.year for r in results])
errors = np.array([r.top5_error for r in results])
points = errors[:-1] - errors[1:]  # percentage points gained each year
relative = points / errors[:-1]  # share of the previous year's error removed
by_points, by_share = years[1:][points.argmax()], years[1:][relative.argmax()]
print(f"Largest drop in points: {by_points} ({points.max():.2f} points).")
print(f"Largest as a share of the previous error: {by_share} ({relative.max():.1%}).")
drops = Table.from_columns(
    {"year": years[1:], "drop (points)": points, "drop (share)": relative},
    formats={"drop (points)": ".2f", "drop (share)": ".1%"},
)
show(drops)

# %%
# Below the human estimate
# ------------------------
# The first *challenge winner* under the human estimate, and what the estimate is. (A
# published result went under it months before the 2015 challenge: He et al. (2015), who
# introduced PReLUs and an initialisation for rectifiers.)
first_below = next(r for r in results if r.top5_error < human)
last = results[-1]
print(
    f"First winner below {human:.1f}%: {first_below.year}, {first_below.team} "
    f"({first_below.top5_error:.2f}%)."
)
print(textwrap.fill("Caveat: " + HUMAN_TOP5_ERROR.note, width=88))

# %%
# The claims, decided from the table
# ----------------------------------
# First, that 2012 was the year of the big drop. Its drop in percentage points (from the
# 2011 winner: the runner-up of 2012 is not a row) against the largest of the other
# years:
from dlbook.claims import Claim, ratio_at_least

drop_claim = Claim(
    key="ilsvrc-2012-drop",
    era="imagenet",
    source="krizhevsky2012",
    cite="Krizhevsky et al. 2012; ILSVRC results pages",
    claim="AlexNet's 2012 win cut the top-5 error more than any other year's winner",
    paper="26.2% (runner-up) against 15.3% (SuperVision, with outside data) in 2012",
)
in_2012 = years[1:] == 2012
drop_result = drop_claim.decide(
    {"2012 drop": points[in_2012][0], "largest other": points[~in_2012].max()},
    ratio_at_least(
        "2012 drop",
        "largest other",
        1.0,
        says="2012's drop was {:.2f}x the largest of the other years",
    ),
    formats={"2012 drop": ".2f", "largest other": ".2f"},
)
show(drop_result)

# %%
# Second, that the winners went below the human estimate and stayed there: the last
# winner's error against the estimate, and how many winners after the first one below it
# were back above it:
from dlbook.claims import all_of, at_most, ratio_at_most

first = results.index(first_below)
back_above = sum(r.top5_error >= human for r in results[first:])
human_claim = Claim(
    key="ilsvrc-below-human",
    era="imagenet",
    source="russakovsky2015",
    cite="Russakovsky et al. 2015",
    claim="Challenge winners came to make fewer top-5 errors than a trained human",
    paper="5.1% top-5 error for one trained annotator on 1500 test images",
)
human_result = human_claim.decide(
    {"last winner (%)": last.top5_error, "human (%)": human, "back above": back_above},
    all_of(ratio_at_most("last winner (%)", "human (%)", 1), at_most("back above", 0)),
    formats={"last winner (%)": ".2f", "human (%)": ".1f"},
)
show(human_result)

# %%
# What the table adds to the story: before 2012 the winners used hand-designed features
# and linear classifiers; SuperVision's best-known number used outside training data,
# and its entry on the challenge data alone is the row above. The human estimate comes
# from one annotator, so "better than people" is a statement about that estimate. How
# top-5 differs from top-1 is the subject of
# :ref:`sphx_glr_auto_examples_imagenet_plot_top1_vs_top5.py`; the story is told in
# :doc:`/chapters/imagenet`.

# sphinx_gallery_thumbnail_number = 1
