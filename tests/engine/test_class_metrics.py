"""Accuracy and confusion of a K-class network, against the exact reference's probabilities."""

from __future__ import annotations

import numpy as np
from model_helpers import k_class_network, random_points, reference_probabilities

from tui_playground.engine.class_metrics import class_metrics


def test_accuracy_and_confusion_count_the_most_probable_class():
    net, config = k_class_network(4, "relu", (6,))
    xy = random_points(400)
    winners = reference_probabilities(net, config, xy).argmax(axis=1)
    labels = np.random.default_rng(1).integers(0, 4, 400).astype(float)
    labels[:200] = winners[:200]  # half right by construction, the rest by chance
    m = class_metrics(net, config, xy, labels)
    assert m.accuracy == np.mean(winners == labels)
    expected = np.zeros((4, 4), dtype=int)
    for true, guess in zip(labels.astype(int), winners):
        expected[true, guess] += 1
    np.testing.assert_array_equal(m.confusion, expected)
    assert m.to_dict() == {"accuracy": m.accuracy, "confusion": expected.tolist()}
