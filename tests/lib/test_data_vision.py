"""Tests of dlbook.data.vision on tiny files written here in torchvision's on-disk formats.

No test touches the network: files are written to ``tmp_path``, ``download=False`` is used,
and the one download test replaces torchvision's ``download`` method with a failing one.
The loaders under test are torchvision's real classes reading real IDX and pickle files.
"""

from __future__ import annotations

import gzip
import pickle
import socket
import tarfile
from pathlib import Path
from urllib.error import URLError

import numpy as np
import pytest
import torch
import torchvision
from torchvision import transforms

from dlbook.data import (
    DOWNLOAD_TIMEOUT,
    DatasetIntegrityError,
    DatasetNotFoundError,
    as_tensors,
    cifar10,
    data_dir,
    fashion_mnist,
    mnist,
)

MNIST_FILES = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
]
CIFAR_FILES = [*(f"data_batch_{i}" for i in range(1, 6)), "test_batch", "batches.meta"]
CIFAR_CLASSES = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
]


# ---------------------------------------------------------------- writing torchvision's formats


def _idx(array: np.ndarray) -> bytes:
    """IDX (LeCun's MNIST format): magic 0x0000 08 <ndim> (uint8 data), big-endian sizes."""
    magic = 0x0800 + array.ndim  # 2051 for images (ndim 3), 2049 for labels (ndim 1)
    return np.array([magic, *array.shape], dtype=">i4").tobytes() + array.tobytes()


def write_mnist(root: Path, name: str = "MNIST", *, gz: bool = False, seed: int = 0):
    """Write 5 training and 3 test 28x28 images (IDX) into ``root/name/raw``; return them."""
    rng = np.random.default_rng(seed)
    raw = root / name / "raw"
    raw.mkdir(parents=True)
    written = {}
    for prefix, n in (("train", 5), ("t10k", 3)):
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n, dtype=np.uint8)
        for kind, array in (("images-idx3", images), ("labels-idx1", labels)):
            data = _idx(array)
            assert int.from_bytes(data[:4], "big") == (2051 if array.ndim == 3 else 2049)
            path = raw / f"{prefix}-{kind}-ubyte"
            if gz:
                path.with_name(path.name + ".gz").write_bytes(gzip.compress(data))
            else:
                path.write_bytes(data)
        written["train" if prefix == "train" else "test"] = (images, labels)
    return written


def write_cifar10(root: Path, *, archive: bool = False, seed: int = 0):
    """Write CIFAR-10's python batches (2 images each) into ``root/cifar-10-batches-py``."""
    rng = np.random.default_rng(seed)
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    batches = {}
    for name in CIFAR_FILES[:-1]:
        data = rng.integers(0, 256, size=(2, 3072), dtype=np.uint8)  # rows: R, G, B planes
        labels = rng.integers(0, 10, size=2).tolist()
        batch = {"batch_label": name, "labels": labels, "data": data, "filenames": ["a", "b"]}
        (folder / name).write_bytes(pickle.dumps(batch, protocol=2))
        batches[name] = (data, labels)
    meta = {"label_names": CIFAR_CLASSES, "num_cases_per_batch": 2, "num_vis": 3072}
    (folder / "batches.meta").write_bytes(pickle.dumps(meta, protocol=2))
    if archive:
        with tarfile.open(root / "cifar-10-python.tar.gz", "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    return batches


# ------------------------------------------------------------------------------- cache dir


def test_data_dir_honours_dlbook_data_then_xdg_then_home(monkeypatch, tmp_path):
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "data"
    monkeypatch.delenv("DLBOOK_DATA")
    assert data_dir() == tmp_path / "xdg" / "dlbook"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data_dir() == tmp_path / "home" / ".cache" / "dlbook"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert data_dir() == tmp_path / "home" / ".cache" / "dlbook"
    assert not (tmp_path / "home").exists()  # nothing is created until a download


# ---------------------------------------------------------------------------- MNIST family


@pytest.mark.parametrize("split", ["train", "test"])
def test_mnist_reads_the_written_idx_files_exactly(tmp_path, split):
    images, labels = write_mnist(tmp_path)[split]
    ds = mnist(split, root=tmp_path, download=False, verify=False)
    assert isinstance(ds, torchvision.datasets.MNIST)
    assert len(ds) == len(images)
    assert torch.equal(ds.data, torch.from_numpy(images))
    X, y = as_tensors(ds)
    assert X.shape == (len(images), 1, 28, 28)
    assert X.dtype == torch.float32
    assert torch.equal(X, torch.from_numpy(images).float().div(255).unsqueeze(1))
    assert torch.equal(y, torch.from_numpy(labels).long())


def test_default_root_is_data_dir(monkeypatch, tmp_path):
    images, _ = write_mnist(tmp_path)["test"]
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path))
    ds = mnist("test", download=False, verify=False)
    assert Path(ds.root) == tmp_path
    assert torch.equal(ds.data, torch.from_numpy(images))


def test_fashion_mnist_reads_its_own_folder(tmp_path):
    images, labels = write_mnist(tmp_path, "FashionMNIST", seed=1)["train"]
    ds = fashion_mnist(root=tmp_path, download=False, verify=False)
    assert isinstance(ds, torchvision.datasets.FashionMNIST)
    assert ds.classes[9] == "Ankle boot"
    X, y = as_tensors(ds, limit=2)
    assert torch.equal(X, torch.from_numpy(images[:2]).float().div(255).unsqueeze(1))
    assert torch.equal(y, torch.from_numpy(labels[:2]).long())
    with pytest.raises(DatasetNotFoundError, match="MNIST not found"):
        mnist(root=tmp_path, download=False)  # MNIST lives in MNIST/raw, not FashionMNIST/raw


def test_gz_files_copied_by_hand_are_unpacked_offline(tmp_path):
    images, _ = write_mnist(tmp_path, gz=True)["train"]
    raw = tmp_path / "MNIST" / "raw"
    assert not (raw / MNIST_FILES[0]).exists()
    with pytest.raises(DatasetIntegrityError, match="MD5 checksum"):
        mnist(root=tmp_path, download=False)  # not the official archives
    ds = mnist(root=tmp_path, download=False, verify=False)
    assert all((raw / f).is_file() for f in MNIST_FILES)
    assert torch.equal(ds.data, torch.from_numpy(images))


def test_verify_rejects_files_that_are_not_the_official_mnist(tmp_path):
    write_mnist(tmp_path)
    with pytest.raises(DatasetIntegrityError, match=r"holds 5 images .* official one holds 60000"):
        mnist(root=tmp_path, download=False)
    with pytest.raises(DatasetIntegrityError, match=r"holds 3 images .* official one holds 10000"):
        mnist("test", root=tmp_path, download=False)


def test_custom_transform_is_applied(tmp_path):
    images, _ = write_mnist(tmp_path)["train"]
    normalise = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    X, _ = as_tensors(mnist(root=tmp_path, transform=normalise, download=False, verify=False))
    expected = torch.from_numpy(images).float().div(255).unsqueeze(1).sub(0.5).div(0.5)
    assert torch.allclose(X, expected, atol=1e-6)
    assert X.min().item() < 0


def test_missing_mnist_names_the_folder_and_the_files(tmp_path):
    with pytest.raises(DatasetNotFoundError) as info:
        mnist(root=tmp_path, download=False)
    message = str(info.value)
    assert "MNIST not found" in message
    assert "download=False" in message
    assert str(tmp_path / "MNIST" / "raw") in message
    for name in MNIST_FILES:
        assert name in message
        assert f"https://ossci-datasets.s3.amazonaws.com/mnist/{name}.gz" in message
    assert "DLBOOK_DATA" in message
    assert isinstance(info.value, RuntimeError)
    assert not (tmp_path / "MNIST").exists()  # download=False creates nothing


def test_partly_present_files_are_marked(tmp_path):
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / MNIST_FILES[0]).write_bytes(_idx(np.zeros((1, 28, 28), dtype=np.uint8)))
    with pytest.raises(DatasetNotFoundError) as info:
        fashion_mnist(root=tmp_path, download=False)
    message = str(info.value)
    assert f"{MNIST_FILES[0]}  (present)" in message
    assert f"{MNIST_FILES[1]}  (present)" not in message
    assert "fashion-mnist" in message  # Fashion-MNIST's own download address


def test_failed_download_becomes_a_clear_error(monkeypatch, tmp_path):
    timeouts = []

    def offline(self):
        timeouts.append(socket.getdefaulttimeout())
        raise URLError("no network")

    monkeypatch.setattr(torchvision.datasets.MNIST, "download", offline)
    before = socket.getdefaulttimeout()
    with pytest.raises(DatasetNotFoundError, match="the download failed") as info:
        mnist(root=tmp_path, download=True)
    assert isinstance(info.value.__cause__, URLError)
    assert str(tmp_path / "MNIST" / "raw") in str(info.value)
    assert "The download failed with URLError: <urlopen error no network>" in str(info.value)
    assert timeouts == [DOWNLOAD_TIMEOUT if before is None else before]
    assert socket.getdefaulttimeout() == before  # restored


def test_present_files_need_no_download(monkeypatch, tmp_path):
    def forbidden(self):
        raise AssertionError("download called although the files are there")

    monkeypatch.setattr(torchvision.datasets.MNIST, "download", forbidden)
    images, _ = write_mnist(tmp_path)["test"]
    ds = mnist("test", root=tmp_path, download=True, verify=False)
    assert torch.equal(ds.data, torch.from_numpy(images))


# -------------------------------------------------------------------------------- CIFAR-10


def _cifar_images(batches, names) -> torch.Tensor:
    data = np.concatenate([batches[n][0] for n in names])  # (n, 3072)
    return torch.from_numpy(data).reshape(-1, 3, 32, 32)  # (n, C, H, W)


def test_cifar10_reads_the_written_batches_exactly(tmp_path):
    batches = write_cifar10(tmp_path)
    train_names = CIFAR_FILES[:5]
    ds = cifar10(root=tmp_path, download=False, verify=False)
    assert isinstance(ds, torchvision.datasets.CIFAR10)
    assert len(ds) == 10
    assert ds.classes == CIFAR_CLASSES
    X, y = as_tensors(ds)
    assert X.shape == (10, 3, 32, 32)
    assert torch.equal(X, _cifar_images(batches, train_names).float().div(255))
    assert y.tolist() == [label for n in train_names for label in batches[n][1]]
    test = cifar10("test", root=tmp_path, download=False, verify=False)
    Xt, yt = as_tensors(test)
    assert torch.equal(Xt, _cifar_images(batches, ["test_batch"]).float().div(255))
    assert yt.tolist() == batches["test_batch"][1]
    # DataLoader workers started by "spawn" pickle the dataset: the class must be importable
    clone = pickle.loads(pickle.dumps(test))
    assert type(clone) is type(test)
    assert np.array_equal(clone.data, test.data)


def test_cifar10_verify_checks_torchvisions_md5s(tmp_path):
    write_cifar10(tmp_path)
    with pytest.raises(DatasetIntegrityError, match="failed torchvision's checks"):
        cifar10(root=tmp_path, download=False)


def test_cifar10_archive_copied_by_hand_is_unpacked_offline(tmp_path):
    batches = write_cifar10(tmp_path, archive=True)
    assert not (tmp_path / "cifar-10-batches-py").exists()
    ds = cifar10("test", root=tmp_path, download=False, verify=False)
    assert (tmp_path / "cifar-10-batches-py" / "data_batch_5").is_file()
    X, _ = as_tensors(ds)
    assert torch.equal(X, _cifar_images(batches, ["test_batch"]).float().div(255))


def test_missing_cifar10_names_the_folder_and_the_files(tmp_path):
    with pytest.raises(DatasetNotFoundError) as info:
        cifar10(root=tmp_path, download=False)
    message = str(info.value)
    assert "CIFAR10 not found" in message
    assert str(tmp_path / "cifar-10-batches-py") in message
    for name in CIFAR_FILES:
        assert f"    {name}\n" in message
    assert "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz" in message
    assert "DLBOOK_DATA" in message


# ------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        pytest.param({"split": "val"}, ValueError, "unknown split 'val'", id="split"),
        pytest.param({"transform": 3}, TypeError, "transform must be callable", id="transform"),
        pytest.param({"root": 3}, TypeError, "root must be a path", id="root"),
        pytest.param({"download": "no"}, TypeError, "download must be True or False", id="dl"),
        pytest.param({"verify": None}, TypeError, "verify must be True or False", id="verify"),
    ],
)
def test_bad_arguments_are_refused(tmp_path, kwargs, error, message):
    kwargs = {"root": tmp_path, "download": False, **kwargs}
    with pytest.raises(error, match=message):
        mnist(**kwargs)


def test_as_tensors_refuses_bad_input(tmp_path):
    write_mnist(tmp_path)
    with pytest.raises(ValueError, match="limit must be at least 1"):
        as_tensors(mnist(root=tmp_path, download=False, verify=False), limit=0)
    pil = mnist(root=tmp_path, transform=lambda image: image, download=False, verify=False)
    with pytest.raises(TypeError, match=r"dataset\[0\] holds an image of type Image, not a tensor"):
        as_tensors(pil)
    empty = torch.utils.data.TensorDataset(torch.zeros(0, 2), torch.zeros(0))
    with pytest.raises(ValueError, match="dataset is empty"):
        as_tensors(empty)
    with pytest.raises(TypeError, match="must support len"):
        as_tensors(42)


def test_as_tensors_on_any_map_style_dataset():
    data = torch.utils.data.TensorDataset(torch.arange(12.0).reshape(6, 2), torch.arange(6))
    X, y = as_tensors(data, limit=4)
    assert torch.equal(X, torch.arange(8.0).reshape(4, 2))
    assert y.tolist() == [0, 1, 2, 3]
    assert y.dtype == torch.int64
