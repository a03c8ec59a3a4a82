"""Tests of dlbook.data.cifar: CIFAR-10's python batches, written here, read without running
any code a file names (issue 14: a planted pickle ran code through torchvision).

No test touches the network: files are written to ``tmp_path`` and ``download=False`` is used,
or torchvision's ``download`` is replaced.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tarfile
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision

from dlbook.data import (
    CIFAR10_CLASSES,
    DatasetIntegrityError,
    DatasetNotFoundError,
    as_tensors,
    cifar10,
    cifar10_tensors,
)
from dlbook.data import cifar as cifar_module
from dlbook.data.cifar import SafeUnpickler

FILES = [*(f"data_batch_{i}" for i in range(1, 6)), "test_batch", "batches.meta"]


@pytest.fixture(autouse=True)
def no_real_data(monkeypatch, tmp_path_factory):
    """No test sees the user's cache or $DLBOOK_DATA."""
    monkeypatch.delenv("DLBOOK_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


def write_cifar10(root: Path, *, archive: bool = False, seed: int = 0, per_batch: int = 2):
    """Write CIFAR-10's python batches into ``root/cifar-10-batches-py``; return them."""
    rng = np.random.default_rng(seed)
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    batches = {}
    for i, name in enumerate(FILES[:-1]):
        data = rng.integers(0, 256, size=(per_batch, 3072), dtype=np.uint8)  # R, G, B planes
        labels = [(i * per_batch + j) % 10 for j in range(per_batch)]
        batch = {"batch_label": name, "labels": labels, "data": data, "filenames": ["a"] * 2}
        (folder / name).write_bytes(pickle.dumps(batch, protocol=2))
        batches[name] = (data, labels)
    meta = {"label_names": list(CIFAR10_CLASSES), "num_cases_per_batch": 2, "num_vis": 3072}
    (folder / "batches.meta").write_bytes(pickle.dumps(meta, protocol=2))
    if archive:
        with tarfile.open(root / "cifar-10-python.tar.gz", "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    return batches


def cifar_images(batches, names) -> torch.Tensor:
    data = np.concatenate([batches[n][0] for n in names])  # (n, 3072)
    return torch.from_numpy(data).reshape(-1, 3, 32, 32)  # (n, C, H, W)


class RunsCode:
    """Unpickling this runs a shell command: what a planted batch file can do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


# ------------------------------------------------------------------------- safe unpickling


@pytest.mark.parametrize("verify", [False, True])
def test_a_planted_pickle_is_refused_and_never_runs(tmp_path, verify):
    write_cifar10(tmp_path)
    marker = tmp_path / "ran"
    assert not pickle.loads(pickle.dumps(RunsCode(tmp_path / "probe")))  # the exploit works:
    assert (tmp_path / "probe").exists()  # plain pickle.loads ran `touch`
    batch = {"data": np.zeros((2, 3072), np.uint8), "labels": [0, 1], "x": RunsCode(marker)}
    (tmp_path / "cifar-10-batches-py" / "test_batch").write_bytes(pickle.dumps(batch))
    with pytest.raises(DatasetIntegrityError) as info:
        cifar10("test", root=tmp_path, download=False, verify=verify)
    message = str(info.value)
    assert str(tmp_path / "cifar-10-batches-py" / "test_batch") in message
    if verify:
        assert "has MD5" in message
        assert "is not read" in message
    else:
        assert f"refusing to load {os.system.__module__}.system" in message
        assert "could run code" in message
    assert not marker.exists()


@pytest.mark.parametrize(
    ("module", "name"),
    [("builtins", "eval"), ("os", "system"), ("subprocess", "Popen"), ("numpy", "load"),
     ("torch", "load"), ("numpy.core.multiarray", "scalar"), ("__main__", "RunsCode")],
)  # fmt: skip
def test_safe_unpickler_allows_only_numpy_arrays(module, name):
    with pytest.raises(pickle.UnpicklingError, match=f"refusing to load {module}.{name}"):
        SafeUnpickler(io.BytesIO(b"")).find_class(module, name)


def test_safe_unpickler_reads_arrays_of_every_protocol_and_numpy_era():
    batch = {"data": np.arange(12, dtype=np.uint8).reshape(2, 6), "labels": [1, 2], "b": b"x"}
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        loaded = SafeUnpickler(io.BytesIO(pickle.dumps(batch, protocol))).load()
        assert np.array_equal(loaded["data"], batch["data"])
        assert loaded["labels"] == [1, 2]
    # CIFAR-10's files were written with numpy 1 (numpy.core), today's with numpy._core
    old = pickle.dumps(batch, 2).replace(b"numpy._core.multiarray", b"numpy.core.multiarray")
    assert b"numpy.core.multiarray\n_reconstruct" in old
    loaded = SafeUnpickler(io.BytesIO(old), encoding="latin1").load()
    assert np.array_equal(loaded["data"], batch["data"])


def test_codecs_encode_only_for_latin1():
    encode = SafeUnpickler(io.BytesIO(b"")).find_class("_codecs", "encode")
    assert encode("\xff", "latin1") == b"\xff"
    with pytest.raises(pickle.UnpicklingError, match=r"refusing _codecs\.encode"):
        encode("x", "rot13")


# ---------------------------------------------------------------------------- reading data


def test_cifar10_reads_the_written_batches_exactly(tmp_path):
    batches = write_cifar10(tmp_path)
    train_names = FILES[:5]
    ds = cifar10(root=tmp_path, download=False, verify=False)
    assert isinstance(ds, torchvision.datasets.CIFAR10)
    assert len(ds) == 10
    assert ds.classes == list(CIFAR10_CLASSES)
    assert ds.class_to_idx["truck"] == 9
    X, y = as_tensors(ds)
    assert X.shape == (10, 3, 32, 32)
    assert torch.equal(X, cifar_images(batches, train_names).float().div(255))
    assert y.tolist() == [label for n in train_names for label in batches[n][1]]
    test = cifar10("test", root=tmp_path, download=False, verify=False)
    Xt, yt = as_tensors(test)
    assert torch.equal(Xt, cifar_images(batches, ["test_batch"]).float().div(255))
    assert yt.tolist() == batches["test_batch"][1]
    # DataLoader workers started by "spawn" pickle the dataset: the class must be importable
    clone = pickle.loads(pickle.dumps(test))
    assert type(clone) is type(test)
    assert np.array_equal(clone.data, test.data)


def test_cifar10_tensors_match_the_dataset_and_subset(tmp_path):
    batches = write_cifar10(tmp_path, per_batch=4)  # 20 training images, labels 0..9 twice
    X, y = cifar10_tensors(root=tmp_path, download=False, verify=False)
    assert X.dtype == torch.float32
    assert torch.equal(X, cifar_images(batches, FILES[:5]).float() / 255)
    assert y.dtype == torch.int64
    assert y.tolist() == [label for n in FILES[:5] for label in batches[n][1]]
    X10, y10 = cifar10_tensors(n=10, root=tmp_path, download=False, verify=False)
    assert sorted(y10.tolist()) == list(range(10))
    X5, _ = cifar10_tensors(n=5, root=tmp_path, download=False, verify=False)
    assert torch.equal(X5, X10[:5])


def test_verify_checks_every_md5_before_reading(tmp_path, monkeypatch):
    write_cifar10(tmp_path)
    folder = tmp_path / "cifar-10-batches-py"
    with pytest.raises(DatasetIntegrityError, match=r"data_batch_1 has MD5 [0-9a-f]{32}, not the"):
        cifar10(root=tmp_path, download=False)
    md5s = {f: hashlib.md5((folder / f).read_bytes()).hexdigest() for f in FILES}
    monkeypatch.setattr(cifar_module, "_MD5", md5s)
    assert len(cifar10(root=tmp_path, download=False)) == 10  # verified


def test_cifar10_archive_copied_by_hand_is_unpacked_offline(tmp_path):
    batches = write_cifar10(tmp_path, archive=True)
    assert not (tmp_path / "cifar-10-batches-py").exists()
    with pytest.raises(DatasetIntegrityError, match=r"cifar-10-python\.tar\.gz has MD5"):
        cifar10("test", root=tmp_path, download=False)  # not the official archive
    ds = cifar10("test", root=tmp_path, download=False, verify=False)
    assert (tmp_path / "cifar-10-batches-py" / "data_batch_5").is_file()
    X, _ = as_tensors(ds)
    assert torch.equal(X, cifar_images(batches, ["test_batch"]).float().div(255))


def test_archive_members_outside_the_batch_folder_are_not_extracted(tmp_path):
    write_cifar10(tmp_path / "src")
    (tmp_path / "evil.txt").write_text("x")
    root = tmp_path / "root"
    root.mkdir()
    with tarfile.open(root / "cifar-10-python.tar.gz", "w:gz") as tar:
        tar.add(tmp_path / "src" / "cifar-10-batches-py", arcname="cifar-10-batches-py")
        tar.add(tmp_path / "evil.txt", arcname="cifar-10-batches-py/../../evil-outside.txt")
        tar.add(tmp_path / "evil.txt", arcname="elsewhere.txt")
    cifar10("test", root=root, download=False, verify=False)
    assert not (tmp_path / "evil-outside.txt").exists()
    assert not (root / "elsewhere.txt").exists()


def test_default_root_is_dlbook_data_then_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path / "env"))
    in_cache = write_cifar10(tmp_path / "xdg" / "dlbook", seed=1)
    _, y = cifar10_tensors("test", download=False, verify=False)
    assert y.tolist() == in_cache["test_batch"][1]
    assert Path(cifar10("test", download=False, verify=False).root) == tmp_path / "xdg/dlbook"
    in_env = write_cifar10(tmp_path / "env", seed=2, per_batch=3)
    _, y = cifar10_tensors("test", download=False, verify=False)
    assert y.tolist() == in_env["test_batch"][1]


def test_missing_cifar10_names_the_folder_and_the_files(tmp_path):
    with pytest.raises(DatasetNotFoundError) as info:
        cifar10(root=tmp_path, download=False)
    message = str(info.value)
    assert "CIFAR10 not found" in message
    assert str(tmp_path / "cifar-10-batches-py") in message
    for name in FILES:
        assert f"    {name}\n" in message
    assert "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz" in message
    assert "DLBOOK_DATA" in message


def test_download_uses_torchvision_only_to_download(tmp_path, monkeypatch):
    source = tmp_path / "source"
    batches = write_cifar10(source)

    def fake_download(self):
        (Path(self.root) / "cifar-10-batches-py").mkdir(parents=True)
        for f in FILES:
            data = (source / "cifar-10-batches-py" / f).read_bytes()
            (Path(self.root) / "cifar-10-batches-py" / f).write_bytes(data)

    def no_init(*args, **kwargs):
        raise AssertionError("torchvision's CIFAR10.__init__ would unpickle the files")

    monkeypatch.setattr(torchvision.datasets.CIFAR10, "download", fake_download)
    monkeypatch.setattr(torchvision.datasets.CIFAR10, "__init__", no_init)
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path / "data"))
    _, y = cifar10_tensors("test", verify=False)
    assert y.tolist() == batches["test_batch"][1]


def test_failed_download_names_the_ways(tmp_path, monkeypatch):
    def offline(self):
        raise OSError("no network")

    monkeypatch.setattr(torchvision.datasets.CIFAR10, "download", offline)
    with pytest.raises(DatasetNotFoundError, match="and the download failed") as info:
        cifar10(root=tmp_path)
    assert "The download failed with OSError: no network" in str(info.value)
