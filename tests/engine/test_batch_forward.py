"""The compiled playground kernel takes a batch's points forward and back
together (the weights do not change within a batch): the same bits as one
point at a time, which the uncompiled twin and the plain reference compute.
Edge cases of the batching: a last part shorter than a batch (carried into
the next epoch), a batch larger than the training set (no update ever),
every activation of the playground."""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.engine import kernels, numpy_kernels
from tui_playground.engine.activations import CODES
from tui_playground.engine.metrics import STATS_WIDTH
from tui_playground.engine.network import Network
from tui_playground.engine.optimizers import CODES as OPT
from tui_playground.engine.optimizers import OptimizerState, hyper_vector


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


def _run_beyond(kernel, X, Y, net, acts, loss, opt, batch, epochs=4):
    W, B, dead = net.W.copy(), net.B.copy(), net.dead.copy()
    accW, accB, count = np.zeros_like(W), np.zeros_like(B), np.zeros(1)
    state = OptimizerState.zeros(W, B)
    losses = np.empty((epochs, STATS_WIDTH))
    hyper = hyper_vector(opt, {"momentum": 0.9, "rms_alpha": 0.9, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8})
    done = kernel.train(X, Y, X[:7], Y[:7], net.sizes, W, B, dead, accW, accB, count, np.full(epochs, 0.05), 1,
                        0.003, acts, loss, batch, OPT[opt], hyper, *state.arrays(), losses)
    return done, losses, W, B, dead, accW, accB, count, *state.arrays()


@pytest.mark.parametrize("loss", [0, 1])  # square, cross-entropy
@pytest.mark.parametrize("opt", ["sgd", "adam", "momentum", "rmsprop"])
@pytest.mark.parametrize("batch", [1, 7, 10, 30])
def test_the_general_kernel_batches_with_the_same_bits(loss, opt, batch):
    """kernels.train (the settings beyond the playground): elu and swish
    hidden layers, each optimizer, both losses."""
    rng = np.random.default_rng(batch + 10 * loss)
    X = rng.uniform(-3, 3, (23, 3))
    Y = np.where(rng.random(23) < 0.5, -1.0, 1.0)
    net = Network.create((3, 5, 4, 1), rng.random)
    out = CODES["tanh"] if loss == 0 else CODES["sigmoid"]
    acts = np.array([CODES["elu"], CODES["swish"], out], dtype=np.int64)
    compiled = _run_beyond(kernels, X, Y, net, acts, loss, opt, batch)
    twin = _run_beyond(numpy_kernels, X, Y, net, acts, loss, opt, batch)
    assert compiled[0] == twin[0] == 4
    for a, b in zip(compiled[1:], twin[1:]):
        assert np.asarray(a).tobytes() == np.asarray(b).tobytes()
