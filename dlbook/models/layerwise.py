"""What the layers of a greedy stack share: sigmoid hidden units over visible units in [0, 1].

``RBM`` (``dlbook.models.rbm``) and ``Autoencoder`` (``dlbook.models.autoencoder``)
both derive from :class:`PretrainLayer`; ``dlbook.models.pretrain_greedy`` stacks them.
"""

from __future__ import annotations

from collections.abc import Iterator

import torch
from torch import nn

from dlbook._checks import as_tensor, check_float, check_int


def check_unit_interval(X, name: str = "X") -> torch.Tensor:
    """A 2-D float32 tensor with every value in [0, 1] (probabilities of binary units)."""
    X = as_tensor(X, name, ndim=2, dtype=torch.float32)
    lo, hi = float(X.min()), float(X.max())
    if lo < 0 or hi > 1:
        raise ValueError(
            f"{name} must lie in [0, 1] (the probabilities of binary units), got values from "
            f"{lo:.4g} to {hi:.4g}; rescale it first, e.g. X / X.max() for pixel intensities"
        )
    return X


def check_fit_args(epochs, lr, batch_size, momentum) -> None:
    """The checks every layer's ``fit`` makes on its training settings."""
    check_int(epochs, "epochs", minimum=1)
    check_int(batch_size, "batch_size", minimum=1)
    check_float(lr, "lr", minimum=0.0, min_open=True)
    check_float(momentum, "momentum", minimum=0.0, maximum=1.0, max_open=True)


def batches(n: int, batch_size: int, gen: torch.Generator) -> Iterator[torch.Tensor]:
    """Indices of shuffled minibatches covering ``range(n)`` once (the last may be smaller)."""
    order = torch.randperm(n, generator=gen, device=gen.device)
    yield from order.split(batch_size)


class PretrainLayer(nn.Module):
    """What ``RBM`` and ``Autoencoder`` share: a layer of sigmoid units over visible units.

    Holds ``weight`` ``(n_hidden, n_visible)`` (the shape of ``nn.Linear.weight``),
    ``h_bias`` ``(n_hidden,)`` and ``v_bias`` ``(n_visible,)``; ``transform`` gives the
    hidden probabilities that the next layer of a greedy stack learns from.
    """

    def __init__(self, n_visible: int, n_hidden: int):
        super().__init__()
        self.n_visible = check_int(n_visible, "n_visible", minimum=1)
        self.n_hidden = check_int(n_hidden, "n_hidden", minimum=1)
        self.weight = nn.Parameter(torch.empty(n_hidden, n_visible))  # (H, V) like nn.Linear
        self.h_bias = nn.Parameter(torch.zeros(n_hidden))
        self.v_bias = nn.Parameter(torch.zeros(n_visible))
        self.reconstruction_errors_: list[float] = []

    def _check_data(self, X) -> torch.Tensor:
        X = check_unit_interval(X)
        if X.shape[1] != self.n_visible:
            raise ValueError(
                f"X has {X.shape[1]} feature(s) but this layer has {self.n_visible} visible units"
            )
        return X

    @torch.no_grad()
    def transform(self, X) -> torch.Tensor:
        """The hidden units' probabilities ``sigmoid(X @ W.T + h_bias)`` for data ``X``."""
        X = self._check_data(X).to(self.weight.device)
        return torch.sigmoid(X @ self.weight.T + self.h_bias)  # (N, H)

    def extra_repr(self) -> str:
        """Sizes, shown in ``repr``."""
        return f"n_visible={self.n_visible}, n_hidden={self.n_hidden}"
