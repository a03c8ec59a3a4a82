"""Rosenblatt's perceptron (Rosenblatt 1958): a threshold unit and its mistake-driven rule.

The unit computes ``w . x + b`` and fires (outputs 1) when that is positive. Learning visits
the samples in turn and changes the weights only when the unit is wrong::

    w <- w + lr * (y - y_hat) * x
    b <- b + lr * (y - y_hat)

The perceptron convergence theorem (Novikoff 1962) says this stops making mistakes after
finitely many updates whenever the classes are linearly separable; on XOR (Minsky & Papert
1969) it never does.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import torch

from dlbook._checks import as_labels, as_tensor, check_bool, check_float, check_int, check_seed


class ConvergenceWarning(UserWarning):
    """Raised as a warning when a perceptron hits its epoch limit still making mistakes."""


@dataclass(frozen=True)
class Update:
    """One step of the rule: which sample (by epoch and index) caused it, and the new weights."""

    epoch: int
    index: int
    weight: torch.Tensor
    bias: float


class Perceptron:
    """A single threshold unit trained with Rosenblatt's rule (labels 0 and 1).

    Parameters
    ----------
    lr:
        Learning rate; for a perceptron started at zero it only scales the weights, so the
        default 1 is the textbook choice.
    max_epochs:
        Passes over the data before ``fit`` gives up (and warns) if mistakes remain.
    shuffle:
        Visit the samples in a fresh random order each epoch (seeded by ``seed``) instead of
        in the given order.
    seed:
        Seed for the order when ``shuffle`` is true.

    Attributes
    ----------
    weight, bias:
        The learned weights (float64) and bias.
    mistakes_:
        Number of mistakes in each epoch of the last ``fit``.
    converged_:
        Whether the last epoch made no mistake.
    n_epochs_:
        Epochs run by the last ``fit``.
    updates_:
        Every update made (an ``Update``), for drawing the boundary step by step.
    """

    def __init__(
        self, lr: float = 1.0, max_epochs: int = 100, *, shuffle: bool = False, seed: int = 0
    ):
        self.lr = check_float(lr, "lr", minimum=0.0, min_open=True)
        self.max_epochs = check_int(max_epochs, "max_epochs", minimum=1)
        self.shuffle = check_bool(shuffle, "shuffle")
        self.seed = check_seed(seed)
        self.weight: torch.Tensor | None = None
        self.bias = 0.0

    def decision_function(self, X) -> torch.Tensor:
        """The unit's net input ``X @ w + b`` for each row of ``X``, shape ``(n,)``."""
        X = self._check_X(X)
        return X @ self.weight + self.bias

    def predict(self, X) -> torch.Tensor:
        """The hard threshold: 1 where the net input is positive, else 0 (int64)."""
        return (self.decision_function(X) > 0).long()

    def fit(self, X, y) -> Perceptron:
        """Apply Rosenblatt's rule until an epoch has no mistakes or ``max_epochs`` is reached."""
        X = as_tensor(X, "X", ndim=2, dtype=torch.float64)
        y = as_labels(y, "y", n=X.shape[0], num_classes=2)
        n, d = X.shape
        self.weight = torch.zeros(d, dtype=torch.float64)
        self.bias = 0.0
        self.mistakes_: list[int] = []
        self.updates_: list[Update] = []
        gen = torch.Generator().manual_seed(self.seed)
        for epoch in range(self.max_epochs):
            order = torch.randperm(n, generator=gen) if self.shuffle else torch.arange(n)
            mistakes = 0
            for i in order.tolist():
                y_hat = int(X[i] @ self.weight + self.bias > 0)
                error = int(y[i]) - y_hat  # +1, 0 or -1: update only on a mistake
                if error:
                    mistakes += 1
                    self.weight = self.weight + self.lr * error * X[i]
                    self.bias += self.lr * error
                    self.updates_.append(Update(epoch, i, self.weight.clone(), self.bias))
            self.mistakes_.append(mistakes)
            if mistakes == 0:
                break
        self.n_epochs_ = len(self.mistakes_)
        self.converged_ = self.mistakes_[-1] == 0
        if not self.converged_:
            warnings.warn(
                f"Perceptron did not converge: still {self.mistakes_[-1]} mistake(s) in epoch "
                f"{self.n_epochs_} of max_epochs={self.max_epochs}. If the classes are not "
                "linearly separable (XOR, say) no number of epochs will do.",
                ConvergenceWarning,
                stacklevel=2,
            )
        return self

    def score(self, X, y) -> float:
        """Fraction of samples classified correctly."""
        y = as_labels(y, "y")
        return float((self.predict(X) == y).double().mean())

    def _check_X(self, X) -> torch.Tensor:
        if self.weight is None:
            raise RuntimeError("this Perceptron is not fitted yet; call fit(X, y) first")
        X = as_tensor(X, "X", ndim=2, dtype=torch.float64)
        if X.shape[1] != self.weight.shape[0]:
            raise ValueError(
                f"X has {X.shape[1]} feature(s) but the perceptron was fitted on "
                f"{self.weight.shape[0]}"
            )
        return X

    def __repr__(self) -> str:
        return f"Perceptron(lr={self.lr}, max_epochs={self.max_epochs}, shuffle={self.shuffle})"
