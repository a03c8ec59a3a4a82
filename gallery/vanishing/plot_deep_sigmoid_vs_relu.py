"""
===============================================================
A deep sigmoid network that does not learn where a shallow does
===============================================================

**The claim.** Through the 1990s and early 2000s, networks with more than one or two hidden
layers of sigmoid units, trained by backpropagation from small random weights, were found to
train badly: the error signal fades on its way down (Hochreiter 1991; Bengio, Simard &
Frasconi 1994), and such deep networks did no better, often worse, than shallow ones
(Bengio et al. 2007). Glorot & Bengio (2010) watched it happen: with the standard
initialization, the top hidden layer of a deep sigmoid network is driven towards 0 at the
start of training, which slows all learning, and only slowly recovers.

**The re-run.** We train sigmoid networks with 1 to 9 hidden layers on the digits with the
tools of the time: plain minibatch SGD, the same learning rate and the same number of
epochs for every depth, no momentum, no batch normalization. We compare their learning
curves and test accuracies, and watch the activations inside the deepest one. See
:doc:`/chapters/vanishing-gradients` for the story around it.
"""

# %%
# Networks of increasing depth
# ----------------------------
# Every network has hidden layers of 64 sigmoid units and starts from torch's default
# initialization (uniform in :math:`\pm 1/\sqrt{\text{fan-in}}`, the "standard" heuristic of
# Glorot & Bengio). The deepest has 9 hidden layers, 10 layers of weights in all. Each is
# trained for 20 epochs of SGD with learning rate 1 and batches of 64; the 450 test digits
# are scored after every epoch. An :class:`~dlbook.diagnostics.ActivationRecorder` rides
# along with the deepest network:
import torch

import dlbook
from dlbook.data import digits
from dlbook.diagnostics import ActivationRecorder
from dlbook.models import MLP
from dlbook.train import Trainer

print("device:", dlbook.device.describe())
X_train, y_train, X_test, y_test = digits()
depths = [1, 2, 3, 5, 9]  # hidden layers
histories = {}
for n_hidden in depths:
    dlbook.seed_everything(0)
    net = MLP(64, [64] * n_hidden, 10, activation="sigmoid")
    callbacks = []
    if n_hidden == depths[-1]:
        recorder = ActivationRecorder(net)  # mean, std, saturation per layer
        callbacks = [recorder]
    trainer = Trainer(
        optimizer=lambda params: torch.optim.SGD(params, lr=1.0),
        epochs=20,
        batch_size=64,
        callbacks=callbacks,
    )
    histories[n_hidden] = trainer.fit(net, (X_train, y_train), (X_test, y_test))
    h = histories[n_hidden]
    print(
        f"{n_hidden} hidden layer(s): final train loss {h['train_loss'][-1]:.3f}, "
        f"test accuracy {h['val_accuracy'][-1]:.3f} (best {max(h['val_accuracy']):.3f})"
    )

# %%
# Learning curves
# ---------------
# The shallow network learns within a few epochs. With more hidden layers the loss stays on
# a plateau at :math:`\ln 10 \approx 2.30`, the loss of guessing each of the ten digits with
# probability 1/10, and the accuracy at one in ten:
import math

import matplotlib.pyplot as plt

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.8))
colors = plt.cm.viridis([0.0, 0.25, 0.5, 0.7, 0.9])
for color, (n_hidden, h) in zip(colors, histories.items(), strict=True):
    label = f"{n_hidden} hidden layer{'s' if n_hidden > 1 else ''}"
    style = {"color": color, "marker": "o", "markersize": 3, "label": label}
    ax_loss.plot(h["epoch"], h["train_loss"], **style)
    ax_acc.plot(h["epoch"], h["val_accuracy"], **style)
ax_loss.axhline(math.log(10), color="0.4", linestyle=":", linewidth=1)
ax_loss.annotate(
    "ln 10: chance",
    (20, math.log(10)),
    xytext=(0, 4),
    textcoords="offset points",
    ha="right",
    fontsize="small",
    color="0.3",
)
ax_acc.axhline(0.1, color="0.4", linestyle=":", linewidth=1)
ax_loss.set(xlabel="epoch", ylabel="training loss", title="Training loss (plain SGD)")
ax_loss.set_ylim(0, 2.7)
ax_acc.set(xlabel="epoch", ylabel="test accuracy", title="Test accuracy", ylim=(0, 1))
for ax in (ax_loss, ax_acc):
    ax.set_xticks([1, 5, 10, 15, 20])
handles, labels = ax_acc.get_legend_handles_labels()
fig.legend(handles, labels, loc="lower center", ncols=5, frameon=False)
fig.tight_layout(rect=(0, 0.07, 1, 1))

# %%
# Accuracy against depth
# ----------------------
# The same numbers, one bar per depth: the test accuracy after the last epoch.
fig, ax = plt.subplots(figsize=(5, 3.4))
final = [histories[d]["val_accuracy"][-1] for d in depths]
ax.bar([str(d) for d in depths], final, color=colors)
for i, acc in enumerate(final):
    ax.text(i, acc + 0.02, f"{acc:.2f}", ha="center", fontsize="small")
ax.axhline(0.1, color="0.4", linestyle=":", linewidth=1)
ax.set(xlabel="hidden layers", ylabel="test accuracy after 20 epochs", ylim=(0, 1.05))
ax.set_title("Same optimizer, same epochs, more layers")
fig.tight_layout()

# %%
# Inside the deepest network
# --------------------------
# The recorder kept the mean output of each of the 9 sigmoid layers at every training step.
# This is the measurement of Glorot & Bengio's (2010) Figure 2: the top hidden layer is
# pushed towards 0 (the bottom of the sigmoid), the two below it drift a little, and the
# lower layers stay at about 0.5, where they started, because almost no gradient reaches
# them:
means = recorder.history["mean"]  # {layer: [mean activation at each step]}
fig, ax = plt.subplots(figsize=(6, 3.6))
layer_colors = plt.cm.viridis([i / (len(means) - 1) * 0.9 for i in range(len(means))])
for color, (layer, values) in zip(layer_colors, means.items(), strict=True):
    ax.plot(values, color=color, linewidth=1.2, label=layer)
ax.set(xlabel="training step", ylabel="mean sigmoid output", ylim=(0, 1))
ax.set_title("Mean activation per layer, 9 hidden layers")
ax.legend(frameon=False, fontsize="x-small", ncols=3, loc="upper right")
fig.tight_layout()
top = list(means)[-1]
first, stds = means["layer 1"], recorder.history["std"]["layer 1"]
print(f"mean activation, layer 1: {first[0]:.3f} -> {first[-1]:.3f}")
print(f"mean activation, {top}: {means[top][0]:.3f} -> {means[top][-1]:.3f}")
print(f"std of layer 1's outputs: {stds[0]:.3f} -> {stds[-1]:.3f}")

# %%
# Result
# ------
# The re-run reproduces the claim, within this budget. With one hidden layer, plain SGD
# reaches the printed test accuracy above in 20 epochs; two hidden layers learn much more
# slowly; with three or more the networks stay at chance for all 20 epochs: their training
# loss does not leave :math:`\ln 10` and their test accuracy stays at one in ten (the printed
# numbers above). "Fails" here means exactly that: stuck on a plateau for the whole run, with
# the same optimizer and learning rate that trains the shallow network. It does not prove
# that the deep network could never learn: a plateau may end after many more epochs (Glorot
# & Bengio report their top layer recovering after about a hundred), and another learning rate,
# momentum, or a better initialization may shorten it. Inside the deep network we see what
# they saw: the top hidden layer is driven towards 0 while the lower layers, starved of
# gradient (:ref:`sphx_glr_auto_examples_vanishing_plot_gradient_norms_by_depth.py`), stay
# where they started. The way out, from 2006 on, is the subject of
# :ref:`sphx_glr_auto_examples_breakthrough_plot_greedy_pretraining.py`.

# sphinx_gallery_thumbnail_number = 1
