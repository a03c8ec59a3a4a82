"""dlbook.convert: (W, b) pairs, shaped (out, in) like nn.Linear, to and from torch.nn."""

from __future__ import annotations

import pytest
import torch

from dlbook import backprop as bp
from dlbook.convert import from_linear, to_mlp, to_sequential
from dlbook.gradcheck import gradient_check


def test_from_linear_and_to_sequential_round_trip():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    net = net.double()
    params = from_linear(net)
    assert [tuple(W.shape) for W, _ in params] == [(4, 3), (2, 4)]  # nn.Linear's (out, in)
    X = torch.randn(5, 3, dtype=torch.float64)
    out = bp.forward(params, X, activation="tanh", output="identity")["a"][-1]
    with torch.no_grad():
        assert torch.allclose(out, net(X), atol=1e-15, rtol=0)
    back = to_sequential(params, activation="tanh", output="identity")
    with torch.no_grad():
        assert torch.allclose(back(X), net(X), atol=1e-15, rtol=0)
    seq = to_sequential(params, activation="tanh", output="softmax")
    with torch.no_grad():
        assert torch.allclose(
            seq(X), bp.forward(params, X, activation="tanh", output="softmax")["a"][-1]
        )
    # Gradients of parameters copied from nn.Linear check like any others.
    report = gradient_check(
        params, X, torch.tensor([0, 1, 1, 0, 1]), activation="tanh", loss="cross_entropy"
    )
    assert max(r["numerical_rel"] for r in report.values()) < 1e-6


def test_from_linear_without_bias_and_list_input():
    lin = torch.nn.Linear(2, 3, bias=False)
    ((W, b),) = from_linear([lin])
    assert torch.equal(W, lin.weight.detach().double())
    assert torch.equal(b, torch.zeros(3, dtype=torch.float64))


def test_to_mlp_round_trip_keeps_dtype_and_rng():
    params = bp.init_params([3, 5, 4, 2], seed=4)
    X = torch.randn(6, 3, dtype=torch.float64)
    state = torch.get_rng_state()
    net = to_mlp(params, activation="tanh")
    assert torch.equal(torch.get_rng_state(), state)
    assert net.linears[0].weight.dtype == torch.float64
    assert net.widths == (3, 5, 4, 2)
    logits = bp.forward(params, X, activation="tanh", output="identity")["a"][-1]
    with torch.no_grad():
        assert torch.allclose(net(X), logits, atol=1e-15, rtol=0)
    back = from_linear(net)
    assert all(
        torch.equal(W, W2) and torch.equal(b, b2)
        for (W, b), (W2, b2) in zip(params, back, strict=True)
    )


def test_from_linear_rejects_what_holds_no_linear_layer():
    with pytest.raises(TypeError, match=r"nn\.Linear"):
        from_linear(torch.nn.ReLU())
