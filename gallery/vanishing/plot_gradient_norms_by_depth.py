"""
================================================
Vanishing gradients: the gradient norm per layer
================================================

**The claim.** Hochreiter (1991, ``hochreiter1991``) showed that the error signal
backpropagation sends back through sigmoid-like units shrinks (or blows up)
exponentially with the number of steps it travels; Bengio, Simard & Frasconi (1994,
``bengio1994``) proved that gradient descent therefore struggles to learn long-range
dependencies. They studied recurrent networks, whose steps in time are layers once
unrolled; the arithmetic is the same for a deep feedforward network, where each sigmoid
layer multiplies the error by the unit's slope, :math:`\\sigma'(z) = \\sigma(z)(1 -
\\sigma(z)) \\le 1/4`. He et al. (2015, ``he2015``) showed that ReLU units with weights
of variance :math:`2/n_\\text{in}` pass the gradient back with its size kept, layer
after layer.

**The re-run.** One batch of Fashion-MNIST images (Xiao, Rasul & Vollgraf 2017) goes
through fully connected networks of 2 to 10 layers, before any training; we measure the
norm of each layer's weight gradient and how the first layer's falls behind the last
layer's as depth grows. See :doc:`/chapters/vanishing-gradients` for the story around
it.
"""

# %%
# Three slopes
# ------------
# Backpropagation multiplies, layer after layer, by the derivative of the activation.
# The sigmoid's slope peaks at a quarter, tanh's at one; the ReLU's is one wherever the
# unit is active and zero elsewhere:
import matplotlib.pyplot as plt
import torch

z = torch.linspace(-6, 6, 601, requires_grad=True)
fig, ax = plt.subplots(figsize=(5.5, 3.2))
slopes = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "ReLU": torch.relu}
for name, fn in slopes.items():
    (slope,) = torch.autograd.grad(fn(z).sum(), z)  # the derivative at every z
    ax.plot(z.detach(), slope, label=name)
ax.axhline(0.25, color="0.4", linestyle=":")
ax.set(xlabel="unit input $z$", ylabel="slope $f'(z)$")
ax.set_title("How much of the error signal each unit passes back")
ax.legend()

# %%
# Four networks of ten layers
# ---------------------------
# Each has 9 hidden layers of 64 units and 10 outputs. Three start from torch's default
# rule, uniform in :math:`\pm 1/\sqrt{n_\text{in}}`, the "commonly used heuristic"
# Glorot & Bengio (2010) measured against; the fourth is a ReLU network with He et al.'s
# rule. :func:`~dlbook.diagnostics.gradient_norms_at_init` gives the norm of the loss
# gradient with respect to each layer's weights for one batch, input layer first:
from dlbook import scale
from dlbook.data import fashion_mnist_tensors
from dlbook.diagnostics import gradient_norms_at_init
from dlbook.models import MLP
from dlbook.plot import plot_gradient_flow

n_images, n_seeds = scale.pick(book=(256, 3), paper=(2048, 10))
X, y = fashion_mnist_tensors("train", n=n_images, seed=0, flatten=True)
print(f"Fashion-MNIST, one batch of {n_images} training images (28x28 grey);")
print(f"{n_seeds} seeds per network; {scale.current()} scale")
NETS = {  # label: (activation, initialization)
    "sigmoid": ("sigmoid", "default"),
    "tanh": ("tanh", "default"),
    "ReLU": ("relu", "default"),
    "ReLU + He init": ("relu", "he"),
}


def gradient_norms(label, n_layers, seed):
    """Gradient norm per layer of a fresh network of ``n_layers`` weight layers."""
    activation, init = NETS[label]
    net = MLP(784, [64] * (n_layers - 1), 10, activation, init=init, seed=seed)
    return gradient_norms_at_init(net, X, y)  # {"layer 1": norm, ...}


at_init = {label: gradient_norms(label, 10, seed=0) for label in NETS}
ax = plot_gradient_flow(at_init, title="Gradient norm per layer at initialization")
ax.set_xticks(range(10), [str(layer) for layer in range(1, 11)])

# %%
# The ratio over depth
# --------------------
# For networks of 2 to 10 weight layers we divide the first layer's gradient norm by the
# last layer's (their shapes are the same at every depth), averaged on a log scale over
# the seeds. Exponential decay is a straight line on the log axis; its slope, fitted by
# least squares, is the factor each added layer multiplies the ratio by. The dotted line
# is :math:`4^{-(L-1)}`, the sigmoid's slope alone with weights of gain one:
import numpy as np

depths = np.arange(2, 11)  # weight layers: 1 to 9 hidden ones, plus the output


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
ax.set_title("How much smaller the first layer's gradient is")
ax.legend(fontsize="small")

# %%
# The numbers behind the figure:
from dlbook.display import show
from dlbook.table import Table

rows = [
    {"network": label, "first/last at L=10": 10 ** ratios[label][-1], "per layer": f}
    for label, f in factor.items()
]
show(Table(rows, formats={"first/last at L=10": ".1e", "per layer": ".3f"}))

# %%
# The claims
# ----------
# Hochreiter's decay counts as reproduced when each added sigmoid layer shrinks the
# first layer's gradient at least twofold, so that ten layers lose more than two orders
# of magnitude:
from dlbook.claims import Claim, at_most, rule

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
# He et al.'s rule counts as reproduced when the ReLU network's factor per layer lies
# within 10% of one, partly when within a third:
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
show(he.decide({name: factor["ReLU + He init"]}, within))

# %%
# What the numbers mean
# ---------------------
# The sigmoid network's factor is the unit's slope, at most a quarter, times the scale
# of torch's default weights, whose gain is below one; the dotted line is the slope's
# part alone. Tanh and the ReLU, whose slopes reach one, keep only the weights' part,
# which He et al.'s scale is chosen to cancel. The backward pass's arithmetic is the
# same for clothing images as for the sequences Hochreiter and Bengio et al. studied.
# What the gap does to training:
# :ref:`sphx_glr_auto_examples_vanishing_plot_deep_sigmoid_vs_relu.py`; what the
# weights' scale does to the forward signal:
# :ref:`sphx_glr_auto_examples_breakthrough_plot_init_activation_histograms.py`.

# sphinx_gallery_thumbnail_number = 3
