"""
=======================================================
The 8-3-8 encoder: what code do the hidden units learn?
=======================================================

**The claim.** Ackley, Hinton and Sejnowski (1985) posed the *encoder problem*: a
network sees one of :math:`N` patterns, each with a single input unit on, and must
reproduce it at :math:`N` output units through only :math:`\\log_2 N` hidden units.
Rumelhart, Hinton and Williams (1986, in the PDP volume) gave it to back-propagation
with 8 inputs, 3 hidden units and 8 outputs, and the hidden units came to represent the
eight patterns with a code of their own. The story is often told as "the hidden units
learn a binary code": three units that are each on or off, the eight patterns at the
eight corners :math:`000, 001, \\dots, 111` of the cube. Sigmoid units may also take
values in between.

**The re-run.** We train many 8-3-8 sigmoid networks from random starts on the 1986
error, with gradient descent and momentum, and measure two things: how many learn to
reproduce the eight patterns, and how many of their hidden codes are binary by a stated
rule. The chapter :doc:`/chapters/backprop` tells the story.
"""

# %%
# The error, summed as in 1986
# ----------------------------
# The inputs are the rows of the 8 x 8 identity matrix, and each is its own target.
# Rumelhart et al. define the error as half the squared difference between output and
# target, *summed* over the cases (patterns) and the output units,
# :math:`E = \frac12 \sum_c \sum_j (o_{jc} - d_{jc})^2`, and this page uses that sum.
# Its gradient is 64 times that of the same error *averaged* over the 8 cases and 8
# outputs, so a learning rate :math:`\eta` on the sum takes the steps of :math:`64\eta`
# on the mean (and of :math:`32\eta` on ``torch.nn.MSELoss()``, the mean without the
# :math:`\frac12`). The weights start uniform in :math:`\pm 1/\sqrt{\text{fan-in}}`.
# To train many random starts at once, each weight gets a leading dimension, one entry
# per start, and each start's own error is summed into the loss:
import torch

from dlbook import backprop
from dlbook.scale import pick

EPOCHS, LR, MOMENTUM = 2000, 0.1, 0.9
SEEDS = range(pick(book=20, paper=200))
X = torch.eye(8, dtype=torch.float64)  # (8, 8): pattern c has input unit c on


def train_encoders(seeds):
    """Train an 8-3-8 sigmoid network per seed, all at once: (first seed's codes per
    epoch, every seed's final codes, every seed's final outputs)."""
    starts = [backprop.init_params([8, 3, 8], seed=s) for s in seeds]
    flat = [sum(start, ()) for start in starts]  # (W1, b1, W2, b2) of each start
    W1, b1, W2, b2 = (torch.stack(t).requires_grad_() for t in zip(*flat, strict=True))
    optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=LR, momentum=MOMENTUM)
    trajectory = []
    for epoch in range(EPOCHS + 1):  # forward passes after 0, 1, ..., EPOCHS steps
        H = torch.sigmoid(X @ W1.mT + b1[:, None])  # (starts, 8, 3): the hidden codes
        O = torch.sigmoid(H @ W2.mT + b2[:, None])  # (starts, 8, 8): the outputs
        trajectory.append(H[0].detach())
        if epoch < EPOCHS:
            optimizer.zero_grad()
            (0.5 * ((O - X) ** 2).sum()).backward()  # E of every start, summed
            optimizer.step()
    return torch.stack(trajectory), H.detach(), O.detach()


trajectory, codes, outputs = train_encoders(SEEDS)
print(f"{len(SEEDS)} random starts, {EPOCHS} epochs, lr {LR} on E, momentum {MOMENTUM}")

# %%
# The code of one start
# ---------------------
# Rounding each hidden activation of a trained network gives a 3-bit word per pattern.
# We call a code *binary* if every activation lies within ``TOLERANCE = 0.1`` of 0 or 1
# and the eight words differ. Here is the code of the first start:
from dlbook.display import show
from dlbook.table import Table

TOLERANCE = 0.1
code = codes[0]  # (8, 3)
words = ["".join(str(b) for b in row) for row in (code > 0.5).long().tolist()]
hidden = {f"h{j + 1}": code[:, j] for j in range(3)}  # the three hidden units
columns = {"pattern": range(8)} | hidden | {"word": words}
show(Table.from_columns(columns, formats=dict.fromkeys(hidden, ".2f")))

# %%
# The same eight codes as points in the cube of hidden activations, each traced from its
# random start (small dot) to its place after training (large dot, labelled with its
# pattern). The grey frame is the cube whose corners are the eight binary words:
from itertools import product

import matplotlib.pyplot as plt

fig = plt.figure(figsize=(5.5, 5))
ax = fig.add_subplot(projection="3d")
ax.set(xlabel="$h_1$", ylabel="$h_2$", zlabel="$h_3$")
ax.set_title("Hidden codes of the first start during training")
for a, b in product(product((0, 1), repeat=3), repeat=2):  # the cube's 12 edges
    if sum(u != v for u, v in zip(a, b, strict=True)) == 1:
        ax.plot(*zip(a, b, strict=True), color="0.6", lw=0.8)
for i in range(8):
    path = trajectory[:, i].numpy()  # (epochs + 1, 3)
    (line,) = ax.plot(*path.T, lw=1)
    ax.scatter(*path[0], color=line.get_color(), s=8)
    ax.scatter(*path[-1], color=line.get_color(), s=50, edgecolor="k")
    ax.text(*path[-1], f"  {i}")

# %%
# Every start
# -----------
# For each start: whether the outputs reproduce every pattern (each of the 64 outputs on
# the right side of 1/2), how far its code is from binary (the largest distance of an
# activation to the nearer of 0 and 1), and whether the rounded words differ:
learned = ((outputs > 0.5) == (X > 0.5)).flatten(1).all(dim=1)  # (starts,)
distance = (codes - codes.round()).abs().flatten(1).max(dim=1).values  # (starts,)
distinct = torch.tensor([len(set(map(tuple, (c > 0.5).tolist()))) == 8 for c in codes])

fig, ax = plt.subplots(figsize=(7, 3))
starts = torch.tensor(SEEDS)
for words, label in ((True, "eight different words"), (False, "fewer words")):
    ax.scatter(starts[distinct == words], distance[distinct == words], label=label)
ax.axhline(TOLERANCE, color="k", lw=1, ls="--", label="tolerance")
ax.set(xlabel="random start", ylabel="distance to a binary code", ylim=(0, 0.52))
ax.legend(loc="lower right", ncols=3, fontsize="small")
binary = (distance < TOLERANCE) & distinct  # the rule stated above, for every start

# %%
# The verdicts
# ------------
# The first claim holds if nearly every start learns the task; the second if most starts
# learn a binary code, and partly if at least one start in twenty does:
from dlbook.claims import Claim, at_least

learns = Claim(
    key="encoder-838-learns",
    era="backprop",
    source="rumelhart1986pdp",
    cite="Rumelhart, Hinton & Williams 1986 (PDP)",
    claim="Back-propagation trains an 8-3-8 network to reproduce eight patterns "
    "through three hidden units",
    paper="the encoder problem solved by the generalized delta rule",
)
measured = {"starts that learn": learned.double().mean().item()}
rule = at_least("starts that learn", 0.9, partly=0.5)
show(learns.decide(measured, rule, formats={"starts that learn": ".0%"}))

# %%
code_claim = Claim(
    key="encoder-838-binary-code",
    era="backprop",
    source="rumelhart1986pdp",
    cite="Rumelhart, Hinton & Williams 1986 (PDP), as often retold",
    claim="The three hidden units learn a binary code: each pattern at its own corner "
    "of the cube",
    paper="the hidden units invent a code for the eight patterns; a binary code has "
    "every unit on or off",
)
measured = {
    "starts with a binary code": binary.double().mean().item(),
    "starts with 8 distinct rounded words": distinct.double().mean().item(),
}
rule = at_least("starts with a binary code", 0.5, partly=0.05)
show(code_claim.decide(measured, rule, formats=dict.fromkeys(measured, ".0%")))

# %%
# Nothing in the squared error asks for a binary code: the output units can decode any
# placement of the eight hidden points in which each can be cut off from the other seven
# by a plane, and sigmoid units are free to use values between 0 and 1. Whether other
# settings (initial weights, learning rate, a cross-entropy error that rewards saturated
# units) make binary codes more common is not tested here.

# sphinx_gallery_thumbnail_number = 1
