"""Training with K classes: the compiled kernel equals the plain reference bit for bit."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine import kernels
from tui_playground.engine.multiclass import mean_cross_entropy
from tui_playground.engine.multiclass_reference import SoftmaxReferenceNet
from tui_playground.engine.network import forward_all
from tui_playground.engine.training import Trainer

CASES = {
    "spiral-3-tanh": dict(dataset="spiral", classes=3, layers=(6, 4), features=("x1", "x2", "sinx1", "sinx2")),
    "blobs-4-relu-batch1": dict(dataset="blobs", classes=4, activation="relu", batch=1, lr=0.1, noise=30),
    "spiral-6-sigmoid-L2": dict(dataset="spiral", classes=6, activation="sigmoid", reg="L2", reg_rate=0.01,
                                layers=(8,), lr=0.3, batch=7),
    "blobs-5-linear-L1-no-hidden": dict(dataset="blobs", classes=5, activation="linear", reg="L1", reg_rate=0.03,
                                        layers=(), lr=1.0, batch=3),
    "spiral-3-L1-kills": dict(dataset="spiral", classes=3, reg="L1", reg_rate=0.3, lr=0.3, layers=(4,)),
}


@pytest.mark.parametrize("changes", CASES.values(), ids=list(CASES))
def test_compiled_kernel_equals_plain_reference_bit_for_bit(changes):
    config = Config(seed="kk", **changes)
    trainer = Trainer(config)
    n = trainer.network
    ref = SoftmaxReferenceNet(n.sizes, n.W, n.B, n.dead, config.activation)
    X, Y, Xte, Yte = trainer._Xtr, trainer.data.train_y, trainer._Xte, trainer.data.test_y
    assert (trainer.train_loss, trainer.test_loss) == (ref.loss(X, Y), ref.loss(Xte, Yte))
    for _ in range(3):
        losses = trainer.step(1)
        ref.train_epoch(X, Y, config.lr, config.reg, config.reg_rate, config.batch)
        assert losses[0].tolist() == [ref.loss(X, Y), ref.loss(Xte, Yte)]
    W, B, dead = ref.parameters()
    for l in range(n.num_layers):
        assert n.weights(l).tolist() == W[l]
        assert n.biases(l).tolist() == B[l]
        assert n.dead_links(l).tolist() == dead[l]


def test_the_l1_case_kills_links_and_the_loss_goes_down():
    trainer = Trainer(Config(seed="kk", **CASES["spiral-3-L1-kills"]))
    trainer.step(3)
    assert trainer.network.dead.any()
    trainer = Trainer(Config(seed="d", dataset="blobs", classes=4, lr=0.3, layers=(6,)))
    start = trainer.train_loss
    assert start == pytest.approx(math.log(4), abs=0.3)  # small initial weights: nearly uniform guesses
    trainer.step(50)
    assert trainer.train_loss < start / 4


def test_reported_loss_is_the_mean_cross_entropy_of_the_display_network():
    trainer = Trainer(Config(seed="m", dataset="spiral", classes=5, layers=(8, 8), features=("x1", "x2", "x1x2")))
    trainer.step(5)
    n = trainer.network
    logits = forward_all(n, trainer._Xtr, "tanh", "linear")[-1]
    assert trainer.train_loss == pytest.approx(mean_cross_entropy(logits, trainer.data.train_y), rel=1e-12)


def test_one_hand_computed_softmax_step_in_the_kernel():
    """As tests/engine/test_multiclass.py: x = 2, w = 0, b = (0, 0, ln 2), label 2, lr 0.1."""
    sizes = np.array([1, 3], dtype=np.int64)
    W, B = np.zeros((1, 3, 3)), np.zeros((1, 3))
    B[0, 2] = math.log(2)
    X, Y = np.array([[2.0]]), np.array([2.0])
    losses = np.empty((1, 2))
    kernels.train_epochs_softmax(X, Y, X, Y, sizes, W, B, np.zeros((1, 3, 3), bool), np.zeros_like(W),
                                 np.zeros_like(B), np.zeros(1), 0.1, 0, 0.0, 1, 1, losses)
    assert W[0, 0].tolist() == pytest.approx([-0.05, -0.05, 0.1], rel=1e-14)
    assert B[0].tolist() == pytest.approx([-0.025, -0.025, math.log(2) + 0.05], rel=1e-14)
    z = B[0] + W[0, 0] * 2.0
    assert losses[0, 0] == pytest.approx(-(z[2] - np.log(np.exp(z).sum())), rel=1e-14)


def test_huge_logits_give_a_finite_loss():
    sizes = np.array([1, 3], dtype=np.int64)
    W, B = np.zeros((1, 3, 3)), np.array([[800.0, -800.0, 0.0]])
    X = np.array([[0.0]])
    loss = kernels.mean_cross_entropy(X, np.array([1.0]), sizes, W, B, 1)
    assert loss == 1600.0


# ---- the uncompiled path (engine.numpy_kernels) gives the same bits ------------------


def bits(a: np.ndarray) -> list:
    return np.ascontiguousarray(a).view(np.uint64).tolist()


@pytest.mark.parametrize("changes", CASES.values(), ids=list(CASES))
def test_numpy_path_equals_the_compiled_kernel_bit_for_bit(changes):
    runs = []
    for path in ("numpy", "compiled"):
        trainer = Trainer(Config(seed="np", **changes))
        losses = trainer.step(4, path=path)
        runs.append((losses, trainer.network, trainer._accW, trainer._accB, trainer._count))
    (la, na, *acc_a), (lb, nb, *acc_b) = runs
    assert bits(la) == bits(lb)
    for x, y in zip((na.W, na.B, *acc_a), (nb.W, nb.B, *acc_b)):
        assert bits(x) == bits(y)
    assert na.dead.tolist() == nb.dead.tolist()


def test_mean_cross_entropy_is_the_same_on_both_paths():
    from tui_playground.engine import numpy_kernels

    trainer = Trainer(Config(seed="ce", dataset="blobs", classes=6, layers=(5, 5), noise=40))
    trainer.step(3, path="numpy")
    n = trainer.network
    args = (trainer._Xte, trainer.data.test_y, n.sizes, n.W, n.B, 1)
    assert numpy_kernels.mean_cross_entropy(*args) == kernels.mean_cross_entropy(*args)


def test_a_run_switching_paths_equals_an_all_compiled_run():
    config = Config(seed="sw", dataset="spiral", classes=4, batch=3, activation="relu", layers=(6,))
    mixed, plain = Trainer(config), Trainer(config)
    for epochs, path in ((2, "numpy"), (3, "compiled"), (1, "numpy")):
        mixed.step(epochs, path=path)
    plain.step(6, path="compiled")
    assert bits(mixed.history.array()) == bits(plain.history.array()) and bits(mixed.network.W) == bits(plain.network.W)
