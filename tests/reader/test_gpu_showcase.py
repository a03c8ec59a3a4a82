"""The examples whose subject is the GPU, downloaded and run as a reader runs them, on each
device.

A CPU-only run (no GPU, or ``DLBOOK_DEVICE=cpu``) must measure the CPU, say why no GPU was
measured, leave the GPU claim ``untested`` and state no GPU number; a CUDA run must measure
both devices and decide the claim from them. Each expectation is a function of a script's
output, so the one run of its downloaded notebook in the reader's environment (see
``conftest.py``) feeds every check. The GPU tests fake nothing: without CUDA they are
skipped, with the reason.
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

NUMBER = r"([\d.]+)"


def table_rows(out: str, first_column: str) -> list[dict[str, str]]:
    """The rows of the text table (a printed :class:`dlbook.table.Table`) whose header starts
    with ``first_column``, as ``{column: cell}`` without empty cells; the columns are read
    from the line of dashes under the header."""
    lines = out.splitlines()
    top = next(
        i
        for i, line in enumerate(lines[:-1])
        if line.split()[:1] == [first_column] and set(lines[i + 1]) == {"-", " "}
    )
    spans = [m.span() for m in re.finditer(r"-+", lines[top + 1])]
    header = [lines[top][a:b].strip() for a, b in spans]
    rows = []
    for line in lines[top + 2 :]:
        if not line.strip() or any(line[b : b + 2].strip() for _, b in spans[:-1]):
            break  # a blank line, or text that is not aligned on the columns
        cells = {name: line[a:b].strip() for name, (a, b) in zip(header, spans, strict=True)}
        rows.append({name: cell for name, cell in cells.items() if cell})
    return rows


def card(out: str) -> str:
    """The claim card printed last: from its 'Claim, VERDICT:' line to the end."""
    return out[out.rindex("Claim, ") :]


# -------------------------------------------------------------- expectations on the output


def check_cpu_only(out: str) -> None:
    """No GPU measured: the reason printed, no GPU row or number, the claim untested."""
    assert re.search(r"^GPU: none measured: \S", out, re.MULTILINE)  # and why
    assert not re.search(r"^GPU\b.*(GFLOP/s|s/epoch|images/s)", out, re.MULTILINE)
    assert "speed-up" not in out
    claim = card(out)
    assert claim.startswith("Claim, UNTESTED:"), claim
    assert re.search(r"Measured: nothing: no GPU was measured \(\S", claim)  # and why
    assert "A build that runs it measures:" in claim


def check_matmul_rates(out: str) -> dict[str, list[float]]:
    """Every measured rate is positive, and each device's sentence ("the rate rises from X
    to Y; its highest is Z") says what its column of the table holds."""
    rows = table_rows(out, "n")
    assert [int(r["n"]) for r in rows] == [64, 128, 256, 512, 1024, 2048, 4096]
    devices = [name for name in rows[0] if name not in ("n", "speed-up")]
    rates = {d: [float(r[d].removesuffix(" GFLOP/s")) for r in rows] for d in devices}
    for device, column in rates.items():
        assert all(r > 0 for r in column), column
        said = re.search(
            rf"^{re.escape(device)}: the rate (rises|falls) from {NUMBER} GFLOP/s at n=64 to "
            rf"{NUMBER} GFLOP/s at n=4096; its highest is {NUMBER} GFLOP/s$",
            out,
            re.MULTILINE,
        )
        assert said, out
        trend, first, last, highest = said.group(1), *map(float, said.groups()[1:])
        assert (first, last, highest) == (column[0], column[-1], max(column))
        assert trend == ("rises" if last > first else "falls")
    return rates


def check_training(out: str) -> dict[str, dict[str, str]]:
    """Each device's row has its time per epoch, the rate it implies, and a test accuracy a
    LeNet-5 reaches on Fashion-MNIST after 3 epochs (0.825 on the CPU it was written on)."""
    n_train = int(
        re.search(r"(?:book|paper) scale: ([\d,]+) training", out).group(1).replace(",", "")
    )
    rows = {r["device"]: r for r in table_rows(out, "device")}
    for row in rows.values():
        seconds = float(row["time"].removesuffix(" s/epoch"))  # rounded to 0.01 s
        rate = float(row["rate"].removesuffix(" images/s"))
        assert n_train / (seconds + 0.005) - 1 <= rate <= n_train / (seconds - 0.005) + 1
        assert 0.75 < float(row["test accuracy"]) < 0.95
    return rows


# ------------------------------------------------------------------------------- the runs


no_cuda = pytest.mark.skipif(torch.cuda.is_available(), reason="a CUDA device is present")


@pytest.mark.slow
@no_cuda
def test_matmul_on_a_cpu_build(reader_output):
    out = reader_output(MATMUL)
    check_cpu_only(out)
    assert list(check_matmul_rates(out)) == ["CPU"]


@pytest.mark.slow
@no_cuda
def test_training_on_a_cpu_build(reader_output):
    out = reader_output(TRAINING)
    check_cpu_only(out)
    assert list(check_training(out)) == ["CPU"]


@pytest.mark.gpu
@pytest.mark.slow
@needs_cuda
def test_gpu_matmul_is_at_least_ten_times_the_cpu(reader_output):
    out = reader_output(MATMUL)
    rates = check_matmul_rates(out)
    assert list(rates) == ["CPU", "GPU"]
    speedup = float(table_rows(out, "n")[-1]["speed-up"].removesuffix("x"))
    assert speedup == pytest.approx(rates["GPU"][-1] / rates["CPU"][-1], rel=0.01)
    assert speedup >= 10
    assert card(out).startswith("Claim, REPRODUCED:")


@pytest.mark.gpu
@pytest.mark.slow
@needs_cuda
def test_gpu_training_run_is_faster_and_learns_as_well(reader_output):
    out = reader_output(TRAINING)
    rows = check_training(out)
    assert list(rows) == ["CPU", "GPU"]
    cpu, gpu = (float(rows[d]["time"].removesuffix(" s/epoch")) for d in ("CPU", "GPU"))
    speedup = float(rows["GPU"]["speed-up"].removesuffix("x"))  # times rounded to 0.01 s
    assert (cpu - 0.005) / (gpu + 0.005) - 0.05 <= speedup <= (cpu + 0.005) / (gpu - 0.005) + 0.05
    assert speedup > 1
    accuracy = {d: float(rows[d]["test accuracy"]) for d in rows}
    assert accuracy["GPU"] == pytest.approx(accuracy["CPU"], abs=0.02)  # same seed, same run
    assert not card(out).startswith("Claim, UNTESTED:")
