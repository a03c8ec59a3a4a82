"""
====================================================
A perceptron learns AND and OR, one update at a time
====================================================

**The claim.** Rosenblatt (1958) proposed a learning rule for a threshold unit that changes
its weights only when the unit makes a mistake. Novikoff (1962) proved that, on data a line
(a hyperplane) can separate, the rule stops making mistakes after a finite number of
updates, at most :math:`(R/\\gamma)^2`. Here :math:`R` is the length of the longest input and
:math:`\\gamma` the margin of a separating line (the smallest distance from it to a sample),
both measured with the bias folded into the weights as the weight of a constant input 1.

**The re-run.** We train :class:`dlbook.models.Perceptron` on the AND and OR gates. A line
can separate the inputs of each gate that should "fire" from the ones that should not. We
draw the boundary after every update of the rule, count the updates, and compare the count
with Novikoff's bound for these four points. The chapter :doc:`/chapters/perceptron` derives
the rule.
"""

# %%
# The two gates
# -------------
# Each gate has four inputs, the corners of the unit square, and a label for each. AND fires
# only on :math:`(1, 1)`; OR fires on every input except :math:`(0, 0)`:
import dlbook
from dlbook.data import logic_gate

print("device:", dlbook.device.describe())  # the rule itself runs on the CPU
gates = {name: logic_gate(name) for name in ("and", "or")}
X = gates["and"][0]  # the same four inputs for both gates
print("inputs:", X.tolist())
for name, (_, y) in gates.items():
    print(f"{name.upper():>3} labels:", y.tolist())

# %%
# Train the perceptron
# --------------------
# The rule starts from zero weights and visits the four inputs in a fixed order, epoch after
# epoch, until it makes no mistake in a whole epoch. For each gate we record the mistakes per
# epoch, the number of updates and the final line :math:`w \cdot x + b = 0`:
from dlbook.models import Perceptron

perceptrons = {}
for name, (X, y) in gates.items():
    p = Perceptron(lr=1.0, max_epochs=20).fit(X, y)
    perceptrons[name] = p
    print(f"{name.upper():>3}: mistakes per epoch {p.mistakes_}")
    n_updates = len(p.updates_)
    print(f"     converged {p.converged_}: {p.n_epochs_} epochs, {n_updates} updates")
    print(f"     w = {p.weight.tolist()}, b = {p.bias}")

# %%
# AND: the boundary after each update
# -----------------------------------
# Each panel shows the classifier right after one update: the line :math:`w \cdot x + b = 0`
# and the region on each side of it. The sample that caused the update is circled. We write
# the drawing once, as a function, since OR gets the same treatment below:
import math

import matplotlib.pyplot as plt
import torch

from dlbook.plot import plot_decision_boundary, plot_line


def plot_updates(perceptron, X, y, gate, ncols=5):
    """One panel per update of the rule: the boundary and regions right after it."""
    updates = perceptron.updates_
    ncols = min(ncols, len(updates))
    nrows = math.ceil(len(updates) / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(2.6 * ncols, 2.6 * nrows), squeeze=False, sharex=True, sharey=True
    )
    for k, ax in enumerate(axes.flat):
        if k >= len(updates):
            ax.axis("off")
            continue
        step = updates[k]

        def net_input(grid, w=step.weight, b=step.bias):  # the unit at this step
            return grid.double() @ w + b

        plot_decision_boundary(net_input, X, y, ax=ax)
        ax.get_legend().remove()
        plot_line(step.weight, step.bias, ax=ax, color="k", linewidth=2)
        corners = torch.tensor([[u, v] for u in ax.get_xlim() for v in ax.get_ylim()])
        s = net_input(corners)
        if not ((s > 1e-9).any() and (s < -1e-9).any()):  # the line misses the view
            ax.text(0.5, 0.03, "line off the view", ha="center", transform=ax.transAxes)
        x1, x2 = X[step.index].tolist()  # the sample that caused the update
        ax.scatter(x1, x2, s=300, facecolors="none", edgecolors="k", lw=1.5)
        ax.set_title(f"update {k + 1} (epoch {step.epoch + 1})", fontsize="small")
        ax.label_outer()
    fig.suptitle(f"The perceptron rule on {gate}: the boundary after each update")
    fig.tight_layout()
    return fig


X, y = gates["and"]
fig = plot_updates(perceptrons["and"], X, y, "AND")

# %%
# The line swings from panel to panel as the rule meets the inputs it gets wrong, until the
# last panel, where only :math:`(1, 1)` is on the firing side.
#
# OR: the boundary after each update
# ----------------------------------
# OR fires on three corners of the square instead of one; compare the number of updates
# the rule needs, printed above, with AND's:
X, y = gates["or"]
fig = plot_updates(perceptrons["or"], X, y, "OR")

# %%
# Mistakes per epoch
# ------------------
# The mistakes fall to zero for both gates, and the rule stops: every input is on the right
# side of the line. :func:`dlbook.plot.plot_mistakes` marks the epoch without mistakes:
from dlbook.plot import plot_mistakes

fig, axes = plt.subplots(1, 2, figsize=(8, 3))
for ax, (name, p) in zip(axes, perceptrons.items(), strict=True):
    plot_mistakes(p, ax=ax, title=f"Mistakes per pass over {name.upper()}")
fig.tight_layout()

# %%
# Novikoff's bound
# ----------------
# The bound holds for any separating line. We evaluate it with the line halfway between the
# gate's two classes, :math:`x_1 + x_2 = 1.5` for AND and :math:`x_1 + x_2 = 0.5` for OR
# (for these four points no line has a wider margin, so the bound is as tight as it gets).
# Fold the bias into the weights, :math:`\tilde x = (x_1, x_2, 1)`, and compute
# :math:`R = \max \lVert \tilde x \rVert` and the margin
# :math:`\gamma = \min_i s_i\, w^\ast \cdot \tilde x_i / \lVert w^\ast \rVert`, with
# :math:`s_i = \pm 1` the label as a sign:
separators = {"and": [1.0, 1.0, -1.5], "or": [1.0, 1.0, -0.5]}  # (w1, w2, b)
bounds = {}
for name, (X, y) in gates.items():
    ones = torch.ones(len(X), 1, dtype=torch.float64)
    X_tilde = torch.cat([X.double(), ones], dim=1)  # (4, 3): (x1, x2, 1)
    w_star = torch.tensor(separators[name], dtype=torch.float64)
    signs = 2 * y.double() - 1  # labels 0/1 -> signs -1/+1
    R = X_tilde.norm(dim=1).max()
    gamma = (signs * (X_tilde @ w_star)).min() / w_star.norm()
    bounds[name] = float((R / gamma) ** 2)
    made = len(perceptrons[name].updates_)
    print(
        f"{name.upper():>3}: R = {R:.3f}, margin = {gamma:.3f}, (R / margin)^2 = {bounds[name]:.1f}"
    )
    print(f"     updates made: {made}, within Novikoff's bound: {made <= bounds[name]}")

# %%
# Result
# ------
# The re-run agrees with the claims. On both gates the rule converges, after the numbers of
# epochs and updates printed above, and each count of updates stays below Novikoff's bound
# (printed above too). The bound is a worst case: it holds for every order of visiting the
# inputs and every learning rate, so a run may well stay far below it. On XOR, which no line separates, the
# theorem says nothing and the rule never converges: that is the limit Minsky and Papert
# (1969) made famous, re-run in
# :ref:`sphx_glr_auto_examples_perceptron_plot_perceptron_fails_xor.py`.

# sphinx_gallery_thumbnail_number = 1
