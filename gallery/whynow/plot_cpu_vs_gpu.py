"""
=============================================
CPU versus GPU: the arithmetic behind AlexNet
=============================================

**The claim.** Training a network is mostly multiplying large matrices, which a GPU
does many times faster than a CPU: Raina, Madhavan and Ng (2009, ``raina2009``) learned
deep belief networks up to 70 times faster than on a dual-core CPU, Cireşan et al.
(2010) set a digit record on a graphics card, and Krizhevsky, Sutskever and Hinton
(2012) trained AlexNet on two NVIDIA GTX 580 GPUs.

**The re-run.** We time a float32 matrix product on the CPU and on any GPU present.
"""

# %%
# The devices
# -----------
# :func:`dlbook.device.devices_to_compare` names the CPU and, when torch sees one, the
# GPU (``DLBOOK_DEVICE=cpu`` leaves it out). On a GPU, matmul precision ``"highest"``
# keeps true float32; ``"high"`` would allow the faster TF32:
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
precision = torch.get_float32_matmul_precision()
print(f"torch {torch.__version__} | matmul precision: {precision}")

# %%
# Matrix multiplication
# ---------------------
# An n x n product takes about :math:`2n^3` operations: its time gives a rate in GFLOP/s.
# :func:`dlbook.benchmark.time_fn` warms up, waits for the device (a GPU call returns
# once queued) and takes the median of several measurements. Small products cannot keep
# a device busy, and each GPU call pays a fixed launch cost:
from dlbook.benchmark import time_fn
from dlbook.display import show
from dlbook.table import Table

SIZES = [64, 128, 256, 512, 1024, 2048, 4096]


def matmul_gflops(n, device):
    """Rate of an n x n float32 matrix product on ``device``, in GFLOP/s."""
    a, b = torch.randn(2, n, n, generator=torch.Generator().manual_seed(n)).to(device)
    seconds = time_fn(lambda: a @ b, device=device, min_time=0.02, max_time=0.3)
    return 2 * n**3 / seconds / 1e9


gflops = {NAME[d.type]: [matmul_gflops(n, d) for n in SIZES] for d in DEVICES}
columns = {"n": SIZES}
for name, r in gflops.items():
    columns[name] = [f"{rate:.1f} GFLOP/s" for rate in r]
    trend = "rises" if r[-1] > r[0] else "falls"
    print(
        f"{name}: the rate {trend} from {r[0]:.1f} GFLOP/s at n={SIZES[0]} to "
        f"{r[-1]:.1f} GFLOP/s at n={SIZES[-1]}; its highest is {max(r):.1f} GFLOP/s"
    )
if len(gflops) == 2:  # the GPU's rate over the CPU's
    cpu, gpu = gflops.values()
    columns["speed-up"] = [f"{g / c:.1f}x" for c, g in zip(cpu, gpu, strict=True)]
show(Table.from_columns(columns, title="float32 matrix product, measured rate"))

# %%
# Drawn on logarithmic axes, one line per measured device:
import matplotlib.pyplot as plt
from matplotlib.ticker import LogLocator

fig, ax = plt.subplots()
for name, rates in gflops.items():
    ax.plot(SIZES, rates, marker="o", label=name)
ax.set(xscale="log", yscale="log", xlabel="matrix size n (float32)")
ax.set(ylabel="GFLOP/s (log scale)", title="Matrix product: " + " and ".join(gflops))
ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))  # 10, 20, 50, 100, ...
ax.yaxis.set_major_formatter("{x:g}")
ax.set_xticks(SIZES, [str(n) for n in SIZES])
ax.minorticks_off()
ax.legend()

# %%
# The verdict
# -----------
# Read at the largest size, the kind of product a large network computes: reproduced
# for a tenfold speed-up or more, partly from threefold:
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
    gpu = NAME[DEVICES[1].type]
    rates = {f"{d} rate at n={SIZES[-1]}": gflops[d][-1] for d in (gpu, "CPU")}
    says = "the GPU was {:.1f}x faster"
    units = dict.fromkeys(rates, "{:.1f} GFLOP/s")
    rule = ratio_at_least(*rates, 10, partly=3, says=says)
    result = claim.decide(rates, rule, formats=units)
plt.show()  # a terminal run opens the figures here; a page shows them inline
show(result)

# %%
# A large product is a GPU's best case; a whole run also moves data and launches small
# kernels (:ref:`sphx_glr_auto_examples_whynow_plot_gpu_training.py`). Raina et al.'s
# CPU was a dual-core of 2009. :doc:`/chapters/why-now` tells the story.
