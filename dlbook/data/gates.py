"""The four logic gates on two binary inputs: the perceptron's first test and its first limit."""

from __future__ import annotations

import torch

from dlbook._checks import choose

#: The truth tables, in the input order (0,0), (0,1), (1,0), (1,1).
TRUTH_TABLES: dict[str, tuple[int, int, int, int]] = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
    "xor": (0, 1, 1, 0),
    "xnor": (1, 0, 0, 1),
}


def logic_gate(name: str, dtype: torch.dtype = torch.float32) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(X, y)`` for a gate: ``X`` is the four input pairs ``(4, 2)``, ``y`` the outputs.

    ``name`` is one of ``and``, ``or``, ``nand``, ``nor``, ``xor``, ``xnor`` (any case).
    """
    key = choose(name, "logic gate", TRUTH_TABLES)
    X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=dtype)
    y = torch.tensor(TRUTH_TABLES[key], dtype=torch.long)
    return X, y
