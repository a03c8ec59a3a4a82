"""
=====================================================================
SVM and random forest against a small neural network, on small data
=====================================================================

**The claim.** In the 1990s and 2000s, methods simpler to train than neural networks did as
well or better on the data sets of the time. Cortes & Vapnik (1995) showed the high
generalization ability of support-vector networks on handwritten digits and compared them
with the classical learning algorithms of a benchmark in optical character recognition;
LeCun et al. (1998) listed a polynomial support vector machine, which knows nothing about
images, level with their LeNet-4 convolutional network on MNIST. Breiman's (2001) random
forests, many decision trees grown on random samples and random subsets of the features,
compared favourably with AdaBoost, the strongest ensemble method of the day, and were more
robust to noise. An SVM is fitted by solving a
convex problem, with one global optimum, no learning rate and no epochs; for many, that
settled the matter, and neural networks went out of fashion: the second AI winter.

**The re-run.** We fit scikit-learn's SVM (RBF kernel) and random forest, with their
default settings, and a small one-hidden-layer network trained with SGD and momentum by
:class:`~dlbook.train.Trainer`, on two small data sets: the 1,347 training digits, with the
fixed test set of 450, and a noisy two-moons set in the plane. We compare test accuracy and
fit time, and then shrink the training set. See :doc:`/chapters/vanishing-gradients` for the
story around it.
"""

# %%
# Three classifiers
# -----------------
# The SVM and the forest keep scikit-learn's defaults (``C=1`` and a kernel width set from
# the data; 100 trees). The network has one hidden layer of 64 tanh units and is trained for
# 20 epochs of SGD with momentum 0.9 on batches of 64, both known since the 1980s. Its
# settings are the best of a handful we tried (sigmoid or tanh units, a few learning rates
# and batch sizes, with and without momentum), which favours it: the other two were not
# tuned at all. Each ``fit`` function returns a ``predict`` function:
import time

import torch

import dlbook
from dlbook.models import MLP
from dlbook.train import Trainer

print("device:", dlbook.device.describe())
# The first torch optimizer made in a process imports extra modules (seconds on a CPU); make
# one now so that the timings below measure the fits themselves.
torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


def fit_svm(X, y):
    from sklearn.svm import SVC

    svm = SVC(kernel="rbf").fit(X.numpy(), y.numpy())
    return lambda X: torch.as_tensor(svm.predict(X.numpy()))


def fit_forest(X, y):
    from sklearn.ensemble import RandomForestClassifier

    forest = RandomForestClassifier(n_estimators=100, random_state=0)
    forest.fit(X.numpy(), y.numpy())
    return lambda X: torch.as_tensor(forest.predict(X.numpy()))


def fit_mlp(X, y, epochs=20, hidden=64):
    dlbook.seed_everything(0)
    net = MLP(X.shape[1], [hidden], int(y.max()) + 1, activation="tanh")
    trainer = Trainer(
        optimizer=lambda params: torch.optim.SGD(params, lr=0.1, momentum=0.9),
        epochs=epochs,
        batch_size=64,
        metrics=(),
    )
    trainer.fit(net, (X, y))
    return lambda X: trainer.predict(net, X).argmax(1)


models = {
    "SVM (RBF)": fit_svm,
    "random forest": fit_forest,
    "MLP (1 hidden layer)": fit_mlp,
}

# %%
# Digits
# ------
# Each model is fitted on the same 1,347 training digits and scored on the same 450 test
# digits with :func:`dlbook.metrics.accuracy`; the fit time is wall-clock time on this
# machine:
from dlbook.data import digits
from dlbook.metrics import accuracy


def compare(X_train, y_train, X_test, y_test, **mlp_args):
    """Fit every model; return {name: (test accuracy, fit seconds, predict)}."""
    scores = {}
    for name, fit in models.items():
        tic = time.perf_counter()
        extra = mlp_args if fit is fit_mlp else {}  # epochs, width: network only
        predict = fit(X_train, y_train, **extra)
        seconds = time.perf_counter() - tic
        scores[name] = (accuracy(predict(X_test), y_test), seconds, predict)
    return scores


X_train, y_train, X_test, y_test = digits()
results = {"digits": compare(X_train, y_train, X_test, y_test)}

# %%
# Two moons
# ---------
# The same three on 200 noisy points of two interleaved half-moons, scored on 1,000 fresh
# points drawn the same way. The network gets 16 hidden units and more epochs, as the data
# set is smaller:
from dlbook.data import moons

X_moons, y_moons = moons(200, noise=0.2, seed=0)
X_moons_test, y_moons_test = moons(1000, noise=0.2, seed=1)
results["two moons"] = compare(X_moons, y_moons, X_moons_test, y_moons_test, epochs=100, hidden=16)

print(f"{'data set':10s} {'model':22s} {'test accuracy':>13s} {'fit time (s)':>13s}")
for data_name, scores in results.items():
    for name, (acc, seconds, _) in scores.items():
        print(f"{data_name:10s} {name:22s} {acc:13.3f} {seconds:13.3f}")
for data_name, scores in results.items():
    best = max(scores, key=lambda name: scores[name][0])
    fastest = min(scores, key=lambda name: scores[name][1])
    print(f"{data_name}: most accurate: {best}; fastest to fit: {fastest}")

# %%
# Accuracy and fit time side by side
# -----------------------------------
# Accuracy on a linear scale, fit time on a logarithmic one:
import matplotlib.pyplot as plt
import numpy as np

from dlbook.plot import CLASS_COLORS

fig, (ax_acc, ax_time) = plt.subplots(1, 2, figsize=(10, 3.8))
x = np.arange(len(results))
width = 0.26
for i, name in enumerate(models):
    offset = (i - 1) * width
    accs = [results[d][name][0] for d in results]
    secs = [results[d][name][1] for d in results]
    bars = ax_acc.bar(x + offset, accs, width, color=CLASS_COLORS[i], label=name)
    ax_acc.bar_label(bars, fmt="%.3f", fontsize="x-small", padding=2)
    ax_time.bar(x + offset, secs, width, color=CLASS_COLORS[i], label=name)
ax_acc.set(xticks=x, xticklabels=list(results), ylabel="test accuracy")
ax_acc.set_ylim(0.5, 1.05)
ax_acc.set_title("Test accuracy")
ax_time.set(xticks=x, xticklabels=list(results), ylabel="fit time (s)", yscale="log")
ax_time.set_title("Fit time (this machine)")
handles, labels = ax_acc.get_legend_handles_labels()
fig.legend(handles, labels, loc="lower center", ncols=3, frameon=False)
fig.tight_layout(rect=(0, 0.07, 1, 1))

# %%
# The boundaries on two moons
# ---------------------------
# Each model's decision regions, drawn by :func:`dlbook.plot.plot_decision_boundary` on the
# 200 training points. The SVM's boundary is smooth, the forest's is made of axis-parallel
# steps, the network's is smooth again:
from dlbook.plot import plot_decision_boundary

fig, axes = plt.subplots(1, 3, figsize=(12, 3.8), sharex=True, sharey=True)
for ax, (name, (acc, _, predict)) in zip(axes, results["two moons"].items(), strict=True):
    # predict gives labels 0 or 1: threshold 0.5 splits them
    plot_decision_boundary(predict, X_moons, y_moons, ax=ax, threshold=0.5)
    ax.set_title(f"{name}: test accuracy {acc:.3f}", fontsize="medium")
    ax.get_legend().remove()
fig.tight_layout()

# %%
# Less data
# ---------
# The digits again, now with 50 to 800 training images (stratified subsets from
# :func:`dlbook.data.digits`), the same 450 test images. The network is given the same number
# of gradient steps at every size (600 batches of 64, a little more than the 20 epochs on the
# full set above), so that small sets are not also short runs:
import math

sizes = [50, 100, 200, 400, 800]
curves = {name: [] for name in models}
for n in sizes:
    X_n, y_n, _, _ = digits(n_train=n)
    epochs = math.ceil(600 / math.ceil(n / 64))  # 600 steps of 64 images
    for name, (acc, _, _) in compare(X_n, y_n, X_test, y_test, epochs=epochs).items():
        curves[name].append(acc)
    accs = ", ".join(f"{k} {v[-1]:.3f}" for k, v in curves.items())
    print(f"n_train={n:4d}: {accs}")
svm, mlp = curves["SVM (RBF)"], curves["MLP (1 hidden layer)"]
level = [n for n, a, b in zip(sizes, svm, mlp, strict=True) if b >= a]
print("sizes where the MLP is at least as accurate as the SVM:", level or "none")

fig, ax = plt.subplots(figsize=(5.5, 3.6))
for i, (name, accs) in enumerate(curves.items()):
    ax.plot(sizes, accs, "-o", color=CLASS_COLORS[i], markersize=4, label=name)
ax.set_xscale("log")
ax.set_xticks(sizes, [str(n) for n in sizes])
ax.minorticks_off()
ax.set(xlabel="training digits", ylabel="test accuracy (450 digits)")
ax.set_title("Accuracy against training-set size")
ax.legend(frameon=False, fontsize="small", loc="lower right")
fig.tight_layout()

# %%
# Result
# ------
# The re-run agrees with the claim in part. On accuracy the three are close on these small
# sets; the printed lines above name the most accurate on each, and the untuned SVM is hard
# to beat on the digits (the printed sizes are the only ones where the network is level with
# it or ahead). That the simpler methods *beat* a neural network on small data is therefore
# not what we see everywhere: a small network, once tuned, keeps up with them. Where the
# simpler methods win is in what it takes to get there. The SVM is the fastest to fit on both
# sets, and, like the forest, it needed no settings at all, while the network needed a
# learning rate, a momentum, a batch size, a number of epochs, a width and an
# initialization, each of which can make it fail (see
# :ref:`sphx_glr_auto_examples_vanishing_plot_deep_sigmoid_digits.py`); an SVM's convex
# problem has one optimum, found the same way every time. That, more than a point of
# accuracy, is what made the simpler methods the default choice of the 1990s and 2000s. The
# picture changed when data sets and computers grew by orders of magnitude and deep networks
# could be trained: the cost of fitting a kernel SVM grows faster than linearly with the
# number of examples, and it learns no features of its own (see :doc:`/chapters/why-now`).

# sphinx_gallery_thumbnail_number = 1
