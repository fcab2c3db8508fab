"""K classes: the loss pass counts the KxK confusion matrix (compiled and NumPy
paths), the values multiclass.confusion gives on the same pass's probabilities,
also when two classes are nearly tied."""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine import kernels, numpy_kernels
from tui_playground.engine.activations import CODES
from tui_playground.engine.class_metrics import class_metrics
from tui_playground.engine.multiclass import accuracy, confusion, softmax_point
from tui_playground.engine.training import Trainer

BLOBS = Config(seed="k", dataset="blobs", classes=4, layers=(6,), lr=0.3, batch=3)
CASES = {
    "4 blobs": BLOBS,
    "3-class spiral, 7 features, relu": Config(seed="3", dataset="spiral", classes=3, layers=(8, 8), activation="relu",
                                             features=("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"),
                                             lr=0.03, batch=1),
}
KERNELS = {"numpy": numpy_kernels, "compiled": kernels}


def _logits(X, net, act):
    """(n, K) the exact logits (the NumPy twin's forward pass, linear outputs)."""
    codes = [int(act)] * (len(net.sizes) - 2) + [CODES["linear"]]
    return numpy_kernels._forward(X, numpy_kernels._views(net.sizes, net.W, net.B), codes)[1][-1]


def _by_the_function(X, y, net, act):
    """multiclass.confusion and accuracy on probabilities computed point by
    point with the reference formulas (softmax_point, the browser's exp)."""
    probabilities = np.array([softmax_point(list(z)) for z in _logits(X, net, act)])
    return accuracy(probabilities, y), confusion(probabilities, y)


@pytest.mark.parametrize("path", ["numpy", "compiled"])
@pytest.mark.parametrize("name", CASES)
def test_counts_of_every_epoch_are_the_confusion_functions(name, path):
    trainer = Trainer(CASES[name])
    K, act = trainer.config.classes, CODES[trainer.config.activation]
    d = trainer.data
    for _ in range(4):
        losses, counts = trainer.step_measured(5, path=path)
        assert counts.shape == (5, 2 * K * K)
        for (X, y), m in zip(((trainer._Xtr, d.train_y), (trainer._Xte, d.test_y)), trainer.metrics_of(counts[-1])):
            acc, matrix = _by_the_function(X, y, trainer.network, act)
            assert m.confusion.dtype == np.int64
            np.testing.assert_array_equal(m.confusion, matrix)
            assert m.accuracy == acc
        for m, exact in zip(trainer.metrics(), (class_metrics(trainer.network, trainer.config, xy, y)
                                                for xy, y in ((d.train_xy, d.train_y), (d.test_xy, d.test_y)))):
            np.testing.assert_array_equal(m.confusion, exact.confusion)
            assert m.accuracy == exact.accuracy


@pytest.mark.parametrize("path", ["numpy", "compiled"])
def test_counting_leaves_the_losses_and_weights_alone(path):
    t1, t2 = Trainer(BLOBS), Trainer(BLOBS)
    plain = t1.step(12, path=path)
    measured, _ = t2.step_measured(12, path=path)
    assert plain.tobytes() == measured.tobytes()
    assert t1.network.W.tobytes() == t2.network.W.tobytes()


def _near_tie():
    """A 3-class net whose logits 0 and 1 are about 1e-3 and 1e-18 apart at
    every point (same small weights into both, bias 1 a hair above bias 0):
    exp(z0 - z1) rounds to 1, so p0 == p1 while z1 > z0; the first class wins
    by the confusion function's rule, not the larger logit."""
    trainer = Trainer(Config(seed="t", dataset="blobs", classes=3, layers=(4,), lr=0.1))
    trainer.step(10, path="numpy")
    n = trainer.network
    last = n.num_layers - 1
    n.W[last, :, 0] *= 1e-3
    n.W[last, :, 1] = n.W[last, :, 0]
    n.B[last, 0], n.B[last, 1] = 1e-3, 1e-3 + 1e-18
    n.B[last, 2] = -50.0  # class 2 out of the race
    return trainer


@pytest.mark.parametrize("path", ["numpy", "compiled"])
def test_a_near_tie_counts_as_the_confusion_function_does(path):
    trainer = _near_tie()
    n, d, act = trainer.network, trainer.data, CODES[trainer.config.activation]
    z = _logits(trainer._Xtr, n, act)
    probabilities = np.array([softmax_point(list(p)) for p in z])
    tied = (probabilities[:, 0] == probabilities[:, 1]) & (z[:, 1] > z[:, 0])
    assert tied.any()  # the engineered case happens: the logits' winner is not the probabilities'
    losses = np.empty((1, 2 + 2 * 9))
    common = (trainer._Xtr, d.train_y, trainer._Xte, d.test_y, n.sizes, n.W.copy(), n.B.copy(), n.dead.copy(),
              np.zeros_like(n.W), np.zeros_like(n.B), np.zeros(1))
    KERNELS[path].train_epochs_softmax(*common, 0.0, 0, 0.0, act, 10**9, losses)  # lr 0, no update: n as it is
    acc, matrix = _by_the_function(trainer._Xtr, d.train_y, n, act)
    np.testing.assert_array_equal(losses[0, 2:11].reshape(3, 3), matrix)
    assert matrix[:, 0].sum() >= int(tied.sum())  # tied points count as class 0
    assert losses[0, 0] == kernels.mean_cross_entropy(trainer._Xtr, d.train_y, n.sizes, n.W, n.B, act)
    np.testing.assert_array_equal(class_metrics(n, trainer.config, d.train_xy, d.train_y).confusion, matrix)
    assert class_metrics(n, trainer.config, d.train_xy, d.train_y).accuracy == acc
