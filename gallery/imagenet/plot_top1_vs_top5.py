"""
=========================================
Top-1 and top-5 error, on real guesses
=========================================

ILSVRC ranked entries by *top-5 error*: an entry named five of the 1000 classes per
image and was right when the true class was among them, because an image often shows
several objects, or one whose class is hard to tell from a neighbouring one, but carries
one label (Russakovsky et al. 2015, key ``russakovsky2015``). Krizhevsky, Sutskever &
Hinton (2012, key ``krizhevsky2012``) reported both errors: 37.5% top-1 and 17.0% top-5
on the ILSVRC-2010 test set (their Table 1).

The re-run trains LeNet-5 (:class:`dlbook.models.LeNet5`, its ReLU and max-pooling
variant) on Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 28x28 grey photographs of ten
kinds of clothing, not 1000 classes of colour photographs. **With ten classes, five
guesses are half of all the classes**, where on ImageNet they are half a percent of
them, so the page shows top-2 as well, and looks at the images only a second guess gets
right.
"""

# %%
# Conditions and training
# -----------------------
# Training-set size and epochs come from :func:`dlbook.scale.pick`; the scores are
# computed with :func:`dlbook.metrics.top_k_accuracy` on all 10,000 test images:
import torch

from dlbook import scale
from dlbook.data import FASHION_MNIST_CLASSES, fashion_mnist_tensors
from dlbook.models import LeNet5
from dlbook.train import Trainer

n_train, epochs = scale.pick(book=(10_000, 3), paper=(60_000, 15))
X_train, y_train = fashion_mnist_tensors("train", n=n_train, seed=0)
X_test, y_test = fashion_mnist_tensors("test")
print(f"Fashion-MNIST, {n_train} training and {len(y_test)} test images,")
print(f"{epochs} epochs, seed 0, {scale.current()} scale")

model = LeNet5(variant="modern", input_size=28, seed=0)
trainer = Trainer(lambda p: torch.optim.Adam(p, lr=3e-3), epochs=epochs, batch_size=32)
trainer.fit(model, (X_train, y_train))
logits = trainer.predict(model, X_test)  # (10000, 10)

# %%
# Top-k for every k
# -----------------
# The ILSVRC rule with k guesses. With k = 10 every class is guessed, so the accuracy
# must reach 1:
import matplotlib.pyplot as plt

from dlbook.metrics import top_k_accuracy

ks = range(1, 11)
error = {k: 1 - top_k_accuracy(logits, y_test, k=k) for k in ks}
fig, ax = plt.subplots()
ax.plot(ks, [100 * error[k] for k in ks], marker="o", label="LeNet-5, Fashion-MNIST")
ax.plot([1, 5], [37.5, 17.0], marker="s", ls="--", label="AlexNet, ILSVRC-2010")
ax.set(xlabel="k (guesses allowed)", ylabel="top-k error (%)", xticks=list(ks))
ax.legend()

# %%
# The ratios, next to the published ones
# --------------------------------------
# How much of the top-1 error the extra guesses remove, for AlexNet (1000 classes), for
# the model of Yuan et al. (2021) that the story quotes (99.02% top-5, 90.05% top-1
# accuracy on ImageNet), and for the re-run (10 classes):
from dlbook.display import show
from dlbook.table import Table
from dlbook.timeline import RECENT_IMAGENET as recent

top1 = [0.375, 1 - recent.top1_accuracy / 100, error[1]]
top5 = [0.170, 1 - recent.top5_accuracy / 100, error[5]]
columns = {
    "model": ["AlexNet, 2012", "Florence, 2021", "LeNet-5, re-run"],
    "classes": [1000, 1000, 10],
    "top-1 error": top1,
    "top-5 error": top5,
    "top-5 / top-1": [b / a for a, b in zip(top1, top5, strict=True)],
}
formats = {"top-1 error": ".2%", "top-5 error": ".2%", "top-5 / top-1": ".3f"}
show(Table.from_columns(columns, formats=formats))

# %%
# Right with the second guess
# ---------------------------
# The test images whose true class is the second guess, not the first. Which classes are
# mistaken for which, most frequent first:
from collections import Counter

ranked = logits.argsort(dim=1, descending=True, stable=True)  # (10000, 10) best first
second = (ranked[:, 0] != y_test) & (ranked[:, 1] == y_test)
names = FASHION_MNIST_CLASSES
truth, guess = y_test[second].tolist(), ranked[second, 0].tolist()
pairs = Counter(zip(truth, guess, strict=True)).most_common(6)
rows = [
    {"true class": names[t], "first guess": names[g], "images": n}
    for (t, g), n in pairs
]
show(Table(rows))

# %%
# Eight of them, with the first guess above and the true class below:
fig, axes = plt.subplots(1, 8, figsize=(9, 1.9))
for ax, i in zip(axes, torch.nonzero(second).flatten()[:8].tolist(), strict=False):
    ax.imshow(X_test[i, 0], cmap="gray_r")
    ax.set_title(f"1st: {names[ranked[i, 0]]}", fontsize=8)
    ax.set_xlabel(f"true: {names[y_test[i]]}", fontsize=8)
    ax.set(xticks=[], yticks=[])

# %%
# The claims
# ----------
# First, AlexNet's: five guesses remove more than half of the top-1 errors. Here five
# guesses are half the classes, so this test is far easier than ILSVRC's; the card also
# carries the top-2 error:
from dlbook.claims import Claim, ratio_at_least, ratio_at_most

ratio_claim = Claim(
    key="top5-vs-top1-ratio",
    era="imagenet",
    source="krizhevsky2012",
    cite="Krizhevsky et al. 2012",
    claim="A network's top-5 error is less than half its top-1 error",
    paper="37.5% top-1 and 17.0% top-5 error on the ILSVRC-2010 test set (ratio 0.45)",
)
measured = {"top-1 error": error[1], "top-2 error": error[2], "top-5 error": error[5]}
ratio_result = ratio_claim.decide(
    measured,
    ratio_at_most(
        "top-5 error",
        "top-1 error",
        0.5,
        says="top-5 error {:.3f}x the top-1 error, with five guesses of ten classes",
    ),
    formats=dict.fromkeys(measured, ".2%"),
)
show(ratio_result)

# %%
# Second, the reason ILSVRC gave for top-5: a model's top-1 errors are often near misses
# between classes hard to tell apart. Counted as the share of the top-1 errors that the
# second guess gets right (reproduced from one half, partly from 0.3):
near_claim = Claim(
    key="top5-near-misses",
    era="imagenet",
    source="russakovsky2015",
    cite="Russakovsky et al. 2015",
    claim="Most top-1 errors are near misses: the true class is the next guess",
    paper="ranking by top-5 error, so that a plausible other answer is not an error",
)
wrong = int((ranked[:, 0] != y_test).sum())
near_result = near_claim.decide(
    {"top-1 errors": wrong, "second guess": int(second.sum())},
    ratio_at_least("second guess", "top-1 errors", 0.5, partly=0.3),
)
show(near_result)

# %%
# The table and the images say what kind of error the second guess rescues on this data:
# confusions between garments of similar shape, the closest Fashion-MNIST comes to
# ImageNet's fine-grained classes. What it cannot show is ImageNet's other reason for
# top-5, several objects in one image: each Fashion-MNIST image holds exactly one
# garment. The ILSVRC results by year are in
# :ref:`sphx_glr_auto_examples_imagenet_plot_ilsvrc_by_year.py`; the chapter
# :doc:`/chapters/imagenet` tells the story.

# sphinx_gallery_thumbnail_number = 1
