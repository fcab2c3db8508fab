"""`spiral-tui train`: flags, URL, outputs, and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import json

import pytest

from tui_playground.cli import main

SPIRAL = ["--dataset", "spiral", "--features", "all", "--layers", "8,8", "--activation", "relu",
          "--lr", "0.01", "--reg", "L1", "--reg-rate", "0.001", "--batch", "1", "--seed", "7"]


def run_json(capsys, *args) -> dict:
    assert main(["train", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_reports_config_url_losses_history_and_speed(capsys):
    r = run_json(capsys, *SPIRAL, "--epochs", "30")
    assert r["config"]["layers"] == [8, 8] and r["config"]["seed"] == "7"
    assert r["config"]["features"] == ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]
    assert r["epochs"] == 30 and len(r["history"]) == 31 and r["history"][0][0] == 0
    assert r["history"][-1] == [30, r["train_loss"], r["test_loss"]]
    assert "networkShape=8,8" in r["url"] and "seed=7" in r["url"] and "regularization=L1" in r["url"]
    assert r["epochs_per_second"] > 0 and r["seconds"] > 0


def test_same_seed_same_numbers_other_seed_differs(capsys):
    a = run_json(capsys, *SPIRAL, "--epochs", "20")
    b = run_json(capsys, *SPIRAL, "--epochs", "20")
    c = run_json(capsys, *SPIRAL[:-1], "8", "--epochs", "20")
    assert a["history"] == b["history"] and a["history"] != c["history"]


def test_url_sets_the_experiment_and_flags_override_it(capsys):
    url = ("https://playground.tensorflow.org/#activation=sigmoid&batchSize=3&dataset=xor"
           "&networkShape=5&seed=abc&learningRate=0.1")
    r = run_json(capsys, "--url", url, "--batch", "4", "--epochs", "2")
    c = r["config"]
    assert (c["activation"], c["dataset"], c["layers"], c["seed"], c["lr"]) == ("sigmoid", "xor", [5], "abc", 0.1)
    assert c["batch"] == 4


def test_url_link_gives_the_browser_run(capsys):
    """The reference trajectory's setup, given as a link, reproduces the browser's losses."""
    link = "#activation=tanh&batchSize=10&dataset=circle&networkShape=4,2&seed=1&learningRate=0.03"
    r = run_json(capsys, "--url", link, "--epochs", "3")
    assert r["history"][1][1:] == [0.5067024551390913, 0.5071928325512183]


def test_every_and_csv(tmp_path, capsys):
    out = tmp_path / "loss.csv"
    r = run_json(capsys, "--seed", "1", "--epochs", "25", "--every", "10", "--csv", str(out))
    assert [row[0] for row in r["history"]] == [0, 10, 20, 25]
    rows = list(csv.reader(out.open()))
    assert rows[0][:3] == ["epoch", "train_loss", "test_loss"] and "test_accuracy" in rows[0]  # then the metrics
    assert [int(x[0]) for x in rows[1:]] == [0, 10, 20, 25]
    assert float(rows[-1][1]) == r["train_loss"]


def test_human_summary_and_plot(capsys):
    assert main(["train", "--seed", "1", "--epochs", "5", "--plot"]) == 0
    out = capsys.readouterr().out
    assert "epoch 5: train loss 0.4" in out and "seed 1" in out and "playground link: https://" in out
    plot = out.split("playground link:")[1]
    assert "train" in plot and "test" in plot and "epoch" in plot and "┤" in plot
    assert "\x1b[" not in plot  # not a terminal: no colour codes


def test_the_summary_names_a_speed_only_when_epochs_were_trained(capsys):
    assert main(["train", "--seed", "1", "--epochs", "0"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("epoch 0:"))
    assert line.endswith(" s)") and "epochs/s" not in line and ", )" not in line
    assert main(["train", "--seed", "1", "--epochs", "3"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("epoch 3:"))
    assert line.endswith(" epochs/s)")


def test_features_accept_playground_keys(capsys):
    r = run_json(capsys, "--features", "x,sinY", "--layers", "", "--epochs", "1", "--seed", "1")
    assert r["config"]["features"] == ["x1", "sinx2"] and r["config"]["layers"] == []


def test_regression_dataset_switches_problem(capsys):
    r = run_json(capsys, "--dataset", "reg-gauss", "--epochs", "1", "--seed", "1")
    assert r["config"]["problem"] == "regression" and r["config"]["reg_dataset"] == "reg-gauss"


@pytest.mark.parametrize("args, words", [
    (["--dataset", "moons"], "invalid choice: 'moons'"),
    (["--lr", "abc"], "--lr: expected a number, got 'abc'"),
    (["--layers", "9"], "1 to 8 neurons"),
    (["--layers", "1,1,1,1,1,1,1"], "at most 6 hidden layers"),
    (["--batch", "0"], "--batch: expected a whole number 1..30, got '0'"),
    (["--url", "https://example.com/#x=1"], "not a playground link"),
    (["--url", "#activation=bad"], "activation must be one of"),
    (["--csv", "/no/such/folder/out.csv"], "does not exist"),
    (["--epochs", "-3"], "expected a whole number >= 0, got '-3'"),
    (["--dataset", "circle", "--problem", "regression"], "circle is a classification data set"),
    (["--frobnicate"], "unrecognized arguments"),
])
def test_bad_input_is_one_line_and_exit_code_2(capsys, args, words):
    assert main(["train", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("spiral-tui: error: ") and words in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_unwritable_csv_fails_before_training(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    assert main(["train", "--csv", str(folder)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_diverging_run_ends_with_a_message(capsys):
    code = main(["train", "--dataset", "reg-plane", "--activation", "linear", "--lr", "10",
                 "--layers", "8,8", "--batch", "1", "--epochs", "500", "--seed", "d", "--json"])
    captured = capsys.readouterr()
    assert code == 1 and "diverged at epoch" in captured.err
    r = json.loads(captured.out)
    assert r["diverged"] is True and r["epochs"] < 500 and r["train_loss"] is None


def test_save_then_load_continues_like_an_unbroken_run(tmp_path, capsys):
    session = tmp_path / "run.json"
    unbroken = run_json(capsys, *SPIRAL, "--epochs", "30")
    run_json(capsys, *SPIRAL, "--epochs", "10", "--save", str(session))
    resumed = run_json(capsys, "--load", str(session), "--epochs", "20")
    assert resumed["epochs"] == 30 and resumed["history"][0][0] == 10
    assert resumed["history"] == unbroken["history"][10:]


def test_load_refuses_flags_that_would_change_data_or_network(tmp_path, capsys):
    session = tmp_path / "run.json"
    run_json(capsys, "--seed", "1", "--epochs", "1", "--save", str(session))
    assert main(["train", "--load", str(session), "--layers", "3", "--features", "all"]) == 2
    assert "only --activation, --lr" in capsys.readouterr().err
    assert main(["train", "--load", str(tmp_path / "missing.json")]) == 2
    assert "can't open session" in capsys.readouterr().err
    r = run_json(capsys, "--load", str(session), "--lr", "0.3", "--epochs", "1")
    assert r["config"]["lr"] == 0.3


def test_own_data_file_and_grid_export(tmp_path, capsys):
    data = tmp_path / "pts.csv"
    data.write_text("x,y,label\n" + "".join(f"{i},{(i * 7) % 11},{'in' if i % 3 else 'out'}\n" for i in range(60)))
    grid = tmp_path / "grid.csv"
    r = run_json(capsys, "--data", str(data), "--epochs", "5", "--seed", "1", "--export-grid", str(grid))
    assert r["data"] == "pts.csv" and r["config"]["problem"] == "classification"
    rows = list(csv.reader(grid.open()))
    assert rows[0] == ["x", "y", "output"] and len(rows) == 1 + 100 * 100
    assert rows[1][:2] == ["-6", "6"] and rows[-1][:2] == ["6", "-6"]
    assert all(-1 <= float(row[2]) <= 1 for row in rows[1:])


def test_bad_data_file_is_one_line_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,a\nfoo,3,b\n")
    assert main(["train", "--data", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 2: x is not a number" in err and err.count("\n") == 1
    assert main(["train", "--data", str(bad), "--dataset", "xor"]) == 2
    assert "give one" in capsys.readouterr().err
