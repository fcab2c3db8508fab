"""Training must be the playground's, fact for fact and bit for bit."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from tui_playground.config import FEATURE_NAMES, URL_KEY_TO_FEATURE, Config
from tui_playground.engine import kernels
from tui_playground.engine.network import Network
from tui_playground.engine.reference import ReferenceNet
from tui_playground.engine.rng import SeededRandom
from tui_playground.engine.training import LossHistory, Trainer, make_data

REF = Path(__file__).parents[1] / "data" / "ref"
TRAJECTORIES = json.loads((REF / "playground_trajectories.json").read_text())["cases"]
TRACE = json.loads((REF / "playground_trace_circle_seed1.json").read_text())


def config_from_ref(c: dict, seed: str) -> Config:
    """A Config from the reference files' playground-state dicts."""
    on = {URL_KEY_TO_FEATURE[k] for k in c["features"]}
    return Config(
        seed=seed, activation=c["activation"], lr=c["learningRate"], reg=c["regularization"],
        reg_rate=float(c["regularizationRate"]), batch=c["batchSize"], noise=c["noise"],
        layers=tuple(c["networkShape"]), train_pct=c["percTrainData"], init_zero=c["initZero"],
        features=tuple(n for n in FEATURE_NAMES if n in on),
    ).with_data(c["dataset"])


# ---- the browser's own numbers ------------------------------------------------


def test_initial_weights_are_the_playgrounds_for_seed_1():
    trainer = Trainer(config_from_ref(TRACE["config"], TRACE["seed"]))
    net = trainer.network
    drawn = [net.W[l, i, j] for l in range(net.num_layers)
             for j in range(net.sizes[l + 1]) for i in range(net.sizes[l])]
    assert drawn == [w for _, w in TRACE["initial_weights_in_creation_order"]]
    assert all(net.biases(l).tolist() == [0.1] * net.sizes[l + 1] for l in range(net.num_layers))


@pytest.mark.parametrize("case", TRAJECTORIES, ids=[c["name"] for c in TRAJECTORIES])
def test_losses_equal_the_browsers_for_100_epochs(case):
    trainer = Trainer(config_from_ref(case["config"], case["seed"]))
    assert (trainer.train_loss, trainer.test_loss) == (case["loss0"]["train"], case["loss0"]["test"])
    losses = trainer.step(100)
    expected = np.array(case["history"])
    assert expected[:, 0].tolist() == list(range(1, 101))
    # Exact equality: 1e-9 is what we promise, the bits are what we get.
    np.testing.assert_array_equal(losses, expected[:, 1:])


# ---- compiled kernel == plain reference -----------------------------------------

EQUIVALENCE_CASES = {
    "tanh-batch10": dict(dataset="circle"),
    "relu-L1-batch1-spiral-all": dict(dataset="spiral", features=FEATURE_NAMES, layers=(8, 8),
                                      activation="relu", lr=0.01, reg="L1", reg_rate=0.001, batch=1),
    "sigmoid-L2-batch7-xor": dict(dataset="xor", activation="sigmoid", reg="L2", reg_rate=0.01,
                                  batch=7, noise=20, lr=0.3),
    "linear-regression-gauss-batch30": dict(dataset="reg-gauss", activation="linear", batch=30,
                                            layers=(3,), train_pct=30, features=("x1", "x2", "x1x2")),
    "no-hidden-layer": dict(dataset="gauss", layers=(), noise=50, lr=0.1),
    "strong-L1-kills-links": dict(dataset="circle", activation="relu", reg="L1", reg_rate=0.1, lr=0.3, batch=3),
}


def reference_run(trainer: Trainer, epochs: int) -> ReferenceNet:
    c, n = trainer.config, trainer.network
    out_act = "tanh" if c.problem == "classification" else "linear"
    ref = ReferenceNet(n.sizes, n.W, n.B, n.dead, c.activation, out_act)
    for _ in range(epochs):
        ref.train_epoch(trainer._Xtr, trainer.data.train_y, c.lr, c.reg, c.reg_rate, c.batch)
    return ref


@pytest.mark.parametrize("changes", EQUIVALENCE_CASES.values(), ids=list(EQUIVALENCE_CASES))
def test_compiled_kernel_equals_plain_reference_bit_for_bit(changes):
    data = changes.pop("dataset")
    config = Config(seed="eq", **changes).with_data(data)
    changes["dataset"] = data
    trainer = Trainer(config)
    ref = reference_run(trainer, 0)
    for _ in range(3):
        losses = trainer.step(1)
        ref.train_epoch(trainer._Xtr, trainer.data.train_y, config.lr, config.reg, config.reg_rate, config.batch)
        assert losses[0].tolist() == [ref.loss(trainer._Xtr, trainer.data.train_y),
                                      ref.loss(trainer._Xte, trainer.data.test_y)]
    W, B, dead = ref.parameters()
    net = trainer.network
    for l in range(net.num_layers):
        assert net.weights(l).tolist() == W[l]
        assert net.biases(l).tolist() == B[l]
        assert net.dead_links(l).tolist() == dead[l]


def test_strong_l1_case_really_kills_links():
    changes = dict(EQUIVALENCE_CASES["strong-L1-kills-links"])
    trainer = Trainer(Config(seed="eq", **{k: v for k, v in changes.items() if k != "dataset"}))
    trainer.step(3)
    assert trainer.network.dead.any()


# ---- exact small cases ---------------------------------------------------------


def tiny(w: float, b: float, inputs=1):
    """A 1..n-input, no-hidden-layer network as padded arrays."""
    sizes = np.array([inputs, 1], dtype=np.int64)
    M = max(inputs, 1)
    W = np.zeros((1, M, M))
    W[0, :inputs, 0] = w
    B = np.zeros((1, M))
    B[0, 0] = b
    return sizes, W, B, np.zeros((1, M, M), dtype=np.bool_)


def run_kernel(X, Y, sizes, W, B, dead, lr=0.1, reg=0, rate=0.0, act=1, out=1, batch=1, epochs=1,
               acc=None):
    accW, accB, count = acc if acc is not None else (np.zeros_like(W), np.zeros_like(B), np.zeros(1))
    losses = np.empty((epochs, 2))
    kernels.train_epochs(np.asarray(X, float), np.asarray(Y, float), np.asarray(X, float),
                         np.asarray(Y, float), sizes, W, B, dead, accW, accB, count,
                         lr, reg, rate, act, out, batch, losses)
    return losses, (accW, accB, count)


def test_one_hand_computed_step_on_a_tanh_neuron():
    sizes, W, B, dead = tiny(0.5, 0.1)
    losses, _ = run_kernel([[2.0]], [1.0], sizes, W, B, dead, lr=0.1)
    a = math.tanh(0.1 + 0.5 * 2.0)
    delta = (a - 1.0) * (1.0 - a * a)  # dLoss/dz for 0.5 (a - y)^2
    assert B[0, 0] == pytest.approx(0.1 - 0.1 * delta, abs=1e-15)
    assert W[0, 0, 0] == pytest.approx(0.5 - 0.1 * delta * 2.0, abs=1e-15)
    a1 = math.tanh(B[0, 0] + W[0, 0, 0] * 2.0)
    assert losses[0, 0] == pytest.approx(0.5 * (a1 - 1.0) ** 2, abs=1e-15)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
def test_backprop_matches_finite_differences(activation):
    rng = np.random.default_rng(3)
    sizes = (3, 4, 3, 1)
    net = Network.create(sizes, rng.random)
    ref = ReferenceNet(net.sizes, net.W, net.B, net.dead, activation, "tanh")
    x, y = rng.normal(size=3), 0.7
    ref.forward(x)
    ref.backward(y)
    for layer in ref.layers[1:]:
        for neuron in layer:
            for link in neuron.inputs:
                numeric = central_difference(ref, x, y, link, "weight")
                assert link.acc == pytest.approx(numeric, rel=1e-5, abs=1e-8)
            assert neuron.acc == pytest.approx(central_difference(ref, x, y, neuron, "bias"), rel=1e-5, abs=1e-8)


def central_difference(ref: ReferenceNet, x, y: float, owner, name: str, h: float = 1e-6) -> float:
    """d(0.5 (output - y)^2) / d(owner.name), numerically."""
    value = getattr(owner, name)
    losses = []
    for shifted in (value + h, value - h):
        setattr(owner, name, shifted)
        losses.append(0.5 * (ref.forward(x) - y) ** 2)
    setattr(owner, name, value)
    return (losses[0] - losses[1]) / (2 * h)


def test_leftover_points_join_the_first_batch_of_the_next_epoch():
    X, Y = [[1.0], [-2.0], [0.5]], [1.0, -1.0, 1.0]
    sizes, W, B, dead = tiny(0.3, 0.1)
    _, acc = run_kernel(X, Y, sizes, W, B, dead, batch=2, epochs=1)
    assert acc[2][0] == 1.0  # point 3 waits in the accumulator
    run_kernel(X, Y, sizes, W, B, dead, batch=2, epochs=1, acc=acc)
    # By hand with the reference: update after points 1-2, then after 3,1,2 (3 accumulated).
    s2, W2, B2, d2 = tiny(0.3, 0.1)
    ref = ReferenceNet(s2, W2, B2, d2, "tanh", "tanh")
    for i in (0, 1, "update", 2, 0, 1, "update", 2):
        if i == "update":
            ref.update(0.1, "none", 0.0)
        else:
            ref.forward(X[i])
            ref.backward(Y[i])
    assert ref.layers[1][0].count == 1
    assert W[0, 0, 0] == ref.layers[1][0].inputs[0].weight
    assert B[0, 0] == ref.layers[1][0].bias


def test_l1_step_that_crosses_zero_kills_the_link_for_good():
    # Input 0 for the first point: zero gradient on the weight, so only L1 moves it.
    sizes, W, B, dead = tiny(1e-5, 0.0)
    run_kernel([[0.0]], [1.0], sizes, W, B, dead, lr=0.1, reg=1, rate=0.01)
    assert W[0, 0, 0] == 0.0 and dead[0, 0, 0]
    run_kernel([[3.0]], [1.0], sizes, W, B, dead, lr=0.1, reg=1, rate=0.01, epochs=5)
    assert W[0, 0, 0] == 0.0 and dead[0, 0, 0]
    assert B[0, 0] != 0.0  # the bias still learns


def test_l1_shrinks_a_weight_that_does_not_cross_zero():
    sizes, W, B, dead = tiny(0.5, 0.0)
    run_kernel([[0.0]], [0.0], sizes, W, B, dead, lr=0.1, reg=1, rate=0.01)
    assert W[0, 0, 0] == 0.5 - (0.1 * 0.01) * 1.0 and not dead[0, 0, 0]


def test_l2_decays_weights_but_not_biases():
    sizes, W, B, dead = tiny(-0.8, 0.2)
    run_kernel([[0.0]], [math.tanh(0.2)], sizes, W, B, dead, lr=0.3, reg=2, rate=0.1)
    assert W[0, 0, 0] == -0.8 - (0.3 * 0.1) * -0.8
    assert B[0, 0] == 0.2  # zero error, and regularization never touches biases


def test_init_zero_starts_at_zero_and_consumes_the_same_draws():
    plain, zero = Trainer(Config(seed="z")), Trainer(Config(seed="z", init_zero=True))
    assert not zero.network.W.any() and not zero.network.B.any()
    assert zero.state().rng == plain.state().rng


def test_reset_draws_new_weights_and_restart_repeats_the_first():
    trainer = Trainer(Config(seed="r"))
    first = trainer.network.W.copy()
    trainer.step(5)
    trainer.reset()
    assert trainer.epoch == 0 and not np.array_equal(trainer.network.W, first)
    trainer.restart()
    np.testing.assert_array_equal(trainer.network.W, first)


def test_same_seed_same_numbers_other_seed_other_numbers():
    config = Config(seed="7", dataset="spiral", layers=(8, 8), batch=1)
    a, b = Trainer(config).step(20), Trainer(config).step(20)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, Trainer(config.replace(seed="8")).step(20))


# ---- live changes, divergence, history --------------------------------------


def test_learning_rate_change_applies_without_reset():
    trainer = Trainer(Config(seed="a"))
    trainer.step(10)
    W = trainer.network.W.copy()
    trainer.apply(trainer.config.replace(lr=0.3, activation="relu", reg="L2", reg_rate=0.01, batch=5))
    assert trainer.epoch == 10
    np.testing.assert_array_equal(trainer.network.W, W)


def test_shape_or_feature_change_rebuilds_the_network_data_change_regenerates():
    trainer = Trainer(Config(seed="a"))
    points = trainer.data.train_xy
    trainer.step(3)
    trainer.apply(trainer.config.replace(layers=(3,)))
    assert trainer.epoch == 0 and trainer.network.sizes.tolist() == [2, 3, 1]
    trainer.apply(trainer.config.replace(features=("x1", "x2", "sinx1")))
    assert trainer.network.sizes.tolist() == [3, 3, 1]
    assert trainer.data.train_xy is points
    labels = trainer.data.train_y
    trainer.apply(trainer.config.replace(noise=30))  # circle noise moves labels, not points
    assert trainer.data.noise == 30 and not np.array_equal(trainer.data.train_y, labels)
    trainer.apply(trainer.config.with_data("xor"))
    assert trainer.data.name == "xor" and not np.array_equal(trainer.data.train_xy, points)


def test_divergence_stops_cleanly():
    config = Config(seed="d", lr=10.0, activation="linear", layers=(8, 8), batch=1).with_data("reg-plane")
    trainer = Trainer(config)
    losses = trainer.step(1000)
    assert trainer.diverged
    assert len(losses) < 1000 and not np.isfinite(losses[-1]).all()
    assert len(trainer.step(10)) == 0


def test_edited_weight_reaches_the_network_and_the_loss():
    trainer = Trainer(Config(seed="e"))
    before = trainer.train_loss
    trainer.set_weight(0, 1, 2, 3.5)
    trainer.set_bias(1, 0, -0.25)
    assert trainer.network.W[0, 1, 2] == 3.5 and trainer.network.B[1, 0] == -0.25
    assert trainer.train_loss != before
    with pytest.raises(IndexError):
        trainer.set_weight(0, 2, 0, 1.0)  # only 2 inputs


def test_snapshot_is_a_frozen_copy():
    trainer = Trainer(Config(seed="s"))
    snap = trainer.snapshot(grids=True)
    trainer.step(2)
    assert snap.epoch == 0 and trainer.epoch == 2
    with pytest.raises(ValueError):
        snap.network.W[0, 0, 0] = 1.0
    assert [g.shape for g in snap.grids] == [(2, 100, 100), (4, 100, 100), (2, 100, 100), (1, 100, 100)]


def test_loss_history_stays_bounded_and_keeps_the_ends():
    history = LossHistory(capacity=8)
    for epoch in range(0, 1001):
        history.add(epoch, float(epoch), -float(epoch))
    rows = history.array()
    assert len(rows) <= 8 and rows[0, 0] == 0
    assert np.all(np.diff(rows[:, 0]) == history.stride)
    assert rows[-1, 0] > 1000 - history.stride


STATE_CONFIG = Config(seed="st", dataset="spiral", batch=7, reg="L1", reg_rate=0.01, activation="relu", layers=(8, 3))


def test_state_is_a_read_only_copy_that_later_steps_do_not_change():
    trainer = Trainer(STATE_CONFIG)
    trainer.step(13)  # 250 training points, batch 7: the last 5 of each epoch wait in the accumulator
    state = trainer.state()
    W, acc = state.network.W.copy(), state.acc_weights.copy()
    trainer.step(5)
    assert state.epoch == 13 and state.acc_count == 5.0 and state.history[-1, 0] == 13
    np.testing.assert_array_equal(state.network.W, W)
    np.testing.assert_array_equal(state.acc_weights, acc)
    for a in (state.network.W, state.network.dead, state.acc_weights, state.acc_biases):
        assert not a.flags.writeable


def test_from_state_continues_exactly_like_an_unbroken_run():
    unbroken, first = Trainer(STATE_CONFIG), Trainer(STATE_CONFIG)
    expected = unbroken.step(33)
    head = first.step(13)
    resumed = Trainer.from_state(first.state())
    np.testing.assert_array_equal(np.vstack([head, resumed.step(20)]), expected)
    np.testing.assert_array_equal(resumed.history.array(), unbroken.history.array())
    assert resumed.network.dead.any() and resumed.network.dead is not first.network.dead
    unbroken.reset()
    resumed.reset()  # the random stream continued too
    np.testing.assert_array_equal(resumed.network.W, unbroken.network.W)


def test_a_trainer_given_its_data_and_the_stream_after_it_starts_like_a_fresh_one():
    rng = SeededRandom(STATE_CONFIG.seed)
    data = make_data(STATE_CONFIG, rng)
    given, fresh = Trainer(STATE_CONFIG, data=data, rng=rng), Trainer(STATE_CONFIG)
    assert given.data is data
    np.testing.assert_array_equal(given.network.W, fresh.network.W)
    np.testing.assert_array_equal(given.step(3), fresh.step(3))
    with pytest.raises(ValueError, match="random stream"):
        Trainer(STATE_CONFIG, data=data)
