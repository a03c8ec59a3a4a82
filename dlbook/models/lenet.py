"""LeNet-5 (LeCun, Bottou, Bengio & Haffner 1998), the convolutional network that read cheques.

Three ideas make a convolutional network: local receptive fields, shared weights (each feature
map is one small filter slid over the image) and spatial subsampling. LeNet-5 alternates them
on a 32x32 input, as in the paper's Fig. 2::

    layer  maps @ size   trainable parameters
    C1     6 @ 28x28     6 * (1 * 5*5 + 1)           =    156
    S2     6 @ 14x14     6 * 2                       =     12
    C3    16 @ 10x10     60 connections * 5*5 + 16   =  1,516  (Table I)
    S4    16 @ 5x5       16 * 2                      =     32
    C5   120 @ 1x1       120 * (16 * 5*5 + 1)        = 48,120
    F6    84             84 * (120 + 1)              = 10,164
    out   10             10 * (84 + 1)               =    850  (the paper: RBF units)

The ``"classic"`` variant follows the paper: every layer up to F6 passes its weighted sum
through the scaled tanh ``1.7159 tanh(2a/3)`` (Appendix A), the S layers add each 2x2 window,
multiply by one trainable coefficient per map and add a trainable bias, C3 reads only the S2
maps of Table I, and the weights start U(-2.4/F, 2.4/F) for fan-in F. The ``"modern"``
variant is what LeNet-5 usually means today: ReLU, 2x2 max-pooling, C3 fully connected to S2,
torch's default init.

Simplified: the paper's output layer is ten Euclidean RBF units whose centres are fixed
7x12 bitmaps of the digits, trained with a special loss; here it is an ordinary linear layer
giving logits for ``nn.CrossEntropyLoss``.

The network wants 32x32 images. MNIST's 28x28 digits were centred in that larger field, so
``input_size=28`` pads them with a 2-pixel border of zeros (``adapt="pad"``); scikit-learn's
8x8 digits are better enlarged, ``input_size=8, adapt="resize"`` (bilinear).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import torch
from torch import nn
from torch.nn import functional as F

from dlbook._checks import check_int, check_seed, choose
from dlbook.models._images import check_images
from dlbook.seed import seeded

#: Table I of the paper: for each of the 16 C3 maps, the S2 maps it reads. The first six read
#: three neighbouring maps, the next six four neighbours, three read non-neighbouring fours,
#: and the last reads all six. Breaking the symmetry this way forces different C3 maps to
#: extract different features (and saves connections).
C3_TABLE: tuple[tuple[int, ...], ...] = (
    (0, 1, 2), (1, 2, 3), (2, 3, 4), (3, 4, 5), (0, 4, 5), (0, 1, 5),
    (0, 1, 2, 3), (1, 2, 3, 4), (2, 3, 4, 5), (0, 3, 4, 5), (0, 1, 4, 5), (0, 1, 2, 5),
    (0, 1, 3, 4), (1, 2, 4, 5), (0, 2, 3, 5),
    (0, 1, 2, 3, 4, 5),
)  # fmt: skip

INPUT_SIZE = 32  # the paper's input field, 32x32 pixels


class ScaledTanh(nn.Module):
    """The paper's squashing function ``f(a) = A tanh(S a)``, A = 1.7159, S = 2/3.

    LeCun et al. (1998, Appendix A) chose the constants so that f(1) = 1 and f(-1) = -1, and
    the second derivative of f is largest at +-1, where the targets are.
    """

    def __init__(self, amplitude: float = 1.7159, slope: float = 2 / 3):
        super().__init__()
        self.amplitude = amplitude
        self.slope = slope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Apply ``A tanh(S x)`` elementwise."""
        return self.amplitude * torch.tanh(self.slope * x)

    def extra_repr(self) -> str:
        """The two constants, shown in ``repr``."""
        return f"amplitude={self.amplitude}, slope={self.slope:.4g}"


class Subsampling(nn.Module):
    """LeNet's S layer: add each 2x2 window, times a trainable coefficient, plus a bias.

    One coefficient and one bias per feature map (so 2 parameters per map); the windows do not
    overlap, halving height and width. An average pool times 4 is the window's sum.
    """

    def __init__(self, channels: int):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))  # one coefficient per map
        self.bias = nn.Parameter(torch.zeros(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Subsample ``(B, C, H, W)`` to ``(B, C, H // 2, W // 2)``."""
        total = 4 * F.avg_pool2d(x, 2)  # (B, C, H/2, W/2): the sum of each 2x2 window
        return total * self.weight.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)

    def extra_repr(self) -> str:
        """The number of maps, shown in ``repr``."""
        return f"{self.weight.shape[0]}"


class PartialConv2d(nn.Module):
    """A convolution in which output map ``j`` reads only the input maps ``table[j]``.

    Maps that read the same number of inputs are computed together by one grouped
    convolution (one group per map) over their gathered input maps, so the parameters are
    exactly those of the table: ``sum(len(t) for t in table) * k * k`` weights and one bias
    per output map.
    """

    def __init__(self, table: Sequence[Sequence[int]], kernel_size: int):
        super().__init__()
        self.table = tuple(tuple(int(i) for i in inputs) for inputs in table)
        self.in_channels = max(max(t) for t in self.table) + 1
        self.out_channels = len(self.table)
        by_size: dict[int, list[int]] = {}  # number of inputs -> output maps with that many
        for j, inputs in enumerate(self.table):
            by_size.setdefault(len(inputs), []).append(j)
        self.groups = [maps for _, maps in sorted(by_size.items())]
        # the input maps each grouped convolution reads, output map after output map
        self.gather = [[i for j in maps for i in self.table[j]] for maps in self.groups]
        self.convs = nn.ModuleList(
            nn.Conv2d(len(idx), len(maps), kernel_size, groups=len(maps))
            for maps, idx in zip(self.groups, self.gather, strict=True)
        )
        order = [j for maps in self.groups for j in maps]
        self.restore = [order.index(j) for j in range(self.out_channels)]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Convolve ``(B, in, H, W)`` to ``(B, out, H - k + 1, W - k + 1)``."""
        outs = [conv(x[:, idx]) for conv, idx in zip(self.convs, self.gather, strict=True)]
        return torch.cat(outs, dim=1)[:, self.restore]  # (B, out, H', W') in table order

    def extra_repr(self) -> str:
        """Sizes and the number of connections, shown in ``repr``."""
        n = sum(len(t) for t in self.table)
        return f"{self.in_channels}, {self.out_channels}, connections={n}"


class LeNet5(nn.Module):
    """LeNet-5 of LeCun et al. (1998): ``features`` (C1 to C5) then ``classifier`` (F6, out).

    Parameters
    ----------
    num_classes:
        Number of outputs (logits).
    in_channels:
        Channels of the input images (the paper: 1, grey levels).
    variant:
        ``"classic"`` (scaled tanh, trainable subsampling, the C3 table, the paper's init) or
        ``"modern"`` (ReLU, max-pooling, full C3, torch's default init); see the module text.
    input_size:
        Height (= width) of the images the model will be given. Other sizes than 32 are
        adapted to 32 at the start of ``features``, following ``adapt``.
    adapt:
        ``"pad"``: a border of zeros, as the paper did for 28x28 MNIST (32 - ``input_size``
        must be even and non-negative); ``"resize"``: bilinear resampling to 32x32.
    connection_table:
        Use Table I for C3 (``True``) or connect every C3 map to all S2 maps (``False``).
        Defaults to ``True`` for ``"classic"`` and ``False`` for ``"modern"``.
    seed:
        Seed of the initial weights (see :func:`dlbook.seed.seeded`); ``None`` draws them
        from the global RNG.
    """

    def __init__(
        self,
        num_classes: int = 10,
        in_channels: int = 1,
        variant: str = "classic",
        *,
        input_size: int = INPUT_SIZE,
        adapt: str = "pad",
        connection_table: bool | None = None,
        seed: int | None = None,
    ):
        super().__init__()
        num_classes = check_int(num_classes, "num_classes", minimum=1)
        in_channels = check_int(in_channels, "in_channels", minimum=1)
        input_size = check_int(input_size, "input_size", minimum=1)
        self.seed = check_seed(seed, allow_none=True)
        self.variant = choose(variant, "LeNet5 variant", ("classic", "modern"))
        self.adapt = choose(adapt, "adapt", ("pad", "resize"))
        self.in_channels = in_channels
        self.input_size = input_size
        classic = self.variant == "classic"
        table = classic if connection_table is None else bool(connection_table)

        def act() -> nn.Module:
            return ScaledTanh() if classic else nn.ReLU()

        with seeded(self.seed):  # every weight drawn here, from this seed
            layers: list[tuple[str, nn.Module]] = []
            if input_size != INPUT_SIZE:
                layers.append(("adapt", _adaptor(input_size, self.adapt)))  # (B, C, 32, 32)
            layers += [
                ("c1", nn.Conv2d(in_channels, 6, kernel_size=5)),  # (B, 6, 28, 28)
                ("act1", act()),
                ("s2", Subsampling(6) if classic else nn.MaxPool2d(2)),  # (B, 6, 14, 14)
            ]
            if classic:
                layers.append(("act2", act()))
            c3 = PartialConv2d(C3_TABLE, kernel_size=5) if table else nn.Conv2d(6, 16, 5)
            layers += [
                ("c3", c3),  # (B, 16, 10, 10)
                ("act3", act()),
                ("s4", Subsampling(16) if classic else nn.MaxPool2d(2)),  # (B, 16, 5, 5)
            ]
            if classic:
                layers.append(("act4", act()))
            layers += [
                ("c5", nn.Conv2d(16, 120, kernel_size=5)),  # (B, 120, 1, 1)
                ("act5", act()),
            ]
            self.features = nn.Sequential(OrderedDict(layers))
            self.classifier = nn.Sequential(OrderedDict([
                ("f6", nn.Linear(120, 84)),  # (B, 84)
                ("act6", act()),
                ("output", nn.Linear(84, num_classes)),  # (B, num_classes)
            ]))  # fmt: skip
            if classic:
                self._initialize_weights()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map images ``(B, in_channels, input_size, input_size)`` to logits ``(B, classes)``."""
        check_images(x, "LeNet5", self.in_channels, size=self.input_size)
        x = self.features(x)  # (B, 120, 1, 1)
        x = torch.flatten(x, 1)  # (B, 120)
        return self.classifier(x)  # (B, num_classes)

    def _initialize_weights(self) -> None:
        """The paper's init: weights U(-2.4/F, 2.4/F), F the unit's fan-in; biases zero."""
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                fan_in = m.weight[0].numel()  # (in / groups) * k * k, or in
                nn.init.uniform_(m.weight, -2.4 / fan_in, 2.4 / fan_in)
                nn.init.zeros_(m.bias)
            elif isinstance(m, Subsampling):
                nn.init.uniform_(m.weight, -2.4 / 4, 2.4 / 4)  # four inputs per unit
                nn.init.zeros_(m.bias)


def _adaptor(input_size: int, adapt: str) -> nn.Module:
    """The layer that turns ``input_size`` images into 32x32 ones."""
    if adapt == "resize":
        return nn.Upsample(size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False)
    border = INPUT_SIZE - input_size
    if border < 0 or border % 2:
        raise ValueError(
            f"adapt='pad' centres {input_size}x{input_size} images in 32x32 and needs "
            f"32 - input_size even and >= 0, got input_size={input_size}; "
            "use adapt='resize' instead"
        )
    return nn.ZeroPad2d(border // 2)
