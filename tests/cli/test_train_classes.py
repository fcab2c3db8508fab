"""`spiral-tui train --classes K`: K-class data sets, files, exports, sessions, errors."""

from __future__ import annotations

import csv
import json

import numpy as np
import onnxruntime
import pytest

from tui_playground.cli import main
from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.engine.features import feature_matrix
from tui_playground.engine.multiclass_reference import SoftmaxReferenceNet
from tui_playground.engine.training import Trainer


def run(capsys, *args) -> dict:
    assert main(["train", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_classes_switch_a_two_class_set_to_spiral_and_report_accuracy_and_confusion(capsys):
    r = run(capsys, "--classes", "4", "--layers", "8", "--seed", "c", "--epochs", "20")
    assert r["config"]["classes"] == 4 and r["config"]["dataset"] == "spiral" and "classes=4" in r["url"]
    train = np.array(r["confusion"]["train"])
    assert train.shape == (4, 4) and train.sum() == 250 and np.array(r["confusion"]["test"]).sum() == 250
    assert r["accuracy"]["train"] == pytest.approx(np.trace(train) / 250)
    trainer = Trainer(Config(seed="c", dataset="spiral", classes=4, layers=(8,)))
    trainer.step(20)
    assert r["train_loss"] == trainer.train_loss  # the same exact run
    assert np.bincount(trainer.data.train_y.astype(int), minlength=4).tolist() == train.sum(axis=1).tolist()


def test_blobs_defaults_to_three_classes_and_learns_them(capsys):
    r = run(capsys, "--dataset", "blobs", "--seed", "b", "--epochs", "40")
    assert r["config"]["classes"] == 3 and r["accuracy"]["test"] > 0.95
    r = run(capsys, "--dataset", "blobs", "--classes", "6", "--seed", "b", "--epochs", "1")
    assert len(r["confusion"]["test"]) == 6


def test_two_classes_report_no_class_metrics_and_keep_the_playground_link(capsys):
    r = run(capsys, "--dataset", "spiral", "--seed", "p", "--epochs", "2")
    assert "confusion" not in r and "classes" not in r["url"] and r["config"]["classes"] == 2


def test_human_summary_names_the_classes_and_the_accuracy(capsys):
    assert main(["train", "--dataset", "blobs", "--classes", "4", "--seed", "h", "--epochs", "5"]) == 0
    out = capsys.readouterr().out
    assert "blobs (4 classes" in out and "accuracy train" in out and "the playground ignores them" in out


@pytest.mark.parametrize("args, words", [
    (["--dataset", "circle", "--classes", "3"], "data set circle has 2 classes; with 3 classes use blobs or spiral"),
    (["--classes", "7"], "classes must be a whole number from 2 to 6 (got 7)"),
    (["--dataset", "blobs", "--classes", "2"], "data set blobs needs 3 to 6 classes"),
    (["--dataset", "reg-plane", "--classes", "3"], "3 classes need a classification problem"),
    (["--classes", "x"], "expected a whole number"),
])
def test_bad_class_settings_are_one_line_exit_2(capsys, args, words):
    assert main(["train", *args]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def write_points(path, labels):
    rng = np.random.default_rng(2)
    rows = [f"{x},{y},{labels[i % len(labels)]}" for i, (x, y) in enumerate(rng.uniform(-3, 3, (90, 2)))]
    path.write_text("x,y,label\n" + "\n".join(rows) + "\n")


def test_own_csv_with_k_labels(tmp_path, capsys):
    path = tmp_path / "three.csv"
    write_points(path, ["cat", "dog", "emu"])
    r = run(capsys, "--data", str(path), "--classes", "3", "--seed", "f", "--epochs", "3")
    assert r["config"]["classes"] == 3 and r["data"] == "three.csv" and len(r["confusion"]["train"]) == 3
    again = run(capsys, "--data", str(path), "--seed", "f", "--epochs", "3")  # the file says 3 classes
    assert again["config"] == r["config"] and again["history"] == r["history"]
    assert main(["train", "--data", str(path), "--classes", "4"]) == 2
    err = capsys.readouterr().err
    assert f"--classes 4, but {path} has 3 labels (cat, dog, emu)" in err and len(err.splitlines()) == 1


def test_exported_k_class_points_read_back(tmp_path, capsys):
    points = tmp_path / "points.csv"
    run(capsys, "--dataset", "blobs", "--classes", "5", "--seed", "x", "--epochs", "0", "--export-data", str(points))
    rows = list(csv.reader(points.open()))[1:]
    assert len(rows) == 500 and {r[2] for r in rows} == {"0", "1", "2", "3", "4"}
    r = run(capsys, "--data", str(points), "--classes", "5", "--no-rescale", "--seed", "x", "--epochs", "2")
    assert r["config"]["classes"] == 5


def test_exported_onnx_gives_the_k_probabilities_of_the_trained_network(tmp_path, capsys):
    model = tmp_path / "model.onnx"
    run(capsys, "--dataset", "spiral", "--classes", "3", "--features", "all", "--layers", "6,4", "--seed", "o",
        "--epochs", "15", "--export-model", str(model))
    trainer = Trainer(Config(seed="o", dataset="spiral", classes=3, features=FEATURE_NAMES, layers=(6, 4)))
    trainer.step(15)
    xy = np.random.default_rng(0).uniform(-6, 6, (300, 2))
    got = onnxruntime.InferenceSession(str(model)).run(None, {"xy": xy})[0]
    n = trainer.network
    ref = SoftmaxReferenceNet(n.sizes, n.W, n.B, n.dead, "tanh")
    expected = np.array([ref.forward(row) for row in feature_matrix(xy, trainer.config.features)])
    assert got.shape == (300, 3)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)


def test_a_k_class_session_continues_like_an_unbroken_run(tmp_path, capsys):
    session = tmp_path / "run.json"
    base = ["--dataset", "blobs", "--classes", "4", "--seed", "s", "--batch", "3"]
    unbroken = run(capsys, *base, "--epochs", "12")
    run(capsys, *base, "--epochs", "5", "--save", str(session))
    resumed = run(capsys, "--load", str(session), "--epochs", "7")
    assert resumed["history"] == unbroken["history"][5:] and resumed["confusion"] == unbroken["confusion"]
    assert main(["train", "--load", str(session), "--classes", "3"]) == 2
    assert "--classes" in capsys.readouterr().err


def test_a_link_with_classes_opens_the_k_class_run(capsys):
    first = run(capsys, "--dataset", "blobs", "--classes", "4", "--seed", "u", "--epochs", "3")
    again = run(capsys, "--url", first["url"], "--epochs", "3")
    assert again["config"] == first["config"] and again["history"] == first["history"]


def test_sweep_carries_classes(capsys):
    assert main(["sweep", "--dataset", "blobs", "--classes", "3", "5", "--seeds", "2", "--epochs", "5",
                 "--json"]) == 0
    variants = json.loads(capsys.readouterr().out)["variants"]
    assert [(v["label"], v["config"]["classes"], v["config"]["dataset"]) for v in variants] == [
        ("classes 3", 3, "blobs"), ("classes 5", 5, "blobs")]
    assert variants[0]["test_loss"]["median"] != variants[1]["test_loss"]["median"]

