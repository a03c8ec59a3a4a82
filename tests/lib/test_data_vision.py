"""Tests of the torchvision-dataset loaders ``mnist`` and ``fashion_mnist``, ``as_tensors`` and
``data_dir``, on tiny IDX files written here in torchvision's on-disk layout.

No test touches the network: files are written to ``tmp_path``, ``download=False`` is used,
and the download tests replace torchvision's ``download`` method. The files are read by
dlbook (numpy) into torchvision's real dataset classes. CIFAR-10: test_data_cifar.py.
"""

from __future__ import annotations

import gzip
import hashlib
import socket
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
    data_dir,
    fashion_mnist,
    mnist,
    sources,
)

MNIST_FILES = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
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


@pytest.fixture(autouse=True)
def no_real_data(monkeypatch, tmp_path_factory):
    """No test sees the user's cache, $DLBOOK_DATA or an installed Debian package."""
    monkeypatch.delenv("DLBOOK_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setattr(sources, "DEBIAN_FASHION_MNIST", Path("/nonexistent/fashion-mnist"))


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


def test_gz_files_are_read_as_they_are(tmp_path):
    images, _ = write_mnist(tmp_path, gz=True)["train"]
    raw = tmp_path / "MNIST" / "raw"
    ds = mnist(root=tmp_path, download=False, verify=False)
    assert torch.equal(ds.data, torch.from_numpy(images))
    assert sorted(p.name for p in raw.iterdir()) == sorted(f"{f}.gz" for f in MNIST_FILES)


def test_verify_checks_the_unpacked_sha256(tmp_path, monkeypatch):
    write_mnist(tmp_path, gz=True)
    raw = tmp_path / "MNIST" / "raw"
    with pytest.raises(DatasetIntegrityError) as info:
        mnist("test", root=tmp_path, download=False)
    assert f"{raw / 't10k-images-idx3-ubyte.gz'} is not the official file" in str(info.value)
    assert sources.SHA256["MNIST"]["t10k-images-idx3-ubyte"] in str(info.value)
    digests = {f: hashlib.sha256(gzip.decompress((raw / f"{f}.gz").read_bytes())).hexdigest()
               for f in MNIST_FILES}  # fmt: skip
    monkeypatch.setitem(sources.SHA256, "MNIST", digests)
    assert len(mnist("test", root=tmp_path, download=False)) == 3  # verified


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
    assert f"{tmp_path / 'MNIST' / 'raw'}/\n    {tmp_path}/\n" in message  # the two looked in
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
    assert f"{raw}/  (1 of 4 present: {MNIST_FILES[0]})" in message
    assert "fashion-mnist.s3-website" in message  # Fashion-MNIST's own download address


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
