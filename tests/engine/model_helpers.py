"""Shared by the model export tests: a trained network and spiral-tui's own outputs."""

from __future__ import annotations

import numpy as np

from tui_playground.config import Config
from tui_playground.engine.boundary import grid_axis
from tui_playground.engine.features import feature_matrix
from tui_playground.engine.network import OUTPUT_ACTIVATION
from tui_playground.engine.reference import ReferenceNet
from tui_playground.engine.training import Trainer


def trained(**settings) -> Trainer:
    trainer = Trainer(Config(seed="m", lr=0.1, **settings))
    trainer.step(15)  # weights away from their initial values, biases away from 0.1
    return trainer


def reference_outputs(trainer: Trainer, xy: np.ndarray) -> np.ndarray:
    """spiral-tui's own outputs: the exact reference network, point by point. -> (n, 1)"""
    c, n = trainer.config, trainer.network
    net = ReferenceNet(n.sizes, n.W, n.B, n.dead, list(c.hidden_activations), OUTPUT_ACTIVATION[c.problem])
    return np.array([[net.forward(row)] for row in feature_matrix(xy, c.features)])


def random_points(count: int = 200) -> np.ndarray:
    return np.random.default_rng(5).uniform(-6, 6, size=(count, 2))


def grid_points(resolution: int = 100) -> np.ndarray:
    """(resolution^2, 2) the heatmap's grid over [-6, 6]^2, row 0 at y = +6."""
    axis = grid_axis(resolution)
    x, y = np.meshgrid(axis, axis[::-1])
    return np.column_stack([x.ravel(), y.ravel()])


def k_class_network(classes: int, activation: str, layers: tuple[int, ...]):
    """(Network, Config) with `classes` softmax outputs and weights spread over
    [-2, 2] (initial ones are in [-0.5, 0.5]: the maps would be nearly flat)."""
    from tui_playground.config import FEATURE_NAMES
    from tui_playground.engine.network import Network

    config = Config(seed="k", dataset="blobs", classes=classes, features=FEATURE_NAMES, layers=layers,
                    activation=activation)
    rng = np.random.default_rng(classes)
    net = Network.create(config.shape, rng.random)
    net.W *= 4
    net.B[:] = rng.uniform(-1, 1, net.B.shape)
    return net, config


def reference_probabilities(net, config, xy: np.ndarray) -> np.ndarray:
    """The K-class reference network's probabilities, point by point. -> (n, K)"""
    from tui_playground.engine.multiclass_reference import SoftmaxReferenceNet

    ref = SoftmaxReferenceNet(net.sizes, net.W, net.B, net.dead, config.activation)
    return np.array([ref.forward(row) for row in feature_matrix(xy, config.features)])
