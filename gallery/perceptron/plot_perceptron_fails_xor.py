"""
=====================================
The perceptron rule never learns XOR
=====================================

**The claim.** Minsky and Papert (1969), in *Perceptrons*, analysed what single-layer
perceptrons can and cannot compute. The simplest case is XOR ("one input or the other, but
not both"): no single threshold unit computes it, because no line separates
:math:`(0, 1)` and :math:`(1, 0)` from :math:`(0, 0)` and :math:`(1, 1)`. Novikoff's
convergence theorem (1962) then says nothing, and Rosenblatt's rule can never stop making
mistakes on XOR.

**The re-run.** We train :class:`dlbook.models.Perceptron` on XOR for 100 epochs, visiting
the four inputs in a fixed order and then in a fresh random order each epoch. We count the
mistakes per epoch and follow the boundary: it never settles, and with a fixed order it runs
in a loop. The chapter :doc:`/chapters/xor` tells the story.
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
# :math:`w_1 + w_2 + b > -b \ge 0`, which contradicts the last inequality. Every line
# therefore gets at least one of the four inputs wrong. Here is the data:
import dlbook
from dlbook.data import logic_gate

print("device:", dlbook.device.describe())  # the rule itself runs on the CPU
X, y = logic_gate("xor")
print("inputs:", X.tolist())
print("labels:", y.tolist())

# %%
# 100 epochs in a fixed order
# ---------------------------
# The rule visits :math:`(0,0), (0,1), (1,0), (1,1)` in this order, epoch after epoch.
# ``fit`` warns when it hits ``max_epochs`` with mistakes left; we catch the warning and
# print it:
import warnings

from dlbook.models import ConvergenceWarning, Perceptron

EPOCHS = 100
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", ConvergenceWarning)
    fixed = Perceptron(lr=1.0, max_epochs=EPOCHS).fit(X, y)
print("warning:", caught[0].message if caught else None)
print("mistakes in the first 10 epochs:", fixed.mistakes_[:10])
print(f"fewest mistakes in any of the {fixed.n_epochs_} epochs: {min(fixed.mistakes_)}")
print(f"{len(fixed.updates_)} updates, converged {fixed.converged_}")

# %%
# 100 epochs in a random order
# ----------------------------
# Perhaps the fixed order is to blame? With ``shuffle=True`` each epoch visits the inputs in
# a fresh random order (seeded, so the run repeats exactly):
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)  # we know it will not converge
    shuffled = Perceptron(lr=1.0, max_epochs=EPOCHS, shuffle=True, seed=0).fit(X, y)
print("mistakes in the first 10 epochs:", shuffled.mistakes_[:10])
print(f"fewest mistakes in any of the {shuffled.n_epochs_} epochs: {min(shuffled.mistakes_)}")
print(f"{len(shuffled.updates_)} updates, converged {shuffled.converged_}")

# %%
# Mistakes per epoch
# ------------------
# On AND and OR the count fell to zero within a few epochs
# (:ref:`sphx_glr_auto_examples_perceptron_plot_perceptron_learns_and.py`). On XOR it never
# reaches zero, in either order:
import matplotlib.pyplot as plt

from dlbook.plot import plot_mistakes

fig, axes = plt.subplots(1, 2, figsize=(9, 3), sharey=True)
plot_mistakes(fixed, ax=axes[0], title="XOR, fixed order")
plot_mistakes(shuffled, ax=axes[1], title="XOR, random order each epoch")
for ax in axes:
    ax.set_ylim(0, 4.4)  # an epoch has 4 samples: at most 4 mistakes
fig.tight_layout()

# %%
# The boundary runs in a loop
# ---------------------------
# With a fixed order the state of the rule (its weights and bias) after each epoch depends
# only on the state before it. The inputs and the learning rate are whole numbers, so the
# weights stay whole numbers; as long as they also stay bounded they can take only finitely
# many values, and the run must eventually repeat itself exactly. We look for the first
# repeated state at the end of an epoch:
import torch

after_epoch = {}  # epoch -> (w1, w2, b) after its last update
for step in fixed.updates_:
    after_epoch[step.epoch] = (*step.weight.tolist(), step.bias)
states = [after_epoch[epoch] for epoch in range(fixed.n_epochs_)]
first_seen, start, period = {}, None, None  # state -> first epoch that ended in it
for epoch, state in enumerate(states):
    if state in first_seen:
        start, period = first_seen[state], epoch - first_seen[state]
        break
    first_seen[state] = epoch
cycle = [s for s in fixed.updates_ if start < s.epoch <= start + period]
print(f"the state after epoch {start + 1} comes back after epoch {start + period + 1}")
print(f"a loop of {period} epoch(s) and {len(cycle)} updates:")
for k, step in enumerate(cycle, start=1):
    x = X[step.index].tolist()
    print(f"  update {k}, on input {x}: w = {step.weight.tolist()}, b = {step.bias}")

# %%
# The first panel shows the boundary at the start of the loop; each of the others the
# boundary right after one update of the loop, the input that caused the update circled.
# Each update sets right the input that caused it, and the last one brings back the
# boundary of the first panel:
from dlbook.plot import plot_decision_boundary, plot_line

w1, w2, b = states[start]  # the state when the loop begins
start_weight = torch.tensor([w1, w2], dtype=torch.float64)
panels = [("start of the loop", start_weight, b, None)]  # (title, w, b, input updated on)
for k, step in enumerate(cycle, start=1):
    panels.append((f"loop update {k}", step.weight, step.bias, step.index))

fig, axes = plt.subplots(2, 3, figsize=(8.5, 5.8), sharex=True, sharey=True)
axes[-1, -1].axis("off")  # five panels on a grid of six
for ax, (title, weight, bias, index) in zip(axes.flat, panels, strict=False):

    def net_input(grid, w=weight, b=bias):  # the unit at this step
        return grid.double() @ w + b

    plot_decision_boundary(net_input, X, y, ax=ax)
    ax.get_legend().remove()
    plot_line(weight, bias, ax=ax, color="k", linewidth=2)
    corners = torch.tensor([[u, v] for u in ax.get_xlim() for v in ax.get_ylim()])
    s = net_input(corners)
    if not ((s > 1e-9).any() and (s < -1e-9).any()):  # the line misses the view
        ax.text(0.5, 0.03, "line off the view", ha="center", transform=ax.transAxes)
    if index is not None:  # circle the input that caused the update
        x1, x2 = X[index].tolist()
        ax.scatter(x1, x2, s=300, facecolors="none", edgecolors="k", lw=1.5)
    right = int(((net_input(X) > 0).long() == y).sum())
    ax.set_title(f"{title}: {right} of 4 right", fontsize="small")
    ax.label_outer()
axes[0, -1].tick_params(labelbottom=True)  # no panel below this one
axes[0, -1].set_xlabel("$x_1$")
fig.suptitle("The perceptron rule on XOR, fixed order: one turn of the loop")
fig.tight_layout()

# %%
# The weights wander but stay bounded
# -----------------------------------
# In a random order there is no exact loop, but the weights do not drift away either: they
# stay in a bounded range, update after update. No state the rule visits classifies more
# than three of the four inputs correctly, as the argument at the top says it cannot:
from dlbook.plot import CLASS_COLORS

weights = torch.tensor([[*s.weight.tolist(), s.bias] for s in shuffled.updates_])
best = max(
    float(((X.double() @ s.weight + s.bias > 0).long() == y).float().mean())
    for s in fixed.updates_ + shuffled.updates_
)
print(f"{len(weights)} updates; largest |w1|, |w2| or |b|: {weights.abs().max():.0f}")
print(f"best accuracy of any boundary the rule visited (both runs): {best:.2f}")

fig, axes = plt.subplots(3, 1, figsize=(7, 4), sharex=True, sharey=True)
updates = range(1, len(weights) + 1)
for j, (ax, name) in enumerate(zip(axes, ["$w_1$", "$w_2$", "$b$"], strict=True)):
    ax.plot(updates, weights[:, j], color=CLASS_COLORS[j], lw=1, drawstyle="steps-post")
    ax.set_ylabel(name, rotation=0, labelpad=12)
    ax.axhline(0, color="0.7", lw=0.5)
axes[-1].set_xlabel("update")
axes[0].set_title("XOR, random order: the weights after each update")
fig.tight_layout()

# %%
# Result
# ------
# The re-run agrees with the claim. In 100 epochs the rule never has an epoch without
# mistakes, in a fixed or in a random order (the fewest mistakes per epoch are printed
# above), and no boundary it visits gets more than three of the four inputs right. With a
# fixed order its state runs in the loop printed above; in a random order it wanders within
# bounds. One threshold unit is not enough: XOR needs a hidden layer
# (:ref:`sphx_glr_auto_examples_backprop_plot_xor_hand_built.py`), and a hidden layer needs a
# learning rule that can reach it (:ref:`sphx_glr_auto_examples_backprop_plot_backprop_xor.py`).

# sphinx_gallery_thumbnail_number = 2
