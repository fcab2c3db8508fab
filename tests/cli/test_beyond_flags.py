"""Flags beyond the playground on `train` and `sweep`: they reach the run,
`train` says why it stopped and reports metrics, bad values are one line, exit 2."""

from __future__ import annotations

import csv
import json

import pytest

from tui_playground.cli import main

ADAM_CE = ["--dataset", "spiral", "--features", "all", "--layers", "8,8", "--batch", "1", "--lr", "0.01",
           "--optimizer", "adam", "--loss", "cross-entropy", "--seed", "1"]


def run_json(capsys, *args) -> dict:
    assert main(["train", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_flags_reach_the_config_and_the_link(capsys):
    from tui_playground.engine import compiled

    loaded = compiled.ready("general") is not None  # else a job this small trains uncompiled, settings beyond or not
    r = run_json(capsys, *ADAM_CE, "--activation", "elu,tanh", "--beta2", "0.99", "--lr-schedule", "exp:0.99",
                 "--epochs", "3")
    c = r["config"]
    assert (c["optimizer"], c["loss"], c["activation"], c["beta2"], c["lr_schedule"]) == (
        "adam", "cross-entropy", "elu,tanh", 0.99, "exp:0.99")
    assert r["url"].endswith("&activations=elu,tanh&loss=cross-entropy&optimizer=adam&beta2=0.99&lrSchedule=exp:0.99")
    assert r["learning_rate"] == pytest.approx(0.01 * 0.99**3, rel=1e-15)
    assert r["stopped_because"] == "epochs" and r["kernel"] == ("compiled" if loaded else "numpy")


def test_until_loss_stops_and_says_so_with_metrics_for_every_history_row(capsys):
    r = run_json(capsys, *ADAM_CE, "--epochs", "300", "--until-loss", "0.05")
    assert r["stopped_because"] == "until-loss" and r["epochs"] < 300
    assert r["test_loss"] <= 0.05 < r["history"][-2][2]
    assert len(r["history_metrics"]) == len(r["history"])
    last = r["history_metrics"][-1]
    assert last["test_accuracy"] == r["metrics"]["test"]["accuracy"] > 0.9
    test = r["metrics"]["test"]
    assert test["tp"] + test["fn"] + test["fp"] + test["tn"] == 250


def test_max_epochs_and_patience(capsys):
    assert run_json(capsys, "--seed", "1", "--epochs", "50", "--max-epochs", "7")["epochs"] == 7
    r = run_json(capsys, "--seed", "1", "--epochs", "500", "--lr", "10", "--activation", "linear", "--batch", "1",
                 "--patience", "3")
    assert r["stopped_because"] == "patience" and r["epochs"] < 500


def test_csv_history_has_metric_columns(tmp_path, capsys):
    path = tmp_path / "loss.csv"
    assert main(["train", "--dataset", "reg-plane", "--seed", "2", "--epochs", "4", "--every", "2",
                 "--csv", str(path)]) == 0
    rows = list(csv.DictReader(path.open()))
    assert [r["epoch"] for r in rows] == ["0", "2", "4"]
    assert {"train_rmse", "test_rmse", "train_r2", "test_r2"} <= set(rows[0])
    assert float(rows[-1]["test_rmse"]) < float(rows[0]["test_rmse"])


def test_summary_names_the_settings_and_the_reason(capsys):
    assert main(["train", *ADAM_CE, "--epochs", "300", "--until-loss", "0.05"]) == 0
    out = capsys.readouterr().out
    assert "beyond the playground: loss cross-entropy; adam (beta1 0.9, beta2 0.999, eps 1e-08)" in out
    assert "stopped by until-loss" in out and "accuracy: train" in out


@pytest.mark.parametrize("args, words", [
    (["--loss", "hinge"], "invalid choice: 'hinge' (choose from 'square', 'cross-entropy')"),
    (["--optimizer", "nadam"], "(choose from 'sgd', 'momentum', 'rmsprop', 'adam')"),
    (["--activation", "relu,mish"], "activation must be one of relu, tanh, sigmoid, linear, leaky-relu, elu"),
    (["--activation", "relu,tanh,elu"], "has 3 names for 2 hidden layers"),
    (["--lr-schedule", "warmup:3"], "must be one of constant, step:EVERY:FACTOR, exp:RATE, cosine:EPOCHS"),
    (["--optimizer", "adam", "--beta1", "1"], "adam beta1 must be a number >= 0 and < 1"),
    (["--loss", "cross-entropy", "--dataset", "reg-plane"], "cross-entropy is for classification"),
    (["--patience", "0"], "--patience: expected a whole number >= 1"),
    (["--eps", "0"], "eps must be a number > 0"),
])
def test_bad_values_are_one_line_and_exit_2(capsys, args, words):
    assert main(["train", *args, "--epochs", "1"]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and err.startswith("spiral-tui: error:")


def test_sweep_sweeps_the_new_settings_and_shows_median_accuracy(capsys):
    assert main(["sweep", "--dataset", "circle", "--optimizer", "sgd", "adam", "--loss", "square", "cross-entropy",
                 "--seeds", "2", "--epochs", "20", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["spec"]["varied"] == ["loss", "optimizer"]
    assert [(v["config"]["loss"], v["config"]["optimizer"]) for v in r["variants"]] == [
        ("square", "sgd"), ("square", "adam"), ("cross-entropy", "sgd"), ("cross-entropy", "adam")]
    for v in r["variants"]:
        accs = sorted(m["test_accuracy"] for m in r["members"] if m["variant"] == v["index"])
        assert v["median_test_accuracy"] == pytest.approx(sum(accs) / 2)  # the median of two


def test_sweep_rejects_a_cross_entropy_regression_variant(capsys):
    assert main(["sweep", "--dataset", "reg-plane", "--loss", "cross-entropy", "--seeds", "1", "--epochs", "1"]) == 2
    assert "cross-entropy is for classification" in capsys.readouterr().err
