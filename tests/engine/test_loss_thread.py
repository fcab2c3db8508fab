"""The kernels with their loss passes on a worker thread (engine.loss_thread)
give the very bits of their halves called in turn (kernels.train_epochs and
kernels.train): every loss row, every weight, bias, dead link, accumulator and
optimizer state after the call, and the epochs run, also when the run
diverges in a chunk that later chunks have trained past, when a partial batch
is carried in, and when the call is interrupted."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine import kernels, loss_thread
from tui_playground.engine.activations import CODES
from tui_playground.engine.kernels import CROSS_ENTROPY, SQUARE
from tui_playground.engine.metrics import STATS_WIDTH
from tui_playground.engine.network import Network
from tui_playground.engine.optimizers import CODES as OPT
from tui_playground.engine.optimizers import OptimizerState, hyper_vector
from tui_playground.engine.population import Population
from tui_playground.engine.training import Trainer


def _problem(seed=5, points=40):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, (points, 3))
    Y = np.where(rng.random(points) < 0.5, -1.0, 1.0)
    Y.flags.writeable = False  # as a Dataset's labels are
    return X, Y, Network.create((3, 6, 1), np.random.default_rng(1).random)


def _common(X, Y, net, count=0.0):
    W, B = net.W.copy(), net.B.copy()
    return (X, Y, X[:9], Y[:9], net.sizes, W, B, net.dead.copy(), np.zeros_like(W), np.zeros_like(B),
            np.array([count]))


def _both(epochs, lr=0.1, reg=1, reg_rate=0.01, act="tanh", out="tanh", batch=1, prepare=None):
    """(done, losses, state arrays) of train_epochs and of loss_thread.train_epochs from the same start."""
    X, Y, net = _problem()
    results = []
    for run in (kernels.train_epochs, lambda *a: loss_thread.run(kernels.train_epochs_halves(*a[:-1]), a[-1])):
        common = _common(X, Y, net)
        if prepare is not None:
            prepare(common)
        losses = np.full((epochs, STATS_WIDTH), -7.0)
        done = run(*common, lr, reg, reg_rate, CODES[act], CODES[out], batch, losses)
        results.append((done, losses[:done].copy(), [a.copy() for a in common[5:]]))
    return results


def _same(a, b):
    assert a[0] == b[0]
    assert a[1].tobytes() == b[1].tobytes()
    for x, y in zip(a[2], b[2]):
        assert x.tobytes() == y.tobytes()


@pytest.mark.parametrize("epochs", [8, 33, 100, 161])
@pytest.mark.parametrize("batch", [1, 4, 40])
def test_same_bits_as_train_epochs(epochs, batch):
    serial, piped = _both(epochs, batch=batch)
    _same(serial, piped)
    assert serial[0] == epochs and np.isfinite(serial[1][:, :2]).all()
    assert serial[2][2].any()  # L1 killed links on the way: the dead flags are compared too


def test_a_partial_batch_carried_in_is_finished_the_same_way():
    def carry_in(common):  # 3 points of a larger batch already accumulated
        X, Y, _, _, sizes, W, B, dead, accW, accB, count = common
        kernels.train_epochs(X[:3], Y[:3], X[:3], Y[:3], sizes, W, B, dead, accW, accB, count,
                             0.1, 1, 0.01, CODES["tanh"], CODES["tanh"], 5, np.empty((1, STATS_WIDTH)))
        assert count[0] == 3.0
    serial, piped = _both(70, prepare=carry_in)
    _same(serial, piped)
    assert serial[2][5][0] == 0.0  # batch 1 emptied the accumulators


@pytest.mark.parametrize("reg_rate, batch", [(-0.2, 1), (-0.3, 1), (-1.0, 4)])
def test_a_run_that_diverges_after_later_chunks_trained_ends_where_train_epochs_ends(reg_rate, batch):
    # A negative L2 rate makes every weight grow: the loss overflows dozens of epochs in,
    # chunks after the one where it happens have trained by the time its losses come back.
    serial, piped = _both(400, lr=0.01, reg=2, reg_rate=reg_rate, act="linear", out="linear", batch=batch)
    _same(serial, piped)
    done = serial[0]
    assert loss_thread.CHUNK < done < 400 and not np.isfinite(serial[1][-1, :2]).all()


def test_an_interrupted_call_leaves_the_state_as_it_was():
    X, Y, net = _problem()
    common = _common(X, Y, net)
    start = [a.copy() for a in common[5:]]
    halves = kernels.train_epochs_halves(*common, 0.1, 1, 0.01, CODES["tanh"], CODES["tanh"], 1)
    calls = []

    def training(*args):  # a Ctrl-C arriving after the third chunk's training
        calls.append(halves.training(*args))
        if len(calls) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        loss_thread.run(halves._replace(training=training), np.empty((300, STATS_WIDTH)))
    assert len(calls) == 3
    for a, b in zip(common[5:], start):
        assert a.tobytes() == b.tobytes()
    # and no loss pass of it is left running: the worker takes the next job at once
    assert loss_thread._worker().submit(threading.get_ident).result(timeout=10) != threading.get_ident()


def _both_general(epochs, opt="adam", loss=CROSS_ENTROPY, batch=1, lr=0.05, reg=1, reg_rate=0.01, X_scale=1.0):
    """(done, losses, state arrays) of kernels.train and of loss_thread.run over
    its halves, from the same start: optimizer `opt`, a learning rate that
    changes every epoch (a schedule), relu/tanh layers."""
    X, Y, net = _problem()
    X = X * X_scale
    acts = np.array([CODES["relu"], CODES["tanh"]])
    lrs = lr * (1.0 + 0.5 * np.cos(np.arange(epochs)))
    hyper = hyper_vector(opt, {"momentum": 0.9, "rms_alpha": 0.9, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8})
    results = []
    for piped in (False, True):
        common = _common(X, Y, net)
        opt_state = OptimizerState.zeros(common[5], common[6]).arrays()
        settings = (lrs, reg, reg_rate, acts, loss, batch, OPT[opt], hyper, *opt_state)
        losses = np.full((epochs, STATS_WIDTH), -7.0)
        if piped:
            done = loss_thread.run(kernels.train_halves(*common, *settings), losses)
        else:
            done = kernels.train(*common, *settings, losses)
        results.append((done, losses[:done].copy(), [a.copy() for a in (*common[5:], *opt_state)]))
    return results


@pytest.mark.parametrize("opt, loss, batch", [("adam", CROSS_ENTROPY, 1), ("momentum", SQUARE, 5),
                                              ("rmsprop", CROSS_ENTROPY, 40), ("sgd", SQUARE, 1)])
def test_the_kernel_beyond_the_playground_gives_the_same_bits(opt, loss, batch):
    serial, piped = _both_general(100, opt, loss, batch)
    _same(serial, piped)
    assert serial[0] == 100 and np.isfinite(serial[1][:, :2]).all()
    moved = any(np.abs(a).sum() > 0 for a in serial[2][6:10])  # the optimizer's state, compared above
    assert moved == (opt != "sgd")


def test_the_kernel_beyond_the_playground_diverging_ends_where_it_ends_in_turn():
    serial, piped = _both_general(400, "sgd", SQUARE, 1, lr=0.05, reg=2, reg_rate=-1.0)
    _same(serial, piped)
    assert loss_thread.CHUNK < serial[0] < 400


def test_chunks_cover_every_epoch_once_and_end_small():
    for epochs in (1, 2, 8, 31, 64, 65, 200, 1000):
        chunks = loss_thread.chunks(epochs)
        assert [s for s, _ in chunks] == list(np.cumsum([0] + [k for _, k in chunks])[:-1])
        assert sum(k for _, k in chunks) == epochs
        assert max(k for _, k in chunks) <= loss_thread.CHUNK and chunks[-1][1] <= 2


@pytest.mark.parametrize("config", [
    Config(seed="7", dataset="spiral", layers=(8, 8), reg="L1", reg_rate=0.001, batch=1),
    Config(seed="7", dataset="spiral", layers=(8, 8), optimizer="adam", loss="cross-entropy", lr=0.01,
           lr_schedule="cosine:100", batch=3)], ids=["playground", "beyond"])
def test_a_trainer_steps_the_same_with_and_without_the_worker(config):
    rows = []
    for use in (False, True):
        trainer = Trainer(config)
        trainer.kernels.load(trainer.kernel_group)
        trainer.loss_thread = use
        losses, counts = trainer.step_measured(150)
        rows.append((losses.tobytes(), counts.tobytes(), trainer.network.W.tobytes(), trainer.epoch,
                     trainer.history.array().tobytes()))
    assert rows[0] == rows[1] and rows[0][3] == 150


def test_the_worker_is_used_only_where_it_pays(monkeypatch):
    used = []
    monkeypatch.setattr(loss_thread, "run", lambda halves, losses: used.append(losses) or losses.shape[0])
    monkeypatch.setattr(loss_thread, "available", lambda: True)
    trainer = Trainer(Config(seed="7"))
    trainer.kernels.load("classic")
    trainer.step(loss_thread.MIN_EPOCHS)
    trainer.step(loss_thread.MIN_EPOCHS - 1)  # too short to overlap
    trainer.step(50, path="numpy")  # the uncompiled twin has no worker
    assert [len(losses) for losses in used] == [loss_thread.MIN_EPOCHS]
    monkeypatch.setattr(loss_thread, "available", lambda: False)  # one core, or SPIRAL_TUI_LOSS_THREAD=0
    trainer.step(50)
    assert len(used) == 1
    monkeypatch.setattr(loss_thread, "available", lambda: True)
    classes = Trainer(Config(seed="7", classes=3, dataset="blobs"))  # the K-class kernel has no halves
    classes.kernels.load("softmax")
    classes.step(20)
    assert len(used) == 1
    with Population([Config(seed=str(s)) for s in range(3)]) as pop:  # members share the cores already
        assert not any(pop.trainer(i).loss_thread for i in range(3))


def test_available_follows_the_environment(monkeypatch):
    monkeypatch.setenv("SPIRAL_TUI_LOSS_THREAD", "0")
    assert not loss_thread.available()
    monkeypatch.setenv("SPIRAL_TUI_LOSS_THREAD", "1")
    monkeypatch.setattr(loss_thread.os, "sched_getaffinity", lambda pid: {0})
    assert not loss_thread.available()
    monkeypatch.setattr(loss_thread.os, "sched_getaffinity", lambda pid: {0, 1})
    assert loss_thread.available()
