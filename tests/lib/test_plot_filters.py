"""Filter grids: one image, each filter normalised on its own."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from dlbook.plot import plot_filters


@pytest.fixture
def ax():
    _, ax = plt.subplots()
    return ax


def _tile(image, k, ncols, size, pad=1):
    h, w = size
    row, col = divmod(k, ncols)
    top, left = pad + row * (h + pad), pad + col * (w + pad)
    return image[top : top + h, left : left + w]


def test_filters_rgb_grid_is_normalised_per_filter(ax):
    weight = torch.arange(5 * 3 * 2 * 2, dtype=torch.float32).reshape(5, 3, 2, 2)  # (out, in, h, w)
    weight[1] *= -100.0  # a very different scale must not change the picture's contrast
    assert plot_filters(weight, ax, ncols=3) is ax
    image = ax.images[0].get_array()
    assert image.shape == (1 + 2 * 3, 1 + 3 * 3, 3)  # 2 rows x 3 columns of 2x2 RGB tiles
    for k in range(5):
        w = weight[k].double()
        expected = ((w - w.min()) / (w.max() - w.min())).permute(1, 2, 0).numpy()
        np.testing.assert_allclose(_tile(image, k, 3, (2, 2)), expected)
    np.testing.assert_array_equal(image[0], 1.0)  # the white padding
    np.testing.assert_array_equal(_tile(image, 5, 3, (2, 2)), 1.0)  # the unused slot


def test_filters_grey_and_a_chosen_channel(ax):
    conv = torch.nn.Conv2d(4, 2, kernel_size=3)
    with torch.no_grad():
        conv.weight.zero_()
        conv.weight[0, 2] = torch.arange(9.0).reshape(3, 3)
    plot_filters(conv, ax, channel=2, pad=0)
    image = ax.images[0].get_array()
    assert image.shape == (3, 6)  # grey: two 3x3 tiles side by side, no padding
    np.testing.assert_allclose(image[:, :3], torch.arange(9.0).reshape(3, 3).numpy() / 8)
    np.testing.assert_array_equal(image[:, 3:], 0.5)  # a constant filter is mid-grey
    assert ax.images[0].get_cmap().name == "gray"


def test_filters_reject_bad_weights():
    with pytest.raises(ValueError, match="4 dimension"):
        plot_filters(torch.zeros(3, 5, 5))
    with pytest.raises(ValueError, match="channel=k"):
        plot_filters(torch.zeros(2, 5, 3, 3))
    with pytest.raises(ValueError, match=r"channel must be in \[0, 4\]"):
        plot_filters(torch.zeros(2, 5, 3, 3), channel=5)
    with pytest.raises(ValueError, match="ncols"):
        plot_filters(torch.zeros(2, 3, 3, 3), ncols=0)
    with pytest.raises(TypeError, match="no weight"):
        plot_filters(torch.nn.ReLU())
