"""`train --export-data` and `train --export-model`: what is written, and one-line errors."""

from __future__ import annotations

import csv
import json
import math
import sys

import numpy as np
import onnxruntime
import pytest

from tui_playground.cli import main
from tui_playground.config import DATASETS, FEATURE_NAMES, Config
from tui_playground.engine.datafile import load_points
from tui_playground.engine.model_export import load_npz, predict
from tui_playground.engine.training import Trainer

RUN = ["--dataset", "xor", "--features", "all", "--layers", "5,3", "--activation", "relu", "--seed", "e",
       "--epochs", "12"]


def run(capsys, *args) -> dict:
    assert main(["train", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("dataset", DATASETS)
def test_export_data_writes_every_generated_point_exactly_with_its_split(tmp_path, capsys, dataset):
    path = tmp_path / "points.csv"
    run(capsys, "--dataset", dataset, "--seed", "s1", "--noise", "20", "--train-pct", "30", "--epochs", "0",
        "--export-data", str(path))
    rows = list(csv.reader(path.open()))
    assert rows[0] == ["x", "y", "label", "split", "plane_x", "plane_y"]
    assert all(r[:2] == r[4:] for r in rows[1:])  # a generated set's own units are the plane's
    data = Trainer(Config(seed="s1", noise=20, train_pct=30).with_data(dataset)).data
    expected = [(x, y, label, split) for split, xy, labels in (("train", data.train_xy, data.train_y),
                                                                ("test", data.test_xy, data.test_y))
                for (x, y), label in zip(xy, labels)]
    assert len(rows) - 1 == len(expected) and sum(r[3] == "train" for r in rows[1:]) == math.floor(len(expected) * 0.3)
    assert [(float(x), float(y), float(label), split) for x, y, label, split, _, _ in rows[1:]] == expected


def test_exported_points_read_back_with_data_are_the_same_points(tmp_path, capsys):
    path = tmp_path / "points.csv"
    run(capsys, "--dataset", "spiral", "--seed", "7", "--noise", "10", "--epochs", "0", "--export-data", str(path))
    rows = list(csv.reader(path.open()))[1:]
    assert {r[2] for r in rows} == {"-1", "1"}
    back = load_points(str(path), rescale=False)
    assert back.problem == "classification"
    assert sorted(back.points) == sorted((float(x), float(y), float(label)) for x, y, label, *_ in rows)
    r = run(capsys, "--data", str(path), "--no-rescale", "--epochs", "3", "--seed", "7")
    assert r["data"] == "points.csv" and r["epochs"] == 3


def test_export_model_npz_holds_the_trained_weights(tmp_path, capsys):
    path = tmp_path / "model.npz"
    run(capsys, *RUN, "--export-model", str(path))
    trainer = Trainer(Config(seed="e", dataset="xor", features=FEATURE_NAMES, layers=(5, 3), activation="relu"))
    trainer.step(12)
    spec = load_npz(path)
    assert spec.activations == ("relu", "relu", "tanh") and spec.features[-1] == "sinx2"
    for l in range(3):
        np.testing.assert_array_equal(spec.weights[l], trainer.network.weights(l))
        np.testing.assert_array_equal(spec.biases[l], trainer.network.biases(l))


def test_export_model_onnx_predicts_like_the_npz_of_the_same_run(tmp_path, capsys):
    run(capsys, *RUN, "--export-model", str(tmp_path / "model.onnx"))
    run(capsys, *RUN, "--export-model", str(tmp_path / "model.npz"))
    xy = np.random.default_rng(1).uniform(-6, 6, (500, 2))
    session = onnxruntime.InferenceSession(str(tmp_path / "model.onnx"))
    got = session.run(None, {"xy": xy})[0]
    np.testing.assert_allclose(got, predict(load_npz(tmp_path / "model.npz"), xy), rtol=0, atol=1e-9)


@pytest.mark.parametrize("name, words", [("model.txt", "ends in .npz or .onnx"), ("model", "ends in .npz or .onnx"),
                                         ("no/such/folder/m.npz", "does not exist")])
def test_a_bad_model_path_is_one_line_exit_2_before_training(tmp_path, capsys, name, words):
    assert main(["train", "--export-model", str(tmp_path / name), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("spiral-tui: error: --export-model") and words in err
    assert err.count("\n") == 1 and list(tmp_path.iterdir()) == []


def test_onnx_without_the_package_says_how_to_get_it_and_trains_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)
    assert main(["train", "--export-model", str(tmp_path / "m.onnx"), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "pip install 'spiral-tui[onnx]'" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
    run(capsys, "--export-model", str(tmp_path / "m.npz"), "--epochs", "1")  # .npz needs no extra
    assert load_npz(tmp_path / "m.npz").activations == ("tanh", "tanh", "tanh")
