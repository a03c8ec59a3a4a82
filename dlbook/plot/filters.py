"""Convolution filters drawn as a grid of small images."""

from __future__ import annotations

import math

import torch

from dlbook._checks import as_tensor
from dlbook.plot.style import _new_ax

__all__ = ["plot_filters"]


def plot_filters(
    weight,
    ax=None,
    *,
    ncols: int | None = None,
    channel: int | None = None,
    pad: int = 1,
    title: str | None = None,
):
    """Draw convolution filters as a grid of small images, like Figure 3 of AlexNet.

    Each filter is min-max normalised on its own (its lowest weight black, its highest white),
    so the grid shows patterns, not scales. Three input channels are shown in colour (the
    first layer of an RGB network), one in grey; for other layers pick one input ``channel``.

    Parameters
    ----------
    weight:
        Tensor of shape ``(out_channels, in_channels, height, width)``, or a ``Conv2d``
        (its ``weight``).
    ax:
        Axes to draw on; a new figure is made if ``None``.
    ncols:
        Filters per row; by default about the square root of their number.
    channel:
        Show only this input channel, in grey (needed unless there are 1 or 3 channels).
    pad:
        Pixels of white between filters.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, holding one image: the mosaic of filters.
    """
    if isinstance(weight, torch.nn.Module):
        if not torch.is_tensor(getattr(weight, "weight", None)):
            raise TypeError(f"{type(weight).__name__} has no weight tensor to draw")
        weight = weight.weight
    if torch.is_tensor(weight):
        weight = weight.detach().cpu()
    w = as_tensor(weight, "weight", ndim=4, dtype=torch.float64)  # (out, in, h, w)
    n_out, n_in, h, wd = w.shape
    if channel is not None:
        if not isinstance(channel, int) or isinstance(channel, bool):
            raise TypeError(f"channel must be an int, got {channel!r}")
        if not 0 <= channel < n_in:
            raise ValueError(
                f"channel must be in [0, {n_in - 1}] for {n_in} input channels, got {channel}"
            )
        w = w[:, channel : channel + 1]  # (out, 1, h, w)
    elif n_in not in (1, 3):
        raise ValueError(
            f"weight has {n_in} input channels; only 1 (grey) or 3 (RGB) can be drawn as "
            f"images. Pass channel=k to draw input channel k in grey (shape {tuple(w.shape)})"
        )
    if ncols is None:
        ncols = math.ceil(math.sqrt(n_out))
    if not isinstance(ncols, int) or isinstance(ncols, bool) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}")
    if not isinstance(pad, int) or isinstance(pad, bool) or pad < 0:
        raise ValueError(f"pad must be an int >= 0, got {pad!r}")
    ncols = min(ncols, n_out)
    nrows = math.ceil(n_out / ncols)

    lo = w.amin(dim=(1, 2, 3), keepdim=True)  # (out, 1, 1, 1)
    span = w.amax(dim=(1, 2, 3), keepdim=True) - lo
    w = torch.where(span > 0, (w - lo) / span.clamp_min(1e-300), torch.full_like(w, 0.5))

    c = w.shape[1]
    mosaic = torch.ones(c, pad + nrows * (h + pad), pad + ncols * (wd + pad), dtype=w.dtype)
    for k in range(n_out):
        row, col = divmod(k, ncols)
        top, left = pad + row * (h + pad), pad + col * (wd + pad)
        mosaic[:, top : top + h, left : left + wd] = w[k]
    ax = _new_ax(ax, figsize=(0.35 * ncols + 0.5, 0.35 * nrows + 0.5))
    if c == 3:
        ax.imshow(mosaic.permute(1, 2, 0).numpy(), interpolation="nearest")  # (H, W, 3)
    else:
        ax.imshow(mosaic[0].numpy(), cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
