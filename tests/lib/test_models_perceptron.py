"""Rosenblatt's rule on the logic gates: exact traces worked out by hand, XOR's failure, errors."""

import pytest
import torch

from dlbook.data.gates import logic_gate
from dlbook.models import ConvergenceWarning, Perceptron

# Traces of the rule from w = 0, b = 0, lr = 1, samples in the order (0,0), (0,1), (1,0), (1,1),
# worked out by hand (a unit fires when w.x + b > 0). AND, for instance:
#   epoch 1: only (1,1) is wrong               -> w = (1, 1),  b = 1
#   epoch 2: (0,0), (0,1), (1,1) wrong         -> w = (2, 1),  b = 0
#   epoch 3: (0,1), (1,0), (1,1) wrong         -> w = (2, 1),  b = -1
#   epoch 4: (1,0), (1,1) wrong                -> w = (2, 2),  b = -1
#   epoch 5: (0,1) wrong                       -> w = (2, 1),  b = -2
#   epoch 6: no mistake.
HAND_TRACES = {
    "and": ([1, 3, 3, 2, 1, 0], [2.0, 1.0], -2.0),
    "or": ([1, 2, 1, 0], [1.0, 1.0], 0.0),
    "nand": ([2, 3, 3, 2, 1, 0], [-2.0, -1.0], 3.0),
}


@pytest.mark.parametrize("gate", sorted(HAND_TRACES))
def test_converges_on_linearly_separable_gates_exactly_as_worked_by_hand(gate):
    mistakes, weight, bias = HAND_TRACES[gate]
    X, y = logic_gate(gate)
    p = Perceptron().fit(X, y)
    assert p.mistakes_ == mistakes
    assert p.converged_
    assert p.n_epochs_ == len(mistakes)
    assert p.weight.tolist() == weight
    assert p.bias == bias
    assert torch.equal(p.predict(X), y)
    assert p.score(X, y) == 1.0


def test_updates_record_every_mistake_and_end_at_the_final_weights():
    X, y = logic_gate("and")
    p = Perceptron().fit(X, y)
    assert len(p.updates_) == sum(p.mistakes_)
    assert [u.epoch for u in p.updates_] == [0, 1, 1, 1, 2, 2, 2, 3, 3, 4]
    assert [u.index for u in p.updates_[:4]] == [3, 0, 1, 3]
    assert torch.equal(p.updates_[-1].weight, p.weight)
    assert p.updates_[-1].bias == p.bias


def test_learning_rate_only_scales_the_weights_from_zero():
    X, y = logic_gate("nand")
    unit = Perceptron(lr=1.0).fit(X, y)
    half = Perceptron(lr=0.5).fit(X, y)
    assert half.mistakes_ == unit.mistakes_
    assert torch.equal(half.weight * 2, unit.weight)
    assert half.bias * 2 == unit.bias


def test_never_converges_on_xor():
    X, y = logic_gate("xor")
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        p = Perceptron(max_epochs=25).fit(X, y)
    assert not p.converged_
    assert p.n_epochs_ == 25
    assert len(p.mistakes_) == 25
    assert min(p.mistakes_) > 0
    assert p.score(X, y) < 1.0


def test_shuffled_order_is_seeded_and_still_converges():
    X, y = logic_gate("or")
    a = Perceptron(shuffle=True, seed=3).fit(X, y)
    b = Perceptron(shuffle=True, seed=3).fit(X, y)
    assert a.converged_
    assert a.mistakes_ == b.mistakes_
    assert torch.equal(a.weight, b.weight)
    assert a.score(X, y) == 1.0


def test_separates_random_linearly_separable_points():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(200, 3, generator=g, dtype=torch.float64)
    w_true = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
    margin = X @ w_true + 0.3
    keep = margin.abs() > 0.2  # a margin, so that convergence is quick (Novikoff 1962)
    X, y = X[keep], (margin[keep] > 0).long()
    p = Perceptron(max_epochs=200).fit(X, y)
    assert p.converged_
    assert p.score(X, y) == 1.0
    assert torch.equal(p.predict(X), (p.decision_function(X) > 0).long())


def test_bad_inputs_raise_clear_errors():
    X, y = logic_gate("and")
    p = Perceptron()
    with pytest.raises(RuntimeError, match="not fitted"):
        p.predict(X)
    with pytest.raises(ValueError, match="2 dimension"):
        p.fit(X[:, 0], y)
    X_nan = X.clone()
    X_nan[1, 0] = float("nan")
    with pytest.raises(ValueError, match="NaN"):
        p.fit(X_nan, y)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        p.fit(X, torch.tensor([0, 1, 2, 1]))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        p.fit(X, torch.tensor([0, -1, 1, 1]))
    with pytest.raises(ValueError, match="3 labels but there are 4 samples"):
        p.fit(X, y[:3])
    with pytest.raises(TypeError, match="integer class labels"):
        p.fit(X, torch.tensor([0.0, 0.5, 1.0, 1.0]))
    p.fit(X, y)
    with pytest.raises(ValueError, match="3 feature"):
        p.predict(torch.zeros(4, 3))
    with pytest.raises(ValueError, match="lr must be positive"):
        Perceptron(lr=0)
    with pytest.raises(ValueError, match="max_epochs"):
        Perceptron(max_epochs=0)
