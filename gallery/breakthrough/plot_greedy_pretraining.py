"""
====================================================
Greedy layer-wise pretraining against a random start
====================================================

**The claim.** Hinton, Osindero & Teh (2006) trained a deep network one layer at a time,
without labels: a restricted Boltzmann machine (RBM) learns to model the images, its hidden
units' activities become the data of the next RBM, and so on up the stack; the weights so
found then start a network that is fine-tuned on the labels. Their three-hidden-layer
network reached 1.25% test error on MNIST, better, in their words, than the best
discriminative learning algorithms of the time. Bengio, Lamblin, Popovici & Larochelle
(2007) showed that autoencoders work in the same greedy scheme, and that a deep network
started this way generalizes much better than the same network trained by backpropagation
from random weights, which did worse than a shallow one. Deep networks were trainable
again; the field began to call itself "deep learning".

**The re-run.** A sigmoid network with 5 hidden layers of 64 units, on the digits. We
pretrain its hidden layers greedily, once as a stack of RBMs and once as a stack of
autoencoders (:func:`dlbook.models.pretrain_greedy`), turn each stack into an
:class:`~dlbook.models.MLP` and fine-tune it with SGD; the same network from random weights
gets the same optimizer and the same epochs. See :doc:`/chapters/breakthrough` for the
story around it.
"""

# %%
# Pretraining, one layer at a time
# --------------------------------
# Pretraining sees only the 1,347 training images, never their labels. Each layer is trained
# for 10 epochs on the outputs of the layers below it, which stay fixed; pixel values lie in
# [0, 1], as the binary units of an RBM require:
import time

import dlbook
from dlbook.data import digits
from dlbook.models import pretrain_greedy

print("device:", dlbook.device.describe())
device = dlbook.get_device()
X_train, y_train, X_test, y_test = digits()
sizes = [64] * 5  # hidden units, input side first
stacks = {}
for method in ["rbm", "autoencoder"]:
    tic = time.perf_counter()
    stacks[method] = pretrain_greedy(
        X_train, sizes, method=method, epochs=10, lr=0.1, seed=0, device=device
    )
    seconds = time.perf_counter() - tic
    errors = ", ".join(f"{curve[-1]:.4f}" for curve in stacks[method].curves)
    print(f"{method:11s} pretrained in {seconds:.1f} s; final error per layer: {errors}")

# %%
# The reconstruction error of each layer falls as it learns; the higher layers model the
# already simplified codes of the layers below and reach lower errors:
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
layer_colors = plt.cm.viridis([0.0, 0.22, 0.45, 0.67, 0.9])
for ax, (method, stack) in zip(axes, stacks.items(), strict=True):
    for i, (color, curve) in enumerate(zip(layer_colors, stack.curves, strict=True)):
        epochs = range(1, len(curve) + 1)
        ax.plot(epochs, curve, "-o", color=color, markersize=3, label=f"layer {i + 1}")
    ax.set(xlabel="epoch", ylabel="mean squared reconstruction error", yscale="log")
    ax.set_title(f"Greedy pretraining: {'RBMs' if method == 'rbm' else 'autoencoders'}")
axes[0].legend(frameon=False, fontsize="small", ncols=2)
fig.tight_layout()

# %%
# What the first layer learned
# ----------------------------
# Each first-layer unit has 64 weights, one per pixel, which we draw as an 8x8 image
# (:func:`dlbook.plot.plot_filters`). Random weights are noise; after pretraining, without
# a single label, many units respond to strokes and blobs of the digits:
from dlbook.models import MLP
from dlbook.plot import plot_filters

dlbook.seed_everything(0)
random_net = MLP(64, sizes, 10, activation="sigmoid")  # torch's default initialization
first_layers = {
    "random initialization": random_net.linears[0].weight,
    "first RBM": stacks["rbm"].layers[0].weight,
    "first autoencoder": stacks["autoencoder"].layers[0].weight,
}
fig, axes = plt.subplots(1, 3, figsize=(10, 3.6))
for ax, (name, weight) in zip(axes, first_layers.items(), strict=True):
    plot_filters(weight.detach().reshape(64, 1, 8, 8), ax=ax, ncols=8, title=name)
fig.tight_layout()

# %%
# Why it helps: the gradient at the start
# ---------------------------------------
# :meth:`GreedyPretraining.to_mlp <dlbook.models.GreedyPretraining.to_mlp>` copies the
# pretrained weights into a sigmoid MLP and adds a fresh output layer. Before any
# fine-tuning, we measure the gradient of the classification loss with respect to each
# layer's weights, for the pretrained networks and the random one
# (:func:`~dlbook.diagnostics.gradient_norms_at_init`):
from dlbook.diagnostics import gradient_norms_at_init
from dlbook.plot import plot_gradient_flow


def make_start(name):
    """A fresh copy of one starting point: pretrained (rbm, autoencoder) or random."""
    if name == "random":
        dlbook.seed_everything(0)
        return MLP(64, sizes, 10, activation="sigmoid")
    return stacks[name].to_mlp(10, seed=0)


starts = ["rbm", "autoencoder", "random"]
labels = {
    "rbm": "RBM-pretrained",
    "autoencoder": "autoencoder-pretrained",
    "random": "random initialization",
    "ReLU + He init + Adam": "ReLU + He init + Adam (no pretraining)",
}
norms = {}
for name in starts:
    net = make_start(name).to(device)
    norms[name] = gradient_norms_at_init(net, X_train.to(device), y_train.to(device))
    print(
        f"{name:11s} gradient norm, layer 1: {norms[name]['layer 1']:.1e}, "
        f"output layer: {norms[name]['layer 6']:.1e}"
    )
fig, ax = plt.subplots(figsize=(5.5, 3.5))
plot_gradient_flow(
    {labels[k]: v for k, v in norms.items()},
    ax=ax,
    title="Gradient norm per layer before fine-tuning",
)
fig.tight_layout()

# %%
# Fine-tuning
# -----------
# Each starting point is trained on the labels with the same optimizer: SGD with learning
# rate 0.1 and momentum 0.9, batches of 64, 20 epochs. A fourth run shows what replaced
# pretraining a few years later: the same shape of network from random weights, but with
# ReLU units, He et al.'s (2015) initialization and the Adam optimizer (Kingma & Ba 2015):
import torch

from dlbook.train import Trainer


def sgd(params):
    return torch.optim.SGD(params, lr=0.1, momentum=0.9)


def adam(params):
    return torch.optim.Adam(params, lr=1e-3)


runs = {name: (make_start(name), sgd) for name in starts}
dlbook.seed_everything(0)
runs["ReLU + He init + Adam"] = (MLP(64, sizes, 10, activation="relu", init="he"), adam)
histories = {}
for name, (net, optimizer) in runs.items():
    trainer = Trainer(optimizer=optimizer, epochs=20, batch_size=64)
    histories[name] = trainer.fit(net, (X_train, y_train), (X_test, y_test))
    acc = histories[name]["val_accuracy"]
    print(f"{name:22s} test accuracy, epoch 1: {acc[0]:.3f}, epoch 20: {acc[-1]:.3f}")

# %%
# The learning curves on the 450 test digits:
from dlbook.plot import CLASS_COLORS

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.8))
for i, (name, h) in enumerate(histories.items()):
    style = {"color": CLASS_COLORS[i], "marker": "o", "markersize": 3}
    style["label"] = labels[name]
    if name.startswith("ReLU"):
        style["linestyle"] = "--"
    ax_loss.plot(h["epoch"], h["train_loss"], **style)
    ax_acc.plot(h["epoch"], h["val_accuracy"], **style)
ax_loss.set(xlabel="epoch", ylabel="training loss", title="Fine-tuning: training loss")
ax_acc.set(xlabel="epoch", ylabel="test accuracy", title="Fine-tuning: test accuracy")
ax_acc.set_ylim(0, 1)
ax_acc.legend(frameon=False, fontsize="small", loc="center right")
for ax in (ax_loss, ax_acc):
    ax.set_xticks([1, 5, 10, 15, 20])
fig.tight_layout()

# %%
# Result
# ------
# The re-run reproduces the claim for this network and this optimizer. From random weights
# the 5-hidden-layer sigmoid network stays at chance for all 20 epochs: its first layer gets
# a gradient orders of magnitude smaller than from either pretrained start (printed above).
# Started from either pretrained stack, the same network, optimizer and epochs reach the
# printed test accuracies. Both kinds of pretraining work, as Bengio et al. (2007) found;
# which of the two does better here is a matter of this small run's settings (10 epochs of
# pretraining per layer, one learning rate), not a general finding.
#
# The dashed curve is why the story did not stop there. With ReLU units, an initialization
# scaled to them and an adaptive optimizer, the same shape of network trains from random
# weights without any pretraining, about as well. That is what happened to the field: Glorot &
# Bengio (2010) showed how to scale random initial weights, Glorot, Bordes & Bengio (2011)
# that networks of rectifiers (Nair & Hinton 2010) reach their best without pretraining when
# labelled data is plentiful, and AlexNet (Krizhevsky et al. 2012), trained on ImageNet's
# million labelled images, used none. Unsupervised pretraining helps most when labels are
# few compared with unlabelled data. Erhan et al. (2010) weighed two explanations of why it
# helps, easier optimization and a regularizing effect, and found the evidence on their
# (much larger) data sets favoured the second. On our 1,347 small images the first is what we
# can see: the pretrained weights start every layer where its gradient is large enough to
# learn. See :ref:`sphx_glr_auto_examples_breakthrough_plot_init_activation_histograms.py`
# for what the scale of random initial weights does to each layer.

# sphinx_gallery_thumbnail_number = 4
