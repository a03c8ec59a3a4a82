"""Misuse of dlbook.train, case by case: each raises dlbook's own error naming the fix.

Every case is one the library once answered with one of torch's raw errors, a wrong number,
or a checkpoint written and later refused (issue 14). A case is ``(setup, error type, the
words of the fix)``; ``setup(tmp_path)`` does the wrong thing.
"""

import zipfile

import numpy as np
import pytest
import torch
from torch import nn

from dlbook.models import MLP, LeNet5
from dlbook.train import (
    BatchError,
    CheckpointDeviceError,
    CheckpointError,
    CheckpointMismatchError,
    CheckpointPathError,
    CheckpointValueError,
    Trainer,
    save_checkpoint,
)


@pytest.fixture(autouse=True)
def _cpu_one_thread(monkeypatch):
    monkeypatch.setenv("DLBOOK_DEVICE", "cpu")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _data(n=24, d=4, classes=3):
    g = torch.Generator().manual_seed(0)
    return torch.randn(n, d, generator=g), torch.randint(0, classes, (n,), generator=g)


def _mlp(activation="tanh"):
    return MLP(4, [8], 3, activation=activation, seed=0)


def _fit(model=None, data=None, resume=None, val=None, **kwargs):
    kwargs = {"epochs": 1, "batch_size": 8, "progress": False} | kwargs
    return Trainer(**kwargs).fit(model or _mlp(), data or _data(), val=val, resume=resume)


def _saved(tmp_path, model=None, optimizer=None):
    path = tmp_path / "run.pt"
    kwargs = {} if optimizer is None else {"optimizer": optimizer}
    _fit(model or _mlp(), checkpoint_path=path, **kwargs)
    return path


def _float_labels(tmp_path):
    X, y = _data()
    _fit(data=(X, y.float()))


def _column_labels(tmp_path):
    X, y = _data()
    _fit(data=(X, y[:, None]))


def _bce_shape(tmp_path):
    X, y = _data(classes=2)
    model = MLP(4, [8], 1, seed=0)  # outputs (B, 1), targets (B,)
    _fit(model, (X, y.float()), loss=nn.BCEWithLogitsLoss())


def _bce_integer_targets(tmp_path):
    X, y = _data(classes=2)
    _fit(MLP(4, [8], 1, seed=0), (X, y[:, None]), loss=nn.BCEWithLogitsLoss())


def _mse_shape(tmp_path):
    X, _ = _data()
    _fit(MLP(4, [8], 1, seed=0), (X, X.sum(1)), loss=nn.MSELoss())  # (B, 1) against (B,)


def _bad_label_in_a_later_batch(tmp_path):
    X, y = _data()
    y[20] = 7  # batch 3 of 3 (batch_size 8, no shuffling)
    batches = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=8)
    _fit(data=batches)


def _bad_val_label_in_a_later_batch(tmp_path):
    X, y = _data()
    bad = y.clone()
    bad[-1] = -1
    val = [(X[:12], y[:12]), (X[12:], bad[12:])]  # a list of batches, checked one by one
    _fit(data=(X, y), val=val)


def _float64_images_into_lenet5(tmp_path):
    g = torch.Generator().manual_seed(0)
    X = torch.rand(8, 1, 32, 32, generator=g, dtype=torch.float64)
    _fit(LeNet5(seed=0), (X, torch.arange(8)))


def _float64_into_predict(tmp_path):
    Trainer(progress=False).predict(_mlp(), torch.zeros(3, 4, dtype=torch.float64))


def _numpy_array_in_config(tmp_path):
    save_checkpoint(tmp_path / "c.pt", _mlp(), config={"mean": np.zeros(3)})


def _corrupt_weights(tmp_path):
    path = _saved(tmp_path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        record = next(i for i in archive.infolist() if i.filename.endswith("data/0"))
    header = record.header_offset  # local header: 30 bytes, the name, then an extra field
    start = (
        header
        + 30
        + len(record.filename)
        + int.from_bytes(data[header + 28 : header + 30], "little")
    )
    data[start : start + 8] = b"\xff" * 8  # the first weight tensor's first two floats: NaN
    path.write_bytes(bytes(data))
    _fit(epochs=2, resume=path)


def _cuda_map_location(tmp_path):
    from dlbook.train import load_checkpoint

    load_checkpoint(_saved(tmp_path), map_location="cuda")


def _resume_another_model_class(tmp_path):
    path = _saved(tmp_path)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
    _fit(model, epochs=2, resume=path)


def _resume_relu_into_tanh(tmp_path):
    path = _saved(tmp_path, _mlp("relu"))
    _fit(_mlp("tanh"), epochs=2, resume=path)


def _resume_wider_model(tmp_path):
    path = _saved(tmp_path)
    _fit(MLP(4, [16], 3, activation="tanh", seed=0), epochs=2, resume=path)


def _resume_float64_model(tmp_path):
    path = _saved(tmp_path)
    _fit(_mlp().double(), (_data()[0].double(), _data()[1]), epochs=2, resume=path)


def _resume_another_optimizer(tmp_path):
    path = _saved(tmp_path)
    _fit(epochs=2, resume=path, optimizer=lambda p: torch.optim.Adam(p, lr=1e-3))


def _checkpoint_folder_missing(tmp_path):
    Trainer(checkpoint_path=tmp_path / "runs" / "a.pt")


def _checkpoint_path_is_a_folder(tmp_path):
    Trainer(checkpoint_path=tmp_path)


def _save_onto_a_folder(tmp_path):
    save_checkpoint(tmp_path, _mlp())


CASES = {
    "float labels": (_float_labels, BatchError, "y.long()"),
    "labels of shape (N, 1)": (_column_labels, BatchError, "y.view(-1)"),
    "BCE outputs (N, 1), targets (N,)": (_bce_shape, BatchError, "y.unsqueeze(1)"),
    "BCE integer targets": (_bce_integer_targets, BatchError, "y.float()"),
    "MSE outputs (N, 1), targets (N,)": (_mse_shape, BatchError, "y.unsqueeze(1)"),
    "bad label in a later DataLoader batch": (
        _bad_label_in_a_later_batch,
        BatchError,
        "train batch 3 of epoch 1: labels run from 0 to 7",
    ),
    "bad label in a later val batch": (
        _bad_val_label_in_a_later_batch,
        BatchError,
        "val batch 2: labels run from -1",
    ),
    "float64 images into LeNet5": (
        _float64_images_into_lenet5,
        BatchError,
        "X.to(torch.float32)",
    ),
    "float64 inputs to predict": (_float64_into_predict, BatchError, "X.astype('float32')"),
    "NumPy array in a checkpoint's config": (
        _numpy_array_in_config,
        CheckpointValueError,
        "torch.from_numpy(a) or a.tolist()",
    ),
    "bytes overwritten in a checkpoint": (
        _corrupt_weights,
        CheckpointError,
        ("fails its CRC-32 check", "use an earlier checkpoint"),
    ),
    "resume into another model class": (
        _resume_another_model_class,
        CheckpointMismatchError,
        "resume into the model class that wrote it",
    ),
    "resume a ReLU MLP into a tanh MLP": (
        _resume_relu_into_tanh,
        CheckpointMismatchError,
        ("other layers", "same activation"),
    ),
    "resume into other shapes": (
        _resume_wider_model,
        CheckpointMismatchError,
        "build the model as it was saved",
    ),
    "resume into other dtypes": (
        _resume_float64_model,
        CheckpointMismatchError,
        ("saved (8, 4) torch.float32, here (8, 4) torch.float64",),
    ),
    "resume with another optimizer class": (
        _resume_another_optimizer,
        CheckpointMismatchError,
        "resume with SGD",
    ),
    "checkpoint folder missing": (
        _checkpoint_folder_missing,
        CheckpointPathError,
        ("no directory", "create it first"),
    ),
    "checkpoint path is a folder": (
        _checkpoint_path_is_a_folder,
        CheckpointPathError,
        "give a file path such as",
    ),
    "save_checkpoint onto a folder": (
        _save_onto_a_folder,
        CheckpointPathError,
        "give a file path such as",
    ),
}
if not torch.cuda.is_available():
    CASES["map_location='cuda' without CUDA"] = (
        _cuda_map_location,
        CheckpointDeviceError,
        "map_location='cpu' loads it",
    )


@pytest.mark.parametrize(("setup", "error", "fix"), CASES.values(), ids=list(CASES))
def test_misuse_raises_dlbooks_error_naming_the_fix(tmp_path, setup, error, fix):
    with pytest.raises(error) as caught:
        setup(tmp_path)
    for words in (fix,) if isinstance(fix, str) else fix:
        assert words in str(caught.value)
    assert type(caught.value).__module__ == "dlbook.train.errors"  # dlbook's own error type


def test_fit_accepts_lists_like_predict_and_tensorloader():
    X, y = _data()
    by_lists = _fit(_mlp(), (X.tolist(), y.tolist()))
    by_tensors = _fit(_mlp(), (X, y))
    assert by_lists["train_loss"] == by_tensors["train_loss"]
    trainer = Trainer(progress=False)
    assert torch.equal(
        trainer.predict(_mlp(), (X.tolist(), y.tolist())), trainer.predict(_mlp(), X)
    )
