"""
====================================================
Greedy layer-wise pretraining against a random start
====================================================

**The claim.** Hinton, Osindero & Teh (2006, ``hinton2006``) trained a deep network one
layer at a time, without labels: a restricted Boltzmann machine (RBM) learns to model
the images, its hidden units' activities become the data of the next RBM, and so on up
the stack. They fine-tuned the stack not by backpropagation but by a contrastive version
of the wake-sleep algorithm (the "up-down" algorithm). Fine-tuning the pretrained
weights by backpropagation, which is what this page does, came the same year and the
next: Hinton & Salakhutdinov (2006, ``hinton2006reducing``) started deep networks from
stacks of RBMs and fine-tuned them by backpropagation, for autoencoders and for
classifying MNIST digits, and Bengio, Lamblin, Popovici & Larochelle (2007,
``bengio2007``) showed that stacks of autoencoders serve as well, and that the deep
network so started generalizes much better than the same network trained by
backpropagation from random weights.

**The re-run.** A sigmoid network with 4 hidden layers of 128 units, on a subset of
Fashion-MNIST (Xiao, Rasul & Vollgraf 2017). We pretrain its hidden layers greedily,
once as RBMs and once as autoencoders (:func:`dlbook.models.pretrain_greedy`), turn each
stack into an :class:`~dlbook.models.MLP` and fine-tune it by backpropagation; the same
network from random weights gets the same optimizer and epochs. See
:doc:`/chapters/breakthrough` for the story around it.
"""

# %%
# Pretraining, one layer at a time
# --------------------------------
# Pretraining sees the training images, never their labels; pixel values lie in
# :math:`[0, 1]`, as the binary units of an RBM require. Each layer is trained for 10
# epochs on the outputs of the layers below it, which stay fixed:
from dlbook import scale
from dlbook.data import fashion_mnist_tensors
from dlbook.models import pretrain_greedy

n_train, n_test, epochs = scale.pick(
    book=(2_000, 2_000, 20), paper=(60_000, 10_000, 30)
)
X, y = fashion_mnist_tensors("train", n=n_train, seed=0, flatten=True)
X_test, y_test = fashion_mnist_tensors("test", n=n_test, seed=0, flatten=True)
print(f"Fashion-MNIST, 28x28 grey: {n_train} training and {n_test} test images;")
print(f"{epochs} epochs of fine-tuning, seed 0; {scale.current()} scale")
sizes = [128] * 4  # hidden units, input side first
stacks = {
    method: pretrain_greedy(X, sizes, method=method, epochs=10, lr=0.1, seed=0)
    for method in ["rbm", "autoencoder"]
}

# %%
# What the first layer learned
# ----------------------------
# Each first-layer unit has one weight per pixel, drawn as a 28x28 image
# (:func:`dlbook.plot.plot_filters`). Random weights are noise; after pretraining,
# without a single label, units respond to the outlines and patches of the clothes:
import matplotlib.pyplot as plt

from dlbook.models import MLP
from dlbook.plot import plot_filters


def make_start(name):
    """A fresh copy of one starting point: pretrained (rbm, autoencoder) or random."""
    if name == "random":  # torch's default rule, the heuristic of the time
        return MLP(784, sizes, 10, activation="sigmoid", seed=0)
    return stacks[name].to_mlp(10, seed=0)


STARTS = {"rbm": "RBM-pretrained", "autoencoder": "autoencoder-pretrained"}
STARTS["random"] = "random weights"
fig, axes = plt.subplots(1, 3, figsize=(10, 2.8))
for ax, (name, label) in zip(axes, STARTS.items(), strict=True):
    weight = make_start(name).linears[0].weight.detach()[:32]
    plot_filters(weight.reshape(32, 1, 28, 28), ax=ax, ncols=8, title=label)

# %%
# The gradient at the start
# -------------------------
# Before any fine-tuning, the gradient of the classification loss with respect to each
# layer's weights, for one batch (:func:`~dlbook.diagnostics.gradient_norms_at_init`):
from dlbook.diagnostics import gradient_norms_at_init
from dlbook.plot import plot_gradient_flow

norms = {
    label: gradient_norms_at_init(make_start(name), X[:512], y[:512])
    for name, label in STARTS.items()
}
plot_gradient_flow(norms, title="Gradient norm per layer before fine-tuning")

# %%
# Fine-tuning by backpropagation
# ------------------------------
# Each start is trained on the labels with the same optimizer: SGD with learning rate
# 0.1 and momentum 0.9, batches of 64. A fourth run shows what replaced pretraining a
# few years later: the same shape of network from random weights, with ReLU units, He et
# al.'s (2015) initialization and the Adam optimizer (Kingma & Ba 2015):
import torch

from dlbook.plot import plot_runs
from dlbook.train import Trainer


def sgd(params):
    return torch.optim.SGD(params, lr=0.1, momentum=0.9)


def adam(params):
    return torch.optim.Adam(params, lr=1e-3)


starts = {label: (make_start(name), sgd) for name, label in STARTS.items()}
relu = MLP(784, sizes, 10, activation="relu", init="he", seed=0)
starts["ReLU + He + Adam, no pretraining"] = (relu, adam)
runs = {}
for label, (net, optimizer) in starts.items():
    trainer = Trainer(optimizer=optimizer, epochs=epochs, batch_size=64, seed=0)
    runs[label] = trainer.fit(net, (X, y), (X_test, y_test))
ax = plot_runs(runs, "accuracy", "val", title="Fine-tuning: test accuracy")
ax.set_ylim(0, 1)

# %%
# The final test accuracies:
from dlbook.display import show
from dlbook.table import Table

final = {label: h["val_accuracy"][-1] for label, h in runs.items()}
rows = [{"start": label, "test accuracy": acc} for label, acc in final.items()]
show(Table(rows, formats={"test accuracy": ".3f"}))

# %%
# The claims
# ----------
# A pretrained start counts as better when its test accuracy beats the random start's by
# at least two standard errors of a test accuracy (the test set's own noise,
# :math:`\sqrt{p(1-p)/n}`), partly when by one:
from dlbook.claims import Claim, at_least

noise = (0.25 / n_test) ** 0.5  # the largest standard error, at p = 1/2
rbm = Claim(
    key="greedy-pretraining-rbm",
    era="breakthrough",
    source="hinton2006reducing",
    cite="Hinton & Salakhutdinov 2006",
    claim="A deep network pretrained as a stack of RBMs and fine-tuned by "
    "backpropagation beats the same network trained from random weights",
    paper="MNIST, 784-500-500-2000-10: 1.2% test error after pretraining, against "
    "1.6%, the best reported for backpropagation from random weights",
)
name = "RBM-pretrained minus random: test accuracy"
gain = {name: final["RBM-pretrained"] - final["random weights"]}
show(rbm.decide(gain, at_least(name, 2 * noise, partly=noise), formats={name: ".3f"}))

# %%
# Autoencoders in the same scheme, decided the same way:
autoencoder = Claim(
    key="greedy-pretraining-autoencoder",
    era="breakthrough",
    source="bengio2007",
    cite="Bengio et al. 2007",
    claim="Greedy pretraining with autoencoders, fine-tuned by backpropagation, beats "
    "the same deep network trained from random weights",
    paper="lower test error on MNIST with autoencoder or RBM pretraining than from "
    "random weights, where the deep network did worse than a shallow one",
)
name = "autoencoder-pretrained minus random: test accuracy"
gain = {name: final["autoencoder-pretrained"] - final["random weights"]}
rule = at_least(name, 2 * noise, partly=noise)
show(autoencoder.decide(gain, rule, formats={name: ".3f"}))

# %%
# What the numbers mean
# ---------------------
# The cards compare starting points under one optimizer and one budget; a random start
# that stalls here might still leave its plateau with more epochs or another learning
# rate. Hinton & Salakhutdinov and Bengio et al. pretrained on all of MNIST's digits;
# pretraining is expected to help most where labelled examples are few (the run's size
# is printed at the top). Erhan et al. (2010) weighed two explanations of why it helps,
# easier optimization and a regularizing effect, and found their evidence favoured the
# second; the gradients before fine-tuning are the measure of the first. The ReLU run is
# why the story did not stop there: Glorot, Bordes & Bengio (2011) showed rectifier
# networks reach their best without pretraining, and AlexNet (Krizhevsky et al. 2012)
# used none. What the scale of random weights does to each layer is shown in
# :ref:`sphx_glr_auto_examples_breakthrough_plot_init_activation_histograms.py`.

# sphinx_gallery_thumbnail_number = 1
