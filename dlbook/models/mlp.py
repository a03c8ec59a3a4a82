"""The multilayer perceptron: layers of units, each a weighted sum and a nonlinearity.

Stacking threshold units answers Minsky & Papert (1969): two layers of them compute XOR, which
no single unit can. What a stack of *step* units lacked was a learning rule; replacing the step
by a smooth "sigmoid" made the error differentiable and trainable by backpropagation
(Rumelhart, Hinton & Williams 1986). Much of the later story - vanishing gradients, careful
initialisation (Glorot & Bengio 2010; He et al. 2015), the ReLU - is about which activation and
which initial weights let a deep stack learn. So here both are chosen by name::

    MLP(2, [8, 8], 1, activation="tanh", init="xavier")

A network's ``forward`` returns the logits of the last layer (no output activation): pair it
with ``nn.CrossEntropyLoss`` or ``nn.BCEWithLogitsLoss``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from numbers import Integral

import torch
from torch import nn

from dlbook._checks import check_float, check_int, check_seed, check_weights, choose
from dlbook.seed import seeded

# ---------------------------------------------------------------------------------------------
# Activations


class _Heaviside(torch.autograd.Function):
    """The unit step with the gradient it really has: zero wherever it is defined."""

    @staticmethod
    def forward(ctx, x):
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad_output):
        return torch.zeros_like(grad_output)


class Step(nn.Module):
    """The Heaviside step of the threshold unit (McCulloch & Pitts 1943; Rosenblatt 1958).

    Outputs 1 where the input is positive and 0 elsewhere (0 at exactly 0, like
    ``Perceptron``). Its derivative is zero everywhere it exists, and that is what backward
    returns: gradients flow through a step network as exact zeros, so gradient descent cannot
    train it. Use it for hand-built networks (``MLP.from_weights``), and to show why the field
    needed smooth units.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Apply the step elementwise."""
        return _Heaviside.apply(x)


#: Activation names and the module each one builds.
ACTIVATIONS: dict[str, type[nn.Module]] = {
    "step": Step,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,  # negative slope 0.01
    "elu": nn.ELU,
    "gelu": nn.GELU,
    "silu": nn.SiLU,
    "softplus": nn.Softplus,
    "identity": nn.Identity,
}

#: Initialisation names accepted by ``MLP``.
INITS = ("default", "normal", "uniform", "xavier", "he", "zeros")

# The name ``nn.init.calculate_gain`` knows for each activation; the rest get gain 1 (torch has
# no recommended gain for them).
_GAIN_NAMES = {
    "identity": "linear",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "relu",
    "leaky_relu": "leaky_relu",
}
_LEAKY_SLOPE = 0.01  # nn.LeakyReLU's default negative slope


def make_activation(name: str) -> nn.Module:
    """Build the activation module called ``name`` (one of ``ACTIVATIONS``, any case)."""
    return ACTIVATIONS[choose(name, "activation", ACTIVATIONS)]()


def activation_gain(name: str) -> float:
    """The gain ``nn.init.calculate_gain`` recommends for activation ``name`` (1 if none)."""
    key = choose(name, "activation", ACTIVATIONS)
    if key not in _GAIN_NAMES:
        return 1.0
    param = _LEAKY_SLOPE if key == "leaky_relu" else None
    return nn.init.calculate_gain(_GAIN_NAMES[key], param)


# ---------------------------------------------------------------------------------------------
# The network


class MLP(nn.Module):
    """A fully connected network: ``Linear -> activation`` per hidden layer, then a ``Linear``.

    Parameters
    ----------
    in_features:
        Size of each input sample.
    hidden:
        Width of the hidden layer, or a sequence of widths, one per hidden layer. An empty
        sequence gives a linear model (a single ``Linear``).
    out_features:
        Number of outputs (logits).
    activation:
        Name of the nonlinearity after each hidden layer: ``"step"``, ``"sigmoid"``,
        ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"elu"``, ``"gelu"``, ``"silu"``,
        ``"softplus"`` or ``"identity"``. ``"step"`` is the Heaviside unit, whose gradient
        is zero: such a net can be built by hand but not trained.
    init:
        How weights start; applied to every layer, the output layer included:

        - ``"default"``: torch's own ``nn.Linear`` init, weights and biases
          U(-1/sqrt(fan_in), 1/sqrt(fan_in)) - the "commonly used heuristic" that Glorot &
          Bengio (2010) measured against.
        - ``"normal"``: weights N(0, ``std**2``), the small random weights of the 1980s and
          1990s.
        - ``"uniform"``: weights U(-a, a) with a = sqrt(3) ``std``, so their standard
          deviation is ``std`` as well.
        - ``"xavier"``: Glorot & Bengio (2010), weights U(-a, a) with
          a = gain sqrt(6 / (fan_in + fan_out)), the gain matched to the activation by
          ``nn.init.calculate_gain`` (1 where torch gives none).
        - ``"he"``: He et al. (2015), weights N(0, 2 / fan_in) for ReLU (the leaky slope is
          accounted for with ``"leaky_relu"``); the same rule is used, unchanged, for other
          activations.
        - ``"zeros"``: all weights zero. Every hidden unit then computes the same thing and
          receives the same gradient, so they never become different (the symmetry problem).

        All but ``"default"`` set the biases to zero.
    std:
        Standard deviation for ``"normal"`` and ``"uniform"``.
    bias:
        Whether the linear layers have biases.
    seed:
        Seed of the initial weights, drawn inside :func:`dlbook.seed.seeded`: the same seed
        gives the same network whatever the global RNG did before, and building it leaves the
        global RNG as it was. ``None`` draws from the global RNG (``torch.manual_seed``).

    Attributes
    ----------
    linears:
        ``nn.ModuleList`` of the ``nn.Linear`` layers, input to output.
    activations:
        ``nn.ModuleList`` of the activation modules, one after each hidden layer.
    widths:
        ``(in_features, *hidden, out_features)``.
    """

    def __init__(
        self,
        in_features: int,
        hidden: int | Sequence[int],
        out_features: int,
        activation: str = "relu",
        init: str = "default",
        *,
        std: float = 0.01,
        bias: bool = True,
        seed: int | None = None,
    ):
        super().__init__()
        if isinstance(hidden, Integral):
            hidden = [hidden]
        elif isinstance(hidden, (str, bytes)) or not isinstance(hidden, Iterable):
            raise TypeError(
                f"hidden must be an int or a sequence of ints, got {type(hidden).__name__}"
            )
        hidden = list(hidden)
        widths = (in_features, *hidden, out_features)
        names = ["in_features", *(f"hidden[{i}]" for i in range(len(hidden))), "out_features"]
        self.widths = tuple(
            check_int(width, name, minimum=1) for name, width in zip(names, widths, strict=True)
        )
        std = check_float(std, "std", minimum=0.0, min_open=True)
        self.activation = choose(activation, "activation", ACTIVATIONS)
        self.init = choose(init, "init", INITS)
        self.std = float(std)
        self.seed = check_seed(seed, allow_none=True)

        with seeded(self.seed):
            self.linears = nn.ModuleList(
                nn.Linear(n_in, n_out, bias=bias)
                for n_in, n_out in zip(self.widths[:-1], self.widths[1:], strict=True)
            )
            if self.init != "default":  # nn.Linear has just drawn torch's default
                self.reset_parameters()
        self.activations = nn.ModuleList(
            make_activation(self.activation) for _ in range(len(self.widths) - 2)
        )

    @property
    def in_features(self) -> int:
        """Size of each input sample."""
        return self.widths[0]

    @property
    def out_features(self) -> int:
        """Number of outputs."""
        return self.widths[-1]

    def reset_parameters(self) -> None:
        """(Re)draw every weight and bias with the rule named by ``init``."""
        for linear in self.linears:
            w, b = linear.weight, linear.bias
            if self.init == "default":
                linear.reset_parameters()
                continue
            if self.init == "normal":
                nn.init.normal_(w, 0.0, self.std)
            elif self.init == "uniform":
                a = 3**0.5 * self.std
                nn.init.uniform_(w, -a, a)
            elif self.init == "xavier":
                nn.init.xavier_uniform_(w, gain=activation_gain(self.activation))
            elif self.init == "he":
                if self.activation == "leaky_relu":
                    nn.init.kaiming_normal_(w, a=_LEAKY_SLOPE, nonlinearity="leaky_relu")
                else:
                    nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu")
            else:  # "zeros"
                nn.init.zeros_(w)
            if b is not None:
                nn.init.zeros_(b)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map ``x`` of shape ``(..., in_features)`` to logits ``(..., out_features)``."""
        self._check_input(x)
        for linear, act in zip(self.linears[:-1], self.activations, strict=True):
            x = act(linear(x))  # (..., width of this hidden layer)
        return self.linears[-1](x)  # (..., out_features)

    def hidden_representation(self, x: torch.Tensor, layer: int = -1) -> torch.Tensor:
        """The activations of hidden layer ``layer`` (0-based; -1 is the last) for input ``x``.

        This is the space the output layer sees: for a net that solves XOR, the four
        corners land there on points a single line can separate.
        """
        self._check_input(x)
        n_hidden = len(self.activations)
        if n_hidden == 0:
            raise ValueError("this MLP has no hidden layer (hidden=[]), so no representation")
        layer = check_int(layer, "layer", minimum=-n_hidden, maximum=n_hidden - 1) % n_hidden
        for linear, act in zip(self.linears[: layer + 1], self.activations, strict=False):
            x = act(linear(x))  # (..., width of this hidden layer)
        return x

    @classmethod
    def from_weights(cls, weights: Sequence, activation: str = "step", *, dtype=None) -> MLP:
        """Build the network with exactly the given weights, one ``(W, b)`` pair per layer.

        ``W`` has shape ``(out, in)`` like ``nn.Linear.weight`` (one row per unit), ``b``
        shape ``(out,)`` (or ``None`` for a zero bias): the layout of
        ``dlbook._checks.check_weights``, shared with :mod:`dlbook.backprop`. The weights
        are copied in ``dtype`` (default: torch's default dtype) on their device. The XOR
        network of the chapter, with hidden units OR and NAND and an AND on top::

            MLP.from_weights([
                ([[1, 1], [-1, -1]], [-0.5, 1.5]),  # h1 = OR(x1, x2), h2 = NAND(x1, x2)
                ([[1, 1]], [-1.5]),                 # y = AND(h1, h2) = XOR(x1, x2)
            ])
        """
        dtype = torch.get_default_dtype() if dtype is None else dtype
        layers = check_weights(weights, "weights", dtype=dtype)
        widths = [layers[0][0].shape[1], *(W.shape[0] for W, _ in layers)]
        # seed=0: the weights drawn here are overwritten, and the global RNG is not touched
        net = cls(widths[0], widths[1:-1], widths[-1], activation=activation, seed=0)
        net = net.to(device=layers[0][0].device, dtype=dtype)
        with torch.no_grad():
            for linear, (W, b) in zip(net.linears, layers, strict=True):
                linear.weight.copy_(W)
                linear.bias.copy_(b)
        return net

    def _check_input(self, x) -> None:
        if not isinstance(x, torch.Tensor):
            raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
        if x.ndim == 0 or x.shape[-1] != self.in_features:
            raise ValueError(
                f"x must have shape (..., {self.in_features}): the MLP expects "
                f"{self.in_features} input feature(s), got shape {tuple(x.shape)}"
            )
        dtype = self.linears[0].weight.dtype
        if x.dtype != dtype:
            raise TypeError(
                f"x has dtype {x.dtype} but the MLP's weights are {dtype}; "
                f"convert with x.to({dtype}) (or the model with .to(x.dtype))"
            )

    def extra_repr(self) -> str:
        """Widths, activation and init, shown in ``repr``."""
        return f"widths={self.widths}, activation={self.activation!r}, init={self.init!r}"
