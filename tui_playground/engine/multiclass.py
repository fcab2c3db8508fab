"""K classes: softmax outputs, cross-entropy, accuracy and the confusion matrix.

With K >= 3 classes the network has K output neurons whose inputs z (the
logits) become class probabilities p = softmax(z); a point's loss is the
cross-entropy -log p[label], and back-prop starts from dL/dz = p - onehot(label).
Labels are class numbers 0..K-1, stored as float64 like every label.

Both are computed the stable way: with m = max(z), p_k = exp(z_k - m) / s and
-log p_y = log(s) - (z_y - m), where s = sum_k exp(z_k - m) >= 1. No exp
overflows and no log sees 0, whatever the logits.

This module is the NumPy version, for many points at once (pictures, metrics,
tests). The scalar functions at the end are the same formulas one point at a
time with the browser's exp and log (engine.fdmath), in a fixed order: the
reference network and the compiled kernel both follow them.
"""

from __future__ import annotations

import numpy as np

from . import fdmath

MIN_CLASSES, MAX_CLASSES = 3, 6


def softmax(z: np.ndarray) -> np.ndarray:
    """z: (n, K) logits -> (n, K) probabilities, each row summing to 1."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return p


def log_softmax(z: np.ndarray) -> np.ndarray:
    """z: (n, K) -> (n, K) log-probabilities, finite for any finite z."""
    shifted = z - z.max(axis=1, keepdims=True)
    out: np.ndarray = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return out


def _classes(labels: np.ndarray) -> np.ndarray:
    """labels: (n,) float64 class numbers -> (n,) int64 indices."""
    return labels.astype(np.int64)


def cross_entropy(z: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """z: (n, K) logits, labels: (n,) -> (n,) per-point loss -log softmax(z)[label]."""
    out: np.ndarray = -log_softmax(z)[np.arange(len(z)), _classes(labels)]
    return out


def mean_cross_entropy(z: np.ndarray, labels: np.ndarray) -> float:
    """The reported loss: mean cross-entropy over the points."""
    return float(cross_entropy(z, labels).mean())


def one_hot(labels: np.ndarray, classes: int) -> np.ndarray:
    """labels: (n,) -> (n, classes) with a 1 in each label's column."""
    out: np.ndarray = np.eye(classes)[_classes(labels)]
    return out


def logit_gradient(z: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """dL/dz of each point's cross-entropy: softmax(z) - onehot(label). (n, K)"""
    out: np.ndarray = softmax(z) - one_hot(labels, z.shape[1])
    return out


def predicted(probabilities: np.ndarray) -> np.ndarray:
    """(n, K) -> (n,) int64 the winning class (the first of equal ones)."""
    out: np.ndarray = probabilities.argmax(axis=1)
    return out


def accuracy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Share of points whose winning class is their label."""
    return float((predicted(probabilities) == _classes(labels)).mean())


def confusion(probabilities: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(K, K) int64 counts: row = true class, column = predicted class."""
    K = probabilities.shape[1]
    out = np.zeros((K, K), dtype=np.int64)
    np.add.at(out, (_classes(labels), predicted(probabilities)), 1)
    return out


# ---- one point at a time, the browser's exp and log ----------------------------------


def softmax_point(z: list[float]) -> list[float]:
    """Probabilities of one point's logits: m = max, e_k = exp(z_k - m) in class
    order, s summed in class order, p_k = e_k / s."""
    m = max(z)
    e = [fdmath.exp(v - m) for v in z]
    s = 0.0
    for v in e:
        s += v
    return [v / s for v in e]


def cross_entropy_point(z: list[float], label: int) -> float:
    """-log softmax(z)[label] = log(s) - (z[label] - m), with s as in softmax_point."""
    m = max(z)
    s = 0.0
    for v in z:
        s += fdmath.exp(v - m)
    return fdmath.log(s) - (z[label] - m)
