"""Greedy layer-wise pretraining (Hinton, Osindero & Teh 2006; Bengio et al. 2007).

Before 2006, deep sigmoid networks trained by backpropagation from small random weights did
badly. Hinton, Osindero & Teh (2006) trained them one layer at a time instead, without labels:
a restricted Boltzmann machine (RBM) learns to model the data, its hidden units' activities
become the data for the next RBM, and so on up the stack. The weights so found are then used
to start a deep network, which backpropagation fine-tunes. Bengio, Lamblin, Popovici &
Larochelle (2007) showed that autoencoders, each trained to reconstruct its input through a
hidden layer, work in the same greedy scheme.

Here::

    result = pretrain_greedy(X, [32, 16], method="rbm", epochs=10)   # X in [0, 1]
    result.curves                                  # reconstruction error per epoch, per layer
    mlp = result.to_mlp(out_features=10)           # sigmoid MLP starting from those weights

Both layer types store weights shaped ``(n_hidden, n_visible)`` like ``nn.Linear``, so a
pretrained layer ``(W, b)`` is exactly the hidden layer ``sigmoid(x @ W.T + b)`` of an MLP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import torch

from dlbook._checks import check_int, check_seed, choose
from dlbook.device import get_device
from dlbook.models.autoencoder import Autoencoder
from dlbook.models.layerwise import PretrainLayer, check_unit_interval
from dlbook.models.mlp import MLP
from dlbook.models.rbm import RBM

__all__ = ["RBM", "Autoencoder", "GreedyPretraining", "PretrainLayer", "pretrain_greedy"]


@dataclass
class GreedyPretraining:
    """What ``pretrain_greedy`` returns: the trained layers and their learning curves."""

    method: str  #: ``"rbm"`` or ``"autoencoder"``
    layers: list[PretrainLayer]  #: the trained layers, input side first
    curves: list[list[float]] = field(default_factory=list)  #: per layer, error per epoch

    @property
    def weights(self) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """``(W, b)`` per layer, ``W`` ``(n_hidden, n_visible)``: copies, on the CPU."""
        return [
            (m.weight.detach().cpu().clone(), m.h_bias.detach().cpu().clone()) for m in self.layers
        ]

    def transform(self, X, layer: int = -1) -> torch.Tensor:
        """Pass ``X`` up the stack; return the hidden probabilities of ``layer`` (-1: top)."""
        n = len(self.layers)
        layer = check_int(layer, "layer", minimum=-n, maximum=n - 1)
        for m in self.layers[: layer % n + 1]:
            X = m.transform(X)
        return X

    def to_mlp(self, out_features: int, *, seed: int | None = None) -> MLP:
        """A sigmoid ``MLP`` whose hidden layers hold the pretrained weights exactly.

        Its output layer, which pretraining does not touch, gets torch's default init drawn
        with ``seed`` as ``MLP(seed=...)`` draws it (``None``: from the global RNG). The MLP is
        on the CPU; fine-tune it with any optimiser.
        """
        sizes = [m.n_hidden for m in self.layers]
        mlp = MLP(self.layers[0].n_visible, sizes, out_features, activation="sigmoid", seed=seed)
        with torch.no_grad():
            for linear, (W, b) in zip(mlp.linears, self.weights, strict=False):
                linear.weight.copy_(W)
                linear.bias.copy_(b)
        return mlp


def pretrain_greedy(
    X,
    sizes: Sequence[int],
    method: str = "rbm",
    *,
    epochs: int = 10,
    lr: float = 0.1,
    batch_size: int = 32,
    k: int = 1,
    momentum: float = 0.5,
    tied: bool = True,
    seed: int | None = None,
    device: str | torch.device = "auto",
) -> GreedyPretraining:
    """Train a stack of RBMs or autoencoders, one layer at a time, without labels.

    Layer 1 learns from ``X`` ``(N, V)`` (values in [0, 1]); layer ``i + 1`` learns from the
    hidden probabilities of layer ``i`` on the same data, while the layers below stay fixed
    (Hinton, Osindero & Teh 2006; Bengio et al. 2007).

    Parameters
    ----------
    X:
        Training data, one sample per row, values in [0, 1].
    sizes:
        Hidden units of each layer, input side first, e.g. ``[32, 16]``.
    method:
        ``"rbm"`` (contrastive divergence) or ``"autoencoder"`` (cross-entropy, SGD).
    epochs, lr, batch_size, momentum:
        Training of each layer (the same for all).
    k:
        Gibbs steps of CD-k (``"rbm"`` only).
    tied:
        Tie encoder and decoder weights (``"autoencoder"`` only).
    seed:
        Layer ``i`` is initialised and shuffled with ``seed + i``; ``None`` draws from the
        global RNG.
    device:
        Where to train (``"auto"``, ``"cpu"``, ``"cuda"``, ...), resolved once by
        :func:`dlbook.device.get_device`.

    Returns
    -------
    GreedyPretraining
        ``layers``, ``weights`` (``(W, b)`` per layer), ``curves`` (reconstruction error per
        epoch, per layer) and ``to_mlp(out_features)``.
    """
    method = choose(method, "pretraining method", ("rbm", "autoencoder"))
    if isinstance(sizes, (int, str, bytes)):
        raise TypeError(f"sizes must be a sequence of layer widths, got {sizes!r}")
    sizes = list(sizes)
    if not sizes:
        raise ValueError("sizes is empty; give the width of at least one layer")
    for i, s in enumerate(sizes):
        check_int(s, f"sizes[{i}]", minimum=1)
    seed = check_seed(seed, allow_none=True)
    device = get_device(device)
    data = check_unit_interval(X)
    result = GreedyPretraining(method=method, layers=[])
    n_in = data.shape[1]
    for i, n_hidden in enumerate(sizes):
        s = None if seed is None else seed + i
        if method == "rbm":
            layer = RBM(n_in, n_hidden, seed=s)
            layer.fit(data, epochs, lr, batch_size, k=k, momentum=momentum, seed=s, device=device)
        else:
            layer = Autoencoder(n_in, n_hidden, tied=tied, seed=s)
            layer.fit(data, epochs, lr, batch_size, momentum=momentum, seed=s, device=device)
        result.layers.append(layer)
        result.curves.append(list(layer.reconstruction_errors_))
        data = layer.transform(data)  # (N, n_hidden): the next layer's training data
        n_in = n_hidden
    return result
