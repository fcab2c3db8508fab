"""Your data in, the right model out (issue 23): a CSV in its own units with named
labels trains, and the exported model and points speak those units and names."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest

from tui_playground.cli.app import main
from tui_playground.engine.model_export import load_npz, predict

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
DATA_DOCS = ROOT / "docs/data.md"  # the user guide's page on data and models
RUN = ["--seed", "3", "--epochs", "150", "--layers", "8,4"]


def train(capsys, *args) -> dict:
    assert main(["train", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def rows_of(path: Path) -> list[list[str]]:
    lines = [ln for ln in path.read_text().splitlines() if ln and not ln.startswith("#")]
    return [r for r in csv.reader(lines)][1:]


def python_blocks() -> list[str]:
    """The ```python blocks of the data and models page, in order."""
    return re.findall(r"```python\n(.*?)```", DATA_DOCS.read_text(encoding="utf-8"), re.S)


def numpy_lines() -> str:
    """The docs' NumPy lines that run a model.npz (the block that loads one)."""
    return next(b for b in python_blocks() if 'np.load("model.npz")' in b)


def onnx_names(path: Path, xy: np.ndarray) -> np.ndarray:
    """Each point's class name by onnxruntime, from the names in the model's metadata."""
    names = np.array(json.loads({p.key: p.value for p in onnx.load(path).metadata_props}["classes"]))
    out = onnxruntime.InferenceSession(str(path)).run(None, {"xy": xy})[0]
    return names[out.argmax(1) if out.shape[1] > 1 else (out[:, 0] >= 0).astype(int)]


@pytest.mark.parametrize("name, accuracy", [("survey.csv", "metrics"), ("penguins.csv", "accuracy")])
def test_the_model_runs_on_the_files_own_coordinates_and_names(tmp_path, capsys, name, accuracy):
    source = EXAMPLES / name
    model, points = tmp_path / "model.onnx", tmp_path / "points.csv"
    r = train(capsys, "--data", str(source), *RUN, "--export-model", str(model), "--export-data", str(points))
    own = rows_of(source)
    assert abs(float(own[0][0])) > 30  # far from the plane's [-6, 6]
    assert r["class_names"] == sorted({row[2] for row in own})
    exported = rows_of(points)  # x, y, label, split, plane_x, plane_y: the file's own rows, names and all
    assert sorted(row[:3] for row in exported) == sorted([repr(float(x)), repr(float(y)), label] for x, y, label in own)
    train_rows = [row for row in exported if row[3] == "train"]
    xy = np.array([[float(x), float(y)] for x, y, *_ in train_rows])
    right = onnx_names(model, xy) == np.array([row[2] for row in train_rows])
    reported = r["metrics"]["train"]["accuracy"] if accuracy == "metrics" else r["accuracy"]["train"]
    assert right.mean() == pytest.approx(reported, abs=1e-12) and reported > 0.8


def test_the_npz_holds_the_rescale_and_the_names_and_predicts_like_the_onnx(tmp_path, capsys):
    source = str(EXAMPLES / "survey.csv")
    train(capsys, "--data", source, *RUN, "--export-model", str(tmp_path / "m.npz"))
    train(capsys, "--data", source, *RUN, "--export-model", str(tmp_path / "m.onnx"))
    spec = load_npz(tmp_path / "m.npz")
    assert spec.classes == ("clay", "sand") and spec.scale[0] == spec.scale[1] and spec.offset[0] > 4000
    xy = np.array([[float(x), float(y)] for x, y, _ in rows_of(EXAMPLES / "survey.csv")])
    got = onnxruntime.InferenceSession(str(tmp_path / "m.onnx")).run(None, {"xy": xy})[0]
    np.testing.assert_allclose(got, predict(spec, xy), rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", ["survey.csv", "penguins.csv"])
def test_exported_points_read_back_with_data_are_the_same_run(tmp_path, capsys, name):
    points = tmp_path / "points.csv"
    first = train(capsys, "--data", str(EXAMPLES / name), *RUN, "--export-data", str(points),
                  "--export-model", str(tmp_path / "a.npz"))
    again = train(capsys, "--data", str(points), *RUN, "--export-model", str(tmp_path / "b.npz"))
    assert again["history"] == first["history"] and again["class_names"] == first["class_names"]
    a, b = load_npz(tmp_path / "a.npz"), load_npz(tmp_path / "b.npz")
    assert (a.offset, a.scale, a.classes) == (b.offset, b.scale, b.classes)
    for wa, wb in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(wa, wb)


@pytest.mark.parametrize("name", ["survey.csv", "penguins.csv"])
def test_the_docs_numpy_lines_give_the_training_accuracy_on_the_files_own_coordinates(
        tmp_path, capsys, monkeypatch, name):
    points = tmp_path / "points.csv"
    r = train(capsys, "--data", str(EXAMPLES / name), *RUN, "--export-model", str(tmp_path / "model.npz"),
              "--export-data", str(points))
    train_rows = [row for row in rows_of(points) if row[3] == "train"]
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(numpy_lines(), str(DATA_DOCS), "exec"), namespace)
    x, y = (np.array([float(row[k]) for row in train_rows]) for k in (0, 1))
    right = namespace["label"](x, y) == np.array([row[2] for row in train_rows])
    reported = r["metrics"]["train"]["accuracy"] if name == "survey.csv" else r["accuracy"]["train"]
    assert right.mean() == pytest.approx(reported, abs=1e-12)


def test_the_docs_round_trip_prints_the_accuracy_the_docs_say(tmp_path):
    """The page's survey commands, then its onnxruntime lines, from a copy of the examples."""
    text = DATA_DOCS.read_text(encoding="utf-8")
    commands = [ln.split()[1:] for ln in re.findall(r"^spiral-tui train --data (?:examples/survey\.csv|survey-points).*$",
                                                    text, re.M)]
    assert len(commands) == 2
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "survey.csv").write_text((EXAMPLES / "survey.csv").read_text())
    outputs = [subprocess.run([sys.executable, "-m", "tui_playground.cli", *c], cwd=tmp_path, capture_output=True,
                              text=True, check=True).stdout for c in commands]
    results = [re.sub(r"\s+\(\S+ s, .*?\)", "", out).splitlines()[2:4] for out in outputs]  # without the timing
    assert "train 99.3%, test 96.0%" in outputs[0] and results[0] == results[1]
    snippet = next(b for b in python_blocks() if "onnxruntime.InferenceSession" in b)
    printed = subprocess.run([sys.executable, "-c", snippet], cwd=tmp_path, capture_output=True, text=True,
                             check=True).stdout.strip()
    said = re.search(r"# (0\.\d+): (\d+) of (\d+) points", snippet)
    assert f"{float(printed):.4f}" == said.group(1) and round(float(printed) * int(said.group(3))) == int(said.group(2))


def test_the_summary_prints_the_confusion_matrix_as_the_app_does_with_names(capsys):
    args = ["--data", str(EXAMPLES / "survey.csv"), *RUN]
    te = train(capsys, *args)["metrics"]["test"]
    assert main(["train", *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("test confusion (rows: true class, columns: predicted):")
    assert lines[at + 1].split() == ["clay", "sand"]  # -1 (orange) first, as in the app
    assert lines[at + 2].split() == ["true", "clay", str(te["tn"]), str(te["fp"])]
    assert lines[at + 3].split() == ["true", "sand", str(te["fn"]), str(te["tp"])]


def test_a_regression_file_exports_its_own_labels_and_reads_back_to_the_same_run(tmp_path, capsys):
    points = tmp_path / "points.csv"
    first = train(capsys, "--data", str(EXAMPLES / "waves.csv"), *RUN, "--export-data", str(points))
    assert first["class_names"] == []
    own = rows_of(EXAMPLES / "waves.csv")
    assert sorted((float(x), float(y), float(v)) for x, y, v, *_ in rows_of(points)) == sorted(
        (float(x), float(y), float(v)) for x, y, v in own)
    assert train(capsys, "--data", str(points), *RUN)["history"] == first["history"]
