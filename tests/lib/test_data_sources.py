"""Tests of dlbook.data.sources (where the files are looked for, Debian's package fetched
without root) and of noxfile's ``_ensure_fashion_mnist``, which uses it.

``apt-get`` and ``dpkg-deb`` are replaced by small Python scripts on a private PATH, so no test
touches the network or the machine's package manager. The whole chain with Debian's real
package runs where /tmp holds ``dataset-fashion-mnist_*.deb`` (copied, not downloaded).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from dlbook.data import DatasetIntegrityError, DatasetNotFoundError, fashion_mnist_tensors, sources

ROOT = Path(__file__).resolve().parents[2]
FILES = [*sources.IDX_FILES["train"], *sources.IDX_FILES["test"]]
REAL_DEBS = sorted(Path("/tmp").glob("dataset-fashion-mnist_*.deb"))


@pytest.fixture(autouse=True)
def no_real_data(monkeypatch, tmp_path):
    monkeypatch.delenv("DLBOOK_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(sources, "DEBIAN_FASHION_MNIST", Path("/nonexistent/fashion-mnist"))


def tiny_gz_files() -> dict[str, bytes]:
    """Four gzipped IDX files of 2 training and 1 test image."""
    out = {}
    for name in FILES:
        n = 2 if name.startswith("train") else 1
        shape = (n, 28, 28) if "images" in name else (n,)
        array = np.full(shape, 7, dtype=np.uint8)
        header = bytes([0, 0, 8, array.ndim]) + np.array(shape, ">i4").tobytes()
        out[name] = gzip.compress(header + array.tobytes())
    return out


def fake_tools(bin_dir: Path, *, payload: Path | None, apt_status: int = 0) -> None:
    """Put fake ``apt-get`` and ``dpkg-deb`` in ``bin_dir``.

    ``apt-get download`` writes a .deb (a copy of a real one when ``payload`` is a .deb, an
    empty file otherwise) or fails with ``apt_status``; ``dpkg-deb -x DEB DIR`` copies
    ``payload``'s .gz files (a folder) into DIR/usr/share/datasets/fashion-mnist, or runs the
    real dpkg-deb when ``payload`` is a .deb.
    """
    bin_dir.mkdir(parents=True, exist_ok=True)
    real_dpkg = shutil.which("dpkg-deb")
    apt = f"""#!{sys.executable}
import shutil, sys
if {apt_status}:
    sys.stderr.write("E: Unable to locate package dataset-fashion-mnist\\n")
    sys.exit({apt_status})
assert sys.argv[1:] == ["download", "dataset-fashion-mnist"], sys.argv
payload = {str(payload)!r}
if payload.endswith(".deb"):
    shutil.copy(payload, "dataset-fashion-mnist_1.0_all.deb")
else:
    open("dataset-fashion-mnist_1.0_all.deb", "wb").close()
"""
    dpkg = f"""#!{sys.executable}
import os, shutil, subprocess, sys
payload = {str(payload)!r}
assert sys.argv[1] == "-x", sys.argv
if payload.endswith(".deb"):
    env = dict(os.environ, PATH="/usr/sbin:/usr/bin:/sbin:/bin")  # dpkg-deb runs tar
    sys.exit(subprocess.call([{real_dpkg!r}, *sys.argv[1:]], env=env))
dest = os.path.join(sys.argv[3], "usr/share/datasets/fashion-mnist")
shutil.copytree(payload, dest)
"""
    for name, text in (("apt-get", apt), ("dpkg-deb", dpkg)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)


@pytest.fixture
def tiny_package(tmp_path, monkeypatch):
    """Fake tools on PATH whose 'package' holds tiny files, whose digests are recorded."""
    payload = tmp_path / "payload"
    payload.mkdir()
    files = tiny_gz_files()
    for name, data in files.items():
        (payload / f"{name}.gz").write_bytes(data)
    digests = {n: hashlib.sha256(gzip.decompress(d)).hexdigest() for n, d in files.items()}
    monkeypatch.setitem(sources.SHA256, "FashionMNIST", digests)
    fake_tools(tmp_path / "bin", payload=payload)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    return payload


# ------------------------------------------------------------------------------- searching


def test_search_dirs_in_order(tmp_path, monkeypatch):
    cache = tmp_path / "cache" / "dlbook"
    monkeypatch.setattr(sources, "DEBIAN_FASHION_MNIST", tmp_path / "debian")
    assert sources.search_dirs("FashionMNIST") == [cache / "FashionMNIST/raw", tmp_path / "debian"]
    assert sources.search_dirs("MNIST") == [cache / "MNIST/raw"]  # Debian has no MNIST
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path / "env"))
    assert sources.search_dirs("MNIST") == [tmp_path / "env/MNIST/raw", cache / "MNIST/raw"]
    monkeypatch.setenv("DLBOOK_DATA", str(cache))
    assert sources.search_dirs("MNIST") == [cache / "MNIST/raw"]  # once
    assert sources.search_dirs("MNIST", tmp_path / "r") == [
        tmp_path / "r/MNIST/raw",
        tmp_path / "r",
    ]
    with pytest.raises(ValueError, match=r"unknown data set 'KMNIST'; expected one of \['Fash"):
        sources.search_dirs("KMNIST")


def test_find_idx_files_needs_all_four_and_prefers_unpacked(tmp_path):
    for name in FILES[:3]:
        (tmp_path / f"{name}.gz").write_bytes(b"x")
    assert sources.find_idx_files("FashionMNIST", tmp_path) is None
    (tmp_path / FILES[3]).write_bytes(b"x")
    (tmp_path / FILES[0]).write_bytes(b"x")
    found = sources.find_idx_files("FashionMNIST", tmp_path)
    assert found == {
        FILES[0]: tmp_path / FILES[0],
        FILES[1]: tmp_path / f"{FILES[1]}.gz",
        FILES[2]: tmp_path / f"{FILES[2]}.gz",
        FILES[3]: tmp_path / FILES[3],
    }


def test_unpacked_sha256_is_that_of_the_contents(tmp_path):
    (tmp_path / "a.gz").write_bytes(gzip.compress(b"abc", mtime=1))
    (tmp_path / "b").write_bytes(b"abc")
    expected = hashlib.sha256(b"abc").hexdigest()
    assert sources.unpacked_sha256(tmp_path / "a.gz") == expected
    assert sources.unpacked_sha256(tmp_path / "b") == expected


# --------------------------------------------------------------------- Debian, without root


def test_fetch_debian_copies_the_checked_files_into_the_cache(tiny_package, tmp_path):
    dest = sources.fetch_debian_fashion_mnist()
    assert dest == tmp_path / "cache" / "dlbook" / "FashionMNIST" / "raw"
    assert sorted(p.name for p in dest.iterdir()) == sorted(f"{n}.gz" for n in FILES)
    X, y = fashion_mnist_tensors("train", download=False)  # found and verified there
    assert X.shape == (2, 1, 28, 28)
    assert X.unique().tolist() == [pytest.approx(7 / 255)]
    assert y.tolist() == [7, 7]


def test_fetch_debian_refuses_files_with_other_digests(tiny_package, tmp_path, monkeypatch):
    monkeypatch.setitem(sources.SHA256["FashionMNIST"], FILES[2], "0" * 64)
    with pytest.raises(DatasetIntegrityError, match=f"{FILES[2]}.gz from dataset-fashion-mnist_"):
        sources.fetch_debian_fashion_mnist()
    assert not (tmp_path / "cache").exists()  # nothing copied


def test_fetch_debian_without_apt_get(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(DatasetNotFoundError, match="apt-get is not installed"):
        sources.fetch_debian_fashion_mnist()


def test_fetch_debian_when_apt_get_fails(tmp_path, monkeypatch):
    fake_tools(tmp_path / "bin", payload=None, apt_status=100)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(DatasetNotFoundError) as info:
        sources.fetch_debian_fashion_mnist(tmp_path / "dest")
    assert "apt-get download dataset-fashion-mnist failed with exit status 100" in str(info.value)
    assert "Unable to locate package" in str(info.value)
    assert not (tmp_path / "dest").exists()


@pytest.mark.skipif(not REAL_DEBS, reason="no /tmp/dataset-fashion-mnist_*.deb (apt-get download)")
@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is not installed")
def test_fetch_debian_with_the_real_package(tmp_path, monkeypatch):
    fake_tools(tmp_path / "bin", payload=REAL_DEBS[-1])  # apt-get copies it, dpkg-deb is real
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    dest = sources.fetch_debian_fashion_mnist(tmp_path / "dest")
    assert sorted(p.name for p in dest.iterdir()) == sorted(f"{n}.gz" for n in FILES)
    _, y = fashion_mnist_tensors("test", root=dest, download=False)
    assert y.shape == (10_000,)


# ---------------------------------------------------------------- noxfile's docs sessions


class FakeSession:
    def __init__(self, *posargs: str):
        self.posargs = list(posargs)
        self.logs: list[str] = []
        self.warnings: list[str] = []

    def log(self, message: str) -> None:
        self.logs.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


@pytest.fixture(scope="module")
def ensure():
    """noxfile's ``_ensure_fashion_mnist``; the module is left imported for tests/tooling."""
    pytest.importorskip("nox")
    noxfile = sys.modules.get("noxfile")
    if noxfile is None:
        with pytest.MonkeyPatch.context() as mp, warnings.catch_warnings():
            mp.chdir(ROOT)  # noxfile reads pyproject.toml from the working directory
            mp.syspath_prepend(str(ROOT))
            warnings.filterwarnings("ignore", "The session .* has already been registered")
            noxfile = importlib.import_module("noxfile")
    return noxfile._ensure_fashion_mnist


def test_nox_leaves_data_that_is_found(ensure, tmp_path, monkeypatch):
    raw = tmp_path / "env" / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    for name in FILES:
        (raw / f"{name}.gz").write_bytes(b"x")
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path / "env"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # apt-get would fail if called
    session = FakeSession()
    ensure(session)
    assert session.logs == [f"Fashion-MNIST found in {raw}"]
    assert session.warnings == []


def test_nox_fetches_the_debian_package_into_the_cache(ensure, tiny_package, tmp_path):
    # the noxfile loads its own copy of sources.py: the digests patched here do not reach it,
    # so the tiny package is refused as not Fashion-MNIST, and nothing is copied
    session = FakeSession()
    ensure(session)
    assert session.logs == []
    assert "not fetched" in session.warnings[0]
    assert "unpacks to SHA-256" in session.warnings[0]
    assert "torchvision's download" in session.warnings[0]
    assert not (tmp_path / "cache").exists()


def test_nox_without_apt_get_warns_and_goes_on(ensure, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    session = FakeSession("--jobs", "2")
    ensure(session)
    assert "apt-get is not installed" in session.warnings[0]
    session = FakeSession("--no-exec")  # nothing is executed: nothing is needed
    ensure(session)
    assert session.logs == session.warnings == []


@pytest.mark.skipif(not REAL_DEBS, reason="no /tmp/dataset-fashion-mnist_*.deb (apt-get download)")
@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is not installed")
def test_nox_on_a_fresh_machine_with_the_real_package(ensure, tmp_path, monkeypatch):
    fake_tools(tmp_path / "bin", payload=REAL_DEBS[-1])
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    session = FakeSession()
    ensure(session)
    raw = tmp_path / "cache" / "dlbook" / "FashionMNIST" / "raw"
    assert session.warnings == []
    assert session.logs == [f"Fashion-MNIST: Debian's dataset-fashion-mnist unpacked into {raw}"]
    X, _ = fashion_mnist_tensors(n=50, download=False)  # found in the cache, verified
    assert X.shape == (50, 1, 28, 28)
    session = FakeSession()
    ensure(session)  # a second build finds it
    assert session.logs == [f"Fashion-MNIST found in {raw}"]
