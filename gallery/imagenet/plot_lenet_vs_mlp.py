"""
===========================================
LeNet-5 against a fully connected network
===========================================

LeCun, Bottou, Bengio & Haffner (1998, key ``lecun1998``) built LeNet-5, AlexNet's
ancestor, from local receptive fields, shared weights and subsampling, for "some degree
of shift, scale, and distortion invariance" with few parameters: 0.95% test errors on
MNIST, against 3.05% for a fully connected 300-100 network. The re-run trains both on
Fashion-MNIST (Xiao et al. 2017, key ``xiao2017``), each until it stops improving on
held-out images, and scores them on test images moved sideways.
"""

# %%
# LeNet-5 in its *modern* variant (:class:`dlbook.models.LeNet5`), the form AlexNet
# inherited: ReLU and max-pooling in place of the scaled tanh and trainable subsampling,
# with the paper's layers and sizes; a convolutional network all the same. The 300-100
# network has ReLU units too, so the two differ in their connections only. A 2-pixel
# border centres the 28x28 images in LeNet-5's 32x32 field, as in the paper:
from torch import nn

from dlbook import scale
from dlbook.data import fashion_mnist_tensors
from dlbook.models import MLP, LeNet5

book, paper = (5_000, 2_000, 30, 3), (50_000, 10_000, 60, 5)  # the two scales
n_train, n_val, max_epochs, patience = scale.pick(book=book, paper=paper)
X, y = fashion_mnist_tensors("train", n=n_train + n_val, seed=0)
X_train, y_train, X_val, y_val = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
X_test, y_test = fashion_mnist_tensors("test")
print(f"Fashion-MNIST: {n_train} training, {n_val} held-out, {len(y_test)} test images")
print(f"Adam lr 0.001, batch 64, at most {max_epochs} epochs, patience {patience}")
print(f"seed 0, {scale.current()} scale")
lenet = LeNet5(variant="modern", input_size=28, seed=0)
mlp = MLP(784, [300, 100], 10, "relu", init="he", seed=0)
models = {"LeNet-5": lenet, "MLP": nn.Sequential(nn.Flatten(), mlp)}
for name, m in models.items():
    print(f"{name}: {sum(p.numel() for p in m.parameters()):,} parameters")

# %%
# The same rule for both ("early stopping"): train until the held-out accuracy has not
# risen for ``patience`` epochs, then keep the best epoch's weights. Adam with its
# default settings (the paper: a second-order variant of stochastic gradient descent):
import copy

import torch

from dlbook.plot import plot_runs
from dlbook.train import Callback, Trainer


class EarlyStopping(Callback):
    """Stop after ``patience`` epochs without held-out progress; restore the best."""

    def on_epoch_end(self, trainer, model, epoch, logs):
        best = trainer.history.best("val_accuracy")["epoch"]  # ties: the later epoch
        if best == epoch + 1:
            self.weights = copy.deepcopy(model.state_dict())
        trainer.stop_training = epoch + 1 - best >= patience

    def on_fit_end(self, trainer, model, history):
        model.load_state_dict(self.weights)


trainer = Trainer(torch.optim.Adam, epochs=max_epochs, callbacks=[EarlyStopping()])
data = (X_train, y_train), (X_val, y_val)
histories = {k: trainer.fit(m, *data) for k, m in models.items()}
for name, h in histories.items():
    best = h.best("val_accuracy")
    print(f"{name}: stopped after {len(h)} epochs; best held-out accuracy", end=" ")
    print(f"{best['val_accuracy']:.3f} at epoch {best['epoch']}, the weights it keeps")
plot_runs(histories, "accuracy", split="val", title="Held-out accuracy")

# %%
# Each test image moved right by 0 to 8 pixels, zeros (the background) coming in on the
# left, and both networks, trained on centred images only, scored (chance is 0.1):
import matplotlib.pyplot as plt

shifts = [0, 2, 4, 6, 8]


def shift_right(X, pixels):
    """Images (N, 1, H, W) moved right by ``pixels``, zeros coming in on the left."""
    return nn.functional.pad(X[..., : X.shape[-1] - pixels], (pixels, 0))


measured = {
    f"{k} at {s} px": trainer.evaluate(m, (shift_right(X_test, s), y_test))["accuracy"]
    for k, m in models.items()
    for s in shifts
}
fig, ax = plt.subplots()
for k in models:
    ax.plot(shifts, [measured[f"{k} at {s} px"] for s in shifts], marker="o", label=k)
ax.set(xlabel="shift to the right (pixels)", ylabel="test accuracy", xticks=shifts)
ax.legend()

# %%
# The claims. First, the test errors on centred images (reproduced when the MLP makes
# at least 1.2 times LeNet-5's errors, partly when it makes at least as many):
from dlbook.claims import Claim, ratio_at_least, rule
from dlbook.display import show

accuracy_claim = Claim(
    key="lenet-vs-mlp-accuracy",
    era="imagenet",
    source="lecun1998",
    cite="LeCun et al. 1998",
    claim="LeNet-5 makes fewer test errors than a fully connected network",
    paper="0.95% against 3.05% test error (300-100 network) on MNIST: 3.2x fewer",
)
errors = {f"{k} error": 1 - measured[f"{k} at 0 px"] for k in models}
fewer = ratio_at_least("MLP error", "LeNet-5 error", 1.2, partly=1.0)
show(accuracy_claim.decide(errors, fewer, formats=dict.fromkeys(errors, ".2%")))


# %%
# Second, shift tolerance over the whole curve: at each shift, the share of its own
# unshifted accuracy each network keeps (a difference under 0.02 counts for neither).
# Reproduced if LeNet-5 keeps more at some shift and less at none, partly if both:
def tolerance(m):
    """The shifts at which LeNet-5 keeps more of its accuracy than the MLP, and less."""
    kept = {
        k: [m[f"{k} at {s} px"] / m[f"{k} at 0 px"] for s in shifts] for k in models
    }
    gap = {s: kept["LeNet-5"][i] - kept["MLP"][i] for i, s in enumerate(shifts) if s}
    more = [s for s, g in gap.items() if g > 0.02]
    less = [s for s, g in gap.items() if g < -0.02]
    verdict = "not-reproduced" if not more else "partly" if less else "reproduced"
    return verdict, f"LeNet-5 kept more at {more} px, less at {less} px"


shift_claim = Claim(
    key="lenet-vs-mlp-shift",
    era="imagenet",
    source="lecun1998",
    cite="LeCun et al. 1998",
    claim="Convolution and subsampling give some tolerance to shifted images",
    paper="'some degree of shift, scale, and distortion invariance' (Section II)",
)
kept_more = rule("LeNet-5 keeps more accuracy at some shift, less at none", tolerance)
plt.show()  # a terminal run opens the figures here; a page shows them inline
show(shift_claim.decide(measured, kept_more, formats=dict.fromkeys(measured, ".3f")))

# %%
# Both networks stopped by the same rule and kept their best held-out weights. A shift
# moves a garment across positions that LeNet-5's C5 layer, a full connection over a
# 5x5 map, reads one by one; pooling blurs positions by a few pixels only, the "some
# degree" of the paper, which also trained on distorted copies of the digits.

# sphinx_gallery_thumbnail_number = 2
