"""Sessions with K classes: saved and loaded exactly; labels outside 0..K-1 refused."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine.training import Trainer
from tui_playground.files.session import SessionError, load_session, save_session


def test_k_class_session_round_trip_continues_exactly(tmp_path):
    path = tmp_path / "k.json"
    trainer = Trainer(Config(seed="s", dataset="spiral", classes=5, layers=(6,), batch=4))
    trainer.step(3)
    save_session(trainer, path)
    loaded = load_session(path)
    assert loaded.config.classes == 5 and loaded.network.sizes.tolist() == [2, 6, 5]
    np.testing.assert_array_equal(trainer.step(2), loaded.step(2))


def test_a_label_outside_the_classes_is_a_one_line_error(tmp_path):
    path = tmp_path / "k.json"
    save_session(Trainer(Config(seed="s", dataset="blobs", classes=3)), path)
    data = json.loads(path.read_text())
    data["data"]["train"][0][2] = 7.0
    path.write_text(json.dumps(data))
    with pytest.raises(SessionError, match="labels must be class numbers 0..2") as err:
        load_session(path)
    assert "\n" not in str(err.value)
