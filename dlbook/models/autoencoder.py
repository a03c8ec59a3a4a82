"""One sigmoid autoencoder layer, the second layer type of greedy pretraining.

Bengio, Lamblin, Popovici & Larochelle (2007) stacked autoencoders greedily as Hinton et al.
(2006) stacked RBMs; see ``dlbook.models.pretrain``.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from dlbook._checks import check_bool, check_seed
from dlbook.device import get_device
from dlbook.models.layerwise import PretrainLayer, batches, check_fit_args
from dlbook.seed import generator, seeded


class Autoencoder(PretrainLayer):
    """One sigmoid autoencoder layer: encode ``h = sigmoid(x @ W.T + c)``, decode back.

    The decoder is ``x_hat = sigmoid(h @ W + b)`` with tied weights (the encoder's ``W``
    transposed, as in Bengio et al. 2007) or ``sigmoid(h @ W_dec.T + b)`` with a separate
    ``decoder_weight`` ``(V, H)`` when ``tied=False``. Trained to minimise the cross-entropy
    between ``x`` and ``x_hat``, which suits inputs in [0, 1]. Weights start
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)), biases at zero.

    Parameters
    ----------
    n_visible, n_hidden:
        Sizes of the input and of the code.
    tied:
        Share the weights between encoder and decoder.
    seed:
        Seed of the initial weights (see :func:`dlbook.seed.seeded`); ``None`` draws them
        from the global RNG.

    Attributes
    ----------
    losses_:
        After ``fit``, for each epoch: the cross-entropy per sample (summed over the
        visible units).
    reconstruction_errors_:
        After ``fit``, for each epoch: the mean squared error per visible unit.
    """

    def __init__(
        self, n_visible: int, n_hidden: int, *, tied: bool = True, seed: int | None = None
    ):
        super().__init__(n_visible, n_hidden)
        self.tied = check_bool(tied, "tied")
        self.seed = check_seed(seed, allow_none=True)
        with seeded(self.seed), torch.no_grad():
            a = 1 / math.sqrt(n_visible)
            self.weight.uniform_(-a, a)
            if self.tied:
                self.register_parameter("decoder_weight", None)
            else:
                a = 1 / math.sqrt(n_hidden)
                w = torch.empty(n_visible, n_hidden).uniform_(-a, a)
                self.decoder_weight = nn.Parameter(w)  # (V, H)
        self.losses_: list[float] = []

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The code ``sigmoid(x @ W.T + c)``, shape ``(B, H)``."""
        return torch.sigmoid(x @ self.weight.T + self.h_bias)

    def decode(self, h: torch.Tensor) -> torch.Tensor:
        """The reconstruction from a code, shape ``(B, V)``."""
        w_dec = self.weight.T if self.tied else self.decoder_weight  # (V, H)
        return torch.sigmoid(h @ w_dec.T + self.v_bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Reconstruct ``x`` ``(B, V)`` through the code."""
        return self.decode(self.encode(x))

    def loss(self, x: torch.Tensor) -> torch.Tensor:
        """Reconstruction cross-entropy, summed over visible units, averaged over the batch."""
        return F.binary_cross_entropy(self(x), x, reduction="sum") / x.shape[0]

    def fit(
        self,
        X,
        epochs: int = 10,
        lr: float = 0.1,
        batch_size: int = 32,
        *,
        momentum: float = 0.5,
        seed: int | None = None,
        device: str | torch.device = "auto",
    ) -> Autoencoder:
        """Train by minibatch SGD with momentum on data ``X`` ``(N, n_visible)`` in [0, 1].

        ``seed`` seeds the shuffling (``None``: a seed drawn from the global RNG); ``device``
        is resolved by :func:`dlbook.device.get_device`.
        """
        check_fit_args(epochs, lr, batch_size, momentum)
        dev = get_device(device)
        X = self._check_data(X).to(dev)
        self.to(dev)
        gen = generator(seed, dev)
        opt = torch.optim.SGD(self.parameters(), lr=lr, momentum=momentum)
        self.losses_, self.reconstruction_errors_ = [], []
        for _ in range(epochs):
            total_loss, total_sq = 0.0, 0.0
            for idx in batches(X.shape[0], batch_size, gen):
                x = X[idx]  # (B, V)
                x_hat = self(x)  # (B, V)
                loss = F.binary_cross_entropy(x_hat, x, reduction="sum") / x.shape[0]
                opt.zero_grad()
                loss.backward()
                opt.step()
                total_loss += float(loss.detach()) * x.shape[0]
                total_sq += float(((x - x_hat.detach()) ** 2).sum())
            self.losses_.append(total_loss / X.shape[0])
            self.reconstruction_errors_.append(total_sq / X.numel())
        return self
