"""
=====================================
A whole training run on CPU and GPU
=====================================

**The claim.** What made the GPU decisive in 2012 was not one fast matrix product but whole
training runs finishing in days instead of months: Krizhevsky, Sutskever and Hinton (2012)
wrote that their network "takes between five and six days to train on two GTX 580 3GB
GPUs", and that their results "can be improved simply by waiting for faster GPUs and
bigger datasets to become available". Raina, Madhavan and Ng (2009) had measured GPU
training of deep belief networks up to 70 times faster than a dual-core CPU.

**The re-run.** Timing single operations (see
:ref:`sphx_glr_auto_examples_whynow_plot_cpu_vs_gpu.py`) leaves out everything else a real
run does: the data loader, the loss, the optimiser, the bookkeeping between steps. Here we
train the same network, :class:`dlbook.models.AlexNetSmall`, on the same digits, with the
same seed and the same :class:`dlbook.train.Trainer`, once on the CPU and once on the GPU,
and compare the seconds per epoch and the test accuracy reached. Built on a machine without
a GPU (or with ``DLBOOK_DEVICE=cpu``) the page trains on the CPU only and says so.
"""

# %%
# The devices and the data
# ------------------------
# The CPU always runs; the GPU runs when :func:`dlbook.device.get_device` finds one (the
# environment variable ``DLBOOK_DEVICE`` overrides its choice). The data are
# scikit-learn's 1,797 digits, 8x8 pixels, which ``AlexNetSmall`` enlarges to 32x32 in its
# first layer. The :class:`~dlbook.train.Trainer` moves the whole data set to the device
# once, so no epoch waits on copies from the CPU:
import torch

import dlbook
from dlbook.data import digits

CPU = torch.device("cpu")
ACCEL = dlbook.get_device()  # honours DLBOOK_DEVICE
CPU_ONLY = ACCEL.type == "cpu"
DEVICES = [CPU] if CPU_ONLY else [CPU, ACCEL]
LABEL = {"cpu": "CPU", "cuda": "GPU", "mps": "MPS"}
if ACCEL.type == "cuda":
    torch.backends.cudnn.benchmark = True  # let cuDNN pick its fastest convolutions

print("device:", dlbook.device.describe(), "(the device dlbook picks)")
if CPU_ONLY:
    print(f"accelerator: none ({dlbook.device.why_cpu()}); CPU only: a GPU build trains on both.")
X_train, y_train, X_test, y_test = digits(flatten=False)
print("training images:", tuple(X_train.shape), "test images:", tuple(X_test.shape))

# %%
# Training
# --------
# Adam (learning rate 0.001) in batches of 64 for a fixed number of epochs; local response
# normalisation is switched off, as in :ref:`sphx_glr_auto_examples_imagenet_plot_alexnet_filters.py`,
# because on a CPU it costs about two thirds of the time. The first epoch also pays one-off costs
# (allocating memory, importing parts of torch, and on a GPU choosing kernels), so the rate
# we compare is the median over the later epochs:
import statistics

from dlbook.models import AlexNetSmall
from dlbook.train import Trainer

EPOCHS = 8
BATCH = 64


def adam(params):
    return torch.optim.Adam(params, lr=1e-3)


histories = {}
for dev in DEVICES:
    dlbook.seed_everything(0)
    model = AlexNetSmall(10, in_channels=1, input_size=8, lrn=False)
    trainer = Trainer(adam, epochs=EPOCHS, batch_size=BATCH, device=dev, seed=0, progress=False)
    histories[dev.type] = trainer.fit(model, (X_train, y_train), (X_test, y_test))

epoch_s = {d: statistics.median(h["time"][1:]) for d, h in histories.items()}
rate = {d: len(X_train) / s for d, s in epoch_s.items()}
for d, h in histories.items():
    times = ", ".join(f"{t:.2f}" for t in h["time"])
    print(f"{LABEL[d]:>3}: seconds per epoch {times}")
    print(
        f"     median of epochs 2-{EPOCHS}: {epoch_s[d]:.3f} s ({rate[d]:,.0f} training "
        f"images/s); test accuracy after {EPOCHS} epochs {h['val_accuracy'][-1]:.3f}"
    )

# %%
# The speed-up
# ------------
# The ratio of the median epoch times. On a GPU build it is the gain a reader would see in
# a run of their own; the two runs do not give bit-identical numbers, since the devices
# sum in different orders, but they reach the same accuracy within noise:
if CPU_ONLY:
    print("CPU only: no speed-up can be measured in this build.")
else:
    accel = ACCEL.type
    print(
        f"{LABEL[accel]} epoch {epoch_s[accel] * 1e3:.1f} ms vs CPU epoch "
        f"{epoch_s['cpu'] * 1e3:.1f} ms: speed-up {epoch_s['cpu'] / epoch_s[accel]:.1f}x"
    )
    print(
        f"test accuracy: CPU {histories['cpu']['val_accuracy'][-1]:.3f}, "
        f"{LABEL[accel]} {histories[accel]['val_accuracy'][-1]:.3f}"
    )

# %%
# The run, drawn: test accuracy against the seconds spent training, one curve per device.
# A faster device reaches the same accuracy further to the left (the time axis is
# logarithmic):
import itertools

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from dlbook.plot import CLASS_COLORS

fig, (ax_acc, ax_bar) = plt.subplots(1, 2, figsize=(9.5, 3.8), facecolor="white")
for (d, h), color in zip(histories.items(), CLASS_COLORS, strict=False):
    elapsed = list(itertools.accumulate(h["time"]))
    ax_acc.plot(elapsed, h["val_accuracy"], marker="o", color=color, label=LABEL[d])
ax_acc.set_xscale("log")
ax_acc.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))  # 0.5, 1, 2, 5, 10 s, ...
ax_acc.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
ax_acc.xaxis.set_minor_formatter(NullFormatter())
ax_acc.set_xlabel("seconds of training (log scale)")
ax_acc.set_ylabel("test accuracy")
ax_acc.set_ylim(0, 1)
ax_acc.grid(alpha=0.3, which="both")
ax_acc.legend(loc="lower right")
ax_acc.set_title(f"AlexNetSmall on the digits, {EPOCHS} epochs")

names = [LABEL[d] for d in epoch_s]
ax_bar.bar(names, [1e3 * s for s in epoch_s.values()], color=CLASS_COLORS[: len(names)])
for k, s in enumerate(epoch_s.values()):
    ax_bar.text(k, 1e3 * s, f"{1e3 * s:,.0f} ms", ha="center", va="bottom")
ax_bar.set_ylabel("median time per epoch (ms)")
ax_bar.set_title("CPU only: a GPU build shows both" if CPU_ONLY else "one epoch, median")
ax_bar.margins(y=0.15)
fig.tight_layout()

# %%
# Result
# ------
# The printed numbers are this build's. On a GPU build the speed-up above is the one that
# matters to a reader: a whole epoch, data handling and optimiser included, not a single
# kernel. It is smaller than the matrix products' gain in
# :ref:`sphx_glr_auto_examples_whynow_plot_cpu_vs_gpu.py`, because these images are tiny
# and batches of 64 leave most of a GPU idle while the Python loop launches each kernel;
# AlexNet's 224x224 images and batches of 128 are where the GPU's lead grows. On a CPU-only
# build the page shows what one epoch costs on this machine, which is the arithmetic that
# made Krizhevsky et al. (2012) train on GPUs.
