"""Models of the history: Rosenblatt's perceptron to AlexNet."""

from dlbook.models.perceptron import ConvergenceWarning, Perceptron

__all__ = ["ConvergenceWarning", "Perceptron"]
