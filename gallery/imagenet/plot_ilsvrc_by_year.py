"""
=======================================
ImageNet top-5 error by year, 2010-2017
=======================================

**The claim.** The ImageNet Large Scale Visual Recognition Challenge (ILSVRC) asked entries
to label images of 1000 classes of objects: about 1.28 million training images from ImageNet
(Deng et al. 2009), and 150,000 more for validation and testing, the "1.4 million images" of
the book's lecture notes (Russakovsky et al. 2015). Entries were ranked by *top-5 error*:
the fraction of test images whose true class is missing from the entry's five guesses. The
book's lecture notes say the error was near 30% around 2010, that a deep network from
Hinton's lab (AlexNet; Krizhevsky, Sutskever & Hinton 2012) cut it from 26% to 15.3%, and
that later networks did better than people. The human figure is the 5.1% top-5 error of one
trained annotator, Andrej Karpathy, on 1500 test images (Russakovsky et al. 2015, Sec. 6.4;
Karpathy 2014).

**The re-run.** Nothing is trained here: the winning entries are data in
:func:`dlbook.timeline.ilsvrc_top5`, each with the key of its source (the official results
page of that year, and the paper describing the entry) in the
:doc:`bibliography </bibliography>`. We print them, draw them with
:func:`dlbook.plot.plot_ilsvrc`, and compute from them what the story claims: how big the 2012
drop was next to the other years', and when a winner first went below the human estimate.
"""

# %%
# The winning entries
# -------------------
# One row per challenge. ``top5_error`` is the best entry of the winning team trained on the
# challenge's own training data, the number Russakovsky et al. (2015) tabulate; the column
# ``outside data`` is the same team's entry that also trained on more of ImageNet, where it
# did better:
import dlbook
from dlbook.timeline import HUMAN_TOP5_ERROR, ilsvrc_top5

print("device:", dlbook.device.describe(), "(nothing is trained in this example)")
results = ilsvrc_top5()
print(f"{'year':<6}{'team':<16}{'top-5 error':>12}{'outside data':>14}  source / paper")
for r in results:
    extra = "" if r.extra_data_top5_error is None else f"{r.extra_data_top5_error:.1f}%"
    paper = f" / {r.paper}" if r.paper else ""
    print(f"{r.year:<6}{r.team:<16}{r.top5_error:>11.2f}%{extra:>14}  {r.source}{paper}")
print(f"human estimate: {float(HUMAN_TOP5_ERROR):.1f}% ({HUMAN_TOP5_ERROR.source})")

# %%
# The notes attached to the 2012 row say where the famous numbers come from. SuperVision (the
# team of Krizhevsky, Sutskever and Hinton) submitted several entries: 16.4% with the
# challenge data only, 15.3% with networks pre-trained on the whole ImageNet Fall 2011
# release, the number of the paper's abstract. The "26%" of the notes is most likely the
# runner-up's entry that year (the 2011 winner, in the table, had 25.8%):
import textwrap

alexnet = next(r for r in results if r.year == 2012)
print(textwrap.fill(alexnet.note, width=88))

# %%
# The figure
# ----------
# Bars are the winners; the short black marks are the entries with outside training data;
# the dashed line is the human estimate:
import matplotlib.pyplot as plt

from dlbook.plot import plot_ilsvrc

fig, ax = plt.subplots(figsize=(8, 4.2))
plot_ilsvrc(results, ax=ax)
fig.tight_layout()

# %%
# How big was the 2012 drop?
# --------------------------
# We compare each winner with the previous year's, in percentage points and as a fraction of
# the previous error. Both views matter: a later drop from 6.7% to 3.6% is small in points
# but halves the error:
import numpy as np

years = np.array([r.year for r in results])
errors = np.array([r.top5_error for r in results])
points = errors[:-1] - errors[1:]  # percentage points gained each year
relative = points / errors[:-1]  # fraction of the previous year's error removed
for year, p, rel in zip(years[1:], points, relative, strict=True):
    print(f"{year}: {p:5.2f} points lower ({rel:5.1%} of the previous error)")
biggest = years[1:][points.argmax()]
print(f"largest drop in points: {biggest}; largest relative drop: {years[1:][relative.argmax()]}")

# %%
# The same numbers as two bar charts, 2012 in the colour of its bar above:
from dlbook.plot import CLASS_COLORS

colors = [CLASS_COLORS[1] if y == 2012 else CLASS_COLORS[0] for y in years[1:]]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4), sharex=True)
ax1.bar(years[1:], points, color=colors)
ax1.set_ylabel("drop in top-5 error\n(percentage points)")
ax1.set_title("Improvement over the previous winner")
ax2.bar(years[1:], 100 * relative, color=colors)
ax2.set_ylabel("drop (% of previous error)")
ax2.set_title("Relative improvement")
for ax in (ax1, ax2):
    ax.set_xticks(years[1:])
    ax.tick_params(axis="x", labelsize=8)
fig.tight_layout()

# %%
# Below the human estimate
# ------------------------
# The first *challenge winner* under 5.1%, and how far under the last one went. (The first
# published result under it came months before the 2015 challenge: 4.94% on the
# ILSVRC-2012 test set, by He et al. (2015), who introduced PReLUs and an initialisation for
# rectifiers.)
human = float(HUMAN_TOP5_ERROR)
first_below = next(r for r in results if r.top5_error < human)
print(
    f"first winner below {human:.1f}%: {first_below.year} {first_below.team} "
    f"({first_below.top5_error:.2f}%)"
)
print(
    f"last challenge, {results[-1].year}: {results[-1].top5_error:.2f}% "
    f"= {results[-1].top5_error / human:.2f} x the human estimate"
)
print(textwrap.fill("caveat: " + HUMAN_TOP5_ERROR.note, width=88))

# %%
# After the challenge
# -------------------
# The notes' "recent" numbers, 99.02% top-5 and 90.05% top-1 accuracy, come from a
# 2021 preprint (Yuan et al. 2021). They were measured on the ILSVRC-2012 validation
# benchmark years after the last challenge, so they are not a row of the table above:
from dlbook.timeline import RECENT_IMAGENET

print(
    f"{RECENT_IMAGENET.model} ({RECENT_IMAGENET.year}, {RECENT_IMAGENET.source}): "
    f"top-5 {RECENT_IMAGENET.top5_accuracy}%, top-1 {RECENT_IMAGENET.top1_accuracy}%"
)
print(textwrap.fill(RECENT_IMAGENET.note, width=88))

# %%
# Result
# ------
# The table bears the notes out, with two corrections of detail. Before 2012 the winners
# used hand-designed features and linear classifiers, and their top-5 error was in the high
# twenties, not quite 30%. SuperVision's 15.3% used outside training data; on the challenge
# data alone the entry scored 16.4%, still far ahead of the runner-up's 26.2%. The printed
# drops show that 2012 was the largest single-year drop in percentage points, while later
# years removed larger *fractions* of a much smaller error. A winner first went below the
# human estimate in the year printed above, with the caveat that the estimate comes from
# one annotator. How top-5 differs from top-1 is the subject of
# :ref:`sphx_glr_auto_examples_imagenet_plot_top1_vs_top5.py`; the story is told in
# :doc:`/chapters/imagenet`.

# sphinx_gallery_thumbnail_number = 1
