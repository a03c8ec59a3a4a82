"""Checks shared by the convolutional models: is this a batch of images the net can take?"""

from __future__ import annotations

import torch


def check_images(
    x, model: str, channels: int, *, size: int | None = None, min_size: int = 1
) -> None:
    """Raise a clear error unless ``x`` is a ``(B, channels, H, W)`` float tensor that fits.

    ``size`` asks for square ``size x size`` images; otherwise ``H`` and ``W`` must be at
    least ``min_size`` (smaller images would shrink to nothing inside the network).
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{model} takes a torch.Tensor of images, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(f"{model} takes float images, got dtype {x.dtype}; use x.float()")
    want = f"(B, {channels}, {size or 'H'}, {size or 'W'})"
    if x.ndim != 4:
        raise ValueError(
            f"{model} takes a batch of images shaped {want}, got shape {tuple(x.shape)}"
            + ("; add a batch dimension with x.unsqueeze(0)" if x.ndim == 3 else "")
        )
    if x.shape[1] != channels:
        raise ValueError(
            f"{model} was built for {channels} input channel(s) {want}, got {x.shape[1]} "
            f"(shape {tuple(x.shape)})"
        )
    h, w = x.shape[-2:]
    if size is not None and (h, w) != (size, size):
        raise ValueError(
            f"{model} was built for {size}x{size} images {want}, got {h}x{w}; "
            "pass input_size to the constructor to adapt"
        )
    if min(h, w) < min_size:
        raise ValueError(f"{model} needs images of at least {min_size}x{min_size}, got {h}x{w}")
