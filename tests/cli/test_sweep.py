"""`spiral-tui sweep`: spec flags, JSON/CSV/table output, one-line errors before any work."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from tui_playground.cli import main
from tui_playground.config import Config
from tui_playground.engine.training import Trainer
from tui_playground.sweeps import report
from tui_playground.sweeps import runner as sweep_runner
from tui_playground.sweeps.presets import video

TINY = ["--dataset", "circle", "--layers", "1", "3", "--lr", "0.03", "0.3", "--batch", "5",
        "--seeds", "3", "--epochs", "8", "--success", "0.3"]


def run_json(capsys, *args) -> dict:
    assert main(["sweep", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The TINY sweep's JSON and CSV (run once for the module)."""
    out = tmp_path_factory.mktemp("sweep") / "members.csv"
    proc = subprocess.run([sys.executable, "-m", "tui_playground.cli", "sweep", *TINY, "--json", "--csv", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), list(csv.DictReader(out.open()))


def test_json_has_spec_variants_members_and_speed(tiny):
    r, _ = tiny
    assert set(r) >= {"spec", "variants", "members", "network_epochs_per_second", "seconds"}
    assert r["spec"]["varied"] == ["layers", "lr"] and r["spec"]["seeds"] == ["1-1", "1-2", "1-3"]
    assert r["spec"]["variants"] == [{"layers": [1], "lr": 0.03}, {"layers": [1], "lr": 0.3},
                                     {"layers": [3], "lr": 0.03}, {"layers": [3], "lr": 0.3}]
    assert r["spec"]["epochs"] == 8 and r["spec"]["success"] == 0.3 and r["spec"]["members"] == 12
    assert r["spec"]["success_accuracy"] is None and r["spec"]["learned"] == "final test loss < 0.3"
    assert len(r["variants"]) == 4 and len(r["members"]) == 12
    assert r["network_epochs_per_second"] > 0 and r["seconds"] > 0


def test_members_are_the_single_trainer_runs(tiny):
    r, _ = tiny
    for m in r["members"][::5]:
        config = Config.from_dict(r["variants"][m["variant"]]["config"]).replace(seed=m["seed"])
        losses = Trainer(config).step(8)
        assert [m["train_loss"], m["test_loss"]] == losses[-1].tolist()


def test_variant_stats_match_numbers_computed_from_the_members(tiny):
    r, _ = tiny
    for v in r["variants"]:
        ms = [m for m in r["members"] if m["variant"] == v["index"]]
        loss = np.array([m["test_loss"] for m in ms])
        q1, median, q3 = np.quantile(loss, [0.25, 0.5, 0.75])
        t = v["test_loss"]
        assert (t["q1"], t["median"], t["q3"]) == pytest.approx((q1, median, q3), rel=1e-12)
        assert t["best"] == loss.min() and v["best_seed"] == ms[int(loss.argmin())]["seed"]
        assert t["worst"] == loss.max() and v["worst_seed"] == ms[int(loss.argmax())]["seed"]
        assert v["learned"] == int((loss < 0.3).sum()) and v["learned_share"] == v["learned"] / 3
        firsts = [m["first_success_epoch"] for m in ms if m["first_success_epoch"] is not None]
        assert v["median_epochs_to_success"] == (float(np.median(firsts)) if firsts else None)
    assert any(v["learned"] for v in r["variants"]) and not all(v["learned"] == 3 for v in r["variants"])


def test_csv_has_one_row_per_member_with_a_playground_link(tiny):
    r, rows = tiny
    assert len(rows) == 12 and list(rows[0]) == report.CSV_HEADER
    for row, m in zip(rows, r["members"]):
        assert (int(row["variant"]), row["seed"], float(row["test_loss"])) == (m["variant"], m["seed"], m["test_loss"])
        assert row["learned"] == str(m["test_loss"] < 0.3).lower() == str(m["learned"]).lower()  # --success: by the loss
        assert row["diverged"] == "false" and float(row["test_accuracy"]) == m["test_accuracy"]
        assert float(row["train_accuracy"]) == m["train_accuracy"]
        assert f"seed={m['seed']}" in row["url"] and row["url"].startswith("https://playground.tensorflow.org/#")


def test_plain_table_when_not_a_terminal(capsys):
    assert main(["sweep", "--layers", "1", "2", "--seeds", "2", "--epochs", "3", "--seed", "t"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("layers"))
    assert lines[at].split() == ["layers", "median", "q1-q3", "best", "seed", "worst", "seed", "learned", "epochs",
                                "accuracy"]
    rows = [line.split() for line in lines[at + 1: at + 3]]
    assert [row[0] for row in rows] == ["1", "2"] and all(row[-3].endswith("/2") for row in rows)
    assert lines[at + 3] == ""
    assert "2 seeds (t-1, t-2) x 3 epochs" in out and "network-epochs/s" in lines[-1]
    assert "\x1b[" not in out


def test_preset_video_with_overrides(capsys):
    r = run_json(capsys, "--preset", "video", "--seeds", "1", "--epochs", "2", "--seed", "v")
    assert [v["config"]["layers"] for v in r["variants"]] == [list(s.config.layers) for s in video()]
    assert [v["caption"] for v in r["variants"]] == [s.caption for s in video()]
    assert r["spec"]["preset"] == "video" and r["spec"]["seeds"] == ["v-1"] and len(r["members"]) == 14
    r = run_json(capsys, "--preset", "video", "--seeds", "1", "--epochs", "1", "--batch", "10", "--layers", "2")
    assert [(v["config"]["dataset"], v["config"]["batch"]) for v in r["variants"]] == [("circle", 10), ("spiral", 10)]


def test_seed_list_and_url_base(capsys):
    link = "#activation=sigmoid&dataset=xor&networkShape=3&seed=lnk"
    r = run_json(capsys, "--url", link, "--seeds", "2", "--epochs", "1")
    assert r["spec"]["seeds"] == ["lnk-1", "lnk-2"] and r["variants"][0]["config"]["activation"] == "sigmoid"
    r = run_json(capsys, "--seed-list", "a", "b c", "--epochs", "1")
    assert r["spec"]["seeds"] == ["a", "b c"]


@pytest.mark.parametrize("args, message", [
    (["--layers", "9"], "each hidden layer has 1 to 8 neurons"),
    (["--layers", "8,x"], "layers must be a comma list"),
    (["--dataset", "spirl"], "invalid choice: 'spirl'"),
    (["--activation", "gelu"], "activation must be one of relu, tanh, sigmoid, linear, leaky-relu, elu, swish, softplus, sine, gaussian (got 'gelu')"),
    (["--features", "x1,x9"], "feature must be one of"),
    (["--lr", "fast"], "expected a number"),
    (["--batch", "31"], "--batch: expected a whole number 1..30, got '31'"),
    (["--noise", "80"], "--noise: expected a whole number 0..50, got '80'"),
    (["--seeds", "0"], "--seeds: expected a whole number >= 1, got '0'"),
    (["--seeds", "2001"], "at most 2000"),
    (["--layers", "1", "2", "3", "4", "5", "6", "7", "8", "--lr", *map(str, range(1, 27))], "at most 2000"),
    (["--epochs", "0"], "epochs must be at least 1"),
    (["--success", "-1"], "success threshold"),
    (["--preset", "movie"], "invalid choice: 'movie'"),
    (["--preset", "video", "--url", "#seed=1"], "cannot be combined"),
    (["--seed-list", "a", "--seeds", "3"], "--seed-list"),
    (["--csv", "/nonexistent-dir/x.csv"], "does not exist"),
    (["--workers", "0"], "--workers: expected a whole number >= 1, got '0'"),
    (["--csv", ""], "--csv: an empty file name"),
    (["--see", "3"], "unrecognized arguments: --see 3"),
    (["--bogus"], "unrecognized arguments: --bogus"),
])
def test_bad_specs_give_one_line_and_exit_2_before_any_work(args, message, capsys, monkeypatch):
    monkeypatch.setattr(sweep_runner, "train_members", lambda *a, **k: pytest.fail("work started"))
    assert main(["sweep", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("spiral-tui: error: ") and captured.err.count("\n") == 1
    assert message in captured.err


def test_unwritable_csv_fails_before_work(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sweep_runner, "train_members", lambda *a, **k: pytest.fail("work started"))
    assert main(["sweep", "--csv", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_diverged_members_show_as_diverged_not_nan(capsys):
    r = run_json(capsys, "--dataset", "reg-gauss", "--activation", "relu", "--lr", "10", "--batch", "1",
                 "--layers", "8,8", "--seeds", "2", "--epochs", "3")
    assert all(m["diverged"] and m["test_loss"] is None and m["epochs"] < 3 for m in r["members"])
    v = r["variants"][0]
    assert v["diverged"] == 2 and v["test_loss"]["median"] is None and v["learned"] == 0
    assert main(["sweep", "--dataset", "reg-gauss", "--activation", "relu", "--lr", "10", "--batch", "1",
                 "--layers", "8,8", "--seeds", "2", "--epochs", "3"]) == 0
    assert "diverged" in capsys.readouterr().out


def test_classification_is_learned_by_test_accuracy_unless_a_loss_is_given(capsys):
    args = ["--dataset", "circle", "xor", "reg-plane", "--layers", "3", "--seeds", "4", "--epochs", "30", "--lr", "0.1"]
    r = run_json(capsys, *args, "--success-accuracy", "0.9")
    assert r["spec"]["learned"] == "final test accuracy >= 0.9 (classification), final test loss < 0.1 (regression)"
    for m in r["members"]:
        regression = r["variants"][m["variant"]]["config"]["problem"] == "regression"
        assert m["learned"] == (m["test_loss"] < 0.1 if regression else m["test_accuracy"] >= 0.9)
    assert [v["learned"] for v in r["variants"]] == [
        sum(m["learned"] for m in r["members"] if m["variant"] == v["index"]) for v in r["variants"]]
    assert main(["sweep", *args, "--success", "0.2", "--success-accuracy", "0.9"]) == 2
    assert "give one" in capsys.readouterr().err
    assert "learned = final test accuracy >= 0.94" in (main(["sweep", "--seeds", "1", "--epochs", "2"]) or
                                                        capsys.readouterr().out)


def test_data_sweeps_your_file_with_the_classes_its_labels_say(capsys):
    from pathlib import Path

    penguins = str(Path(__file__).parents[2] / "examples" / "penguins.csv")
    r = run_json(capsys, "--data", penguins, "--layers", "4", "8", "--seeds", "2", "--epochs", "5")
    assert {v["config"]["classes"] for v in r["variants"]} == {3}
    assert {v["config"]["data_file"] for v in r["variants"]} == {penguins}
    assert all(0 <= m["test_accuracy"] <= 1 for m in r["members"])
    assert main(["sweep", "--data", penguins, "--classes", "2", "--seeds", "1", "--epochs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--classes 2, but" in err and "has 3 labels (Adelie, Chinstrap, Gentoo)" in err
