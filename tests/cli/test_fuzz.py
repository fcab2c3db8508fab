"""Fuzzing the command line and session files (issue 11): whatever the values,
`train` and `sweep` end with exit code 0, 1 (diverged) or 2 (bad input), an
error is exactly one printable line on stderr, and stdout holds nothing on an
error and exactly one JSON document otherwise. Examples are bounded (and
derandomized) so the suite stays fast and repeatable; raise
HYPOTHESIS_EXAMPLES for a longer hunt.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_playground.cli import main

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Flags whose values are fuzzed. Output paths are not: random text there would
# write files wherever it points (the hostile-files table covers outputs).
TRAIN_VALUE_FLAGS = ["--noise", "--train-pct", "--features", "--layers", "--lr", "--reg-rate", "--batch", "--seed",
                     "--url", "--epochs", "--every", "--activation", "--dataset", "--problem", "--reg", "--data",
                     "--load"]
SWEEP_VALUE_FLAGS = ["--noise", "--train-pct", "--features", "--layers", "--lr", "--reg-rate", "--batch",
                     "--activation", "--dataset", "--seed", "--seed-list", "--url", "--success", "--workers",
                     "--seeds", "--preset"]
SPECIAL = ["", " ", "0", "-0", "-1", "1e400", "-1e400", "nan", "inf", "-inf", "-1e-3", "-nan", "-Infinity", "1e-320", "0x10", "1_0", "٣",
           "9" * 5000, "all", "none", ",", "8,8,8,8,8,8,8", "#", "#seed=", "#seed=%1b", "#batchSize=1e9",
           "https://playground.tensorflow.org/#noise=99", "a\x1b[2Jb", "\udcff", "\x00", "\n", "-", "--json"]
values = st.one_of(st.sampled_from(SPECIAL), st.text(max_size=20),
                   st.from_regex(r"-?[0-9]{0,12}(\.[0-9]{0,6})?(e-?[0-9]{1,3})?", fullmatch=True))


@pytest.fixture(scope="module", autouse=True)
def compiled():
    """Compile the kernels first, so that no 'compiling...' notice joins stderr."""
    from tui_playground.engine.kernels import warm_up

    warm_up()


def run(argv: list[str], capsys) -> None:
    """Run in a scratch folder and check the outcome's shape."""
    with tempfile.TemporaryDirectory() as scratch:
        cwd = os.getcwd()
        os.chdir(scratch)
        try:
            code = main(argv)
        finally:
            os.chdir(cwd)
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    lines = err.splitlines()
    if code == 2:
        assert out == "" and len(lines) == 1 and lines[0].startswith("spiral-tui: error: "), (argv, err)
    else:
        json.loads(out)
        assert len(lines) == (code == 1), (argv, err)
    assert all(ch.isprintable() for ch in err.rstrip("\n")), (argv, err)
    assert len(err) < 500, (argv, err[:600])
    # a number given is checked as a number: argparse took -inf or -1e-3 for a flag
    given_numbers = [v for v in argv if v.startswith("-") and _is_float(v)]
    assert not given_numbers or "expected one argument" not in err, (argv, err)


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("flag", TRAIN_VALUE_FLAGS)
def test_train_survives_every_edge_value_of_every_flag(flag, capsys):
    for value in SPECIAL:
        run(["train", flag, value, "--epochs", "1", "--json"], capsys)


@pytest.mark.parametrize("flag", SWEEP_VALUE_FLAGS)
def test_sweep_survives_every_edge_value_of_every_flag(flag, capsys):
    for value in SPECIAL:
        run(["sweep", flag, value, "--epochs", "1", "--seeds", "1", "--json"], capsys)


@FUZZ
@given(flag=st.sampled_from(TRAIN_VALUE_FLAGS), value=values)
def test_train_survives_any_flag_value(flag, value, capsys):
    run(["train", flag, value, "--epochs", "1", "--json"], capsys)


@FUZZ
@given(pairs=st.lists(st.tuples(st.sampled_from(TRAIN_VALUE_FLAGS), values), max_size=4))
def test_train_survives_any_mix_of_flags(pairs, capsys):
    run(["train", *[t for pair in pairs for t in pair], "--epochs", "1", "--json"], capsys)


@FUZZ
@given(flag=st.sampled_from(SWEEP_VALUE_FLAGS), value=values)
def test_sweep_survives_any_flag_value(flag, value, capsys):
    run(["sweep", flag, value, "--epochs", "1", "--seeds", "1", "--json"], capsys)


# ---- session files ------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12)


@pytest.fixture(scope="module")
def saved_session(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("fuzz") / "s.json"
    assert main(["train", "--seed", "1", "--layers", "3,2", "--epochs", "3", "--save", str(path)]) == 0
    return json.loads(path.read_text())


def _paths(value, prefix=(), ends=(0, -1)):
    """Every (path to a field) in a JSON value; of a list, only the items at
    `ends` (the others are of the same kind)."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k), ends)
    elif isinstance(value, list):
        for i in sorted({e % len(value) for e in ends}) if value else ():
            yield from _paths(value[i], (*prefix, i), ends)


def _mutated(session: dict, path: tuple, action: str, value=None) -> dict:
    session = copy.deepcopy(session)
    parent = session
    for key in path[:-1]:
        parent = parent[key]
    if action == "delete":
        del parent[path[-1]]
    elif action == "wrap":
        parent[path[-1]] = [parent[path[-1]]]
    else:
        parent[path[-1]] = value
    return session


def _load(session: dict, folder, capsys) -> None:
    file = folder / "s.json"
    file.write_text(json.dumps(session))
    run(["train", "--load", str(file), "--epochs", "1", "--json"], capsys)


# Values at the edges of every type: each field of a session gets each of them
# (a stride of 0 divided by zero on the first step; None, "", a float where a
# whole number belongs, a number beyond any float ... each failed somewhere).
EDGES = [0, -1, 2, 256, 10**400, 1.5, 1e308, float("nan"), float("inf"), "", None, True, [], {}, [[0.5]]]


@pytest.mark.parametrize("value", EDGES, ids=lambda v: repr(v)[:12])
def test_load_survives_every_field_set_to_an_edge_value(saved_session, value, capsys, tmp_path):
    for path in _paths(saved_session, ends=(0,)):
        if path:
            _load(_mutated(saved_session, path, "replace", value), tmp_path, capsys)


def test_load_survives_every_field_deleted_or_wrapped(saved_session, capsys, tmp_path):
    for path in _paths(saved_session, ends=(0,)):
        for action in ("delete", "wrap"):
            if path:
                _load(_mutated(saved_session, path, action), tmp_path, capsys)


@FUZZ
@given(data=st.data())
def test_load_survives_random_session_mutations(saved_session, data, capsys, tmp_path_factory):
    paths = [p for p in _paths(saved_session) if p]
    path = data.draw(st.sampled_from(paths), label="field")
    action = data.draw(st.sampled_from(["replace", "delete", "wrap"]), label="action")
    value = data.draw(json_values, label="value") if action == "replace" else None
    _load(_mutated(saved_session, path, action, value), tmp_path_factory.mktemp("mutated"), capsys)


# ---- results files (issue 25) ---------------------------------------------------
# Every field of a results file's first line and of a run's line gets each edge
# value, is deleted or wrapped: `sweep --from` prints the tables (0) or one line (2).

RESULT_EDGES = EDGES + ["1", "no", "nan", "-inf", 10**30, -1e-300]


@pytest.fixture(scope="module")
def saved_results(tmp_path_factory) -> list[dict]:
    path = tmp_path_factory.mktemp("fuzz") / "r.jsonl"
    assert main(["sweep", "--layers", "2", "--seeds", "2", "--epochs", "3", "--out", str(path), "--json"]) == 0
    return [json.loads(line) for line in path.read_text().splitlines()]


def _from(lines: list[dict], folder, capsys) -> None:
    file = folder / "r.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines))
    run(["sweep", "--from", str(file), "--json"], capsys)


def _line_paths(lines: list[dict]):
    for n in (0, 1):  # the sweep, and one run
        for path in _paths(lines[n], ends=(0,)):
            if path:
                yield (n, *path)


@pytest.mark.parametrize("value", RESULT_EDGES, ids=lambda v: repr(v)[:12])
def test_from_survives_every_field_set_to_an_edge_value(saved_results, value, capsys, tmp_path):
    for path in _line_paths(saved_results):
        _from(_mutated(saved_results, path, "replace", value), tmp_path, capsys)


def test_from_survives_every_field_deleted_or_wrapped(saved_results, capsys, tmp_path):
    for path in _line_paths(saved_results):
        for action in ("delete", "wrap"):
            _from(_mutated(saved_results, path, action), tmp_path, capsys)


@FUZZ
@given(data=st.data())
def test_from_survives_random_results_mutations(saved_results, data, capsys, tmp_path_factory):
    path = data.draw(st.sampled_from(list(_line_paths(saved_results))), label="field")
    action = data.draw(st.sampled_from(["replace", "delete", "wrap"]), label="action")
    value = data.draw(json_values, label="value") if action == "replace" else None
    _from(_mutated(saved_results, path, action, value), tmp_path_factory.mktemp("mutated"), capsys)
