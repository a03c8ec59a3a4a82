"""
=====================================
The perceptron rule never learns XOR
=====================================

**The claim.** Minsky and Papert (1969), in *Perceptrons*: no single threshold unit
computes XOR ("one input or the other, but not both"), since no line separates
:math:`(0, 1)` and :math:`(1, 0)` from :math:`(0, 0)` and :math:`(1, 1)`. Novikoff's
theorem (1962) then says nothing, and Rosenblatt's rule never stops making mistakes.

**The re-run.** We count the inputs the best of many random lines gets right, then train
:class:`dlbook.models.Perceptron` on XOR for 100 epochs, in a fixed order and in a fresh
random order each epoch. The chapter :doc:`/chapters/xor` tells the story.
"""

# %%
# Why no line works
# -----------------
# A unit :math:`(w_1, w_2, b)` firing exactly on XOR's "1" inputs would need
# :math:`b \le 0`, :math:`w_2 + b > 0`, :math:`w_1 + b > 0` and
# :math:`w_1 + w_2 + b \le 0`; the middle two give :math:`w_1 + w_2 + b > -b \ge 0`, a
# contradiction. We also count the inputs each of 100,000 random lines gets right:
import torch

from dlbook.data import logic_gate

X, y = logic_gate("xor", dtype=torch.float64)  # (4, 2) inputs, (4,) labels 0 1 1 0


def inputs_right(weights, biases):
    fires = X @ weights.T + biases > 0  # (4, number of lines w . x + b = 0)
    return (fires.long() == y[:, None]).sum(dim=0)


lines = torch.randn(100_000, 3, generator=torch.Generator().manual_seed(0)).double()
best_random_line = int(inputs_right(lines[:, :2], lines[:, 2]).max())
print(f"the best of 100,000 random lines gets {best_random_line} of 4 inputs right")

# %%
# 100 epochs in a fixed and in a random order
# -------------------------------------------
# The rule starts from zero weights, with learning rate 1 (``fit`` warns that mistakes
# remain after ``max_epochs``, as expected here). On AND and OR the mistakes fell to
# zero within a few epochs
# (:ref:`sphx_glr_auto_examples_perceptron_plot_perceptron_learns_and.py`); on XOR:
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
# In a fixed order the state (weights and bias, whole numbers) after an epoch depends
# only on the state before it, so a bounded run must come back to an earlier state:
ends = {s.epoch: (*s.weight.tolist(), s.bias) for s in runs["fixed"].updates_}
epochs, states = zip(*sorted(ends.items()), strict=True)
back = next(i for i, state in enumerate(states) if state in states[:i])
start, epoch = epochs[states.index(states[back])], epochs[back]
print(f"the state after epoch {start + 1} comes back after epoch {epoch + 1}")

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
plt.show()  # a terminal run opens the figures here; a page shows them inline
show(claim.decide(measured, rule))

# %%
# One threshold unit is not enough: XOR needs a hidden layer
# (:ref:`sphx_glr_auto_examples_backprop_plot_xor_hand_built.py`), and a hidden layer
# a rule that reaches it (:ref:`sphx_glr_auto_examples_backprop_plot_backprop_xor.py`).
