"""
====================================================
A perceptron learns AND and OR, one update at a time
====================================================

**The claim.** Rosenblatt (1958) proposed a learning rule for a threshold unit that
changes its weights only when the unit makes a mistake. Novikoff (1962) proved that on
data a line can separate, the rule stops making mistakes after at most
:math:`(R/\\gamma)^2` updates: :math:`R` is the length of the longest input and
:math:`\\gamma` the margin of a separating line (its smallest distance to a sample),
with the bias as the weight of a constant input 1.

**The re-run.** We train :class:`dlbook.models.Perceptron` on the AND and OR gates,
which a line can separate, compare its number of updates with Novikoff's bound for these
four points, and draw the boundary after every update. The chapter
:doc:`/chapters/perceptron` derives the rule.
"""

# %%
# Updates against the bound
# -------------------------
# Each gate has the four corners of the unit square as inputs: AND fires only on
# :math:`(1, 1)`, OR everywhere but :math:`(0, 0)`. The rule starts from zero weights,
# with learning rate 1, and visits the inputs in a fixed order, epoch after epoch, until
# an epoch passes without a mistake (at most 20). The bound holds for any separating
# line :math:`w^\ast`; the tightest has the widest margin, here the line halfway between
# the classes. With :math:`\tilde x = (x_1, x_2, 1)` and labels as signs
# :math:`s_i = \pm 1`, :math:`R = \max \lVert \tilde x \rVert` and
# :math:`\gamma = \min_i s_i\, w^\ast \cdot \tilde x_i / \lVert w^\ast \rVert`:
import torch

from dlbook.data import logic_gate
from dlbook.display import show
from dlbook.models import Perceptron
from dlbook.table import Table

separators = {"and": [1.0, 1.0, -1.5], "or": [1.0, 1.0, -0.5]}  # w* = (w1, w2, b)
gates, perceptrons, rows = {}, {}, []
for name, separator in separators.items():
    X, y = gates[name] = logic_gate(name, dtype=torch.float64)  # (4, 2), (4,)
    p = perceptrons[name] = Perceptron(max_epochs=20).fit(X, y)
    X_tilde = torch.nn.functional.pad(X, (0, 1), value=1.0)  # (4, 3)
    w_star = torch.tensor(separator, dtype=torch.float64)
    R = X_tilde.norm(dim=1).max().item()
    margin = ((2 * y - 1) * (X_tilde @ w_star)).min().item() / w_star.norm().item()
    rows.append({"gate": name.upper(), "mistakes per epoch": p.mistakes_, "R": R})
    rows[-1] |= {
        "margin": margin,
        "updates": len(p.updates_),
        "bound": (R / margin) ** 2,
    }
show(Table(rows, formats={"R": ".3f", "margin": ".3f", "bound": ".1f"}))

# %%
# The boundary after each update
# ------------------------------
# Each panel shows the line :math:`w \cdot x + b = 0` right after one update; the
# sample on the wrong side that caused it is circled:
import matplotlib.pyplot as plt

from dlbook.plot import plot_decision_boundary, plot_line


def plot_updates(perceptron, X, y, gate, ncols=5):
    updates = perceptron.updates_
    nrows = -(-len(updates) // ncols)
    size = (2.3 * ncols, 2.4 * nrows)
    fig, axes = plt.subplots(nrows, ncols, figsize=size, sharex=True, sharey=True)
    for ax in axes.flat[len(updates) :]:
        ax.axis("off")
    for k, (ax, step) in enumerate(zip(axes.flat, updates, strict=False), start=1):
        w, b = step.weight, step.bias  # the unit right after this update
        plot_decision_boundary(lambda g, w=w, b=b: g.double() @ w + b, X, y, ax=ax)
        ax.get_legend().remove()
        plot_line(w, b, ax=ax)
        ax.scatter(*X[step.index].tolist(), s=300, facecolors="none", edgecolors="k")
        ax.set_title(f"update {k} (epoch {step.epoch + 1})", fontsize="small")
        ax.label_outer()
    fig.suptitle(f"The perceptron rule on {gate}: the boundary after each update")


for name, (X, y) in gates.items():
    plot_updates(perceptrons[name], X, y, name.upper())

# %%
# The verdict
# -----------
# The claim holds if both gates converge, each within its bound (a worst case over
# every order of visiting the inputs):
from dlbook.claims import Claim, all_of, at_least, ratio_at_most

claim = Claim(
    key="perceptron-converges-and-or",
    era="perceptron",
    source="novikoff1962",
    cite="Rosenblatt 1958; Novikoff 1962",
    claim="On linearly separable data the perceptron rule stops making mistakes, "
    "after at most (R / margin)^2 updates",
    paper="convergence after at most (R/γ)^2 updates, for any separable data",
)
measured = {"gates converged": sum(p.converged_ for p in perceptrons.values())}
for row in rows:
    measured |= {f"{row['gate']} {key}": row[key] for key in ("updates", "bound")}
rule = all_of(
    at_least("gates converged", 2),
    ratio_at_most("AND updates", "AND bound", 1),
    ratio_at_most("OR updates", "OR bound", 1),
)
plt.show()  # a terminal run opens the figures here; a page shows them inline
show(claim.decide(measured, rule, formats={"AND bound": ".1f", "OR bound": ".1f"}))

# %%
# On XOR, which no line separates, the theorem says nothing and the rule never
# converges: that is the limit Minsky and Papert (1969) made famous, re-run in
# :ref:`sphx_glr_auto_examples_perceptron_plot_perceptron_fails_xor.py`.
