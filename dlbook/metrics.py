"""Classification metrics: accuracy, the ILSVRC top-k measures, and the confusion matrix.

The ImageNet challenge (ILSVRC; Russakovsky et al. 2015) ranked entries by top-5 error: a
prediction counts as correct when the true label is among the five classes scored highest.
AlexNet (Krizhevsky, Sutskever & Hinton 2012) won the 2012 round with 15.3% top-5 error
against 26.2% for the runner-up.

Every function takes tensors, arrays or lists; scores are ``(n, num_classes)`` (logits,
probabilities, any scores where higher means more likely) and labels ``(n,)`` integers in
``[0, num_classes)``.
"""

from __future__ import annotations

import torch

from dlbook._checks import as_labels, as_tensor, check_int


def _check_scores(scores, name: str) -> torch.Tensor:
    if scores.shape[1] < 2:
        raise ValueError(
            f"{name} has shape {tuple(scores.shape)}: one column is a binary score, not one "
            "score per class; threshold it into labels first, e.g. (p > 0.5).long().squeeze(1)"
        )
    return scores


def _scores_and_labels(scores, y, name: str) -> tuple[torch.Tensor, torch.Tensor]:
    scores = _check_scores(as_tensor(scores, name, ndim=2), name)  # (n, C)
    y = as_labels(y, "y", n=scores.shape[0], num_classes=scores.shape[1])  # (n,)
    return scores, y.to(scores.device)


def _predictions(logits_or_preds, name: str) -> torch.Tensor:
    t = as_tensor(logits_or_preds, name, ndim=(1, 2))
    if t.ndim == 2:
        return _check_scores(t, name).argmax(dim=1)  # (n, C) -> (n,), first maximum on ties
    return as_labels(t, name)


def accuracy(logits_or_preds, y) -> float:
    """Fraction of samples whose predicted class equals the label.

    ``logits_or_preds`` is either scores ``(n, num_classes)``, whose row-wise argmax is the
    prediction (the lowest class index wins a tie, as in ``torch.argmax``), or predicted
    labels ``(n,)``.
    """
    t = as_tensor(logits_or_preds, "logits_or_preds", ndim=(1, 2))
    if t.ndim == 2:
        _, y = _scores_and_labels(t, y, "logits_or_preds")
    else:
        y = as_labels(y, "y", n=t.shape[0])
    preds = _predictions(t, "logits_or_preds")
    return float((preds == y.to(preds.device)).double().mean())


def top_k_correct(scores: torch.Tensor, y: torch.Tensor, k: int) -> torch.Tensor:
    """Whether each sample's label is among its ``k`` highest scores: a bool tensor ``(n,)``.

    The rule of :func:`top_k_accuracy`, without the argument checks and without leaving the
    device (no sync), for a training loop that sums it over batches. ``scores`` ``(n, C)``
    float, ``y`` ``(n,)`` int64 on the same device, ``1 <= k <= C``.
    """
    true_score = scores.gather(1, y[:, None])  # (n, 1)
    classes = torch.arange(scores.shape[1], device=scores.device)  # (C,)
    ahead = (scores > true_score) | ((scores == true_score) & (classes < y[:, None]))  # (n, C)
    return ahead.sum(dim=1) < k  # (n,): fewer than k classes rank above the label


def top_k_accuracy(logits, y, k: int = 5) -> float:
    """Fraction of samples whose true label is among the ``k`` highest scores (ILSVRC).

    The ``k`` classes are those ``torch.topk(logits, k)`` returns. Ties are broken as a stable
    sort breaks them, the lower class index first (``torch.sort(logits, descending=True,
    stable=True)[1][:, :k]``): so ``k=1`` is exactly :func:`accuracy` (``torch.argmax``'s
    choice), and the answer never depends on how ``torch.topk`` happens to order equal
    scores, which it does not specify. An all-equal row counts as correct for the labels
    ``0 .. k-1``.
    """
    scores, y = _scores_and_labels(logits, y, "logits")
    num_classes = scores.shape[1]
    k = check_int(k, f"k (for {num_classes} classes)", minimum=1, maximum=num_classes)
    return float(top_k_correct(scores, y, k).double().mean())


def top_k_error(logits, y, k: int = 5) -> float:
    """``1 - top_k_accuracy``: the ILSVRC error measure (top-5 error by default)."""
    return 1.0 - top_k_accuracy(logits, y, k)


def confusion_matrix(y_true, y_pred, num_classes: int | None = None) -> torch.Tensor:
    """Counts of (true class, predicted class) pairs: rows are true, columns predicted.

    ``y_pred`` may be predicted labels ``(n,)`` or scores ``(n, num_classes)`` (argmax).
    ``num_classes`` defaults to one more than the largest label seen (or the number of score
    columns). Returns an int64 tensor ``(num_classes, num_classes)``; entry ``[i, j]`` counts
    samples of class ``i`` predicted as ``j``, the layout of
    ``sklearn.metrics.confusion_matrix``.
    """
    preds = _predictions(y_pred, "y_pred")
    t = as_labels(y_true, "y_true", n=preds.shape[0])
    if num_classes is None:
        scores = as_tensor(y_pred, "y_pred", ndim=(1, 2))
        num_classes = scores.shape[1] if scores.ndim == 2 else 0
        num_classes = max(num_classes, int(t.max()) + 1, int(preds.max()) + 1)
    else:
        num_classes = check_int(num_classes, "num_classes", minimum=1)
    as_labels(t, "y_true", num_classes=num_classes)  # in [0, num_classes)
    as_labels(preds, "y_pred", num_classes=num_classes)
    index = t.to(preds.device) * num_classes + preds  # (n,) flat (true, pred) cell
    counts = torch.bincount(index, minlength=num_classes * num_classes)
    return counts.reshape(num_classes, num_classes)  # (C, C)
