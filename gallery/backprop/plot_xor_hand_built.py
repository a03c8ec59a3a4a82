"""
=========================================
XOR by a two-layer network, built by hand
=========================================

**The claim.** One threshold unit cannot compute XOR (Minsky & Papert 1969), but two
layers of them can: networks of threshold units compute any expression of propositional
logic (McCulloch & Pitts 1943), and XOR is AND(OR, NAND),
:math:`x_1 \\oplus x_2 = (x_1 \\lor x_2) \\land \\lnot(x_1 \\land x_2)`. What no one had
in 1969 was a rule that *learns* the hidden units' weights.

**The re-run.** We set the weights (:meth:`dlbook.models.MLP.from_weights`), check the
truth table and the inputs in the hidden units' space, and measure why gradient descent
cannot train step units but can train smooth ones (:doc:`/chapters/mlp`).
"""

# %%
# The network and its truth table
# -------------------------------
# Hidden units OR (:math:`x_1 + x_2 - 0.5 > 0`) and NAND (:math:`-x_1 - x_2 + 1.5 > 0`),
# an output unit that ANDs them (:math:`h_1 + h_2 - 1.5 > 0`); each layer is ``(W, b)``,
# ``W`` shaped ``(out, in)``, and the network fires where its output is positive:
import torch

from dlbook.data import logic_gate
from dlbook.display import show
from dlbook.models import MLP
from dlbook.table import Table

layers = [
    ([[1.0, 1.0], [-1.0, -1.0]], [-0.5, 1.5]),  # h1 = OR, h2 = NAND of (x1, x2)
    ([[1.0, 1.0]], [-1.5]),  # y = AND(h1, h2)
]
net = MLP.from_weights(layers, activation="step")
X, y = logic_gate("xor")  # (4, 2) inputs, (4,) labels
with torch.no_grad():
    H = net.hidden_representation(X)  # (4, 2): (h1, h2) for each input
    fires = (net(X).squeeze(1) > 0).long()  # (4,)
columns = {"x1": X[:, 0], "x2": X[:, 1], "h1 (OR)": H[:, 0], "h2 (NAND)": H[:, 1]}
show(Table.from_columns(columns | {"output": fires, "XOR": y}))

# %%
# Two views of the same four points
# ---------------------------------
# Left, the input space: each hidden unit draws a line, and the network fires in the
# band between them. Right, the hidden space and the output unit's line:
import matplotlib.pyplot as plt

from dlbook.plot import plot_decision_boundary, plot_line

(W1, b1), (W2, b2) = layers
fig, (ax_in, ax_hid) = plt.subplots(1, 2, figsize=(9.5, 4.4))
plot_decision_boundary(net, X, y, ax=ax_in, title="Input space: two lines")
plot_line(W1[0], b1[0], ax=ax_in, linestyle="--", label="$h_1$ (OR)")
plot_line(W1[1], b1[1], ax=ax_in, linestyle=":", label="$h_2$ (NAND)")
below = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.15), "ncols": 2}
ax_in.legend(**below)
plot_decision_boundary(net.linears[1], H, y, ax=ax_hid, title="Hidden space: one line")
plot_line(W2[0], b2[0], ax=ax_hid, label="output unit")
ax_hid.set(xlabel="$h_1$ (OR)", ylabel="$h_2$ (NAND)")
ax_hid.legend(**below)
for (x1, x2), h in zip(X.long().tolist(), H.tolist(), strict=True):  # name each input
    dy = 8 if x1 <= x2 else -16  # (0, 1) above its point, (1, 0) below
    ax_hid.annotate(f"({x1}, {x2})", h, xytext=(0, dy), textcoords="offset points")

# %%
# Why these weights could not be learned
# --------------------------------------
# A step's slope is zero wherever it has one, so no error passes back through it. The
# weight gradients of a random 2-2-1 net (``seed=0``), step or sigmoid units, on XOR:
from torch.nn.functional import binary_cross_entropy_with_logits as cross_entropy

from dlbook.diagnostics import gradient_norms_at_init

target = y[:, None].float()  # (4, 1), shaped like the output unit's logit
rows = []
for activation in ("step", "sigmoid"):
    random_net = MLP(2, 2, 1, activation=activation, seed=0)
    norms = gradient_norms_at_init(random_net, X, target, loss=cross_entropy)
    rows.append({"hidden units": activation} | norms)
show(Table(rows, formats={"layer 1": ".2e", "layer 2": ".2e"}))

# %%
# So gradient descent could adjust the output unit but never the hidden ones that make
# XOR possible. A sigmoid :math:`\sigma(kz)` approaches the step as :math:`k` grows; the
# hand-built network with sigmoid units and every weight multiplied by :math:`k`:
rows = []
for k in (1, 3, 10):
    scaled = [(k * torch.tensor(W), k * torch.tensor(b)) for W, b in layers]
    smooth = MLP.from_weights(scaled, activation="sigmoid")
    with torch.no_grad():
        p = torch.sigmoid(smooth(X).squeeze(1))  # (4,) output probabilities
    rows.append({"k": k, "outputs": [round(v, 3) for v in p.tolist()]})
    rows[-1]["inputs right"] = int(((p > 0.5).long() == y).sum())
show(Table(rows))

# %%
# Unlike the step network, the smooth one has a gradient everywhere, so its weights can
# be *learned*: that is backpropagation (Rumelhart, Hinton & Williams 1986), re-run in
# :ref:`sphx_glr_auto_examples_backprop_plot_backprop_xor.py`. The claim is about the
# threshold network: it holds if that network gets all four inputs right:
from dlbook.claims import Claim, at_least

claim = Claim(
    key="xor-hand-built-two-layers",
    era="backprop",
    source="mcculloch1943",
    cite="McCulloch & Pitts 1943; Minsky & Papert 1969",
    claim="Two layers of threshold units compute XOR, which one unit cannot",
    paper="XOR = AND(OR, NAND); a net of threshold units computes any logical "
    "expression",
)
measured = {"inputs right": int((fires == y).sum())}
plt.show()  # a terminal run opens the figures here; a page shows them inline
show(claim.decide(measured, at_least("inputs right", 4)))
