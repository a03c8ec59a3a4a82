"""Checking hand-written gradients against ``torch.autograd`` and finite differences.

A hand-derived backward pass is easy to get subtly wrong; the standard check compares it, entry
by entry, with two references: automatic differentiation of the same loss, and the central
difference ``(L(w + eps) - L(w - eps)) / (2 eps)``, whose error is of order ``eps^2`` (plus
rounding). :func:`gradient_check` does both for :func:`dlbook.backprop.backward`.
"""

from __future__ import annotations

import torch

from dlbook._checks import check_float, check_weights, choose
from dlbook.backprop import (
    ACTIVATIONS,
    LOSSES,
    Params,
    _check_targets,
    backward,
    forward,
    loss_value,
)


def _autograd_loss(params, X, y, activation: str, loss: str) -> torch.Tensor:
    """The same loss rebuilt from PyTorch's own ops, so that autograd can differentiate it."""
    h = X
    for i, (W, b) in enumerate(params, start=1):
        h = h @ W.T + b  # W: (out, in)
        if i < len(params):
            h = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation](h)
    if loss == "mse":
        return ((torch.sigmoid(h) - y) ** 2).sum() / (2 * X.shape[0])
    return torch.nn.functional.cross_entropy(h, y)


def autograd_gradients(params, X, y, *, activation: str = "sigmoid", loss: str = "mse") -> Params:
    """The reference gradients from ``torch.autograd`` (same network, built from torch ops)."""
    params = check_weights(params, "params")
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
    eps = check_float(eps, "eps", minimum=0.0, min_open=True)
    params = [
        (W.contiguous().clone(), b.contiguous().clone()) for W, b in check_weights(params, "params")
    ]
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
    """Compare :func:`dlbook.backprop.backward` with autograd and with central finite differences.

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
