"""At batch 1 the compiled playground kernel updates the weights during each
point's back-prop (kernels._backward_update_sgd) instead of accumulating and then
updating: the same bits as the uncompiled twin, which accumulates, divides by
the count and updates as the playground does. Cases where the identities the
fusion rests on could slip: every regularization (L1 kills links), links dead
before the run, a partial batch carried in from a larger batch size, signed
zeros, and a run that diverges."""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.engine import kernels, numpy_kernels
from tui_playground.engine.activations import CODES
from tui_playground.engine.metrics import STATS_WIDTH
from tui_playground.engine.network import Network
from tui_playground.engine.optimizers import CODES as OPT
from tui_playground.engine.optimizers import OptimizerState, hyper_vector

REG = {"none": 0, "L1": 1, "L2": 2}


def _state(net):
    W, B, dead = net.W.copy(), net.B.copy(), net.dead.copy()
    return [W, B, dead, np.zeros_like(W), np.zeros_like(B), np.zeros(1)]


def _run_both(X, Y, net, act, batches, lr=0.1, reg=0, dead=None, out="tanh"):
    """The compiled kernel and the twin from the same start, a call per batch size in `batches`."""
    results = []
    for kernel in (kernels, numpy_kernels):
        W, B, d, accW, accB, count = _state(net)
        if dead is not None:
            d[:] = dead
            W[dead] = 0.0
        runs = []
        for batch in batches:
            losses = np.empty((3, STATS_WIDTH))
            done = kernel.train_epochs(X, Y, X[:9], Y[:9], net.sizes, W, B, d, accW, accB, count, lr, reg, 0.01,
                                       CODES[act], CODES[out], batch, losses)
            runs.append((done, losses[:done].copy()))
        results.append((runs, W, B, d, accW, accB, count))
    return results


def _same_bits(compiled, twin):
    (runs_c, *arrays_c), (runs_t, *arrays_t) = compiled, twin
    assert [done for done, _ in runs_c] == [done for done, _ in runs_t]
    for (_, a), (_, b) in zip(runs_c, runs_t):
        assert a.tobytes() == b.tobytes()
    for a, b in zip(arrays_c, arrays_t):
        assert np.asarray(a).tobytes() == np.asarray(b).tobytes()


def _data(seed, points=31, inputs=3):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, (points, inputs))
    Y = np.where(rng.random(points) < 0.5, -1.0, 1.0)
    return rng, X, Y


@pytest.mark.parametrize("reg", ["none", "L1", "L2"])
@pytest.mark.parametrize("act", ["tanh", "relu", "sigmoid", "linear"])
def test_batch_one_has_the_twins_bits(act, reg):
    rng, X, Y = _data(len(act) * 10 + REG[reg])
    net = Network.create((3, 6, 5, 1), rng.random)
    compiled, twin = _run_both(X, Y, net, act, [1], reg=REG[reg])
    _same_bits(compiled, twin)
    assert compiled[1].tobytes() != net.W.tobytes()  # it trained
    if reg == "L1":  # a rate large enough that L1 kills links during the run
        compiled, twin = _run_both(X, Y, net, act, [1], lr=0.5, reg=1)
        _same_bits(compiled, twin)
        assert compiled[3].any()  # links were killed


def test_l1_kills_links_and_dead_links_stay_dead():
    rng, X, Y = _data(7)
    net = Network.create((3, 8, 8, 1), rng.random)
    dead = np.zeros_like(net.dead)
    dead[0, 0, :4] = True  # dead before the run: weight 0, never updated
    compiled, twin = _run_both(X, Y, net, "tanh", [1], lr=3.0, reg=1, dead=dead)
    _same_bits(compiled, twin)
    killed = compiled[3]
    assert killed[dead].all() and killed.sum() > dead.sum()
    assert (compiled[1][killed] == 0.0).all()


@pytest.mark.parametrize("first", [4, 7, 40])
def test_a_partial_batch_carried_into_batch_one_is_finished_first(first):
    """Batch 4 or 7 over 31 points leaves gradients of a partial batch (40:
    no batch ever completes); batch 1 then adds one point to them and updates,
    as the playground would after its batch size changed."""
    rng, X, Y = _data(first)
    net = Network.create((3, 5, 4, 1), rng.random)
    compiled, twin = _run_both(X, Y, net, "tanh", [first, 1], reg=1)
    _same_bits(compiled, twin)
    assert compiled[-1][0] == 0.0  # batch 1 leaves nothing accumulated


def test_signed_zeros_come_out_as_the_playgrounds():
    """Zero gradients come as 0.0 or -0.0: links from an input that is always
    +-0, and a ReLU neuron that never turns on (all its weights and its bias
    -0.0). The playground adds them to an emptied accumulator (0.0 + -0.0 is
    0.0), so weights and biases at -0.0 stay -0.0; a bare -0.0 step would
    make them 0.0 (-0.0 - -0.0 is 0.0), which the bytes would show."""
    rng, X, Y = _data(3)
    X[:, 1] = np.where(np.arange(len(X)) % 3 == 0, -0.0, 0.0)
    net = Network.create((3, 4, 1), rng.random)
    net.W[0, 1, :4] = -0.0
    net.W[0, :3, 3] = -0.0
    net.B[0, 3] = -0.0
    compiled, twin = _run_both(X, Y, net, "relu", [1])
    _same_bits(compiled, twin)
    W, B = compiled[1], compiled[2]
    assert np.signbit(W[0, 1, :4]).all() and (W[0, 1, :4] == 0.0).all()
    assert np.signbit(W[0, :3, 3]).all() and np.signbit(B[0, 3]) and B[0, 3] == 0.0


def test_a_diverging_run_stops_at_the_same_epoch_with_the_same_bits():
    rng, X, Y = _data(11)
    X *= 1e150
    net = Network.create((3, 5, 1), rng.random)
    compiled, twin = _run_both(X, Y, net, "linear", [1], lr=1e10, out="linear")
    _same_bits(compiled, twin)
    done, losses = compiled[0][0]
    assert done < 3 and not np.isfinite(losses[done - 1, :2]).all()


def _run_general(X, Y, net, opt, loss, batches, reg=1, lr=0.5):
    """`train` (the kernel beyond the playground) from the same start on the
    compiled kernel and the twin, a call per batch size in `batches`."""
    hyper = hyper_vector(opt, {"momentum": 0.9, "rms_alpha": 0.9, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8})
    acts = np.array([CODES["relu"], CODES["tanh"], CODES["tanh"]])
    results = []
    for kernel in (kernels, numpy_kernels):
        W, B, d, accW, accB, count = _state(net)
        state = OptimizerState.zeros(W, B)
        runs = []
        for batch in batches:
            losses = np.empty((3, STATS_WIDTH))
            done = kernel.train(X, Y, X[:9], Y[:9], net.sizes, W, B, d, accW, accB, count, np.full(3, lr), reg,
                                0.01, acts, loss, batch, OPT[opt], hyper, *state.arrays(), losses)
            runs.append((done, losses[:done].copy()))
        results.append((runs, W, B, d, accW, accB, count, *state.arrays()))
    return results


@pytest.mark.parametrize("loss", [0, 1])  # square, cross-entropy
@pytest.mark.parametrize("opt", ["sgd", "momentum", "rmsprop", "adam"])
def test_the_kernel_beyond_the_playground_at_batch_one_has_the_twins_bits(opt, loss):
    """The kernel beyond the playground keeps the accumulators at batch 1 (a
    fused step there made its other paths 3-10 % slower): its batch 1 beside
    the fused kernel's, every optimizer's state (zeroed on killed links),
    adam's step count, cross-entropy; first alone, then after a partial batch
    of 4 carried in; L1 strong enough to kill links."""
    rng, X, Y = _data(len(opt) + loss)
    net = Network.create((3, 8, 8, 1), rng.random)
    for batches in ([1], [4, 1]):
        compiled, twin = _run_general(X, Y, net, opt, loss, batches)
        _same_bits(compiled, twin)
        assert compiled[3].any()  # links were killed
        if opt != "sgd":
            assert compiled[-1][0] > 0 and np.abs(compiled[7]).sum() > 0  # updates counted, state kept
