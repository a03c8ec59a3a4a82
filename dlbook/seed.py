"""Seeding for reproducible runs, by one road.

- :func:`seeded` is what every model constructor uses: its weights are drawn inside
  ``with seeded(seed):``, from torch's RNG seeded with ``seed`` and then put back as it was, so
  a model built twice with the same seed is identical whatever ran in between, and building
  it leaves the global random stream untouched. ``seed=None`` means the global RNG.
- :func:`seed_everything` seeds Python, NumPy and torch at once, for a whole script.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import torch

from dlbook._checks import check_seed


@contextmanager
def seeded(seed: int | None) -> Iterator[None]:
    """Run the block with torch's RNG seeded by ``seed``, restoring the RNG afterwards.

    Forks the CPU generator (and every CUDA generator when CUDA is available) with
    ``torch.random.fork_rng``, then calls ``torch.manual_seed(seed)`` inside. With
    ``seed=None`` it does nothing: the block draws from the global RNG as usual (and so
    follows a ``torch.manual_seed`` made before)::

        with seeded(0):
            layer = nn.Linear(4, 2)   # the same weights every time, global RNG untouched
    """
    seed = check_seed(seed, allow_none=True)
    if seed is None:
        yield
        return
    devices = list(range(torch.cuda.device_count())) if torch.cuda.is_available() else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


def generator(seed: int | None, device: str | torch.device = "cpu") -> torch.Generator:
    """A ``torch.Generator`` on ``device`` seeded with ``seed``; ``None`` draws its seed from
    the global RNG (so ``torch.manual_seed`` before fixes it too)."""
    seed = check_seed(seed, allow_none=True)
    if seed is None:
        seed = int(torch.randint(0, 2**62, (), dtype=torch.int64))
    return torch.Generator(device=device).manual_seed(seed)


def seed_everything(seed: int) -> torch.Generator:
    """Seed ``random``, NumPy and torch with ``seed``; return a CPU ``torch.Generator`` so seeded.

    The returned generator lets a caller draw its own stream (shuffling, say) without
    disturbing the global one.
    """
    seed = check_seed(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)  # noqa: NPY002 - seeds the legacy global RNG readers still use
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)
