"""
=================================================
Backpropagation learns XOR, written out by hand
=================================================

**The claim.** Rumelhart, Hinton and Williams (1986) trained the hidden units XOR needs:
replace each step by a sigmoid and pass the derivative of the squared output error back
through the network with the chain rule (the "generalized delta rule"; Werbos 1974 had
described it), with XOR a test problem of their PDP chapter. Their *Nature* paper adds
that a network very rarely gets stuck in a poor local minimum, met only with just enough
connections for the task, and that a few more connections help.

**The re-run.** We train a 2-2-1 sigmoid network on XOR with :mod:`dlbook.backprop`
(its backward pass written by hand; :doc:`/chapters/backprop` checks it) and count the
random starts that get stuck with two hidden units (just enough) and with three.
"""

# %%
# Train, and watch the boundary
# -----------------------------
# Float64 weights, uniform in :math:`[-1, 1]` (``seed=1``); :func:`~dlbook.backprop.fit`
# repeats forward, backward and a step with the 1986 momentum term
# :math:`\Delta w(t) = -\eta\, \partial E / \partial w + \alpha\, \Delta w(t-1)` on half
# the squared error *averaged* over the four patterns, where Rumelhart et al. *summed*
# it (:math:`\eta = 2` here is their :math:`\eta = 0.5`); answering 1/2 everywhere costs
# a loss of 1/8:
import matplotlib.pyplot as plt
import torch

from dlbook import backprop
from dlbook.convert import to_mlp
from dlbook.data import logic_gate
from dlbook.plot import plot_decision_boundary

X, labels = logic_gate("xor", dtype=torch.float64)  # (4, 2), (4,)
y = labels.double()  # targets for the squared error
params = backprop.init_params([2, 2, 1], seed=1, scale=1.0)  # [(W1, b1), (W2, b2)]
EPOCHS, LR, MOMENTUM = 1000, 2.0, 0.9
snapshots = {0: params} | {
    epochs: backprop.fit(params, X, y, lr=LR, epochs=epochs, momentum=MOMENTUM)[0]
    for epochs in (50, 100, 150, 300, EPOCHS)
}
outputs = backprop.forward(snapshots[EPOCHS], X)["a"][-1].squeeze(1).tolist()
outputs = [round(v, 3) for v in outputs]
print(f"outputs for (0,0), (0,1), (1,0), (1,1) after {EPOCHS} epochs: {outputs}")

fig, axes = plt.subplots(2, 3, figsize=(9.5, 6.4), sharex=True, sharey=True)
for ax, (epoch, snapshot) in zip(axes.flat, snapshots.items(), strict=True):
    plot_decision_boundary(to_mlp(snapshot), X, labels, ax=ax)
    ax.get_legend().remove()
    loss = backprop.loss_value(snapshot, X, y)
    ax.set_title(f"epoch {epoch}: loss {loss:.3g}", fontsize="small")
    ax.label_outer()

# %%
# How many random starts get stuck
# --------------------------------
# All starts train at once, each weight with a leading dimension, one entry per start;
# autograd and ``torch.optim.SGD`` take the same steps as ``fit``. A start is stuck if
# an output is still on the wrong side of 1/2 after the last epoch:
from dlbook.scale import pick

SEEDS = range(pick(book=20, paper=200))
stuck = {}
for h in (2, 3):
    flat = [sum(backprop.init_params([2, h, 1], seed=s, scale=1.0), ()) for s in SEEDS]
    W1, b1, W2, b2 = (torch.stack(t).requires_grad_() for t in zip(*flat, strict=True))
    optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=LR, momentum=MOMENTUM)
    for epoch in range(EPOCHS + 1):  # forward passes after 0, 1, ..., EPOCHS steps
        hidden = torch.sigmoid(X @ W1.mT + b1[:, None])  # (starts, 4, h)
        out = torch.sigmoid(hidden @ W2.mT + b2[:, None]).squeeze(2)  # (starts, 4)
        if epoch < EPOCHS:
            optimizer.zero_grad()
            (((out - y) ** 2).mean(dim=1) / 2).sum().backward()  # each start's loss
            optimizer.step()
    stuck[h] = 1 - ((out > 0.5).long() == labels).all(dim=1).double().mean().item()
print(f"{len(SEEDS)} random starts each, {EPOCHS} epochs")

# %%
# The verdicts
# ------------
# A stuck start sits in a local minimum or on a plateau as flat; "very rarely" is read
# as at most 5% of the starts. The rates depend on choices the papers leave open
# (initial weights, learning rate, momentum, epochs, the test of success):
from dlbook.claims import Claim, all_of, at_least, at_most
from dlbook.display import show

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
plt.show()  # a terminal run opens the figures here; a page shows them inline
show(minima.decide(measured, rule, formats=dict.fromkeys(measured, ".0%")))
