"""The ONNX graph: raw points in, features inside, onnxruntime agrees with spiral-tui."""

from __future__ import annotations

import sys

import numpy as np
import onnxruntime
import pytest
from model_helpers import grid_points, k_class_network, reference_outputs, reference_probabilities, trained

from tui_playground.config import ACTIVATIONS, FEATURE_NAMES
from tui_playground.engine.model_export import model_spec
from tui_playground.engine.onnx_export import OnnxMissing, onnx_bytes, onnx_model


def run_onnx(trainer, xy: np.ndarray) -> np.ndarray:
    session = onnxruntime.InferenceSession(onnx_bytes(model_spec(trainer.network, trainer.config)))
    return session.run(["output"], {"xy": xy})[0]


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("layers", [(), (4, 2)])
def test_onnxruntime_on_the_100x100_grid_equals_spiral_tui_to_1e_6(activation, layers):
    trainer = trained(activation=activation, layers=layers, features=FEATURE_NAMES, dataset="spiral")
    xy = grid_points()
    got = run_onnx(trainer, xy)
    assert got.shape == (100 * 100, 1) and got.dtype == np.float64
    np.testing.assert_allclose(got, reference_outputs(trainer, xy), rtol=0, atol=1e-6)


def test_regression_output_is_linear_and_only_the_chosen_features_are_inputs():
    trainer = trained(problem="regression", reg_dataset="reg-plane", features=("x2", "sinx1"), layers=(3,))
    model = onnx_model(model_spec(trainer.network, trainer.config))
    ops = [n.op_type for n in model.graph.node]
    features = [n.op_type for n in model.graph.node if n.name.startswith("feature_")]
    assert ops[:2] == ["Sub", "Mul"]  # into the plane: (xy - offset) * scale
    assert ops.count("Sin") == 1 and "Mul" not in features and ops[-1] == "Identity"
    assert [i.name for i in model.graph.input] == ["xy"] and [o.name for o in model.graph.output] == ["output"]
    xy = grid_points(20)
    np.testing.assert_allclose(run_onnx(trainer, xy), reference_outputs(trainer, xy), rtol=0, atol=1e-6)


def test_without_the_onnx_package_the_error_is_one_line_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now raises ImportError
    trainer = trained(layers=(2,))
    with pytest.raises(OnnxMissing) as err:
        onnx_bytes(model_spec(trainer.network, trainer.config))
    assert str(err.value) == "ONNX export needs the onnx package: pip install 'spiral-tui[onnx]'"


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("layers", [(), (5,)])
def test_k_classes_give_k_probabilities_equal_to_spiral_tui_to_1e_6(activation, layers):
    net, config = k_class_network(4, activation, layers)
    spec = model_spec(net, config)
    assert spec.activations[-1] == "softmax" and spec.num_outputs == 4
    xy = grid_points()
    got = onnxruntime.InferenceSession(onnx_bytes(spec)).run(["output"], {"xy": xy})[0]
    assert got.shape == (100 * 100, 4)
    np.testing.assert_allclose(got, reference_probabilities(net, config, xy), rtol=0, atol=1e-6)
    np.testing.assert_allclose(got.sum(axis=1), 1.0, rtol=0, atol=1e-12)


def test_activations_beyond_the_playground_have_graphs_equal_to_numpy():
    """leaky-relu, elu, swish, softplus, sine, gaussian (issue 14's) on a hand-made
    network: onnxruntime equals model_export.predict's NumPy formulas."""
    from tui_playground.engine.model_export import ModelSpec, predict

    rng = np.random.default_rng(9)
    xy = grid_points(30)
    for name in ("leaky-relu", "elu", "swish", "softplus", "sine", "gaussian"):
        spec = ModelSpec(("x1", "x2", "x1x2"), (name, name, "tanh"),
                         (rng.normal(0, 1, (3, 5)), rng.normal(0, 1, (5, 4)), rng.normal(0, 1, (4, 1))),
                         (rng.normal(0, 1, 5), rng.normal(0, 1, 4), rng.normal(0, 1, 1)))
        got = onnxruntime.InferenceSession(onnx_bytes(spec)).run(None, {"xy": xy})[0]
        np.testing.assert_allclose(got, predict(spec, xy), rtol=0, atol=1e-9, err_msg=name)
