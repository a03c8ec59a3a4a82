"""The metrics a ``Trainer`` records next to the loss, chosen to fit the loss.

Each metric is kept as ``fn(outputs, targets) -> number of correct samples in the batch`` (a
batch sum, so an epoch's value is the sum over batches divided by the samples seen). The
defaults follow the loss: classification losses record ``accuracy``, regression losses
(``MSELoss``, ``L1Loss``, ...) record none, since "accuracy" of a regression is meaningless.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from dlbook import metrics as _metrics
from dlbook._checks import choose

#: Losses whose outputs are class scores or a binary logit/probability: accuracy makes sense.
CLASSIFICATION_LOSSES = (nn.CrossEntropyLoss, nn.NLLLoss, nn.BCEWithLogitsLoss, nn.BCELoss)
_CLASSIFICATION_FUNCTIONS = {
    "cross_entropy",
    "nll_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
}


def is_classification_loss(loss) -> bool:
    """Whether ``loss`` (a module or a function from ``torch.nn.functional``) classifies."""
    if isinstance(loss, CLASSIFICATION_LOSSES):
        return True
    return getattr(loss, "__name__", None) in _CLASSIFICATION_FUNCTIONS


def default_metrics(loss) -> tuple[str, ...]:
    """``("accuracy",)`` for a classification loss, ``()`` for any other (regression) loss."""
    return ("accuracy",) if is_classification_loss(loss) else ()


def correct_labels(out: torch.Tensor, y: torch.Tensor, threshold: float = 0.0) -> torch.Tensor:
    """Number of correct predictions in a batch (a tensor, so no device sync).

    Scores ``(B, C)`` predict their argmax (the first maximum, as ``dlbook.metrics.accuracy``);
    a single output ``(B,)`` or ``(B, 1)`` predicts class 1 above ``threshold`` (0 for a logit,
    0.5 for a probability).
    """
    if out.ndim == 2 and out.shape[1] > 1:  # (B, C) class scores
        if y.ndim != 1:
            raise ValueError(
                f"accuracy needs one class label per sample, got targets of shape "
                f"{tuple(y.shape)} for outputs {tuple(out.shape)}; pass metrics=() to train "
                "without it (e.g. for regression)"
            )
        return (out.argmax(1) == y).sum()
    return ((out.reshape(-1) > threshold).long() == y.reshape(-1).long()).sum()  # (B,)


def top5_correct(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Number of samples whose label is among the 5 best scores, by ``metrics.top_k_accuracy``.

    The one top-k definition of the library (ties count against the model), summed per batch.
    """
    if out.ndim != 2 or out.shape[1] < 5 or y.ndim != 1:
        raise ValueError(
            f"top5_accuracy needs scores (B, C) with C >= 5 and labels (B,), got outputs "
            f"{tuple(out.shape)} and targets {tuple(y.shape)}"
        )
    n = y.shape[0]
    return torch.tensor(round(_metrics.top_k_accuracy(out, y, k=5) * n))  # an exact count


_NAMED: dict[str, Callable] = {"accuracy": correct_labels, "top5_accuracy": top5_correct}


def metric_table(metrics, loss) -> dict:
    """Map each metric's name to ``fn(outputs, targets) -> batch sum``.

    ``metrics=None`` takes ``default_metrics(loss)``. Names are ``"accuracy"`` and
    ``"top5_accuracy"``; a callable ``fn(outputs, targets)`` returns a batch mean and is
    recorded under its ``__name__``.
    """
    if metrics is None:
        metrics = default_metrics(loss)
    if isinstance(metrics, str) or callable(metrics):
        metrics = (metrics,)
    table: dict = {}
    for m in metrics:
        if isinstance(m, str):
            name = choose(m, "metric", _NAMED)
            table[name] = _NAMED[name]
            if name == "accuracy" and isinstance(loss, nn.BCELoss):  # outputs are probabilities
                table[name] = _probability_accuracy
        elif callable(m):
            table[getattr(m, "__name__", type(m).__name__)] = _batch_sum(m)
        else:
            raise TypeError(f"metrics must be names like 'accuracy' or callables, got {m!r}")
    return table


def total(values: list) -> float:
    """Add up per-batch values (tensors or numbers) with one device sync."""
    if values and all(isinstance(v, torch.Tensor) for v in values):
        return float(torch.stack([v.to(values[0].device) for v in values]).sum(dtype=torch.float64))
    return float(sum(float(v) for v in values))


def _probability_accuracy(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return correct_labels(out, y, threshold=0.5)


def _batch_sum(fn):
    def summed(out, y):
        return fn(out, y) * y.shape[0]

    return summed
