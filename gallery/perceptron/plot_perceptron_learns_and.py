"""
=============================================
A perceptron learns AND, one update at a time
=============================================

**The claim.** Rosenblatt (1958) proposed a learning rule for a threshold unit that changes
the weights only when the unit makes a mistake; Novikoff (1962) proved that, on data a line
can separate, the rule stops making mistakes after finitely many updates.

**The re-run.** We train :class:`dlbook.models.Perceptron` on the AND gate, whose one
"fire" case, (1, 1), a line can separate from the other three, and draw the decision
boundary after each update of the rule.
"""

# %%
# Train the perceptron
# --------------------
# The rule starts from zero weights and visits the four inputs in a fixed order. We record
# how many mistakes each pass over the data makes:
import dlbook
from dlbook.data import logic_gate
from dlbook.models import Perceptron

print("device:", dlbook.device.describe())  # the perceptron rule itself runs on the CPU
X, y = logic_gate("and")
perceptron = Perceptron(lr=1.0, max_epochs=20).fit(X, y)
print("mistakes per epoch:", perceptron.mistakes_)
print(f"converged after {perceptron.n_epochs_} epochs and {len(perceptron.updates_)} updates")
print("final weights:", perceptron.weight.tolist(), "bias:", perceptron.bias)

# %%
# The boundary after each update
# ------------------------------
# Each panel shows the classifier right after one update: the line :math:`w \cdot x + b = 0`
# and the region on each side of it. The sample that caused the update is circled:
import math

import matplotlib.pyplot as plt

from dlbook.plot import plot_decision_boundary, plot_line

updates = perceptron.updates_
ncols = 4
nrows = math.ceil(len(updates) / ncols)
fig, axes = plt.subplots(
    nrows, ncols, figsize=(3.0 * ncols, 2.9 * nrows), squeeze=False, sharex=True, sharey=True
)
for k, ax in enumerate(axes.flat):
    if k >= len(updates):
        ax.axis("off")
        continue
    step = updates[k]

    def net_input(grid, w=step.weight, b=step.bias):  # the classifier as it was at this step
        return grid.double() @ w + b

    plot_decision_boundary(net_input, X, y, ax=ax)
    ax.get_legend().remove()
    plot_line(step.weight, step.bias, ax=ax, color="k", linewidth=2)
    ax.scatter(*X[step.index].tolist(), s=300, facecolors="none", edgecolors="k", linewidth=1.5)
    ax.set_title(f"update {k + 1} (epoch {step.epoch + 1})", fontsize="small")
fig.suptitle("The perceptron rule on AND: the boundary after each update")
fig.tight_layout()

# %%
# Mistakes per epoch
# ------------------
# The count of mistakes reaches zero, and the rule stops: every input is now on the right
# side of the line.
fig, ax = plt.subplots(figsize=(4.5, 3))
epochs = range(1, perceptron.n_epochs_ + 1)
ax.bar(epochs, perceptron.mistakes_, color="#0072B2")
ax.set_xlabel("epoch")
ax.set_ylabel("mistakes")
ax.set_xticks(list(epochs))
ax.set_title("Mistakes per pass over AND")
fig.tight_layout()

# %%
# Result
# ------
# The re-run agrees with the claim: on AND the rule converges, here after
# the number of epochs printed above. On XOR, which no line separates, it never does: that is
# the limit Minsky and Papert (1969) made famous.

# sphinx_gallery_thumbnail_number = 1
