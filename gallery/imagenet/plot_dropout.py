"""
=====================================================
Dropout: a large network on a small training set
=====================================================

**The claim.** Hinton et al. (2012) wrote that a large feedforward network trained on a
small training set overfits, and that "randomly omitting half of the feature detectors on
each training case" greatly reduces the overfitting. AlexNet (Krizhevsky, Sutskever &
Hinton 2012, Sec. 4.2) used this *dropout*, with probability 0.5, in its first two fully
connected layers, and reported two things: without it the network overfitted substantially,
and with it training took roughly twice as many iterations to converge. Srivastava et al.
(2014) give the full account, with lower test errors on MNIST, CIFAR, speech and text
benchmarks.

**The re-run.** AlexNet's fully connected head (fc6, ReLU, dropout, fc7, ReLU, dropout,
fc8) with 512 units per hidden layer, reading the 64 pixels of a digit: about 300,000
weights, trained on only 200 images. We train it with dropout 0.5 and without, for three
random subsets of the training set, and compare training and test accuracy, the learning
curves, and the number of epochs each needs to fit its training set.
"""

# %%
# The two networks
# ----------------
# ``make_classifier`` builds AlexNet's head in ``dlbook.models.alexnet``; its last argument
# is the dropout probability. Dropout is only active in training mode: at test time every unit
# is kept (torch scales the kept units up by 1 / (1 - p) during training, so no rescaling is
# needed afterwards). Each run gets its own stratified subset of 200 training images, from
# :func:`dlbook.data.digits`, and is scored on the usual fixed 450 test images:
import torch

import dlbook
from dlbook.data import digits
from dlbook.models.alexnet import make_classifier
from dlbook.train import Trainer

print("device:", dlbook.device.describe())
net = make_classifier(64, 512, 10, 0.5)
print(net)
print("weights and biases:", sum(p.numel() for p in net.parameters()))

# %%
# Train with and without dropout
# ------------------------------
# The same seed gives both runs of a pair the same subset, the same initial weights and the
# same order of batches; only dropout differs. Plain SGD with momentum, no weight decay, 60
# epochs. After training we also score the training set in evaluation mode (no dropout), so
# the two runs' training accuracies are measured alike:
SEEDS = (0, 1, 2)
DROPOUT = {"no dropout": 0.0, "dropout 0.5": 0.5}
runs = {}  # (name, seed) -> results
for seed in SEEDS:
    X_train, y_train, X_test, y_test = digits(n_train=200, seed=seed)
    for name, p in DROPOUT.items():
        dlbook.seed_everything(seed)
        model = make_classifier(64, 512, 10, p)
        trainer = Trainer(
            lambda params: torch.optim.SGD(params, lr=0.05, momentum=0.9),
            epochs=60,
            batch_size=32,
            seed=seed,
        )
        history = trainer.fit(model, (X_train, y_train), (X_test, y_test))
        fitted = next((i + 1 for i, a in enumerate(history["train_accuracy"]) if a >= 0.99), None)
        runs[name, seed] = {
            "history": history,
            "train": trainer.evaluate(model, (X_train, y_train))["accuracy"],
            "test": history["val_accuracy"][-1],
            "epochs_to_fit": fitted,  # first epoch at >= 99% training accuracy, as trained
        }
        r = runs[name, seed]
        print(
            f"seed {seed}, {name:<11}: train {r['train']:.3f}  test {r['test']:.3f}  "
            f"gap {r['train'] - r['test']:.3f}  epochs to fit: {fitted}"
        )

# %%
# Learning curves
# ---------------
# The first pair of runs, loss against epoch. The training loss of the dropout network is
# measured as it trains, with half its hidden units silenced, so it stays higher. The
# dashed "validation" line is the loss on the 450 test images:
import matplotlib.pyplot as plt

from dlbook.plot import plot_learning_curves

fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.6), sharey=True)
for ax, name in zip(axes, DROPOUT, strict=True):
    plot_learning_curves(runs[name, 0]["history"], "loss", ax=ax, title=name)
    ax.set_yscale("log")
fig.suptitle("AlexNet's head on 200 digits (seed 0)")
fig.tight_layout()

# %%
# Training against test accuracy
# ------------------------------
# For every run, its final training accuracy (left end of each line) and test accuracy (right
# end); the drop between them is the generalisation gap:
from dlbook.plot import CLASS_COLORS

fig, ax = plt.subplots(figsize=(5.5, 3.8))
for color, name in zip(CLASS_COLORS, DROPOUT, strict=False):
    for k, seed in enumerate(SEEDS):
        r = runs[name, seed]
        ax.plot(
            [0, 1], [r["train"], r["test"]], marker="o", color=color,
            label=name if k == 0 else None, alpha=0.8,
        )  # fmt: skip
ax.set_xticks([0, 1], ["training set\n(200 images)", "test set\n(450 images)"])
ax.set_xlim(-0.3, 1.3)
ax.set_ylabel("accuracy")
ax.set_title("Generalisation gap, three subsets")
ax.legend(frameon=False)
fig.tight_layout()

# %%
# The summary over the three seeds:
import numpy as np

for name in DROPOUT:
    gap = np.array([runs[name, s]["train"] - runs[name, s]["test"] for s in SEEDS])
    test = np.array([runs[name, s]["test"] for s in SEEDS])
    fit = [runs[name, s]["epochs_to_fit"] for s in SEEDS]
    print(
        f"{name:<11}: test accuracy {test.mean():.3f} (runs {np.round(test, 3).tolist()}), "
        f"gap {gap.mean():.3f}, epochs to fit {fit}"
    )
ratio = [
    runs["dropout 0.5", s]["epochs_to_fit"] / runs["no dropout", s]["epochs_to_fit"]
    for s in SEEDS
    if runs["dropout 0.5", s]["epochs_to_fit"] and runs["no dropout", s]["epochs_to_fit"]
]
print("epochs to fit, dropout / no dropout:", [f"{x:.1f}" for x in ratio])
print(f"one test image is {1 / len(y_test):.2%} of the test accuracy")

# %%
# Result
# ------
# One of AlexNet's two observations is reproduced: with dropout the network needs more
# epochs to fit its training set, by the factors printed above (AlexNet: "roughly" two). The
# other is not, at this scale: the printed test accuracies with and without dropout differ by
# about as much as they differ between seeds, and both networks end with every training image
# right, so the gap barely moves. In the learning curves, the network without dropout drives
# its training loss towards zero while its test loss stays flat: it memorises, but on these
# images memorising does little harm. Three reasons, none of which the re-run can remove:
# the 8x8 digits are an easy, low-noise task on which even an overfitted network generalises
# well; the gains reported on MNIST (Srivastava et al. 2014) were fractions of a percentage
# point, measured on 10,000 test images, while one of our 450 test images is worth the
# amount printed above; and AlexNet's overfitting came from 60 million parameters learning
# 1000 classes from photographs.
#
# AlexNet's other new ingredient, the ReLU, is re-run in
# :ref:`sphx_glr_auto_examples_imagenet_plot_relu_vs_tanh_speed.py`; the chapter
# :doc:`/chapters/imagenet` tells the story.

# sphinx_gallery_thumbnail_number = 1
