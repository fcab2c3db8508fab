"""Metrics: accuracy and confusion by the playground's sign rule, RMSE and R²."""

import math

import numpy as np
import pytest

from tui_playground.engine.metrics import METRICS, classification, regression


def test_accuracy_and_confusion_matrix_by_hand():
    outputs = np.array([0.9, 0.0, -0.2, -0.7, 0.3, -0.1])
    labels = np.array([1.0, 1.0, 1.0, -1.0, -1.0, -1.0])
    m = classification(outputs, labels)
    # output >= 0 is +1: predictions +, +, -, -, +, -
    assert (m.tp, m.fn, m.fp, m.tn) == (2, 1, 1, 2)
    assert m.accuracy == 4 / 6
    assert m.to_dict() == {"accuracy": 4 / 6, "tp": 2, "fn": 1, "fp": 1, "tn": 2}
    # as a matrix: rows true (-1, +1), columns predicted (-1, +1)
    np.testing.assert_array_equal(m.confusion, [[2, 1], [1, 2]])
    skewed = classification(np.array([0.5, 0.5, 0.5, -0.5]), np.array([-1.0, -1.0, 1.0, 1.0]))
    np.testing.assert_array_equal(skewed.confusion, [[0, 2], [1, 1]])  # tn 0, fp 2 / fn 1, tp 1


def test_classification_of_a_broken_output_is_nan():
    assert math.isnan(classification(np.array([math.nan, 1.0]), np.array([1.0, 1.0])).accuracy)
    assert math.isnan(classification(np.array([]), np.array([])).accuracy)


def test_rmse_and_r2_by_hand():
    labels = np.array([1.0, 2.0, 3.0, 4.0])
    outputs = np.array([1.5, 2.0, 2.0, 4.0])
    m = regression(outputs, labels)
    # residuals 0.25 + 0 + 1 + 0 = 1.25; total around 2.5: 2.25 + .25 + .25 + 2.25 = 5
    assert m.rmse == pytest.approx(math.sqrt(1.25 / 4), rel=1e-15)
    assert m.r2 == pytest.approx(1 - 1.25 / 5, rel=1e-15)


def test_perfect_and_constant_cases():
    y = np.array([0.2, -0.4, 0.9])
    assert regression(y, y).rmse == 0.0 and regression(y, y).r2 == 1.0
    assert math.isnan(regression(np.zeros(2), np.ones(2)).r2)
    assert math.isnan(regression(np.array([math.inf, 0.0]), np.zeros(2)).rmse)
    assert set(METRICS) == {"classification", "regression"}
