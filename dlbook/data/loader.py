"""An in-memory loader: the whole (small) data set lives on the device, batches are index views.

Data sets in this book (logic gates, toy 2-D sets, digits, even MNIST) fit in memory many times
over. A ``TensorLoader`` moves ``X`` and ``y`` to the device once and shuffles there each
epoch with ``torch.randperm``, so a batch costs one index-select instead of a host-to-device
copy - the trick that makes small-data training on a GPU fast (Karpathy's nanoGPT keeps its
data in one tensor for the same reason).
"""

from __future__ import annotations

import torch

from dlbook._checks import as_tensor, check_bool, check_int, check_seed
from dlbook.device import get_device


class TensorLoader:
    """Batches ``(xb, yb)`` of two tensors kept on the device, reshuffled every epoch.

    Parameters
    ----------
    X, y:
        Inputs ``(N, ...)`` and targets ``(N, ...)`` with the same first dimension: tensors,
        NumPy arrays or nested lists of numbers. Arrays (not tensors) of ``float64`` are cast to
        torch's default dtype (``float32``), since NumPy defaults to double precision and
        models do not.
    batch_size:
        Samples per batch; the last batch is smaller unless ``drop_last``.
    shuffle:
        Draw a fresh random order every epoch (each ``iter()``); else keep the given order.
    device:
        Where the tensors live: ``"auto"`` (see ``dlbook.device.get_device``), ``"cpu"``,
        ``"cuda"``, ...
    seed:
        Seed of the loader's own ``torch.Generator``, so its shuffling neither uses nor
        disturbs the global random stream. ``state_dict`` / ``load_state_dict`` save and
        restore it, which lets a resumed run see the same batches as an uninterrupted one.
    drop_last:
        Skip the last, incomplete batch.

    Examples
    --------
    >>> loader = TensorLoader(torch.randn(100, 2), torch.randint(0, 2, (100,)), batch_size=32,
    ...                       device="cpu")
    >>> len(loader), [len(yb) for _, yb in loader]
    (4, [32, 32, 32, 4])
    """

    def __init__(
        self,
        X,
        y,
        batch_size: int = 64,
        *,
        shuffle: bool = True,
        device="auto",
        seed: int = 0,
        drop_last: bool = False,
    ):
        X, y = _as_data(X, "X"), _as_data(y, "y")
        if X.ndim == 0 or y.ndim == 0:
            raise ValueError(
                f"X and y need a first (sample) dimension, got shapes {tuple(X.shape)} and "
                f"{tuple(y.shape)}"
            )
        if X.shape[0] != y.shape[0]:
            raise ValueError(
                f"X and y must have the same number of samples, got {X.shape[0]} inputs "
                f"(X of shape {tuple(X.shape)}) and {y.shape[0]} targets "
                f"(y of shape {tuple(y.shape)})"
            )
        batch_size = check_int(batch_size, "batch_size", minimum=1)
        seed = check_seed(seed)
        shuffle = check_bool(shuffle, "shuffle")
        drop_last = check_bool(drop_last, "drop_last")
        if drop_last and X.shape[0] < batch_size:
            raise ValueError(
                f"drop_last=True with {X.shape[0]} samples and batch_size={batch_size} "
                f"leaves no batch; lower batch_size or set drop_last=False"
            )
        self.device = get_device(device)
        self.X = X.to(self.device)  # (N, ...) moved once
        self.y = y.to(self.device)  # (N, ...)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.generator = torch.Generator(device=self.device).manual_seed(seed)

    def __len__(self) -> int:
        """Number of batches per epoch."""
        n, b = self.X.shape[0], self.batch_size
        return n // b if self.drop_last else -(-n // b)

    def __iter__(self):
        """Yield the epoch's batches ``(xb, yb)``, drawing a new order first if shuffling."""
        n, b = self.X.shape[0], self.batch_size
        stop = len(self) * b
        if not self.shuffle:
            for start in range(0, stop, b):
                yield self.X[start : start + b], self.y[start : start + b]  # views, no copy
            return
        order = torch.randperm(n, generator=self.generator, device=self.device)  # (N,)
        for idx in order[:stop].split(b):  # (B,) each
            yield self.X.index_select(0, idx), self.y.index_select(0, idx)  # (B, ...)

    def state_dict(self) -> dict:
        """The shuffling generator's state (a CPU byte tensor), for checkpoints."""
        return {"generator": self.generator.get_state()}

    def load_state_dict(self, state: dict) -> None:
        """Restore the shuffling generator saved by ``state_dict``."""
        if not isinstance(state, dict) or not isinstance(state.get("generator"), torch.Tensor):
            raise TypeError(
                "TensorLoader state must be a dict {'generator': ByteTensor} from state_dict(), "
                f"got {type(state).__name__}"
            )
        self.generator.set_state(state["generator"])

    def __repr__(self) -> str:
        return (
            f"TensorLoader(n={self.X.shape[0]}, batch_size={self.batch_size}, "
            f"shuffle={self.shuffle}, drop_last={self.drop_last}, device={self.device})"
        )


def _as_data(value, name: str) -> torch.Tensor:
    """Check one array (no NaN, not empty) and cast a NumPy/list float64 to float32."""
    t = as_tensor(value, name)
    if not isinstance(value, torch.Tensor) and t.dtype == torch.float64:
        t = t.to(torch.get_default_dtype())
    return t
