"""
===========================================
LeNet-5 against a fully connected network
===========================================

**The claim.** LeCun, Bottou, Bengio & Haffner (1998) built LeNet-5 from three ideas: local
receptive fields, shared weights (each feature map is one small filter slid over the image)
and subsampling, which together give "some degree of shift, scale, and distortion
invariance" with few parameters. On MNIST (60,000 training and 10,000 test digits, 28x28
pixels centred in a 32x32 field) LeNet-5 made 0.95% test errors, 0.8% when the training set
was enlarged with distorted copies; the fully connected networks in the same comparison
did worse. AlexNet (2012) is this design, scaled up.

**The re-run.** We cannot download MNIST, so we use scikit-learn's 1797 digits, enlarged
from 8x8 to LeNet's 32x32 by :func:`dlbook.data.digits`. We train
:class:`dlbook.models.LeNet5` in its ``"classic"`` variant (the paper's scaled tanh,
trainable subsampling, the C3 connection table and initialisation; only the RBF output
layer is replaced by a linear one), and a fully connected network of the paper's 300-100
shape on the same pixels. We compare test accuracy, parameter counts and learning curves,
and then shift the test digits sideways, which the paper's design is meant to tolerate.
"""

# %%
# The data and the two networks
# -----------------------------
# ``digits(size=32, flatten=False)`` gives images of shape ``(1, 32, 32)``, enlarged with
# bilinear interpolation; the fully connected network flattens them into 1024 inputs:
import torch
from torch import nn

import dlbook
from dlbook.data import digits
from dlbook.models import MLP, LeNet5

print("device:", dlbook.device.describe())
X_train, y_train, X_test, y_test = digits(size=32, flatten=False)
print("training images:", tuple(X_train.shape), "test images:", tuple(X_test.shape))

dlbook.seed_everything(0)
models = {
    "LeNet-5 (classic)": LeNet5(variant="classic"),
    "MLP 1024-300-100-10": nn.Sequential(nn.Flatten(), MLP(1024, [300, 100], 10)),
}
n_params = {name: sum(p.numel() for p in m.parameters()) for name, m in models.items()}
for name, n in n_params.items():
    print(f"{name:<20}: {n:>7,} weights and biases")

# %%
# Training
# --------
# Both networks get the same optimiser (Adam, learning rate 0.001), batch size and number
# of epochs. LeCun et al. trained for 20 passes over MNIST with a second-order variant of
# stochastic gradient descent; we use Adam because eight short epochs are all the budget of
# this page allows. The classic variant starts slowly: its first epoch is printed below:
from dlbook.train import Trainer

EPOCHS = 8
histories = {}
for name, model in models.items():
    trainer = Trainer(
        lambda params: torch.optim.Adam(params, lr=1e-3), epochs=EPOCHS, batch_size=32, seed=0
    )
    histories[name] = trainer.fit(model, (X_train, y_train), (X_test, y_test))
    h = histories[name]
    print(
        f"{name:<20}: test accuracy after epoch 1 {h['val_accuracy'][0]:.3f}, after epoch "
        f"{EPOCHS} {h['val_accuracy'][-1]:.3f}; {sum(h['time']):.1f} s of training"
    )

# %%
# Learning curves
# ---------------
# Training (solid) and test (dashed, "validation") accuracy per epoch:
import matplotlib.pyplot as plt

from dlbook.plot import plot_learning_curves

fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.6), sharey=True)
for ax, (name, h) in zip(axes, histories.items(), strict=True):
    plot_learning_curves(h, "accuracy", ax=ax, title=f"{name}\n{n_params[name]:,} parameters")
    ax.set_ylim(0, 1.02)
fig.tight_layout()

# %%
# Test accuracy and size, side by side
# ------------------------------------
# The final test accuracy of each network next to its number of parameters:
from dlbook.plot import CLASS_COLORS

names = list(models)
final = [histories[n]["val_accuracy"][-1] for n in names]
sizes = [n_params[n] for n in names]
print(f"parameters, MLP / LeNet-5: {sizes[1] / sizes[0]:.1f}")
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.5, 2.6))
ax1.barh(names, final, color=CLASS_COLORS[:2])
ax1.set_xlim(0, 1.2)
ax1.set_xticks([0, 0.25, 0.5, 0.75, 1])
ax1.set_xlabel("test accuracy (450 images)")
ax2.barh(names, sizes, color=CLASS_COLORS[:2])
ax2.set_xlim(0, 1.3 * max(sizes))
ax2.set_xlabel("parameters")
ax2.set_yticks([])
for ax, values, fmt in [(ax1, final, "{:.1%}"), (ax2, sizes, "{:,}")]:
    for y, v in enumerate(values):
        ax.annotate(fmt.format(v), (v, y), xytext=(3, 0), textcoords="offset points", va="center")
fig.tight_layout()


# %%
# Shifted digits
# --------------
# Weight sharing means a feature is detected wherever it appears, and subsampling blurs
# where exactly. A fully connected network has no such prior: each weight belongs to one
# pixel. We move every test digit right by a few pixels of the 32x32 image (4 pixels are one
# pixel of the original 8x8 digit), filling with the background value 0, and score both
# networks again without retraining them:
def shift_right(X, pixels):
    """Move images (N, 1, H, W) right by ``pixels``, filling the left edge with zeros."""
    if pixels == 0:
        return X
    out = torch.zeros_like(X)
    out[..., pixels:] = X[..., :-pixels]
    return out


shifts = [0, 2, 4, 6, 8]
shifted = {name: [] for name in models}
for name, model in models.items():
    trainer = Trainer(epochs=1)
    for s in shifts:
        acc = trainer.evaluate(model, (shift_right(X_test, s), y_test))["accuracy"]
        shifted[name].append(acc)
print("shift (pixels of 32):  " + "".join(f"{s:>7d}" for s in shifts))
for name, accs in shifted.items():
    print(f"{name:<22}" + "".join(f"{a:7.3f}" for a in accs))

fig, ax = plt.subplots(figsize=(5.5, 3.6))
for color, (name, accs) in zip(CLASS_COLORS, shifted.items(), strict=False):
    ax.plot(shifts, accs, marker="o", color=color, label=name)
ax.set_xticks(shifts)
ax.set_xlabel("shift to the right (pixels of the 32x32 image)")
ax.set_ylabel("test accuracy")
ax.set_ylim(0, 1.02)
ax.set_title("Trained on centred digits, tested on shifted ones")
ax.legend(frameon=False)
fig.tight_layout()

# %%
# Result
# ------
# The paper's MNIST numbers cannot be checked here: MNIST cannot be downloaded on the
# machines that build this book, and 450 test images cannot resolve error rates below 1%
# (each image is 0.22% of the accuracy). On the centred digits the claim that LeNet-5 beats
# a fully connected network is **not reproduced**: the printed test accuracies are close,
# and the fully connected network, with the printed multiple of LeNet-5's parameters, gets
# there in fewer epochs. Scikit-learn's digits are few, already centred and size-normalised,
# and enlarged from 8x8, so they hold no fine detail: little is left for local feature
# detectors to find that a fully connected layer cannot. What the convolutional design
# buys shows, modestly, when the digits move: in the printed accuracies for a 2-pixel shift,
# LeNet-5 keeps more of its accuracy. By a shift of one pixel of the original digit (4 of
# 32) both networks have lost much of theirs: LeNet-5's tolerance covers small shifts only
# ("some degree"), and LeCun et al. reached their 0.8% by also training on distorted copies
# of the digits.
#
# The chapter :doc:`/chapters/imagenet` follows the design to AlexNet; the first layer of an
# AlexNet-like network is drawn in
# :ref:`sphx_glr_auto_examples_imagenet_plot_alexnet_filters.py`.

# sphinx_gallery_thumbnail_number = 3
