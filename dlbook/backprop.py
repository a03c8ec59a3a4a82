"""Backpropagation written out by hand for a small multilayer perceptron.

The generalized delta rule of Rumelhart, Hinton & Williams (1986), first derived by Werbos
(1974): run the network forward keeping every pre-activation ``z`` and activation ``a``, then
walk the layers backwards applying the chain rule once per layer. No autograd is used here:
every derivative is a line of tensor algebra (in the spirit of karpathy/micrograd), and
:func:`dlbook.gradcheck.gradient_check` compares the result with ``torch.autograd`` and with
finite differences.

Notation, for layer ``l = 1 .. L`` and a batch of ``n`` samples::

    z_l = a_{l-1} @ W_l.T + b_l        a_0 = X          (n, out_l)
    a_l = f(z_l)                       f: the hidden activation, or the output's

Layout: a weight ``W_l`` is shaped ``(out, in)``, row ``j`` holding the weights ``w_ji`` into
unit ``j`` (Rumelhart et al.'s notation), which is also how ``torch.nn.Linear`` stores it:
the one layout of the library (``dlbook._checks.check_weights``), so
``dlbook.convert`` copies weights to and from ``torch.nn`` without transposing.

Losses (the output non-linearity goes with the loss, as in the papers):

- ``"mse"``: sigmoid outputs and half the squared error, summed over outputs and averaged over
  samples, ``L = 1/(2n) sum (a_L - y)^2`` -- the 1986 setting of the XOR experiments
  (Rumelhart et al. summed over patterns instead of averaging; that only rescales ``lr``).
- ``"cross_entropy"``: softmax outputs and the mean negative log-likelihood of the labels,
  ``L = -1/n sum log p[i, y_i]``, whose gradient at the logits is ``(p - onehot(y)) / n``.
"""

from __future__ import annotations

import itertools
import math

import torch

from dlbook._checks import (
    as_labels,
    as_tensor,
    check_float,
    check_int,
    check_seed,
    check_weights,
    choose,
)
from dlbook.data.gates import logic_gate

Params = list[tuple[torch.Tensor, torch.Tensor]]
"""A network as a list of ``(W, b)`` pairs, ``W`` shaped ``(out, in)`` and ``b`` ``(out,)``."""

ACTIVATIONS = ("sigmoid", "tanh", "relu")
"""Hidden activations this module differentiates by hand."""

LOSSES = {"mse": "sigmoid", "cross_entropy": "softmax"}
"""Each loss and the output non-linearity it is paired with."""


# ---------------------------------------------------------------------------------------------
# Activations and their derivatives, written in terms of what the forward pass already holds.
# ---------------------------------------------------------------------------------------------


def sigmoid(z: torch.Tensor) -> torch.Tensor:
    """The logistic function ``1 / (1 + exp(-z))``."""
    return torch.sigmoid(z)


def activate(z: torch.Tensor, activation: str) -> torch.Tensor:
    """Apply the named hidden activation (``sigmoid``, ``tanh`` or ``relu``) to ``z``."""
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "tanh":
        return torch.tanh(z)
    if activation == "relu":
        return torch.clamp(z, min=0)
    raise ValueError(f"unknown activation {activation!r}; expected one of {list(ACTIVATIONS)}")


def activation_derivative(z: torch.Tensor, a: torch.Tensor, activation: str) -> torch.Tensor:
    """``f'(z)`` for the named activation, reusing the forward output ``a = f(z)``.

    - sigmoid: ``s'(z) = s (1 - s)``, at most ``1/4`` (at ``z = 0``): each sigmoid layer
      shrinks the backward signal by at least 4, the root of vanishing gradients.
    - tanh: ``tanh'(z) = 1 - tanh(z)^2``, at most 1.
    - relu: ``1`` where ``z > 0``, else ``0`` (the subgradient 0 at ``z = 0``, as in PyTorch).
    """
    if activation == "sigmoid":
        return a * (1 - a)
    if activation == "tanh":
        return 1 - a * a
    if activation == "relu":
        return (z > 0).to(z.dtype)
    raise ValueError(f"unknown activation {activation!r}; expected one of {list(ACTIVATIONS)}")


def softmax(z: torch.Tensor) -> torch.Tensor:
    """Row-wise softmax ``exp(z) / sum exp(z)``, shifted by the row maximum for stability."""
    e = torch.exp(z - z.max(dim=1, keepdim=True).values)  # (n, k)
    return e / e.sum(dim=1, keepdim=True)


# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------


def init_params(
    sizes, seed: int = 0, dtype: torch.dtype = torch.float64, scale: float | None = None
) -> Params:
    """Random weights for an MLP with layer widths ``sizes`` (input first, output last).

    ``W`` and ``b`` are drawn uniformly from ``[-r, r]`` with ``r = scale`` or, by default,
    ``r = 1 / sqrt(fan_in)`` (the ``nn.Linear`` default). Rumelhart et al. (1986) started from
    "small random weights" to break the symmetry between hidden units: with equal weights
    every unit of a layer would get the same gradient and stay a copy of the others.
    """
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must list at least two widths (input width, ..., output width), got {sizes!r}"
        )
    for i, width in enumerate(sizes):
        check_int(width, f"sizes[{i}]", minimum=1)
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating torch.dtype, got {dtype!r}")
    if scale is not None:
        check_float(scale, "scale", minimum=0.0, min_open=True)
    gen = torch.Generator().manual_seed(check_seed(seed))
    params: Params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        r = scale if scale is not None else 1 / math.sqrt(fan_in)
        # drawn (in, out) and transposed, so that every seed keeps the weights it always had
        W = (torch.rand(fan_in, fan_out, generator=gen, dtype=dtype) * 2 - 1) * r
        b = (torch.rand(fan_out, generator=gen, dtype=dtype) * 2 - 1) * r  # (out,)
        params.append((W.T.contiguous(), b))  # W: (out, in)
    return params


# ---------------------------------------------------------------------------------------------
# Forward
# ---------------------------------------------------------------------------------------------


@torch.no_grad()
def forward(params, X, *, activation: str = "sigmoid", output: str = "sigmoid") -> dict:
    """Run the MLP forward, keeping what the backward pass needs.

    Parameters
    ----------
    params:
        List of ``(W, b)``, ``W`` shaped ``(out, in)``.
    X:
        Inputs, shape ``(n, in_features)``; converted to the parameters' dtype.
    activation:
        Hidden non-linearity: ``sigmoid``, ``tanh`` or ``relu``.
    output:
        Output non-linearity: ``sigmoid`` (with the MSE loss), ``softmax`` (with cross-entropy)
        or ``identity``.

    Returns
    -------
    dict
        ``{"z": [z_1 .. z_L], "a": [a_0 = X, a_1 .. a_L], "activation": ..., "output": ...}``;
        ``a[-1]`` is the network's output.
    """
    params = check_weights(params, "params")
    activation = choose(activation, "activation", ACTIVATIONS)
    output = choose(output, "output", ("sigmoid", "softmax", "identity"))
    W1 = params[0][0]
    X = as_tensor(X, "X", ndim=2, dtype=W1.dtype).to(W1.device)
    if X.shape[1] != W1.shape[1]:
        raise ValueError(
            f"X has {X.shape[1]} feature(s) but W1 has shape {tuple(W1.shape)} (out, in): "
            f"expected X of shape (n, {W1.shape[1]})"
        )
    zs, acts = [], [X]  # a_0 = X, shape (n, in)
    for i, (W, b) in enumerate(params, start=1):  # layer l = i
        z = (
            acts[-1] @ W.T + b
        )  # z_l = a_{l-1} @ W_l.T + b_l: (n, in_l) @ (in_l, out_l) -> (n, out_l)
        if i < len(params):
            a = activate(z, activation)  # a_l = f(z_l), hidden layer
        elif output == "sigmoid":
            a = sigmoid(z)
        elif output == "softmax":
            a = softmax(z)  # (n, k) rows sum to 1
        else:
            a = z
        zs.append(z)
        acts.append(a)
    return {"z": zs, "a": acts, "activation": activation, "output": output}


def predict(params, X, *, activation: str = "sigmoid", loss: str = "mse") -> torch.Tensor:
    """Class predictions: ``a_L > 1/2`` (int64, shape ``(n, k)``) for ``mse``, else argmax."""
    loss = choose(loss, "loss", LOSSES)
    a = forward(params, X, activation=activation, output=LOSSES[loss])["a"][-1]
    if loss == "mse":
        return (a > 0.5).long()
    return a.argmax(dim=1)


# ---------------------------------------------------------------------------------------------
# Loss
# ---------------------------------------------------------------------------------------------


def _check_targets(y, a_out: torch.Tensor, loss: str) -> torch.Tensor:
    n, k = a_out.shape
    if loss == "mse":
        y = as_tensor(y, "y", ndim=(1, 2), dtype=a_out.dtype).to(a_out.device)
        if y.ndim == 1 and k == 1:
            y = y[:, None]  # (n,) -> (n, 1)
        if tuple(y.shape) != (n, k):
            raise ValueError(
                f"y has shape {tuple(y.shape)} but the network outputs {(n, k)}: for the mse "
                f"loss give one target per output unit, shape ({n}, {k})"
                + (f" or ({n},)" if k == 1 else "")
            )
        return y
    y = as_labels(y, "y", n=n, num_classes=k)  # (n,) int64
    return y.to(a_out.device)


def _loss_from_output(
    a_out: torch.Tensor, z_out: torch.Tensor, y: torch.Tensor, loss: str
) -> float:
    n = a_out.shape[0]
    if loss == "mse":
        return float(((a_out - y) ** 2).sum() / (2 * n))  # 1/(2n) sum (a - y)^2
    log_p = z_out - torch.logsumexp(z_out, dim=1, keepdim=True)  # (n, k) log-softmax
    return float(-log_p.gather(1, y[:, None]).mean())  # mean of -log p[i, y_i]


def loss_value(params, X, y, *, activation: str = "sigmoid", loss: str = "mse") -> float:
    """The loss of the network on ``(X, y)``, as a Python float (see the module docstring)."""
    loss = choose(loss, "loss", LOSSES)
    cache = forward(params, X, activation=activation, output=LOSSES[loss])
    y = _check_targets(y, cache["a"][-1], loss)
    return _loss_from_output(cache["a"][-1], cache["z"][-1], y, loss)


# ---------------------------------------------------------------------------------------------
# Backward: the chain rule, one layer at a time
# ---------------------------------------------------------------------------------------------


@torch.no_grad()
def backward(params, cache: dict, y, *, loss: str = "mse") -> Params:
    """Gradients of the loss with respect to every ``W`` and ``b``, by the chain rule.

    ``cache`` is what :func:`forward` returned for these ``params``. The output
    non-linearity in the cache must match the loss (sigmoid for ``mse``, softmax for
    ``cross_entropy``). Returns a list of ``(dW, db)`` shaped like ``params``.
    """
    params = check_weights(params, "params")
    loss = choose(loss, "loss", LOSSES)
    if not isinstance(cache, dict) or not {"z", "a", "activation", "output"} <= cache.keys():
        raise TypeError("cache must be the dict returned by forward(params, X, ...)")
    if len(cache["z"]) != len(params):
        raise ValueError(
            f"cache holds {len(cache['z'])} layer(s) but params has {len(params)}: "
            "run forward with these params"
        )
    if cache["output"] != LOSSES[loss]:
        raise ValueError(
            f"the {loss} loss needs a {LOSSES[loss]} output layer, but the cache was made with "
            f"output={cache['output']!r}"
        )
    zs, acts, activation = cache["z"], cache["a"], cache["activation"]
    a_out = acts[-1]  # a_L, shape (n, k)
    n = a_out.shape[0]
    y = _check_targets(y, a_out, loss)

    # Start at the output: delta_L = dL/dz_L.
    if loss == "mse":
        dL_da = (a_out - y) / n  # dL/da_L of L = 1/(2n) sum (a_L - y)^2, shape (n, k)
        delta = dL_da * a_out * (1 - a_out)  # dL/dz_L = dL/da_L * s'(z_L), s' = s (1 - s)
    else:
        onehot = torch.nn.functional.one_hot(y, a_out.shape[1]).to(a_out.dtype)  # (n, k)
        delta = (a_out - onehot) / n  # softmax + cross-entropy: dL/dz_L = (p - onehot) / n

    grads: Params = []
    for i in range(len(params), 0, -1):  # layer l = i, from L down to 1; delta = dL/dz_l
        W, _ = params[i - 1]  # W_l, shape (out, in)
        a_prev = acts[i - 1]  # a_{l-1}, shape (n, in)
        dW = delta.T @ a_prev  # dL/dW_l = dL/dz_l^T @ a_{l-1}: (out, n) @ (n, in) -> (out, in)
        db = delta.sum(dim=0)  # dL/db_l = dL/dz_l summed over the samples -> (out,)
        grads.append((dW, db))
        if i > 1:
            da_prev = delta @ W  # dL/da_{l-1} = dL/dz_l @ W_l: (n, out) @ (out, in) -> (n, in)
            # dL/dz_{l-1} = dL/da_{l-1} * f'(z_{l-1}), elementwise             (n, in)
            delta = da_prev * activation_derivative(zs[i - 2], acts[i - 1], activation)
    grads.reverse()
    return grads


# ---------------------------------------------------------------------------------------------
# Learning
# ---------------------------------------------------------------------------------------------


@torch.no_grad()
def sgd_step(params, grads, lr: float) -> Params:
    """One gradient-descent step ``W <- W - lr * dL/dW`` (and the same for ``b``).

    Returns new tensors; ``params`` is left unchanged.
    """
    params = check_weights(params, "params")
    grads = check_weights(grads, "grads")
    if [W.shape for W, _ in params] != [dW.shape for dW, _ in grads]:
        raise ValueError(
            f"grads have shapes {[tuple(d.shape) for d, _ in grads]} but params have "
            f"{[tuple(W.shape) for W, _ in params]}"
        )
    lr = check_float(lr, "lr", minimum=0.0, min_open=True)
    return [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads, strict=True)]


def fit(
    params,
    X,
    y,
    *,
    lr: float = 0.5,
    epochs: int = 1000,
    activation: str = "sigmoid",
    loss: str = "mse",
    momentum: float = 0.0,
) -> tuple[Params, list[float]]:
    """Full-batch gradient descent with the hand-written gradients.

    With ``momentum`` ``alpha`` this is the 1986 rule ``dW(t) = -lr * dL/dW + alpha * dW(t-1)``
    (Rumelhart, Hinton & Williams 1986); ``alpha = 0`` is plain gradient descent.

    Returns ``(params, losses)``: the trained parameters and the loss at the start of each
    epoch (before that epoch's step), so ``losses[0]`` is the loss at initialization.
    """
    params = check_weights(params, "params")
    loss = choose(loss, "loss", LOSSES)
    check_int(epochs, "epochs", minimum=1)
    check_float(momentum, "momentum", minimum=0.0, maximum=1.0, max_open=True)
    check_float(lr, "lr", minimum=0.0, min_open=True)
    output = LOSSES[loss]
    velocity = [(torch.zeros_like(W), torch.zeros_like(b)) for W, b in params]
    losses: list[float] = []
    for _ in range(epochs):
        cache = forward(params, X, activation=activation, output=output)
        if not losses:
            y = _check_targets(y, cache["a"][-1], loss)
        losses.append(_loss_from_output(cache["a"][-1], cache["z"][-1], y, loss))
        grads = backward(params, cache, y, loss=loss)
        velocity = [
            (momentum * vW - lr * dW, momentum * vb - lr * db)
            for (vW, vb), (dW, db) in zip(velocity, grads, strict=True)
        ]
        params = [(W + vW, b + vb) for (W, b), (vW, vb) in zip(params, velocity, strict=True)]
    return params, losses


def train_xor(
    *,
    hidden: int = 3,
    lr: float = 2.0,
    epochs: int = 2000,
    seed: int = 0,
    activation: str = "sigmoid",
    momentum: float = 0.9,
    scale: float | None = 1.0,
) -> tuple[Params, list[float]]:
    """Train a ``2-hidden-1`` sigmoid network on XOR with MSE and momentum (Rumelhart et al. 1986).

    The four XOR patterns come from ``dlbook.data.gates.logic_gate``; weights start
    uniform in ``[-scale, scale]``. Returns ``(params, losses)`` as :func:`fit` does, and
    ``predict(params, X)`` then gives the outputs. The default ``lr = 2`` on the mean loss
    is 0.5 on the 1986 summed loss over the four patterns. With ``hidden=2``
    some seeds (0, 2 and 3 among 0-7) stall in a local minimum where the loss stays at 1/16,
    as the 1986 paper also reports for XOR; three hidden units make that rare.
    """
    X, y = logic_gate("xor", dtype=torch.float64)  # (4, 2), (4,)
    params = init_params([2, hidden, 1], seed=seed, scale=scale)
    return fit(
        params,
        X,
        y.double(),
        lr=lr,
        epochs=epochs,
        activation=activation,
        loss="mse",
        momentum=momentum,
    )
