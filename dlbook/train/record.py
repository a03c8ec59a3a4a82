"""The record of a run: one row per epoch (losses, metrics, seconds), as lists on demand.

``History.to_dict()`` is the plain form the plots, the book's pages and checkpoints share::

    {"epoch": [1, 2, ...], "train_loss": [...], "val_loss": [...],
     "train_accuracy": [...], "val_accuracy": [...], "time": [...], "device": "cpu"}
"""

from __future__ import annotations

import math


class History:
    """Per-epoch rows of a training run, plus the device it ran on.

    Each row is a dict such as ``{"epoch": 1, "train_loss": 0.69, "train_accuracy": 0.5,
    "val_loss": 0.70, "val_accuracy": 0.48, "time": 0.01}``. ``history["train_loss"]`` gives a
    column as a list, ``len(history)`` the number of epochs.
    """

    def __init__(self, rows=None, device: str = "cpu"):
        self.rows: list[dict] = [dict(r) for r in rows or []]
        self.device = str(device)

    def append(self, row: dict) -> None:
        """Add one epoch's row (it must have ``epoch``).

        The dict itself is kept, so a callback that adds an entry to the ``logs`` it gets in
        ``on_epoch_end`` (a learning rate, say) adds a column to the history.
        """
        if "epoch" not in row:
            raise ValueError(f"a history row needs an 'epoch' entry, got keys {sorted(row)}")
        self.rows.append(row)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, key: str) -> list:
        """The column ``key`` as a list (``None`` where an epoch lacks it)."""
        if key not in self.columns():
            raise KeyError(f"no column {key!r} in this history; columns are {self.columns()}")
        return [row.get(key) for row in self.rows]

    def columns(self) -> list[str]:
        """Column names in the order of ``to_dict``: epoch, losses, metrics, time."""
        seen = list(dict.fromkeys(k for row in self.rows for k in row))
        metrics = [k for k in seen if k not in _FIXED]
        train = [k for k in metrics if k.startswith("train_")]
        val = [k for k in metrics if k.startswith("val_")]
        # each metric's train column next to its val column, e.g. train_accuracy, val_accuracy
        names = list(dict.fromkeys([k[6:] for k in train] + [k[4:] for k in val]))
        pairs = [c for n in names for c in (f"train_{n}", f"val_{n}") if c in seen]
        rest = [k for k in metrics if k not in pairs]
        head = [k for k in ("epoch", "train_loss", "val_loss") if k in seen]
        return head + pairs + rest + (["time"] if "time" in seen else [])

    def to_dict(self) -> dict:
        """Plain lists keyed by column, plus ``"device"`` (see the module docstring)."""
        out: dict = {key: self[key] for key in self.columns()}
        out["device"] = self.device
        return out

    @classmethod
    def from_dict(cls, data: dict) -> History:
        """Rebuild a history from ``to_dict``'s output."""
        if not isinstance(data, dict) or "epoch" not in data:
            raise ValueError(
                "History.from_dict needs a dict of columns with an 'epoch' list, got "
                f"{type(data).__name__}{'' if not isinstance(data, dict) else f' {sorted(data)}'}"
            )
        columns = {k: list(v) for k, v in data.items() if k != "device"}
        n = len(columns["epoch"])
        bad = {k: len(v) for k, v in columns.items() if len(v) != n}
        if bad:
            raise ValueError(f"history columns must all have {n} entries (as 'epoch'), got {bad}")
        rows = [{k: v[i] for k, v in columns.items() if v[i] is not None} for i in range(n)]
        return cls(rows, device=data.get("device", "cpu"))

    def best(self, key: str = "val_loss", mode: str | None = None) -> dict:
        """The row with the lowest ``key`` (highest for accuracy-like columns or ``mode="max"``).

        Epochs where ``key`` is missing or NaN are skipped.
        """
        if mode is None:
            mode = "min" if "loss" in key else "max"
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
        values = [(v, i) for i, v in enumerate(self[key]) if v is not None and not math.isnan(v)]
        if not values:
            raise ValueError(f"column {key!r} has no finite values to choose from")
        pick = min if mode == "min" else max
        return dict(self.rows[pick(values)[1]])

    def first_reached(self, column: str, value: float, mode: str | None = None) -> int | None:
        """The first epoch (the ``epoch`` entry, 1-based) at which ``column`` reaches ``value``.

        "Reaches" means ``<= value`` for columns whose name contains ``loss`` or ``error`` and
        ``>= value`` otherwise (accuracies); ``mode="min"`` (``<=``) or ``"max"`` (``>=``)
        overrides. ``None`` if no epoch does. ``history.first_reached("val_accuracy", 0.9)``
        answers "how many epochs to 90%?".
        """
        if mode is None:
            mode = "min" if ("loss" in column or "error" in column) else "max"
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min', 'max' or None, got {mode!r}")
        values = self[column]  # KeyError naming the columns if unknown
        for row, v in zip(self.rows, values, strict=True):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            if (v <= value) if mode == "min" else (v >= value):
                return row["epoch"]
        return None

    def plot(self, ax=None, metric: str = "loss"):
        """Draw ``train_<metric>`` and ``val_<metric>`` against the epoch; return the axes.

        The same figure as ``dlbook.plot.plot_learning_curves(history, metric)``; matplotlib
        is imported here, not when ``dlbook.train`` is.
        """
        from dlbook.plot import plot_learning_curves  # noqa: PLC0415 - keeps matplotlib lazy

        return plot_learning_curves(self, metric, ax)

    def __repr__(self) -> str:
        last = self.rows[-1] if self.rows else {}
        shown = ", ".join(
            f"{k}={v:.4g}"
            for k, v in last.items()
            if k not in ("epoch", "time") and isinstance(v, float)
        )
        return f"History({len(self)} epochs on {self.device}{'; last: ' + shown if shown else ''})"


_FIXED = {"epoch", "train_loss", "val_loss", "time"}
