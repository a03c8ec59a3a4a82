"""Per-layer gradient norms and activation statistics, recorded through hooks.

Glorot & Bengio (2010) diagnosed why deep sigmoid networks trained badly by watching, layer by
layer, the activations (their mean, spread and saturation) and the back-propagated gradients
during training. The two recorders here take the same measurements from any ``nn.Module``:

- :class:`GradientNormRecorder`: the L2 norm of each layer's weight gradient after every
  backward pass (a hook on the weight that fires once its ``.grad`` is accumulated).
- :class:`ActivationRecorder`: the mean, standard deviation and fraction of saturated units of
  each activation module's output after every training forward pass (a forward hook), and
  optionally a fixed-bin histogram per epoch.

Both are training callbacks (pass them in ``callbacks=[...]``: they attach their hooks when
fitting starts and remove them when it ends) and also work on their own, as a context manager
or with ``attach()`` / ``detach()``; their ``record`` method measures a single batch, for "at
initialization" figures.

Results are plain dicts of lists, ready to plot: ``per_step[layer]`` (gradient norms) or
``per_step[stat][layer]`` (activations) hold one value per step, ``per_epoch`` the same with
one mean per epoch (named so as not to be confused with a training ``History``). Layers are
ordered from the input to the output and named ``"layer 1"``, ``"layer 2"``, ... unless given
by name. The package has one module per subject: ``gradients``, ``activations`` and
``recorder`` (what the two recorders share).
"""

from dlbook.diagnostics.activations import ACTIVATION_MODULES, SATURATION, ActivationRecorder
from dlbook.diagnostics.gradients import WEIGHT_LAYERS, GradientNormRecorder, gradient_norms_at_init
from dlbook.diagnostics.recorder import HookRecorder

__all__ = [
    "ACTIVATION_MODULES",
    "SATURATION",
    "WEIGHT_LAYERS",
    "ActivationRecorder",
    "GradientNormRecorder",
    "HookRecorder",
    "gradient_norms_at_init",
]
