"""What a run was, stored in its checkpoints, and the comparison a resumed run must pass.

``describe_run`` records the model (class, layers as printed, parameter names, shapes and
dtypes), the optimizer (class and hyperparameters per parameter group), the loss, the batch
size, the seed and the dlbook and torch versions. On resume, ``compare_runs`` refuses what
cannot continue (another model or optimizer class, other layers, shapes or dtypes) with a
``CheckpointMismatchError`` and warns (``ResumeWarning``) about changed settings, saying which
value is used and how to choose the other.
"""

from __future__ import annotations

import warnings

import torch

from dlbook.train.errors import CheckpointMismatchError, ResumeWarning

#: ``fit(..., hyperparameters=...)``: whose optimizer hyperparameters a resumed run uses.
HYPERPARAMETER_CHOICES = ("checkpoint", "trainer")


def describe_run(model, optimizer, loss, *, batch_size: int, seed: int, grad_clip) -> dict:
    """The run as plain Python (stored as a checkpoint's ``"run"``)."""
    import dlbook  # noqa: PLC0415 - the package's version, read when a run is described

    return {
        "model": {
            "class": _qualname(model),
            "layers": repr(model),
            "parameters": {
                name: {"shape": list(p.shape), "dtype": str(p.dtype)}
                for name, p in model.named_parameters()
            },
        },
        "optimizer": None
        if optimizer is None
        else {"class": _qualname(optimizer), "hyperparameters": hyperparameters(optimizer)},
        "loss": repr(loss),
        "batch_size": batch_size,
        "seed": seed,
        "grad_clip": grad_clip,
        "versions": {"dlbook": dlbook.__version__, "torch": str(torch.__version__)},
    }


def hyperparameters(optimizer) -> list[dict]:
    """Each parameter group's settings (``lr``, ``momentum``, ...) without its parameters."""
    return [
        {k: _plain(v) for k, v in group.items() if k != "params"}
        for group in optimizer.param_groups
    ]


def compare_runs(saved: dict, now: dict, path, *, choice: str | None) -> list[tuple]:
    """Refuse or warn where the run ``now`` differs from the checkpoint's ``saved`` run.

    Returns the optimizer hyperparameters that differ, as ``(group, name, saved, now)``, for
    the caller to apply (``choice="trainer"``) or leave as loaded (``"checkpoint"`` or None).
    ``saved`` is empty for checkpoints written before runs were recorded: nothing is compared.
    """
    if not saved:
        return []
    _refuse_other_model(saved["model"], now["model"], path)
    old_opt, new_opt = saved.get("optimizer"), now.get("optimizer")
    if old_opt and new_opt and old_opt["class"] != new_opt["class"]:
        raise CheckpointMismatchError(
            f"checkpoint {path} was trained with {old_opt['class']}, this run builds "
            f"{new_opt['class']}: an optimizer's state does not carry over to another kind; "
            f"resume with {old_opt['class'].rsplit('.', 1)[-1]}, or start a new run without "
            "resume="
        )
    changed = []
    if old_opt and new_opt and len(old_opt["hyperparameters"]) == len(new_opt["hyperparameters"]):
        for i, (old, new) in enumerate(
            zip(old_opt["hyperparameters"], new_opt["hyperparameters"], strict=True)
        ):
            changed += [(i, k, old[k], new[k]) for k in old if k in new and old[k] != new[k]]
    if changed and choice is None:
        listed = ", ".join(f"{k}={new!r} here but {old!r} saved" for _, k, old, new in changed)
        warnings.warn(
            f"resuming from {path}: the optimizer's {listed}; the checkpoint's values are used "
            "(resuming continues the saved run). To use this optimizer's values instead, call "
            "fit(..., resume=path, hyperparameters='trainer'); hyperparameters='checkpoint' "
            "keeps the saved ones without this warning",
            ResumeWarning,
            stacklevel=4,
        )
    settings = [
        (key, saved.get(key), now[key])
        for key in ("loss", "batch_size", "seed", "grad_clip")
        if key in saved and saved[key] != now[key]
    ]
    if settings:
        listed = ", ".join(f"{k}={new!r} here but {old!r} saved" for k, old, new in settings)
        wanted = ", ".join(f"{k}={old!r}" for k, old, _ in settings if k != "loss")
        warnings.warn(
            f"resuming from {path}: this trainer's {listed}; this trainer's values are used, "
            "so the run will not match an uninterrupted one. To continue exactly as saved, "
            f"create the Trainer with {wanted or 'the saved settings'}"
            + (f" and loss={saved['loss']}" if any(k == "loss" for k, _, _ in settings) else ""),
            ResumeWarning,
            stacklevel=4,
        )
    return changed


def _refuse_other_model(old: dict, new: dict, path) -> None:
    if old["class"] != new["class"]:
        raise CheckpointMismatchError(
            f"checkpoint {path} holds a {old['class']}, not a {new['class']}; resume into the "
            "model class that wrote it, or start a new run without resume="
        )
    if old["parameters"] != new["parameters"]:
        before, after = old["parameters"], new["parameters"]
        diffs = [
            f"{name}: saved {_param(before.get(name))}, here {_param(after.get(name))}"
            for name in dict.fromkeys([*before, *after])
            if before.get(name) != after.get(name)
        ]
        raise CheckpointMismatchError(
            f"checkpoint {path} does not fit this model's parameters ({'; '.join(diffs[:4])}"
            f"{'; ...' if len(diffs) > 4 else ''}); build the model as it was saved"
        )
    if old["layers"] != new["layers"]:
        saved_lines, here_lines = old["layers"].splitlines(), new["layers"].splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(saved_lines, here_lines, strict=False)) if a != b),
            min(len(saved_lines), len(here_lines)),
        )
        saved_line = saved_lines[first].strip() if first < len(saved_lines) else "(nothing)"
        here_line = here_lines[first].strip() if first < len(here_lines) else "(nothing)"
        raise CheckpointMismatchError(
            f"checkpoint {path} was written by a model with other layers, though its "
            f"parameters have the same shapes: saved {saved_line!r}, here {here_line!r}; "
            "build the model as it was saved (same activation, dropout, ...)"
        )


def _param(entry) -> str:
    return "nothing" if entry is None else f"{tuple(entry['shape'])} {entry['dtype']}"


def _qualname(obj) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _plain(value):
    if isinstance(value, torch.Tensor):
        return value.item() if value.numel() == 1 else value.tolist()
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return repr(value)
