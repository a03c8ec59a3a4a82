"""
=====================================
A whole training run on CPU and GPU
=====================================

**The claim.** GPUs made training runs finish in days, not months: Raina, Madhavan and
Ng (2009, ``raina2009``) learned deep belief networks up to 70 times faster than on a
dual-core CPU, Cireşan et al. (2010) set digit records on a graphics card, and AlexNet
took "between five and six days" on two GTX 580 GPUs (Krizhevsky et al. 2012).

**The re-run.** A run also batches data and steps an optimiser, which one matrix product
(:ref:`sphx_glr_auto_examples_whynow_plot_cpu_vs_gpu.py`) leaves out: we train
:class:`dlbook.models.LeNet5` on Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) once per
device and compare seconds per epoch.
"""

# %%
# The devices and the data
# ------------------------
# :func:`dlbook.device.devices_to_compare` names the CPU and any GPU torch sees
# (``DLBOOK_DEVICE=cpu`` leaves it out); the Trainer moves the data to the device once:
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

N_TRAIN, N_TEST, EPOCHS = scale.pick(book=(30000, 2000, 3), paper=(60000, 10000, 10))
X_train, y_train = fashion_mnist_tensors("train", n=N_TRAIN, seed=0)
X_test, y_test = fashion_mnist_tensors("test", n=N_TEST, seed=0)
print(
    f"Fashion-MNIST, {scale.current()} scale: {N_TRAIN:,} training and {N_TEST:,} test "
    f"images, 28x28 grey; {EPOCHS} epochs; seed 0"
)

# %%
# Training
# --------
# LeNet-5 (LeCun et al. 1998; modern: ReLUs, max-pooling) learns with Adam (learning
# rate 0.001) in batches of 128, from the same weights and batch order on each device.
# The first epoch pays one-off costs (memory, GPU kernels); we compare the later ones':
import statistics
from functools import partial

from dlbook.display import show
from dlbook.models import LeNet5
from dlbook.table import Table
from dlbook.train import Trainer

adam = partial(torch.optim.Adam, lr=1e-3)
histories, epoch_s, rows = {}, {}, []
for device in DEVICES:
    name, model = NAME[device.type], LeNet5(variant="modern", input_size=28, seed=0)
    trainer = Trainer(
        adam, epochs=EPOCHS, batch_size=128, device=device, seed=0, progress=False
    )
    histories[name] = trainer.fit(model, (X_train, y_train))
    epoch_s[name] = seconds = statistics.median(histories[name]["time"][1:])
    rows.append({"device": name, "time": f"{seconds:.2f} s/epoch"})
    rows[-1]["rate"] = f"{N_TRAIN / seconds:.0f} images/s"
    rows[-1]["test accuracy"] = trainer.evaluate(model, (X_test, y_test))["accuracy"]
    if name != "CPU":  # the CPU's time over this device's
        rows[-1]["speed-up"] = f"{epoch_s['CPU'] / seconds:.1f}x"
show(Table(rows, formats={"test accuracy": ".3f"}, title=f"LeNet-5, {EPOCHS} epochs"))

# %%
# The training loss against the seconds spent; a faster device's curve lies further left:
import matplotlib.pyplot as plt
from matplotlib.ticker import LogLocator

fig, ax = plt.subplots()
for name, history in histories.items():
    elapsed = torch.tensor(history["time"]).cumsum(0)  # seconds at each epoch's end
    ax.plot(elapsed, history["train_loss"], "o-", label=name)
ax.set(xscale="log", xlabel="seconds of training (log scale)", ylabel="training loss")
ax.xaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))  # 1, 2, 5, 10 s, ...
ax.xaxis.set_major_formatter("{x:g}")
ax.set_title(f"LeNet-5 on {N_TRAIN:,} Fashion-MNIST images: " + ", ".join(histories))
ax.legend()

# %%
# The verdict
# -----------
# Reproduced if the GPU trains ten times as fast as the CPU or more, partly from three:
from dlbook.claims import Claim, ratio_at_least

claim = Claim(
    key="gpu-training-speedup",
    era="whynow",
    source="raina2009",
    cite="Raina, Madhavan and Ng 2009",
    claim="A GPU trains a neural network many times faster than a CPU",
    paper="up to 70x faster than a dual-core CPU (learning deep belief networks)",
)
if len(DEVICES) == 1:
    result = claim.untested(
        f"no GPU was measured ({dlbook.device.why_cpu()})",
        f"the seconds per epoch of this {N_TRAIN:,}-image LeNet-5 run on the GPU "
        "and on the CPU beside it, and their ratio",
    )
else:  # the CPU's seconds per epoch over the GPU's
    times = {f"{name} time per epoch": seconds for name, seconds in epoch_s.items()}
    units = dict.fromkeys(times, "{:.2f} s/epoch")
    result = claim.decide(times, ratio_at_least(*times, 10, partly=3), formats=units)
plt.show()  # a terminal run opens the figures here; a page shows them inline
show(result)

# %%
# LeNet-5 on 28x28 images leaves much of a GPU idle while Python launches kernels;
# AlexNet's far larger layers kept two GPUs busy for days (:doc:`/chapters/why-now`).
