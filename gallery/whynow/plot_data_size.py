"""
==========================================================
More data: a neural network and an SVM as the data grows
==========================================================

**The claim.** The first reason the lecture gives for deep learning's take-off is data:
ILSVRC-2012 gave AlexNet about 1.2 million labelled training images in 1000 classes
(Krizhevsky et al. 2012), where the labelled image sets before it held tens of thousands.
Halevy, Norvig and Pereira (2009) had argued, from Google's experience with text, that
"simple models and a lot of data trump more elaborate models based on less data"; Sun et al.
(2017), training on 300 million images, found that accuracy on vision tasks still rose with
the logarithm of the amount of data. The usual reading is that a flexible neural network
keeps improving as data grows while the methods that led before 2012, such as kernel support
vector machines (Cortes and Vapnik 1995), level off: the network's advantage grows with data.

**The re-run.** We train a multi-layer perceptron (:class:`dlbook.models.MLP` fitted by
:class:`dlbook.train.Trainer`) and an SVM with a Gaussian (RBF) kernel
(:class:`sklearn.svm.SVC`) on ever larger parts of the training set of scikit-learn's
handwritten digits, from 20 images to all 1347, and score both on the same 450 test images.
"""

# %%
# Nested training sets
# --------------------
# :func:`dlbook.data.digits` with ``n_train`` keeps a stratified part of the training set:
# every size holds each digit in proportion, and for a fixed ``seed`` the smaller sets lie
# inside the larger ones, so a curve adds data rather than swapping it. The test set never
# changes. We draw three such sequences (seeds 0, 1, 2) to see how much a curve owes to the
# luck of the draw:
import dlbook
from dlbook.data import digits

print("device:", dlbook.device.describe())
SIZES = [20, 50, 100, 200, 500, 1347]
SEEDS = [0, 1, 2]
for n in SIZES:
    X_train, y_train, X_test, y_test = digits(n_train=n, seed=0)
    print(f"n_train={n:5d}: images per digit {y_train.bincount(minlength=10).tolist()}")
print("test images:", len(y_test))

# %%
# The two learners
# ----------------
# The network has two hidden layers of 128 ReLU units with He initialisation, and is trained
# with Adam for a fixed budget of about 300 mini-batch steps whatever the size of the
# training set (a full pass over 20 images is one step; over 1347 images, 43). The SVM uses
# scikit-learn's default RBF kernel width with ``C=10``. Neither is tuned per size: both
# keep one setting across the whole curve, as a practitioner with no validation data would:
import math

import torch
from sklearn.svm import SVC

from dlbook.models import MLP
from dlbook.train import Trainer

STEPS, BATCH = 300, 32


def fit_mlp(X, y, seed):
    """Train the MLP for about STEPS mini-batch steps and return it."""
    batch = min(BATCH, len(y))
    epochs = math.ceil(STEPS / math.ceil(len(y) / batch))
    trainer = Trainer(
        lambda params: torch.optim.Adam(params, lr=3e-3, weight_decay=1e-4),
        epochs=epochs,
        batch_size=batch,
        seed=seed,
        progress=False,
    )
    model = MLP(64, [128, 128], 10, activation="relu", init="he")
    trainer.fit(model, (X, y))
    return trainer, model


# %%
# Accuracy against the size of the training set
# ---------------------------------------------
# For each seed and size we fit both learners on the same images and score them on the test
# set:
import numpy as np

from dlbook.metrics import accuracy

acc = {"MLP": np.zeros((len(SEEDS), len(SIZES))), "SVM": np.zeros((len(SEEDS), len(SIZES)))}
for i, seed in enumerate(SEEDS):
    for j, n in enumerate(SIZES):
        X_train, y_train, X_test, y_test = digits(n_train=n, seed=seed)
        trainer, mlp = fit_mlp(X_train, y_train, seed)
        acc["MLP"][i, j] = accuracy(trainer.predict(mlp, X_test), y_test)
        svm = SVC(kernel="rbf", C=10).fit(X_train.numpy(), y_train.numpy())
        acc["SVM"][i, j] = accuracy(torch.from_numpy(svm.predict(X_test.numpy())), y_test)

print("test accuracy, mean over seeds (min - max):")
print(f"{'n_train':>8} {'MLP':>22} {'SVM':>22} {'MLP - SVM':>10}")
for j, n in enumerate(SIZES):
    cells = [
        f"{a[:, j].mean():.3f} ({a[:, j].min():.3f}-{a[:, j].max():.3f})"
        for a in (acc["MLP"], acc["SVM"])
    ]
    gap = (acc["MLP"][:, j] - acc["SVM"][:, j]).mean()
    print(f"{n:>8} {cells[0]:>22} {cells[1]:>22} {gap:>+10.3f}")

# %%
# The curves are drawn against the logarithm of the training-set size, as Sun et al. (2017)
# drew theirs; the band around each line spans the three seeds:
import matplotlib.pyplot as plt

from dlbook.plot import CLASS_COLORS

fig, ax = plt.subplots(figsize=(6.5, 4.2), facecolor="white")
for (name, a), color, marker in zip(acc.items(), CLASS_COLORS, "os", strict=False):
    ax.fill_between(SIZES, a.min(0), a.max(0), color=color, alpha=0.2, linewidth=0)
    ax.plot(SIZES, a.mean(0), marker=marker, color=color, label=name)
ax.set_xscale("log")
ax.set_xticks(SIZES, [str(n) for n in SIZES])
ax.minorticks_off()
ax.set_xlabel("training images (log scale)")
ax.set_ylabel("test accuracy (450 images)")
ax.set_title("Digits: accuracy as the training set grows")
ax.grid(alpha=0.3)
ax.legend(loc="lower right")
fig.tight_layout()

# %%
# Does the network's advantage grow?
# ----------------------------------
# The claim is about the difference between the two learners, so we plot it directly: above
# zero the network is ahead, below zero the SVM. One dot per seed, the line through their
# mean:
gap = acc["MLP"] - acc["SVM"]  # (seeds, sizes)
ahead = int((gap.mean(0) > 0).sum())
verdict = (
    f"the MLP is ahead at {ahead} of {len(SIZES)} sizes"
    if ahead
    else f"the SVM is ahead or level at all {len(SIZES)} sizes"
)
print("verdict:", verdict)
print(
    f"gap at {SIZES[0]} images: {gap[:, 0].mean():+.3f}; at {SIZES[-1]}: {gap[:, -1].mean():+.3f}"
)

fig, ax = plt.subplots(figsize=(6.5, 3.6), facecolor="white")
ax.axhline(0, color="k", linewidth=1)
sizes_per_seed = np.tile(SIZES, (len(SEEDS), 1))  # (seeds, sizes), like gap
ax.scatter(sizes_per_seed, gap, color=CLASS_COLORS[2], alpha=0.5, s=18, label="one seed")
ax.plot(SIZES, gap.mean(0), marker="o", color=CLASS_COLORS[2], label="mean")
ax.set_xscale("log")
ax.set_xticks(SIZES, [str(n) for n in SIZES])
ax.minorticks_off()
ax.set_xlabel("training images (log scale)")
ax.set_ylabel("accuracy: MLP minus SVM")
ax.set_title(f"Measured here: {verdict}", fontsize="medium")
ax.grid(alpha=0.3)
ax.legend(loc="lower right")
fig.tight_layout()

# %%
# Result
# ------
# More data helps both learners, by a lot: the printed table shows test accuracy climbing
# steeply from 20 training images to all 1347, with the spread between seeds shrinking as
# the sets grow. That half of the claim - data is what makes a learned model good - the
# re-run reproduces, on a scale five orders of magnitude below Sun et al. (2017).
#
# The other half - that the neural network pulls ahead of the SVM as data grows - it does
# not reproduce here. The verdict printed above says at how many sizes the network was
# ahead; in the runs made while writing this page the SVM was ahead or level at every size,
# and the gap did not turn in the network's favour. This is less a contradiction of the
# history than a matter of scale. Our largest training set is about a thousandth of
# ILSVRC's 1.2 million images; each image has 64 pixels instead of the 150,528 numbers of a
# 224x224 colour image; and a small fully connected network is not the convolutional
# network that won in 2012. On problems this small a kernel SVM is a very strong learner -
# the reason SVMs led through the 2000s (see :doc:`/chapters/vanishing-gradients`) - and
# the crossing point, if this task has one, lies beyond the data we have. Size also works
# against the SVM in a way this page cannot show: a kernel SVM compares training images in
# pairs, so its training cost grows faster than the number of images, which is manageable
# for a thousand images and not for a million. See :doc:`/chapters/why-now` for the rest of
# the story.

# sphinx_gallery_thumbnail_number = 1
