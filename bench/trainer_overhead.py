"""How much does ``dlbook.train.Trainer`` cost over the loop it replaces?

Trains the same MLP (64-128-128-10 on scikit-learn's digits) with a hand-written PyTorch loop
and with ``Trainer``, both reading the same ``TensorLoader``, alternating hand, trainer, hand,
trainer, ... in one process after a warm-up, so drifts in machine load hit both alike. Prints
every time, the median of each and the median ratio Trainer / hand loop; exits with status 1
if the ratio exceeds ``--max-ratio``.

Both loops do the same work - forward, loss, backward, step, and the running loss and accuracy
of the epoch - and the script checks that they produce the same losses to the last bit.

Times are this process's CPU time by default (``--clock wall`` for wall-clock time, the right
choice on a GPU), with one torch thread: on a small machine shared with other jobs, wall time
and OpenMP threads measure the neighbours more than the loops.

Run: ``python bench/trainer_overhead.py [--repeats 15] [--epochs 20] [--max-ratio 1.05]
[--json bench/results/trainer.json]``
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
from pathlib import Path

import torch
from sklearn.datasets import load_digits
from torch import nn

from dlbook.benchmark import hardware
from dlbook.data.loader import TensorLoader
from dlbook.seed import seed_everything
from dlbook.train import Trainer

LR = 0.1


def make_model() -> nn.Module:
    """The benchmark network, initialized the same way every time."""
    torch.manual_seed(1)
    return nn.Sequential(
        nn.Linear(64, 128),
        nn.ReLU(),
        nn.Linear(128, 128),
        nn.ReLU(),
        nn.Linear(128, 10),
    )


def hand_loop(model: nn.Module, loader: TensorLoader, epochs: int, seed: int = 0) -> list:
    """The loop of any PyTorch tutorial, with the running loss and accuracy of each epoch."""
    seed_everything(seed)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(epochs):
        model.train()
        total, correct, n = 0.0, 0, 0
        for xb, yb in loader:
            out = model(xb)
            loss = loss_fn(out, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
            correct += (out.argmax(1) == yb).sum().item()
            n += len(yb)
        losses.append((total / n, correct / n))
    return losses


def trainer_loop(model: nn.Module, loader: TensorLoader, epochs: int, seed: int = 0) -> list:
    """The same training through ``Trainer``."""
    trainer = Trainer(
        lambda params: torch.optim.SGD(params, lr=LR),
        epochs=epochs,
        seed=seed,
        device=loader.device,
        progress=False,
    )
    history = trainer.fit(model, loader)
    return list(zip(history["train_loss"], history["train_accuracy"], strict=True))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed runs of each loop")
    parser.add_argument("--epochs", type=int, default=20, help="epochs per run")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch CPU threads (1: steadier on a small shared machine)",
    )
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, ...")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="cpu: this process's CPU time, which other jobs on a shared "
        "machine do not inflate (use wall on a GPU)",
    )
    parser.add_argument(
        "--max-ratio",
        type=float,
        default=1.05,
        help="fail (exit 1) if median Trainer / hand loop exceeds this",
    )
    parser.add_argument(
        "--json", type=Path, default=None, help="also write the results to this JSON file"
    )
    args = parser.parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    digits = load_digits()
    X = torch.tensor(digits.data, dtype=torch.float32) / 16  # (1797, 64) in [0, 1]
    y = torch.tensor(digits.target)  # (1797,)

    clock = time.process_time if args.clock == "cpu" else time.perf_counter

    def run(loop) -> tuple[float, list]:
        loader = TensorLoader(X, y, args.batch_size, device=args.device, seed=0)
        model = make_model().to(loader.device)
        if loader.device.type == "cuda":
            torch.cuda.synchronize()
        tic = clock()
        result = loop(model, loader, args.epochs)
        if loader.device.type == "cuda":
            torch.cuda.synchronize()
        return clock() - tic, result

    loops = {"hand": hand_loop, "trainer": trainer_loop}
    for loop in loops.values():  # warm-up: lazy imports, allocator, caches
        run(loop)
    times: dict = {name: [] for name in loops}
    results: dict = {}
    device = TensorLoader(X[:1], y[:1], device=args.device).device
    batches = -(-len(y) // args.batch_size)
    print(
        f"digits {tuple(X.shape)}, MLP 64-128-128-10, {args.epochs} epochs x {batches} "
        f"batches, device {device}, {torch.get_num_threads()} thread(s), {args.clock} time"
    )
    for i in range(args.repeats):
        line = []
        for name, loop in loops.items():
            seconds, results[name] = run(loop)
            times[name].append(seconds)
            line.append(f"{name} {seconds:.3f} s")
        print(f"  run {i + 1:2d}: " + ", ".join(line))

    same = results["hand"] == results["trainer"]
    hand, trainer = statistics.median(times["hand"]), statistics.median(times["trainer"])
    ratio = statistics.median(t / h for t, h in zip(times["trainer"], times["hand"], strict=True))
    per_batch = (trainer - hand) / (args.epochs * batches) * 1e6
    print(
        f"median hand loop {hand:.3f} s, median Trainer {trainer:.3f} s "
        f"({per_batch:+.1f} us per batch)"
    )
    print(f"median ratio Trainer / hand loop: {ratio:.3f} (limit {args.max_ratio})")
    if args.json is not None:
        report = {
            **hardware(device),  # machine, device ("cpu (1 thread)", "cuda (NVIDIA ...)"), ...
            "date": datetime.date.today().isoformat(),
            "workload": f"MLP 64-128-128-10 on digits, {args.epochs} epochs x {batches} batches",
            "clock": "process CPU time" if args.clock == "cpu" else "wall-clock time",
            "repeats": args.repeats,
            "median_hand_loop_s": hand,
            "median_trainer_s": trainer,
            "overhead_per_batch_us": per_batch,
            "median_ratio": ratio,
            "max_ratio": args.max_ratio,
            "passed": same and ratio <= args.max_ratio,
            "hand_loop_s": times["hand"],
            "trainer_s": times["trainer"],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    if not same:
        print("FAIL: the two loops did not compute the same losses", file=sys.stderr)
        return 2
    if ratio > args.max_ratio:
        print(f"FAIL: Trainer overhead {ratio:.3f} > {args.max_ratio}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
