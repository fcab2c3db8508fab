"""The Trainer with settings beyond the playground: schedules reach the kernel,
stop rules stop where they should and say why, state (optimizer included)
continues exactly, metrics are the network's."""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine.training import Trainer
from tui_playground.files.session import load_session, save_session

ADAM = Config(seed="ts", dataset="spiral", layers=(6, 4), batch=3, optimizer="adam", lr=0.01, loss="cross-entropy",
              activation="elu,tanh", lr_schedule="step:3:0.5", reg="L1", reg_rate=0.001)


def test_load_and_continue_equals_the_unbroken_run(tmp_path):
    unbroken, first = Trainer(ADAM), Trainer(ADAM)
    expected = unbroken.step(9)
    head = first.step(4)  # mid-schedule, mid-batch (250 points, batch 3)
    save_session(first, tmp_path / "s.json")
    resumed = load_session(tmp_path / "s.json")
    assert resumed.state().optimizer.t[0] == first.state().optimizer.t[0] > 0
    np.testing.assert_array_equal(np.vstack([head, resumed.step(5)]), expected)
    np.testing.assert_array_equal(resumed.network.W, unbroken.network.W)
    np.testing.assert_array_equal(resumed.state().optimizer.sW2, unbroken.state().optimizer.sW2)


def test_the_schedule_is_the_learning_rate_of_each_epoch():
    trainer = Trainer(Config(seed="s", lr=0.1, lr_schedule="step:2:0.5"))
    rates = []
    for _ in range(5):
        rates.append(trainer.current_lr)
        trainer.step(1)
    assert rates == [0.1, 0.1, 0.05, 0.05, 0.025]
    assert trainer.snapshot().current_lr == 0.025
    # the same run in one call: the rates changed inside the kernel call
    once = Trainer(Config(seed="s", lr=0.1, lr_schedule="step:2:0.5"))
    np.testing.assert_array_equal(once.step(5)[-1], [trainer.train_loss, trainer.test_loss])


def test_switching_optimizer_starts_its_state_afresh_and_a_constant_schedule_is_plain_sgd():
    trainer = Trainer(Config(seed="o", optimizer="momentum"))
    trainer.step(2)
    assert trainer.state().optimizer.sW1.any()
    trainer.apply(trainer.config.replace(optimizer="rmsprop"))
    assert not trainer.state().optimizer.sW1.any() and trainer.state().optimizer.t[0] == 0
    sgd, same = Trainer(Config(seed="c")), Trainer(Config(seed="c", lr_schedule="cosine:1000000000"))
    np.testing.assert_array_equal(sgd.step(3)[0], same.step(3)[0])  # cos(tiny) is 1: the same first rate


def test_until_loss_stops_after_the_first_epoch_at_or_below_it():
    free = Trainer(Config(seed="u", dataset="gauss", lr=0.1))
    losses = free.step(60)
    target = float(np.sort(losses[:, 1])[len(losses) // 2])  # reached somewhere in the run
    first = int(np.argmax(losses[:, 1] <= target)) + 1
    stopped = Trainer(Config(seed="u", dataset="gauss", lr=0.1, until_loss=target))
    got = stopped.step(60)
    assert stopped.stop_reason == "until-loss" and stopped.epoch == first
    np.testing.assert_array_equal(got, losses[:first])
    assert stopped.snapshot().stop_reason == "until-loss"


def test_patience_and_max_epochs():
    trainer = Trainer(Config(seed="p", lr=10.0, activation="linear", batch=1, patience=3, min_delta=0.0))
    trainer.step(100)
    assert trainer.stop_reason == "patience" and trainer.epoch < 100
    capped = Trainer(Config(seed="p", max_epochs=7))
    assert len(capped.step(5)) == 5 and capped.stop_reason is None
    assert len(capped.step(5)) == 2 and capped.stop_reason == "max-epochs" and capped.epoch == 7
    assert len(capped.step(5)) == 0 and capped.stop_reason == "max-epochs"


def test_metrics_of_a_learned_circle_and_a_regression():
    trainer = Trainer(Config(seed="m", lr=0.1))
    trainer.step(200)
    train, test = trainer.metrics()
    assert test.accuracy > 0.95 and test.tp + test.fn + test.fp + test.tn == len(trainer.data.test_y)
    labels = trainer.data.test_y
    assert test.tp + test.fn == int((labels > 0).sum())
    reg = Trainer(Config(seed="m", lr=0.01).with_data("reg-plane"))
    reg.step(100)
    _, rt = reg.metrics()
    assert rt.rmse == pytest.approx(np.sqrt(2 * reg.test_loss), rel=1e-6)  # square loss is half the MSE
    assert 0.9 < rt.r2 <= 1.0


def test_cross_entropy_metrics_use_the_display_scale():
    from tui_playground.engine import compiled

    trainer = Trainer(Config(seed="x", loss="cross-entropy", lr=0.3))
    trainer.step(100)
    _, test = trainer.metrics()
    n = trainer.network
    o = compiled.load().outputs(trainer._Xte, n.sizes, n.W, n.B, trainer._layer_codes())  # sigmoid outputs
    assert 0.0 < o.min() and o.max() < 1.0
    assert test.accuracy == np.mean((o >= 0.5) == (trainer.data.test_y > 0)) > 0.8
    grid = trainer.snapshot(grids=True).grids[-1]
    assert grid.min() < -0.5 and grid.max() > 0.5  # 2o - 1 spans the -1..1 scale


def test_a_revived_link_starts_its_optimizer_state_afresh():
    trainer = Trainer(Config(seed="k", activation="relu", optimizer="adam", reg="L1", reg_rate=0.3, batch=3))
    trainer.step(3)
    dead = np.argwhere(trainer.network.dead)
    assert len(dead)
    l, i, j = dead[0]
    assert trainer.state().optimizer.sW1[l, i, j] == 0.0
    trainer.set_weight(l, i, j, 0.5)
    assert not trainer.network.dead[l, i, j] and trainer.state().optimizer.sW2[l, i, j] == 0.0


def test_metrics_of_k_classes_and_in_a_snapshot():
    from tui_playground.engine.class_metrics import class_metrics

    trainer = Trainer(Config(seed="k", dataset="blobs", classes=4, layers=(6,), lr=0.3))
    trainer.step(30)
    train, test = trainer.metrics()
    d = trainer.data
    expected = class_metrics(trainer.network, trainer.config, d.test_xy, d.test_y)
    assert test.accuracy == expected.accuracy and test.confusion.shape == (4, 4)
    np.testing.assert_array_equal(test.confusion, expected.confusion)
    assert train.confusion.sum() == len(d.train_y) and test.confusion.sum() == len(d.test_y)
    snap = trainer.snapshot(metrics=True)
    assert snap.metrics[0].accuracy == train.accuracy and snap.metrics[1].accuracy == test.accuracy
    assert trainer.snapshot().metrics is None  # measured only when asked for
    two = Trainer(Config(seed="k"))
    two.step(5)
    assert two.snapshot(metrics=True).metrics == two.metrics()
