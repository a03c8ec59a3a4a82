"""
=======================================================
The 8-3-8 encoder: what code do the hidden units learn?
=======================================================

**The claim.** In the *encoder problem* (Ackley, Hinton & Sejnowski 1985) a network must
reproduce :math:`N` one-hot patterns through :math:`\\log_2 N` hidden units. Rumelhart,
Hinton and Williams (1986, PDP volume) trained an 8-3-8 network on it by
back-propagation, and the hidden units found a code of their own, often retold as "a
binary code": each unit on or off, the patterns at the corners :math:`000, \\dots, 111`.

**The re-run.** We train many 8-3-8 sigmoid networks from random starts and count how
many reproduce the patterns and how many hidden codes are binary by a stated rule
(:doc:`/chapters/backprop` tells the story).
"""

# %%
# The error, summed as in 1986
# ----------------------------
# Each input, a row of the 8 x 8 identity, is its own target; the error is the 1986 sum
# :math:`E = \frac12 \sum_c \sum_j (o_{jc} - d_{jc})^2` (so :math:`\eta` on it is
# :math:`64\eta` on the mean). Weights start uniform in :math:`\pm 1/\sqrt{n_{in}}`;
# all starts train at once with momentum. Rounding each hidden activation gives a word
# of 3 bits per pattern; a code is *binary* if every activation lies within
# ``TOLERANCE`` of 0 or 1 and the eight words differ. The first start's code:
import torch

from dlbook import backprop
from dlbook.display import show
from dlbook.scale import pick
from dlbook.table import Table

EPOCHS, LR, MOMENTUM = 2000, 0.1, 0.9
SEEDS = torch.arange(pick(book=20, paper=200))
X = torch.eye(8, dtype=torch.float64)  # (8, 8): pattern c has input unit c on

flat = [sum(backprop.init_params([8, 3, 8], seed=s), ()) for s in SEEDS.tolist()]
W1, b1, W2, b2 = (torch.stack(t).requires_grad_() for t in zip(*flat, strict=True))
optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=LR, momentum=MOMENTUM)
for epoch in range(EPOCHS + 1):  # forward passes after 0, 1, ..., EPOCHS steps
    codes = torch.sigmoid(X @ W1.mT + b1[:, None])  # (starts, 8, 3): hidden codes
    outputs = torch.sigmoid(codes @ W2.mT + b2[:, None])  # (starts, 8, 8)
    if epoch < EPOCHS:
        optimizer.zero_grad()
        (0.5 * ((outputs - X) ** 2).sum()).backward()  # E of every start, summed
        optimizer.step()
codes, outputs = codes.detach(), outputs.detach()
print(f"{len(SEEDS)} random starts, {EPOCHS} epochs, lr {LR} on E, momentum {MOMENTUM}")

TOLERANCE = 0.1
words = ["".join(str(b) for b in row) for row in (codes[0] > 0.5).long().tolist()]
hidden = {f"h{j + 1}": codes[0][:, j] for j in range(3)}  # the first start's code
columns = {"pattern": range(8)} | hidden | {"word": words}
show(Table.from_columns(columns, formats=dict.fromkeys(hidden, ".2f")))

# %%
# Every start
# -----------
# Whether all 64 outputs are on the right side of 1/2, how far the code is from binary
# (the largest distance of an activation to 0 or 1), and whether the words differ. The
# claims hold if nearly every start learns the task, and if most starts learn a binary
# code (partly if one in twenty does):
import matplotlib.pyplot as plt

learned = ((outputs > 0.5) == (X > 0.5)).flatten(1).all(dim=1)  # (starts,)
distance = (codes - codes.round()).abs().flatten(1).max(dim=1).values  # (starts,)
distinct = torch.tensor([len(set(map(tuple, (c > 0.5).tolist()))) == 8 for c in codes])
binary = (distance < TOLERANCE) & distinct  # the rule stated above

fig, ax = plt.subplots(figsize=(7, 3))
for words, label in ((True, "eight different words"), (False, "fewer words")):
    ax.scatter(SEEDS[distinct == words], distance[distinct == words], label=label)
ax.axhline(TOLERANCE, color="k", lw=1, ls="--", label="tolerance")
ax.set(xlabel="random start", ylabel="distance to a binary code", ylim=(0, 0.52))
ax.legend(loc="lower right", ncols=3, fontsize="small")

# %%
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
plt.show()  # a terminal run opens the figures here; a page shows them inline
show(code_claim.decide(measured, rule, formats=dict.fromkeys(measured, ".0%")))

# %%
# Nothing in the squared error asks for a binary code: the output units can decode any
# placement of the hidden points in which a plane cuts each off from the others, and
# sigmoid units may take values between 0 and 1. Whether a cross-entropy error, which
# rewards saturated units, makes binary codes more common is not tested here.
