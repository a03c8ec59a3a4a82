"""AlexNet (Krizhevsky, Sutskever & Hinton 2012), the network that won ILSVRC-2012.

Five convolutional layers and three fully connected ones, as in the paper's Fig. 2 and
Section 3; what was new was less the layout than what made it trainable at scale: ReLUs
(Section 3.1), two GPUs (3.2), local response normalisation (3.3), overlapping pooling (3.4),
data augmentation and dropout (4.1, 4.2)::

    layer   kernels                  output (224x224 input)   after it
    conv1   96 @ 11x11, stride 4     96 @ 55x55               ReLU, LRN, max-pool 3/2 -> 27x27
    conv2   256 @ 5x5                256 @ 27x27              ReLU, LRN, max-pool 3/2 -> 13x13
    conv3   384 @ 3x3                384 @ 13x13              ReLU
    conv4   384 @ 3x3                384 @ 13x13              ReLU
    conv5   256 @ 3x3                256 @ 13x13              ReLU, max-pool 3/2 -> 6x6
    fc6     4096                                              ReLU, dropout 0.5
    fc7     4096                                              ReLU, dropout 0.5
    fc8     1000 (logits; the paper: softmax)

Notes on faithfulness:

- The paper trained two towers, one per GPU, that meet only at conv3 and the fully connected
  layers: conv2, conv4 and conv5 read only the maps on their own GPU. ``groups=1`` (the
  default) folds the towers into one, as torchvision does, which makes those three layers
  fully connected across the maps: 62,378,344 parameters. ``groups=2`` keeps the paper's
  connectivity with grouped convolutions: 60,965,224, the paper's "60 million".
- The paper says 224x224 inputs, but 11x11 kernels at stride 4 give 55x55 maps only from
  227x227; conv1 is padded by 2 here (as in torchvision) so 224x224 works.
- Local response normalisation: ``b = a / (k + alpha * sum a^2) ** beta`` over n = 5 adjacent
  maps, k = 2, alpha = 1e-4, beta = 0.75. ``nn.LocalResponseNorm`` divides its ``alpha`` by
  n, so it is given ``5 * 1e-4``.
- ``avgpool`` (adaptive average pooling to 6x6, from torchvision) is not in the paper; at
  224x224 it does nothing, and it lets other image sizes through.
- ``init="paper"`` follows Section 5: weights N(0, 0.01^2), biases 1 in conv2, conv4, conv5,
  fc6 and fc7 (to give the ReLUs positive inputs early on), 0 elsewhere.
  ``init="default"`` keeps torch's initialisation.

``AlexNetSmall`` is the same design scaled down for 32x32 images (CIFAR-10, or the 8x8
scikit-learn digits enlarged), small enough to train on a CPU.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import NamedTuple

import torch
from torch import nn

from dlbook._checks import check_float, check_int, check_seed, choose
from dlbook.models._images import check_images
from dlbook.seed import seeded


class ConvLayer(NamedTuple):
    """One row of a layer table: a convolution and its geometry."""

    name: str
    out_channels: int
    kernel_size: int
    stride: int
    padding: int
    split: bool  # in the two-GPU net, reads only the maps of its own GPU


#: The 2012 layer table (Section 3.5), shapes for a 224x224 input.
ALEXNET_CONVS = (
    ConvLayer("conv1", 96, 11, 4, 2, False),  # (B, 96, 55, 55) -> pool (B, 96, 27, 27)
    ConvLayer("conv2", 256, 5, 1, 2, True),  # (B, 256, 27, 27) -> pool (B, 256, 13, 13)
    ConvLayer("conv3", 384, 3, 1, 1, False),  # (B, 384, 13, 13)
    ConvLayer("conv4", 384, 3, 1, 1, True),  # (B, 384, 13, 13)
    ConvLayer("conv5", 256, 3, 1, 1, True),  # (B, 256, 13, 13) -> pool (B, 256, 6, 6)
)

NORM_AFTER = ("conv1", "conv2")  # response normalisation follows these (Section 3.5)
POOL_AFTER = ("conv1", "conv2", "conv5")  # and max-pooling follows these
BIAS_ONE = ("conv2", "conv4", "conv5", "fc6", "fc7")  # biases initialised to 1 (Section 5)


def local_response_norm() -> nn.LocalResponseNorm:
    """Response normalisation with the paper's k = 2, n = 5, alpha = 1e-4, beta = 0.75.

    ``b[c] = a[c] / (k + alpha * sum(a[c'] ** 2 for c' within n/2 of c)) ** beta``, summed
    over adjacent maps at the same position ("lateral inhibition"). torch divides ``alpha``
    by ``size``, so it gets ``n * alpha``.
    """
    n, alpha = 5, 1e-4
    return nn.LocalResponseNorm(size=n, alpha=n * alpha, beta=0.75, k=2.0)


def make_features(
    convs: Sequence[ConvLayer],
    in_channels: int,
    *,
    lrn: bool = True,
    groups: int = 1,
    adapt: nn.Module | None = None,
) -> nn.Sequential:
    """The convolutional stack of a layer table: conv, ReLU, [LRN], [overlapping max-pool].

    Layers are named as in the paper (``conv1``, ``relu1``, ``norm1``, ``pool1``, ...).
    ``groups=2`` splits the layers marked ``split`` into two towers; ``adapt``, if given,
    comes first (a resizing layer, say).
    """
    if groups not in (1, 2):
        raise ValueError(
            f"groups must be 1 (one tower) or 2 (the paper's two GPUs), got {groups!r}"
        )
    layers: list[tuple[str, nn.Module]] = [("adapt", adapt)] if adapt is not None else []
    channels = in_channels
    for i, conv in enumerate(convs, start=1):
        g = groups if conv.split else 1
        if channels % g or conv.out_channels % g:
            raise ValueError(
                f"{conv.name}: groups={g} must divide its {channels} input "
                f"and {conv.out_channels} output channels"
            )
        k, s, p = conv.kernel_size, conv.stride, conv.padding
        layers += [
            (conv.name, nn.Conv2d(channels, conv.out_channels, k, s, p, groups=g)),
            (f"relu{i}", nn.ReLU()),
        ]
        if lrn and conv.name in NORM_AFTER:
            layers.append((f"norm{i}", local_response_norm()))
        if conv.name in POOL_AFTER:
            layers.append((f"pool{i}", nn.MaxPool2d(kernel_size=3, stride=2)))  # overlapping
        channels = conv.out_channels
    return nn.Sequential(OrderedDict(layers))


def make_classifier(
    in_features: int, hidden: int, num_classes: int, dropout: float
) -> nn.Sequential:
    """fc6 and fc7 (ReLU, then dropout on their outputs) and the output layer fc8."""
    dropout = check_float(dropout, "dropout", minimum=0.0, maximum=1.0, max_open=True)
    return nn.Sequential(OrderedDict([
        ("fc6", nn.Linear(in_features, hidden)),  # (B, hidden)
        ("relu6", nn.ReLU()),
        ("drop6", nn.Dropout(dropout)),
        ("fc7", nn.Linear(hidden, hidden)),  # (B, hidden)
        ("relu7", nn.ReLU()),
        ("drop7", nn.Dropout(dropout)),
        ("fc8", nn.Linear(hidden, num_classes)),  # (B, num_classes)
    ]))  # fmt: skip


def initialize_weights(model: nn.Module) -> None:
    """Section 5 of the paper: weights N(0, 0.01^2); biases 1 in conv2, conv4, conv5, fc6
    and fc7, 0 in the other layers. ``model`` has ``features`` and ``classifier``."""
    for name, m in [*model.features.named_children(), *model.classifier.named_children()]:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.normal_(m.weight, mean=0.0, std=0.01)
            nn.init.constant_(m.bias, 1.0 if name in BIAS_ONE else 0.0)


class AlexNet(nn.Module):
    """AlexNet of Krizhevsky, Sutskever & Hinton (2012) for 224x224 RGB images.

    ``features`` (the five convolutions of ``ALEXNET_CONVS``), ``avgpool``, ``classifier``
    (fc6, fc7, fc8). Images need to be at least 63x63; any size from there on reaches
    ``avgpool``.

    Parameters
    ----------
    num_classes:
        Number of outputs (logits); ImageNet's 1000 by default.
    dropout:
        Probability of zeroing each hidden unit of fc6 and fc7 in training (the paper: 0.5).
    lrn:
        Include local response normalisation after conv1 and conv2 (the paper does; later
        work found it adds little, which the chapter can test by turning it off).
    groups:
        1 folds the paper's two GPU towers into one; 2 keeps the paper's connectivity
        (conv2, conv4, conv5 read only their own tower's maps). See the module text.
    init:
        ``"default"`` (torch's) or ``"paper"`` (Section 5).
    in_channels:
        Channels of the input images.
    seed:
        Seed of the initial weights (see :func:`dlbook.seed.seeded`); ``None`` draws them
        from the global RNG.
    """

    MIN_SIZE = 63  # the smallest input that still leaves a 1x1 map after pool5

    def __init__(
        self,
        num_classes: int = 1000,
        dropout: float = 0.5,
        lrn: bool = True,
        *,
        groups: int = 1,
        init: str = "default",
        in_channels: int = 3,
        seed: int | None = None,
    ):
        super().__init__()
        num_classes = check_int(num_classes, "num_classes", minimum=1)
        self.in_channels = check_int(in_channels, "in_channels", minimum=1)
        self.init = choose(init, "init", ("default", "paper"))
        self.seed = check_seed(seed, allow_none=True)
        with seeded(self.seed):
            self.features = make_features(ALEXNET_CONVS, in_channels, lrn=lrn, groups=groups)
            self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
            self.classifier = make_classifier(256 * 6 * 6, 4096, num_classes, dropout)
            if self.init == "paper":
                initialize_weights(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map images ``(B, in_channels, H, W)`` to logits ``(B, num_classes)``."""
        check_images(x, "AlexNet", self.in_channels, min_size=self.MIN_SIZE)
        x = self.features(x)  # (B, 256, 6, 6) for 224x224 images
        x = self.avgpool(x)  # (B, 256, 6, 6)
        x = torch.flatten(x, 1)  # (B, 9216)
        return self.classifier(x)  # (B, num_classes)


#: ``AlexNetSmall``'s layer table for a 32x32 input: AlexNet's widths / 4, 5x5 then 3x3
#: kernels at stride 1 (a 32x32 image has no room for 11x11 at stride 4).
SMALL_CONVS = (
    ConvLayer("conv1", 24, 5, 1, 2, False),  # (B, 24, 32, 32) -> pool (B, 24, 15, 15)
    ConvLayer("conv2", 64, 5, 1, 2, True),  # (B, 64, 15, 15) -> pool (B, 64, 7, 7)
    ConvLayer("conv3", 96, 3, 1, 1, False),  # (B, 96, 7, 7)
    ConvLayer("conv4", 96, 3, 1, 1, True),  # (B, 96, 7, 7)
    ConvLayer("conv5", 64, 3, 1, 1, True),  # (B, 64, 7, 7) -> pool (B, 64, 3, 3)
)


class AlexNetSmall(nn.Module):
    """AlexNet's design for 32x32 images: same layers, fewer maps, a 3x3 map before fc6.

    Five convolutions (``SMALL_CONVS``) with ReLU, response normalisation after the first
    two, overlapping 3x3/stride-2 max-pooling after conv1, conv2 and conv5, then two
    dropout-regularised hidden layers (``hidden`` units each, AlexNet's 4096 / 16 by default)
    and the output.

    Parameters
    ----------
    num_classes:
        Number of outputs (logits).
    in_channels:
        Channels of the input images (3 for CIFAR-10, 1 for digits).
    input_size:
        Height (= width) of the images the model will be given. If it is not 32 the images
        are resized (bilinearly) to 32x32 by the first layer of ``features``: this is how
        8x8 digits are fed (``input_size=8``).
    dropout, lrn, groups, init:
        As for ``AlexNet``.
    channels:
        Output maps of conv1 to conv5.
    hidden:
        Units in fc6 and fc7.
    seed:
        Seed of the initial weights, as for ``AlexNet``.
    """

    INPUT_SIZE = 32  # the size the layer table is designed for

    def __init__(
        self,
        num_classes: int = 10,
        in_channels: int = 3,
        *,
        input_size: int = INPUT_SIZE,
        dropout: float = 0.5,
        lrn: bool = True,
        groups: int = 1,
        init: str = "default",
        channels: Sequence[int] = tuple(c.out_channels for c in SMALL_CONVS),
        hidden: int = 256,
        seed: int | None = None,
    ):
        super().__init__()
        num_classes = check_int(num_classes, "num_classes", minimum=1)
        hidden = check_int(hidden, "hidden", minimum=1)
        self.in_channels = check_int(in_channels, "in_channels", minimum=1)
        self.input_size = check_int(input_size, "input_size", minimum=1)
        channels = tuple(channels)
        if len(channels) != len(SMALL_CONVS):
            raise ValueError(f"channels must be 5 positive ints (conv1 to conv5), got {channels}")
        for i, c in enumerate(channels, start=1):
            check_int(c, f"channels[{i - 1}] (conv{i})", minimum=1)
        self.init = choose(init, "init", ("default", "paper"))
        self.seed = check_seed(seed, allow_none=True)
        size = self.INPUT_SIZE
        adapt = None
        if input_size != size:  # (B, C, input_size, input_size) -> (B, C, 32, 32)
            adapt = nn.Upsample(size=(size, size), mode="bilinear", align_corners=False)
        convs = [c._replace(out_channels=n) for c, n in zip(SMALL_CONVS, channels, strict=True)]
        with seeded(self.seed):
            self.features = make_features(convs, in_channels, lrn=lrn, groups=groups, adapt=adapt)
            self.avgpool = nn.AdaptiveAvgPool2d((3, 3))
            self.classifier = make_classifier(channels[-1] * 3 * 3, hidden, num_classes, dropout)
            if self.init == "paper":
                initialize_weights(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map images ``(B, in_channels, input_size, input_size)`` to logits ``(B, classes)``."""
        check_images(x, "AlexNetSmall", self.in_channels, size=self.input_size)
        x = self.features(x)  # (B, C5, 3, 3)
        x = self.avgpool(x)  # (B, C5, 3, 3)
        x = torch.flatten(x, 1)  # (B, C5 * 9)
        return self.classifier(x)  # (B, num_classes)
