"""The seven input features, one table: name -> (playground URL key, label, function).

Features are computed from raw coordinates, with no normalisation, in this
order when enabled: x, y, x*x, y*y, x*y, sin(x), sin(y) (PLAYGROUND.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import numpy as np
# numpy and fdmath (numba) are imported inside the functions: the CLI reads
# this table to parse flags, and `spiral-tui --help` must stay fast.


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


FEATURES: dict[str, Feature] = {
    f.name: f
    for f in (
        Feature("x1", "x", "X₁", lambda x, y: x),
        Feature("x2", "y", "X₂", lambda x, y: y),
        Feature("x1sq", "xSquared", "X₁²", lambda x, y: x * x),
        Feature("x2sq", "ySquared", "X₂²", lambda x, y: y * y),
        Feature("x1x2", "xTimesY", "X₁X₂", lambda x, y: x * y),
        Feature("sinx1", "sinX", "sin(X₁)", lambda x, y: _sin(x)),
        Feature("sinx2", "sinY", "sin(X₂)", lambda x, y: _sin(y)),
    )
}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURES)
URL_KEY_TO_FEATURE: dict[str, str] = {f.url_key: f.name for f in FEATURES.values()}


def feature_matrix(xy: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Inputs for the network. xy: (n, 2) float64 -> (n, len(names)) float64, in `names` order."""
    import numpy as np

    x, y = xy[:, 0], xy[:, 1]
    out = np.empty((len(xy), len(names)))
    for col, name in enumerate(names):
        out[:, col] = FEATURES[name].fn(x, y)
    return out
