"""
====================================================
Greedy layer-wise pretraining against a random start
====================================================

**The claim.** Hinton, Osindero & Teh (2006, ``hinton2006``) trained a deep network one
layer at a time without labels, each restricted Boltzmann machine (RBM) modelling the
hidden activities of the one below. Hinton & Salakhutdinov (2006,
``hinton2006reducing``) fine-tuned such stacks by backpropagation; Bengio, Lamblin,
Popovici & Larochelle (2007, ``bengio2007``) showed that stacks of autoencoders serve
as well, and that the network so started generalizes much better than from random
weights.

**The re-run.** A sigmoid network, 4 hidden layers of 128 units, on Fashion-MNIST
(Xiao, Rasul & Vollgraf 2017), pretrained greedily as RBMs or autoencoders
(:func:`dlbook.models.pretrain_greedy`) and fine-tuned by backpropagation; the same
network from random weights gets the same optimizer and epochs.
"""

# %%
# Pretraining, one layer at a time
# --------------------------------
# Pretraining sees the images, never their labels (pixels in :math:`[0, 1]`, as an RBM's
# binary units require); each layer trains for 10 epochs on the fixed layers below:
from dlbook import scale
from dlbook.data import fashion_mnist_tensors
from dlbook.models import pretrain_greedy

n_train, n_test, epochs = scale.pick(book=(2000, 2000, 20), paper=(60000, 10000, 30))
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
# Each first-layer unit's weights drawn as a 28x28 image. Random weights are noise;
# pretrained, without a single label, units respond to outlines and patches of clothes:
import matplotlib.pyplot as plt

from dlbook.models import MLP
from dlbook.plot import plot_filters


def make_start(name):
    """A fresh copy of a starting point: pretrained (rbm, autoencoder) or random."""
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
# Fine-tuning by backpropagation
# ------------------------------
# Each start is trained on the labels by SGD (learning rate 0.1, momentum 0.9, batches
# of 64). A fourth run shows what replaced pretraining: the same shape from random
# weights, with ReLUs, He et al.'s (2015) initialization and Adam (Kingma & Ba 2015):
from functools import partial

import torch

from dlbook.plot import plot_runs
from dlbook.train import Trainer

sgd = partial(torch.optim.SGD, lr=0.1, momentum=0.9)
adam = partial(torch.optim.Adam, lr=1e-3)

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
# A pretrained start is better when it beats the random start's test accuracy by at
# least two standard errors of a test accuracy, :math:`\sqrt{p(1-p)/n}` (partly: one):
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
plt.show()  # a terminal run opens the figures here; a page shows them inline
show(autoencoder.decide(gain, rule, formats={name: ".3f"}))

# %%
# What the numbers mean
# ---------------------
# The cards compare starts under one optimizer and budget; a random start that stalls
# might leave its plateau with more epochs or another learning rate. Pretraining should
# help most where labels are few. Erhan et al. (2010) found it acts more as a
# regularizer than as easier optimization; Glorot, Bordes & Bengio (2011) trained
# rectifier networks without it, and AlexNet (Krizhevsky et al. 2012) used none.

# sphinx_gallery_thumbnail_number = 1
