"""The sweep results file: exact round trip, cut last line, spec checks, appending."""

from __future__ import annotations

import json
import math

import pytest

from tui_playground.config import Config
from tui_playground.sweeps.member import MemberResult
from tui_playground.sweeps.presets import preset_spec
from tui_playground.sweeps.spec import build_spec, member_seeds
from tui_playground.sweeps.store import (
    ResultsFile,
    StoreError,
    member_record,
    prepare,
    read,
    spec_difference,
    spec_record,
)
from tui_playground.sweeps.store_format import check_member, check_spec

SPEC = build_spec([Config(seed="1")], {"layers": [(1,), (3,)], "lr": [0.03, 0.1]}, member_seeds("s", 3), 20)


def run(variant: int, seed: str, loss: float = 0.25, **kw) -> MemberResult:
    fields = dict(epochs=20, train_loss=loss, test_loss=loss + 0.01, diverged=False, first_success=None,
                  best_train_loss=loss, best_test_loss=loss - 0.01, best_test_epoch=7,
                  metrics={"train_accuracy": 0.9, "test_accuracy": 0.875}, seconds=0.125) | kw
    return MemberResult(variant, seed, **fields)


def test_records_round_trip_every_float_exactly_and_stay_strict_json():
    tricky = [0.1 + 0.2, 1e-310, math.nan, math.inf, -math.inf]
    for x in tricky:
        m = run(1, "s-2", train_loss=x, test_loss=x, best_train_loss=x, diverged=not math.isfinite(x),
                metrics={"train_accuracy": x})
        line = json.dumps(member_record(SPEC, m), allow_nan=False)  # strict JSON: no NaN/Infinity tokens
        back = check_member(json.loads(line), SPEC)
        for got, want in [(back.train_loss, x), (back.test_loss, x), (back.best_train_loss, x),
                          (back.metrics["train_accuracy"], x)]:
            assert got == want or (math.isnan(got) and math.isnan(want))
        assert (back.variant, back.seed, back.best_test_epoch, back.diverged) == (1, "s-2", 7, not math.isfinite(x))
    assert member_record(SPEC, run(3, "s-1"))["config"] == Config(seed="s-1", layers=(3,), lr=0.1).to_dict()


def test_spec_record_round_trips_variants_seeds_and_captions():
    bases, captions = preset_spec("video")
    spec = build_spec(bases, {}, ("a", "b"), 30, 0.2, "video", captions)
    assert check_spec(json.loads(json.dumps(spec_record(spec)))) == spec
    assert check_spec(spec_record(SPEC)) == SPEC


@pytest.mark.parametrize("changes, message", [
    (dict(epochs=30), "epochs 20 in the file, 30 now"),
    (dict(success=0.2), "success threshold 0.1 in the file, 0.2 now"),
    (dict(seeds=member_seeds("s", 4)), "seeds: 3 in the file, 4 now"),
    (dict(seeds=("s-1", "x", "s-3")), "seed 2 's-2' in the file, 'x' now"),
    (dict(axes={"layers": [(1,), (3,)]}), "variants: 4 in the file, 2 now"),
    (dict(axes={"layers": [(1,), (4,)], "lr": [0.03, 0.1]}), "variant 3: layers 3 in the file, 4 now"),
])
def test_spec_difference_says_what_differs(changes, message):
    args = dict(axes={"layers": [(1,), (3,)], "lr": [0.03, 0.1]}, seeds=member_seeds("s", 3), epochs=20,
                success=0.1) | changes
    other = build_spec([Config(seed="1")], args["axes"], args["seeds"], args["epochs"], args["success"])
    assert spec_difference(SPEC, other) == message
    assert spec_difference(SPEC, SPEC) is None


def test_a_new_file_then_appends_read_back_in_any_order(tmp_path):
    path = tmp_path / "r.jsonl"
    assert prepare(path, SPEC, resume=False) is None
    with ResultsFile.open(path, SPEC, ["spiral-tui", "sweep", "--seeds", "3"], None) as store:
        store.append([run(2, "s-1", 0.5), run(0, "s-3")])
        store.append([run(0, "s-1")])
    contents = read(path)
    assert contents.spec == SPEC and contents.command == ["spiral-tui", "sweep", "--seeds", "3"]
    assert set(contents.runs) == {(2, "s-1"), (0, "s-3"), (0, "s-1")} and not contents.finished
    assert contents.runs[(2, "s-1")] == run(2, "s-1", 0.5)
    assert contents.pending(SPEC) == [1, 3, 4, 5, 7, 8, 9, 10, 11]
    assert path.read_text().count("\n") == 4 and all(json.loads(line) for line in path.read_text().splitlines())


def test_a_cut_last_line_is_ignored_and_dropped_before_appending(tmp_path):
    path = tmp_path / "r.jsonl"
    with ResultsFile.open(path, SPEC, [], None) as store:
        store.append([run(0, "s-1"), run(0, "s-2")])
    whole = path.read_bytes()
    path.write_bytes(whole[:-40])  # the machine died in the middle of the last line
    contents = prepare(path, SPEC, resume=True)
    assert set(contents.runs) == {(0, "s-1")}
    with ResultsFile.open(path, SPEC, [], contents) as store:
        store.append([run(0, "s-2", 0.3)])
    back = read(path)
    assert back.runs[(0, "s-2")].train_loss == 0.3 and path.read_bytes().count(b"\n") == 3
    assert all(json.loads(line) for line in path.read_text().splitlines())


def test_refusals_are_one_line(tmp_path):
    path = tmp_path / "r.jsonl"
    with ResultsFile.open(path, SPEC, [], None):
        pass
    with pytest.raises(StoreError, match="exists: add --resume"):
        prepare(path, SPEC, resume=False)
    other = build_spec([Config(seed="1")], {"layers": [(1,), (3,)], "lr": [0.03, 0.1]}, member_seeds("s", 3), 25)
    with pytest.raises(StoreError, match=r"holds a different sweep \(epochs 20 in the file, 25 now\)"):
        prepare(path, other, resume=True)
    path.write_text(path.read_text() + "{oops\n" + json.dumps(member_record(SPEC, run(0, "s-1"))) + "\n")
    with pytest.raises(StoreError, match="line 2 is damaged"):
        read(path)
    path.write_text(json.dumps({"hello": 1}) + "\n")
    with pytest.raises(StoreError, match="not a spiral-tui sweep results file"):
        read(path)
    with pytest.raises(StoreError, match="No such file"):
        read(tmp_path / "missing.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert prepare(empty, SPEC, resume=False) is None  # nothing in it to lose


def test_the_learned_criterion_is_kept_and_older_files_count_by_the_loss():
    import dataclasses

    assert SPEC.success_accuracy == 0.94 and check_spec(spec_record(SPEC)).success_accuracy == 0.94
    old = spec_record(SPEC)
    del old["success_accuracy"]  # a file written before the accuracy criterion
    assert check_spec(old).success_accuracy is None and check_spec(old).criterion == "final test loss < 0.1"
    by_loss = dataclasses.replace(SPEC, success_accuracy=None)
    assert spec_difference(SPEC, by_loss) == ("learned: final test accuracy >= 0.94 in the file, "
                                              "final test loss < 0.1 now")
