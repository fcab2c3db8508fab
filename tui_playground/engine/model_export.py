"""A trained network as plain arrays, for other programs: the `.npz` model file.

`ModelSpec` is everything a prediction needs and nothing of spiral-tui: the
rescale from the user's own coordinates into the plane the network was trained
on, the input features by name, each weight layer's weights, biases and
activation, and the class names.
`npz_bytes` writes it with NumPy alone (no pickle), `load_npz` reads it back and
`predict` runs it; docs/data.md shows the same prediction in a dozen lines of NumPy.
engine/onnx_export.py turns the same spec into an ONNX graph.

File layout (`np.load(path)` keys):

    offset, scale: (2,) float64        the network's input is (xy - offset) * scale, xy the
                                       points in the data file's own units (0 and 1 for a
                                       generated data set, whose units are the plane's)
    classes:       (K,) str            class names: two classes are (output < 0, output >= 0),
                                       K classes the output columns in order; () for regression
    label_range:   (2,) float64        regression: the labels' (lo, hi), onto which the output's
                                       -1..1 maps back; (-1, 1) when none was scaled
    features:      (n_features,) str   names from config.FEATURE_NAMES, in input order
    activations:   (L,) str            activation of each weight layer; the last is the
                                       output's (tanh, linear, ..., or softmax)
    weights_<l>:   (n_in, n_out) float64  weights_<l>[i, j] links neuron i of layer l
                                          to neuron j of layer l + 1
    biases_<l>:    (n_out,) float64
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from ..config import Config
from .activations import Forms
from .datasets import Units
from .features import FEATURES
from .multiclass import softmax
from .network import Network, output_activation

# name -> f(z) for the prediction in NumPy: (n, k) -> (n, k): each activation's
# `export` form (engine.activations), and softmax for K classes.
NUMPY_ACTIVATIONS = Forms("export", softmax=softmax)
_Pair = tuple[float, float]
class ModelFileError(ValueError):
    """A model file that can't be read or used; the message is one line."""


@dataclass(frozen=True, eq=False)
class ModelSpec:
    """A network ready to run anywhere. weights[l]: (n_in, n_out) float64,
    biases[l]: (n_out,) float64, activations[l]: name of layer l + 1's."""

    features: tuple[str, ...]
    activations: tuple[str, ...]
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    offset: tuple[float, float] = (0.0, 0.0)  # input = (xy - offset) * scale
    scale: tuple[float, float] = (1.0, 1.0)
    classes: tuple[str, ...] = ()  # class names (see the file layout); () for regression
    label_range: tuple[float, float] = (-1.0, 1.0)  # regression output -1..1 -> lo..hi

    @property
    def num_outputs(self) -> int:
        n: int = self.weights[-1].shape[1]
        return n


def model_spec(network: Network, config: Config, units: Units | None = None) -> ModelSpec:
    """Copies of `network`'s live weights (dead links are 0 already), with the
    data file's units (datasets.Units) when it was trained on one."""
    L = network.num_layers
    acts = tuple([*config.hidden_activations, output_activation(config)])
    weights = tuple(network.weights(l).astype(np.float64) for l in range(L))
    biases = tuple(network.biases(l).astype(np.float64) for l in range(L))
    own = units or Units()
    names = own.class_names or default_class_names(config)
    # tuple() of a pair is a pair; the checker sees tuple[float, ...], hence the casts
    return ModelSpec(tuple(config.features), acts, weights, biases, cast(_Pair, tuple(own.offset)),
                     cast(_Pair, tuple(own.scale)), names, own.label_range or (-1.0, 1.0))


def default_class_names(config: Config) -> tuple[str, ...]:
    """A generated data set's classes: the labels -1, 1 (orange, blue), or 0..K-1."""
    if config.problem != "classification":
        return ()
    return ("-1", "1") if config.classes == 2 else tuple(str(k) for k in range(config.classes))


def npz_bytes(spec: ModelSpec) -> bytes:
    """The model as an uncompressed .npz file's bytes (plain arrays, no pickle)."""
    arrays = {"offset": np.array(spec.offset, dtype=np.float64), "scale": np.array(spec.scale, dtype=np.float64),
              "classes": np.array(spec.classes, dtype=str).reshape(-1),
              "label_range": np.array(spec.label_range, dtype=np.float64),
              "features": np.array(spec.features, dtype=str), "activations": np.array(spec.activations, dtype=str)}
    for l, (w, b) in enumerate(zip(spec.weights, spec.biases)):
        arrays[f"weights_{l}"], arrays[f"biases_{l}"] = w, b
    out = io.BytesIO()
    np.savez(out, **arrays)  # type: ignore[arg-type]  # numpy's stub matches **arrays against allow_pickle
    return out.getvalue()


def load_npz(path: str | os.PathLike[str]) -> ModelSpec:
    """Read a model file written by `npz_bytes`. Raises ModelFileError."""
    try:
        with np.load(path, allow_pickle=False) as f:
            features = tuple(str(n) for n in f["features"])
            acts = tuple(str(a) for a in f["activations"])
            weights = tuple(f[f"weights_{l}"] for l in range(len(acts)))
            biases = tuple(f[f"biases_{l}"] for l in range(len(acts)))
            units = _units(f)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelFileError(f"{path}: not a spiral-tui model file ({exc})") from None
    unknown = [n for n in features if n not in FEATURES] + [a for a in acts if a not in NUMPY_ACTIVATIONS]
    if unknown:
        raise ModelFileError(f"{path}: unknown feature or activation {unknown[0]!r}")
    return ModelSpec(features, acts, weights, biases, *units)


def _units(f: Any) -> tuple[tuple[float, float], tuple[float, float], tuple[str, ...], tuple[float, float]]:
    """offset, scale, classes, label_range of an open .npz (files written before
    they were stored: the plane's own units, no names)."""
    if "offset" not in f.files:
        return (0.0, 0.0), (1.0, 1.0), (), (-1.0, 1.0)
    pair: Callable[[np.ndarray], tuple[float, float]] = lambda a: (float(a[0]), float(a[1]))  # noqa: E731
    return pair(f["offset"]), pair(f["scale"]), tuple(str(c) for c in f["classes"]), pair(f["label_range"])


def predict(spec: ModelSpec, xy: np.ndarray) -> np.ndarray:
    """The network's outputs at points in the file's own units.
    xy: (n, 2) float64 -> (n, num_outputs)."""
    plane = (xy - np.array(spec.offset)) * np.array(spec.scale)
    x, y = plane[:, 0], plane[:, 1]
    a = np.column_stack([FEATURES[name].export(x, y) for name in spec.features])
    with np.errstate(over="ignore"):  # sigmoid of a very negative input is 0: fine
        for w, b, act in zip(spec.weights, spec.biases, spec.activations):
            a = NUMPY_ACTIVATIONS[act](a @ w + b)
    return a
