"""Hostile flag values (issue 11): one line naming the problem and the allowed
range, exit code 2, nothing trained; what is echoed back is printable and short."""

from __future__ import annotations

import json
import os

import pytest

from tui_playground.cli import main

LONG = "9" * 100_000


@pytest.mark.parametrize("argv, words", [
    (["train", "--every", "0"], "--every: expected a whole number >= 1, got '0'"),
    (["train", "--batch", "-5"], "--batch: expected a whole number 1..30, got '-5'"),
    (["train", "--noise", "51"], "--noise: expected a whole number 0..50, got '51'"),
    (["train", "--train-pct", "5"], "--train-pct: expected a whole number 10..90, got '5'"),
    (["train", "--ep", "3"], "unrecognized arguments: --ep 3"),
    (["sweep", "--epoch", "3"], "unrecognized arguments: --epoch 3"),
    (["tour", "--step", "3"], "unrecognized arguments: --step 3"),
    (["--max-kbps", "0"], "--max-kbps: expected a number > 0, got '0'"),
    (["--max-kbps", "-1"], "--max-kbps: expected a number > 0, got '-1'"),
    (["--max-kbps", "nan"], "--max-kbps: expected a number > 0, got 'nan'"),
    (["tour", "--max-kbps", "inf"], "--max-kbps: expected a number > 0, got 'inf'"),
    (["--max-k", "10"], "unrecognized arguments: --max-k 10"),
    (["trian"], "unknown command 'trian'; the commands are train, sweep, tour"),
    (["--data", ""], "--data: an empty file name"),
    (["--load", ""], "--load: an empty file name"),
    (["train", "--url", ""], "--url: an empty link"),
    (["train", "--url", "https://evil.example/#seed=1"], "not a playground link"),
    (["train", "--json", "--plot"], "--json prints only the JSON on stdout"),
    (["train", "--epochs", "1000000000"], "would record 1,000,000,000 history rows; at most 10,000,000"),
    (["train", "--seed", "a\x1b[2Jb"], "seed must be at most 200 printable characters (got 'a\\x1b[2Jb')"),
    (["train", "--seed", "bad\udcff"], "seed must be at most 200 printable characters (got 'bad\\udcff')"),
    (["sweep", "--seed-list", "ok", "x\x07"], "seed must be at most 200 printable characters"),
])
def test_bad_values_are_one_line_exit_2(argv, words, capsys):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and words in err, err
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.parametrize("argv", [
    ["train", "--noise", LONG],
    ["train", "--dataset", LONG],
    ["train", "--url", "#seed=" + LONG],
    ["train", "--layers", LONG],
    ["train", "--data", "/no/such/" + "d" * 5000 + "/p.csv"],
    ["sweep", "--lr", "1", LONG],
])
def test_echoed_input_is_cut_to_a_readable_length(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and len(err) < 450, err[:500]


def test_train_summary_shows_a_file_name_with_control_characters_escaped(tmp_path, capsys):
    path = tmp_path / "evil\x1b[2J.csv"
    path.write_text("".join(f"{i},{i % 3},{i % 2}\n" for i in range(20)))
    assert main(["train", "--data", str(path), "--epochs", "1", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "evil\\x1b[2J.csv" in out


def test_json_is_the_only_thing_on_stdout(capsys):
    assert main(["train", "--epochs", "2", "--seed", "1", "--json"]) == 0
    json.loads(capsys.readouterr().out)  # one JSON document, nothing after it


def test_an_output_that_fails_after_training_is_one_line_and_the_results_are_still_shown(tmp_path, capsys,
                                                                                          monkeypatch):
    import tui_playground.files.exports as exports

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    out = tmp_path / "loss.csv"
    monkeypatch.setattr(exports.os, "fsync", disk_full)  # checked fine before training, fails at the end
    assert main(["train", "--epochs", "2", "--seed", "1", "--json", "--csv", str(out)]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["epochs"] == 2
    assert captured.err.splitlines() == [f"spiral-tui: error: can't write --csv {out}: No space left on device"]
    assert os.listdir(tmp_path) == []
