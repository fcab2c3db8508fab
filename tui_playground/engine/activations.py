"""Neuron activations, one place per activation: every form of each, side by side.

`TABLE` holds one `Activation` record per name (the config's names, in the
config's order): the exact scalar function and derivative

    f(z):     the neuron's output for its total input z (float -> float)
    d(z, a):  f'(z), given z and the output a = f(z) already computed

that the reference and the compiled kernels run, the same exactly over arrays
(the uncompiled kernels, engine/numpy_kernels.py), NumPy's fast version that
draws the maps (engine/network.py), the NumPy formula a model file states
(engine/model_export.py), the ONNX nodes (engine/onnx_export.py), a short name
for a column head (ui/render/network_drawing.py) and its cost on the uncompiled
path (engine/compiled.py). Those modules read the forms from the table.

Every function is marked with engine.fdmath's `register_jitable` (numba
compiles it into engine/kernels.py) and uses only exact IEEE operations and
the fdlibm ports of engine.fdmath, so one source serves the plain-Python
reference path and the compiled kernel, with the same bits in both. The first
four are the playground's (docs/playground.md, "Arithmetic"); the others go beyond
it and follow the usual definitions, with these choices:

- leaky-relu: z if z > 0 else 0.01 * z; its derivative at z = 0 is 0.01, as
  relu's is 0 there (the playground's relu'(0) = 0).
- elu (alpha 1): z if z > 0 else alpha * expm1(z); derivative a + alpha there
  (= alpha * e**z, without a second exp).
- swish: z * sigmoid(z); derivative s + a * (1 - s) with s = sigmoid(z)
  (= s + z s (1 - s)).
- softplus: the stable max(z, 0) + log1p(exp(-|z|)); derivative sigmoid(z).
- sine: sin(z), derivative cos(z).
- gaussian: exp(-(z * z)), derivative -2 z a.

The compiled kernel cannot call through a table, so `activate(code, z)` and
`derivative(code, z, a)` dispatch on CODES (the table's order); a test holds
them to the table for every name.

A new activation (docs/architecture.md, "Where new things go"): its name in
config/names.py's ACTIVATIONS, its scalar pair below, one record in TABLE, and
a branch in `_activate_more` / `_derivative_more` for the compiled kernels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import fdarray, fdmath
from .fdmath import register_jitable

LEAKY_RELU_SLOPE = 0.01
ELU_ALPHA = 1.0


@register_jitable(inline="always")
def relu(z: float) -> float:
    return 0.0 if z <= 0.0 else z  # Math.max(0, z): NaN passes through


@register_jitable(inline="always")
def relu_der(z: float, a: float) -> float:
    return 0.0 if z <= 0.0 else 1.0


@register_jitable(inline="always")
def tanh(z: float) -> float:
    return fdmath.tanh(z)


@register_jitable(inline="always")
def tanh_der(z: float, a: float) -> float:
    return 1.0 - a * a


@register_jitable(inline="always")
def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + fdmath.exp(-z))


@register_jitable(inline="always")
def sigmoid_der(z: float, a: float) -> float:
    return a * (1.0 - a)


@register_jitable(inline="always")
def linear(z: float) -> float:
    return z


@register_jitable(inline="always")
def linear_der(z: float, a: float) -> float:
    return 1.0


@register_jitable()
def leaky_relu(z: float) -> float:
    return LEAKY_RELU_SLOPE * z if z <= 0.0 else z


@register_jitable()
def leaky_relu_der(z: float, a: float) -> float:
    return LEAKY_RELU_SLOPE if z <= 0.0 else 1.0


@register_jitable()
def elu(z: float) -> float:
    return ELU_ALPHA * fdmath.expm1(z) if z <= 0.0 else z


@register_jitable()
def elu_der(z: float, a: float) -> float:
    return a + ELU_ALPHA if z <= 0.0 else 1.0


@register_jitable()
def swish(z: float) -> float:
    return z * sigmoid(z)


@register_jitable()
def swish_der(z: float, a: float) -> float:
    s = sigmoid(z)
    return s + a * (1.0 - s)


@register_jitable()
def softplus(z: float) -> float:
    return (z if z > 0.0 else 0.0) + fdmath.log1p(fdmath.exp(-abs(z)))


@register_jitable()
def softplus_der(z: float, a: float) -> float:
    return sigmoid(z)


@register_jitable()
def sine(z: float) -> float:
    return fdmath.sin(z)


@register_jitable()
def sine_der(z: float, a: float) -> float:
    return fdmath.cos(z)


@register_jitable()
def gaussian(z: float) -> float:
    return fdmath.exp(-(z * z))


@register_jitable()
def gaussian_der(z: float, a: float) -> float:
    return -2.0 * z * a


# ---- every form of each activation ------------------------------------------------


@dataclass(frozen=True)
class Activation:
    """One activation in every form. Arrays are NumPy float64 of any shape;
    `array` and `times_der` give f and dout * f'(z) element for element with
    the scalar pair's bits (fdarray: fdlibm over arrays)."""

    name: str
    f: Callable[[float], float]  # exact, scalar (reference and compiled kernels)
    der: Callable[[float, float], float]  # f'(z) given z and a = f(z)
    array: Callable[[np.ndarray], np.ndarray]  # exact f over arrays (uncompiled kernels)
    times_der: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]  # (dout, z, a) -> dout * f'(z)
    display: Callable[[np.ndarray], np.ndarray]  # NumPy's, for drawing the maps (not exact)
    export: Callable[[np.ndarray], np.ndarray]  # the formula a model file's reader runs in NumPy
    onnx: Callable[[Any, str, str], str]  # builder(graph, z, out name) -> out name, float64 ops
    short: str = ""  # a column head's name when `name` is too long ("lrelu")
    array_calls: int = 0  # fdlibm calls over a layer per pass on the uncompiled path (tanh's = 1)


def _sigmoid_array(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + fdarray.exp(-z))


def _swish_times_der(dout: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    s = _sigmoid_array(z)
    return dout * (s + a * (1.0 - s))


def _onnx_where_positive(g: Any, z: str, n: str, negative: str) -> str:
    out: str = g.node("Where", [g.node("Greater", [z, g.zero], f"{n}_pos"), z, negative], n)
    return out


def _onnx_softplus(g: Any, z: str, n: str) -> str:
    exp = g.node("Exp", [g.node("Neg", [g.node("Abs", [z], f"{n}_abs")], f"{n}_neg")], f"{n}_exp")
    out: str = g.node("Add", [g.node("Relu", [z], f"{n}_relu"),
                              g.node("Log", [g.node("Add", [g.one, exp], f"{n}_1p")], f"{n}_log")], n)
    return out


_RECORDS = (
    # The playground's four. relu: Math.max(0, z), NaN passes through.
    Activation("relu", relu, relu_der,
               array=lambda z: np.where(z <= 0.0, 0.0, z),
               times_der=lambda dout, z, a: dout * np.where(z <= 0.0, 0.0, 1.0),
               display=lambda z: np.maximum(0.0, z), export=lambda z: np.maximum(z, 0.0),
               onnx=lambda g, z, n: g.node("Relu", [z], n)),
    Activation("tanh", tanh, tanh_der,
               array=lambda z: fdarray.tanh(z), times_der=lambda dout, z, a: dout * (1.0 - a * a),
               display=np.tanh, export=np.tanh, onnx=lambda g, z, n: g.node("Tanh", [z], n), array_calls=1),
    Activation("sigmoid", sigmoid, sigmoid_der,
               array=_sigmoid_array, times_der=lambda dout, z, a: dout * (a * (1.0 - a)),
               display=lambda z: 1.0 / (1.0 + np.exp(-z)), export=lambda z: 1.0 / (1.0 + np.exp(-z)),
               onnx=lambda g, z, n: g.node("Sigmoid", [z], n), short="sigm", array_calls=1),
    Activation("linear", linear, linear_der,
               array=lambda z: z, times_der=lambda dout, z, a: dout,  # dout * 1.0 is dout
               display=lambda z: z, export=lambda z: z,
               onnx=lambda g, z, n: g.node("Identity", [z], n), short="lin"),
    # Beyond the playground (issue 14); ONNX from ops every runtime has in float64.
    Activation("leaky-relu", leaky_relu, leaky_relu_der,
               array=lambda z: np.where(z <= 0.0, LEAKY_RELU_SLOPE * z, z),
               times_der=lambda dout, z, a: dout * np.where(z <= 0.0, LEAKY_RELU_SLOPE, 1.0),
               display=lambda z: np.where(z > 0, z, 0.01 * z), export=lambda z: np.where(z > 0, z, 0.01 * z),
               onnx=lambda g, z, n: _onnx_where_positive(g, z, n, g.node("Mul", [z, g.scalar(0.01)], f"{n}_neg")),
               short="lrelu"),
    Activation("elu", elu, elu_der,
               array=lambda z: np.where(z <= 0.0, ELU_ALPHA * fdarray.expm1(z), z),
               times_der=lambda dout, z, a: dout * np.where(z <= 0.0, a + ELU_ALPHA, 1.0),
               display=lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0))),
               export=lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0.0))),
               onnx=lambda g, z, n: _onnx_where_positive(
                   g, z, n, g.node("Sub", [g.node("Exp", [z], f"{n}_exp"), g.one], f"{n}_neg")),
               array_calls=1),
    Activation("swish", swish, swish_der,
               array=lambda z: z * _sigmoid_array(z),
               times_der=lambda dout, z, a: _swish_times_der(dout, z, a),
               display=lambda z: z / (1.0 + np.exp(-z)), export=lambda z: z / (1.0 + np.exp(-z)),
               onnx=lambda g, z, n: g.node("Mul", [z, g.node("Sigmoid", [z], f"{n}_sig")], n), array_calls=2),
    Activation("softplus", softplus, softplus_der,
               array=lambda z: np.where(z > 0.0, z, 0.0) + fdarray.log1p(fdarray.exp(-np.abs(z))),
               times_der=lambda dout, z, a: dout * _sigmoid_array(z),
               display=lambda z: np.logaddexp(0, z),
               export=lambda z: np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))),
               onnx=_onnx_softplus, short="softp", array_calls=2),
    Activation("sine", sine, sine_der,
               array=lambda z: fdarray.sin(z), times_der=lambda dout, z, a: dout * fdarray.cos(z),
               display=np.sin, export=np.sin, onnx=lambda g, z, n: g.node("Sin", [z], n), array_calls=4),
    Activation("gaussian", gaussian, gaussian_der,
               array=lambda z: fdarray.exp(-(z * z)), times_der=lambda dout, z, a: dout * (-2.0 * z * a),
               display=lambda z: np.exp(-(z * z)), export=lambda z: np.exp(-(z * z)),
               onnx=lambda g, z, n: g.node("Exp", [g.node("Neg", [g.node("Mul", [z, z], f"{n}_sq")], f"{n}_neg")], n),
               short="gauss", array_calls=1),
)
# name -> its record; the keys are the names of the config, CLI, links and UI, in their order.
TABLE: dict[str, Activation] = {a.name: a for a in _RECORDS}


def by_code(code: int) -> Activation:
    """The record of CODES' `code` (the table's order)."""
    return list(TABLE.values())[code]


class Forms(Mapping[str, Callable[..., Any]]):
    """name -> one form (an Activation field) of every activation, read from
    TABLE when asked (so it always says what the table says), plus `extra`
    names (e.g. softmax, the K-class output layer's, a function of the layer)."""

    def __init__(self, form: str, **extra: Callable[..., Any]) -> None:
        self._form, self._extra = form, extra

    def __getitem__(self, name: str) -> Callable[..., Any]:
        if name in self._extra:
            return self._extra[name]
        form: Callable[..., Any] = getattr(TABLE[name], self._form)
        return form

    def __iter__(self) -> Iterator[str]:
        yield from TABLE
        yield from self._extra

    def __len__(self) -> int:
        return len(TABLE) + len(self._extra)


# name -> (f(z), f'(z, a)): the scalar pair (engine/reference.py reads it).
ACTIVATIONS: Mapping[str, tuple[Callable[[float], float], Callable[[float, float], float]]] = {
    a.name: (a.f, a.der) for a in _RECORDS}
PLAYGROUND_ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
CODES = {name: code for code, name in enumerate(TABLE)}  # relu 0, tanh 1, sigmoid 2, linear 3, ...


@register_jitable(inline="always")
def activate(code: int, z: float) -> float:
    """ACTIVATIONS[name][0](z) for code = CODES[name]; the playground's first."""
    if code == 1:
        return tanh(z)
    if code == 0:
        return relu(z)
    if code == 2:
        return sigmoid(z)
    if code == 3:
        return z
    return _activate_more(code, z)


@register_jitable()
def _activate_more(code: int, z: float) -> float:
    if code == 4:
        return leaky_relu(z)
    if code == 5:
        return elu(z)
    if code == 6:
        return swish(z)
    if code == 7:
        return softplus(z)
    if code == 8:
        return sine(z)
    return gaussian(z)


@register_jitable(inline="always")
def derivative(code: int, z: float, a: float) -> float:
    """ACTIVATIONS[name][1](z, a) for code = CODES[name]."""
    if code == 1:
        return 1.0 - a * a
    if code == 0:
        return relu_der(z, a)
    if code == 2:
        return a * (1.0 - a)
    if code == 3:
        return 1.0
    return _derivative_more(code, z, a)


@register_jitable()
def _derivative_more(code: int, z: float, a: float) -> float:
    if code == 4:
        return leaky_relu_der(z, a)
    if code == 5:
        return elu_der(z, a)
    if code == 6:
        return swish_der(z, a)
    if code == 7:
        return softplus_der(z, a)
    if code == 8:
        return sine_der(z, a)
    return gaussian_der(z, a)
