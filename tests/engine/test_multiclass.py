"""K classes: softmax, cross-entropy (stable), its gradient, accuracy, confusion."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_playground.engine import fdmath
from tui_playground.engine.multiclass import (
    accuracy,
    confusion,
    cross_entropy,
    cross_entropy_point,
    logit_gradient,
    mean_cross_entropy,
    one_hot,
    softmax,
    softmax_point,
)

LN2 = math.log(2)


def test_softmax_by_hand():
    # exp(0) : exp(0) : exp(ln 2) = 1 : 1 : 2
    np.testing.assert_allclose(softmax(np.array([[0.0, 0.0, LN2]])), [[0.25, 0.25, 0.5]], rtol=1e-15)
    assert softmax_point([0.0, 0.0, LN2]) == pytest.approx([0.25, 0.25, 0.5], rel=1e-15)


def test_cross_entropy_and_its_gradient_by_hand():
    z, label = np.array([[0.0, 0.0, LN2]]), np.array([2.0])
    assert cross_entropy(z, label)[0] == pytest.approx(LN2, rel=1e-15)  # -log(1/2)
    assert cross_entropy(z, np.array([0.0]))[0] == pytest.approx(2 * LN2, rel=1e-15)  # -log(1/4)
    np.testing.assert_allclose(logit_gradient(z, label), [[0.25, 0.25, -0.5]], rtol=1e-15)
    assert cross_entropy_point([0.0, 0.0, LN2], 2) == pytest.approx(LN2, rel=1e-15)


def test_one_softmax_step_by_hand():
    """No hidden layer, one input x = 2, K = 3: z = b + w * x. With w = 0 and
    b = (0, 0, ln 2), p = (1/4, 1/4, 1/2); for label 2, dL/dz = (1/4, 1/4, -1/2),
    dL/dw = x * dL/dz, dL/db = dL/dz; one step at lr 0.1 by hand:"""
    x, w, b, lr = 2.0, np.zeros(3), np.array([0.0, 0.0, LN2]), 0.1
    dz = logit_gradient((b + w * x)[None, :], np.array([2.0]))[0]
    w1, b1 = w - lr * dz * x, b - lr * dz
    np.testing.assert_allclose(w1, [-0.05, -0.05, 0.1], rtol=1e-15)
    np.testing.assert_allclose(b1, [-0.025, -0.025, LN2 + 0.05], rtol=1e-15)
    before = cross_entropy((b + w * x)[None, :], np.array([2.0]))[0]
    after = cross_entropy((b1 + w1 * x)[None, :], np.array([2.0]))[0]
    assert after < before


def test_huge_logits_stay_finite():
    z = np.array([[1000.0, -1000.0, 999.0], [-800.0, -800.0, -800.0]])
    p = softmax(z)
    assert np.isfinite(p).all() and np.allclose(p.sum(axis=1), 1)
    np.testing.assert_allclose(p[1], [1 / 3] * 3)
    ce = cross_entropy(z, np.array([1.0, 0.0]))
    assert ce[0] == pytest.approx(2000 + math.log1p(math.exp(-1)), rel=1e-12) and ce[1] == pytest.approx(math.log(3))
    assert math.isfinite(cross_entropy_point([1000.0, -1000.0, 999.0], 1))
    assert softmax_point([-800.0, -800.0, -800.0]) == [1 / 3] * 3


def test_the_gradient_is_the_finite_difference_of_the_loss():
    rng = np.random.default_rng(3)
    for K in (3, 4, 6):
        z = rng.normal(0, 3, size=(5, K))
        labels = rng.integers(0, K, size=5).astype(float)
        h = 1e-6
        numeric = np.empty_like(z)
        for i in range(5):
            for k in range(K):
                up, down = z.copy(), z.copy()
                up[i, k] += h
                down[i, k] -= h
                numeric[i, k] = (cross_entropy(up, labels)[i] - cross_entropy(down, labels)[i]) / (2 * h)
        np.testing.assert_allclose(logit_gradient(z, labels), numeric, rtol=0, atol=1e-8)


def test_scalar_versions_use_the_browser_exp_and_log_and_match_numpy():
    rng = np.random.default_rng(4)
    for _ in range(50):
        z = list(rng.normal(0, 5, size=4))
        label = int(rng.integers(0, 4))
        m = max(z)
        s = sum(fdmath.exp(v - m) for v in z)  # in class order, like the function
        assert softmax_point(z) == [fdmath.exp(v - m) / s for v in z]
        assert cross_entropy_point(z, label) == fdmath.log(s) - (z[label] - m)
        assert cross_entropy_point(z, label) == pytest.approx(cross_entropy(np.array([z]), np.array([label]))[0],
                                                              rel=1e-12)


def test_mean_loss_accuracy_and_confusion():
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.4, 0.1]])
    labels = np.array([0.0, 1.0, 1.0, 1.0])
    assert accuracy(probs, labels) == 0.5
    np.testing.assert_array_equal(confusion(probs, labels), [[1, 0, 0], [1, 1, 1], [0, 0, 0]])
    z = np.log(probs)  # softmax(log p) = p when the rows sum to 1
    assert mean_cross_entropy(z, labels) == pytest.approx(-(np.log(0.7) + np.log(0.8) + np.log(0.3) + np.log(0.4)) / 4)
    np.testing.assert_array_equal(one_hot(np.array([2.0, 0.0]), 3), [[0, 0, 1], [1, 0, 0]])
