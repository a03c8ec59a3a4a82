"""
=====================================
The perceptron rule never learns XOR
=====================================

**The claim.** Minsky and Papert (1969), in *Perceptrons*, analysed what single-layer
perceptrons can and cannot compute. The simplest case is XOR ("one input or the other,
but not both"): no line separates :math:`(0, 1)` and :math:`(1, 0)` from :math:`(0, 0)`
and :math:`(1, 1)`, so no single threshold unit computes it. Novikoff's convergence
theorem (1962) then says nothing, and Rosenblatt's rule can never stop making mistakes
on XOR.

**The re-run.** We count the inputs the best of many random lines gets right, then train
:class:`dlbook.models.Perceptron` on XOR for 100 epochs, in a fixed order and in a fresh
random order each epoch. The chapter :doc:`/chapters/xor` tells the story.
"""

# %%
# Why no line works
# -----------------
# Suppose a unit with weights :math:`w_1, w_2` and bias :math:`b` fired exactly on XOR's
# "1" inputs. It would need
#
# .. math::
#
#    b \le 0, \qquad w_2 + b > 0, \qquad w_1 + b > 0, \qquad w_1 + w_2 + b \le 0 .
#
# Adding the middle two gives :math:`w_1 + w_2 + 2b > 0`, so
# :math:`w_1 + w_2 + b > -b \ge 0`, which contradicts the last inequality. We also try
# 100,000 random lines :math:`(w_1, w_2, b)` and count the inputs each gets right:
import torch

from dlbook.data import logic_gate

X, y = logic_gate("xor", dtype=torch.float64)  # (4, 2) inputs, (4,) labels 0 1 1 0


def inputs_right(weights, biases):
    """For each line w . x + b = 0 (a row of weights), how many inputs it gets right."""
    fires = X @ weights.T + biases > 0  # (4, number of lines)
    return (fires.long() == y[:, None]).sum(dim=0)


lines = torch.randn(100_000, 3, generator=torch.Generator().manual_seed(0)).double()
best_random_line = int(inputs_right(lines[:, :2], lines[:, 2]).max())
print(f"the best of 100,000 random lines gets {best_random_line} of 4 inputs right")

# %%
# 100 epochs in a fixed and in a random order
# -------------------------------------------
# The rule starts from zero weights, with learning rate 1. ``fit`` warns when it reaches
# ``max_epochs`` with mistakes left, which we expect here. The random order is seeded,
# so the run repeats exactly. On AND and OR the mistakes fell to zero within a few
# epochs (:ref:`sphx_glr_auto_examples_perceptron_plot_perceptron_learns_and.py`); on
# XOR:
import warnings

import matplotlib.pyplot as plt

from dlbook.models import ConvergenceWarning, Perceptron
from dlbook.plot import plot_mistakes

with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    runs = {
        "fixed": Perceptron(max_epochs=100).fit(X, y),
        "random": Perceptron(max_epochs=100, shuffle=True, seed=0).fit(X, y),
    }
fig, axes = plt.subplots(1, 2, figsize=(9, 3), sharey=True)
for ax, (order, p) in zip(axes, runs.items(), strict=True):
    title = f"XOR, {order} order: at best {min(p.mistakes_)} mistakes per epoch"
    plot_mistakes(p, ax=ax, title=title)

# %%
# The boundary runs in a loop
# ---------------------------
# In a fixed order the state of the rule (its weights and bias) after an epoch depends
# only on the state before it, and the weights stay whole numbers: if they also stay
# bounded, the run must repeat itself. We look for the first state at the end of an
# epoch that comes back, and draw the updates of one turn of the loop, the input that
# caused each circled:
from dlbook.plot import plot_decision_boundary, plot_line

updates = runs["fixed"].updates_
ends = {s.epoch: (*s.weight.tolist(), s.bias) for s in updates}  # the state after each
first_seen = {}  # state at the end of an epoch -> that epoch
for epoch, state in sorted(ends.items()):
    if state in first_seen:
        break
    first_seen[state] = epoch
start = first_seen[state]
loop = [s for s in updates if start < s.epoch <= epoch]
print(f"the state after epoch {start + 1} comes back after epoch {epoch + 1}")

fig, axes = plt.subplots(1, len(loop), figsize=(2.4 * len(loop), 2.7), sharey=True)
fig.suptitle("The perceptron rule on XOR, fixed order: one turn of the loop")
for k, (ax, step) in enumerate(zip(axes, loop, strict=True), start=1):
    w, b = step.weight, step.bias
    plot_decision_boundary(lambda g, w=w, b=b: g.double() @ w + b, X, y, ax=ax)
    ax.get_legend().remove()
    plot_line(w, b, ax=ax)
    ax.scatter(*X[step.index].tolist(), s=300, facecolors="none", edgecolors="k")
    right = int(inputs_right(w[None], b))
    ax.set_title(f"loop update {k}: {right} of 4 right", fontsize="small")
    ax.label_outer()

# %%
# The verdict
# -----------
# The claim holds if no epoch of either run is free of mistakes and no line, random or
# visited by the rule, gets all four inputs right:
from dlbook.claims import Claim, all_of, at_most
from dlbook.display import show

visited = [s for p in runs.values() for s in p.updates_]
weights = torch.stack([s.weight for s in visited])  # (updates, 2)
biases = torch.tensor([s.bias for s in visited], dtype=torch.float64)  # (updates,)
measured = {
    "epochs without a mistake": sum(m == 0 for p in runs.values() for m in p.mistakes_),
    "most right, random lines": best_random_line,
    "most right, lines the rule visited": int(inputs_right(weights, biases).max()),
}
claim = Claim(
    key="perceptron-xor-not-separable",
    era="perceptron",
    source="minsky1969",
    cite="Minsky & Papert 1969",
    claim="No single threshold unit computes XOR, so the perceptron rule never stops "
    "making mistakes on it",
    paper="XOR is not linearly separable: every line gets at least one of the four "
    "inputs wrong",
)
rule = all_of(
    at_most("epochs without a mistake", 0),
    at_most("most right, random lines", 3),
    at_most("most right, lines the rule visited", 3),
)
show(claim.decide(measured, rule))

# %%
# One threshold unit is not enough: XOR needs a hidden layer
# (:ref:`sphx_glr_auto_examples_backprop_plot_xor_hand_built.py`), and a hidden layer
# needs a learning rule that can reach it
# (:ref:`sphx_glr_auto_examples_backprop_plot_backprop_xor.py`).

# sphinx_gallery_thumbnail_number = 2
