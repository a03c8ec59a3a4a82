"""
=====================================
A whole training run on CPU and GPU
=====================================

**The claim.** What made the GPU decisive in 2012 was not one fast matrix product but
whole training runs finishing in days instead of months. Raina, Madhavan and Ng (2009,
``raina2009``) measured GPU learning of deep belief networks up to 70 times faster than
a dual-core CPU; Cireşan et al. (2010) trained record-setting digit recognisers on a
graphics card; and Krizhevsky, Sutskever and Hinton (2012) wrote that AlexNet "takes
between five and six days to train on two GTX 580 3GB GPUs", adding that their results
"can be improved simply by waiting for faster GPUs and bigger datasets".

**The re-run.** Timing one operation (see
:ref:`sphx_glr_auto_examples_whynow_plot_cpu_vs_gpu.py`) leaves out what else a run
does: batching the data, the loss, the optimiser, the bookkeeping between steps. Here we
train the same convolutional network, :class:`dlbook.models.LeNet5`, on the same
Fashion-MNIST images (Xiao, Rasul and Vollgraf 2017), with the same seed and the same
:class:`dlbook.train.Trainer`, once per device, and compare the seconds per epoch.
"""

# %%
# The devices and the data
# ------------------------
# :func:`dlbook.device.devices_to_compare` names the CPU and, when torch sees one, the
# GPU (``DLBOOK_DEVICE=cpu`` leaves the GPU out). The device is this page's subject, so
# it says which ones it measured. The Trainer moves the whole data set to the device
# once, so no epoch waits on copies:
import torch

import dlbook
from dlbook import scale
from dlbook.benchmark import cpu_name
from dlbook.data import fashion_mnist_tensors

DEVICES = dlbook.device.devices_to_compare()
NAME = {"cpu": "CPU", "cuda": "GPU", "mps": "GPU (MPS)"}
print(f"CPU: {cpu_name()}, {torch.get_num_threads()} threads")
for device in DEVICES[1:]:
    print(f"{NAME[device.type]}:", dlbook.device.describe(device))
if len(DEVICES) == 1:
    print("GPU: none measured:", dlbook.device.why_cpu())
torch.backends.cudnn.deterministic = True  # the same numbers on every run of a GPU

N_TRAIN, N_TEST, EPOCHS = scale.pick(
    book=(30_000, 2_000, 3), paper=(60_000, 10_000, 10)
)
X_train, y_train = fashion_mnist_tensors("train", n=N_TRAIN, seed=0)
X_test, y_test = fashion_mnist_tensors("test", n=N_TEST, seed=0)
print(
    f"Fashion-MNIST, {scale.current()} scale: {N_TRAIN:,} training and {N_TEST:,} test "
    f"images, 28x28 grey; {EPOCHS} epochs; seed 0"
)

# %%
# Training
# --------
# LeNet-5 (LeCun et al. 1998) in its modern form, with ReLUs and max-pooling, learns
# with Adam (learning rate 0.001) in batches of 128. Each device starts from the same
# weights (``seed=0``) and sees the batches in the same order:
from dlbook.models import LeNet5
from dlbook.train import Trainer

runs = {}  # device name -> (history, test accuracy)
for device in DEVICES:
    model = LeNet5(variant="modern", input_size=28, seed=0)
    trainer = Trainer(
        lambda params: torch.optim.Adam(params, lr=1e-3),
        epochs=EPOCHS,
        batch_size=128,
        device=device,
        seed=0,
        progress=False,
    )
    history = trainer.fit(model, (X_train, y_train))
    runs[NAME[device.type]] = history, trainer.evaluate(model, (X_test, y_test))

# %%
# Seconds per epoch
# -----------------
# The first epoch also pays one-off costs (allocating memory and, on a GPU, loading and
# choosing kernels), so the rate we compare is the median of the later epochs:
import statistics

from dlbook.display import show
from dlbook.table import Table

epoch_s = {name: statistics.median(h["time"][1:]) for name, (h, _) in runs.items()}
rows = []
for name, (_, scores) in runs.items():
    rows.append({"device": name, "time": f"{epoch_s[name]:.2f} s/epoch"})
    rows[-1]["rate"] = f"{N_TRAIN / epoch_s[name]:.0f} images/s"
    rows[-1]["test accuracy"] = scores["accuracy"]
    if name != "CPU":  # the CPU's time over this device's
        rows[-1]["speed-up"] = f"{epoch_s['CPU'] / epoch_s[name]:.1f}x"
show(Table(rows, formats={"test accuracy": ".3f"}, title=f"LeNet-5, {EPOCHS} epochs"))

# %%
# The run, drawn: the training loss against the seconds spent, one curve per device. A
# faster device reaches the same loss further to the left (the time axis is
# logarithmic):
import itertools

import matplotlib.pyplot as plt
from matplotlib.ticker import LogLocator

fig, ax = plt.subplots()
for name, (history, _) in runs.items():
    elapsed = list(itertools.accumulate(history["time"]))
    ax.plot(elapsed, history["train_loss"], marker="o", label=name)
ax.set_xscale("log")
ax.xaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))  # 1, 2, 5, 10 s, ...
ax.xaxis.set_major_formatter("{x:g}")
ax.set_xlabel("seconds of training (log scale)")
ax.set_ylabel("training loss")
ax.set_title(f"LeNet-5 on {N_TRAIN:,} Fashion-MNIST images: " + ", ".join(runs))
ax.legend()

# %%
# The verdict
# -----------
# The claim is reproduced if the GPU trains at least ten times faster than the CPU
# beside it, and partly from three times:
from dlbook.claims import Claim, ratio_at_least

claim = Claim(
    key="gpu-training-speedup",
    era="whynow",
    source="raina2009",
    cite="Raina, Madhavan and Ng 2009",
    claim="A GPU trains a neural network many times faster than a CPU",
    paper="up to 70x faster than a dual-core CPU (learning deep belief networks)",
)
if len(runs) == 1:
    result = claim.untested(
        f"no GPU was measured ({dlbook.device.why_cpu()})",
        f"the seconds per epoch of this {N_TRAIN:,}-image LeNet-5 run on the GPU "
        "and on the CPU beside it, and their ratio",
    )
else:
    gpu = next(name for name in runs if name != "CPU")
    result = claim.decide(
        {"CPU s/epoch": epoch_s["CPU"], f"{gpu} s/epoch": epoch_s[gpu]},
        ratio_at_least("CPU s/epoch", f"{gpu} s/epoch", 10, partly=3),
    )
show(result)

# %%
# What the numbers mean
# ---------------------
# How much a whole run gains from a GPU depends on the work in each step: a network as
# small as LeNet-5, on 28x28 images in batches of 128, leaves much of a GPU idle while
# Python launches each kernel, where AlexNet's 224x224 colour images and far larger
# layers kept two 2012 GPUs busy for days. On the CPU alone the page shows
# what an epoch costs without one: the arithmetic that sent Krizhevsky et al. (2012) to
# graphics cards. See :doc:`/chapters/why-now` for the story.
