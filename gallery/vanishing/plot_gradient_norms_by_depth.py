"""
================================================
Vanishing gradients: the gradient norm per layer
================================================

**The claim.** Hochreiter (1991) showed in his diploma thesis that the error signal
backpropagation sends back through a network of sigmoid-like units shrinks (or blows up)
exponentially with the number of steps it travels, and Bengio, Simard & Frasconi (1994)
proved that gradient descent therefore has great difficulty learning long-range
dependencies. Both studied recurrent networks, whose steps in time are layers once the
network is unrolled; the same arithmetic holds for the layers of a deep feedforward
network. Each sigmoid layer multiplies the
backpropagated error by the slope of the unit, and that slope is never larger than a quarter:

.. math::

   \\sigma(z) = \\frac{1}{1 + e^{-z}}, \\qquad
   \\sigma'(z) = \\sigma(z)\\,\\bigl(1 - \\sigma(z)\\bigr) \\le \\tfrac14 .

Unless the weights make up for it, the gradient reaching the first layer of an
:math:`L`-layer sigmoid network is smaller than the one at the top by a factor of the order
of :math:`4^{-(L-1)}`.

**The re-run.** We measure the L2 norm of every layer's weight gradient in fully connected
networks on the digits, with sigmoid, tanh and ReLU units, at initialization and during
training, for depths from 2 to 10 layers. See :doc:`/chapters/vanishing-gradients` for the
story around it.
"""

# %%
# Three slopes
# ------------
# Backpropagation multiplies, layer after layer, by the derivative of the activation at each
# unit's input. The sigmoid's slope peaks at 1/4 at zero and decays on both sides; tanh's
# peaks at 1; the ReLU's is exactly 1 wherever the unit is active and 0 elsewhere:
import matplotlib.pyplot as plt
import torch

import dlbook
from dlbook.plot import CLASS_COLORS

print("device:", dlbook.device.describe())
z = torch.linspace(-6, 6, 601, requires_grad=True)
fig, ax = plt.subplots(figsize=(5.5, 3.2))
slopes = [("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("ReLU", torch.relu)]
for color, (name, fn) in zip(CLASS_COLORS, slopes, strict=False):
    (slope,) = torch.autograd.grad(fn(z).sum(), z)  # the derivative at every point of z
    label = f"{name}: max {slope.max():.2f}"
    ax.plot(z.detach(), slope, color=color, linewidth=2, label=label)
ax.axhline(0.25, color="0.4", linestyle=":", linewidth=1)
ax.set_xlabel("unit input $z$")
ax.set_ylabel("slope $f'(z)$")
ax.set_title("How much of the error signal each unit passes back")
ax.legend(frameon=False, fontsize="small")
fig.tight_layout()

# %%
# A 10-layer network at initialization
# ------------------------------------
# We build three networks of 10 weight layers (9 hidden layers of 64 units, then 10 outputs)
# that differ only in their activation. Their weights start from torch's default rule,
# uniform in :math:`\pm 1/\sqrt{\text{fan-in}}`, the "commonly used heuristic" Glorot & Bengio
# (2010) took as the standard of the time. For one batch of training digits,
# :func:`~dlbook.diagnostics.gradient_norms_at_init` gives the norm of the loss gradient with
# respect to each layer's weights, input layer first:
from dlbook.data import digits
from dlbook.diagnostics import gradient_norms_at_init
from dlbook.models import MLP

device = dlbook.get_device()
X_train, y_train, X_test, y_test = digits()
X_batch, y_batch = X_train[:256].to(device), y_train[:256].to(device)
activations = ["sigmoid", "tanh", "relu"]


def make_net(activation, n_hidden=9, seed=0):
    """n_hidden layers of 64 units, torch's default initialization."""
    dlbook.seed_everything(seed)
    return MLP(64, [64] * n_hidden, 10, activation=activation).to(device)


at_init = {}
for act in activations:
    at_init[act] = gradient_norms_at_init(make_net(act), X_batch, y_batch)
    first, last = at_init[act]["layer 1"], at_init[act]["layer 10"]
    print(f"{act:8s} layer 1: {first:.1e}, layer 10: {last:.1e}, ratio {first / last:.0e}")

# %%
# On a log scale the sigmoid network's gradient falls by about an order of magnitude per
# layer from the output back to the input; tanh and ReLU lose far less:
from dlbook.plot import plot_gradient_flow

fig, ax = plt.subplots(figsize=(6, 3.6))
plot_gradient_flow(at_init, ax=ax, title="Gradient norm per layer at initialization")
ax.set_xticks(range(10), [str(i) for i in range(1, 11)])
fig.tight_layout()

# %%
# The loss over depth
# -------------------
# How does the shrinkage grow with depth? For networks of 2 to 10 weight layers we divide the
# first layer's gradient norm by the last layer's, averaged (geometrically) over three random
# initializations. The dotted line is :math:`4^{-(L-1)}`, the factor the sigmoid's slope
# alone would impose on weights of gain one:
import math

depths = list(range(2, 11))  # weight layers: 1 to 9 hidden ones, plus the output
ratios = {}
for act in activations:
    ratios[act] = []
    for n_layers in depths:
        logs = []
        for seed in range(3):
            net = make_net(act, n_hidden=n_layers - 1, seed=seed)
            values = list(gradient_norms_at_init(net, X_batch, y_batch).values())
            logs.append(math.log10(values[0] / values[-1]))
        ratios[act].append(10 ** (sum(logs) / len(logs)))
    print(f"{act:8s} first/last layer:", " ".join(f"{r:.0e}" for r in ratios[act]))

fig, ax = plt.subplots(figsize=(5.5, 3.6))
for color, act in zip(CLASS_COLORS, activations, strict=False):
    ax.plot(depths, ratios[act], "-o", color=color, markersize=4, label=act)
bound = [4.0 ** -(n - 1) for n in depths]
ax.plot(depths, bound, ":", color="0.3", label="$4^{-(L-1)}$")
ax.set_yscale("log")
ax.set_xlabel("number of weight layers $L$")
ax.set_ylabel("|grad layer 1| / |grad layer L|")
ax.set_title("How much smaller the first layer's gradient is")
ax.legend(frameon=False, fontsize="small")
fig.tight_layout()

# %%
# During training
# ---------------
# Initialization is only the starting point. We now train the three 10-layer networks for
# 10 epochs with plain SGD, as in the 1990s, and let a
# :class:`~dlbook.diagnostics.GradientNormRecorder` record every layer's gradient norm at
# every step (it is a :class:`~dlbook.train.Trainer` callback):
from dlbook.diagnostics import GradientNormRecorder
from dlbook.train import Trainer

during = {}
for act in activations:
    net = make_net(act)
    recorder = GradientNormRecorder(net)
    trainer = Trainer(
        optimizer=lambda params: torch.optim.SGD(params, lr=0.1),
        epochs=10,
        batch_size=64,
        callbacks=[recorder],
    )
    history = trainer.fit(net, (X_train, y_train), (X_test, y_test))
    during[act] = recorder.history  # {layer: [norm at each step]}
    steps = len(recorder.history["layer 1"])
    mean = {k: sum(v) / len(v) for k, v in recorder.history.items()}
    first, last = mean["layer 1"], mean["layer 10"]
    acc = history["val_accuracy"][-1]
    print(f"{act:8s} mean over {steps} steps, layer 1: {first:.1e}, layer 10: {last:.1e}")
    print(f"{act:8s} test accuracy after 10 epochs: {acc:.3f}")

# %%
# Each line is the mean over all training steps, the band runs from the smallest to the
# largest norm seen. The profile of the start persists: the sigmoid network's lower layers
# keep receiving gradients many orders of magnitude smaller than its top layer's, so they
# hardly move:
fig, ax = plt.subplots(figsize=(6, 3.6))
plot_gradient_flow(during, ax=ax, title="Gradient norm per layer, 10 epochs of SGD")
ax.set_xticks(range(10), [str(i) for i in range(1, 11)])
fig.tight_layout()

# %%
# Result
# ------
# The re-run reproduces the claim. In the sigmoid network the gradient shrinks by roughly a
# constant factor per layer, so the gap between the first and the last layer grows
# exponentially with depth (the printed ratios above); it grows even faster than
# :math:`4^{-(L-1)}` because torch's default weights have a gain below one, which the
# sigmoid's slope then multiplies. Training does not close the gap. Tanh, whose slope
# reaches 1, and the ReLU, whose slope is 1 wherever a unit is active, lose far less with the
# same initialization.
#
# A smaller gradient is not the whole story, though: the printed test accuracies show that
# at this depth and with this initialization none of the three networks learns much within
# 10 epochs (one in ten is chance). The weights' scale also makes the signal fade on the
# way *forward*, for every activation; that is what the initializations of Glorot & Bengio
# (2010) and He et al. (2015) fix, see
# :ref:`sphx_glr_auto_examples_breakthrough_plot_init_activation_histograms.py`. What depth
# costs a sigmoid network that a shallow one can learn is measured in
# :ref:`sphx_glr_auto_examples_vanishing_plot_deep_sigmoid_digits.py`.

# sphinx_gallery_thumbnail_number = 3
