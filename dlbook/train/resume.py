"""A Trainer's checkpoints: what it saves after an epoch and how a fit resumes from one.

Resuming restores the model, the optimizer, the history, the global random states and a
``TensorLoader``'s shuffling, so a compatible run continues bit for bit as if never stopped.
Before anything is loaded, the checkpoint's run record is compared with this run's
(``dlbook.train.run_record.compare_runs``): another model or optimizer class is refused,
changed settings warn.
"""

from __future__ import annotations

from dlbook.data.loader import TensorLoader
from dlbook.train.checkpoint import load_checkpoint, save_checkpoint
from dlbook.train.errors import CheckpointError
from dlbook.train.record import History
from dlbook.train.rng import rng_state, set_rng_state
from dlbook.train.run_record import compare_runs, describe_run


def run_of(trainer, model) -> dict:
    """The trainer's run with ``model`` as a plain dict (see ``describe_run``)."""
    return describe_run(
        model,
        trainer.optimizer,
        trainer.loss,
        batch_size=trainer.batch_size,
        seed=trainer.seed,
        grad_clip=trainer.grad_clip,
    )


def save(trainer, path, epoch: int, train=None) -> None:
    """Save the trainer's model, optimizer, history, config, run and random states."""
    rng = rng_state()
    if isinstance(train, TensorLoader):
        rng["loader"] = train.state_dict()
    save_checkpoint(
        path,
        trainer.model,
        trainer.optimizer,
        epoch,
        trainer.history,
        trainer.config(),
        rng=rng,
        run=run_of(trainer, trainer.model),
    )


def restore(trainer, path, model, train, choice: str | None) -> int:
    """Restore a checkpoint into the trainer's fit; return the number of epochs already done.

    ``choice`` is ``fit``'s ``hyperparameters``: ``"trainer"`` puts this optimizer's
    hyperparameters back after loading the saved optimizer state; ``"checkpoint"`` or ``None``
    keeps the saved ones (``None`` warns when they differ).
    """
    ckpt = load_checkpoint(path)
    done = ckpt["epoch"]
    if done > trainer.epochs:
        raise ValueError(
            f"checkpoint {path} has {done} epochs done but this trainer runs epochs="
            f"{trainer.epochs}; set epochs >= {done} to continue"
        )
    optimizer = trainer.optimizer
    before = [{k: v for k, v in g.items() if k != "params"} for g in optimizer.param_groups]
    changed = compare_runs(ckpt.get("run", {}), run_of(trainer, model), path, choice=choice)
    try:
        model.load_state_dict(ckpt["model"])
        if ckpt["optimizer"] is not None:
            optimizer.load_state_dict(ckpt["optimizer"])
    except (RuntimeError, ValueError, KeyError) as err:
        raise CheckpointError(
            f"checkpoint {path} does not fit this model or optimizer: {err}"
        ) from err
    if choice == "trainer":
        for group, name, _, _ in changed:
            optimizer.param_groups[group][name] = before[group][name]
    if ckpt["history"]:
        trainer.history = History.from_dict(ckpt["history"])
        trainer.history.device = str(trainer.device)
    set_rng_state(ckpt["rng"])
    if isinstance(train, TensorLoader) and "loader" in ckpt["rng"]:
        train.load_state_dict(ckpt["rng"]["loader"])
    return done
