"""Pick the device a run uses: CUDA, then Apple's MPS, then the CPU.

The environment variable ``DLBOOK_DEVICE`` (``cpu``, ``cuda``, ``cuda:1``, ``mps``) overrides
the automatic choice, so the same script runs on a laptop, a CPU-only CI machine and a GPU
build runner.
"""

from __future__ import annotations

import os

import torch

ENV_VAR = "DLBOOK_DEVICE"


def get_device(device: str | torch.device | None = "auto") -> torch.device:
    """Return the ``torch.device`` to run on.

    ``"auto"`` (or ``None``) honours ``DLBOOK_DEVICE`` if set, else picks cuda, mps, cpu in that
    order. An explicit device that is not available raises a ``RuntimeError`` saying so.
    """
    if isinstance(device, torch.device):
        return _check_available(device)
    if device is None or (isinstance(device, str) and device.strip().lower() == "auto"):
        env = os.environ.get(ENV_VAR, "").strip()
        if env and env.lower() != "auto":
            return _parse(env, source=f"${ENV_VAR}")
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if not isinstance(device, str):
        raise TypeError(f"device must be 'auto', a string or a torch.device, got {device!r}")
    return _parse(device, source="device")


def describe(device: str | torch.device | None = "auto") -> str:
    """A one-line description of the device, e.g. ``'cuda (NVIDIA H100 80GB HBM3)'``."""
    dev = get_device(device)
    if dev.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(dev)})"
    if dev.type == "cpu":
        n = torch.get_num_threads()
        return f"cpu ({n} thread{'s' if n != 1 else ''})"
    return dev.type


def devices_to_compare() -> list[torch.device]:
    """The devices a CPU-versus-GPU comparison runs on: the CPU first, then ``get_device()``.

    ``[cpu, cuda]`` on a machine with a GPU (or ``[cpu, mps]``), ``[cpu]`` where
    ``get_device()`` picks the CPU (no GPU, or ``DLBOOK_DEVICE=cpu``)::

        for device in devices_to_compare():
            seconds[device.type] = time_fn(lambda: a.to(device) @ b.to(device), device=device)
    """
    cpu, best = torch.device("cpu"), get_device()
    return [cpu] if best.type == "cpu" else [cpu, best]


def why_cpu() -> str | None:
    """Why ``get_device()`` picks the CPU, for a run to print; ``None`` when it picks a GPU.

    ``"DLBOOK_DEVICE=cpu"`` when the environment asks for it, else ``"torch sees no GPU on this
    machine"``.
    """
    if get_device().type != "cpu":
        return None
    env = os.environ.get(ENV_VAR, "").strip()
    if env and env.lower() != "auto":
        return f"{ENV_VAR}={env}"
    return "torch sees no GPU in this build"


def _parse(text: str, source: str) -> torch.device:
    try:
        dev = torch.device(text.strip().lower())  # " CUDA:0" -> cuda:0
    except RuntimeError as err:
        raise ValueError(
            f"{source}={text!r} is not a device; use 'auto', 'cpu', 'cuda', 'cuda:N' or 'mps'"
        ) from err
    return _check_available(dev, source)


def _check_available(dev: torch.device, source: str = "device") -> torch.device:
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(
            f"{source} asks for {dev} but torch sees no CUDA device; use 'auto' or 'cpu'"
        )
    if dev.type == "cuda" and dev.index is not None and dev.index >= torch.cuda.device_count():
        raise RuntimeError(
            f"{source} asks for {dev} but only {torch.cuda.device_count()} CUDA device(s) exist"
        )
    if dev.type == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise RuntimeError(f"{source} asks for mps but it is not available on this machine")
    return dev
