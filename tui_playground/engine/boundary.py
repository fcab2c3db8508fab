"""Every neuron's output on a grid over [-6, 6]^2: the pictures the UI draws.

Grid point (r, c) is x = -6 + 12 c / (n - 1), y = 6 - 12 r / (n - 1): row 0 is
y = +6, as on screen. Display only, so computed in float32 with NumPy's tanh
(3x faster than float64; 30 colour shades can't show the difference).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..config import Config
from .features import feature_matrix
from .losses import LOSSES
from .network import Network, forward_all, output_activation

DOMAIN = 6.0


def grid_axis(resolution: int) -> np.ndarray:
    """(resolution,) coordinates from -6 to 6."""
    return -DOMAIN + 2 * DOMAIN * np.arange(resolution) / (resolution - 1)


@lru_cache(maxsize=16)
def grid_inputs(features: tuple[str, ...], resolution: int) -> np.ndarray:
    """(resolution^2, n_features) float32 feature values at the grid points, row-major."""
    axis = grid_axis(resolution)
    x, y = np.meshgrid(axis, axis[::-1])
    xy = np.column_stack([x.ravel(), y.ravel()])
    out = feature_matrix(xy, features).astype(np.float32)
    out.flags.writeable = False
    return out


def neuron_grids(net: Network, config: Config, resolution: int = 100) -> list[np.ndarray]:
    """Per layer (inputs first, output last) a float32 array (n_neurons, res, res)
    of each neuron's output over the plane."""
    inputs = grid_inputs(config.features, resolution)
    outs = forward_all(net, inputs, config.hidden_activations, output_activation(config))
    if config.classes == 2:  # the -1..1 scale (cross-entropy's sigmoid: 2o - 1)
        outs[-1] = LOSSES[config.loss].display(outs[-1])
    return [o.T.reshape(o.shape[1], resolution, resolution) for o in outs]


def output_grid(net: Network, config: Config, resolution: int = 100) -> np.ndarray:
    """(res, res) the network's output over the plane (row 0 is y = +6)."""
    grid: np.ndarray = neuron_grids(net, config, resolution)[-1][0]
    return grid
