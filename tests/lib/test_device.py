"""Tests for dlbook.device: the automatic choice, the DLBOOK_DEVICE override and clear errors."""

import pytest
import torch

from dlbook.device import ENV_VAR, describe, devices_to_compare, get_device, why_cpu

NO_CUDA = pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
NO_MPS = pytest.mark.skipif(
    getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available(),
    reason="needs a machine without MPS",
)


@pytest.fixture(autouse=True)
def _no_env(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)


def test_explicit_cpu():
    assert get_device("cpu") == torch.device("cpu")
    assert get_device(torch.device("cpu")) == torch.device("cpu")
    assert get_device(" CPU ") == torch.device("cpu")  # case and spaces forgiven


@pytest.mark.parametrize("auto", ["auto", None, "AUTO"])
def test_auto_honours_the_environment(monkeypatch, auto):
    monkeypatch.setenv(ENV_VAR, "cpu")
    assert get_device(auto) == torch.device("cpu")


def test_auto_picks_what_torch_sees(monkeypatch):
    for empty in ("", "  ", "auto"):
        monkeypatch.setenv(ENV_VAR, empty)
        if torch.cuda.is_available():
            expected = "cuda"
        elif getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            expected = "mps"
        else:
            expected = "cpu"
        assert get_device("auto").type == expected


def test_an_explicit_device_beats_the_environment(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "not-a-device")
    assert get_device("cpu") == torch.device("cpu")


def test_invalid_environment_value(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "gpu-please")
    with pytest.raises(ValueError, match=r"\$DLBOOK_DEVICE='gpu-please' is not a device"):
        get_device("auto")


@pytest.mark.parametrize("bad", ["tpu9", "", "cuda:abc"])
def test_invalid_device_string(bad):
    with pytest.raises(ValueError, match="is not a device; use 'auto', 'cpu'"):
        get_device(bad)


@pytest.mark.parametrize("bad", [0, 1.5, ["cpu"]])
def test_invalid_device_type(bad):
    with pytest.raises(TypeError, match=r"device must be 'auto', a string or a torch\.device"):
        get_device(bad)


@NO_CUDA
@pytest.mark.parametrize("request_", ["cuda", "cuda:0", torch.device("cuda")])
def test_cuda_without_cuda(request_):
    with pytest.raises(RuntimeError, match="no CUDA device; use 'auto' or 'cpu'"):
        get_device(request_)


@NO_CUDA
def test_cuda_from_the_environment_without_cuda(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "cuda")
    with pytest.raises(RuntimeError, match=r"\$DLBOOK_DEVICE asks for cuda"):
        get_device()


@NO_MPS
def test_mps_without_mps():
    with pytest.raises(RuntimeError, match="mps but it is not available"):
        get_device("mps")


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_index_out_of_range():
    n = torch.cuda.device_count()
    assert get_device("cuda:0").type == "cuda"
    with pytest.raises(RuntimeError, match=f"only {n} CUDA device"):
        get_device(f"cuda:{n}")


def test_describe_cpu():
    threads = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        assert describe("cpu") == "cpu (1 thread)"
        torch.set_num_threads(2)
        assert describe("cpu") == "cpu (2 threads)"
    finally:
        torch.set_num_threads(threads)


@pytest.mark.parametrize("value", ["cpu", " CPU "])
def test_why_cpu_names_the_environment(monkeypatch, value):
    monkeypatch.setenv(ENV_VAR, value)
    assert why_cpu() == f"{ENV_VAR}={value.strip()}"


@NO_CUDA
@NO_MPS
@pytest.mark.parametrize("value", [None, "auto"])
def test_why_cpu_without_a_gpu(monkeypatch, value):
    if value is not None:
        monkeypatch.setenv(ENV_VAR, value)
    assert why_cpu() == "torch sees no GPU in this build"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_why_cpu_is_none_on_a_gpu():
    assert why_cpu() is None


def _pretend_cuda(monkeypatch, available: bool) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: available)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: int(available))
    mps = getattr(torch.backends, "mps", None)
    if mps is not None:
        monkeypatch.setattr(mps, "is_available", lambda: False)


def test_devices_to_compare_on_a_gpu_machine_is_cpu_then_cuda(monkeypatch):
    _pretend_cuda(monkeypatch, True)
    assert devices_to_compare() == [torch.device("cpu"), torch.device("cuda")]


def test_devices_to_compare_without_a_gpu_is_the_cpu_alone(monkeypatch):
    _pretend_cuda(monkeypatch, False)
    assert devices_to_compare() == [torch.device("cpu")]


def test_devices_to_compare_honours_the_environment(monkeypatch):
    _pretend_cuda(monkeypatch, True)
    monkeypatch.setenv(ENV_VAR, "cpu")
    assert devices_to_compare() == [torch.device("cpu")]
    monkeypatch.setenv(ENV_VAR, "cuda:0")
    assert devices_to_compare() == [torch.device("cpu"), torch.device("cuda:0")]
