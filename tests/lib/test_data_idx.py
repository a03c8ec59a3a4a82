"""Tests of dlbook.data.idx and the MNIST-family tensors, on small IDX files written here.

The recorded SHA-256 digests are swapped for those of the files written here, so that the
verification itself is tested on every machine; the real Fashion-MNIST (Debian's package,
unpacked in /tmp/fmnist-deb) is tested where it is present. No test touches the network.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision

from dlbook.data import (
    FASHION_MNIST_CLASSES,
    DatasetIntegrityError,
    DatasetNotFoundError,
    fashion_mnist_tensors,
    mnist_tensors,
    sources,
)
from dlbook.data.idx import read_idx

DEBIAN_UNPACKED = Path("/tmp/fmnist-deb/usr/share/datasets/fashion-mnist")
needs_debian_files = pytest.mark.skipif(
    not DEBIAN_UNPACKED.is_dir(),
    reason=f"{DEBIAN_UNPACKED} missing: cd /tmp && apt-get download dataset-fashion-mnist && "
    "dpkg-deb -x dataset-fashion-mnist_*.deb /tmp/fmnist-deb",
)


def idx_bytes(array: np.ndarray) -> bytes:
    """IDX: 0x0000, type 0x08 (uint8), the number of dimensions, big-endian int32 sizes, data."""
    return bytes([0, 0, 8, array.ndim]) + np.array(array.shape, ">i4").tobytes() + array.tobytes()


def write_set(folder: Path, *, gz: bool = True, seed: int = 0, n_train: int = 40, n_test=10):
    """Write a tiny MNIST-like set (labels cycle through 0..9) flat into ``folder``."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    arrays, digests = {}, {}
    for split, n in (("train", n_train), ("test", n_test)):
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = rng.permutation(np.arange(n) % 10).astype(np.uint8)
        arrays[split] = (images, labels)
        for filename, array in zip(sources.IDX_FILES[split], (images, labels), strict=True):
            data = idx_bytes(array)
            digests[filename] = hashlib.sha256(data).hexdigest()
            path = folder / (f"{filename}.gz" if gz else filename)
            path.write_bytes(gzip.compress(data) if gz else data)
    return arrays, digests


@pytest.fixture(autouse=True)
def no_real_data(monkeypatch, tmp_path_factory):
    """No test sees the user's cache, $DLBOOK_DATA or an installed Debian package."""
    monkeypatch.delenv("DLBOOK_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setattr(sources, "DEBIAN_FASHION_MNIST", Path("/nonexistent/fashion-mnist"))


@pytest.fixture
def written(tmp_path, monkeypatch):
    """A flat folder with a tiny set whose digests are the recorded Fashion-MNIST ones."""
    arrays, digests = write_set(tmp_path / "fmnist")
    monkeypatch.setitem(sources.SHA256, "FashionMNIST", digests)
    return tmp_path / "fmnist", arrays


# ---------------------------------------------------------------------------------- read_idx


@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_gives_the_written_array_read_only(tmp_path, gz):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    path = tmp_path / ("a.gz" if gz else "a")
    path.write_bytes(gzip.compress(idx_bytes(array)) if gz else idx_bytes(array))
    got = read_idx(path, sha256=hashlib.sha256(idx_bytes(array)).hexdigest())
    assert got.dtype == np.uint8
    assert np.array_equal(got, array)
    assert not got.flags.writeable


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"\x00\x00\x0d\x01\x00\x00\x00\x01\x00", "not an IDX file of unsigned", id="float"),
        pytest.param(b"PK\x03\x04", "starts with 504b0304", id="zip"),
        pytest.param(b"", "starts with nothing", id="empty"),
        pytest.param(bytes([0, 0, 8, 3, 0, 0]), "more dimensions than the file holds", id="short"),
        pytest.param(idx_bytes(np.zeros((2, 3), np.uint8))[:-1], "announces 18 bytes, the file has 17", id="truncated"),
        pytest.param(idx_bytes(np.zeros((2, 3), np.uint8)) + b"\x00", "the file has 19", id="padded"),
    ],
)  # fmt: skip
def test_read_idx_refuses_what_is_not_idx(tmp_path, data, message):
    path = tmp_path / "bad-idx1-ubyte"
    path.write_bytes(data)
    with pytest.raises(DatasetIntegrityError, match=message) as info:
        read_idx(path)
    assert str(path) in str(info.value)


def test_read_idx_refuses_a_broken_gzip(tmp_path):
    path = tmp_path / "broken.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.zeros(5, np.uint8)))[:-6])
    with pytest.raises(DatasetIntegrityError, match="cannot be read as IDX data") as info:
        read_idx(path)
    assert str(path) in str(info.value)


# ----------------------------------------------------------------------- verified tensors


def test_tensors_are_the_written_images_over_255(written):
    folder, arrays = written
    for split in ("train", "test"):
        X, y = fashion_mnist_tensors(split, root=folder, download=False)
        images, labels = arrays[split]
        assert X.dtype == torch.float32
        assert X.shape == (len(images), 1, 28, 28)
        assert torch.equal(X, torch.from_numpy(images).unsqueeze(1).float() / 255)
        assert y.dtype == torch.int64
        assert torch.equal(y, torch.from_numpy(labels).long())
    X, _ = fashion_mnist_tensors(root=folder, flatten=True, download=False)
    assert X.shape == (40, 784)


def test_a_corrupted_byte_is_refused_naming_the_file(written):
    folder, arrays = written
    path = folder / "t10k-images-idx3-ubyte.gz"
    data = bytearray(gzip.decompress(path.read_bytes()))
    data[16 + 5] ^= 1  # one pixel of the first test image
    path.write_bytes(gzip.compress(bytes(data)))
    with pytest.raises(DatasetIntegrityError) as info:
        fashion_mnist_tensors("test", root=folder, download=False)
    message = str(info.value)
    assert str(path) in message
    assert sources.SHA256["FashionMNIST"]["t10k-images-idx3-ubyte"] in message
    assert "verify=False" in message
    X, _ = fashion_mnist_tensors("test", root=folder, download=False, verify=False)
    assert X[0, 0, 0, 5].item() * 255 == pytest.approx(int(arrays["test"][0][0, 0, 5]) ^ 1)
    fashion_mnist_tensors("train", root=folder, download=False)  # the train files are intact


def test_a_missing_file_names_every_way_to_get_the_data(written):
    folder, _ = written
    (folder / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DatasetNotFoundError) as info:
        fashion_mnist_tensors(root=folder, download=False)
    message = str(info.value)
    assert "FashionMNIST not found (download=False)" in message
    assert f"{folder}/  (3 of 4 present" in message
    for way in (
        "pass root=",
        "DLBOOK_DATA",
        "apt-get download dataset-fashion-mnist",
        "dpkg-deb -x dataset-fashion-mnist_*.deb /tmp/fmnist-deb",
        "sudo apt install dataset-fashion-mnist",
        "download=True",
        "nox -s docs",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-labels-idx1-ubyte.gz",
    ):
        assert way in message


def test_mnist_has_no_debian_way(tmp_path):
    with pytest.raises(DatasetNotFoundError) as info:
        mnist_tensors(root=tmp_path, download=False)
    assert "apt" not in str(info.value)
    assert "https://ossci-datasets.s3.amazonaws.com/mnist/t10k-images-idx3-ubyte.gz" in str(
        info.value
    )


def test_mnist_digests_refuse_fashion_mnist_files(written):
    folder, _ = written  # the Fashion-MNIST digests were swapped, MNIST's are the real ones
    with pytest.raises(DatasetIntegrityError, match="is not the official file"):
        mnist_tensors(root=folder, download=False)


def test_subsets_are_stratified_nested_and_seeded(written):
    folder, _ = written
    X_all, _ = fashion_mnist_tensors(root=folder, download=False)
    X10, y10 = fashion_mnist_tensors(n=10, root=folder, download=False)
    X20, y20 = fashion_mnist_tensors(n=20, root=folder, download=False)
    assert sorted(y10.tolist()) == list(range(10))  # one of each class
    assert torch.bincount(y20).tolist() == [2] * 10
    assert torch.equal(X20[:10], X10)  # nested
    assert torch.equal(y20[:10], y10)
    rows = {tuple(x.flatten().tolist()) for x in X_all}
    assert all(tuple(x.flatten().tolist()) in rows for x in X20)  # images of the set
    X10b, _ = fashion_mnist_tensors(n=10, seed=1, root=folder, download=False)
    assert not torch.equal(X10, X10b)
    again, _ = fashion_mnist_tensors(n=10, root=folder, download=False)
    assert torch.equal(again, X10)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n": 0}, ValueError, r"n must be an int in \[1, 40\], got 0"),
        ({"n": 41}, ValueError, r"n must be an int in \[1, 40\], got 41"),
        ({"split": "val"}, ValueError, "unknown split 'val'"),
        ({"flatten": 1}, TypeError, "flatten must be True or False"),
        ({"verify": "yes"}, TypeError, "verify must be True or False"),
        ({"root": 3}, TypeError, "root must be a path"),
    ],
)
def test_bad_arguments_are_refused(written, kwargs, error, message):
    kwargs = {"root": written[0], "download": False, **kwargs}
    with pytest.raises(error, match=message):
        fashion_mnist_tensors(**kwargs)


# ---------------------------------------------------------------------- where files are found


def test_search_order_root_then_dlbook_data_then_cache_then_debian(tmp_path, monkeypatch):
    layouts = {
        "debian": tmp_path / "debian",
        "cache": tmp_path / "xdg" / "dlbook" / "FashionMNIST" / "raw",
        "env": tmp_path / "env" / "FashionMNIST" / "raw",
    }
    first_label = {}
    for seed, (name, folder) in enumerate(layouts.items()):
        arrays, _ = write_set(folder, seed=seed, gz=name != "cache")
        first_label[name] = arrays["train"][0][0]
    monkeypatch.setattr(sources, "DEBIAN_FASHION_MNIST", layouts["debian"])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path / "env"))

    def first_image():
        X, _ = fashion_mnist_tensors(download=False, verify=False)
        return (X[0, 0] * 255).round().to(torch.uint8).numpy()

    assert np.array_equal(first_image(), first_label["env"])
    monkeypatch.delenv("DLBOOK_DATA")
    assert np.array_equal(first_image(), first_label["cache"])
    (layouts["cache"] / "t10k-labels-idx1-ubyte").unlink()  # incomplete: skipped
    assert np.array_equal(first_image(), first_label["debian"])
    X, _ = fashion_mnist_tensors(root=layouts["env"].parent.parent, download=False, verify=False)
    assert np.array_equal((X[0, 0] * 255).round().byte().numpy(), first_label["env"])


def test_download_goes_through_torchvision_into_the_cache(monkeypatch, written, tmp_path):
    folder, arrays = written
    calls = []

    def fake_download(self):  # what torchvision leaves: <root>/FashionMNIST/raw/*(.gz)
        calls.append(self.root)
        raw = Path(self.raw_folder)
        raw.mkdir(parents=True)
        for f in folder.iterdir():
            (raw / f.name).write_bytes(f.read_bytes())

    monkeypatch.setattr(torchvision.datasets.FashionMNIST, "download", fake_download)
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path / "data"))
    _, y = fashion_mnist_tensors("test")
    assert calls == [str(tmp_path / "data")]
    assert torch.equal(y, torch.from_numpy(arrays["test"][1]).long())
    fashion_mnist_tensors("test")  # found now: no second download
    assert len(calls) == 1


def test_a_failed_download_names_the_ways(monkeypatch, tmp_path):
    def offline(self):
        raise OSError("no network")

    monkeypatch.setattr(torchvision.datasets.FashionMNIST, "download", offline)
    with pytest.raises(DatasetNotFoundError, match="and the download failed") as info:
        fashion_mnist_tensors(root=tmp_path)
    assert "The download failed with OSError: no network" in str(info.value)
    assert "apt-get download dataset-fashion-mnist" in str(info.value)
    assert isinstance(info.value.__cause__, OSError)


# ------------------------------------------------------------------ the real Fashion-MNIST


@needs_debian_files
def test_debian_package_found_by_root_and_by_its_installed_path(monkeypatch):
    X, y = fashion_mnist_tensors(root=DEBIAN_UNPACKED, download=False)
    assert X.shape == (60_000, 1, 28, 28)
    assert X.min().item() == 0.0
    assert X.max().item() == 1.0
    assert torch.bincount(y).tolist() == [6000] * 10
    assert y[:10].tolist() == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]
    assert FASHION_MNIST_CLASSES[int(y[0])] == "Ankle boot"
    monkeypatch.setattr(sources, "DEBIAN_FASHION_MNIST", DEBIAN_UNPACKED)
    Xt, yt = fashion_mnist_tensors("test", n=1000, download=False)
    assert Xt.shape == (1000, 1, 28, 28)
    assert torch.bincount(yt).tolist() == [100] * 10
