"""The compiled kernel equals the plain reference bit for bit with every setting
beyond the playground: per-layer activations, cross-entropy, momentum,
rmsprop, adam, learning-rate schedules (with L1/L2 and batches of 1 and more).
Plus one hand-computed update per optimizer through the kernel itself."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine import kernels, optimizers
from tui_playground.engine.activations import ACTIVATIONS
from tui_playground.engine.activations import CODES as ACT
from tui_playground.engine.features import FEATURE_NAMES
from tui_playground.engine.losses import CODES as LOSS
from tui_playground.engine.losses import LOSSES
from tui_playground.engine.reference import ReferenceNet
from tui_playground.engine.schedules import learning_rates
from tui_playground.engine.training import Trainer

NEW_ACTIVATIONS = [n for n in ACTIVATIONS if n not in ("relu", "tanh", "sigmoid", "linear")]


def setting(**kw):
    base = dict(data="circle", features=("x1", "x2"), layers=(4, 3), hidden=None, loss="square", optimizer="sgd",
                hyper={}, lr=0.03, schedule="constant", reg="none", reg_rate=0.0, batch=1, noise=10)
    base.update(kw)
    return base


CASES = {
    **{f"{a}-hidden": setting(hidden=[a, a], lr=0.1 if a != "linear" else 0.01, batch=3) for a in NEW_ACTIVATIONS},
    "per-layer-mix": setting(hidden=["elu", "sine"], layers=(5, 4), batch=2),
    "cross-entropy-tanh": setting(loss="cross-entropy", hidden=["tanh", "tanh"], batch=5, lr=0.3),
    "cross-entropy-relu-L1-batch1": setting(loss="cross-entropy", hidden=["relu", "relu"], reg="L1", reg_rate=0.01,
                                            data="xor"),
    "momentum-batch1": setting(optimizer="momentum", data="spiral", features=FEATURE_NAMES, layers=(8, 8)),
    "momentum-L2-batch7": setting(optimizer="momentum", hyper={"momentum": 0.5}, reg="L2", reg_rate=0.01, batch=7),
    "rmsprop-batch1": setting(optimizer="rmsprop", lr=0.003, data="gauss"),
    "rmsprop-L1-batch10": setting(optimizer="rmsprop", lr=0.01, reg="L1", reg_rate=0.03, batch=10, hidden=["relu"] * 2),
    "adam-batch1": setting(optimizer="adam", lr=0.01, data="spiral", features=FEATURE_NAMES, layers=(8, 8)),
    "adam-strong-L1-kills": setting(optimizer="adam", lr=0.03, reg="L1", reg_rate=0.3, batch=4, hidden=["relu"] * 2),
    "adam-cross-entropy-swish": setting(optimizer="adam", loss="cross-entropy", hidden=["swish", "softplus"],
                                        hyper={"beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    "adam-regression": setting(optimizer="adam", data="reg-gauss", hidden=["gaussian", "tanh"], lr=0.01, batch=6),
    "step-schedule": setting(schedule="step:2:0.5", lr=0.3, batch=2),
    "exp-schedule-momentum": setting(schedule="exp:0.7", optimizer="momentum", lr=0.1),
    "cosine-schedule-adam": setting(schedule="cosine:3", optimizer="adam", lr=0.02, batch=3),
}


class Run:
    """One setup run by the kernel (`step`) and by the reference (`ref_step`)."""

    def __init__(self, s: dict, seed: str = "k"):
        config = Config(seed=seed, features=s["features"], layers=s["layers"], noise=s["noise"]).with_data(s["data"])
        self.trainer = Trainer(config)
        self.s = s
        net = self.trainer.network
        self.W, self.B, self.dead = net.W.copy(), net.B.copy(), net.dead.copy()
        self.accW, self.accB, self.count = np.zeros_like(self.W), np.zeros_like(self.B), np.zeros(1)
        self.state = optimizers.OptimizerState.zeros(self.W, self.B)
        hidden = s["hidden"] or ["tanh"] * len(s["layers"])
        output = LOSSES[s["loss"]].output[config.problem]
        self.acts = np.array([ACT[a] for a in hidden] + [ACT[output]], dtype=np.int64)
        self.ref = ReferenceNet(net.sizes, net.W, net.B, net.dead, hidden, output, s["loss"], s["optimizer"], s["hyper"])
        self.epoch = 0

    def data(self):
        t = self.trainer
        return t._Xtr, t.data.train_y, t._Xte, t.data.test_y

    def step(self, epochs: int) -> np.ndarray:
        s = self.s
        losses = np.empty((epochs, 2))
        lrs = learning_rates(s["schedule"], s["lr"], self.epoch, epochs)
        done = kernels.train(*self.data(), self.trainer.network.sizes, self.W, self.B, self.dead, self.accW,
                             self.accB, self.count, lrs, kernels.REG_CODES[s["reg"]], s["reg_rate"], self.acts,
                             LOSS[s["loss"]], s["batch"], optimizers.CODES[s["optimizer"]],
                             optimizers.hyper_vector(s["optimizer"], s["hyper"]), *self.state.arrays(), losses)
        assert done == epochs
        return losses

    def ref_step(self, epochs: int) -> list[list[float]]:
        s, (Xtr, Ytr, Xte, Yte) = self.s, self.data()
        out = []
        for lr in learning_rates(s["schedule"], s["lr"], self.epoch, epochs):
            self.ref.train_epoch(Xtr, Ytr, float(lr), s["reg"], s["reg_rate"], s["batch"])
            out.append([self.ref.loss(Xtr, Ytr), self.ref.loss(Xte, Yte)])
        self.epoch += epochs
        return out


@pytest.mark.parametrize("name", list(CASES))
def test_kernel_equals_reference_bit_for_bit(name):
    run = Run(CASES[name])
    for _ in range(2):  # two calls: state, batches and the schedule carry over
        losses = run.step(2)
        assert losses.tolist() == run.ref_step(2)
    W, B, dead = run.ref.parameters()
    sizes = run.trainer.network.sizes
    for l in range(len(sizes) - 1):
        n_in, n_out = sizes[l], sizes[l + 1]
        assert run.W[l, :n_in, :n_out].tolist() == W[l]
        assert run.B[l, :n_out].tolist() == B[l]
        assert run.dead[l, :n_in, :n_out].tolist() == dead[l]
        links = [[lk for lk in src.outputs] for src in run.ref.layers[l]]
        assert run.state.sW1[l, :n_in, :n_out].tolist() == [[lk.s1 for lk in row] for row in links]
        assert run.state.sW2[l, :n_in, :n_out].tolist() == [[lk.s2 for lk in row] for row in links]
        assert run.state.sB1[l, :n_out].tolist() == [n.s1 for n in run.ref.layers[l + 1]]
    assert run.state.t[0] == run.ref.t
    assert np.isfinite(losses).all()


def test_the_cases_exercise_what_they_name():
    kills = Run(CASES["adam-strong-L1-kills"])
    kills.step(4)
    assert kills.dead.any()
    assert not kills.state.sW1[kills.dead].any()  # a dead link's state is 0
    adam = Run(CASES["adam-batch1"])
    adam.step(1)
    assert adam.state.t[0] == len(adam.trainer.data.train_y)  # one update per point at batch 1
    assert adam.state.sW2.any()


def tiny_kernel_update(optimizer: str, acc: float, n: int, state=(0.0, 0.0), t: float = 0.0, lr: float = 0.1):
    """One update of a 1-input, no-hidden-layer net through the kernel's update
    code: returns (new weight, new bias, state arrays) from weight 0.5, bias 0.1,
    a gradient sum `acc` for both over `n` points."""
    sizes = np.array([1, 1], dtype=np.int64)
    W, B = np.full((1, 1, 1), 0.5), np.full((1, 1), 0.1)
    st = optimizers.OptimizerState.zeros(W, B)
    st.sW1[:], st.sW2[:], st.sB1[:], st.sB2[:], st.t[:] = state[0], state[1], state[0], state[1], t
    hyper = optimizers.hyper_vector(optimizer, {})
    c1, c2 = optimizers.corrections(optimizers.CODES[optimizer], hyper, t + 1.0)
    kernels._update_with_optimizer(optimizers.CODES[optimizer], sizes, W, B, np.zeros((1, 1, 1), dtype=np.bool_),
                                   np.full((1, 1, 1), acc), np.full((1, 1, 1), acc), np.array([float(n)]), lr, 0,
                                   0.0, hyper, c1, c2, st.sW1, st.sW2, st.sB1.reshape(1, 1, 1),
                                   st.sB2.reshape(1, 1, 1), st.t)
    return W[0, 0, 0], B[0, 0], st


@pytest.mark.parametrize("n", [1, 4])  # batch 1 skips the division by n: same numbers
def test_one_update_by_hand_for_each_optimizer(n):
    # g = acc / n = 0.5 for weight and bias alike
    acc = 0.5 * n
    w, b, st = tiny_kernel_update("momentum", acc, n, state=(0.2, 0.0))
    assert w == pytest.approx(0.5 - 0.068, rel=1e-15) and b == pytest.approx(0.1 - 0.068, rel=1e-14)
    assert st.sW1[0, 0, 0] == pytest.approx(0.68, rel=1e-15) and st.t[0] == 1.0
    w, b, st = tiny_kernel_update("rmsprop", acc, n, state=(0.04, 0.0))
    assert w == pytest.approx(0.5 - 0.2436850775378056983, rel=1e-15)
    assert st.sB1[0, 0] == pytest.approx(0.0421, rel=1e-15)
    w, b, st = tiny_kernel_update("adam", acc, n)
    assert w == pytest.approx(0.5 - 0.09999999800000004, rel=1e-15)
    assert (st.sW1[0, 0, 0], st.sW2[0, 0, 0]) == pytest.approx((0.05, 0.00025), rel=1e-15)
    # second adam update (t = 2) with g = -0.2, from the state the first left
    w2, _, st2 = tiny_kernel_update("adam", -0.2 * n, n, state=(st.sW1[0, 0, 0], st.sW2[0, 0, 0]), t=1.0)
    assert 0.5 - w2 == pytest.approx(0.03456058388348937464, rel=1e-12)
    assert st2.t[0] == 2.0


def test_cross_entropy_reports_its_own_loss_and_learns():
    run = Run(setting(loss="cross-entropy", lr=0.3, batch=10))
    before = run.ref.loss(*run.data()[:2])
    assert before == pytest.approx(math.log(2.0), abs=0.2)  # outputs near 1/2 at the start
    losses = run.step(30)
    assert losses[-1, 0] < 0.2 * before
