"""What the Trainer accepts as data, and the check every batch passes before its loss.

Data may be a ``TensorLoader``, a torch ``DataLoader``, a re-iterable of ``(x, y)`` batches, or
a pair ``(X, y)`` of tensors, arrays or nested lists (wrapped in a ``TensorLoader``), the forms
``predict`` accepts too. Every batch is checked where a mistake would otherwise become one of
torch's raw errors, a CUDA assert, or worse, a silently broadcast loss.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import torch
from torch import nn

from dlbook.data.loader import TensorLoader, _as_data
from dlbook.train.errors import BatchError

_LABEL_LOSSES = (nn.CrossEntropyLoss, nn.NLLLoss)
_BINARY_LOSSES = (nn.BCEWithLogitsLoss, nn.BCELoss)
_SAME_SHAPE_LOSSES = (nn.MSELoss, nn.L1Loss, nn.SmoothL1Loss, nn.HuberLoss, *_BINARY_LOSSES)


def is_batch(item) -> bool:
    """An ``(x, y)`` pair of tensors, as a loader yields."""
    return (
        isinstance(item, (tuple, list))
        and len(item) == 2
        and all(isinstance(t, torch.Tensor) for t in item)
    )


def is_pair_of_arrays(data) -> bool:
    """A tuple ``(X, y)`` of whole arrays (tensors, NumPy arrays or nested lists of numbers),
    as opposed to a tuple of two ``(x, y)`` batches."""
    return isinstance(data, tuple) and len(data) == 2 and not all(map(is_batch, data))


def as_loader(data, name: str, *, shuffle: bool, batch_size: int, device, seed: int):
    """Accept a loader, a re-iterable of batches or ``(X, y)`` (wrapped in a TensorLoader)."""
    if isinstance(data, (TensorLoader, torch.utils.data.DataLoader)):
        return data
    if is_pair_of_arrays(data):
        X, y = data
        return TensorLoader(X, y, batch_size=batch_size, shuffle=shuffle, device=device, seed=seed)
    if isinstance(data, (torch.Tensor, np.ndarray)) or (
        isinstance(data, list) and data and not is_batch(data[0])
    ):
        raise TypeError(
            f"{name} must be a tuple (X, y), a TensorLoader, a DataLoader or a list of "
            f"(x, y) batches; got a {type(data).__name__} of inputs only"
        )
    if not isinstance(data, Iterable):
        raise TypeError(
            f"{name} must be a tuple (X, y), a TensorLoader, a DataLoader or an iterable of "
            f"(x, y) batches; got {type(data).__name__}"
        )
    if iter(data) is data:
        raise TypeError(
            f"{name} is a one-shot iterator ({type(data).__name__}), which would be empty "
            "after the first epoch; pass a list of batches or a loader instead"
        )
    return data


def on_device(loader, device):
    """The batches of ``loader`` on ``device`` (a TensorLoader there already is)."""
    if isinstance(loader, TensorLoader) and loader.device == device:
        yield from loader
        return
    for x, y in loader:
        yield x.to(device, non_blocking=True), y.to(device, non_blocking=True)


def input_batches(data, batch_size: int, device) -> Iterable:
    """The input batches of inputs ``X``, a pair ``(X, y)``, a loader or an iterable of
    batches (what ``Trainer.predict`` takes), on ``device``."""
    if is_pair_of_arrays(data):
        data = data[0]
    if isinstance(data, (torch.Tensor, np.ndarray)) or (
        isinstance(data, list) and not (data and is_batch(data[0]))
    ):
        return _as_data(data, "X").to(device).split(batch_size)  # (B, ...) views
    return ((b[0] if isinstance(b, (tuple, list)) else b).to(device) for b in data)


def label_values(loader, yb, first: bool, batch: int):
    """The labels whose range to check: every batch's, except a ``TensorLoader``'s whole
    ``y``, checked once at the start of a pass (no device sync per batch)."""
    if not isinstance(loader, TensorLoader):
        return yb
    return loader.y if first and batch == 0 else None


def check_inputs(model: nn.Module, xb: torch.Tensor, where: str) -> None:
    """Floating inputs must have the dtype of the model's parameters (float64 images into a
    float32 network fail deep inside torch otherwise)."""
    param = next(model.parameters(), None)
    if param is None or not (xb.is_floating_point() and param.is_floating_point()):
        return
    if xb.dtype != param.dtype:
        raise BatchError(
            f"{where}: inputs are {xb.dtype} but {type(model).__name__}'s parameters are "
            f"{param.dtype}; convert the inputs with X.to({param.dtype}) (NumPy arrays are "
            f"float64 by default: X.astype('float32')), or the model with model.to({xb.dtype})"
        )


def check_targets(out, yb, loss, where: str, values: torch.Tensor | None) -> None:
    """Targets must fit the loss and the outputs: labels for cross-entropy, the outputs' shape
    for BCE and regression losses. ``where`` names the batch (``"train batch 3 of epoch 1"``);
    ``values`` is the tensor whose label range to check (the batch's targets, all of a
    ``TensorLoader``'s targets once, or ``None`` to skip that device sync)."""
    kind = type(loss).__name__
    if isinstance(loss, _LABEL_LOSSES) and out.ndim >= 2:
        _check_labels(out, yb, loss, where, values)
        return
    if not isinstance(loss, _SAME_SHAPE_LOSSES):
        return
    if out.shape != yb.shape:
        if out.shape == (*yb.shape, 1):
            fix = "y.unsqueeze(1) (or squeeze the outputs with out.squeeze(1))"
        elif yb.shape == (*out.shape, 1):
            fix = "y.squeeze(-1)"
        elif out.numel() == yb.numel():
            fix = "y.view_as(outputs)"
        else:
            fix = f"a last layer with {yb.shape[-1] if yb.ndim > 1 else 1} output(s)"
        raise BatchError(
            f"{where}: {kind} needs targets of the outputs' shape {tuple(out.shape)}, got "
            f"{tuple(yb.shape)} (torch would broadcast them into a wrong loss); fix it with "
            f"{fix}"
        )
    if isinstance(loss, _BINARY_LOSSES):
        if not yb.is_floating_point():
            raise BatchError(
                f"{where}: {kind} needs float targets (0.0 or 1.0), got {yb.dtype}; convert "
                "them with y.float()"
            )
        if values is not None and values.numel():
            lo, hi = (float(v) for v in torch.aminmax(values))
            if lo < 0 or hi > 1:
                raise BatchError(
                    f"{where}: {kind} targets must lie in [0, 1], got values from {lo:g} to "
                    f"{hi:g}; use 0/1 labels (or probabilities)"
                )


def _check_labels(out, yb, loss, where: str, values) -> None:
    kind, k = type(loss).__name__, out.shape[1]
    if yb.is_floating_point():
        if yb.shape == out.shape:
            return  # class probabilities as targets
        raise BatchError(
            f"{where}: {kind} needs integer class labels, got {yb.dtype} targets of shape "
            f"{tuple(yb.shape)}; convert them with y.long() (or give class probabilities of "
            f"the outputs' shape {tuple(out.shape)})"
        )
    if yb.ndim != out.ndim - 1:
        raise BatchError(
            f"{where}: {kind} needs one label per sample, shape {(out.shape[0],)}, got "
            f"targets of shape {tuple(yb.shape)}; flatten them with y.view(-1) (or "
            "y.squeeze(1))"
        )
    if values is None:
        return
    labels = values[values != loss.ignore_index]
    if labels.numel() == 0:
        return
    lo, hi = (int(v) for v in torch.aminmax(labels))
    if lo < 0 or hi >= k:
        raise BatchError(
            f"{where}: labels run from {lo} to {hi} but the model gives {k} outputs (logits) "
            f"per sample, so labels must lie in [0, {k - 1}]; give the last layer "
            f"{max(hi + 1, k)} outputs or relabel the data"
        )
