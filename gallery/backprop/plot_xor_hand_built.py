"""
=========================================
XOR by a two-layer network, built by hand
=========================================

**The claim.** A single threshold unit cannot compute XOR (Minsky & Papert 1969; see
:ref:`sphx_glr_auto_examples_perceptron_plot_perceptron_fails_xor.py`), but two layers of
them can. McCulloch and Pitts (1943) had already shown that networks of threshold units can
compute any expression of propositional logic, and XOR is one:
:math:`x_1 \\oplus x_2 = \\mathrm{AND}(\\mathrm{OR}(x_1, x_2), \\mathrm{NAND}(x_1, x_2))`.
Minsky and Papert knew this. What no one had in 1969 was a rule that *learns* the weights
of the hidden units; Minsky and Papert judged, intuitively, that extending the perceptron to
many layers would be "sterile".

**The re-run.** We write the weights of that network down by hand with
:meth:`dlbook.models.MLP.from_weights`, check its truth table, and look at the four inputs
the way the output unit sees them: in the space of the hidden units, where XOR becomes
separable by a line. Then we see why gradient descent could not have found these weights
with step units, and what changes with smooth ones. The chapter :doc:`/chapters/mlp` tells
the story.
"""

# %%
# Build the network
# -----------------
# Two hidden threshold units and one output unit. The first hidden unit computes OR (it
# fires when :math:`x_1 + x_2 - 0.5 > 0`), the second NAND (it fires when
# :math:`-x_1 - x_2 + 1.5 > 0`), and the output unit ANDs them
# (:math:`h_1 + h_2 - 1.5 > 0`). Each layer's weights are given as ``(W, b)`` with ``W``
# shaped ``(out, in)``, like ``torch.nn.Linear``:
import dlbook
from dlbook.models import MLP

print("device:", dlbook.device.describe())  # four inputs: the CPU is plenty
net = MLP.from_weights(
    [
        ([[1.0, 1.0], [-1.0, -1.0]], [-0.5, 1.5]),  # h1 = OR, h2 = NAND of (x1, x2)
        ([[1.0, 1.0]], [-1.5]),  # y = AND(h1, h2)
    ],
    activation="step",
)
print(net)

# %%
# The truth table
# ---------------
# For each input we read the hidden units with
# :meth:`~dlbook.models.MLP.hidden_representation` and threshold the network's output (the
# MLP returns the output unit's net input, so it "fires" when that is positive):
import torch

from dlbook.data import logic_gate

X, y = logic_gate("xor")  # (4, 2) inputs, (4,) labels
with torch.no_grad():
    H = net.hidden_representation(X)  # (4, 2): (h1, h2) for each input
    out = (net(X).squeeze(1) > 0).long()  # (4,)
print(" x1 x2 | h1 (OR) h2 (NAND) | output | XOR")
rows = zip(X.long().tolist(), H.long().tolist(), out.tolist(), y.tolist(), strict=True)
for (x1, x2), (h1, h2), o, t in rows:
    print(f"  {x1}  {x2} |    {h1}       {h2}     |   {o}    |  {t}")
print("the network computes XOR:", torch.equal(out, y))

# %%
# Two views of the same four points
# ---------------------------------
# On the left, the input space: each hidden unit draws a line, and the network fires in the
# band between them. On the right, the hidden space: the four inputs land on only three
# points, because :math:`(0, 1)` and :math:`(1, 0)` both map to :math:`(h_1, h_2) = (1, 1)`.
# There the two classes *are* separated by a line, the output unit's
# :math:`h_1 + h_2 = 1.5`:
import matplotlib.pyplot as plt

from dlbook.plot import plot_decision_boundary, plot_line

W1, b1 = net.linears[0].weight.detach(), net.linears[0].bias.detach()  # (2, 2), (2,)
W2, b2 = net.linears[1].weight.detach(), net.linears[1].bias.detach()  # (1, 2), (1,)

fig, (ax_in, ax_hid) = plt.subplots(1, 2, figsize=(9.5, 4.8))
plot_decision_boundary(net, X, y, ax=ax_in, title="Input space: two lines")
plot_line(W1[0], float(b1[0]), ax=ax_in, linestyle="--", label="$h_1$ (OR) line")
plot_line(W1[1], float(b1[1]), ax=ax_in, linestyle=":", label="$h_2$ (NAND) line")
below = {  # legend below the axes, off the data
    "loc": "upper center",
    "bbox_to_anchor": (0.5, -0.15),
    "ncols": 2,
    "fontsize": "small",
}
ax_in.legend(**below)

output_unit = net.linears[1]  # the output unit alone: a threshold unit on (h1, h2)
plot_decision_boundary(output_unit, H, y, ax=ax_hid, title="Hidden space: one line")
plot_line(W2[0], float(b2[0]), ax=ax_hid, label="output line $h_1 + h_2 = 1.5$")
pairs = list(zip(X.long().tolist(), H, strict=True))  # (input, hidden point)
for point in torch.unique(H, dim=0):  # name the inputs that land on each hidden point
    inputs = [x for x, h in pairs if torch.equal(h, point)]
    text = ", ".join(f"({a}, {b})" for a, b in inputs)
    ax_hid.annotate(
        f"from {text}",
        point.tolist(),
        xytext=(0, 12),
        textcoords="offset points",
        ha="center",
        fontsize="small",
    )
ax_hid.set_xlabel("$h_1$ (OR)")
ax_hid.set_ylabel("$h_2$ (NAND)")
ax_hid.legend(**below)
fig.tight_layout()

# %%
# Why these weights could not be learned
# --------------------------------------
# A step has zero slope wherever it has a slope, so no error signal passes back through it.
# We take a *randomly initialised* 2-2-1 network, once with step units and once with
# sigmoid units, and measure each layer's weight gradient of the cross-entropy loss on XOR
# with :func:`dlbook.diagnostics.gradient_norms_at_init`:
import torch.nn.functional as F

from dlbook.diagnostics import gradient_norms_at_init


def xor_loss(logits, target):
    """Binary cross-entropy of the output unit's logit against the XOR label."""
    return F.binary_cross_entropy_with_logits(logits.squeeze(1), target.float())


for activation in ("step", "sigmoid"):
    dlbook.seed_everything(0)  # the same random weights for both
    random_net = MLP(2, 2, 1, activation=activation)
    norms = gradient_norms_at_init(random_net, X, y, loss=xor_loss)
    text = ", ".join(f"{layer} {norm:.2e}" for layer, norm in norms.items())
    print(f"{activation:>7} units, gradient norms: {text}")

# %%
# With step units the first layer's gradient is exactly zero: gradient descent could adjust
# the output unit but never the hidden ones, which are the units that make XOR possible.
#
# Smooth units can do the same job
# --------------------------------
# A sigmoid :math:`\sigma(kz)` approaches the step as :math:`k` grows. We rebuild the
# hand-made network with sigmoid hidden units and every weight multiplied by :math:`k`, and
# shade where its output probability :math:`\sigma(\text{logit})` exceeds 1/2:
scales = (1, 3, 10)
fig, axes = plt.subplots(1, len(scales), figsize=(10, 3.4), sharey=True)
for ax, k in zip(axes, scales, strict=True):
    smooth = MLP.from_weights(
        [
            ((k * W1).tolist(), (k * b1).tolist()),
            ((k * W2).tolist(), (k * b2).tolist()),
        ],
        activation="sigmoid",
    )
    with torch.no_grad():
        p = torch.sigmoid(smooth(X).squeeze(1))  # (4,) output probabilities
    right = int(((p > 0.5).long() == y).sum())
    outputs = [round(v, 3) for v in p.tolist()]
    print(f"k = {k:>2}: outputs {outputs}, {right} of 4 right")
    title = f"sigmoid units, weights $\\times$ {k}"
    plot_decision_boundary(smooth, X, y, ax=ax, title=title)
    ax.get_legend().remove()
    ax.label_outer()
fig.tight_layout()

# %%
# With small weights the sigmoids are too soft and the network gets XOR wrong; with larger
# ones it behaves like the step network (the printed outputs above show where it crosses
# over). Unlike the step network, it has a gradient everywhere, so its weights can be
# *learned*: that is backpropagation (Rumelhart, Hinton & Williams 1986), re-run in
# :ref:`sphx_glr_auto_examples_backprop_plot_backprop_xor.py`.
#
# Result
# ------
# The re-run agrees with the claim: two layers of threshold units compute XOR (the truth
# table above), and the hidden layer is what makes it possible, by mapping the four inputs
# to points that a single output unit can separate. It also shows why the construction
# stayed a construction for so long: through step units the gradient with respect to the
# hidden weights is exactly zero (printed above), so learning needed smooth units and a way
# to pass the error back to them.

# sphinx_gallery_thumbnail_number = 1
