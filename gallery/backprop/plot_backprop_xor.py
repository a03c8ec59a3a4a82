"""
=================================================
Backpropagation learns XOR, written out by hand
=================================================

**The claim.** Rumelhart, Hinton and Williams (1986) trained the hidden units that XOR
needs: replace each step by a smooth sigmoid and pass the derivative of the squared
output error back through the network, layer by layer, with the chain rule (the
"generalized delta rule"; Werbos 1974 had described the same computation). XOR was a
test problem of their chapter in the PDP volume. Their *Nature* paper adds that a
network very rarely gets stuck in a poor local minimum, met only with just enough
connections for the task, and that a few more connections help.

**The re-run.** :mod:`dlbook.backprop` writes the forward and backward passes out by
hand, without autograd. We check its gradients, train a 2-2-1 sigmoid network on XOR
with it, then count how many random starts get stuck with two hidden units (just enough
for XOR) and with three. The chapter :doc:`/chapters/backprop` derives the equations.
"""

# %%
# Check the hand-written gradients
# --------------------------------
# The network is a list of ``(W, b)`` pairs, ``W`` shaped ``(out, in)`` so that a layer
# computes :math:`z = a W^\top + b`; the weights start uniform in :math:`[-1, 1]` (the
# random start ``seed=1``; the starts that get stuck are counted below), in float64.
# :func:`dlbook.gradcheck.gradient_check` compares :func:`~dlbook.backprop.backward`
# entry by entry with ``torch.autograd`` and with central finite differences, and
# reports the largest absolute and relative differences:
import torch

from dlbook import backprop
from dlbook.data import logic_gate
from dlbook.display import show
from dlbook.gradcheck import gradient_check
from dlbook.table import Table

X, labels = logic_gate("xor", dtype=torch.float64)  # (4, 2), (4,)
y = labels.double()  # targets for the squared error
params = backprop.init_params([2, 2, 1], seed=1, scale=1.0)  # [(W1, b1), (W2, b2)]
report = gradient_check(params, X, y)  # {"W1": {"autograd_rel": ...}, "b1": ...}
rows = [{"tensor": name} | errors for name, errors in report.items()]
show(Table(rows, formats=dict.fromkeys(report["W1"], ".1e")))

# %%
# float64 rounds at about one part in :math:`10^{16}`; finite differences add an error
# of order :math:`\epsilon^2` plus the rounding error divided by :math:`\epsilon`.
#
# Train: forward, backward, step
# ------------------------------
# A forward pass keeps every layer's activations, the backward pass turns the output
# error into a gradient for every weight, and the weights move against it, with the 1986
# momentum term
# :math:`\Delta w(t) = -\eta\, \partial E / \partial w + \alpha\, \Delta w(t-1)`.
# :mod:`dlbook.backprop`'s loss is half the squared error *averaged* over the four
# patterns, where Rumelhart et al. *summed* it: :math:`\eta = 2` on the average takes
# the same steps as :math:`\eta = 0.5` on their sum. We keep the weights at a few
# epochs:
EPOCHS, LR, MOMENTUM = 1000, 2.0, 0.9
SNAPSHOTS = (0, 50, 100, 150, 300, EPOCHS)

velocity = [(torch.zeros_like(W), torch.zeros_like(b)) for W, b in params]
losses, snapshots = [], {}
for epoch in range(EPOCHS + 1):
    if epoch in SNAPSHOTS:
        snapshots[epoch] = params
    cache = backprop.forward(params, X)  # {"z": [z1, z2], "a": [X, a1, a2]}
    losses.append(float(((cache["a"][-1].squeeze(1) - y) ** 2).mean() / 2))
    if epoch == EPOCHS:
        break
    grads = backprop.backward(params, cache, y)  # [(dW1, db1), (dW2, db2)]
    velocity = [
        (MOMENTUM * vW - LR * dW, MOMENTUM * vb - LR * db)
        for (vW, vb), (dW, db) in zip(velocity, grads, strict=True)
    ]
    params = [
        (W + vW, b + vb) for (W, b), (vW, vb) in zip(params, velocity, strict=True)
    ]
outputs = [round(v, 3) for v in cache["a"][-1].squeeze(1).tolist()]
print(f"outputs for (0,0), (0,1), (1,0), (1,1) after {EPOCHS} epochs: {outputs}")

# %%
# The decision boundary as it learns
# ----------------------------------
# :func:`dlbook.convert.to_mlp` turns the ``(W, b)`` pairs into a
# :class:`dlbook.models.MLP`, which :func:`dlbook.plot.plot_decision_boundary` draws;
# for reference, answering 1/2 to every pattern costs a loss of 1/8:
import matplotlib.pyplot as plt

from dlbook.convert import to_mlp
from dlbook.plot import plot_decision_boundary

fig, axes = plt.subplots(2, 3, figsize=(9.5, 6.4), sharex=True, sharey=True)
for ax, (epoch, snapshot) in zip(axes.flat, snapshots.items(), strict=True):
    plot_decision_boundary(to_mlp(snapshot), X, labels, ax=ax)
    ax.get_legend().remove()
    ax.set_title(f"epoch {epoch}: loss {losses[epoch]:.3g}", fontsize="small")
    ax.label_outer()

# %%
# How many random starts get stuck
# --------------------------------
# We repeat the training from many random starts, with two hidden units and with three.
# To run them all at once, each weight gets a leading dimension, one entry per start;
# autograd (equal to the hand-written pass, as checked above) computes the gradients,
# and ``torch.optim.SGD`` with momentum takes the same steps as the loop above:
from dlbook.scale import pick


def train_starts(hidden, seeds):
    """Train one 2-hidden-1 network per seed, all at once; which of them solve XOR."""
    starts = [backprop.init_params([2, hidden, 1], seed=s, scale=1.0) for s in seeds]
    flat = [sum(start, ()) for start in starts]  # (W1, b1, W2, b2) of each start
    W1, b1, W2, b2 = (torch.stack(t).requires_grad_() for t in zip(*flat, strict=True))
    optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=LR, momentum=MOMENTUM)
    for epoch in range(EPOCHS + 1):  # forward passes after 0, 1, ..., EPOCHS steps
        hidden_out = torch.sigmoid(X @ W1.mT + b1[:, None])  # (starts, 4, hidden)
        out = torch.sigmoid(hidden_out @ W2.mT + b2[:, None]).squeeze(2)  # (starts, 4)
        if epoch < EPOCHS:
            optimizer.zero_grad()
            (((out - y) ** 2).mean(dim=1) / 2).sum().backward()  # each start's own loss
            optimizer.step()
    return ((out > 0.5).long() == labels).all(dim=1)  # (starts,)


SEEDS = range(pick(book=20, paper=200))
stuck = {h: 1 - train_starts(h, SEEDS).double().mean().item() for h in (2, 3)}
print(f"{len(SEEDS)} random starts each, {EPOCHS} epochs")

# %%
# The verdicts
# ------------
# A start is stuck if after the epochs above some output is still on the wrong side of
# 1/2 (in a local minimum, or on a plateau flat enough to act as one); we read "very
# rarely" as at most 5% of the starts. How often a start gets stuck depends on choices
# the papers fix differently or leave open (the range of the initial weights, the
# learning rate, the momentum, the epochs, the test of success), so read the rates as
# properties of this setting:
from dlbook.claims import Claim, all_of, at_least, at_most

learns = Claim(
    key="backprop-xor-learns",
    era="backprop",
    source="rumelhart1986pdp",
    cite="Rumelhart, Hinton & Williams 1986 (PDP)",
    claim="Back-propagation trains a 2-2-1 sigmoid network to compute XOR",
    paper="XOR learned by the generalized delta rule, with a momentum term",
)
solved = {"solved, 2 hidden units": 1 - stuck[2]}
rule = at_least("solved, 2 hidden units", 0.5, partly=0.05)
show(learns.decide(solved, rule, formats=dict.fromkeys(solved, ".0%")))

# %%
minima = Claim(
    key="backprop-xor-local-minima",
    era="backprop",
    source="rumelhart1986",
    cite="Rumelhart, Hinton & Williams 1986 (Nature)",
    claim="Gradient descent very rarely gets stuck in a poor local minimum; only with "
    "just enough connections, and a few more help",
    paper="'very rarely'; met only in networks with just enough connections",
)
measured = {"stuck, 2 hidden units": stuck[2], "stuck, 3 hidden units": stuck[3]}
rule = all_of(
    at_most("stuck, 3 hidden units", 0.05),
    at_most("stuck, 2 hidden units", 0.05, partly=0.5),
)
show(minima.decide(measured, rule, formats=dict.fromkeys(measured, ".0%")))

# sphinx_gallery_thumbnail_number = 1
