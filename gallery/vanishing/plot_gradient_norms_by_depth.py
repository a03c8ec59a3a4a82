"""
================================================
Vanishing gradients: the gradient norm per layer
================================================

**The claim.** Hochreiter (1991, ``hochreiter1991``) showed that the error signal sent
back through sigmoid-like units shrinks exponentially with the steps it travels; Bengio,
Simard & Frasconi (1994, ``bengio1994``) proved that gradient descent therefore
struggles with long-range dependencies. The arithmetic of their recurrent networks holds
for deep feedforward ones: each sigmoid layer multiplies the error by the unit's slope,
:math:`\\sigma'(z) \\le 1/4`. He et al. (2015, ``he2015``) showed that ReLUs with
weights of variance :math:`2/n_\\text{in}` keep its size.

**The re-run.** One batch of Fashion-MNIST images (Xiao, Rasul & Vollgraf 2017) goes
through untrained networks of 2 to 10 layers; we measure each layer's weight gradient.
"""

# %%
# Three slopes
# ------------
# Backpropagation multiplies, layer after layer, by the activation's derivative. The
# sigmoid's slope peaks at a quarter, tanh's at one; the ReLU's is one or zero:
import matplotlib.pyplot as plt
import torch

z = torch.linspace(-6, 6, 601, requires_grad=True)
fig, ax = plt.subplots(figsize=(5.5, 3.2))
slopes = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "ReLU": torch.relu}
for name, fn in slopes.items():
    (slope,) = torch.autograd.grad(fn(z).sum(), z)
    ax.plot(z.detach(), slope, label=name)
ax.axhline(0.25, color="0.4", linestyle=":")
ax.set(xlabel="unit input $z$", ylabel="slope $f'(z)$")
ax.legend()

# %%
# Four networks of ten layers
# ---------------------------
# 9 hidden layers of 64 units, 10 outputs. Three start from torch's default, uniform in
# :math:`\pm 1/\sqrt{n_\text{in}}`, the heuristic Glorot & Bengio (2010) measured
# against; the fourth is a ReLU network with He et al.'s rule. For one batch,
# :func:`~dlbook.diagnostics.gradient_norms_at_init` gives each layer's gradient norm:
from dlbook import scale
from dlbook.data import fashion_mnist_tensors
from dlbook.diagnostics import gradient_norms_at_init
from dlbook.models import MLP
from dlbook.plot import plot_gradient_flow

n_images, n_seeds = scale.pick(book=(256, 3), paper=(2048, 10))
X, y = fashion_mnist_tensors("train", n=n_images, seed=0, flatten=True)
print(f"Fashion-MNIST, one batch of {n_images} training images (28x28 grey);")
print(f"{n_seeds} seeds per network; {scale.current()} scale")
NETS = {"sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "relu", "ReLU + He init": "relu"}


def gradient_norms(label, n_layers, seed):
    init = "he" if label.endswith("He init") else "default"
    net = MLP(784, [64] * (n_layers - 1), 10, NETS[label], init=init, seed=seed)
    return gradient_norms_at_init(net, X, y)  # {"layer 1": norm, ...}


at_init = {label: gradient_norms(label, 10, seed=0) for label in NETS}
ax = plot_gradient_flow(at_init, title="Gradient norm per layer at initialization")
ax.set_xticks(range(10), [str(layer) for layer in range(1, 11)])

# %%
# The ratio over depth
# --------------------
# For 2 to 10 weight layers, the first layer's gradient norm over the last's, averaged
# on a log scale over the seeds. Its least-squares slope on the log axis is the factor
# each added layer multiplies the ratio by. The dotted line, :math:`4^{-(L-1)}`, is the
# sigmoid's slope alone:
import numpy as np

depths = np.arange(2, 11)


def log_ratio(label, n_layers):
    norms = [gradient_norms(label, n_layers, seed) for seed in range(n_seeds)]
    return np.mean([np.log10(g["layer 1"] / g[f"layer {n_layers}"]) for g in norms])


ratios = {label: np.array([log_ratio(label, L) for L in depths]) for label in NETS}
factor = {label: 10 ** np.polyfit(depths, logs, 1)[0] for label, logs in ratios.items()}

fig, ax = plt.subplots(figsize=(5.5, 3.6))
for label, logs in ratios.items():
    ax.plot(depths, 10**logs, "-o", label=f"{label}: x{factor[label]:.2f} per layer")
ax.plot(depths, 4.0 ** -(depths - 1.0), ":", color="0.3", label="$4^{-(L-1)}$")
ax.set(yscale="log", xlabel="weight layers $L$", ylabel="|grad 1| / |grad L|")
ax.legend(fontsize="small")

# %%
# The claims
# ----------
# Hochreiter's decay is reproduced when each added sigmoid layer shrinks the first
# layer's gradient at least twofold:
from dlbook.claims import Claim, at_most, rule
from dlbook.display import show

sigmoid = Claim(
    key="gradient-norms-sigmoid-vanish",
    era="vanishing",
    source="hochreiter1991",
    cite="Hochreiter 1991; Bengio, Simard & Frasconi 1994",
    claim="The error signal shrinks exponentially on its way back through sigmoid "
    "layers",
    paper="exponential decay in the number of layers (time steps) crossed; each "
    "sigmoid layer multiplies the error by at most a quarter times the weights",
)
name = "sigmoid: factor per layer"
show(sigmoid.decide({name: factor["sigmoid"]}, at_most(name, 0.5, partly=0.8)))

# %%
# He et al.'s rule is reproduced when the ReLU network's factor per layer lies within
# 10% of one, partly when within a third:
he = Claim(
    key="gradient-norms-he-level",
    era="vanishing",
    source="he2015",
    cite="He et al. 2015",
    claim="With weights of variance 2/fan-in, a deep ReLU network passes the gradient "
    "back without exponential shrinking or growth",
    paper="the backward condition n Var[w] / 2 = 1 keeps the gradient's variance "
    "from layer to layer (Eq. 14)",
)
name = "ReLU + He init: factor per layer"


def level(measured):
    off = abs(np.log(measured[name]))  # 0 when the factor is exactly 1
    if off <= np.log(1.1):
        return "reproduced"
    return "partly" if off <= np.log(4 / 3) else "not-reproduced"


within = rule("factor per layer within 10% of 1; partly: within a third", level)
plt.show()  # a terminal run opens the figures here; a page shows them inline
show(he.decide({name: factor["ReLU + He init"]}, within))

# %%
# What the numbers mean
# ---------------------
# The sigmoid's factor is its slope, at most a quarter, times the scale of torch's
# default weights; tanh and the ReLU, whose slopes reach one, keep only the weights'
# part, which He et al.'s scale cancels. What the gap does to training:
# :ref:`sphx_glr_auto_examples_vanishing_plot_deep_sigmoid_vs_relu.py`; to the forward
# signal: :ref:`sphx_glr_auto_examples_breakthrough_plot_init_activation_histograms.py`.

# sphinx_gallery_thumbnail_number = 3
