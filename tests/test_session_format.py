"""Hostile session files: every field checked, one line naming it (issue 11)."""

from __future__ import annotations

import copy
import json
import os

import pytest

from tui_playground.config import Config
from tui_playground.engine.training import Trainer
from tui_playground.files.session import save_session
from tui_playground.files.session_format import SessionFormatError, UnreadableFile, check_session, parse_session


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict:
    trainer = Trainer(Config(seed="s", layers=(3,), batch=7))
    trainer.step(3)
    path = tmp_path_factory.mktemp("s") / "s.json"
    save_session(trainer, path)
    return json.loads(path.read_text())


def test_a_saved_session_passes(good):
    check_session(copy.deepcopy(good))


def _set(path: str, value):
    """A mutation: set the field at a dotted path (numbers index lists)."""
    def mutate(d):
        *parents, last = [int(k) if k.isdigit() else k for k in path.split(".")]
        for k in parents:
            d = d[k]
        if value is DELETE:
            del d[last]
        else:
            d[last] = value
    return mutate


DELETE = object()
NAN = float("nan")

MUTATIONS = [
    ("version", "2", "version must be a whole number"),
    ("version", True, "version must be a whole number"),
    ("version", 0, "version must be a whole number from 1"),
    ("version", 10**4000, "saved by a newer spiral-tui (session version 1000000000000000000000000000000000000..."),
    ("config", [], "config must be an object"),
    ("config.layers", 5, "config.layers must be a list (got 5)"),
    ("epoch", -1, "epoch must be a whole number from 0"),
    ("epoch", 1.5, "epoch must be a whole number"),
    ("epoch", 10**16, "epoch must be a whole number from 0 to 1,000,000,000,000,000"),
    ("diverged", 0, "diverged must be true or false"),
    ("sizes", [2, 0, 1], "sizes must be 2 to 8 whole numbers from 1 to 8"),
    ("weights", DELETE, "weights is missing"),
    ("weights.0", [[1.0, 2.0, 3.0]], "weights[0] must be 2 lists of 3 numbers"),
    ("weights.0.1.2", NAN, "weights[0] must be 2 lists of 3 numbers (finite)"),
    ("weights.1.0.0", "0.5", "weights[1] must be 3 lists of 1 numbers"),
    ("weights.1.0.0", 10**400, "weights[1] must be 3 lists of 1 numbers"),
    ("biases.0", [0.1, 0.2], "biases[0] must be a list of 3 numbers"),
    ("dead.0.0.0", 2, "dead[0] must hold only 0 and 1"),
    ("accumulated.weights.1", [], "accumulated.weights[1] must be 3 lists of 1 numbers"),
    ("accumulated.count", -1, "accumulated.count must be a number >= 0"),
    ("accumulated.count", 10**400, "accumulated.count must be a number >= 0"),
    ("rng.s", list(range(255)) + [0], "rng.s must be the numbers 0 to 255"),
    ("rng.i", 256, "rng.i must be a whole number from 0 to 255"),
    ("rng.seed", 5, "rng.seed must be a string"),
    ("history.stride", 0, "history.stride must be a whole number from 1"),
    ("history.stride", -4, "history.stride must be a whole number from 1"),
    ("history.rows.0", [0, 1], "history.rows[0] must be [epoch, train loss, test loss]"),
    ("history.rows.1.0", 99, "history.rows[1] must be [epoch, train loss, test loss] with epoch 0 to 3"),
    ("data.train", [], "data.train has no points"),
    ("data.test.0", [1, 2, "a"], "data.test[0] must be [x, y, label]"),
    ("data.test.0", [1e300, 2, 1], "data.test[0] must be [x, y, label]"),
    ("data.train.3.2", float("inf"), "data.train[3] must be [x, y, label]"),
    ("data.noise", 51, "data.noise must be a whole number from 0 to 50"),
]


@pytest.mark.parametrize("path, value, words", MUTATIONS, ids=[f"{p}={str(v)[:12]}" for p, v, _ in MUTATIONS])
def test_a_bad_field_is_named_in_one_line(good, path, value, words):
    data = copy.deepcopy(good)
    _set(path, value)(data)
    with pytest.raises(SessionFormatError) as exc:
        check_session(data)
    message = str(exc.value)
    assert message.startswith(words) and "\n" not in message and len(message) < 200


def test_non_finite_weights_are_fine_in_a_diverged_session(good):
    data = copy.deepcopy(good)
    data["weights"][0][1][2] = NAN
    data["diverged"] = True
    check_session(data)


@pytest.mark.parametrize("content, words", [
    ('{"format": "spiral-tui session", "version": ' + "9" * 5000 + "}", "a number with too many digits"),
    ("[" * 100_000 + "]" * 100_000, "nested too deep"),
    ('{"format": "spiral-tui session"', "bad JSON at line 1"),
    ("[1, 2]", "not a spiral-tui session file"),
])
def test_unparseable_files_are_one_line(tmp_path, content, words):
    path = tmp_path / "s.json"
    path.write_text(content)
    with pytest.raises(SessionFormatError, match=words):
        parse_session(path)


def test_the_read_is_bounded_and_only_regular_files_are_read(tmp_path):
    import tui_playground.files.session_format as fmt

    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(fmt.MAX_BYTES + 1)
    with pytest.raises(UnreadableFile, match="at most 64 MB can be read"):
        parse_session(big)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile, match="is a FIFO"):
        parse_session(fifo)
