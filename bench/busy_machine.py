"""Does an example slow down in proportion to the CPU it gets when the machine is busy?

Runs one gallery example on its own (``python plot_x.py``, as a reader does) three times in
each of four conditions and reports the median wall time of each:

- idle, and with ``--busy N`` other processes spinning on the CPU (default: one per core);
- with OpenMP's default waiting (threads spin while they wait for work: ``ACTIVE``) and with
  ``OMP_WAIT_POLICY=PASSIVE``, which dlbook asks for when it is imported before torch.

On 2 cores with 2 busy processes a fair share is half the CPU, so a slowdown near 2x is
proportional; spinning threads can make it many times that. Writes
``bench/results/busy_machine.json``. Run: ``python bench/busy_machine.py [SCRIPT] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dlbook.benchmark import hardware

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "gallery" / "imagenet" / "plot_relu_vs_tanh_speed.py"


def _spin() -> None:  # pragma: no cover - runs in a child process until terminated
    while True:
        pass


def run_once(script: Path, policy: str) -> float:
    """Seconds one standalone run of ``script`` takes with OpenMP wait policy ``policy``."""
    env = {**os.environ, "MPLBACKEND": "Agg", "OMP_WAIT_POLICY": policy}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(script)], cwd=tmp, env=env, check=True, capture_output=True
        )
        return time.perf_counter() - start


def measure(script: Path, busy: int, repeat: int, policies: list[str]) -> dict:
    """Median seconds per condition, and each busy/idle ratio."""
    result: dict = {}
    for load in (0, busy):
        spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(load)]
        for p in spinners:
            p.start()
        try:
            for policy in policies:
                times = [run_once(script, policy) for _ in range(repeat)]
                key = f"{'busy' if load else 'idle'}_{policy.lower()}_s"
                result[key] = round(statistics.median(times), 2)
                result[key.replace("_s", "_runs_s")] = [round(t, 2) for t in times]
        finally:
            for p in spinners:
                p.terminate()
    for policy in (p.lower() for p in policies):
        result[f"slowdown_{policy}"] = round(
            result[f"busy_{policy}_s"] / result[f"idle_{policy}_s"], 2
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--busy", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--policies",
        default="PASSIVE,ACTIVE",
        help="OpenMP wait policies to compare (ACTIVE, busy, can take many times as long)",
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench/results/busy_machine.json")
    args = parser.parse_args()
    result = {
        "script": args.script.resolve().relative_to(ROOT).as_posix(),
        "busy_processes": args.busy,
        "repeat": args.repeat,
        **hardware("cpu"),
        **measure(args.script, args.busy, args.repeat, args.policies.upper().split(",")),
    }
    for key, value in result.items():
        if not key.endswith("runs_s"):
            print(f"{key:>22}: {value}")
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
