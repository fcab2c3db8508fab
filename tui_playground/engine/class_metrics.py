"""Accuracy and the KxK confusion matrix of a K-class network on a set of points."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..config import Config
from .features import feature_matrix
from .multiclass import accuracy, confusion
from .network import Network, forward_all


@dataclass(frozen=True)
class ClassMetrics:
    """accuracy: share of points whose most probable class is their label;
    confusion: (K, K) int64 counts, row = true class, column = predicted."""

    accuracy: float
    confusion: np.ndarray

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": self.accuracy, "confusion": self.confusion.tolist()}


def class_metrics(net: Network, config: Config, xy: np.ndarray, labels: np.ndarray) -> ClassMetrics:
    """xy: (n, 2) raw points, labels: (n,) class numbers 0..K-1."""
    probabilities = forward_all(net, feature_matrix(xy, config.features), config.hidden_activations, "softmax")[-1]
    return ClassMetrics(accuracy(probabilities, labels), confusion(probabilities, labels))
