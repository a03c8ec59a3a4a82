"""Tests for dlbook.benchmark: warm-up, repeats, the median, min_time and max_time, on a fake
clock so the numbers are exact; and one real measurement on each device torch sees."""

import time

import pytest
import torch

from dlbook import benchmark
from dlbook.benchmark import Stopwatch, synchronize, time_fn


class FakeClock:
    """A clock that stands still except when ``fn`` runs: each call advances it by the next
    of ``durations`` (the last one repeats), so every measurement is known exactly."""

    def __init__(self, durations):
        self.now, self.calls, self.durations = 0.0, 0, list(durations)

    def __call__(self):
        return self.now

    def fn(self):
        step = self.durations[min(self.calls, len(self.durations) - 1)]
        self.calls += 1
        self.now += step


@pytest.fixture
def clock(monkeypatch):
    def make(durations):
        fake = FakeClock(durations)
        monkeypatch.setattr(benchmark, "_clock", fake)
        return fake

    return make


def test_median_of_the_repeats_after_untimed_warmup(clock):
    fake = clock([100.0, 5.0, 1.0, 3.0, 2.0, 4.0])  # the warm-up call is the slow one
    assert time_fn(fake.fn, device="cpu", warmup=1, repeats=5) == 3.0
    assert fake.calls == 6


def test_no_warmup(clock):
    fake = clock([100.0, 1.0, 2.0])
    assert time_fn(fake.fn, device="cpu", warmup=0, repeats=3) == 2.0
    assert fake.calls == 3


def test_even_repeats_average_the_middle_two(clock):
    fake = clock([0.0, 1.0, 2.0, 4.0, 8.0])
    assert time_fn(fake.fn, device="cpu", warmup=1, repeats=4) == 3.0


def test_min_time_times_many_calls_and_divides(clock):
    tick = 2.0**-10  # a power of two: the fake clock's sums are exact
    fake = clock([tick])
    seconds = time_fn(fake.fn, device="cpu", warmup=0, repeats=3, min_time=10 * tick)
    assert seconds == tick
    # tries 1 call (too short), then 10 (long enough, kept), then 2 more runs of 10
    assert fake.calls == 1 + 10 + 10 + 10


def test_min_time_grows_the_count_at_most_tenfold_per_try(clock):
    tick = 2.0**-20
    fake = clock([tick])
    time_fn(fake.fn, device="cpu", warmup=0, repeats=1, min_time=10_000 * tick)
    assert fake.calls == 1 + 10 + 100 + 1000 + 10000


def test_max_time_stops_slow_measurements_early(clock):
    fake = clock([2.0])
    assert time_fn(fake.fn, device="cpu", warmup=1, repeats=100, max_time=5.0) == 2.0
    assert fake.calls == 1 + 3  # 2 s + 2 s < 5 s, then 6 s: stop


def test_max_time_keeps_at_least_one_measurement(clock):
    fake = clock([10.0])
    assert time_fn(fake.fn, device="cpu", warmup=0, repeats=5, max_time=1.0) == 10.0
    assert fake.calls == 1


def test_real_clock_measures_a_sleep():
    seconds = time_fn(lambda: time.sleep(0.005), device="cpu", warmup=0, repeats=3)
    assert 0.004 < seconds < 0.5


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"repeats": 0}, ValueError, "repeats must be at least 1, got 0"),
        ({"repeats": 2.0}, TypeError, "repeats must be an int"),
        ({"warmup": -1}, ValueError, "warmup must be at least 0, got -1"),
        ({"warmup": True}, TypeError, "warmup must be an int"),
        ({"min_time": -0.1}, ValueError, "min_time must be >= 0, got -0.1"),
        ({"min_time": float("inf")}, ValueError, "min_time must be finite"),
        ({"max_time": 0}, ValueError, "max_time must be positive, got 0"),
        ({"max_time": "1"}, TypeError, "max_time must be a number"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        time_fn(lambda: None, device="cpu", **kwargs)


def test_stopwatch_times_its_block_on_the_fake_clock(clock):
    fake = clock([2.5])
    with Stopwatch() as watch:
        fake.fn()
        assert watch.seconds == 2.5  # inside the block: the time so far
        fake.fn()
    fake.fn()  # after the block: the clock moves on, the watch does not
    assert watch.seconds == 5.0
    assert repr(watch) == "Stopwatch(5 s)"


def test_stopwatch_synchronises_its_device(monkeypatch):
    waited = []
    monkeypatch.setattr(benchmark, "_sync", waited.append)
    with Stopwatch("cpu"):
        assert waited == [torch.device("cpu")]
    assert waited == [torch.device("cpu")] * 2
    with Stopwatch():  # no device: nothing to wait for
        pass
    assert len(waited) == 2


def test_stopwatch_measures_a_real_sleep():
    with Stopwatch() as watch:
        time.sleep(0.005)
    assert 0.004 < watch.seconds < 0.5


def test_stopwatch_read_before_start_is_an_error():
    with pytest.raises(RuntimeError, match="not been started"):
        Stopwatch().seconds  # noqa: B018


def test_fn_must_be_callable():
    with pytest.raises(TypeError, match="callable"):
        time_fn(42, device="cpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_missing_gpu_is_an_error():
    with pytest.raises(RuntimeError, match="CUDA"):
        time_fn(lambda: None, device="cuda")
    with pytest.raises(RuntimeError, match="CUDA"):
        synchronize("cuda")


def test_synchronize_cpu_is_a_no_op():
    synchronize("cpu")
    synchronize(torch.device("cpu"))


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_gpu_matmul_is_timed_after_it_finishes():
    a = torch.randn(2048, 2048, device="cuda")
    seconds = time_fn(lambda: a @ a, device="cuda", warmup=2, repeats=3, min_time=0.01)
    # without synchronising, the clock would stop when the kernel is queued (microseconds);
    # 17 GFLOP take well over 10 microseconds on any GPU
    assert seconds > 1e-5


def test_cpu_name_reads_the_model_name(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text(
        "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6338\n"
        "processor\t: 1\nmodel name\t: Intel(R) Xeon(R) Gold 6338\n",
        encoding="utf-8",
    )
    assert benchmark.cpu_name(info) == "Intel(R) Xeon(R) Gold 6338"


def test_cpu_name_without_cpuinfo_falls_back_to_platform(tmp_path):
    import platform

    expected = platform.processor() or platform.machine()
    assert benchmark.cpu_name(tmp_path / "missing") == expected


def test_hardware_names_the_machine_the_device_and_the_versions():
    import os
    import platform

    report = benchmark.hardware("cpu")
    assert set(report) == {"machine", "device", "torch", "python"}
    assert report["machine"].endswith(f", {os.cpu_count()} cores")
    assert report["device"].startswith("cpu (")
    assert report["torch"] == torch.__version__
    assert report["python"] == platform.python_version()
