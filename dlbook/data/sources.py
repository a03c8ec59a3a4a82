"""Where MNIST and Fashion-MNIST live on disk, their official checksums, Debian's package.

Only the standard library is imported here: ``noxfile.py`` loads this file by its path, before
dlbook is installed, to put Fashion-MNIST in place for the docs build.

Where the files are looked for, in order (the first directory holding all four files wins)
    1. ``root=`` when given (and then only there): ``<root>/<Name>/raw/`` (torchvision's
       layout) or ``<root>/`` itself (a flat folder, such as Debian's);
    2. ``$DLBOOK_DATA/<Name>/raw/`` when that variable is set;
    3. the user cache, ``<cache>/dlbook/<Name>/raw/`` (``$XDG_CACHE_HOME`` or ``~/.cache``);
    4. for Fashion-MNIST, ``/usr/share/datasets/fashion-mnist/`` (Debian's
       ``dataset-fashion-mnist``).

Each file may be unpacked (``train-images-idx3-ubyte``) or gzipped (``...-ubyte.gz``). Debian
recompressed its ``.gz`` files, so their MD5s differ from torchvision's; the checksums that
matter are those of the unpacked contents, ``SHA256`` below.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = [
    "DEBIAN_FASHION_MNIST",
    "DEBIAN_PACKAGE",
    "IDX_FILES",
    "SHA256",
    "DatasetIntegrityError",
    "DatasetNotFoundError",
    "data_dir",
    "fetch_debian_fashion_mnist",
    "find_idx_files",
    "not_found_message",
    "search_dirs",
    "unpacked_sha256",
]

#: Debian's package of Fashion-MNIST and where it installs the four ``.gz`` files.
DEBIAN_PACKAGE = "dataset-fashion-mnist"
_IN_PACKAGE = "usr/share/datasets/fashion-mnist"
DEBIAN_FASHION_MNIST = Path("/", _IN_PACKAGE)

#: The (images, labels) IDX files of each split, the same names for MNIST and Fashion-MNIST.
IDX_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
_ALL_FILES = (*IDX_FILES["train"], *IDX_FILES["test"])

#: SHA-256 of the unpacked IDX files. Fashion-MNIST's were computed from Debian's package
#: (0.0~git20200523.55506a9-1), whose unpacked files also have the MD5s torchvision once listed
#: for the unpacked originals (f4a8712d..., 9018921c..., 8181f547..., 15d48437...); MNIST's
#: are the digests published for the originals by several independent projects.
SHA256 = {
    "FashionMNIST": {
        "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
    "MNIST": {
        "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    },
}

#: Where torchvision downloads the ``.gz`` files from (its first mirror).
_URLS = {
    "MNIST": "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "FashionMNIST": "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
}


class DatasetNotFoundError(RuntimeError):
    """The files of a data set are not on disk and could not be downloaded."""


class DatasetIntegrityError(RuntimeError):
    """The files of a data set are on disk but are not the official ones (``verify=True``)."""


def data_dir() -> Path:
    """The directory the data sets are cached in.

    ``$DLBOOK_DATA`` if that environment variable is set; otherwise ``dlbook`` inside the
    user's cache directory, ``$XDG_CACHE_HOME`` (when set to an absolute path) or
    ``~/.cache``. The directory is created only when something is downloaded into it.
    """
    env = os.environ.get("DLBOOK_DATA")
    if env:
        return Path(env).expanduser()
    return _user_cache()


def _user_cache() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME")
    cache = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return cache / "dlbook"


def search_dirs(name: str, root: str | os.PathLike | None = None) -> list[Path]:
    """The directories searched for ``name`` (``"MNIST"`` or ``"FashionMNIST"``), in order."""
    _check_name(name)
    if root is not None:
        root = Path(root).expanduser()
        return [root / name / "raw", root]
    dirs = []
    if os.environ.get("DLBOOK_DATA"):
        dirs.append(Path(os.environ["DLBOOK_DATA"]).expanduser() / name / "raw")
    dirs.append(_user_cache() / name / "raw")
    if name == "FashionMNIST":
        dirs.append(DEBIAN_FASHION_MNIST)
    return list(dict.fromkeys(dirs))  # DLBOOK_DATA may be the cache itself


def find_idx_files(name: str, root: str | os.PathLike | None = None) -> dict[str, Path] | None:
    """The four IDX files of ``name`` in the first directory that holds them all, or ``None``.

    Keys are the unpacked names (``IDX_FILES``); a value is the unpacked file where there is
    one, else its ``.gz``.
    """
    for folder in search_dirs(name, root):
        found = {f: _either(folder, f) for f in _ALL_FILES}
        if all(found.values()):
            return found
    return None


def _either(folder: Path, filename: str) -> Path | None:
    for path in (folder / filename, folder / f"{filename}.gz"):
        if path.is_file():
            return path
    return None


def unpacked_sha256(path: str | os.PathLike) -> str:
    """SHA-256 (hex) of a file's contents, unpacked first when its name ends in ``.gz``."""
    path = Path(path)
    digest = hashlib.sha256()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def not_found_message(name: str, root, why: str) -> str:
    """Every way to get ``name``'s files, and where they were looked for."""
    lines = [f"{name} not found ({why}). Looked for its four IDX files (unpacked or .gz) in:"]
    for folder in search_dirs(name, root):
        present = [f for f in _ALL_FILES if _either(folder, f)]
        note = f"  ({len(present)} of 4 present: {', '.join(present)})" if present else ""
        lines.append(f"    {folder}{os.sep}{note}")
    lines += [
        f"The files are {', '.join(f + '.gz' for f in _ALL_FILES)}. To get them, either",
        f"  - pass root= a directory holding them (directly or in {name}{os.sep}raw{os.sep}),",
        f"    or set the environment variable DLBOOK_DATA to one holding {name}{os.sep}raw; or",
    ]
    if name == "FashionMNIST":
        target = data_dir() / name / "raw"
        lines += [
            f"  - without root rights, from Debian's package {DEBIAN_PACKAGE}:",
            f"        cd /tmp && apt-get download {DEBIAN_PACKAGE}",
            f"        dpkg-deb -x {DEBIAN_PACKAGE}_*.deb /tmp/fmnist-deb",
            f"        mkdir -p {target} && cp /tmp/fmnist-deb{DEBIAN_FASHION_MNIST}/*.gz {target}/",
            "    (nox -s docs does this by itself); or",
            f"  - with root rights: sudo apt install {DEBIAN_PACKAGE}",
            f"    (installs into {DEBIAN_FASHION_MNIST}{os.sep}, where it is found); or",
        ]
    lines += [
        "  - call again with download=True on a machine with internet access (torchvision",
        f"    downloads them from {_URLS[name]}); or download them by hand from",
        *(f"        {_URLS[name]}{f}.gz" for f in _ALL_FILES),
        f"    into {data_dir() / name / 'raw'}{os.sep}.",
    ]
    return "\n".join(lines)


def fetch_debian_fashion_mnist(
    dest: str | os.PathLike | None = None, *, apt_get: str = "apt-get", dpkg_deb: str = "dpkg-deb"
) -> Path:
    """Download Debian's ``dataset-fashion-mnist`` without root; copy its ``.gz`` files to ``dest``.

    Runs ``apt-get download`` and ``dpkg-deb -x`` in a temporary directory, checks the unpacked
    SHA-256 of the four files, and copies them into ``dest`` (default
    ``data_dir()/FashionMNIST/raw``), where dlbook finds them. Returns ``dest``.

    Raises
    ------
    DatasetNotFoundError
        ``apt-get`` or ``dpkg-deb`` is missing or failed (no Debian registry, no network).
    DatasetIntegrityError
        The package's files do not have Fashion-MNIST's checksums.
    """
    dest = Path(dest).expanduser() if dest is not None else data_dir() / "FashionMNIST" / "raw"
    with tempfile.TemporaryDirectory(prefix="dlbook-fmnist-") as tmp_name:
        tmp = Path(tmp_name)
        _run([apt_get, "download", DEBIAN_PACKAGE], cwd=tmp)
        debs = sorted(tmp.glob(f"{DEBIAN_PACKAGE}_*.deb"))
        if not debs:
            raise DatasetNotFoundError(f"{apt_get} download {DEBIAN_PACKAGE} left no .deb in {tmp}")
        _run([dpkg_deb, "-x", str(debs[-1]), str(tmp / "x")], cwd=tmp)
        src = tmp / "x" / _IN_PACKAGE
        for filename in _ALL_FILES:
            packed = src / f"{filename}.gz"
            if not packed.is_file():
                raise DatasetNotFoundError(f"{debs[-1].name} holds no {packed.name}")
            got = unpacked_sha256(packed)
            if got != SHA256["FashionMNIST"][filename]:
                raise DatasetIntegrityError(
                    f"{packed.name} from {debs[-1].name} unpacks to SHA-256 {got}, not "
                    f"Fashion-MNIST's {SHA256['FashionMNIST'][filename]}; not copied"
                )
        dest.mkdir(parents=True, exist_ok=True)
        for filename in _ALL_FILES:
            part = dest / f".{filename}.gz.part"
            shutil.copyfile(src / f"{filename}.gz", part)
            part.replace(dest / f"{filename}.gz")  # atomic: never half a file under its name
    return dest


def _run(command: list[str], cwd: Path) -> None:
    try:
        subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True, timeout=900)
    except FileNotFoundError as err:
        raise DatasetNotFoundError(f"{command[0]} is not installed: {err}") from err
    except subprocess.CalledProcessError as err:
        tail = (err.stderr or err.stdout or "").strip()[-500:]
        raise DatasetNotFoundError(
            f"{' '.join(command)} failed with exit status {err.returncode}: {tail}"
        ) from err
    except subprocess.TimeoutExpired as err:
        raise DatasetNotFoundError(f"{' '.join(command)} took over {err.timeout:.0f} s") from err


def _check_name(name: str) -> None:
    if name not in SHA256:
        raise ValueError(f"unknown data set {name!r}; expected one of {sorted(SHA256)}")
