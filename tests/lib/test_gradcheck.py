"""dlbook.gradcheck: hand-written gradients against autograd and central finite differences."""

from __future__ import annotations

import pytest
import torch

from dlbook import backprop as bp
from dlbook.gradcheck import gradient_check, numerical_gradients


def _data(n: int, d: int, k: int, loss: str, seed: int = 0):
    gen = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=gen, dtype=torch.float64)
    if loss == "mse":
        y = torch.rand(n, k, generator=gen, dtype=torch.float64)
    else:
        y = torch.randint(0, k, (n,), generator=gen)
    return X, y


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_gradient_check_reports_tiny_errors(activation, loss):
    params = bp.init_params([3, 4, 3], seed=2)
    X, y = _data(5, 3, 3, loss, seed=3)
    report = gradient_check(params, X, y, activation=activation, loss=loss)
    assert list(report) == ["W1", "b1", "W2", "b2"]
    for row in report.values():
        assert row["autograd_abs"] < 1e-12
        assert row["autograd_rel"] < 1e-12
        assert row["numerical_rel"] < 1e-6
        assert row["numerical_abs"] < 1e-8


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    params = bp.init_params([2, 3, 1], seed=0)
    X, y = _data(4, 2, 1, "mse")
    # Forget the sigmoid derivative on the hidden layer: the check must see it.
    monkeypatch.setattr(bp, "activation_derivative", lambda z, a, act: torch.ones_like(z))
    report = gradient_check(params, X, y, numerical=False)
    assert set(report["W1"]) == {"autograd_abs", "autograd_rel"}
    assert report["W1"]["autograd_rel"] > 0.1
    assert report["W2"]["autograd_abs"] < 1e-12  # the output layer does not use it


def test_numerical_gradient_of_a_quadratic_is_exact_enough():
    # One sigmoid unit, one sample, MSE: dL/dW = x * (a - y) * a (1 - a), worked out by hand.
    W = torch.tensor([[0.5, -0.25]], dtype=torch.float64)  # (out, in) = (1, 2)
    b = torch.tensor([0.1], dtype=torch.float64)
    x = torch.tensor([[1.0, 2.0]], dtype=torch.float64)
    y = torch.tensor([[1.0]], dtype=torch.float64)
    a = torch.sigmoid(torch.tensor(0.5 - 0.5 + 0.1, dtype=torch.float64))
    expected_dz = (a - 1.0) * a * (1 - a)
    ((dW, db),) = bp.backward([(W, b)], bp.forward([(W, b)], x), y)
    assert torch.allclose(dW, expected_dz * x, atol=1e-15, rtol=0)
    assert torch.allclose(db, expected_dz.reshape(1), atol=1e-15, rtol=0)
    ((nW, nb),) = numerical_gradients([(W, b)], x, y)
    assert torch.allclose(nW, dW, atol=1e-10, rtol=0)
    assert torch.allclose(nb, db, atol=1e-10, rtol=0)


def test_bad_eps_is_named():
    params = bp.init_params([2, 1], seed=0)
    X, y = _data(3, 2, 1, "mse")
    with pytest.raises(ValueError, match="eps must be positive, got 0"):
        numerical_gradients(params, X, y, eps=0.0)
