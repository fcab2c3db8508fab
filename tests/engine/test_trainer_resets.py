"""Resets that can be reproduced, and a loss history that never mixes losses
(engine.training.Trainer: `config.resets`, the history restart on a loss change)."""

from __future__ import annotations

import dataclasses

import numpy as np

from tui_playground.config import Config, from_url
from tui_playground.engine.training import Trainer

CONFIG = Config(seed="7", dataset="xor", layers=(3, 2))


def test_reset_twice_is_the_network_a_link_with_resets_2_loads():
    pressed = Trainer(CONFIG)
    pressed.step(4)
    pressed.reset()
    pressed.reset()
    assert pressed.config.resets == 2 and "&resets=2" in pressed.config.to_url()
    loaded = Trainer(from_url(pressed.config.to_url()))
    np.testing.assert_array_equal(loaded.network.W, pressed.network.W)
    assert loaded.train_loss == pressed.train_loss and loaded.epoch == pressed.epoch == 0


def test_each_reset_draws_other_weights_and_a_link_without_resets_is_the_first():
    first, trainer = Trainer(CONFIG), Trainer(CONFIG)
    trainer.reset()
    assert not np.array_equal(trainer.network.W, first.network.W)
    assert "resets" not in first.config.to_url()


def test_applying_one_more_reset_continues_the_stream_like_reset():
    by_key, by_config = Trainer(CONFIG), Trainer(CONFIG)
    by_key.reset()
    by_config.apply(CONFIG.replace(resets=1, lr=0.1))
    np.testing.assert_array_equal(by_config.network.W, by_key.network.W)
    assert by_config.config == CONFIG.replace(resets=1, lr=0.1)


def test_a_change_of_shape_keeps_the_resets_and_draws_their_network():
    trainer = Trainer(CONFIG)
    trainer.reset()
    trainer.apply(trainer.config.replace(layers=(4, 4)))
    fresh = Trainer(CONFIG.replace(layers=(4, 4), resets=1))
    np.testing.assert_array_equal(trainer.network.W, fresh.network.W)
    trainer.apply(trainer.config.replace(features=("x1", "x2", "x1x2")))
    np.testing.assert_array_equal(trainer.network.W, Trainer(trainer.config).network.W)


def test_restart_goes_back_to_the_seeds_first_weights():
    trainer = Trainer(CONFIG)
    trainer.reset()
    trainer.restart()
    assert trainer.config.resets == 0
    np.testing.assert_array_equal(trainer.network.W, Trainer(CONFIG).network.W)


def test_a_trainer_from_a_state_without_the_stream_after_its_data_finds_it():
    trainer = Trainer(CONFIG)
    trainer.reset()
    state = dataclasses.replace(trainer.state(), data_rng=None)  # as a session file gives it
    loaded = Trainer.from_state(state)
    loaded.apply(loaded.config.replace(layers=(5,)))
    np.testing.assert_array_equal(loaded.network.W, Trainer(loaded.config).network.W)


def test_a_change_of_loss_restarts_the_history_at_that_epoch():
    trainer = Trainer(CONFIG)
    trainer.step(10)
    trainer.apply(trainer.config.replace(loss="cross-entropy"))
    rows = trainer.history.array()
    assert rows.tolist() == [[10, trainer.train_loss, trainer.test_loss]]
    trainer.step(5)
    assert trainer.history.array()[:, 0].tolist() == list(range(10, 16))
    state = trainer.state()
    assert state.history[0, 0] == 10  # a session, and the loss CSV from it, hold cross-entropy only


def test_a_change_of_loss_at_epoch_0_leaves_no_square_loss_behind():
    trainer = Trainer(CONFIG)
    square = trainer.train_loss
    trainer.apply(trainer.config.replace(loss="cross-entropy"))
    assert trainer.history.array()[:, 1].tolist() == [trainer.train_loss] != [square]


def test_a_loss_csv_written_after_a_change_of_loss_holds_that_loss_only():
    from tui_playground.files.exports import loss_csv

    trainer = Trainer(CONFIG)
    trainer.step(6)
    trainer.apply(trainer.config.replace(loss="cross-entropy"))
    trainer.step(3)
    lines = loss_csv(trainer.history.array()).splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["6", "7", "8", "9"]


def test_a_session_keeps_the_resets_and_their_network(tmp_path):
    from tui_playground.files.session import load_session, save_session

    trainer = Trainer(CONFIG)
    trainer.reset()
    trainer.reset()
    save_session(trainer, tmp_path / "s.json")
    loaded = load_session(tmp_path / "s.json")
    assert loaded.config.resets == 2
    np.testing.assert_array_equal(loaded.network.W, trainer.network.W)
    loaded.apply(loaded.config.replace(layers=(2,)))  # the stream after the data, found again
    np.testing.assert_array_equal(loaded.network.W, Trainer(CONFIG.replace(layers=(2,), resets=2)).network.W)
