"""The restricted Boltzmann machine trained by contrastive divergence (Hinton 2002).

The first layer type of greedy pretraining (Hinton, Osindero & Teh 2006); see
``dlbook.models.pretrain``.
"""

from __future__ import annotations

import torch
from torch.nn import functional as F

from dlbook._checks import check_int, check_seed
from dlbook.device import get_device
from dlbook.models.layerwise import PretrainLayer, batches, check_fit_args
from dlbook.seed import generator, seeded


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
        Seed of the initial weights (see :func:`dlbook.seed.seeded`); ``None`` draws them
        from the global RNG.

    Attributes
    ----------
    reconstruction_errors_:
        After ``fit``, for each epoch: the mean squared error per visible unit of the
        one-step reconstruction ``p(v | h)``, ``h`` sampled from ``p(h | data)``.
    """

    def __init__(self, n_visible: int, n_hidden: int, *, seed: int | None = None):
        super().__init__(n_visible, n_hidden)
        self.seed = check_seed(seed, allow_none=True)
        with seeded(self.seed), torch.no_grad():
            self.weight.normal_(0.0, 0.01)

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
        seed: int | None = None,
        device: str | torch.device = "auto",
    ) -> RBM:
        """Train with CD-k and momentum on data ``X`` ``(N, n_visible)`` in [0, 1].

        Each step moves the parameters along the CD-k estimate: ``velocity = momentum *
        velocity + lr * estimate; param += velocity``. Returns ``self`` with
        ``reconstruction_errors_`` filled in (one value per epoch). ``seed`` seeds the
        shuffling and the Gibbs sampling (``None``: a seed drawn from the global RNG);
        ``device`` is resolved by :func:`dlbook.device.get_device`.
        """
        check_fit_args(epochs, lr, batch_size, momentum)
        check_int(k, "k", minimum=1)
        dev = get_device(device)
        X = self._check_data(X).to(dev)
        self.to(dev)
        gen = generator(seed, dev)
        params = {"weight": self.weight, "v_bias": self.v_bias, "h_bias": self.h_bias}
        velocity = {name: torch.zeros_like(p) for name, p in params.items()}
        self.reconstruction_errors_ = []
        for _ in range(epochs):
            total = 0.0
            for idx in batches(X.shape[0], batch_size, gen):
                v0 = X[idx]  # (B, V)
                grads = self.contrastive_divergence(v0, k, gen)
                with torch.no_grad():
                    for name, p in params.items():
                        velocity[name].mul_(momentum).add_(grads[name], alpha=lr)
                        p.add_(velocity[name])
                total += float(((v0 - grads["v_1"]) ** 2).sum())
            self.reconstruction_errors_.append(total / X.numel())
        return self
