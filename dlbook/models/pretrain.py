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

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.nn import functional as F

from dlbook._checks import as_tensor, choose
from dlbook.device import get_device
from dlbook.models.mlp import MLP


def _check_unit_interval(X, name: str = "X") -> torch.Tensor:
    """A 2-D float32 tensor with every value in [0, 1] (probabilities of binary units)."""
    X = as_tensor(X, name, ndim=2, dtype=torch.float32)
    lo, hi = float(X.min()), float(X.max())
    if lo < 0 or hi > 1:
        raise ValueError(
            f"{name} must lie in [0, 1] (the probabilities of binary units), got values from "
            f"{lo:.4g} to {hi:.4g}; rescale it first, e.g. X / X.max() for pixel intensities"
        )
    return X


def _check_size(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


def _check_fit_args(epochs, lr, batch_size, momentum) -> None:
    _check_size(epochs, "epochs")
    _check_size(batch_size, "batch_size")
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")


def _batches(n: int, batch_size: int, gen: torch.Generator) -> Iterator[torch.Tensor]:
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
        self.n_visible = _check_size(n_visible, "n_visible")
        self.n_hidden = _check_size(n_hidden, "n_hidden")
        self.weight = nn.Parameter(torch.empty(n_hidden, n_visible))  # (H, V) like nn.Linear
        self.h_bias = nn.Parameter(torch.zeros(n_hidden))
        self.v_bias = nn.Parameter(torch.zeros(n_visible))
        self.reconstruction_errors_: list[float] = []

    def _check_data(self, X) -> torch.Tensor:
        X = _check_unit_interval(X)
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


class RBM(PretrainLayer):
    """A restricted Boltzmann machine with binary visible and hidden units (Hinton 2002).

    The energy of a joint state is ``E(v, h) = -v.b - h.c - h.W.v``; there are no connections
    within a layer, so given one layer the units of the other are independent:
    ``p(h_j = 1 | v) = sigmoid(c_j + W_j.v)`` and ``p(v_i = 1 | h) = sigmoid(b_i + h.W_i)``.
    Training lowers the free energy of the data and raises that of the model's own
    "fantasies", approximated by contrastive divergence (CD-k). Weights start N(0, 0.01^2),
    biases at zero (Hinton 2010, "A practical guide to training RBMs").

    Parameters
    ----------
    n_visible, n_hidden:
        Numbers of visible and hidden units.
    seed:
        Seed for the initial weights.

    Attributes
    ----------
    reconstruction_errors_:
        After ``fit``, for each epoch: the mean squared error per visible unit of the
        one-step reconstruction ``p(v | h)``, ``h`` sampled from ``p(h | data)``.
    """

    def __init__(self, n_visible: int, n_hidden: int, *, seed: int = 0):
        super().__init__(n_visible, n_hidden)
        gen = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            self.weight.normal_(0.0, 0.01, generator=gen)

    # -- the two conditionals and the sampling they allow ---------------------------------

    def hidden_probs(self, v: torch.Tensor) -> torch.Tensor:
        """``p(h = 1 | v)`` for each hidden unit: ``sigmoid(v @ W.T + c)``, shape ``(B, H)``."""
        return torch.sigmoid(v @ self.weight.T + self.h_bias)

    def visible_probs(self, h: torch.Tensor) -> torch.Tensor:
        """``p(v = 1 | h)`` for each visible unit: ``sigmoid(h @ W + b)``, shape ``(B, V)``."""
        return torch.sigmoid(h @ self.weight + self.v_bias)

    def sample_h(self, v: torch.Tensor, generator: torch.Generator | None = None):
        """Return ``(p(h = 1 | v), binary sample of h)``, both ``(B, H)``."""
        p = self.hidden_probs(v)
        return p, torch.bernoulli(p, generator=generator)

    def sample_v(self, h: torch.Tensor, generator: torch.Generator | None = None):
        """Return ``(p(v = 1 | h), binary sample of v)``, both ``(B, V)``."""
        p = self.visible_probs(h)
        return p, torch.bernoulli(p, generator=generator)

    # -- energies ----------------------------------------------------------------------

    def energy(self, v: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
        """``E(v, h) = -v.b - h.c - h.W.v`` for each pair of rows, shape ``(B,)``."""
        return -(v @ self.v_bias) - (h @ self.h_bias) - ((h @ self.weight) * v).sum(-1)

    def free_energy(self, v: torch.Tensor) -> torch.Tensor:
        """``F(v) = -log sum_h exp(-E(v, h)) = -v.b - sum_j softplus(c_j + W_j.v)``, ``(B,)``.

        ``p(v)`` is proportional to ``exp(-F(v))``: a well-trained RBM gives its training
        patterns a lower free energy than other patterns.
        """
        return -(v @ self.v_bias) - F.softplus(v @ self.weight.T + self.h_bias).sum(-1)

    # -- learning ----------------------------------------------------------------------

    @torch.no_grad()
    def contrastive_divergence(
        self, v0: torch.Tensor, k: int = 1, generator: torch.Generator | None = None
    ) -> dict[str, torch.Tensor]:
        """The CD-k estimate of the log-likelihood gradient for a batch ``v0`` ``(B, V)``.

        Run k steps of Gibbs sampling from the data: sample ``h ~ p(h | v)``, then set
        ``v = p(v | h)`` (probabilities, not samples, for the visible units, as Hinton's guide
        advises). The estimate is ``<v h>_data - <v h>_k``, using the hidden probabilities at
        both ends. It equals minus the gradient of ``mean(F(v0) - F(vk))`` with the chain's
        end ``vk`` held fixed.

        Returns a dict with the ascent directions ``weight`` ``(H, V)``, ``v_bias`` ``(V,)``,
        ``h_bias`` ``(H,)``, the chain's end ``v_k`` and the one-step reconstruction
        ``v_1``.
        """
        ph0, h = self.sample_h(v0, generator)  # (B, H)
        v1 = v = self.visible_probs(h)  # (B, V): the one-step reconstruction
        ph = self.hidden_probs(v)  # (B, H)
        for _ in range(k - 1):  # further Gibbs steps for CD-k
            h = torch.bernoulli(ph, generator=generator)
            v = self.visible_probs(h)
            ph = self.hidden_probs(v)
        n = v0.shape[0]
        return {
            "weight": (ph0.T @ v0 - ph.T @ v) / n,  # (H, V): <h v>_data - <h v>_k
            "v_bias": (v0 - v).mean(0),
            "h_bias": (ph0 - ph).mean(0),
            "v_k": v,
            "v_1": v1,
        }

    def fit(
        self,
        X,
        epochs: int = 10,
        lr: float = 0.1,
        batch_size: int = 32,
        *,
        k: int = 1,
        momentum: float = 0.5,
        seed: int = 0,
        device: str | torch.device = "cpu",
    ) -> RBM:
        """Train with CD-k and momentum on data ``X`` ``(N, n_visible)`` in [0, 1].

        Each step moves the parameters along the CD-k estimate: ``velocity = momentum *
        velocity + lr * estimate; param += velocity``. Returns ``self`` with
        ``reconstruction_errors_`` filled in (one value per epoch).
        """
        _check_fit_args(epochs, lr, batch_size, momentum)
        _check_size(k, "k")
        dev = get_device(device)
        X = self._check_data(X).to(dev)
        self.to(dev)
        gen = torch.Generator(device=dev).manual_seed(seed)
        params = {"weight": self.weight, "v_bias": self.v_bias, "h_bias": self.h_bias}
        velocity = {name: torch.zeros_like(p) for name, p in params.items()}
        self.reconstruction_errors_ = []
        for _ in range(epochs):
            total = 0.0
            for idx in _batches(X.shape[0], batch_size, gen):
                v0 = X[idx]  # (B, V)
                grads = self.contrastive_divergence(v0, k, gen)
                with torch.no_grad():
                    for name, p in params.items():
                        velocity[name].mul_(momentum).add_(grads[name], alpha=lr)
                        p.add_(velocity[name])
                total += float(((v0 - grads["v_1"]) ** 2).sum())
            self.reconstruction_errors_.append(total / X.numel())
        return self


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
        Seed for the initial weights.

    Attributes
    ----------
    losses_:
        After ``fit``, for each epoch: the cross-entropy per sample (summed over the
        visible units).
    reconstruction_errors_:
        After ``fit``, for each epoch: the mean squared error per visible unit.
    """

    def __init__(self, n_visible: int, n_hidden: int, *, tied: bool = True, seed: int = 0):
        super().__init__(n_visible, n_hidden)
        self.tied = bool(tied)
        gen = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            a = 1 / math.sqrt(n_visible)
            self.weight.uniform_(-a, a, generator=gen)
        if self.tied:
            self.register_parameter("decoder_weight", None)
        else:
            a = 1 / math.sqrt(n_hidden)
            w = torch.empty(n_visible, n_hidden).uniform_(-a, a, generator=gen)
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
        seed: int = 0,
        device: str | torch.device = "cpu",
    ) -> Autoencoder:
        """Train by minibatch SGD with momentum on data ``X`` ``(N, n_visible)`` in [0, 1]."""
        _check_fit_args(epochs, lr, batch_size, momentum)
        dev = get_device(device)
        X = self._check_data(X).to(dev)
        self.to(dev)
        gen = torch.Generator(device=dev).manual_seed(seed)
        opt = torch.optim.SGD(self.parameters(), lr=lr, momentum=momentum)
        self.losses_, self.reconstruction_errors_ = [], []
        for _ in range(epochs):
            total_loss, total_sq = 0.0, 0.0
            for idx in _batches(X.shape[0], batch_size, gen):
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
        if not isinstance(layer, int) or not -n <= layer < n:
            raise ValueError(f"layer must be an int in [{-n}, {n - 1}], got {layer!r}")
        for m in self.layers[: layer % n + 1]:
            X = m.transform(X)
        return X

    def to_mlp(self, out_features: int, *, seed: int = 0) -> MLP:
        """A sigmoid ``MLP`` whose hidden layers hold the pretrained weights exactly.

        Its output layer, which pretraining does not touch, gets torch's default init from
        a generator seeded with ``seed`` (the global random state is left as it was). The
        MLP is on the CPU; fine-tune it with any optimiser.
        """
        sizes = [m.n_hidden for m in self.layers]
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            mlp = MLP(self.layers[0].n_visible, sizes, out_features, activation="sigmoid")
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
    seed: int = 0,
    device: str | torch.device = "cpu",
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
        Layer ``i`` is initialised and shuffled with ``seed + i``.
    device:
        Where to train (``"auto"``, ``"cpu"``, ``"cuda"``, ...).

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
        _check_size(s, f"sizes[{i}]")
    data = _check_unit_interval(X)
    result = GreedyPretraining(method=method, layers=[])
    n_in = data.shape[1]
    for i, n_hidden in enumerate(sizes):
        if method == "rbm":
            layer = RBM(n_in, n_hidden, seed=seed + i)
            layer.fit(
                data, epochs, lr, batch_size, k=k, momentum=momentum, seed=seed + i, device=device
            )
        else:
            layer = Autoencoder(n_in, n_hidden, tied=tied, seed=seed + i)
            layer.fit(data, epochs, lr, batch_size, momentum=momentum, seed=seed + i, device=device)
        result.layers.append(layer)
        result.curves.append(list(layer.reconstruction_errors_))
        data = layer.transform(data)  # (N, n_hidden): the next layer's training data
        n_in = n_hidden
    return result
