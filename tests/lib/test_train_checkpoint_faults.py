"""Fault injection: a child process saving checkpoints in a loop is SIGKILLed at random moments.

After every kill the last checkpoint must load and be consistent (its weights are the step its
config names), and the temporary file a kill mid-write leaves must be gone after the next save.
Also the smaller promises of ``save_checkpoint``: NumPy values round-trip, stray temporary
files of other checkpoints are left alone.
"""

import os
import random
import signal
import sys
import time
import warnings

import numpy as np
import pytest
import torch
from torch import nn

from dlbook.train import load_checkpoint, save_checkpoint
from dlbook.train.checkpoint import remove_stale_temp_files

KILLS = 25


def _model(step: int) -> nn.Module:
    model = nn.Linear(256, 512)  # 0.5 MB of weights: a save takes long enough to be hit
    with torch.no_grad():
        for p in model.parameters():
            p.fill_(float(step))
    return model


def _save_forever(path, first_step: int) -> None:
    """The child: save step after step (weights filled with the step) until killed."""
    model = _model(first_step)
    deadline = time.monotonic() + 20  # never outlive a broken test
    step = first_step
    while time.monotonic() < deadline:
        with torch.no_grad():
            for p in model.parameters():
                p.fill_(float(step))
        save_checkpoint(path, model, epoch=step, config={"step": step})
        step += 1


def _fork_saver(path, first_step: int) -> int:
    with warnings.catch_warnings():  # torch's idle threads: fork is safe for this child
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            torch.set_num_threads(1)  # an OpenMP pool inherited through fork would deadlock
            _save_forever(path, first_step)
            code = 0
        finally:
            os._exit(code)
    return pid


def _temp_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork")
def test_sigkill_mid_save_never_loses_the_last_checkpoint(tmp_path):
    path = tmp_path / "run.pt"
    save_checkpoint(path, _model(0), epoch=0, config={"step": 0})
    rng = random.Random(14)
    kills_mid_write, rounds_that_saved = 0, 0
    for kill in range(KILLS):
        pid = _fork_saver(path, first_step=(kill + 1) * 1_000_000)
        time.sleep(rng.uniform(0.01, 0.3))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), f"kill {kill}: the child ended on its own ({status})"
        kills_mid_write += bool(_temp_files(tmp_path))

        checkpoint = load_checkpoint(path)  # whole, whatever the moment of the kill
        step = checkpoint["config"]["step"]
        rounds_that_saved += step >= (kill + 1) * 1_000_000  # the child got to save this round
        assert checkpoint["epoch"] == step
        for name, tensor in checkpoint["model"].items():
            assert torch.all(tensor == float(step)), f"kill {kill}: {name} is not step {step}"

        save_checkpoint(path, _model(step), epoch=step, config={"step": step})  # the next save
        assert _temp_files(tmp_path) == [], f"kill {kill}: debris survived the next save"
    assert rounds_that_saved >= KILLS // 2  # the children were saving, not stuck
    assert kills_mid_write >= KILLS // 4  # the kills did land mid-write, leaving temp files


def test_next_save_removes_only_its_own_stale_temp_files(tmp_path):
    ours = tmp_path / ".run.pt.abc123.tmp"
    theirs = tmp_path / ".other.pt.abc123.tmp"
    ours.write_bytes(b"half a checkpoint")
    theirs.write_bytes(b"another run's half checkpoint")
    save_checkpoint(tmp_path / "run.pt", _model(1))
    assert not ours.exists()
    assert theirs.exists()
    assert remove_stale_temp_files(tmp_path / "other.pt") == [theirs]


def test_numpy_values_round_trip_as_python_values(tmp_path):
    config = {
        "lr": np.float64(0.1),
        "width": np.int64(128),
        "shuffle": np.bool_(True),
        "scores": [np.float32(0.5), (np.int32(2), "two")],
        np.int64(3): "key from numpy",
    }
    path = save_checkpoint(tmp_path / "c.pt", _model(1), config=config)
    loaded = load_checkpoint(path)["config"]
    assert loaded == {
        "lr": 0.1,
        "width": 128,
        "shuffle": True,
        "scores": [0.5, (2, "two")],
        3: "key from numpy",
    }
    assert [type(loaded[k]) for k in ("lr", "width", "shuffle")] == [float, int, bool]
