"""The examples that exist to show the GPU, run as a reader runs them, on each device.

On a CPU-only machine (or with ``DLBOOK_DEVICE=cpu``) they must measure the CPU and say so;
with a CUDA device they must measure both and print the speed-up. The GPU tests fake
nothing: without CUDA they are skipped, with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[2]
MATMUL = ROOT / "gallery" / "whynow" / "plot_cpu_vs_gpu.py"
TRAINING = ROOT / "gallery" / "whynow" / "plot_gpu_training.py"
needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


def number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.mark.slow
@pytest.mark.parametrize("script", [MATMUL, TRAINING], ids=lambda p: p.stem)
def test_cpu_build_measures_the_cpu_and_says_so(script, tmp_path, run_example):
    out = run_example(script, tmp_path, timeout=600, DLBOOK_DEVICE="cpu")
    assert "DLBOOK_DEVICE=cpu" in out
    assert "CPU only" in out
    assert not re.search(r"^\s*(cuda GFLOP/s|GPU: seconds)", out, re.MULTILINE)  # no GPU rows
    if script == TRAINING:
        accuracy = number(re.search(r"test accuracy after \d+ epochs ([\d.]+)", out).group(1))
        assert accuracy > 0.8  # 8 epochs of Adam: 0.913 on the 2-core CPU it was written on


@pytest.mark.gpu
@pytest.mark.slow
@needs_cuda
def test_gpu_matmul_is_at_least_ten_times_the_cpu(tmp_path, run_example):
    out = run_example(MATMUL, tmp_path, timeout=600, DLBOOK_DEVICE="cuda")
    row = re.search(r"matmul n=2048 \(GFLOP/s\)\s+([\d,.]+)\s+([\d,.]+)\s+([\d,.]+)x", out)
    assert row, out
    cpu, gpu, speedup = map(number, row.groups())
    assert speedup == pytest.approx(gpu / cpu, rel=0.01)
    assert speedup >= 10


@pytest.mark.gpu
@pytest.mark.slow
@needs_cuda
def test_gpu_training_run_is_faster_and_learns_as_well(tmp_path, run_example):
    out = run_example(TRAINING, tmp_path, timeout=600, DLBOOK_DEVICE="cuda")
    speedup = number(re.search(r"speed-up ([\d,.]+)x", out).group(1))
    cpu, gpu = map(number, re.search(r"test accuracy: CPU ([\d.]+), GPU ([\d.]+)", out).groups())
    assert speedup > 1
    assert cpu > 0.8
    assert gpu > 0.8
