"""The values goals and limits are checked against, from a training snapshot.

A snapshot (engine.training.Snapshot) is taken on the training thread, so its
numbers belong together: the config, epoch, losses and, when asked for, the
metrics of one moment. Every name of goals.GOAL_NAMES and goals.LIMIT_NAMES
gets a value; what is not known is NaN (accuracy in regression, or a snapshot
taken without metrics), and a condition over NaN does not hold.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..config import Config

if TYPE_CHECKING:
    from ..engine.network import Network
    from ..engine.training import SetMetrics, Snapshot

ACCURACY = ("train_accuracy", "test_accuracy")


def shape_values(config: Config) -> dict[str, float]:
    """The limits that a config alone decides: hidden neurons, hidden layers, inputs."""
    return {"neurons": float(sum(config.layers)), "layers": float(len(config.layers)),
            "features": float(len(config.features))}


def dead_links(network: Network) -> int:
    """Links L1 has killed, counting only the real links of the padded arrays."""
    sizes = network.sizes
    return int(sum(network.dead[l, : sizes[l], : sizes[l + 1]].sum() for l in range(len(sizes) - 1)))


def accuracy_values(metrics: SetMetrics | None) -> dict[str, float]:
    """(train, test) metrics -> their accuracy (NaN when they have none: regression)."""
    if metrics is None:
        return dict.fromkeys(ACCURACY, math.nan)
    return {name: float(getattr(m, "accuracy", math.nan)) for name, m in zip(ACCURACY, metrics)}


def snapshot_values(snap: Snapshot) -> dict[str, float]:
    """Every goal and limit name -> its value in `snap`."""
    values = shape_values(snap.config)
    values.update(epoch=float(snap.epoch), train_loss=_finite_or_nan(snap.train_loss),
                  test_loss=_finite_or_nan(snap.test_loss), dead_links=float(dead_links(snap.network)))
    values.update(accuracy_values(snap.metrics))
    return values


def _finite_or_nan(x: float) -> float:
    # a diverged run meets no goal: inf <= 0.2 is False anyway, but > 0.5 would hold
    return float(x) if np.isfinite(x) else math.nan
