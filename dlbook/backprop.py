"""Backpropagation written out by hand for a small multilayer perceptron.

The generalized delta rule of Rumelhart, Hinton & Williams (1986), first derived by Werbos
(1974): run the network forward keeping every pre-activation ``z`` and activation ``a``, then
walk the layers backwards applying the chain rule once per layer. No autograd is used here:
every derivative is a line of tensor algebra (in the spirit of karpathy/micrograd), and
:func:`gradient_check` compares the result with ``torch.autograd`` and with finite differences.

Notation, for layer ``l = 1 .. L`` and a batch of ``n`` samples::

    z_l = a_{l-1} @ W_l + b_l          a_0 = X          (n, out_l)
    a_l = f(z_l)                       f: the hidden activation, or the output's

Layout: a weight ``W_l`` is shaped ``(in, out)`` so that a layer reads ``X @ W + b`` like the
equations. ``torch.nn.Linear`` stores the transpose, ``(out, in)``; :func:`from_linear`,
:func:`to_mlp` and :func:`to_sequential` convert between the two.

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

from dlbook._checks import as_labels, as_tensor, choose
from dlbook.data.gates import logic_gate
from dlbook.models.mlp import MLP

Params = list[tuple[torch.Tensor, torch.Tensor]]
"""A network as a list of ``(W, b)`` pairs, ``W`` shaped ``(in, out)`` and ``b`` ``(out,)``."""

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
    if len(sizes) < 2 or not all(
        isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sizes
    ):
        raise ValueError(
            f"sizes must list at least two positive ints (input width, ..., output width), "
            f"got {sizes!r}"
        )
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating torch.dtype, got {dtype!r}")
    if scale is not None and not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    gen = torch.Generator().manual_seed(seed)
    params: Params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        r = scale if scale is not None else 1 / math.sqrt(fan_in)
        W = (torch.rand(fan_in, fan_out, generator=gen, dtype=dtype) * 2 - 1) * r  # (in, out)
        b = (torch.rand(fan_out, generator=gen, dtype=dtype) * 2 - 1) * r  # (out,)
        params.append((W, b))
    return params


def check_params(params) -> Params:
    """Check that ``params`` is a non-empty list of ``(W, b)`` pairs whose shapes chain.

    Returns the pairs as a list of tuples of detached tensors.
    """
    if isinstance(params, (torch.Tensor, str)) or not hasattr(params, "__iter__"):
        raise TypeError(f"params must be a list of (W, b) pairs, got {type(params).__name__}")
    params = list(params)
    if not params:
        raise ValueError("params is empty; give at least one (W, b) layer")
    out: Params = []
    for i, pair in enumerate(params, start=1):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"params[{i - 1}] must be a (W, b) pair, got {type(pair).__name__}")
        W = as_tensor(pair[0], f"W{i}", ndim=2)
        b = as_tensor(pair[1], f"b{i}", ndim=1)
        if not W.is_floating_point() or W.dtype != b.dtype:
            raise TypeError(
                f"W{i} and b{i} must share a floating dtype, got {W.dtype} and {b.dtype}"
            )
        if b.shape[0] != W.shape[1]:
            raise ValueError(
                f"b{i} has {b.shape[0]} entries but W{i} has shape {tuple(W.shape)} "
                f"(in, out): expected {W.shape[1]}"
            )
        if out and out[-1][0].shape[1] != W.shape[0]:
            raise ValueError(
                f"W{i} has shape {tuple(W.shape)} but layer {i - 1} outputs "
                f"{out[-1][0].shape[1]} features: expected ({out[-1][0].shape[1]}, ...)"
            )
        out.append((W.detach(), b.detach()))
    return out


# ---------------------------------------------------------------------------------------------
# Forward
# ---------------------------------------------------------------------------------------------


@torch.no_grad()
def forward(params, X, *, activation: str = "sigmoid", output: str = "sigmoid") -> dict:
    """Run the MLP forward, keeping what the backward pass needs.

    Parameters
    ----------
    params:
        List of ``(W, b)``, ``W`` shaped ``(in, out)``.
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
    params = check_params(params)
    activation = choose(activation, "activation", ACTIVATIONS)
    output = choose(output, "output", ("sigmoid", "softmax", "identity"))
    W1 = params[0][0]
    X = as_tensor(X, "X", ndim=2, dtype=W1.dtype).to(W1.device)
    if X.shape[1] != W1.shape[0]:
        raise ValueError(
            f"X has {X.shape[1]} feature(s) but W1 has shape {tuple(W1.shape)} (in, out): "
            f"expected X of shape (n, {W1.shape[0]})"
        )
    zs, acts = [], [X]  # a_0 = X, shape (n, in)
    for i, (W, b) in enumerate(params, start=1):  # layer l = i
        z = acts[-1] @ W + b  # z_l = a_{l-1} @ W_l + b_l: (n, in_l) @ (in_l, out_l) -> (n, out_l)
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
    params = check_params(params)
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
        W, _ = params[i - 1]  # W_l, shape (in, out)
        a_prev = acts[i - 1]  # a_{l-1}, shape (n, in)
        dW = a_prev.T @ delta  # dL/dW_l = a_{l-1}^T @ dL/dz_l: (in, n) @ (n, out) -> (in, out)
        db = delta.sum(dim=0)  # dL/db_l = dL/dz_l summed over the samples -> (out,)
        grads.append((dW, db))
        if i > 1:
            da_prev = delta @ W.T  # dL/da_{l-1} = dL/dz_l @ W_l^T: (n, out) @ (out, in) -> (n, in)
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
    params = check_params(params)
    grads = check_params(grads)
    if [W.shape for W, _ in params] != [dW.shape for dW, _ in grads]:
        raise ValueError(
            f"grads have shapes {[tuple(d.shape) for d, _ in grads]} but params have "
            f"{[tuple(W.shape) for W, _ in params]}"
        )
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr}")
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
    params = check_params(params)
    loss = choose(loss, "loss", LOSSES)
    if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must lie in [0, 1), got {momentum}")
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr}")
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


# ---------------------------------------------------------------------------------------------
# Checking the hand-written gradients
# ---------------------------------------------------------------------------------------------


def _autograd_loss(params, X, y, activation: str, loss: str) -> torch.Tensor:
    """The same loss rebuilt from PyTorch's own ops, so that autograd can differentiate it."""
    h = X
    for i, (W, b) in enumerate(params, start=1):
        h = h @ W + b
        if i < len(params):
            h = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation](h)
    if loss == "mse":
        return ((torch.sigmoid(h) - y) ** 2).sum() / (2 * X.shape[0])
    return torch.nn.functional.cross_entropy(h, y)


def autograd_gradients(params, X, y, *, activation: str = "sigmoid", loss: str = "mse") -> Params:
    """The reference gradients from ``torch.autograd`` (same network, built from torch ops)."""
    params = check_params(params)
    activation = choose(activation, "activation", ACTIVATIONS)
    loss = choose(loss, "loss", LOSSES)
    cache = forward(params, X, activation=activation, output=LOSSES[loss])  # validates X
    X, y = cache["a"][0], _check_targets(y, cache["a"][-1], loss)
    leaves = [(W.clone().requires_grad_(), b.clone().requires_grad_()) for W, b in params]
    with torch.enable_grad():
        L = _autograd_loss(leaves, X, y, activation, loss)
        flat = torch.autograd.grad(L, [t for pair in leaves for t in pair])
    return [(flat[2 * i], flat[2 * i + 1]) for i in range(len(leaves))]


@torch.no_grad()
def numerical_gradients(
    params, X, y, *, activation: str = "sigmoid", loss: str = "mse", eps: float = 1e-6
) -> Params:
    """Central finite differences ``(L(w + eps) - L(w - eps)) / (2 eps)``, one entry at a time.

    Costs two forward passes per parameter: for small networks only. Use float64.
    """
    params = [(W.contiguous().clone(), b.contiguous().clone()) for W, b in check_params(params)]
    grads: Params = []
    for W, b in params:
        pair = []
        for t in (W, b):
            g = torch.zeros_like(t)
            flat_t, flat_g = t.view(-1), g.view(-1)
            for i in range(flat_t.numel()):
                old = flat_t[i].item()
                flat_t[i] = old + eps
                up = loss_value(params, X, y, activation=activation, loss=loss)
                flat_t[i] = old - eps
                down = loss_value(params, X, y, activation=activation, loss=loss)
                flat_t[i] = old
                flat_g[i] = (up - down) / (2 * eps)
            pair.append(g)
        grads.append((pair[0], pair[1]))
    return grads


def gradient_check(
    params,
    X,
    y,
    *,
    activation: str = "sigmoid",
    loss: str = "mse",
    eps: float = 1e-6,
    numerical: bool = True,
) -> dict[str, dict[str, float]]:
    """Compare :func:`backward` with autograd and with central finite differences.

    Returns ``{"W1": {...}, "b1": {...}, ...}``, each with ``autograd_abs`` and
    ``autograd_rel`` (and ``numerical_abs``, ``numerical_rel`` when ``numerical``): the largest
    absolute difference over the tensor's entries, and that difference divided by the largest
    gradient entry in magnitude (0 when both gradients are exactly zero). In float64 the
    autograd errors are rounding noise (about 1e-16) and the finite-difference ones about
    1e-9 relative (truncation error ``eps^2`` plus rounding error ``1e-16 / eps``).
    """
    activation = choose(activation, "activation", ACTIVATIONS)
    loss = choose(loss, "loss", LOSSES)
    cache = forward(params, X, activation=activation, output=LOSSES[loss])
    hand = backward(params, cache, y, loss=loss)
    refs = {"autograd": autograd_gradients(params, X, y, activation=activation, loss=loss)}
    if numerical:
        refs["numerical"] = numerical_gradients(
            params, X, y, activation=activation, loss=loss, eps=eps
        )
    report: dict[str, dict[str, float]] = {}
    for i, (dW, db) in enumerate(hand, start=1):
        for name, g in ((f"W{i}", dW), (f"b{i}", db)):
            row = {}
            for ref_name, ref in refs.items():
                r = ref[i - 1][0 if name[0] == "W" else 1]
                err = float((g - r).abs().max())
                scale = max(float(g.abs().max()), float(r.abs().max()))
                row[f"{ref_name}_abs"] = err
                row[f"{ref_name}_rel"] = err / scale if scale > 0 else 0.0
            report[name] = row
    return report


# ---------------------------------------------------------------------------------------------
# Conversion to and from torch.nn
# ---------------------------------------------------------------------------------------------


def from_linear(model, dtype: torch.dtype = torch.float64) -> Params:
    """Copy the ``nn.Linear`` layers of ``model`` into ``(W, b)`` pairs (``W = weight.T``).

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
    params: Params = []
    for m in linears:
        W = m.weight.detach().T.to(dtype).contiguous()  # (out, in) -> (in, out)
        b = (
            m.bias.detach().to(dtype).clone()
            if m.bias is not None
            else torch.zeros(m.out_features, dtype=dtype, device=W.device)
        )
        params.append((W, b))
    return check_params(params)


def to_sequential(params, *, activation: str = "sigmoid", output: str = "sigmoid"):
    """Build an ``nn.Sequential`` computing the same function as :func:`forward`.

    Linear layers get ``weight = W.T``; the output layer is followed by ``nn.Sigmoid``,
    ``nn.Softmax(dim=1)`` or nothing (``identity``).
    """
    params = check_params(params)
    activation = choose(activation, "activation", ACTIVATIONS)
    output = choose(output, "output", ("sigmoid", "softmax", "identity"))
    acts = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}
    layers: list[torch.nn.Module] = []
    for i, (W, b) in enumerate(params, start=1):
        lin = torch.nn.Linear(W.shape[0], W.shape[1], dtype=W.dtype, device=W.device)
        with torch.no_grad():
            lin.weight.copy_(W.T)  # (in, out) -> (out, in)
            lin.bias.copy_(b)
        layers.append(lin)
        if i < len(params):
            layers.append(acts[activation]())
        elif output == "sigmoid":
            layers.append(torch.nn.Sigmoid())
        elif output == "softmax":
            layers.append(torch.nn.Softmax(dim=1))
    return torch.nn.Sequential(*layers)


def to_mlp(params, *, activation: str = "sigmoid") -> torch.nn.Module:
    """Build a ``dlbook.models.MLP`` with exactly these weights (``linears[i].weight = W.T``).

    The MLP keeps the parameters' dtype and device and returns the logits ``z_L``: apply
    ``torch.sigmoid`` (``mse``) or ``torch.softmax`` (``cross_entropy``) to get
    :func:`forward`'s output. :func:`from_linear` converts back.
    """
    params = check_params(params)
    activation = choose(activation, "activation", ACTIVATIONS)
    W1 = params[0][0]
    widths = [W1.shape[0], *(W.shape[1] for W, _ in params)]
    with torch.random.fork_rng(devices=[]):  # nn.Linear draws weights: keep the global RNG
        net = MLP(widths[0], widths[1:-1], widths[-1], activation=activation, init="zeros")
    net = net.to(device=W1.device, dtype=W1.dtype)
    with torch.no_grad():
        for linear, (W, b) in zip(net.linears, params, strict=True):
            linear.weight.copy_(W.T)  # (in, out) -> (out, in)
            linear.bias.copy_(b)
    return net
