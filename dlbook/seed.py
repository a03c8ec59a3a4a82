"""Seeding for reproducible runs: one call seeds Python, NumPy and torch (CPU and CUDA)."""

from __future__ import annotations

import random

import numpy as np
import torch


def seed_everything(seed: int) -> torch.Generator:
    """Seed ``random``, NumPy and torch with ``seed``; return a CPU ``torch.Generator`` so seeded.

    The returned generator lets a caller draw its own stream (shuffling, say) without
    disturbing the global one.
    """
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {seed!r}")
    if not 0 <= seed < 2**64:
        raise ValueError(f"seed must lie in [0, 2**64), got {seed}")
    random.seed(seed)
    np.random.seed(seed % 2**32)  # noqa: NPY002 - seeds the legacy global RNG readers still use
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)
