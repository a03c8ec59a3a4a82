"""
=============================================
CPU versus GPU: the arithmetic behind AlexNet
=============================================

**The claim.** Training a neural network is mostly multiplying large matrices, and
graphics processors do that many times faster than a CPU. Raina, Madhavan and Ng (2009,
``raina2009``) reported that their GPU implementation learned deep belief networks up to
70 times faster than a dual-core CPU, cutting weeks to about a day; Cireşan et al.
(2010) credited "graphics cards to greatly speed up learning" for their record on
handwritten digits; and Krizhevsky, Sutskever and Hinton (2012) trained AlexNet on two
NVIDIA GTX 580 GPUs with 3 GB of memory each.

**The re-run.** We time the operation at the heart of it all, the product of two square
float32 matrices, on the CPU and, where the build has one, on a GPU, and turn the times
into rates. Here the device is the subject, so the page says which ones it measured.
"""

# %%
# The devices
# -----------
# :func:`dlbook.device.devices_to_compare` names the CPU and, when torch sees one, the
# GPU (the environment variable ``DLBOOK_DEVICE=cpu`` leaves the GPU out). The float32
# matrix-multiply precision matters on a GPU: ``"highest"`` keeps true float32, while
# ``"high"`` lets recent NVIDIA GPUs use the faster, less precise TF32:
import torch

import dlbook
from dlbook.benchmark import cpu_name

DEVICES = dlbook.device.devices_to_compare()
NAME = {"cpu": "CPU", "cuda": "GPU", "mps": "GPU (MPS)"}
print(f"CPU: {cpu_name()}, {torch.get_num_threads()} threads")
for device in DEVICES[1:]:
    print(f"{NAME[device.type]}:", dlbook.device.describe(device))
if len(DEVICES) == 1:
    print("GPU: none measured:", dlbook.device.why_cpu())
print(
    "torch",
    torch.__version__,
    "| matmul precision:",
    torch.get_float32_matmul_precision(),
)

# %%
# Matrix multiplication
# ---------------------
# Multiplying two n x n matrices takes about :math:`2n^3` floating-point operations (a
# multiply and an add per term), so its time gives a rate in GFLOP/s, billions of
# operations per second. :func:`dlbook.benchmark.time_fn` times it fairly: an untimed
# warm-up call, a wait for the device before the clock starts and stops (a GPU call
# returns once its work is queued, not when it is done), enough calls in a row to
# outlast the clock's resolution, and the median of several measurements:
from dlbook.benchmark import time_fn

SIZES = [64, 128, 256, 512, 1024, 2048, 4096]


def matmul_gflops(n, device):
    """Rate of an n x n float32 matrix product on ``device``, in GFLOP/s."""
    generator = torch.Generator().manual_seed(n)
    a, b = (torch.randn(n, n, generator=generator).to(device) for _ in range(2))
    seconds = time_fn(lambda: a @ b, device=device, min_time=0.02, max_time=0.3)
    return 2 * n**3 / seconds / 1e9


gflops = {NAME[d.type]: [matmul_gflops(n, d) for n in SIZES] for d in DEVICES}

# %%
# The rates, and what they do as the matrices grow. Small products cannot keep all the
# arithmetic units of a device busy, and on a GPU each call also pays a fixed cost to
# launch; how much that matters on each device is read off the numbers:
from dlbook.display import show
from dlbook.table import Table

rows = []
for j, n in enumerate(SIZES):
    rows.append({"n": n} | {name: f"{r[j]:.1f} GFLOP/s" for name, r in gflops.items()})
    if len(gflops) == 2:  # the GPU's rate over the CPU's
        cpu_rate, gpu_rate = (r[j] for r in gflops.values())
        rows[-1]["speed-up"] = f"{gpu_rate / cpu_rate:.1f}x"
for name, r in gflops.items():
    trend = "rises" if r[-1] > r[0] else "falls"
    print(
        f"{name}: the rate {trend} from {r[0]:.1f} GFLOP/s at n={SIZES[0]} to "
        f"{r[-1]:.1f} GFLOP/s at n={SIZES[-1]}; its highest is {max(r):.1f} GFLOP/s"
    )
show(Table(rows, title="float32 matrix product, measured rate"))

# %%
# Drawn on logarithmic axes, one line per measured device:
import matplotlib.pyplot as plt
from matplotlib.ticker import LogLocator

fig, ax = plt.subplots()
for name, rates in gflops.items():
    ax.plot(SIZES, rates, marker="o", label=name)
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))  # 10, 20, 50, 100, ...
ax.yaxis.set_major_formatter("{x:g}")
ax.set_xticks(SIZES, [str(n) for n in SIZES])
ax.minorticks_off()
ax.set_xlabel("matrix size n (n x n times n x n, float32)")
ax.set_ylabel("GFLOP/s (log scale)")
ax.set_title("Matrix multiplication: " + " and ".join(gflops) + " measured")
ax.legend()

# %%
# The verdict
# -----------
# The claim is about how many times faster the GPU is. We read it at the largest size,
# the kind of product a large network's layers compute, and count it reproduced for a
# tenfold speed-up or more (partly from threefold):
from dlbook.claims import Claim, ratio_at_least

claim = Claim(
    key="cpu-vs-gpu-matmul",
    era="whynow",
    source="raina2009",
    cite="Raina, Madhavan and Ng 2009",
    claim="A GPU multiplies large matrices an order of magnitude faster than a CPU",
    paper="up to 70x faster than a dual-core CPU (learning deep belief networks)",
)
if len(DEVICES) == 1:
    result = claim.untested(
        f"no GPU was measured ({dlbook.device.why_cpu()})",
        f"the float32 matrix-product rate of the GPU and of the CPU beside it for n up "
        f"to {SIZES[-1]}, and their ratio",
    )
else:
    accelerator = NAME[DEVICES[1].type]
    gpu, cpu = (f"{name} GFLOP/s at n={SIZES[-1]}" for name in (accelerator, "CPU"))
    result = claim.decide(
        {gpu: gflops[accelerator][-1], cpu: gflops["CPU"][-1]},
        ratio_at_least(gpu, cpu, 10, partly=3, says="the GPU was {:.1f}x faster"),
    )
show(result)

# %%
# What the numbers mean
# ---------------------
# A large matrix product is the most favourable case for a GPU: one call holds billions
# of independent multiply-adds. A whole training run also moves data, launches many
# small kernels and keeps its books between them, which is why
# :ref:`sphx_glr_auto_examples_whynow_plot_gpu_training.py` times one separately. The
# ratio depends on both sides: Raina et al. compared against a dual-core CPU of 2009,
# and the CPU measured for this page is named at its top. See
# :doc:`/chapters/why-now` for the story.

# sphinx_gallery_thumbnail_number = 1
