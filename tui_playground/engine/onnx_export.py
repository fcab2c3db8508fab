"""A trained network as an ONNX graph that takes raw points.

The graph's input is `xy`: (n, 2) float64 points in the data file's own units;
the graph rescales them into the plane the network learned on ((xy - offset) *
scale) and computes the input features (squares, product, sines), so any ONNX
runtime predicts from the user's coordinates alone. Its output is `output`:
(n, 1) float64, the network's output, or (n, K) class probabilities for K
classes. The model's metadata (`metadata_props`) holds `classes` (a JSON list
of the class names: two classes are output < 0 and output >= 0, or < 0.5 and
>= 0.5 for a sigmoid output; K classes are the output columns), `offset`,
`scale` and, for regression, `label_range` (JSON lists).

Needs the optional `onnx` package (`pip install 'spiral-tui[onnx]'`); without
it `onnx_bytes` raises `OnnxMissing` with a one-line message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .activations import Forms
from .features import FEATURES
from .model_export import ModelSpec

OPSET = 17  # ONNX 1.12 (2022): every runtime of the last years reads it
IR_VERSION = 8  # the IR version that goes with opset 17
INSTALL_HINT = "pip install 'spiral-tui[onnx]'"


class OnnxMissing(RuntimeError):
    """The onnx package is not installed; the message says how to get it."""


def require_onnx() -> Any:
    """The onnx module, or OnnxMissing with how to install it."""
    try:
        import onnx
    except ImportError:
        raise OnnxMissing(f"ONNX export needs the onnx package: {INSTALL_HINT}") from None
    return onnx


class _Graph:
    """Nodes and initializers collected while building; names are unique."""

    def __init__(self, onnx: Any) -> None:
        self.onnx, self.helper = onnx, onnx.helper
        self.nodes: list[Any] = []  # onnx NodeProto
        self.initializers: list[Any] = []  # onnx TensorProto

    @property
    def zero(self) -> str:  # made when first used: an unused constant makes runtimes warn
        return self.scalar(0.0)

    @property
    def one(self) -> str:
        return self.scalar(1.0)

    def node(self, op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        self.nodes.append(self.helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def constant(self, name: str, array: np.ndarray) -> str:
        self.initializers.append(self.onnx.numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def scalar(self, value: float) -> str:
        """A float64 constant (one per value)."""
        name = f"const_{value!r}"
        if name not in {t.name for t in self.initializers}:
            self.constant(name, np.array(value, dtype=np.float64))
        return name


# name -> builder(graph, z, out_name) -> the activated layer: each activation's
# `onnx` form (engine.activations), and softmax for K classes.
_ACTIVATIONS: Mapping[str, Callable[[_Graph, str, str], str]] = Forms(
    "onnx", softmax=lambda g, z, n: g.node("Softmax", [z], n, axis=1))


def supports(spec: ModelSpec) -> str | None:
    """None if the spec can be exported, else the first unsupported name."""
    names = [f for f in spec.features if f not in FEATURES] + [a for a in spec.activations if a not in _ACTIVATIONS]
    return names[0] if names else None


def _inputs(g: _Graph, features: tuple[str, ...], offset: tuple[float, float], scale: tuple[float, float]) -> str:
    """xy (n, 2) in the file's units -> the feature matrix (n, n_features) of
    the plane's, in `features` order."""
    starts = {"x": 0, "y": 1}
    cols = {}
    shifted = g.node("Sub", ["xy", g.constant("offset", np.array(offset, dtype=np.float64))], "shifted")
    plane = g.node("Mul", [shifted, g.constant("scale", np.array(scale, dtype=np.float64))], "plane")
    for axis_name, start in starts.items():
        cols[axis_name] = g.node("Slice", [plane, g.constant(f"start_{axis_name}", np.array([start])),
                                           g.constant(f"end_{axis_name}", np.array([start + 1])),
                                           g.constant(f"axes_{axis_name}", np.array([1]))], axis_name)
    columns = [FEATURES[f].onnx(g, cols["x"], cols["y"], f"feature_{f}") for f in features]
    return g.node("Concat", columns, "features", axis=1)


def onnx_model(spec: ModelSpec) -> Any:
    """The spec as an onnx ModelProto (checked). Raises OnnxMissing, ValueError."""
    onnx = require_onnx()
    missing = supports(spec)
    if missing:
        raise ValueError(f"ONNX export does not support {missing!r} yet")
    g = _Graph(onnx)
    a = _inputs(g, spec.features, spec.offset, spec.scale)
    last = len(spec.weights) - 1
    for l, (w, b, act) in enumerate(zip(spec.weights, spec.biases, spec.activations)):
        z = g.node("Add", [g.node("MatMul", [a, g.constant(f"W{l}", w)], f"matmul_{l}"), g.constant(f"B{l}", b)],
                   f"z_{l}")
        a = _ACTIVATIONS[act](g, z, "output" if l == last else f"a_{l}")
    double = onnx.TensorProto.DOUBLE
    graph = onnx.helper.make_graph(
        g.nodes, "spiral_tui_network",
        [onnx.helper.make_tensor_value_info("xy", double, ["n", 2])],
        [onnx.helper.make_tensor_value_info("output", double, ["n", spec.num_outputs])],
        g.initializers,
    )
    model = onnx.helper.make_model(graph, producer_name="spiral-tui",
                                   opset_imports=[onnx.helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.helper.set_model_props(model, metadata(spec))
    onnx.checker.check_model(model)
    return model


def metadata(spec: ModelSpec) -> dict[str, str]:
    """The model's metadata_props: class names and units as JSON text."""
    props = {"classes": json.dumps(list(spec.classes)), "offset": json.dumps(list(spec.offset)),
             "scale": json.dumps(list(spec.scale))}
    if not spec.classes:
        props["label_range"] = json.dumps(list(spec.label_range))
    return props


def onnx_bytes(spec: ModelSpec) -> bytes:
    """The .onnx file's bytes. Raises OnnxMissing, ValueError."""
    data: bytes = onnx_model(spec).SerializeToString()
    return data
