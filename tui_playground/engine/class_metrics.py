"""Accuracy and the KxK confusion matrix of a K-class network on a set of points."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..config import Config
from . import numpy_kernels
from .activations import CODES as ACTIVATION_CODES
from .features import feature_matrix
from .multiclass import accuracy, confusion
from .network import Network


@dataclass(frozen=True)
class ClassMetrics:
    """accuracy: share of points whose most probable class is their label;
    confusion: (K, K) int64 counts, row = true class, column = predicted."""

    accuracy: float
    confusion: np.ndarray

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": self.accuracy, "confusion": self.confusion.tolist()}

    @classmethod
    def from_counts(cls, counts: np.ndarray) -> "ClassMetrics":
        """From a loss pass's K^2 confusion counts (row-major, floats): the
        values class_metrics gives for the same network (accuracy: the
        diagonal over the points, as multiclass.accuracy's mean)."""
        K = int(round(len(counts) ** 0.5))
        matrix = np.asarray(counts).reshape(K, K).astype(np.int64)
        n = int(matrix.sum())
        return cls(int(np.trace(matrix)) / n if n else float("nan"), matrix)


def class_metrics(net: Network, config: Config, xy: np.ndarray, labels: np.ndarray) -> ClassMetrics:
    """xy: (n, 2) raw points, labels: (n,) class numbers 0..K-1. The
    probabilities are the training kernels' (exact, those of the reported
    loss), so these are the counts the loss pass takes (Trainer.metrics)."""
    X = feature_matrix(xy, config.features)
    probabilities = numpy_kernels.class_probabilities(X, net.sizes, net.W, net.B, ACTIVATION_CODES[config.activation])
    return ClassMetrics(accuracy(probabilities, labels), confusion(probabilities, labels))
