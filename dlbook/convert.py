"""Networks given as ``(W, b)`` pairs, to and from ``torch.nn`` modules.

:mod:`dlbook.backprop` computes with lists of ``(W, b)``, ``W`` shaped ``(out, in)`` like
``nn.Linear.weight`` (``dlbook._checks.check_weights``); these functions turn such a list
into modules that autograd, the Trainer and the plots can use, and back.
"""

from __future__ import annotations

import torch

from dlbook._checks import check_weights, choose
from dlbook.backprop import ACTIVATIONS, Params
from dlbook.models.mlp import MLP

__all__ = ["from_linear", "to_mlp", "to_sequential"]


def from_linear(model, dtype: torch.dtype = torch.float64) -> Params:
    """Copy the ``nn.Linear`` layers of ``model`` into ``(W, b)`` pairs (``W = weight``).

    ``model`` may be a module (its ``linears`` attribute if it has one, else every
    ``nn.Linear`` in ``model.modules()`` order) or a list of ``nn.Linear``. Layers without a
    bias get a zero ``b``. The copies are detached and cast to ``dtype``.
    """
    if isinstance(model, torch.nn.Module):
        linears = list(
            getattr(model, "linears", None)
            or [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
        )
    else:
        linears = list(model)
    if not linears or not all(isinstance(m, torch.nn.Linear) for m in linears):
        raise TypeError(
            "model must be an nn.Module holding nn.Linear layers or a list of nn.Linear, got "
            f"{type(model).__name__}"
        )
    pairs = [
        (m.weight.detach().clone(), None if m.bias is None else m.bias.detach().clone())
        for m in linears
    ]
    return check_weights(pairs, "model", dtype=dtype)


def to_sequential(params, *, activation: str = "sigmoid", output: str = "sigmoid"):
    """Build an ``nn.Sequential`` computing the same function as :func:`dlbook.backprop.forward`.

    Linear layers get ``weight = W``; the output layer is followed by ``nn.Sigmoid``,
    ``nn.Softmax(dim=1)`` or nothing (``identity``).
    """
    params = check_weights(params, "params")
    activation = choose(activation, "activation", ACTIVATIONS)
    output = choose(output, "output", ("sigmoid", "softmax", "identity"))
    acts = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}
    layers: list[torch.nn.Module] = []
    for i, (W, b) in enumerate(params, start=1):
        lin = torch.nn.Linear(W.shape[1], W.shape[0], dtype=W.dtype, device=W.device)
        with torch.no_grad():
            lin.weight.copy_(W)
            lin.bias.copy_(b)
        layers.append(lin)
        if i < len(params):
            layers.append(acts[activation]())
        elif output == "sigmoid":
            layers.append(torch.nn.Sigmoid())
        elif output == "softmax":
            layers.append(torch.nn.Softmax(dim=1))
    return torch.nn.Sequential(*layers)


def to_mlp(params, *, activation: str = "sigmoid") -> MLP:
    """A ``dlbook.models.MLP`` with exactly these weights: ``MLP.from_weights`` in their dtype.

    The MLP keeps the parameters' dtype and device and returns the logits ``z_L``: apply
    ``torch.sigmoid`` (``mse``) or ``torch.softmax`` (``cross_entropy``) to get
    :func:`dlbook.backprop.forward`'s output. :func:`from_linear` converts back.
    """
    params = check_weights(params, "params")
    activation = choose(activation, "activation", ACTIVATIONS)
    return MLP.from_weights(params, activation=activation, dtype=params[0][0].dtype)
