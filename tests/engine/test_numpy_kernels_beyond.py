"""The uncompiled twin of the general kernels (numpy_kernels.train, mean_loss_of,
outputs) equals the compiled ones bit for bit for every setting beyond the
playground: each activation with both losses, each optimizer with no, L1 and
L2 regularization, batches of 1 and 10, a schedule; per-layer activations, no
hidden layer, divergence; and a Trainer run switching paths equals an
all-compiled one."""

from __future__ import annotations

import functools
import itertools
import warnings

import numpy as np
import pytest

from tui_playground.config import ACTIVATIONS, OPTIMIZERS, Config
from tui_playground.engine import kernels, numpy_kernels, optimizers
from tui_playground.engine.activations import CODES as ACT
from tui_playground.engine.losses import CODES as LOSS
from tui_playground.engine.losses import LOSSES
from tui_playground.engine.schedules import learning_rates
from tui_playground.engine.training import Trainer

N_TRAIN = 23  # batch 10 leaves 3 points in the accumulators across epochs and calls


def _bits(a: np.ndarray) -> list:
    return np.ascontiguousarray(a).view(np.uint64).tolist()


@functools.lru_cache
def _trainer(dataset: str, layers: tuple) -> tuple[Config, Trainer]:
    """A config and its (never trained) Trainer: the data and the first weights."""
    config = Config(seed="nb", layers=layers, features=("x1", "x2", "x1x2"), noise=20).with_data(dataset)
    return config, Trainer(config)


class Setup:
    """A small network and data for direct kernel calls; `run(kernel, epochs)`
    trains a fresh copy of the arrays with `kernel` (numpy_kernels or kernels)."""

    def __init__(self, hidden: list[str], loss: str = "square", optimizer: str = "sgd", reg: str = "none",
                 reg_rate: float = 0.0, batch: int = 1, lr: float = 0.03, schedule: str = "step:1:0.7",
                 dataset: str = "xor", layers: tuple = (3, 2), hyper: dict | None = None):
        config, t = _trainer(dataset, layers)
        self.net = t.network
        self.data = (t._Xtr[:N_TRAIN], t.data.train_y[:N_TRAIN], t._Xte[:17], t.data.test_y[:17])
        output = LOSSES[loss].output[config.problem]
        self.acts = np.array([ACT[a] for a in hidden] + [ACT[output]], dtype=np.int64)
        self.loss, self.opt = LOSS[loss], optimizers.CODES[optimizer]
        self.hyper = optimizers.hyper_vector(optimizer, hyper or {})
        self.reg, self.reg_rate, self.batch, self.lr, self.schedule = \
            numpy_kernels.REG_CODES[reg], reg_rate, batch, lr, schedule

    def run(self, kernel, epochs: int = 2, calls: int = 2) -> dict:
        n = self.net
        W, B, dead = n.W.copy(), n.B.copy(), n.dead.copy()
        accW, accB, count = np.zeros_like(W), np.zeros_like(B), np.zeros(1)
        state = optimizers.OptimizerState.zeros(W, B)
        rows, epoch = [], 0
        for _ in range(calls):  # state, batches and the schedule carry over between calls
            losses = np.empty((epochs, 2))
            lrs = learning_rates(self.schedule, self.lr, epoch, epochs)
            done = kernel.train(*self.data, n.sizes, W, B, dead, accW, accB, count, lrs, self.reg, self.reg_rate,
                                self.acts, self.loss, self.batch, self.opt, self.hyper, *state.arrays(), losses)
            rows.append(losses[:done])
            epoch += done
            if done < epochs:
                break
        return {"losses": np.vstack(rows), "W": W, "B": B, "dead": dead, "accW": accW, "accB": accB,
                "count": count, **dict(zip(("sW1", "sW2", "sB1", "sB2", "t"), state.arrays()))}


def _assert_twins(setup: Setup, epochs: int = 2, calls: int = 2) -> dict:
    a, b = setup.run(numpy_kernels, epochs, calls), setup.run(kernels, epochs, calls)
    for key in a:
        assert a[key].dtype == b[key].dtype and a[key].shape == b[key].shape, key
        if a[key].dtype == np.float64:
            assert _bits(a[key]) == _bits(b[key]), key
        else:
            assert a[key].tolist() == b[key].tolist(), key
    return a


# Every activation x both losses x every optimizer, each with one of the six (regularization, batch)
# pairs, turning so that every optimizer meets every loss, regularization and batch size (and every
# activation every regularization and batch size): 80 cases, each with a step schedule, on a [3, 2]
# network with 23 training points, two calls of one epoch.
REG_BATCH = list(itertools.product(("none", "L1", "L2"), (1, 10)))
LOSS_NAMES = ("square", "cross-entropy")
GRID = [(act, loss, opt, *REG_BATCH[(i + 3 * j + k) % 6]) for i, act in enumerate(ACTIVATIONS)
        for j, loss in enumerate(LOSS_NAMES) for k, opt in enumerate(OPTIMIZERS)]


def test_the_grid_covers_every_setting():
    assert {g[:3] for g in GRID} == set(itertools.product(ACTIVATIONS, LOSS_NAMES, OPTIMIZERS))
    assert {g[1:] for g in GRID} == set(itertools.product(LOSS_NAMES, OPTIMIZERS, *zip(*REG_BATCH)))
    assert {(g[0], *g[3:]) for g in GRID} == set(itertools.product(ACTIVATIONS, *zip(*REG_BATCH)))
    assert {"leaky-relu", "elu", "swish", "softplus", "sine", "gaussian"} <= set(ACTIVATIONS)


@pytest.mark.parametrize("activation, loss, optimizer, reg, batch", GRID)
def test_train_twin_equals_the_compiled_kernel(activation, loss, optimizer, reg, batch):
    lr = 0.01 if optimizer in ("rmsprop", "adam") or activation == "linear" else 0.1
    setup = Setup([activation] * 2, loss, optimizer, reg, 0.0 if reg == "none" else 0.01, batch, lr)
    got = _assert_twins(setup, epochs=1)
    assert np.isfinite(got["losses"]).all() and len(got["losses"]) == 2
    assert got["t"][0] == (0 if optimizer == "sgd" else 2 * (N_TRAIN // batch))  # updates per epoch: 23 // batch


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_strong_l1_kills_links_and_resets_their_state_alike(optimizer):
    setup = Setup(["relu", "elu"], "cross-entropy", optimizer, "L1", 0.2, batch=2, lr=0.1)
    got = _assert_twins(setup, epochs=3)
    assert got["dead"].any()
    assert not got["sW1"][got["dead"]].any() and not got["sW2"][got["dead"]].any()


@pytest.mark.parametrize("changes", [
    dict(hidden=["elu", "sine", "swish"], layers=(4, 3, 2), optimizer="adam", loss="cross-entropy", batch=3),
    dict(hidden=["gaussian", "softplus"], dataset="reg-gauss", optimizer="rmsprop", reg="L2", reg_rate=0.01),
    dict(hidden=[], layers=(), optimizer="momentum", batch=4),  # no hidden layer
    dict(hidden=[], layers=(), loss="cross-entropy", optimizer="adam", reg="L1", reg_rate=0.01),
    dict(hidden=["leaky-relu", "tanh"], schedule="cosine:3", optimizer="adam", lr=0.05,
         hyper={"beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    dict(hidden=["sigmoid", "relu"], schedule="exp:0.5", optimizer="momentum", hyper={"momentum": 0.5}, batch=7),
], ids=["per-layer-three", "regression-per-layer", "no-hidden-momentum", "no-hidden-adam-ce", "cosine-adam-hyper",
        "exp-momentum-batch7"])
def test_train_twin_per_layer_activations_and_shapes(changes):
    _assert_twins(Setup(**changes), epochs=3)


def test_divergence_stops_at_the_same_epoch_without_warnings():
    setup = Setup(["linear", "linear"], optimizer="momentum", lr=3.0, dataset="reg-plane", schedule="constant")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # inf and NaN are results here, not warnings
        got = _assert_twins(setup, epochs=60, calls=1)
    assert len(got["losses"]) < 60 and not np.isfinite(got["losses"][-1]).all()


@pytest.mark.parametrize("loss", ["square", "cross-entropy"])
def test_mean_loss_of_and_outputs_equal_the_compiled_ones(loss):
    for hidden in (["elu", "sine"], ["softplus", "gaussian"], ["swish", "leaky-relu"]):
        setup = Setup(hidden, loss)
        trained = setup.run(kernels, epochs=3, calls=1)  # weights away from their start
        X, Y = setup.data[0], setup.data[1]
        args = (X, setup.net.sizes, trained["W"], trained["B"], setup.acts)
        assert _bits(numpy_kernels.outputs(*args)) == _bits(kernels.outputs(*args))
        a = numpy_kernels.mean_loss_of(X, Y, *args[1:], setup.loss)
        assert _bits(np.array([a])) == _bits(np.array([kernels.mean_loss_of(X, Y, *args[1:], setup.loss)]))


# ---- a Trainer switching paths in a run ----------------------------------------------

# Every activation with L1 and L2 and batch 1 and 10; the optimizer and loss turn with them, so that
# every optimizer meets both losses, both regularizations and both batch sizes.
SWITCH = [(act, reg, batch, OPTIMIZERS[(i + j) % 4], ("square", "cross-entropy")[(i + j // 2) % 2])
          for i, act in enumerate(ACTIVATIONS) for j, (reg, batch) in enumerate(itertools.product(("L1", "L2"), (1, 10)))]


@pytest.mark.parametrize("act, reg, batch, optimizer, loss", SWITCH)
def test_a_run_switching_paths_equals_an_all_compiled_run(act, reg, batch, optimizer, loss):
    # 55 training points: batch 10 leaves 5 in the accumulators across each switch.
    config = Config(seed="swb", activation=act, reg=reg, reg_rate=0.003, batch=batch, train_pct=11, layers=(3, 2),
                    optimizer=optimizer, loss=loss, lr=0.01, lr_schedule="exp:0.9").with_data("xor")
    mixed, plain = Trainer(config), Trainer(config)
    for path in ("numpy", "compiled", "numpy", "compiled"):
        mixed.step(1, path=path)
    plain.step(4, path="compiled")
    assert mixed.epoch == plain.epoch == 4
    for a, b in [(mixed.network.W, plain.network.W), (mixed.network.B, plain.network.B),
                 (mixed._accW, plain._accW), *zip(mixed._opt.arrays(), plain._opt.arrays())]:
        assert _bits(a) == _bits(b)
    assert _bits(mixed.history.array()) == _bits(plain.history.array())
    assert mixed.network.dead.tolist() == plain.network.dead.tolist()
