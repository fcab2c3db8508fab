"""A new activation goes in one place: a name in config/names.py's ACTIVATIONS and
one record in engine.activations.TABLE (docs/architecture.md, "Where new things go").
A made-up one, "cube", is registered in-process the way the recipe adds it, and
every consumer that reads the table sees it: the config's checks and links, the
uncompiled kernels' dispatch by code, the display maps, the model file's
formula, the ONNX graph, the column head and the uncompiled path's cost model.
(The compiled kernels' dispatch is a branch by code in engine/activations.py,
the recipe's one more step: numba cannot take a new one in-process.)"""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.config import Config, checks, from_url, names
from tui_playground.engine import activations, compiled, model_export, network, numpy_kernels, onnx_export
from tui_playground.engine.activations import Activation
from tui_playground.ui.render.network_drawing import short_activation

CUBE = Activation(
    "cube", f=lambda z: z * z * z, der=lambda z, a: 3.0 * z * z,
    array=lambda z: z * z * z, times_der=lambda dout, z, a: dout * (3.0 * z * z),
    display=lambda z: z * z * z, export=lambda z: z * z * z,
    onnx=lambda g, z, n: g.node("Mul", [g.node("Mul", [z, z], f"{n}_sq"), z], n),
    short="cub", array_calls=3)
Z = np.array([-2.0, -0.5, 0.0, 0.25, 1.5])


@pytest.fixture
def cube(monkeypatch):
    """The recipe, in-process: the name in the config's table, the record in the engine's."""
    monkeypatch.setattr(names, "ACTIVATIONS", names.ACTIVATIONS + ("cube",))
    monkeypatch.setitem(activations.TABLE, "cube", CUBE)
    monkeypatch.setitem(activations.CODES, "cube", len(activations.CODES))
    return CUBE


def test_without_the_recipe_the_name_is_refused():
    with pytest.raises(checks.ConfigError, match="activation must be one of"):
        Config(activation="cube")


def test_the_config_takes_it_and_a_link_carries_it(cube):
    config = Config(seed="1", activation="cube", layers=(3,))
    assert config.beyond_playground == ("activation",)
    assert "activations=cube" in config.to_url()
    assert from_url(config.to_url(), Config(seed="2")) == config
    assert checks.parse_activation("cube,tanh") == "cube,tanh"


def test_the_uncompiled_kernels_dispatch_to_it_by_code(cube):
    code = activations.CODES["cube"]
    assert activations.by_code(code) is cube
    assert np.array_equal(numpy_kernels._activate(code, Z), Z ** 3)
    dout = np.full_like(Z, 2.0)
    assert np.array_equal(numpy_kernels._times_derivative(code, dout, Z, Z ** 3), 2.0 * 3.0 * Z * Z)
    sizes = np.array([1, 1, 1])
    W = np.array([[[2.0]], [[1.0]]])
    B = np.array([[0.5], [0.0]])
    acts = np.array([code, activations.CODES["linear"]])
    out = numpy_kernels.outputs(np.array([[1.0], [-1.0]]), sizes, W, B, acts)
    assert out.tolist() == [2.5 ** 3, (-1.5) ** 3]  # linear(1 * cube(2 x + 0.5))


def test_the_maps_the_model_file_and_the_onnx_graph_use_its_forms(cube):
    assert network.ARRAY_ACTIVATIONS["cube"] is cube.display
    spec = model_export.ModelSpec(("x1", "x2"), ("cube", "tanh"),
                                  (np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([[1.0], [1.0]])),
                                  (np.zeros(2), np.zeros(1)))
    xy = np.array([[0.5, -0.25], [1.0, 0.5]])
    expected = np.tanh((xy[:, :1] ** 3) + ((2 * xy[:, 1:]) ** 3))
    np.testing.assert_allclose(model_export.predict(spec, xy), expected, rtol=1e-15)
    assert onnx_export.supports(spec) is None
    onnx = pytest.importorskip("onnx")
    runtime = pytest.importorskip("onnxruntime")
    model = onnx_export.onnx_model(spec)
    session = runtime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {"xy": xy})
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    assert onnx is not None


def test_the_column_head_and_the_cost_model_read_it(cube):
    assert short_activation("cube") == "cub"
    base = Config(seed="1", activation="linear", layers=(8,))
    assert compiled.numpy_seconds(base.replace(activation="cube"), 250, 10) > compiled.numpy_seconds(base, 250, 10)
