"""The ONNX graph: raw points in, features inside, onnxruntime agrees with spiral-tui."""

from __future__ import annotations

import sys

import numpy as np
import onnxruntime
import pytest

from model_helpers import grid_points, reference_outputs, trained

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
    assert ops.count("Sin") == 1 and "Mul" not in ops and ops[-1] == "Identity"
    assert [i.name for i in model.graph.input] == ["xy"] and [o.name for o in model.graph.output] == ["output"]
    xy = grid_points(20)
    np.testing.assert_allclose(run_onnx(trainer, xy), reference_outputs(trainer, xy), rtol=0, atol=1e-6)


def test_without_the_onnx_package_the_error_is_one_line_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now raises ImportError
    trainer = trained(layers=(2,))
    with pytest.raises(OnnxMissing) as err:
        onnx_bytes(model_spec(trainer.network, trainer.config))
    assert str(err.value) == "ONNX export needs the onnx package: pip install 'spiral-tui[onnx]'"
