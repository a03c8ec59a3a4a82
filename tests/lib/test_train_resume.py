"""Resuming a run: bit for bit where it can continue, warnings where settings changed.

Refusals (another model or optimizer class, other layers) are in test_train_bad_input.py.
"""

import warnings

import numpy as np
import pytest
import torch
from torch import nn

import dlbook
from dlbook.models import MLP
from dlbook.train import Callback, ResumeWarning, Trainer, load_checkpoint, save_checkpoint


@pytest.fixture(autouse=True)
def _cpu_one_thread(monkeypatch):
    monkeypatch.setenv("DLBOOK_DEVICE", "cpu")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _data(n=40, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 4, generator=g), torch.randint(0, 3, (n,), generator=g)


def _adam(params):
    return torch.optim.Adam(params, lr=0.01)


def _sgd(lr):
    return lambda params: torch.optim.SGD(params, lr=lr, momentum=0.9)


def _trainer(**kwargs):
    return Trainer(**({"epochs": 4, "batch_size": 8, "progress": False} | kwargs))


@pytest.mark.parametrize("optimizer", [_adam, _sgd(0.1)], ids=["adam", "sgd-momentum"])
def test_two_plus_two_epochs_equal_four_bit_for_bit(tmp_path, optimizer):
    data, val = _data(), _data(16, seed=1)
    straight = MLP(4, [16], 3, seed=0)
    full = _trainer(optimizer=optimizer).fit(straight, data, val=val)

    path = tmp_path / "run.pt"
    _trainer(optimizer=optimizer, epochs=2, checkpoint_path=path).fit(
        MLP(4, [16], 3, seed=0), data, val=val
    )
    torch.manual_seed(1234)  # another process would start from another global state
    resumed_model = MLP(4, [16], 3, seed=5)  # other initial weights: the checkpoint's win
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # same settings: no warning
        resumed = _trainer(optimizer=optimizer).fit(resumed_model, data, val=val, resume=path)

    assert resumed.to_dict() | {"time": None} == full.to_dict() | {"time": None}
    for (name, p), q in zip(straight.named_parameters(), resumed_model.parameters(), strict=True):
        assert torch.equal(p, q), name


def test_checkpoint_records_what_the_run_was(tmp_path):
    path = tmp_path / "run.pt"
    _trainer(optimizer=_sgd(0.1), epochs=1, seed=3, checkpoint_path=path).fit(
        MLP(4, [16], 3, activation="tanh", seed=0), _data()
    )
    run = load_checkpoint(path)["run"]
    assert run["model"]["class"] == "dlbook.models.mlp.MLP"
    assert "Tanh()" in run["model"]["layers"]
    assert run["model"]["parameters"]["linears.0.weight"] == {
        "shape": [16, 4],
        "dtype": "torch.float32",
    }
    assert run["optimizer"]["class"] == "torch.optim.sgd.SGD"
    assert run["optimizer"]["hyperparameters"][0]["lr"] == 0.1
    assert run["optimizer"]["hyperparameters"][0]["momentum"] == 0.9
    assert (run["loss"], run["batch_size"], run["seed"]) == ("CrossEntropyLoss()", 8, 3)
    assert run["versions"] == {"dlbook": dlbook.__version__, "torch": str(torch.__version__)}


def _saved_at_lr_0_1(tmp_path):
    path = tmp_path / "run.pt"
    _trainer(optimizer=_sgd(0.1), epochs=1, checkpoint_path=path).fit(
        MLP(4, [16], 3, seed=0), _data()
    )
    return path


def test_a_changed_learning_rate_warns_and_the_checkpoints_wins(tmp_path):
    path = _saved_at_lr_0_1(tmp_path)
    trainer = _trainer(optimizer=_sgd(0.05), epochs=2)
    with pytest.warns(ResumeWarning) as caught:
        trainer.fit(MLP(4, [16], 3, seed=0), _data(), resume=path)
    message = str(caught[0].message)
    assert "lr=0.05 here but 0.1 saved" in message
    assert "the checkpoint's values are used" in message
    assert "hyperparameters='trainer'" in message  # how to choose the other
    assert trainer.optimizer.param_groups[0]["lr"] == 0.1


@pytest.mark.parametrize(("choice", "lr"), [("trainer", 0.05), ("checkpoint", 0.1)])
def test_an_explicit_choice_of_hyperparameters_is_silent(tmp_path, choice, lr):
    path = _saved_at_lr_0_1(tmp_path)
    trainer = _trainer(optimizer=_sgd(0.05), epochs=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trainer.fit(MLP(4, [16], 3, seed=0), _data(), resume=path, hyperparameters=choice)
    assert trainer.optimizer.param_groups[0]["lr"] == lr
    assert trainer.optimizer.param_groups[0]["momentum"] == 0.9  # the rest as loaded


def test_unknown_hyperparameters_choice(tmp_path):
    with pytest.raises(ValueError, match="unknown hyperparameters 'mine'"):
        _trainer().fit(MLP(4, [16], 3, seed=0), _data(), hyperparameters="mine")


def test_changed_batch_size_seed_and_loss_warn_naming_each(tmp_path):
    path = _saved_at_lr_0_1(tmp_path)
    trainer = _trainer(
        optimizer=_sgd(0.1), epochs=2, batch_size=16, seed=1, loss=nn.NLLLoss(), progress=False
    )
    with pytest.warns(ResumeWarning) as caught:
        trainer.fit(MLP(4, [16], 3, seed=0), _data(), resume=path)
    message = str(caught[0].message)
    for words in (
        "batch_size=16 here but 8 saved",
        "seed=1 here but 0 saved",
        "loss='NLLLoss()' here but 'CrossEntropyLoss()' saved",
        "this trainer's values are used",
        "create the Trainer with batch_size=8, seed=0 and loss=CrossEntropyLoss()",
    ):
        assert words in message


def test_a_checkpoint_without_a_run_record_still_resumes(tmp_path):
    model = MLP(4, [16], 3, seed=0)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    path = save_checkpoint(tmp_path / "old.pt", model, opt, epoch=1)  # no run= (format 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = _trainer(optimizer=_sgd(0.5), epochs=2).fit(
            MLP(4, [16], 3, seed=1), _data(), resume=path
        )
    assert history["epoch"] == [2]


def test_numpy_values_logged_by_a_callback_save_and_resume(tmp_path):
    class LogsNumpy(Callback):
        def on_epoch_end(self, trainer, model, epoch, logs):
            logs["lr"] = np.float64(0.1)  # a float subclass: saved as a float
            logs["seen"] = np.int64(epoch + 1)

    path = tmp_path / "run.pt"
    _trainer(epochs=2, callbacks=[LogsNumpy()], checkpoint_path=path).fit(
        MLP(4, [16], 3, seed=0), _data()
    )
    history = load_checkpoint(path)["history"]
    assert history["lr"] == [0.1, 0.1]
    assert history["seen"] == [1, 2]
    assert type(history["seen"][0]) is int
    resumed = _trainer(epochs=3).fit(MLP(4, [16], 3, seed=0), _data(), resume=path)
    assert resumed["epoch"] == [1, 2, 3]
