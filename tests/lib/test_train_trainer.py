"""Tests for dlbook.train.Trainer: a hand-written loop's numbers, callbacks, resume, errors."""

import copy
import io
import sys
import types

import pytest
import torch
from torch import nn

from dlbook import metrics
from dlbook.data.loader import TensorLoader
from dlbook.seed import seed_everything
from dlbook.train import Callback, CheckpointError, Trainer, TrainingDivergedError
from dlbook.train.callbacks import bound_hooks
from dlbook.train.trainer import show_progress


@pytest.fixture(autouse=True)
def _cpu_one_thread(monkeypatch):
    monkeypatch.setenv("DLBOOK_DEVICE", "cpu")
    monkeypatch.delenv("DLBOOK_PROGRESS", raising=False)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: threads only add contention on a shared machine
    yield
    torch.set_num_threads(threads)


def _data(n=40, d=4, classes=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g)
    return X, torch.randint(0, classes, (n,), generator=g)


def _model(d=4, classes=3, dropout=0.0, seed=1):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(d, 8), nn.Tanh(), nn.Dropout(dropout), nn.Linear(8, classes))


def _sgd(params):
    return torch.optim.SGD(params, lr=0.2, momentum=0.9)


class Recorder(Callback):
    """Records every hook call as a tuple."""

    def __init__(self):
        self.calls = []

    def on_fit_start(self, trainer, model):
        self.calls.append(("fit_start",))

    def on_epoch_start(self, trainer, model, epoch):
        self.calls.append(("epoch_start", epoch))

    def on_after_backward(self, trainer, model, batch):
        grads = [p.grad for p in model.parameters()]
        self.calls.append(("after_backward", batch, all(g is not None for g in grads)))

    def on_batch_end(self, trainer, model, batch, loss):
        self.calls.append(("batch_end", batch, loss))

    def on_epoch_end(self, trainer, model, epoch, logs):
        self.calls.append(("epoch_end", epoch, dict(logs)))

    def on_fit_end(self, trainer, model, history):
        self.calls.append(("fit_end", len(history)))


def _hand_loop(model, X, y, *, epochs, batch_size, seed, grad_clip=None):
    """The loop of any PyTorch tutorial, seeded as the trainer seeds itself."""
    seed_everything(seed)
    loader = TensorLoader(X, y, batch_size, seed=seed)
    opt = _sgd(model.parameters())
    batch_losses, epoch_losses = [], []
    for _ in range(epochs):
        model.train()
        total, n = 0.0, 0
        for xb, yb in loader:
            loss = nn.functional.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            if grad_clip is not None:
                nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
            opt.step()
            batch_losses.append(loss.item())
            total += loss.item() * len(yb)
            n += len(yb)
        epoch_losses.append(total / n)
    return batch_losses, epoch_losses


@pytest.mark.parametrize("grad_clip", [None, 0.05])
def test_same_numbers_as_a_hand_written_loop(grad_clip):
    X, y = _data()
    model = _model(dropout=0.3)
    by_hand = copy.deepcopy(model)
    rec = Recorder()
    trainer = Trainer(
        _sgd, epochs=3, batch_size=16, seed=7, grad_clip=grad_clip, callbacks=[rec], progress=False
    )
    history = trainer.fit(model, (X, y))
    batch_losses, epoch_losses = _hand_loop(
        by_hand, X, y, epochs=3, batch_size=16, seed=7, grad_clip=grad_clip
    )
    assert [c[2] for c in rec.calls if c[0] == "batch_end"] == batch_losses
    assert history["train_loss"] == epoch_losses
    for p, q in zip(model.parameters(), by_hand.parameters(), strict=True):
        assert torch.equal(p, q)


def test_same_seed_same_run_other_seed_other_run():
    X, y = _data()
    runs = [
        Trainer(_sgd, epochs=2, batch_size=8, seed=s, progress=False).fit(_model(), (X, y))
        for s in (0, 0, 1)
    ]
    assert runs[0]["train_loss"] == runs[1]["train_loss"]
    assert runs[0]["train_loss"] != runs[2]["train_loss"]  # another shuffle


def test_train_accuracy_is_counted_over_the_epoch():
    X, y = _data()
    model = _model()
    seen = []

    class Snoop(Callback):
        def on_epoch_start(self, trainer, model, epoch):
            seen.clear()

        def on_batch_end(self, trainer, model, batch, loss):
            seen.append(batch)

    # lr=0 keeps the model fixed, so the running accuracy equals the accuracy on all the data
    trainer = Trainer(
        lambda p: torch.optim.SGD(p, lr=0.0),
        epochs=1,
        batch_size=16,
        callbacks=[Snoop()],
        progress=False,
    )
    history = trainer.fit(model, (X, y))
    correct = (model(X).argmax(1) == y).sum().item()
    assert history["train_accuracy"][0] == correct / 40
    assert seen == [0, 1, 2]


def test_callbacks_called_in_order_with_counts():
    X, y = _data(n=20)
    rec = Recorder()
    Trainer(_sgd, epochs=2, batch_size=8, callbacks=[rec], progress=False).fit(
        _model(), (X, y), val=(X, y)
    )
    names = [c[0] for c in rec.calls]
    per_epoch = ["epoch_start"] + ["after_backward", "batch_end"] * 3 + ["epoch_end"]
    assert names == ["fit_start", *per_epoch, *per_epoch, "fit_end"]
    assert [c[1] for c in rec.calls if c[0] == "epoch_start"] == [0, 1]
    assert [c[1] for c in rec.calls if c[0] == "batch_end"] == [0, 1, 2, 0, 1, 2]
    assert all(c[2] for c in rec.calls if c[0] == "after_backward")  # gradients are there
    assert all(isinstance(c[2], float) for c in rec.calls if c[0] == "batch_end")
    logs = [c[2] for c in rec.calls if c[0] == "epoch_end"]
    assert [row["epoch"] for row in logs] == [1, 2]
    assert set(logs[0]) == {
        "epoch",
        "train_loss",
        "train_accuracy",
        "val_loss",
        "val_accuracy",
        "time",
    }
    assert rec.calls[-1] == ("fit_end", 2)


def test_callbacks_keep_their_given_order_and_base_hooks_are_skipped():
    order = []

    class A(Callback):
        def on_epoch_end(self, trainer, model, epoch, logs):
            order.append("a")

    class B(Callback):
        def on_epoch_end(self, trainer, model, epoch, logs):
            order.append("b")

    trainer = Trainer(epochs=1, callbacks=[B(), Callback(), A()], progress=False)
    trainer.fit(_model(), _data())
    assert order == ["b", "a"]
    assert (
        bound_hooks(trainer.callbacks)["on_batch_end"] == []
    )  # nothing overrides it: no per-batch calls


def test_a_callback_can_add_a_column():
    class LearningRate(Callback):
        def on_epoch_end(self, trainer, model, epoch, logs):
            logs["lr"] = trainer.optimizer.param_groups[0]["lr"]

    history = Trainer(epochs=2, callbacks=[LearningRate()], progress=False).fit(_model(), _data())
    assert history.to_dict()["lr"] == [0.1, 0.1]


def test_a_callback_can_stop_training():
    class StopAfterTwo(Callback):
        def on_epoch_end(self, trainer, model, epoch, logs):
            trainer.stop_training = epoch == 1

    history = Trainer(epochs=10, callbacks=[StopAfterTwo()], progress=False).fit(_model(), _data())
    assert history["epoch"] == [1, 2]


def test_resume_reproduces_the_uninterrupted_run_exactly(tmp_path):
    X, y = _data(n=50)
    Xv, yv = _data(n=20, seed=5)
    model = _model(dropout=0.5)  # dropout draws from the global RNG: it must be restored too
    first_half = copy.deepcopy(model)

    full = Trainer(_sgd, epochs=4, batch_size=16, progress=False).fit(model, (X, y), val=(Xv, yv))

    path = tmp_path / "run.pt"
    Trainer(_sgd, epochs=2, batch_size=16, checkpoint_path=path, progress=False).fit(
        first_half, (X, y), val=(Xv, yv)
    )
    torch.manual_seed(123)  # a fresh process would start from another state
    fresh = _model(dropout=0.5, seed=99)
    resumed = Trainer(_sgd, epochs=4, batch_size=16, checkpoint_path=path, progress=False).fit(
        fresh, (X, y), val=(Xv, yv), resume=path
    )

    assert resumed["epoch"] == [1, 2, 3, 4]
    for key in ("train_loss", "val_loss", "train_accuracy", "val_accuracy"):
        assert resumed[key] == full[key], key
    for p, q in zip(model.parameters(), fresh.parameters(), strict=True):
        assert torch.equal(p, q)


def test_resume_with_a_torch_dataloader_is_exact(tmp_path):
    X, y = _data(n=30)
    data = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(X, y), batch_size=8, shuffle=True
    )  # its shuffle draws on the global RNG
    full = Trainer(_sgd, epochs=3, progress=False).fit(_model(dropout=0.2), data)
    path = tmp_path / "run.pt"
    Trainer(_sgd, epochs=1, checkpoint_path=path, progress=False).fit(_model(dropout=0.2), data)
    resumed = Trainer(_sgd, epochs=3, progress=False).fit(
        _model(seed=3, dropout=0.2), data, resume=path
    )
    assert resumed["train_loss"] == full["train_loss"]


def test_checkpoint_every(tmp_path, monkeypatch):
    saved = []
    monkeypatch.setattr(
        Trainer, "save_checkpoint", lambda self, path, epoch, train=None: saved.append(epoch)
    )
    Trainer(epochs=5, checkpoint_path=tmp_path / "c.pt", checkpoint_every=2, progress=False).fit(
        _model(), _data()
    )
    assert saved == [2, 4, 5]


def test_resume_errors(tmp_path):
    X, y = _data()
    path = tmp_path / "run.pt"
    Trainer(epochs=3, checkpoint_path=path, progress=False).fit(_model(), (X, y))
    with pytest.raises(ValueError, match="3 epochs done but this trainer runs epochs=2"):
        Trainer(epochs=2, progress=False).fit(_model(), (X, y), resume=path)
    wider = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 3))
    with pytest.raises(CheckpointError, match=r"run\.pt does not fit this model"):
        Trainer(epochs=4, progress=False).fit(wider, (X, y), resume=path)
    with pytest.raises(FileNotFoundError, match="no checkpoint"):
        Trainer(epochs=4, progress=False).fit(_model(), (X, y), resume=tmp_path / "none.pt")


def test_resume_at_the_end_returns_the_stored_history(tmp_path):
    X, y = _data()
    path = tmp_path / "run.pt"
    done = Trainer(epochs=2, checkpoint_path=path, progress=False).fit(_model(), (X, y))
    again = Trainer(epochs=2, progress=False).fit(_model(), (X, y), resume=path)
    assert again["train_loss"] == done["train_loss"]


class NanOnCall(nn.Module):
    """Cross-entropy that turns NaN on its ``bad``-th call (1-based)."""

    def __init__(self, bad):
        super().__init__()
        self.bad, self.calls = bad, 0

    def forward(self, out, y):
        self.calls += 1
        loss = nn.functional.cross_entropy(out, y)
        return loss * float("nan") if self.calls == self.bad else loss


def test_nan_loss_stops_before_the_step_naming_epoch_and_batch():
    X, y = _data(n=40)  # 3 batches of 16 per epoch
    model = _model()
    snapshots = []

    class Snapshot(Callback):
        def on_batch_end(self, trainer, model, batch, loss):
            snapshots.append([p.detach().clone() for p in model.parameters()])

    trainer = Trainer(
        _sgd, loss=NanOnCall(bad=5), epochs=3, batch_size=16, callbacks=[Snapshot()], progress=False
    )
    with pytest.raises(TrainingDivergedError, match=r"epoch 2 of 3, batch 2 of 3") as info:
        trainer.fit(model, (X, y))
    assert isinstance(info.value, FloatingPointError)
    assert (info.value.epoch, info.value.batch) == (2, 2)
    assert "Lower the learning rate (now lr=0.2)" in str(info.value)
    assert len(snapshots) == 4
    for p, q in zip(model.parameters(), snapshots[-1], strict=True):
        assert torch.equal(p, q)  # the NaN batch did not touch the weights


def test_a_too_large_learning_rate_diverges_loudly():
    g = torch.Generator().manual_seed(0)
    X, y = torch.randn(32, 4, generator=g) * 100, torch.randn(32, 1, generator=g)
    trainer = Trainer(
        lambda p: torch.optim.SGD(p, lr=1e3),
        loss=nn.MSELoss(),
        epochs=50,
        metrics=(),
        progress=False,
    )
    with pytest.raises(TrainingDivergedError, match=r"training loss is (nan|inf)"):
        trainer.fit(nn.Sequential(nn.Linear(4, 1)), (X, y))


def test_accepts_loaders_lists_and_tuples_alike():
    X, y = _data(n=24)
    batches = [(X[i : i + 8], y[i : i + 8]) for i in range(0, 24, 8)]
    dataloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=8)
    losses = [
        Trainer(_sgd, epochs=2, progress=False).fit(_model(), data)["train_loss"]
        for data in (batches, dataloader, TensorLoader(X, y, 8, shuffle=False))
    ]
    assert losses[0] == losses[1] == losses[2]


def test_an_optimizer_object_works_like_a_factory():
    X, y = _data()
    a, b = _model(), _model()
    ha = Trainer(_sgd(a.parameters()), epochs=2, progress=False).fit(a, (X, y))
    hb = Trainer(_sgd, epochs=2, progress=False).fit(b, (X, y))
    assert ha["train_loss"] == hb["train_loss"]
    with pytest.raises(ValueError, match="not this model's"):
        Trainer(_sgd(a.parameters()), progress=False).fit(_model(), (X, y))


@pytest.mark.parametrize("optimizer", [None, _sgd])
def test_one_trainer_fits_two_models_alike(optimizer):
    X, y = _data()
    trainer = Trainer(optimizer, epochs=2, progress=False)
    first = trainer.fit(_model(), (X, y))["train_loss"]
    assert trainer.fit(_model(), (X, y))["train_loss"] == first


def test_default_optimizer_is_sgd_lr_0_1():
    X, y = _data()
    a, b = _model(), _model()
    h_default = Trainer(epochs=2, progress=False).fit(a, (X, y))
    h_sgd = Trainer(lambda p: torch.optim.SGD(p, lr=0.1), epochs=2, progress=False).fit(b, (X, y))
    assert h_default["train_loss"] == h_sgd["train_loss"]


def test_evaluate_and_predict():
    X, y = _data(n=30)
    model = _model(dropout=0.5)
    trainer = Trainer(batch_size=7, progress=False)
    model.train()
    scores = trainer.evaluate(model, (X, y))
    assert model.training  # evaluate restores the mode
    model.eval()
    with torch.no_grad():
        out = model(X)
    assert scores["loss"] == pytest.approx(nn.functional.cross_entropy(out, y).item(), rel=1e-6)
    assert scores["accuracy"] == (out.argmax(1) == y).sum().item() / 30
    model.train()
    pred = trainer.predict(model, X)
    assert torch.allclose(pred, out, atol=1e-6)  # eval mode: dropout off
    assert pred.device.type == "cpu"
    assert torch.allclose(
        trainer.predict(model, TensorLoader(X, y, 4, shuffle=False)), out, atol=1e-6
    )
    assert torch.allclose(trainer.predict(model, (X, y)), out, atol=1e-6)
    assert torch.allclose(trainer.predict(model, X.numpy()), out, atol=1e-6)


def test_custom_metric_and_binary_logit():
    X, y = _data(n=32, classes=2)

    def error_rate(out, y):
        return (out.argmax(1) != y).float().mean()

    history = Trainer(metrics=("accuracy", error_rate), epochs=1, progress=False).fit(
        _model(classes=2), (X, y), val=(X, y)
    )
    assert history["val_accuracy"][0] + history["val_error_rate"][0] == pytest.approx(1.0)
    binary = nn.Sequential(nn.Linear(4, 1), nn.Flatten(0))  # one logit per sample, (B,)
    trainer = Trainer(loss=nn.BCEWithLogitsLoss(), epochs=1, progress=False)
    scores = trainer.evaluate(binary, (X, y.float()))
    with torch.no_grad():
        expected = ((binary(X) > 0).long() == y).sum().item() / 32
    assert scores["accuracy"] == expected


def test_top5_accuracy_counts_labels_among_the_five_best_scores():
    X, y = _data(n=30, classes=8)
    model = _model(classes=8)
    scores = Trainer(metrics=("top5_accuracy", "accuracy"), progress=False).evaluate(model, (X, y))
    with torch.no_grad():
        ranks = (model(X) > model(X).gather(1, y[:, None])).sum(1)  # classes scored higher
    assert scores["top5_accuracy"] == (ranks < 5).sum().item() / 30
    assert scores["top5_accuracy"] >= scores["accuracy"]
    with pytest.raises(ValueError, match="C >= 5"):
        Trainer(metrics=("top5_accuracy",), progress=False).evaluate(_model(), _data())


def test_top5_accuracy_is_metrics_top_k_accuracy_ties_included():
    g = torch.Generator().manual_seed(0)
    X = torch.randint(0, 2, (40, 3), generator=g).float()  # 0/1 inputs ...
    y = torch.randint(0, 8, (40,), generator=g)
    model = nn.Linear(3, 8, bias=False)
    with torch.no_grad():  # ... and 0/1 weights: scores are small integers, full of ties
        model.weight.copy_(torch.randint(0, 2, (8, 3), generator=g).float())
    with torch.no_grad():
        scores = model(X)
    ties = (scores == scores.gather(1, y[:, None])).sum(1) > 1
    assert ties.sum() > 10  # the case where the two definitions used to disagree
    expected = metrics.top_k_accuracy(scores, y, k=5)
    trainer = Trainer(
        lambda p: torch.optim.SGD(p, lr=0.0),  # lr 0: the recorded epoch sees these scores
        metrics=("top5_accuracy",),
        batch_size=16,  # three batches, the last one short
        epochs=1,
        progress=False,
    )
    assert trainer.evaluate(model, (X, y))["top5_accuracy"] == expected
    assert trainer.fit(model, (X, y))["train_top5_accuracy"] == [expected]


def test_regression_records_no_accuracy_unless_asked():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(20, 3, generator=g)
    Y = X @ torch.tensor([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    history = Trainer(loss=nn.MSELoss(), epochs=30, progress=False).fit(nn.Linear(3, 2), (X, Y))
    assert history.columns() == ["epoch", "train_loss", "time"]  # no meaningless accuracy
    assert history["train_loss"][-1] < history["train_loss"][0] / 10
    with pytest.raises(ValueError, match="accuracy needs one class label"):
        Trainer(loss=nn.MSELoss(), metrics=("accuracy",), epochs=1, progress=False).fit(
            nn.Linear(3, 2), (X, Y)
        )


@pytest.mark.parametrize(
    ("loss", "expected"),
    [
        (nn.CrossEntropyLoss(), ["accuracy"]),
        (nn.NLLLoss(), ["accuracy"]),
        (nn.BCEWithLogitsLoss(), ["accuracy"]),
        (nn.BCELoss(), ["accuracy"]),
        (nn.functional.cross_entropy, ["accuracy"]),
        (nn.MSELoss(), []),
        (nn.L1Loss(), []),
        (nn.HuberLoss(), []),
        (nn.functional.mse_loss, []),
    ],
)
def test_default_metrics_fit_the_loss(loss, expected):
    assert list(Trainer(loss=loss).metrics) == expected


def test_bce_probability_accuracy_thresholds_at_one_half():
    X = torch.tensor([[0.2], [0.4], [0.6], [0.9]])
    y = torch.tensor([[0.0], [1.0], [1.0], [1.0]])
    model = nn.Sequential(nn.Identity())
    model.register_parameter("unused", nn.Parameter(torch.zeros(1)))
    scores = Trainer(loss=nn.BCELoss(), progress=False).evaluate(model, (X, y))
    assert scores["accuracy"] == 0.75  # 0.4 -> class 0 is the one mistake


def test_device_auto_honours_the_environment():
    trainer = Trainer(progress=False)
    assert trainer.device == torch.device("cpu")
    X, y = _data()
    model = _model()
    assert trainer.fit(model, (X, y)).device == "cpu"
    assert next(model.parameters()).device.type == "cpu"


def test_invalid_device_environment(monkeypatch):
    monkeypatch.setenv("DLBOOK_DEVICE", "gpu-please")
    with pytest.raises(ValueError, match="DLBOOK_DEVICE='gpu-please' is not a device"):
        Trainer()


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_cuda_request_without_cuda():
    with pytest.raises(RuntimeError, match="no CUDA device"):
        Trainer(device="cuda")


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_fit_on_cuda_keeps_data_on_the_device():
    X, y = _data()
    trainer = Trainer(device="cuda", epochs=2, progress=False)
    model = _model()
    history = trainer.fit(model, (X, y))
    assert history.device.startswith("cuda")
    assert next(model.parameters()).is_cuda
    assert trainer.predict(model, X).device.type == "cpu"


def test_progress_silent_when_not_a_tty(capsys):
    Trainer(epochs=2).fit(_model(), _data())
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_progress_forced_on_and_by_environment(capsys, monkeypatch):
    Trainer(epochs=2, batch_size=16, progress=True).fit(_model(), _data())
    err = capsys.readouterr().err
    assert "fit" in err
    assert "6/6" in err  # 3 batches x 2 epochs
    monkeypatch.setenv("DLBOOK_PROGRESS", "1")
    Trainer(epochs=1, batch_size=16).fit(_model(), _data())
    assert "3/3" in capsys.readouterr().err
    monkeypatch.setenv("DLBOOK_PROGRESS", "0")
    Trainer(epochs=1, progress=None).fit(_model(), _data())
    assert capsys.readouterr().err == ""


def test_show_progress_rules(monkeypatch):
    class FakeTTY(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", FakeTTY())
    assert show_progress() is True
    assert show_progress(False) is False
    monkeypatch.setitem(sys.modules, "sphinx_gallery", types.ModuleType("sphinx_gallery"))
    assert show_progress() is False  # executing inside a docs build
    monkeypatch.setenv("DLBOOK_PROGRESS", "1")
    assert show_progress() is True
    monkeypatch.setenv("DLBOOK_PROGRESS", "maybe")
    with pytest.raises(ValueError, match="DLBOOK_PROGRESS='maybe'"):
        show_progress()


def test_labels_out_of_range_name_labels_and_outputs():
    X, _ = _data(n=20)
    y = torch.arange(20) % 5  # labels 0..4
    with pytest.raises(ValueError, match=r"labels run from 0 to 4 but the model gives 3 outputs"):
        Trainer(epochs=1, progress=False).fit(_model(classes=3), (X, y))
    with pytest.raises(ValueError, match=r"val batch 1: labels run from 0 to 4"):
        Trainer(epochs=1, progress=False).fit(_model(classes=3), (X, y % 3), val=(X, y))
    with pytest.raises(ValueError, match=r"labels run from -1 to"):
        Trainer(epochs=1, progress=False).fit(_model(classes=3), (X, y - 1))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"epochs": 0}, ValueError, "epochs must be at least 1, got 0"),
        ({"epochs": -2}, ValueError, "epochs must be at least 1"),
        ({"epochs": 2.5}, TypeError, "epochs must be an int"),
        ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
        ({"seed": -1}, ValueError, "seed must be at least 0, got -1"),
        ({"seed": 1.5}, TypeError, "seed must be an int"),
        ({"seed": None}, TypeError, "seed must be an int"),
        ({"checkpoint_every": 0}, ValueError, "checkpoint_every must be at least 1"),
        ({"grad_clip": -1.0}, ValueError, "grad_clip must be >= 0"),
        ({"grad_clip": 0}, ValueError, "grad_clip must be a positive number"),
        ({"optimizer": "sgd"}, TypeError, "optimizer must be a torch optimizer or a factory"),
        ({"loss": "mse"}, TypeError, "loss must be a loss object"),
        ({"metrics": ("f1",)}, ValueError, "unknown metric 'f1'"),
        ({"metrics": (3,)}, TypeError, "metrics must be names"),
        ({"callbacks": [Recorder]}, TypeError, "callbacks must be Callback instances"),
        ({"callbacks": [42]}, TypeError, "callbacks must be Callback instances"),
        ({"progress": "yes"}, TypeError, "progress must be True or False"),
    ],
)
def test_bad_settings(kwargs, error, match):
    with pytest.raises(error, match=match):
        Trainer(**kwargs)


def test_bad_fit_input():
    X, y = _data()
    trainer = Trainer(epochs=1, progress=False)
    with pytest.raises(TypeError, match=r"model must be a torch\.nn\.Module, got function"):
        trainer.fit(lambda x: x, (X, y))
    with pytest.raises(ValueError, match=r"40 inputs .* and 39 targets"):
        trainer.fit(_model(), (X, y[:-1]))
    with pytest.raises(ValueError, match="empty"):
        trainer.fit(_model(), (X[:0], y[:0]))
    with pytest.raises(ValueError, match="training data gave no batches"):
        trainer.fit(_model(), [])
    with pytest.raises(ValueError, match="NaN"):
        trainer.fit(_model(), (X * float("nan"), y))
    with pytest.raises(TypeError, match="one-shot iterator"):
        trainer.fit(_model(), iter([(X, y)]))
    with pytest.raises(TypeError, match="of inputs only"):
        trainer.fit(_model(), X)
    with pytest.raises(TypeError, match="iterable of"):
        trainer.fit(_model(), 3)
    with pytest.raises(ValueError, match="no trainable parameters"):
        trainer.fit(nn.Sequential(nn.ReLU()), (X, y))
    with pytest.raises(TypeError, match="must return a torch optimizer"):
        Trainer(lambda params: None, progress=False).fit(_model(), (X, y))
    with pytest.raises(ValueError, match="the given data gave no batches"):
        trainer.evaluate(_model(), [])
    with pytest.raises(ValueError, match="the val data gave no batches"):
        trainer.fit(_model(), (X, y), val=[])
    with pytest.raises(ValueError, match="X is empty"):
        trainer.predict(_model(), [])
    with pytest.raises(ValueError, match="predict got no inputs"):
        trainer.predict(_model(), ())
