"""Tests for the helpers in noxfile.py: option parsing, the wheelhouse's requirement list,
and which generated gallery files count as stale."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("nox")  # in the test group


@pytest.fixture(scope="module")
def noxfile():
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)  # noxfile reads pyproject.toml from the working directory
        mp.syspath_prepend(str(ROOT))
        module = importlib.import_module("noxfile")
    yield module
    sys.modules.pop("noxfile", None)


@pytest.mark.parametrize(
    ("requirement", "name"),
    [("torch>=2.2", "torch"), ("scikit-learn>=1.3", "scikit-learn"), ("Foo[bar]~=1.0", "foo"),
     ("tqdm", "tqdm"), ("numpy >=1.24; python_version<'4'", "numpy")],
)  # fmt: skip
def test_requirement_names(noxfile, requirement, name):
    assert noxfile._name(requirement) == name


def test_the_runner_provides_only_what_dlbook_depends_on(noxfile):
    names = {noxfile._name(d) for d in noxfile.PYPROJECT["project"]["dependencies"]}
    assert set(noxfile.RUNNER_PROVIDES) <= names


def test_jobs_option_sets_the_gallery_jobs(noxfile):
    args = ["--jobs", "2", "-v"]
    env = noxfile._docs_env(args)
    assert env["DLBOOK_GALLERY_JOBS"] == "2"
    assert args == ["-v"]


@pytest.mark.parametrize("bad", [["--jobs", "0"], ["--jobs", "two"], ["--jobs"]])
def test_bad_jobs_option_is_an_error(noxfile, bad):
    with pytest.raises(SystemExit, match="--jobs"):
        noxfile._docs_env(list(bad))


def test_no_exec_turns_execution_off(noxfile):
    args = ["--no-exec"]
    env = noxfile._docs_env(args)
    assert env["DLBOOK_NB_EXECUTION"] == "off"
    assert args == ["-D", "plot_gallery=0"]
    assert "DLBOOK_GALLERY_JOBS" not in env


def test_stale_gallery_outputs(noxfile, tmp_path, monkeypatch):
    gallery, out = tmp_path / "gallery", tmp_path / "auto_examples"
    (gallery / "era").mkdir(parents=True)
    (gallery / "era" / "plot_kept.py").touch()
    files = [
        "era/plot_kept.rst", "era/plot_gone.rst", "era/plot_gone.ipynb",
        "era/images/sphx_glr_plot_kept_001.png", "era/images/sphx_glr_plot_gone_001.png",
        "era/images/sphx_glr_plot_gone_001_2_00x.png",
        "era/images/thumb/sphx_glr_plot_gone_thumb.png", "old_era/plot_x.rst", "index.rst",
    ]  # fmt: skip
    for f in files:
        (out / f).parent.mkdir(parents=True, exist_ok=True)
        (out / f).touch()
    monkeypatch.setattr(noxfile, "GALLERY", gallery)
    monkeypatch.setattr(noxfile, "GALLERY_OUT", out)
    stale = {p.relative_to(out).as_posix() for p in noxfile._stale_gallery_outputs()}
    assert stale == {
        "era/plot_gone.rst", "era/plot_gone.ipynb", "era/images/sphx_glr_plot_gone_001.png",
        "era/images/sphx_glr_plot_gone_001_2_00x.png",
        "era/images/thumb/sphx_glr_plot_gone_thumb.png", "old_era",
    }  # fmt: skip
