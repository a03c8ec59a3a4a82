"""LeNet-5 and AlexNet: parameter counts from the papers' layer tables, shapes, LRN, init."""

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from dlbook.models import (
    C3_TABLE,
    AlexNet,
    AlexNetSmall,
    LeNet5,
    PartialConv2d,
    ScaledTanh,
    Subsampling,
    local_response_norm,
)


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def conv(c_in, c_out, k, groups=1):
    """Parameters of a k x k convolution: weights and one bias per output map."""
    return c_out * (c_in // groups) * k * k + c_out


def linear(n_in, n_out):
    return n_out * n_in + n_out


def output_shapes(model: nn.Module, x: torch.Tensor) -> dict[str, tuple[int, ...]]:
    """The output shape of each named child of ``features``, from a forward pass."""
    shapes = {}
    hooks = [
        m.register_forward_hook(lambda _m, _i, out, name=name: shapes.update({name: out.shape}))
        for name, m in model.features.named_children()
    ]
    model(x)
    for h in hooks:
        h.remove()
    return {k: tuple(v[1:]) for k, v in shapes.items()}


# --------------------------------------------------------------------------------- LeNet-5

# LeCun et al. (1998), Section II.B, layer by layer.
LENET_C1 = conv(1, 6, 5)  # 156
LENET_S2 = 6 * 2  # 12: a coefficient and a bias per map
LENET_C3 = sum(len(t) for t in C3_TABLE) * 25 + 16  # 1516
LENET_S4 = 16 * 2  # 32
LENET_C5 = conv(16, 120, 5)  # 48,120
LENET_F6 = linear(120, 84)  # 10,164
LENET_OUT = linear(84, 10)  # 850: a linear layer instead of the RBF units


def test_lenet_layer_table_matches_the_paper_counts():
    # The numbers printed in the paper for each layer.
    assert (LENET_C1, LENET_S2, LENET_C3, LENET_S4, LENET_C5, LENET_F6) == (
        156,
        12,
        1516,
        32,
        48120,
        10164,
    )
    assert len(C3_TABLE) == 16
    assert sum(len(t) for t in C3_TABLE) == 60


def test_lenet_parameter_counts():
    classic = LENET_C1 + LENET_S2 + LENET_C3 + LENET_S4 + LENET_C5 + LENET_F6 + LENET_OUT
    assert n_params(LeNet5()) == classic == 60850
    full_c3 = classic - LENET_C3 + conv(6, 16, 5)
    assert n_params(LeNet5(connection_table=False)) == full_c3
    modern = LENET_C1 + conv(6, 16, 5) + LENET_C5 + LENET_F6 + LENET_OUT  # pooling has none
    assert n_params(LeNet5(variant="modern")) == modern
    assert n_params(LeNet5(num_classes=26)) == classic - LENET_OUT + linear(84, 26)


@pytest.mark.parametrize("variant", ["classic", "modern"])
def test_lenet_feature_maps_have_the_papers_sizes(variant):
    model = LeNet5(variant=variant)
    shapes = output_shapes(model, torch.zeros(2, 1, 32, 32))
    assert shapes["c1"] == (6, 28, 28)
    assert shapes["s2"] == (6, 14, 14)
    assert shapes["c3"] == (16, 10, 10)
    assert shapes["s4"] == (16, 5, 5)
    assert shapes["c5"] == (120, 1, 1)
    assert model(torch.zeros(2, 1, 32, 32)).shape == (2, 10)


def test_lenet_classic_uses_the_papers_units_and_init():
    model = LeNet5()
    assert isinstance(model.features.s2, Subsampling)
    assert isinstance(model.features.c3, PartialConv2d)
    assert sum(isinstance(m, ScaledTanh) for m in model.modules()) == 6  # C1 to F6
    f6 = model.classifier.f6.weight
    assert f6.abs().max().item() <= 2.4 / 120
    assert f6.std().item() == pytest.approx(2.4 / 120 / 3**0.5, rel=0.05)
    modern = LeNet5(variant="modern")
    assert isinstance(modern.features.s2, nn.MaxPool2d)
    assert isinstance(modern.features.act1, nn.ReLU)


def test_scaled_tanh_maps_one_to_about_one():
    f = ScaledTanh()
    x = torch.tensor([-1.0, 0.0, 1.0])
    torch.testing.assert_close(f(x), 1.7159 * torch.tanh(2 / 3 * x))
    assert f(x).tolist() == pytest.approx([-1.0, 0.0, 1.0], abs=1e-4)


def test_subsampling_is_a_scaled_window_sum_plus_bias():
    s = Subsampling(2)
    with torch.no_grad():
        s.weight.copy_(torch.tensor([0.5, -1.0]))
        s.bias.copy_(torch.tensor([1.0, 0.0]))
    x = torch.arange(32.0).view(1, 2, 4, 4)
    windows = x.unfold(2, 2, 2).unfold(3, 2, 2).sum((-1, -2))  # (1, 2, 2, 2)
    expected = windows * torch.tensor([0.5, -1.0]).view(1, 2, 1, 1)
    expected += torch.tensor([1.0, 0.0]).view(1, 2, 1, 1)
    torch.testing.assert_close(s(x), expected)


def test_c3_map_reads_only_the_s2_maps_of_table_1():
    torch.manual_seed(0)
    c3 = PartialConv2d(C3_TABLE, kernel_size=5)
    x = torch.randn(1, 6, 14, 14)
    base = c3(x)
    for i in range(6):
        x2 = x.clone()
        x2[:, i] += 1.0  # change one S2 map
        changed = (c3(x2) - base).abs().flatten(2).amax(-1)[0] > 1e-6  # (16,)
        readers = [j for j, inputs in enumerate(C3_TABLE) if i in inputs]
        assert changed.nonzero().flatten().tolist() == readers
    # A single map computed by hand: conv2d over its input maps with its own filters.
    conv6 = c3.convs[1]  # the maps reading four inputs: 6..14
    w = conv6.weight[:1]  # (1, 4, 5, 5): the filters of map 6, one per input 0, 1, 2, 3
    ref = F.conv2d(x[:, list(C3_TABLE[6])], w, conv6.bias[:1])
    torch.testing.assert_close(base[:, 6:7], ref)


def test_lenet_adapts_mnist_and_digit_sizes():
    mnist = LeNet5(input_size=28)
    assert isinstance(mnist.features.adapt, nn.ZeroPad2d)
    assert output_shapes(mnist, torch.zeros(1, 1, 28, 28))["adapt"] == (1, 32, 32)
    digits = LeNet5(input_size=8, adapt="resize", variant="modern")
    assert digits(torch.zeros(3, 1, 8, 8)).shape == (3, 10)
    rgb = LeNet5(in_channels=3, num_classes=4)
    assert rgb(torch.zeros(1, 3, 32, 32)).shape == (1, 4)


def test_lenet_bad_inputs_raise():
    model = LeNet5()
    with pytest.raises(ValueError, match="built for 32x32 images"):
        model(torch.zeros(1, 1, 28, 28))
    with pytest.raises(ValueError, match=r"1 input channel\(s\)"):
        model(torch.zeros(1, 3, 32, 32))
    with pytest.raises(ValueError, match="unsqueeze"):
        model(torch.zeros(1, 32, 32))
    with pytest.raises(TypeError, match="float images"):
        model(torch.zeros(1, 1, 32, 32, dtype=torch.uint8))
    with pytest.raises(ValueError, match="unknown LeNet5 variant 'relu'"):
        LeNet5(variant="relu")
    with pytest.raises(ValueError, match="even"):
        LeNet5(input_size=27)
    with pytest.raises(ValueError, match="unknown adapt"):
        LeNet5(input_size=8, adapt="crop")
    with pytest.raises(ValueError, match="num_classes must be at least 1, got 0"):
        LeNet5(num_classes=0)


# ---------------------------------------------------------------------------------- AlexNet


def alexnet_count(groups: int) -> int:
    """The 2012 layer table; conv2, conv4, conv5 read one tower's maps when groups=2."""
    return (
        conv(3, 96, 11)
        + conv(96, 256, 5, groups)
        + conv(256, 384, 3)
        + conv(384, 384, 3, groups)
        + conv(384, 256, 3, groups)
        + linear(256 * 6 * 6, 4096)
        + linear(4096, 4096)
        + linear(4096, 1000)
    )


def test_alexnet_has_the_papers_60_million_parameters():
    with torch.device("meta"):  # shapes only: no memory, no init
        two_towers = AlexNet(groups=2)
        one_tower = AlexNet()
    n2, n1 = n_params(two_towers), n_params(one_tower)
    print(f"AlexNet parameters: {n2:,} (two towers, groups=2), {n1:,} (one tower)")
    assert n2 == alexnet_count(groups=2)
    assert n1 == alexnet_count(groups=1)
    assert abs(n2 - 60e6) / 60e6 < 0.02  # "60 million parameters" (Krizhevsky et al. 2012)
    assert abs(n1 - 60e6) / 60e6 > 0.02  # folding the towers adds 1.4 million


def test_alexnet_feature_maps_have_the_papers_sizes():
    with torch.device("meta"):
        model = AlexNet()
        shapes = output_shapes(model, torch.empty(1, 3, 224, 224))
    assert shapes["conv1"] == (96, 55, 55)
    assert shapes["pool1"] == (96, 27, 27)
    assert shapes["conv2"] == (256, 27, 27)
    assert shapes["pool2"] == (256, 13, 13)
    assert shapes["conv3"] == (384, 13, 13)
    assert shapes["conv4"] == (384, 13, 13)
    assert shapes["conv5"] == (256, 13, 13)
    assert shapes["pool5"] == (256, 6, 6)
    names = list(dict(model.features.named_children()))
    assert names.index("norm1") == names.index("relu1") + 1  # conv -> ReLU -> LRN -> pool
    assert names.index("pool1") == names.index("norm1") + 1
    assert "norm3" not in names
    with torch.device("meta"):
        no_lrn = AlexNet(lrn=False)
    assert not any(isinstance(m, nn.LocalResponseNorm) for m in no_lrn.modules())


def test_alexnet_forward_and_paper_init():
    torch.manual_seed(0)
    model = AlexNet(init="paper").eval()
    with torch.no_grad():
        out = model(torch.randn(1, 3, 224, 224))
    assert out.shape == (1, 1000)
    for name in ["conv2", "conv4", "conv5"]:
        assert (model.features.get_submodule(name).bias == 1).all()
    for name in ["conv1", "conv3"]:
        assert not model.features.get_submodule(name).bias.any()
    assert torch.equal(model.classifier.fc6.bias, torch.ones(4096))
    assert torch.equal(model.classifier.fc7.bias, torch.ones(4096))
    assert not model.classifier.fc8.bias.any()
    assert model.classifier.fc6.weight.std().item() == pytest.approx(0.01, rel=0.01)


def test_lrn_is_the_papers_formula():
    torch.manual_seed(0)
    a = torch.rand(2, 7, 3, 3) * 30  # large enough that the normalisation matters
    k, n, alpha, beta = 2.0, 5, 1e-4, 0.75
    expected = torch.empty_like(a)
    for i in range(a.shape[1]):  # b_i = a_i / (k + alpha * sum_{|j - i| <= n/2} a_j^2)^beta
        lo, hi = max(0, i - n // 2), min(a.shape[1] - 1, i + n // 2)
        expected[:, i] = a[:, i] / (k + alpha * (a[:, lo : hi + 1] ** 2).sum(1)) ** beta
    torch.testing.assert_close(local_response_norm()(a), expected)


def test_alexnet_dropout_sits_after_fc6_and_fc7_and_is_off_in_eval():
    model = AlexNetSmall(dropout=0.5)
    names = list(dict(model.classifier.named_children()))
    assert names == ["fc6", "relu6", "drop6", "fc7", "relu7", "drop7", "fc8"]
    assert model.classifier.drop6.p == 0.5
    x = torch.randn(4, 3, 32, 32)
    model.eval()
    assert torch.equal(model(x), model(x))
    model.train()
    torch.manual_seed(0)
    a = model(x)
    assert not torch.equal(a, model(x))


def test_alexnet_small_shapes_counts_and_adaptor():
    model = AlexNetSmall()
    shapes = output_shapes(model, torch.zeros(2, 3, 32, 32))
    assert shapes["pool1"] == (24, 15, 15)
    assert shapes["pool2"] == (64, 7, 7)
    assert shapes["pool5"] == (64, 3, 3)
    assert model(torch.zeros(2, 3, 32, 32)).shape == (2, 10)
    c = (24, 64, 96, 96, 64)
    count = (
        conv(3, c[0], 5)
        + conv(c[0], c[1], 5)
        + conv(c[1], c[2], 3)
        + conv(c[2], c[3], 3)
        + conv(c[3], c[4], 3)
        + linear(c[4] * 9, 256)
        + linear(256, 256)
        + linear(256, 10)
    )
    assert n_params(model) == count
    grouped = AlexNetSmall(groups=2)
    assert n_params(grouped) == count - (
        conv(c[0], c[1], 5) - conv(c[0], c[1], 5, 2)
        + conv(c[2], c[3], 3) - conv(c[2], c[3], 3, 2)
        + conv(c[3], c[4], 3) - conv(c[3], c[4], 3, 2)
    )  # fmt: skip
    digits = AlexNetSmall(num_classes=10, in_channels=1, input_size=8)
    assert isinstance(digits.features.adapt, nn.Upsample)
    assert digits(torch.zeros(5, 1, 8, 8)).shape == (5, 10)
    wide = AlexNetSmall(channels=(8, 8, 8, 8, 8), hidden=16, lrn=False)
    assert wide.classifier.fc6.in_features == 8 * 9


def test_alexnet_small_paper_init():
    torch.manual_seed(0)
    model = AlexNetSmall(init="paper")
    assert torch.equal(model.features.conv2.bias, torch.ones(64))
    assert not model.features.conv1.bias.any()
    assert model.features.conv3.weight.std().item() == pytest.approx(0.01, rel=0.05)


def test_alexnet_bad_inputs_raise():
    small = AlexNetSmall()
    with pytest.raises(ValueError, match="built for 32x32 images"):
        small(torch.zeros(1, 3, 28, 28))
    with pytest.raises(ValueError, match=r"3 input channel\(s\)"):
        small(torch.zeros(1, 1, 32, 32))
    with pytest.raises(ValueError, match="groups must be 1"):
        AlexNetSmall(groups=3)
    with pytest.raises(ValueError, match=r"dropout must be in \[0, 1\), got 1"):
        AlexNetSmall(dropout=1.0)
    with pytest.raises(ValueError, match="unknown init 'xavier'"):
        AlexNetSmall(init="xavier")
    with pytest.raises(ValueError, match="groups=2 must divide"):
        AlexNetSmall(groups=2, channels=(24, 63, 96, 96, 64))
    with pytest.raises(ValueError, match="channels must be 5 positive ints"):
        AlexNetSmall(channels=(24, 64))
    with pytest.raises(ValueError, match=r"channels\[2\] \(conv3\) must be at least 1, got 0"):
        AlexNetSmall(channels=(24, 64, 0, 96, 64))
    with torch.device("meta"):
        big = AlexNet()
        with pytest.raises(ValueError, match="at least 63x63"):
            big(torch.empty(1, 3, 62, 62))
        assert big(torch.empty(1, 3, 63, 63)).shape == (1, 1000)
