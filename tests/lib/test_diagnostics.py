"""Gradient-norm and activation recorders: values against direct computation, hooks cleaned up."""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from torch import nn

from dlbook.diagnostics import (
    SATURATION,
    ActivationRecorder,
    GradientNormRecorder,
    gradient_norms_at_init,
)


def _no_hooks(model: nn.Module) -> bool:
    for m in model.modules():
        if m._forward_hooks or m._forward_pre_hooks or m._backward_hooks:
            return False
    return all(not p._post_accumulate_grad_hooks for p in model.parameters())


def _set_linear(lin: nn.Linear, weight, bias) -> nn.Linear:
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(weight, dtype=lin.weight.dtype))
        lin.bias.copy_(torch.tensor(bias, dtype=lin.bias.dtype))
    return lin


def _small_net() -> nn.Sequential:
    return nn.Sequential(
        _set_linear(nn.Linear(2, 3), [[0.5, -1.0], [1.5, 0.25], [-0.75, 0.5]], [0.1, 0.0, -0.2]),
        nn.Sigmoid(),
        _set_linear(nn.Linear(3, 2), [[1.0, -2.0, 0.5], [0.3, 0.8, -1.1]], [0.0, 0.05]),
        nn.Tanh(),
        _set_linear(nn.Linear(2, 2), [[2.0, -1.0], [-0.5, 1.5]], [0.0, 0.0]),
    ).double()


def _batch(n: int = 8, d: int = 2, k: int = 2, seed: int = 0):
    gen = torch.Generator().manual_seed(seed)
    return (
        torch.randn(n, d, generator=gen, dtype=torch.float64),
        torch.randint(0, k, (n,), generator=gen),
    )


def _sgd(model: nn.Module, lr: float) -> None:
    with torch.no_grad():
        for p in model.parameters():
            p.sub_(lr * p.grad)


# --- gradient norms -------------------------------------------------------------------------


def test_gradient_norms_equal_weight_grad_norm_in_a_training_loop():
    model = _small_net()
    rec = GradientNormRecorder(model)
    assert list(rec.layers) == ["layer 1", "layer 2", "layer 3"]
    expected: dict[str, list[float]] = {name: [] for name in rec.layers}
    with rec:
        assert rec.attached
        for step in range(3):
            X, y = _batch(seed=step)
            model.zero_grad()
            nn.functional.cross_entropy(model(X), y).backward()
            for name, layer in rec.layers.items():
                expected[name].append(float(layer.weight.grad.norm()))
            _sgd(model, 0.1)
    assert not rec.attached
    assert _no_hooks(model)
    assert rec.per_step == expected
    assert all(v > 0 for values in expected.values() for v in values)
    # A backward pass after detaching is not recorded.
    nn.functional.cross_entropy(model(_batch()[0]), _batch()[1]).backward()
    assert len(rec.per_step["layer 1"]) == 3


def test_callback_contract_by_hand_with_epoch_means():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 4 * 4, 3))
    rec = GradientNormRecorder(model)
    gen = torch.Generator().manual_seed(1)
    per_batch = []
    rec.on_fit_start(None, model)
    assert rec.attached
    for epoch in range(2):
        rec.on_epoch_start(None, model, epoch)
        for batch in range(3):
            X = torch.randn(4, 1, 6, 6, generator=gen)
            y = torch.randint(0, 3, (4,), generator=gen)
            model.zero_grad()
            loss = nn.functional.cross_entropy(model(X), y)
            loss.backward()
            rec.on_after_backward(None, model, batch)
            per_batch.append(
                [float(model[0].weight.grad.norm()), float(model[3].weight.grad.norm())]
            )
            _sgd(model, 0.05)
            rec.on_batch_end(None, model, batch, loss.item())
        rec.on_epoch_end(None, model, epoch, {"train_loss": loss.item()})
    rec.on_fit_end(None, model, None)
    assert not rec.attached
    assert _no_hooks(model)
    assert rec.per_step["layer 1"] == [r[0] for r in per_batch]
    assert rec.per_step["layer 2"] == [r[1] for r in per_batch]
    for i, name in enumerate(["layer 1", "layer 2"]):
        means = [sum(r[i] for r in per_batch[e * 3 : (e + 1) * 3]) / 3 for e in range(2)]
        assert rec.per_epoch[name] == pytest.approx(means, rel=1e-15)


def test_hooks_attached_by_hand_survive_fit_end():
    model = _small_net()
    rec = GradientNormRecorder(model).attach()
    rec.on_fit_start(None, model)
    rec.on_fit_end(None, model, None)
    assert rec.attached
    rec.detach()
    assert _no_hooks(model)


def test_empty_epoch_gives_nan_and_layers_by_name():
    model = _small_net()
    rec = GradientNormRecorder(model, layers=["0", "4"])
    assert list(rec.layers) == ["0", "4"]
    assert rec.layers["4"] is model[4]
    rec.end_epoch()
    assert math.isnan(rec.per_epoch["0"][0])


def test_record_and_gradient_norms_at_init_leave_grad_alone():
    model = _small_net()
    X, y = _batch()
    norms = gradient_norms_at_init(model, X, y)
    assert all(p.grad is None for p in model.parameters())
    nn.functional.cross_entropy(model(X), y).backward()
    direct = {f"layer {i}": float(model[j].weight.grad.norm()) for i, j in ((1, 0), (2, 2), (3, 4))}
    assert norms == pytest.approx(direct, rel=1e-14)
    rec = GradientNormRecorder(model)
    assert rec.record(X, y) == pytest.approx(direct, rel=1e-14)
    assert rec.per_step == {"layer 1": [], "layer 2": [], "layer 3": []}


def test_gradient_norms_at_init_mse_and_callable_loss():
    model = nn.Sequential(_set_linear(nn.Linear(2, 1), [[1.0, -1.0]], [0.5]), nn.Sigmoid())
    X = torch.tensor([[0.0, 1.0], [2.0, 0.0]])
    y = torch.tensor([1.0, 0.0])
    norms = gradient_norms_at_init(model, X, y, loss="mse")
    out = model(X).squeeze(1)
    (g,) = torch.autograd.grad(((out - y) ** 2).mean(), model[0].weight)
    assert norms == {"layer 1": pytest.approx(float(g.norm()), rel=1e-6)}
    summed = gradient_norms_at_init(model, X, y[:, None], loss=lambda o, t: ((o - t) ** 2).sum())
    assert summed["layer 1"] == pytest.approx(2 * norms["layer 1"], rel=1e-6)


def _deep(activation, init, depth: int = 10, width: int = 32, seed: int = 0) -> nn.Sequential:
    torch.manual_seed(seed)
    layers: list[nn.Module] = []
    for i in range(depth):
        lin = nn.Linear(20 if i == 0 else width, width)
        init(lin)
        layers += [lin, activation()]
    out = nn.Linear(width, 5)
    init(out)
    return nn.Sequential(*layers, out)


def _standard(lin):  # U(-1/sqrt(n), 1/sqrt(n)), the "standard" init of Glorot & Bengio (2010)
    bound = 1 / math.sqrt(lin.in_features)
    nn.init.uniform_(lin.weight, -bound, bound)
    nn.init.zeros_(lin.bias)


def _he(lin):
    nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
    nn.init.zeros_(lin.bias)


def test_deep_sigmoid_gradients_vanish_but_relu_he_ones_do_not():
    X, y = _batch(64, 20, 5, seed=0)
    X = X.float()
    sig = list(gradient_norms_at_init(_deep(nn.Sigmoid, _standard), X, y).values())
    relu = list(gradient_norms_at_init(_deep(nn.ReLU, _he), X, y).values())
    assert len(sig) == len(relu) == 11
    assert sig[0] / sig[-1] < 1e-2
    assert all(a < b for a, b in itertools.pairwise(sig))  # shrinking toward input
    assert relu[0] / relu[-1] > 0.1
    assert max(relu) / min(relu) < 20


# --- activation statistics ----------------------------------------------------------------


def _identity_net() -> nn.Sequential:
    eye = torch.eye(4).tolist()
    return nn.Sequential(
        _set_linear(nn.Linear(4, 4), eye, [0.0] * 4),
        nn.Sigmoid(),
        _set_linear(nn.Linear(4, 4), eye, [0.0] * 4),
        nn.Tanh(),
        _set_linear(nn.Linear(4, 4), eye, [0.0] * 4),
        nn.ReLU(),
    ).double()


def test_activation_stats_equal_direct_computation():
    model = _small_net()
    X, _ = _batch()
    rec = ActivationRecorder(model)
    assert rec.layers == {"layer 1": model[1], "layer 2": model[3]}
    assert rec.thresholds == {"layer 1": SATURATION["sigmoid"], "layer 2": SATURATION["tanh"]}
    with rec, torch.no_grad():
        model(X)
    with torch.no_grad():
        a1 = model[1](model[0](X))
        a2 = model[3](model[2](a1))
    assert rec.per_step["mean"] == {
        "layer 1": [pytest.approx(float(a1.mean()), rel=1e-14)],
        "layer 2": [pytest.approx(float(a2.mean()), rel=1e-14)],
    }
    assert rec.per_step["std"]["layer 1"] == [pytest.approx(float(a1.std(correction=0)))]
    assert rec.per_step["std"]["layer 2"] == [pytest.approx(float(a2.std(correction=0)))]
    sat1 = float(((a1 <= 0.05) | (a1 >= 0.95)).double().mean())
    sat2 = float((a2.abs() >= 0.9).double().mean())
    assert rec.per_step["saturation"] == {"layer 1": [sat1], "layer 2": [sat2]}
    assert _no_hooks(model)


def test_saturation_fractions_on_a_known_input():
    model = _identity_net()
    # Through identity layers: sigmoid(z), then tanh(sigmoid(z)), then relu(...).
    z = torch.tensor([[-5.0, -1.0, 0.0, 4.0]], dtype=torch.float64)
    rec = ActivationRecorder(model)
    stats = rec.record(z)
    assert stats["saturation"]["layer 1"] == 0.5  # sigmoid(-5) < 0.05, sigmoid(4) > 0.95
    assert stats["saturation"]["layer 2"] == 0.0  # tanh of values in (0, 1) stays below 0.9
    assert stats["saturation"]["layer 3"] == 0.0  # all positive: no dead relu
    assert stats["mean"]["layer 1"] == pytest.approx(float(torch.sigmoid(z).mean()), rel=1e-15)
    # A user rule for every layer, and relu's "dead" units directly:
    model2 = nn.Sequential(nn.Identity(), nn.Tanh(), nn.ReLU()).double()
    rec2 = ActivationRecorder(model2)
    x = torch.tensor([[-2.0, 0.5, 1.2, 3.0]], dtype=torch.float64)
    stats2 = rec2.record(x)
    assert stats2["saturation"] == {"layer 1": 0.5, "layer 2": 0.25}  # tanh: -0.96, 0.995
    rec3 = ActivationRecorder(model2, saturation=(-0.5, 0.99))
    assert rec3.record(x)["saturation"] == {"layer 1": 0.5, "layer 2": 0.25}
    relu_only = nn.Sequential(nn.ReLU())
    dead = ActivationRecorder(relu_only).record(torch.tensor([[-1.0, 0.0, 2.0, 3.0]]))
    assert dead["saturation"] == {"layer 1": 0.5}


def test_layers_without_a_rule_get_no_saturation_entry():
    model = nn.Sequential(nn.Linear(3, 3), nn.GELU(), nn.Linear(3, 2), nn.Sigmoid())
    rec = ActivationRecorder(model)
    assert rec.thresholds == {"layer 1": None, "layer 2": (0.05, 0.95)}
    assert list(rec.per_step["saturation"]) == ["layer 2"]
    stats = rec.record(torch.ones(2, 3))
    assert set(stats["saturation"]) == {"layer 2"}
    assert set(stats["mean"]) == {"layer 1", "layer 2"}


def test_histograms_per_epoch_and_record():
    model = _identity_net()
    rec = ActivationRecorder(model, layers=[model[1], model[3]], bins=4)
    assert rec.bin_edges["layer 1"] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert rec.bin_edges["layer 2"] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    z1 = torch.tensor([[-5.0, -1.0, 0.0, 4.0]], dtype=torch.float64)  # sigmoid: .007 .27 .5 .98
    z2 = torch.tensor([[-3.0, 3.0, 3.0, 3.0]], dtype=torch.float64)  # sigmoid: .047, .953 x3
    with rec:
        model(z1)
        model(z2)
        rec.end_epoch()
        model(z1)
        rec.end_epoch()
        rec.end_epoch()
    assert rec.histograms["layer 1"] == [[2, 1, 1, 4], [1, 1, 1, 1], [0, 0, 0, 0]]
    s = torch.sigmoid(torch.cat([z1, z2]))
    direct = torch.histc(torch.tanh(s), bins=4, min=-1, max=1).long().tolist()
    assert rec.histograms["layer 2"][0] == direct
    assert len(rec.per_step["mean"]["layer 1"]) == 3
    assert rec.per_epoch["mean"]["layer 1"][1] == pytest.approx(float(torch.sigmoid(z1).mean()))
    assert math.isnan(rec.per_epoch["std"]["layer 1"][2])
    assert rec.record(z1)["histogram"] == {"layer 1": [1, 1, 1, 1], "layer 2": [0, 0, 3, 1]}


def test_eval_mode_passes_are_skipped_by_default():
    model = _small_net()
    X, _ = _batch()
    rec = ActivationRecorder(model)
    with rec, torch.no_grad():
        model(X)
        model.eval()
        model(X)
        model.train()
    assert len(rec.per_step["mean"]["layer 1"]) == 1
    rec_all = ActivationRecorder(model, skip_eval=False)
    with rec_all, torch.no_grad():
        model.eval()
        model(X)
    assert len(rec_all.per_step["mean"]["layer 1"]) == 1


def test_record_does_not_touch_per_step_even_when_attached():
    model = _small_net()
    X, _ = _batch()
    rec = ActivationRecorder(model).attach()
    stats = rec.record(X)
    assert rec.per_step["mean"] == {"layer 1": [], "layer 2": []}
    assert rec.attached
    model(X)
    assert rec.per_step["mean"]["layer 1"] == [stats["mean"]["layer 1"]]
    rec.detach()
    assert _no_hooks(model)


def test_activation_callback_contract_and_model_attribute():
    class Tiny(nn.Module):
        def __init__(self):
            super().__init__()
            self.linears = nn.ModuleList([nn.Linear(2, 3), nn.Linear(3, 2)])
            self.act_b = nn.Tanh()  # registered first, but second in `activations`
            self.act_a = nn.Sigmoid()
            self.activations = [self.act_a]

        def forward(self, x):
            return self.act_b(self.linears[1](self.act_a(self.linears[0](x))))

    torch.manual_seed(0)
    model = Tiny()
    rec = ActivationRecorder(model)
    assert rec.layers == {"layer 1": model.act_a}
    rec.on_fit_start(None, model)
    for epoch in range(2):
        for _ in range(2):
            model(torch.randn(5, 2))
        rec.on_epoch_end(None, model, epoch, {})
    rec.on_fit_end(None, model, None)
    assert _no_hooks(model)
    steps = rec.per_step["mean"]["layer 1"]
    assert len(steps) == 4
    assert rec.per_epoch["mean"]["layer 1"] == pytest.approx(
        [(steps[0] + steps[1]) / 2, (steps[2] + steps[3]) / 2]
    )


# --- bad input ----------------------------------------------------------------------------


def test_a_reused_activation_module_is_an_error():
    relu = nn.ReLU()
    model = nn.Sequential(nn.Linear(2, 2), relu, nn.Linear(2, 2), relu)
    rec = ActivationRecorder(model)
    with rec, pytest.raises(RuntimeError, match="ran twice in one forward pass"):
        model(torch.ones(1, 2))
    assert _no_hooks(model)


def test_bad_layers():
    model = _small_net()
    with pytest.raises(TypeError, match=r"torch.nn.Module"):
        GradientNormRecorder("net")
    with pytest.raises(ValueError, match="no module named 'fc9'"):
        GradientNormRecorder(model, layers=["fc9"])
    with pytest.raises(ValueError, match="is not part of the model"):
        GradientNormRecorder(model, layers=[nn.Linear(2, 2)])
    with pytest.raises(TypeError, match="has no trainable weight"):
        GradientNormRecorder(model, layers=[model[1]])
    with pytest.raises(ValueError, match=r"has no nn.Linear or nn.Conv2d layers"):
        GradientNormRecorder(nn.Sequential(nn.ReLU()))
    with pytest.raises(ValueError, match="has no activation modules"):
        ActivationRecorder(nn.Sequential(nn.Linear(2, 2)))
    with pytest.raises(TypeError, match="list of modules or module names"):
        ActivationRecorder(model, layers=model[1])
    with pytest.raises(TypeError, match=r"must be an nn\.Module"):
        ActivationRecorder(model, layers={"a": 3})


def test_bad_options():
    model = _small_net()
    with pytest.raises(ValueError, match="bins must be at least 1, got 0"):
        ActivationRecorder(model, bins=0)
    with pytest.raises(ValueError, match="give hist_range"):
        ActivationRecorder(nn.Sequential(nn.ReLU()), bins=10)
    with pytest.raises(ValueError, match="low < high"):
        ActivationRecorder(model, saturation=(0.9, 0.1))
    with pytest.raises(TypeError, match="pair of numbers"):
        ActivationRecorder(model, saturation="high")
    with pytest.raises(ValueError, match="built for another model"):
        ActivationRecorder(model).on_fit_start(None, _small_net())


def test_bad_batches():
    model = _small_net()
    X, y = _batch()
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        gradient_norms_at_init(model, X, y, loss="hinge")
    with pytest.raises(ValueError, match="y has 3 labels but there are 8 samples"):
        gradient_norms_at_init(model, X, y[:3])
    with pytest.raises(ValueError, match=r"y has shape \(8,\) but the model outputs \(8, 2\)"):
        gradient_norms_at_init(model, X, y.double(), loss="mse")
    with pytest.raises(ValueError, match="NaN"):
        gradient_norms_at_init(model, torch.full((2, 2), math.nan), torch.zeros(2))


class _WithSpare(nn.Module):
    def __init__(self):
        super().__init__()
        self.used = nn.Linear(2, 2)
        self.act = nn.Tanh()
        self.spare = nn.Linear(2, 2)
        self.spare_act = nn.Sigmoid()

    def forward(self, x):
        return self.act(self.used(x))


def test_layers_that_do_not_run():
    model = _WithSpare().double()
    X, y = _batch()
    with pytest.raises(ValueError, match="layer 'spare' does not take part"):
        gradient_norms_at_init(model, X, y, layers=["used", "spare"])
    with pytest.raises(ValueError, match="layer 'layer 2' was not called"):
        ActivationRecorder(model).record(X)


# --- with the Trainer -----------------------------------------------------------------------


@pytest.mark.slow  # the first torch.optim optimizer imports torch._dynamo: seconds on a CPU
def test_recorders_as_trainer_callbacks_on_an_mlp():
    from dlbook.models import MLP
    from dlbook.train import Callback, Trainer

    class DirectNorms(Callback):  # what the recorder should see, read straight from .grad
        def __init__(self):
            self.norms: list[list[float]] = []

        def on_after_backward(self, trainer, model, batch):
            self.norms.append([float(lin.weight.grad.norm()) for lin in model.linears])

    torch.manual_seed(0)
    model = MLP(2, [6, 6], 2, activation="sigmoid")
    gen = torch.Generator().manual_seed(0)
    X = torch.randn(40, 2, generator=gen)
    y = (X[:, 0] * X[:, 1] > 0).long()
    grads, acts, direct = GradientNormRecorder(model), ActivationRecorder(model), DirectNorms()
    assert list(acts.layers.values()) == list(model.activations)
    trainer = Trainer(
        optimizer=lambda p: torch.optim.SGD(p, lr=0.5),
        epochs=2,
        device="cpu",
        batch_size=10,
        callbacks=[grads, acts, direct],
        progress=False,
    )
    history = trainer.fit(model, (X, y), val=(X, y))
    assert _no_hooks(model)
    assert not grads.attached
    assert not acts.attached
    assert len(history.to_dict()["epoch"]) == 2
    assert [grads.per_step[f"layer {i}"] for i in (1, 2, 3)] == [
        list(c) for c in zip(*direct.norms, strict=True)
    ]
    assert all(len(v) == 2 for v in grads.per_epoch.values())
    # 4 training batches per epoch are recorded; the validation passes (eval mode) are not.
    assert [len(v) for v in acts.per_step["mean"].values()] == [8, 8]
    assert list(acts.per_step["saturation"]) == ["layer 1", "layer 2"]
    assert acts.per_epoch["mean"]["layer 2"][1] == pytest.approx(
        sum(acts.per_step["mean"]["layer 2"][4:]) / 4
    )


def test_recorders_keep_nothing_under_the_old_history_names():
    model = _small_net()
    for recorder in (GradientNormRecorder(model), ActivationRecorder(model)):
        assert not hasattr(recorder, "history")
        assert not hasattr(recorder, "epoch_history")
        assert isinstance(recorder.per_step, dict)
        assert isinstance(recorder.per_epoch, dict)
