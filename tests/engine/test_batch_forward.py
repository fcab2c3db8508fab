"""The compiled playground kernel forwards a batch's points together (the
weights do not change within a batch): the same bits as one point at a time,
which the uncompiled twin and the plain reference compute. Edge cases of the
batching: a last part shorter than a batch (carried into the next epoch), a
batch larger than the training set (no update ever), every activation."""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.engine import kernels, numpy_kernels
from tui_playground.engine.activations import CODES
from tui_playground.engine.metrics import STATS_WIDTH
from tui_playground.engine.network import Network


def _run(kernel, X, Y, net, act, batch, epochs=4, reg=0):
    W, B, dead = net.W.copy(), net.B.copy(), net.dead.copy()
    accW, accB, count = np.zeros_like(W), np.zeros_like(B), np.zeros(1)
    losses = np.empty((epochs, STATS_WIDTH))
    done = kernel.train_epochs(X, Y, X[:7], Y[:7], net.sizes, W, B, dead, accW, accB, count, 0.1, reg, 0.003, act,
                               CODES["tanh"], batch, losses)
    return done, losses, W, B, dead, accW, accB, count


@pytest.mark.parametrize("act", ["tanh", "relu", "sigmoid", "linear"])
@pytest.mark.parametrize("batch, points", [(2, 23), (7, 23), (10, 23), (23, 23), (30, 23), (10, 1)])
def test_batched_forward_gives_one_point_at_a_times_bits(act, batch, points):
    rng = np.random.default_rng(batch * 100 + points)
    X = rng.uniform(-3, 3, (points, 3))
    Y = np.where(rng.random(points) < 0.5, -1.0, 1.0)
    net = Network.create((3, 5, 4, 1), rng.random)
    code = CODES[act]
    compiled = _run(kernels, X, Y, net, code, batch, reg=1)
    twin = _run(numpy_kernels, X, Y, net, code, batch, reg=1)
    assert compiled[0] == twin[0] == 4
    for a, b in zip(compiled[1:], twin[1:]):
        assert np.asarray(a).tobytes() == np.asarray(b).tobytes()
    if batch > points:  # never a whole batch: the weights never move, the gradients pile up
        assert compiled[2].tobytes() == net.W.tobytes() and compiled[7][0] == 4 * points
