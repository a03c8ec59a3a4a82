"""
=======================================================
What the initial weights do to each layer's activations
=======================================================

**The claim.** Glorot & Bengio (2010) followed the activations of deep networks layer by
layer. With the "commonly used heuristic" of the time, weights uniform in
:math:`\\pm 1/\\sqrt{n}` for a layer with :math:`n` inputs, the spread of tanh activations
shrinks from one layer to the next (in their Figure 6 the peak at 0 grows in higher layers),
and the back-propagated gradients change across layers with it. They proposed a "normalized
initialization" that keeps the variance of activations and gradients roughly constant from
layer to layer,

.. math::

   W \\sim U\\left[-\\frac{\\sqrt 6}{\\sqrt{n_\\text{in} + n_\\text{out}}},
   \\frac{\\sqrt 6}{\\sqrt{n_\\text{in} + n_\\text{out}}}\\right],
   \\qquad \\operatorname{Var}(W) = \\frac{2}{n_\\text{in} + n_\\text{out}},

now called Xavier (or Glorot) initialization. Its derivation assumes units that are linear
around 0, like tanh. He et al. (2015) noted that a ReLU zeroes half of its inputs and so
halves the variance at every layer; their initialization, :math:`\\operatorname{Var}(W) =
2/n_\\text{in}`, makes up for it, and with it a 30-layer ReLU network converged where
Xavier's initialization stalled.

**The re-run.** A fully connected network with 5 hidden layers of 256 units, as deep as
Glorot & Bengio's, with tanh or ReLU units, its weights drawn five ways: :math:`N(0, 1)`,
:math:`N(0, 0.01^2)`, the heuristic above, Xavier's and He's rule. We pass the 1,347
training digits through each and draw the histogram of every layer's outputs, with
:class:`~dlbook.diagnostics.ActivationRecorder` and
:func:`~dlbook.plot.plot_activation_histograms`. See :doc:`/chapters/breakthrough` for the
story around it.
"""

# %%
# Five ways to draw the weights
# -----------------------------
# :class:`~dlbook.models.MLP` draws weights by name. Two of the five need a remark. Torch's
# own default for ``nn.Linear`` (``init="default"``) is exactly the heuristic Glorot & Bengio
# measured against. And dlbook's ``init="xavier"`` multiplies the 2010 rule by the gain torch
# recommends for the activation (5/3 for tanh, :math:`\sqrt 2` for ReLU, which turns it into
# He's variance); to re-run the paper we draw the weights again with torch's
# ``xavier_uniform_`` and its gain of 1, the rule as published. All biases start at zero:
import torch
from torch import nn

import dlbook
from dlbook.data import digits
from dlbook.models import MLP

print("device:", dlbook.device.describe())
device = dlbook.get_device()
X_train, _, _, _ = digits()
X = X_train.to(device)
WIDTH, DEPTH = 256, 5
INITS = {
    "N(0, 1)": {"init": "normal", "std": 1.0},
    "N(0, 0.01²)": {"init": "normal", "std": 0.01},
    "heuristic ±1/√n": {"init": "default"},
    "Xavier (2010)": {"init": "default"},  # re-drawn below with gain 1
    "He (2015)": {"init": "he"},
}


def make_net(activation, name):
    """The 64-256-256-256-256-256-10 network with the weights drawn by rule ``name``."""
    dlbook.seed_everything(0)
    net = MLP(64, [WIDTH] * DEPTH, 10, activation=activation, **INITS[name])
    if name.startswith("Xavier"):
        for linear in net.linears:
            nn.init.xavier_uniform_(linear.weight)  # gain 1: Glorot & Bengio's rule
            nn.init.zeros_(linear.bias)
    return net.to(device)


# %%
# Measuring one forward pass
# --------------------------
# :meth:`ActivationRecorder.record <dlbook.diagnostics.ActivationRecorder.record>` runs one
# forward pass and returns, for each activation layer, the mean and standard deviation of
# its outputs, the fraction of saturated units (tanh: :math:`|a| \ge 0.9`; ReLU: exactly 0)
# and, for tanh, a histogram on 50 bins over :math:`[-1, 1]`. A ReLU's outputs have no upper
# bound and their scale changes by orders of magnitude from one rule to the next, so for ReLU
# we take the outputs themselves (:meth:`MLP.hidden_representation
# <dlbook.models.MLP.hidden_representation>`) and histogram their logarithm:
from dlbook.diagnostics import ActivationRecorder

records, relu_outputs = {}, {}
for activation in ["tanh", "relu"]:
    for name in INITS:
        net = make_net(activation, name)
        bins = {"bins": 50} if activation == "tanh" else {}
        recorder = ActivationRecorder(net, **bins)
        records[activation, name] = (recorder.record(X), recorder.bin_edges)
        if activation == "relu":
            with torch.no_grad():
                outputs = [net.hidden_representation(X, i) for i in range(DEPTH)]
            relu_outputs[name] = outputs

for activation in ["tanh", "relu"]:
    what = "saturated" if activation == "tanh" else "exactly 0"
    print(f"{activation}: std of layers 1 to {DEPTH}; change per layer; {what}")
    for name in INITS:
        stats = records[activation, name][0]
        stds = list(stats["std"].values())
        per_layer = (stds[-1] / stds[0]) ** (1 / (DEPTH - 1))  # geometric mean
        sat = stats["saturation"][f"layer {DEPTH}"]
        print(
            f"  {name:16s}"
            + "".join(f"{v:9.1e}" for v in stds)
            + f"   x{per_layer:5.2f}   {sat:4.0%} in layer {DEPTH}"
        )

# %%
# Tanh: Glorot & Bengio's picture
# -------------------------------
# One panel per rule, the five layers overlaid, as in Glorot & Bengio's Figure 6. The last
# panel gathers the standard deviation of every layer for every rule:
import matplotlib.pyplot as plt

from dlbook.plot import CLASS_COLORS, plot_activation_histograms


def std_panel(ax, activation):
    """Standard deviation of each layer's outputs, one line per rule, on a log scale."""
    for color, name in zip(CLASS_COLORS, INITS, strict=False):
        stds = list(records[activation, name][0]["std"].values())
        ax.plot(range(1, DEPTH + 1), stds, "-o", color=color, markersize=4, label=name)
    ax.set(yscale="log", xlabel="layer", ylabel="std of the outputs")
    ax.set_xticks(range(1, DEPTH + 1))
    ax.set_title("Spread per layer", fontsize="medium")
    ax.legend(frameon=False, fontsize="x-small")


fig, axes = plt.subplots(2, 3, figsize=(12, 6.6))
for ax, name in zip(axes.flat, INITS, strict=False):
    stats, edges = records["tanh", name]
    plot_activation_histograms(stats["histogram"], ax, edges=edges)
    ax.set_title(f"tanh, {name}", fontsize="medium")
    ax.legend(frameon=False, fontsize="x-small", loc="upper right")
std_panel(axes.flat[-1], "tanh")
fig.tight_layout()

# %%
# With :math:`N(0, 1)` nearly every unit is pushed to :math:`\pm 1`, where the tanh is flat
# and passes almost no gradient; with :math:`N(0, 0.01^2)` the outputs shrink by the printed
# factor at every layer, towards a network that computes nearly nothing. The heuristic shrinks
# them more gently, layer after layer: the growing peak at 0 of Glorot & Bengio's figure.
# Xavier's rule keeps the five layers alike, which is what it was designed to do. He's rule,
# made for ReLUs, is a little too large for tanh: the spread is kept, but some units already
# saturate.
#
# ReLU: He et al.'s picture
# -------------------------
# The same for ReLU, on a logarithmic axis: each histogram shows the positive outputs (the
# zeros, about half of them under every rule, are left out), so a shift to the right by one
# unit is a factor of 10 in scale:
fig, axes = plt.subplots(2, 3, figsize=(12, 6.6))
for ax, name in zip(axes.flat, INITS, strict=False):
    outputs = relu_outputs[name]
    logs = {f"layer {i + 1}": torch.log10(a[a > 0]) for i, a in enumerate(outputs)}
    plot_activation_histograms(logs, ax, bins=60, hist_range=(-9, 6))
    ax.set_xlabel("log10 of positive outputs")
    ax.set_title(f"ReLU, {name}", fontsize="medium")
    ax.legend(frameon=False, fontsize="x-small", loc="upper left")
std_panel(axes.flat[-1], "relu")
fig.tight_layout()

# %%
# Result
# ------
# The re-run reproduces both claims. For tanh, the heuristic of the time lets the spread of
# the activations shrink from layer to layer, while Xavier's normalized initialization keeps
# it nearly constant (the printed standard deviations). For ReLU, :math:`N(0, 1)` makes the
# outputs explode and :math:`N(0, 0.01^2)` makes them vanish, by the printed factor per
# layer; Xavier's rule, derived for units that are linear around 0, still loses a constant
# fraction per layer, close to :math:`1/\sqrt 2`, because each ReLU zeroes half its inputs;
# He's rule, which doubles the variance to make up for it, keeps the spread constant. Over
# 5 layers Xavier's loss is mild; over 30 it compounds to a factor of tens of thousands,
# which is why He et al.'s 30-layer network stalled with it. We measured activations at
# initialization only; what a fading signal does to the gradients and to training is shown
# in :ref:`sphx_glr_auto_examples_vanishing_plot_gradient_norms_by_depth.py` and
# :ref:`sphx_glr_auto_examples_vanishing_plot_deep_sigmoid_digits.py`.

# sphinx_gallery_thumbnail_number = 1
