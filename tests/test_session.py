"""Saved sessions continue exactly; bad files give one line and destroy nothing."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine.training import Trainer
from tui_playground.files.session import SessionError, load_session, save_session

CONFIG = Config(seed="s", dataset="spiral", batch=7, reg="L1", reg_rate=0.01, activation="relu", layers=(8, 3))


def test_a_loaded_run_continues_exactly_like_an_unbroken_one(tmp_path):
    unbroken, saved = Trainer(CONFIG), Trainer(CONFIG)
    expected = unbroken.step(33)
    first = saved.step(13)  # 250 training points, batch 7: gradients wait in the accumulator
    assert saved.state().acc_count > 0
    save_session(saved, tmp_path / "s.json")
    loaded = load_session(tmp_path / "s.json")
    assert loaded.epoch == 13 and loaded.network.dead.any()
    np.testing.assert_array_equal(np.vstack([first, loaded.step(20)]), expected)
    np.testing.assert_array_equal(loaded.history.array(), unbroken.history.array())


def test_reset_after_loading_draws_the_same_new_weights(tmp_path):
    a = Trainer(CONFIG)
    a.step(2)
    save_session(a, tmp_path / "s.json")
    b = load_session(tmp_path / "s.json")
    a.reset()
    b.reset()
    np.testing.assert_array_equal(a.network.W, b.network.W)


def test_file_data_is_kept_in_the_session(tmp_path):
    points = tmp_path / "p.csv"
    points.write_text("".join(f"{i},{i % 5},{i % 2}\n" for i in range(30)))
    a = Trainer(Config(seed="f", data_file=str(points)))
    save_session(a, tmp_path / "s.json")
    points.unlink()
    b = load_session(tmp_path / "s.json")
    np.testing.assert_array_equal(b.data.train_xy, a.data.train_xy)
    np.testing.assert_array_equal(b.step(3), a.step(3))


@pytest.mark.parametrize("content, words", [
    ('{"format": "spiral-tui session", "version": 1, "con', "truncated"),
    ('{"name": "something else"}', "not a spiral-tui session file"),
    ('{"format": "spiral-tui session", "version": 9}', "newer spiral-tui (session version 9"),
    ('{"format": "spiral-tui session", "version": 1}', "damaged session"),
    ("x,y,label\n1,2,3\n", "not a spiral-tui session"),
])
def test_bad_session_files_are_refused_with_one_line(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(SessionError, match=words.replace("(", r"\(")) as exc:
        load_session(path)
    assert "\n" not in str(exc.value)


def test_damaged_weights_are_refused(tmp_path):
    save_session(Trainer(CONFIG), tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text())
    data["weights"][0] = data["weights"][0][:-1]
    (tmp_path / "s.json").write_text(json.dumps(data))
    with pytest.raises(SessionError, match=r"damaged session: weights\[0\] must be 2 lists of 8 numbers"):
        load_session(tmp_path / "s.json")


def test_missing_file(tmp_path):
    with pytest.raises(SessionError, match="can't open session"):
        load_session(tmp_path / "none.json")


def test_saving_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(SessionError, match="can't save session to"):
        save_session(Trainer(CONFIG), tmp_path / "no" / "s.json")


def test_saving_over_a_fifo_or_through_a_symlink(tmp_path):
    """The app's ctrl+s and `train --save` share this: a FIFO is refused in one
    line (and left alone), a symlink is written through and stays a link."""
    trainer = Trainer(CONFIG)
    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(SessionError, match=r"can't save session to .*pipe.json: is a FIFO \(named pipe\)"):
        save_session(trainer, tmp_path / "pipe.json")
    assert sorted(os.listdir(tmp_path)) == ["pipe.json"]
    (tmp_path / "link.json").symlink_to("real.json")
    save_session(trainer, tmp_path / "link.json")
    assert (tmp_path / "link.json").is_symlink() and load_session(tmp_path / "real.json").epoch == 0


def test_a_session_keeps_the_data_files_own_units_and_class_names(tmp_path):
    from pathlib import Path

    from tui_playground.files.exports import points_csv

    survey = Path(__file__).parent.parent / "examples" / "survey.csv"
    trainer = Trainer(Config(seed="u", data_file=str(survey)))
    trainer.step(3)
    save_session(trainer, tmp_path / "s.json")
    loaded = load_session(tmp_path / "s.json")
    units = loaded.data.units
    assert units.class_names == ("clay", "sand") and units.offset == trainer.data.units.offset
    assert points_csv(loaded) == points_csv(trainer)  # the own coordinates, exactly


@pytest.mark.parametrize("field, value, words", [
    ("scale", [0, 1], "data.units.scale must be two finite numbers other than 0"),
    ("class_names", ["a"] * 7, "data.units.class_names must be at most 6 names"),
    ("train", [[1, 2]], "data.units.train must be null or one row per train point"),
])
def test_bad_units_in_a_session_are_one_line(tmp_path, field, value, words):
    from pathlib import Path

    survey = Path(__file__).parent.parent / "examples" / "survey.csv"
    save_session(Trainer(Config(seed="u", data_file=str(survey))), tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text())
    data["data"]["units"][field] = value
    (tmp_path / "s.json").write_text(json.dumps(data))
    with pytest.raises(SessionError, match=words):
        load_session(tmp_path / "s.json")
