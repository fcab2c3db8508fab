"""The .npz model file: arrays in, arrays out, and the ten lines of NumPy in docs/data.md."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from model_helpers import k_class_network, random_points, reference_outputs, reference_probabilities, trained

from tui_playground.config import ACTIVATIONS, FEATURE_NAMES
from tui_playground.engine.model_export import ModelFileError, load_npz, model_spec, npz_bytes, predict

README = Path(__file__).parents[2] / "docs/data.md"  # the snippet lives in the user guide


def test_the_spec_holds_copies_of_the_live_weights_layer_by_layer():
    trainer = trained(layers=(3, 2), features=("x1", "x2", "x1x2"))
    spec = model_spec(trainer.network, trainer.config)
    assert spec.features == ("x1", "x2", "x1x2") and spec.activations == ("tanh", "tanh", "tanh")
    assert [w.shape for w in spec.weights] == [(3, 3), (3, 2), (2, 1)] and [b.shape for b in spec.biases] == [(3,), (2,), (1,)]
    np.testing.assert_array_equal(spec.weights[1], trainer.network.W[1, :3, :2])
    spec.weights[0][0, 0] = 99.0
    assert trainer.network.W[0, 0, 0] != 99.0


def test_npz_round_trips_exactly_without_pickle(tmp_path):
    trainer = trained(problem="regression", reg_dataset="reg-gauss", activation="relu", layers=(5,))
    spec = model_spec(trainer.network, trainer.config)
    path = tmp_path / "model.npz"
    path.write_bytes(npz_bytes(spec))
    with np.load(path, allow_pickle=False) as f:
        assert sorted(f.files) == ["activations", "biases_0", "biases_1", "classes", "features", "label_range",
                                   "offset", "scale", "weights_0", "weights_1"]
        assert list(f["activations"]) == ["relu", "linear"] and f["classes"].shape == (0,)
    back = load_npz(path)
    assert back.features == spec.features and back.activations == spec.activations
    assert (back.offset, back.scale, back.classes, back.label_range) == ((0, 0), (1, 1), (), (-1, 1))
    for a, b in zip(back.weights + back.biases, spec.weights + spec.biases):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("layers", [(), (4, 2)])
def test_predict_equals_the_exact_network(activation, layers):
    trainer = trained(activation=activation, layers=layers, features=FEATURE_NAMES, dataset="spiral")
    xy = random_points()
    got = predict(model_spec(trainer.network, trainer.config), xy)
    np.testing.assert_allclose(got, reference_outputs(trainer, xy), rtol=0, atol=1e-12)


def test_a_file_that_is_not_a_model_is_one_line(tmp_path):
    bad = tmp_path / "x.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match="not a spiral-tui model file") as err:
        load_npz(bad)
    assert "\n" not in str(err.value)


def readme_snippet() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Data and model out", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def run_readme_snippet(spec, tmp_path, monkeypatch, xy: np.ndarray) -> np.ndarray:
    """Write `spec` as model.npz, run the lines of docs/data.md on it, predict at xy."""
    (tmp_path / "model.npz").write_bytes(npz_bytes(spec))
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(readme_snippet(), "docs/data.md", "exec"), namespace)
    return namespace["predict"](xy[:, 0], xy[:, 1])


def test_the_readme_snippet_is_sixteen_lines_of_plain_numpy():
    code = readme_snippet()
    lines = [ln for ln in code.splitlines() if ln.strip()]
    assert len(lines) <= 16 and "tui_playground" not in code
    assert "import numpy as np" in code and code.count("import") == 1


# Every activation in each hidden layer: layer 1 takes ACTIVATIONS[i], layer 2 the next one.
PER_LAYER = [f"{a},{ACTIVATIONS[(i + 1) % len(ACTIVATIONS)]}" for i, a in enumerate(ACTIVATIONS)]


@pytest.mark.parametrize("activations", PER_LAYER)
def test_the_readme_snippet_predicts_like_the_trainer_for_every_activation_per_layer(activations, tmp_path, monkeypatch):
    trainer = trained(activation=activations, layers=(6, 3), features=FEATURE_NAMES, dataset="xor")
    assert trainer.config.hidden_activations == tuple(activations.split(","))
    xy = random_points()
    got = run_readme_snippet(model_spec(trainer.network, trainer.config), tmp_path, monkeypatch, xy)
    np.testing.assert_allclose(got, reference_outputs(trainer, xy), rtol=0, atol=1e-12)


def test_the_readme_snippet_predicts_regression_outputs(tmp_path, monkeypatch):
    trainer = trained(problem="regression", reg_dataset="reg-gauss", activation="swish", layers=(5,),
                      features=FEATURE_NAMES)
    assert model_spec(trainer.network, trainer.config).activations[-1] == "linear"
    xy = random_points()
    got = run_readme_snippet(model_spec(trainer.network, trainer.config), tmp_path, monkeypatch, xy)
    np.testing.assert_allclose(got, reference_outputs(trainer, xy), rtol=0, atol=1e-12)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_k_classes_predict_the_reference_probabilities_and_the_readme_lines_too(activation, tmp_path, monkeypatch):
    net, config = k_class_network(5, activation, (6, 4))
    spec = model_spec(net, config)
    assert spec.activations == (activation, activation, "softmax")
    xy = random_points()
    expected = reference_probabilities(net, config, xy)
    np.testing.assert_allclose(predict(spec, xy), expected, rtol=0, atol=1e-12)
    got = run_readme_snippet(spec, tmp_path, monkeypatch, xy)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got.sum(axis=1), 1.0, rtol=0, atol=1e-12)
