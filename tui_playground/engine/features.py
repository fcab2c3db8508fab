"""The seven input features, one table: name -> (playground URL key, label, function).

Names, URL keys and labels are config's (`FEATURE_KEYS`); this module adds how
each feature is computed. Features are computed from raw coordinates, with no
normalisation, in this order when enabled: x, y, x*x, y*y, x*y, sin(x), sin(y)
(docs/playground.md, "Input features").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

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
    return np.array([sin(float(v)) for v in unique])[inverse].reshape(values.shape)


@dataclass(frozen=True)
class Feature:
    name: str
    url_key: str
    label: str
    fn: Callable[[np.ndarray, np.ndarray], np.ndarray]


_FUNCTIONS: dict[str, Callable] = {
    "x1": lambda x, y: x,
    "x2": lambda x, y: y,
    "x1sq": lambda x, y: x * x,
    "x2sq": lambda x, y: y * y,
    "x1x2": lambda x, y: x * y,
    "sinx1": lambda x, y: _sin(x),
    "sinx2": lambda x, y: _sin(y),
}
FEATURES: dict[str, Feature] = {
    name: Feature(name, url_key, label, _FUNCTIONS[name]) for name, (url_key, label) in FEATURE_KEYS.items()
}


def feature_matrix(xy: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Inputs for the network. xy: (n, 2) float64 -> (n, len(names)) float64, in `names` order."""
    import numpy as np

    x, y = xy[:, 0], xy[:, 1]
    out = np.empty((len(xy), len(names)))
    for col, name in enumerate(names):
        out[:, col] = FEATURES[name].fn(x, y)
    return out
