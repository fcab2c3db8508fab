"""TrainerState: everything a Trainer needs to continue exactly.

`Trainer.state()` takes one and `Trainer.from_state(state)` continues from it,
giving the very numbers the original would have given; saved sessions
(files/session.py) are one as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..config import Config
from .datasets import Dataset
from .network import Network
from .optimizers import OptimizerState


@dataclass(frozen=True)
class TrainerState:
    """Everything a Trainer needs to continue exactly: what sessions save and
    load. Arrays are read-only copies in the network's padded layout (see
    engine.network): L weight layers, M the widest layer.

    acc_weights: (L, M, M), acc_biases: (L, M)  gradients summed since the last
        update; acc_count points summed (a batch can span two epochs)
    rng: the random stream's position (SeededRandom.get_state(), plain data), so
        that a reset after loading draws what it would have drawn
    history: (n, 3) epoch, train loss, test loss, kept every `history_stride` epochs
        (all under config.loss: a change of loss restarts it)
    data_rng: the stream's state right after the data (where the weights of
        config.resets are drawn from after a change of shape); None: replay the
        seed's data to find it
    """

    config: Config
    data: Dataset
    network: Network
    acc_weights: np.ndarray
    acc_biases: np.ndarray
    acc_count: float
    rng: dict[str, Any]
    epoch: int
    history: np.ndarray
    history_stride: int
    diverged: bool = False
    optimizer: OptimizerState | None = None  # None: all zero (a fresh state)
    stop_watch: tuple[float, int] | None = None  # (best test loss, epochs since); None: start one here
    stop_reason: str | None = None
    data_rng: dict[str, Any] | None = None
