"""Tests for dlbook.train.checkpoint: plain-dict checkpoints, atomic writes, clear read errors."""

import random

import numpy as np
import pytest
import torch
from torch import nn

from dlbook.train import (
    CheckpointError,
    CheckpointPathError,
    History,
    load_checkpoint,
    save_checkpoint,
)
from dlbook.train.checkpoint import rng_state, set_rng_state


def _model_and_optimizer():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss = nn.functional.cross_entropy(model(torch.randn(5, 3)), torch.tensor([0, 1, 0, 1, 1]))
    loss.backward()
    opt.step()  # creates momentum buffers, so the optimizer state is not empty
    return model, opt


def _history():
    return History([{"epoch": 1, "train_loss": 0.5, "time": 0.1}], device="cpu")


def test_round_trip(tmp_path):
    model, opt = _model_and_optimizer()
    path = save_checkpoint(
        tmp_path / "ck.pt",
        model,
        opt,
        3,
        _history(),
        {"lr": 0.1, "layers": [3, 4, 2]},
        extra={"note": "hi"},
    )
    assert path == tmp_path / "ck.pt"
    ck = load_checkpoint(path)
    assert ck["format"] == "dlbook.checkpoint"
    assert ck["epoch"] == 3
    assert ck["history"] == _history().to_dict()
    assert ck["config"] == {"lr": 0.1, "layers": [3, 4, 2]}
    assert ck["extra"] == {"note": "hi"}
    for key, value in model.state_dict().items():
        assert torch.equal(ck["model"][key], value)
    fresh, fresh_opt = _model_and_optimizer()
    fresh_opt.load_state_dict(ck["optimizer"])
    buf = opt.state[next(iter(model.parameters()))]["momentum_buffer"]
    assert torch.equal(fresh_opt.state[next(iter(fresh.parameters()))]["momentum_buffer"], buf)
    # the file is readable by plain torch with weights_only=True (no pickled code)
    assert torch.load(path, weights_only=True)["epoch"] == 3
    assert [p.name for p in tmp_path.iterdir()] == ["ck.pt"]  # no temp file left behind


def test_overwrite_replaces(tmp_path):
    model, opt = _model_and_optimizer()
    save_checkpoint(tmp_path / "ck.pt", model, opt, 1)
    save_checkpoint(tmp_path / "ck.pt", model, opt, 2)
    assert load_checkpoint(tmp_path / "ck.pt")["epoch"] == 2
    assert len(list(tmp_path.iterdir())) == 1


def test_crash_mid_write_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    model, opt = _model_and_optimizer()
    path = tmp_path / "ck.pt"
    save_checkpoint(path, model, opt, 1)
    before = path.read_bytes()
    real_save = torch.save

    def crashing_save(obj, f, *args, **kwargs):
        real_save(obj, f, *args, **kwargs)
        f.truncate(100)  # half-written file in the temp location ...
        raise OSError("disk full")  # ... then the write dies

    monkeypatch.setattr(torch, "save", crashing_save)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, model, opt, 2)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert load_checkpoint(path)["epoch"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["ck.pt"]


def test_truncated_file(tmp_path):
    model, opt = _model_and_optimizer()
    path = save_checkpoint(tmp_path / "ck.pt", model, opt, 1)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match=r"ck\.pt is truncated or corrupt"):
        load_checkpoint(path)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"epoch,loss\n1,0.5\n", r"not a checkpoint: the file starts with b'epoc'"),
        (b"", "is empty"),
    ],
)
def test_not_a_torch_file(tmp_path, content, match):
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match=match) as info:
        load_checkpoint(path)
    assert str(path) in str(info.value)


def test_foreign_torch_files(tmp_path):
    weights = tmp_path / "weights.pt"
    torch.save({"weight": torch.ones(2)}, weights)  # a plain state dict, not a checkpoint
    with pytest.raises(CheckpointError, match=r"not a dlbook checkpoint.*keys \['weight'\]"):
        load_checkpoint(weights)
    tensor = tmp_path / "tensor.pt"
    torch.save(torch.ones(2), tensor)
    with pytest.raises(CheckpointError, match="got Tensor"):
        load_checkpoint(tensor)
    pickled = tmp_path / "module.pt"
    torch.save(nn.Linear(2, 2), pickled)  # a whole pickled module: weights_only refuses it
    with pytest.raises(CheckpointError, match="refusing to unpickle"):
        load_checkpoint(pickled)


def test_newer_format_version(tmp_path):
    path = tmp_path / "ck.pt"
    torch.save({"format": "dlbook.checkpoint", "version": 99}, path)
    with pytest.raises(CheckpointError, match="version 99"):
        load_checkpoint(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="no checkpoint at"):
        load_checkpoint(tmp_path / "absent.pt")
    model, _ = _model_and_optimizer()
    with pytest.raises(CheckpointPathError, match="no directory"):
        save_checkpoint(tmp_path / "absent" / "ck.pt", model)


def test_rejects_what_weights_only_could_not_load(tmp_path):
    model, _ = _model_and_optimizer()
    with pytest.raises(TypeError, match=r"config\['fn'\] is a function"):
        save_checkpoint(tmp_path / "ck.pt", model, config={"fn": lambda: 0})
    with pytest.raises(TypeError, match=r"extra\['x'\] is a ndarray"):
        save_checkpoint(tmp_path / "ck.pt", model, extra={"x": np.zeros(2)})
    with pytest.raises(TypeError, match="keys must be str or int"):
        save_checkpoint(tmp_path / "ck.pt", model, config={(1, 2): 3})
    assert list(tmp_path.iterdir()) == []


def test_rng_state_round_trip():
    state = rng_state()
    expected = (torch.rand(3), random.random(), np.random.rand(2))  # noqa: NPY002
    random.random(), torch.rand(7), np.random.rand(5)  # noqa: NPY002 - move all streams on
    set_rng_state(state)
    assert torch.equal(torch.rand(3), expected[0])
    assert random.random() == expected[1]
    assert np.array_equal(np.random.rand(2), expected[2])  # noqa: NPY002


def test_rng_state_survives_a_file(tmp_path):
    model, _ = _model_and_optimizer()
    path = save_checkpoint(tmp_path / "ck.pt", model)
    expected = torch.rand(4), random.random()
    torch.rand(10)
    set_rng_state(load_checkpoint(path)["rng"])
    assert torch.equal(torch.rand(4), expected[0])
    assert random.random() == expected[1]
