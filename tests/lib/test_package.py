"""Importing dlbook: passive OpenMP waiting unless the user chose, the version, the exports."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import dlbook

PROBE = "import dlbook, os, sys; print(os.environ.get('OMP_WAIT_POLICY'))"


def _probe(code: str, **env: str) -> str:
    full = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"} | env
    return subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_dlbook_imported_first_asks_openmp_to_wait_passively():
    assert _probe(PROBE) == "PASSIVE"


def test_a_users_openmp_wait_policy_is_kept():
    assert _probe(PROBE, OMP_WAIT_POLICY="ACTIVE") == "ACTIVE"


def test_after_torch_nothing_is_set_because_it_would_be_too_late():
    assert _probe("import torch; " + PROBE) == "None"


@pytest.mark.parametrize("name", dlbook.__all__)
def test_exports_exist(name):
    assert hasattr(dlbook, name)
