"""The plain reference for K classes: ReferenceNet with K output neurons whose
outputs are the logits z, probabilities softmax(z), and cross-entropy.

Back-prop starts from dL/dz_k = p_k - t_k (t = 1 for the label's class, else 0)
as each output neuron's output_der; the output neurons are linear, so their
input derivative is that value times 1.0, itself. The compiled kernel follows
these formulas in this order (engine.multiclass: softmax_point, cross_entropy_point).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .multiclass import cross_entropy_point, softmax_point
from .reference import ReferenceNet


class SoftmaxReferenceNet(ReferenceNet):
    """sizes[-1] = K >= 3 outputs; labels are class numbers 0..K-1."""

    def __init__(self, sizes: np.ndarray, W: np.ndarray, B: np.ndarray, dead: np.ndarray, activation: str) -> None:
        super().__init__(sizes, W, B, dead, activation, "linear")

    def logits(self) -> list[float]:
        return [neuron.output for neuron in self.layers[-1]]

    # K probabilities where the base class has one output: a different contract, on purpose
    # (the K-class reference is only called as itself), hence the override ignore.
    def forward(self, inputs: Iterable[float]) -> list[float]:  # type: ignore[override]
        """The class probabilities of one point."""
        super().forward(inputs)
        return softmax_point(self.logits())

    def backward(self, label: float) -> None:
        p = softmax_point(self.logits())
        for k, neuron in enumerate(self.layers[-1]):
            neuron.output_der = p[k] - (1.0 if k == int(label) else 0.0)
        self.backprop()

    def loss(self, X: np.ndarray, Y: np.ndarray) -> float:
        """Mean cross-entropy over the points, summed in order."""
        total = 0.0
        for x, y in zip(X, Y):
            super().forward(x)
            total += cross_entropy_point(self.logits(), int(y))
        return total / len(X)
