"""Accuracy, top-k accuracy/error and the confusion matrix on small exact cases."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.metrics import confusion_matrix as sk_confusion_matrix
from sklearn.metrics import top_k_accuracy_score

from dlbook.metrics import (
    accuracy,
    confusion_matrix,
    top_k_accuracy,
    top_k_correct,
    top_k_error,
)

LOGITS = torch.tensor(
    [
        [2.0, 1.0, 0.1, -1.0],  # true 0: rank 1
        [0.5, 0.2, 3.0, 0.0],  # true 1: rank 3
        [0.0, 0.0, 1.0, 2.0],  # true 2: rank 2
        [1.0, 4.0, 3.0, 2.0],  # true 0: rank 4
        [0.1, 0.3, 0.2, 0.9],  # true 3: rank 1
    ]
)
Y = torch.tensor([0, 1, 2, 0, 3])


def test_accuracy_from_logits_and_from_labels():
    assert accuracy(LOGITS, Y) == 0.4
    assert accuracy(torch.tensor([0, 2, 3, 1, 3]), Y) == 0.4
    assert accuracy([1, 1, 2], np.array([1, 0, 2])) == pytest.approx(2 / 3, abs=1e-15)
    assert accuracy(torch.softmax(LOGITS, dim=1), Y) == 0.4  # any monotone scores
    # argmax ties go to the lowest index, as in torch.argmax:
    assert accuracy(torch.zeros(2, 3), [0, 1]) == 0.5


def test_top_k_accuracy_by_rank():
    assert top_k_accuracy(LOGITS, Y, k=1) == 0.4
    assert top_k_accuracy(LOGITS, Y, k=2) == 0.6
    assert top_k_accuracy(LOGITS, Y, k=3) == 0.8
    assert top_k_accuracy(LOGITS, Y, k=4) == 1.0
    assert top_k_error(LOGITS, Y, k=2) == pytest.approx(0.4, abs=1e-15)
    assert top_k_error(LOGITS, Y, k=4) == 0.0


def test_top_k_matches_sklearn_and_topk_without_ties():
    gen = torch.Generator().manual_seed(0)
    scores = torch.randn(200, 10, generator=gen, dtype=torch.float64)
    y = torch.randint(0, 10, (200,), generator=gen)
    for k in (1, 3, 5, 9):
        ref = top_k_accuracy_score(y.numpy(), scores.numpy(), k=k, labels=list(range(10)))
        assert top_k_accuracy(scores, y, k=k) == pytest.approx(ref, abs=1e-15)
        by_topk = (scores.topk(k, dim=1).indices == y[:, None]).any(dim=1).double().mean()
        assert top_k_accuracy(scores, y, k=k) == pytest.approx(float(by_topk), abs=1e-15)
    assert top_k_accuracy(scores, y, k=1) == accuracy(scores, y)
    assert top_k_accuracy(scores, y, k=10) == 1.0
    assert top_k_error(scores, y) == pytest.approx(1 - top_k_accuracy(scores, y), abs=1e-15)


def test_top_k_breaks_ties_by_the_lower_class_index():
    flat = torch.zeros(3, 4)  # every class scores the same
    y = torch.tensor([0, 1, 3])
    assert top_k_accuracy(flat, y, k=1) == pytest.approx(1 / 3)  # only label 0 is "first"
    assert top_k_accuracy(flat, y, k=2) == pytest.approx(2 / 3)  # labels 0 and 1
    assert top_k_accuracy(flat, y, k=3) == pytest.approx(2 / 3)
    assert top_k_accuracy(flat, y, k=4) == 1.0
    # The label tied with another class for the top score: first if its index is lower.
    tied = torch.tensor([[1.0, 1.0, 0.0]])
    assert top_k_accuracy(tied, [0], k=1) == 1.0 == accuracy(tied, [0])
    assert top_k_accuracy(tied, [1], k=1) == 0.0 == accuracy(tied, [1])
    assert top_k_accuracy(tied, [1], k=2) == 1.0
    assert top_k_accuracy(tied, [2], k=2) == 0.0


def test_top_k_is_the_first_k_of_a_stable_descending_sort():
    gen = torch.Generator().manual_seed(0)
    scores = torch.randint(0, 3, (200, 6), generator=gen).float()  # many ties
    y = torch.randint(0, 6, (200,), generator=gen)
    order = torch.sort(scores, dim=1, descending=True, stable=True).indices  # (200, 6)
    for k in range(1, 7):
        expected = (order[:, :k] == y[:, None]).any(dim=1).double().mean()
        assert top_k_accuracy(scores, y, k=k) == pytest.approx(float(expected), abs=1e-15)
    assert top_k_accuracy(scores, y, k=1) == accuracy(scores, y)


def test_top_k_correct_stays_a_tensor_per_sample():
    correct = top_k_correct(LOGITS, Y, 2)
    assert correct.dtype == torch.bool
    assert correct.tolist() == [True, False, True, False, True]


def test_confusion_matrix_small_case_and_sklearn():
    y_true = torch.tensor([0, 0, 1, 2, 2, 2])
    y_pred = torch.tensor([0, 1, 1, 2, 0, 2])
    expected = torch.tensor([[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    cm = confusion_matrix(y_true, y_pred, num_classes=3)
    assert cm.dtype == torch.int64
    assert torch.equal(cm, expected)
    assert torch.equal(confusion_matrix(y_true, y_pred), expected)
    padded = confusion_matrix(y_true, y_pred, num_classes=5)
    assert padded.shape == (5, 5)
    assert torch.equal(padded[:3, :3], expected)
    assert int(padded.sum()) == 6
    # From logits: argmax predictions.
    assert torch.equal(
        confusion_matrix(Y, LOGITS),
        torch.from_numpy(sk_confusion_matrix(Y.numpy(), LOGITS.argmax(1).numpy(), labels=range(4))),
    )
    gen = torch.Generator().manual_seed(1)
    t = torch.randint(0, 7, (300,), generator=gen)
    p = torch.randint(0, 7, (300,), generator=gen)
    ref = sk_confusion_matrix(t.numpy(), p.numpy(), labels=list(range(7)))
    assert np.array_equal(confusion_matrix(t, p, 7).numpy(), ref)
    assert float(torch.diag(confusion_matrix(t, p, 7)).sum()) / 300 == accuracy(p, t)


def test_confusion_matrix_classes_from_score_columns():
    scores = torch.tensor([[0.9, 0.1, 0.0, 0.0], [0.2, 0.8, 0.0, 0.0]])
    cm = confusion_matrix([0, 0], scores)
    assert cm.shape == (4, 4)
    assert cm[0].tolist() == [1, 1, 0, 0]


# --- bad input ----------------------------------------------------------------------------


def test_bad_shapes_and_lengths():
    with pytest.raises(ValueError, match="y has 4 labels but there are 5 samples"):
        accuracy(LOGITS, Y[:4])
    with pytest.raises(ValueError, match="y has 4 labels but there are 5 samples"):
        top_k_accuracy(LOGITS, Y[:4], k=2)
    with pytest.raises(ValueError, match="logits must have 2 dimension"):
        top_k_accuracy(LOGITS[0], Y[:1], k=1)
    with pytest.raises(ValueError, match="logits_or_preds must have 1 or 2 dimension"):
        accuracy(torch.zeros(2, 3, 4), [0, 1])
    with pytest.raises(ValueError, match="y must have 1 dimension"):
        accuracy(LOGITS, Y[:, None])
    with pytest.raises(ValueError, match="one column is a binary score"):
        accuracy(torch.zeros(3, 1), [0, 1, 0])
    with pytest.raises(ValueError, match="y_true has 2 labels but there are 3 samples"):
        confusion_matrix([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="empty"):
        accuracy(torch.zeros(0, 3), torch.zeros(0, dtype=torch.long))


def test_labels_out_of_range_and_bad_values():
    with pytest.raises(
        ValueError,
        match=r"y must lie in \[0, 3\] for 4 classes, got values "
        r"from 0 to 4",
    ):
        accuracy(LOGITS, [0, 1, 2, 0, 4])
    with pytest.raises(ValueError, match=r"y must lie in \[0, 3\]"):
        top_k_accuracy(LOGITS, [0, -1, 2, 0, 3], k=2)
    with pytest.raises(ValueError, match=r"y_true must lie in \[0, 1\]"):
        confusion_matrix([0, 2], [0, 1], num_classes=2)
    with pytest.raises(ValueError, match=r"y_pred must lie in \[0, 1\]"):
        confusion_matrix([0, 1], [0, 3], num_classes=2)
    with pytest.raises(ValueError, match=r"y_true must lie in \[0"):
        confusion_matrix([-1, 1], [0, 1])
    with pytest.raises(TypeError, match="integer class labels"):
        accuracy(LOGITS, [0.5, 1, 2, 0, 3])
    with pytest.raises(ValueError, match="NaN"):
        top_k_accuracy(torch.tensor([[float("nan"), 1.0]]), [0], k=1)
    with pytest.raises(TypeError, match="must hold numbers"):
        accuracy(["a", "b"], [0, 1])


def test_bad_k_and_num_classes():
    with pytest.raises(ValueError, match=r"k \(for 4 classes\) must be an int in \[1, 4\], got 5"):
        top_k_accuracy(LOGITS, Y)  # the default k=5 needs at least 5 classes
    with pytest.raises(ValueError, match=r"k \(for 4 classes\) must be an int in \[1, 4\]"):
        top_k_error(LOGITS, Y, k=0)
    with pytest.raises(TypeError, match=r"k \(for 4 classes\) must be an int"):
        top_k_accuracy(LOGITS, Y, k=2.0)
    with pytest.raises(ValueError, match="num_classes must be at least 1, got 0"):
        confusion_matrix([0, 1], [0, 1], num_classes=0)
