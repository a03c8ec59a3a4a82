"""Models of the history: Rosenblatt's perceptron to AlexNet.

- ``Perceptron``: Rosenblatt's threshold unit and its mistake-driven rule (1958).
- ``MLP``: layers of units with the activation and initialisation chosen by name, and
  ``MLP.from_weights`` for networks built by hand (XOR).
- ``RBM``, ``Autoencoder``, ``pretrain_greedy``: greedy layer-wise pretraining (2006-2007).
- ``LeNet5``: the convolutional network of LeCun et al. (1998).
- ``AlexNet``, ``AlexNetSmall``: the ILSVRC-2012 winner and a 32x32 version of it.
"""

from dlbook.models.alexnet import AlexNet, AlexNetSmall, local_response_norm
from dlbook.models.lenet import C3_TABLE, LeNet5, PartialConv2d, ScaledTanh, Subsampling
from dlbook.models.mlp import ACTIVATIONS, INITS, MLP, Step, activation_gain, make_activation
from dlbook.models.perceptron import ConvergenceWarning, Perceptron
from dlbook.models.pretrain import (
    RBM,
    Autoencoder,
    GreedyPretraining,
    PretrainLayer,
    pretrain_greedy,
)

__all__ = [
    "ACTIVATIONS",
    "C3_TABLE",
    "INITS",
    "MLP",
    "RBM",
    "AlexNet",
    "AlexNetSmall",
    "Autoencoder",
    "ConvergenceWarning",
    "GreedyPretraining",
    "LeNet5",
    "PartialConv2d",
    "Perceptron",
    "PretrainLayer",
    "ScaledTanh",
    "Step",
    "Subsampling",
    "activation_gain",
    "local_response_norm",
    "make_activation",
    "pretrain_greedy",
]
