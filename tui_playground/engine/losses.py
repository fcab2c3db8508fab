"""Losses: name -> the output activation, the loss of one point, and its error.

    loss(z, o, y):   the loss of one point with output-neuron input z, output
                     o = f(z) and label y
    error(z, o, y):  the error back-prop starts from (see `Loss.error_is_dz`)

- square (the playground's): 0.5 * (o - y)**2 with o = tanh(z) for
  classification and o = z for regression; the error is dL/do = o - y, which
  back-prop multiplies by the output activation's derivative.
- cross-entropy (classification only): o = sigmoid(z), target t = (y + 1) / 2
  (labels -1/+1 become 0/1), loss -(t log o + (1 - t) log(1 - o)) computed from
  z in the stable form max(z, 0) - z * t + log1p(exp(-|z|)) (never log(0));
  the error is dL/dz = o - t itself, so back-prop does not multiply it by
  sigmoid'(z) (`error_is_dz`). The output shown on screen, in the heatmap and
  in the -1..1 colour scale, is 2o - 1 (`display`), so its sign is the class.

Like engine.activations, every function is marked with fdmath's
`register_jitable` (exact IEEE operations and engine.fdmath only), shared by
the reference and the kernel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from . import fdmath
from .fdmath import register_jitable


@register_jitable(inline="always")
def square_loss(z: float, o: float, y: float) -> float:
    d = o - y
    return 0.5 * (d * d)


@register_jitable(inline="always")
def square_error(z: float, o: float, y: float) -> float:
    return o - y


@register_jitable(inline="always")
def cross_entropy_target(y: float) -> float:
    return (y + 1.0) / 2.0


@register_jitable()
def cross_entropy_loss(z: float, o: float, y: float) -> float:
    t = cross_entropy_target(y)
    return (z if z > 0.0 else 0.0) - z * t + fdmath.log1p(fdmath.exp(-abs(z)))


@register_jitable(inline="always")
def cross_entropy_error(z: float, o: float, y: float) -> float:
    return o - cross_entropy_target(y)


@dataclass(frozen=True)
class Loss:
    """One loss. output: the output activation by problem ('classification',
    'regression'); problems: where the loss applies; display: output -> the
    -1..1 value shown (heatmap, metrics' sign)."""

    loss: Callable[[float, float, float], float]
    error: Callable[[float, float, float], float]
    error_is_dz: bool  # True: error is dL/dz already; False: dL/do, times f'(z)
    output: dict[str, str]
    display: Callable[[NDArray[np.float64]], NDArray[np.float64]]  # outputs (any shape) -> shown values
    code: int


def _same(o: NDArray[np.float64]) -> NDArray[np.float64]:
    return o


def _two_o_minus_one(o: NDArray[np.float64]) -> NDArray[np.float64]:
    return 2.0 * o - 1.0


LOSSES = {
    "square": Loss(square_loss, square_error, False, {"classification": "tanh", "regression": "linear"},
                   _same, 0),
    "cross-entropy": Loss(cross_entropy_loss, cross_entropy_error, True, {"classification": "sigmoid"},
                          _two_o_minus_one, 1),
}
CODES = {name: loss.code for name, loss in LOSSES.items()}


@register_jitable(inline="always")
def point_loss(code: int, z: float, o: float, y: float) -> float:
    """LOSSES[name].loss for code = CODES[name]."""
    if code == 0:
        return square_loss(z, o, y)
    return cross_entropy_loss(z, o, y)
