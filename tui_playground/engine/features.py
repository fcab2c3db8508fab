"""The seven input features, one place: name -> (playground URL key, label,
function, and its forms in a model file: NumPy and ONNX).

Names, URL keys and labels are config's (`FEATURE_KEYS`); this module adds how
each feature is computed. Features are computed from raw coordinates, with no
normalisation, in this order when enabled: x, y, x*x, y*y, x*y, sin(x), sin(y)
(docs/playground.md, "Input features"). A model file's reader computes them with
NumPy's sin (`export`), which differs from the browser's (fdlibm) only in the
last bit; the ONNX graph (`onnx`) with its Sin node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from ..config import FEATURE_KEYS, FEATURE_NAMES, URL_KEY_TO_FEATURE

if TYPE_CHECKING:
    import numpy as np
# numpy and fdmath (numba) are imported inside the functions: reading the table
# (labels, URL keys) must not load numba.

__all__ = ["FEATURES", "FEATURE_NAMES", "URL_KEY_TO_FEATURE", "Feature", "feature_matrix"]


def _sin(values: np.ndarray) -> np.ndarray:
    """The browser's sin (fdlibm) on every value; NumPy's differs in the last bit."""
    import numpy as np

    from .fdmath import sin

    unique, inverse = np.unique(values, return_inverse=True)
    out: np.ndarray = np.array([sin(float(v)) for v in unique])[inverse].reshape(values.shape)
    return out


def _numpy_sin(values: np.ndarray) -> np.ndarray:
    import numpy as np

    out: np.ndarray = np.sin(values)
    return out


@dataclass(frozen=True)
class Feature:
    name: str
    url_key: str
    label: str
    fn: Callable[[np.ndarray, np.ndarray], np.ndarray]  # exact: (x, y) -> the column
    export: Callable[[np.ndarray, np.ndarray], np.ndarray]  # the model file's NumPy formula
    onnx: Callable[[Any, str, str, str], str]  # builder(graph, x, y, out name) -> the (n, 1) column


# name -> (function, NumPy export, ONNX builder), side by side.
_FORMS: dict[str, tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]] = {
    "x1": (lambda x, y: x, lambda x, y: x, lambda g, x, y, n: g.node("Identity", [x], n)),
    "x2": (lambda x, y: y, lambda x, y: y, lambda g, x, y, n: g.node("Identity", [y], n)),
    "x1sq": (lambda x, y: x * x, lambda x, y: x * x, lambda g, x, y, n: g.node("Mul", [x, x], n)),
    "x2sq": (lambda x, y: y * y, lambda x, y: y * y, lambda g, x, y, n: g.node("Mul", [y, y], n)),
    "x1x2": (lambda x, y: x * y, lambda x, y: x * y, lambda g, x, y, n: g.node("Mul", [x, y], n)),
    "sinx1": (lambda x, y: _sin(x), lambda x, y: _numpy_sin(x), lambda g, x, y, n: g.node("Sin", [x], n)),
    "sinx2": (lambda x, y: _sin(y), lambda x, y: _numpy_sin(y), lambda g, x, y, n: g.node("Sin", [y], n)),
}
FEATURES: dict[str, Feature] = {
    name: Feature(name, url_key, label, *_FORMS[name]) for name, (url_key, label) in FEATURE_KEYS.items()
}


def feature_matrix(xy: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Inputs for the network. xy: (n, 2) float64 -> (n, len(names)) float64, in `names` order."""
    import numpy as np

    x, y = xy[:, 0], xy[:, 1]
    out = np.empty((len(xy), len(names)))
    for col, name in enumerate(names):
        out[:, col] = FEATURES[name].fn(x, y)
    return out
