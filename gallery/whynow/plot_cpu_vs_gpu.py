"""
=============================================
CPU versus GPU: the arithmetic behind AlexNet
=============================================

**The claim.** Training a neural network is mostly multiplying large matrices, and graphics
processors do that many times faster than a CPU. Raina, Madhavan and Ng (2009) reported
that their GPU implementation learned deep belief networks up to 70 times faster than a
dual-core CPU, cutting the training of a four-layer network with 100 million parameters
from several weeks to about a day; Cireşan et al. (2010) credited "graphics cards to
greatly speed up learning" for their record on handwritten digits. Krizhevsky, Sutskever
and Hinton (2012) trained AlexNet for roughly 90 passes over 1.2 million images on two
NVIDIA GTX 580 GPUs with 3 GB of memory each, which took five to six days; the network was
split across the two cards because it did not fit on one.

**The re-run.** We time the same work on the CPU and on a GPU: (a) multiplying two float32
matrices, and (b) one training step (forward pass, backward pass, SGD update) of
:class:`dlbook.models.AlexNet` on 224x224 images and of :class:`dlbook.models.AlexNetSmall`
on the digits, then (c) turn the measured AlexNet speed into the time 90 passes over
ImageNet would take, next to the paper's five to six days. The book's hosted build runs on
a GPU runner, so the numbers on the hosted page come from its GPU and its CPU. Built on a
machine without a GPU (or with ``DLBOOK_DEVICE=cpu``), the page measures only the CPU and
says so in its printed output and its figure titles.
"""

# %%
# The devices
# -----------
# The CPU is always measured. The accelerator is the device that
# :func:`dlbook.device.get_device` picks: CUDA if torch sees a GPU, unless the environment
# variable ``DLBOOK_DEVICE`` says otherwise. On a CUDA device we let cuDNN search for its
# fastest convolution algorithms (``cudnn.benchmark``), as any training script would:
import torch

import dlbook

dlbook.seed_everything(0)
CPU = torch.device("cpu")
ACCEL = dlbook.get_device()  # honours DLBOOK_DEVICE
CPU_ONLY = ACCEL.type == "cpu"
DEVICES = [CPU] if CPU_ONLY else [CPU, ACCEL]
GPU_NAME = "MPS" if ACCEL.type == "mps" else "GPU"  # the accelerator's column
if ACCEL.type == "cuda":
    torch.backends.cudnn.benchmark = True

print("device:", dlbook.device.describe(), "(the device dlbook picks)")
print("CPU:        ", dlbook.device.describe(CPU))
if CPU_ONLY:
    print(f"accelerator: none ({dlbook.device.why_cpu()})")
    print("CPU only: a GPU build shows both. Only the CPU is measured below.")
else:
    print("accelerator:", dlbook.device.describe(ACCEL))
print(
    "torch", torch.__version__, "| float32 matmul precision:", torch.get_float32_matmul_precision()
)
CPU_ONLY_NOTE = "\n(CPU only: a GPU build shows both)" if CPU_ONLY else ""

# %%
# How we time
# -----------
# :func:`dlbook.benchmark.time_fn` does what fair timing needs: a few untimed warm-up calls
# (the first ones allocate memory and, on a GPU, pick kernels), a synchronisation with the
# device before the clock starts and before it stops (a GPU call returns as soon as its work
# is queued, not when it is done), enough calls in a row to outlast the clock's resolution
# (``min_time``), and the median of several measurements. ``max_time`` caps the seconds
# spent on a slow configuration, which keeps this page quick on a small CPU:
from dlbook.benchmark import time_fn

# %%
# (a) Matrix multiplication
# -------------------------
# Multiplying two n x n matrices takes about :math:`2n^3` floating-point operations (a
# multiply and an add per term), so the time gives a rate in GFLOP/s, billions of
# operations per second:
SIZES = [128, 256, 512, 1024, 2048]


def matmul_gflops(n, device):
    """Rate of an n x n float32 matrix product on ``device``, in GFLOP/s."""
    a = torch.randn(n, n, device=device)  # (n, n)
    b = torch.randn(n, n, device=device)  # (n, n)
    seconds = time_fn(lambda: a @ b, device=device, warmup=1, min_time=0.02, max_time=1.0)
    return 2 * n**3 / seconds / 1e9


gflops = {dev.type: [matmul_gflops(n, dev) for n in SIZES] for dev in DEVICES}
for dev in DEVICES:
    rates = ", ".join(f"{n}: {r:,.0f}" for n, r in zip(SIZES, gflops[dev.type], strict=True))
    print(f"{dev.type:>5} GFLOP/s by n - {rates}")

# %%
# The rate climbs with the size of the matrices on both devices: small products cannot keep
# all the arithmetic units busy, and on a GPU each one also pays a fixed cost to launch.
# Both axes are logarithmic:
import matplotlib.pyplot as plt

from dlbook.plot import CLASS_COLORS

LABEL = {"cpu": "CPU"} if CPU_ONLY else {"cpu": "CPU", ACCEL.type: GPU_NAME}
fig, ax = plt.subplots(figsize=(6.5, 4.2), facecolor="white")
for dev, color, marker in zip(DEVICES, CLASS_COLORS, "os", strict=False):
    ax.plot(SIZES, gflops[dev.type], marker=marker, color=color, label=LABEL[dev.type])
if not CPU_ONLY:
    for n, g, c in zip(SIZES, gflops[ACCEL.type], gflops["cpu"], strict=True):
        ax.annotate(
            f"{g / c:,.0f}x",
            (n, g),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize="small",
        )
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xticks(SIZES, [str(n) for n in SIZES])
ax.minorticks_off()
ax.set_xlabel("matrix size n (n x n times n x n, float32)")
ax.set_ylabel("GFLOP/s (log scale)")
ax.set_ylim(top=max(max(r) for r in gflops.values()) * 4)  # room for the labels
ax.set_title("Matrix multiplication" + CPU_ONLY_NOTE)
ax.grid(alpha=0.3, which="both")
ax.legend(loc="upper left")
fig.tight_layout()

# %%
# (b) A training step of AlexNet
# ------------------------------
# One step of stochastic gradient descent with the paper's settings (momentum 0.9, weight
# decay 0.0005), on random images: the time of the arithmetic alone, without reading or
# augmenting images. AlexNet sees 224x224 colour images in small batches on both devices
# and, on the GPU only, in batches of 128, the paper's (which would take minutes to time on
# a small CPU); dlbook's ``AlexNet`` folds the paper's two GPU towers into one, as
# torchvision does. ``AlexNetSmall``, the variant the book trains on a CPU, sees batches of
# 64 digits, enlarged from 8x8 to 32x32 by its first layer:
from torch import nn

from dlbook.models import AlexNet, AlexNetSmall


def train_step(model, batch, image_shape, num_classes, device):
    """A function that makes one SGD step of ``model`` on one fixed random batch."""
    model = model.to(device)
    x = torch.randn(batch, *image_shape, device=device)  # (B, C, H, W)
    y = torch.randint(num_classes, (batch,), device=device)  # (B,)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    return step


def images_per_second(model, batch, image_shape, device, *, num_classes, max_time):
    """Training throughput of ``model`` on ``device``: images per second of SGD steps."""
    step = train_step(model, batch, image_shape, num_classes, device)
    return batch / time_fn(step, device=device, warmup=1, repeats=3, max_time=max_time)


BATCH = 4  # AlexNet on both devices; small, so that the CPU takes seconds, not minutes
ALEXNET_B = f"AlexNet 224x224, batch {BATCH}"
ALEXNET_128 = "AlexNet 224x224, batch 128"
SMALL_64 = "AlexNetSmall digits, batch 64"
throughput = {}  # (workload, device type) -> images per second
for dev in DEVICES:
    dlbook.seed_everything(0)
    throughput[ALEXNET_B, dev.type] = images_per_second(
        AlexNet(), BATCH, (3, 224, 224), dev, num_classes=1000, max_time=3.0
    )
    if dev.type != "cpu":  # the paper's batch: minutes to time on a CPU
        throughput[ALEXNET_128, dev.type] = images_per_second(
            AlexNet(), 128, (3, 224, 224), dev, num_classes=1000, max_time=2.0
        )
    throughput[SMALL_64, dev.type] = images_per_second(
        AlexNetSmall(10, in_channels=1, input_size=8), 64, (1, 8, 8), dev,
        num_classes=10, max_time=2.0,
    )  # fmt: skip
for (name, dev_type), rate in throughput.items():
    print(f"{name:<30} {dev_type:>5}: {rate:9,.1f} images/s")

# %%
# The speed-up, as a table
# ------------------------
# Each row sets the GPU's rate against the CPU's on the same work (AlexNet at batch 128,
# which only the GPU runs, against the CPU at the batch it was timed on):
rows = [  # (workload, CPU rate, accelerator rate or None)
    (f"matmul n={n} (GFLOP/s)", gflops["cpu"][j], None if CPU_ONLY else gflops[ACCEL.type][j])
    for j, n in enumerate(SIZES)
]
for name in (ALEXNET_B, SMALL_64):
    accel_rate = None if CPU_ONLY else throughput[name, ACCEL.type]
    rows.append((f"{name} (images/s)", throughput[name, "cpu"], accel_rate))
if not CPU_ONLY:
    rows.insert(
        len(SIZES) + 1,
        (
            f"{ALEXNET_128} (images/s; CPU: batch {BATCH})",
            throughput[ALEXNET_B, "cpu"],
            throughput[ALEXNET_128, ACCEL.type],
        ),
    )


def fmt(value):
    return "not measured" if value is None else f"{value:,.1f}"


speedups = [None if g is None else g / c for _, c, g in rows]
header = ("workload", "CPU", GPU_NAME, "speed-up")
table = [
    (name, fmt(c), fmt(g), "-" if s is None else f"{s:,.1f}x")
    for (name, c, g), s in zip(rows, speedups, strict=True)
]
widths = [max(len(r[k]) for r in [header, *table]) for k in range(4)]
for r in [header, *table]:
    print(
        "  ".join(
            cell.ljust(w) if k == 0 else cell.rjust(w)
            for k, (cell, w) in enumerate(zip(r, widths, strict=True))
        )
    )
if CPU_ONLY:
    print("CPU only: a GPU build shows both; no speed-up can be computed here.")

fig, ax = plt.subplots(figsize=(8, 0.3 * len(table) + 1.0), facecolor="white")
ax.axis("off")
drawn = ax.table(
    cellText=table,
    colLabels=header,
    loc="center",
    cellLoc="right",
    colLoc="right",
    colWidths=[0.46, 0.17, 0.17, 0.14],
)
drawn.auto_set_font_size(False)
drawn.set_fontsize(9)
drawn.scale(1, 1.35)
for (r, c), cell in drawn.get_celld().items():
    if c == 0:
        cell.set_text_props(ha="left")
        cell.PAD = 0.02
    if r == 0:
        cell.set_text_props(weight="bold")
ax.set_title(f"CPU and {GPU_NAME} throughput, measured while this page was built" + CPU_ONLY_NOTE)
fig.tight_layout()

# %%
# The same speed-ups as bars, on a logarithmic scale, beside the 70-fold speed-up Raina et
# al. (2009) reported for deep belief networks against a dual-core CPU of 2009:
measured = [(name, sp) for (name, *_), sp in zip(rows, speedups, strict=True)]
if CPU_ONLY:  # one empty row that says so
    measured = [("this build's GPU speed-ups", None)]
bars = [*measured, ("Raina et al. 2009: DBN vs dual-core CPU (claimed, up to)", 70.0)]
fig, ax = plt.subplots(figsize=(8.5, 0.36 * len(bars) + 1.9), facecolor="white")
for k, (_, sp) in enumerate(bars):
    if sp is None:
        ax.text(1.1, k, "not measured: no GPU in this build", va="center", fontsize="small")
        continue
    color = CLASS_COLORS[3] if k == len(bars) - 1 else CLASS_COLORS[1]
    ax.barh(k, sp - 1, left=1, color=color)  # from 1 (no gain); leftwards if the GPU is slower
    ax.text(max(sp, 1) * 1.1, k, f"{sp:,.1f}x", va="center", fontsize="small")
ax.set_yticks(range(len(bars)), [name for name, _ in bars], fontsize="small")
ax.set_ylim(len(bars) - 0.5, -0.5)  # first row on top
ax.set_xscale("log")
speeds = [sp for _, sp in bars if sp is not None]
ax.set_xlim(min(0.5, *(sp / 2 for sp in speeds)), max(speeds) * 4)
ax.axvline(1, color="k", linewidth=1)
ax.set_xlabel(f"speed-up: {GPU_NAME} rate / CPU rate (log scale; 1 = no gain)")
ax.set_title("How much faster the GPU is" + CPU_ONLY_NOTE)
ax.grid(alpha=0.3, axis="x")
fig.tight_layout()

# %%
# (c) Ninety passes over ImageNet
# -------------------------------
# The paper's schedule is about 90 passes over 1.2 million images, 108 million training
# images in all. At the measured rates that would take (each device at the largest batch
# it was timed on):
DAY = 86_400.0
IMAGES = 90 * 1.2e6
best = {"cpu": throughput[ALEXNET_B, "cpu"]}
if not CPU_ONLY:
    best[ACCEL.type] = max(throughput[ALEXNET_B, ACCEL.type], throughput[ALEXNET_128, ACCEL.type])
days = {dev: IMAGES / rate / DAY for dev, rate in best.items()}
paper_days = (5.0, 6.0)  # Krizhevsky et al. (2012), two GTX 580 GPUs
paper_rate = IMAGES / (sum(paper_days) / 2 * DAY)
for dev, d in days.items():
    print(f"{LABEL[dev]:>4} at {best[dev]:,.1f} images/s: {d:,.2f} days ({d * 24:,.1f} hours)")
print(
    f"paper: {paper_days[0]:.0f}-{paper_days[1]:.0f} days on two GTX 580 GPUs, "
    f"i.e. about {paper_rate:,.0f} images/s including everything else a real run does"
)

# %%
# Drawn on a logarithmic scale of days, measured bars next to the claim:
fig, ax = plt.subplots(figsize=(7.5, 1.0 + 0.6 * (len(days) + 1)), facecolor="white")
bars = [(f"this {LABEL[d]} (measured)", days[d], CLASS_COLORS[k]) for k, d in enumerate(days)]
bars.append(("2 x GTX 580, 2012 (claimed)", sum(paper_days) / 2, CLASS_COLORS[3]))
ax.barh(range(len(bars)), [d for _, d, _ in bars], color=[c for *_, c in bars])
ax.errorbar(sum(paper_days) / 2, len(bars) - 1, xerr=0.5, color="k", capsize=4)  # 5 to 6
for k, (_, d, _) in enumerate(bars):
    text = f"{d:,.0f} days" if d >= 2 else f"{d * 24:,.1f} hours"
    if k == len(bars) - 1:
        text = f"{paper_days[0]:.0f}-{paper_days[1]:.0f} days"
    ax.text(max(d, paper_days[1]) * 1.2 if k == len(bars) - 1 else d * 1.2, k, text,
            va="center", fontsize="small")  # fmt: skip
ax.set_yticks(range(len(bars)), [name for name, *_ in bars])
ax.invert_yaxis()
ax.set_xscale("log")
ax.set_xlim(min(0.5, *(d / 3 for _, d, _ in bars)), max(d for _, d, _ in bars) * 10)
ax.set_xlabel("days for 90 passes over 1.2 million images (log scale)")
ax.set_title("AlexNet on ImageNet: measured rate vs the 2012 run" + CPU_ONLY_NOTE)
ax.grid(alpha=0.3, axis="x")
fig.tight_layout()

# %%
# Result
# ------
# The printed numbers above are this build's measurements. On a GPU build, the table and
# the bars show by how much the GPU beats the CPU it sits beside, and how the gain depends
# on the amount of work in one call: compare the smallest and the largest matrix product,
# and AlexNet at a small batch and at the paper's batch of 128. That is the claim of Raina
# et al. (2009) on today's hardware. Its size differs from their 70-fold because both sides
# have changed since 2009 and because the CPU here is whatever the build machine has,
# usually more than the two cores they compared against (its thread count is printed at
# the top).
#
# Where this page was built without a GPU, it cannot test the claim at all; what it does
# show is why the claim mattered. The last figure turns the CPU's measured AlexNet rate into
# the time 90 passes over ImageNet would take on this CPU, to set beside the five to six
# days Krizhevsky et al. (2012) needed on two 2012 graphics cards. The estimate counts only
# the arithmetic of the training steps: it leaves out reading, decoding and augmenting the
# images, which the paper's run also had to do. See :doc:`/chapters/why-now` for the story
# and :doc:`/chapters/imagenet` for AlexNet itself.

# sphinx_gallery_thumbnail_number = 1
