"""LossHistory: a run's train and test loss by epoch, in bounded memory.

A Trainer adds the losses after every epoch; its snapshots and saved states
(TrainerState, sessions) carry `array()`. A run of millions of epochs keeps
at most `capacity` rows, thinned evenly.
"""

from __future__ import annotations

import numpy as np


class LossHistory:
    """Train/test loss by epoch in bounded memory: when full, every other entry
    is dropped and only epochs that are multiples of the doubled stride are kept.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._data = np.empty((capacity, 3))  # rows of (epoch, train, test)
        self._n = 0
        self.stride = 1

    def __len__(self) -> int:
        return self._n

    def clear(self) -> None:
        self._n, self.stride = 0, 1

    def load(self, rows: np.ndarray, stride: int) -> None:
        """Replace the contents (a saved session's history). rows: (n, 3)."""
        if len(rows) > self.capacity:
            raise ValueError(f"history of {len(rows)} rows exceeds capacity {self.capacity}")
        self._n, self.stride = len(rows), stride
        self._data[: self._n] = rows

    def add(self, epoch: int, train: float, test: float) -> None:
        if epoch % self.stride:
            return
        if self._n == self.capacity:
            keep = self._data[: self._n, 0] % (2 * self.stride) == 0
            self._n = int(keep.sum())
            self._data[: self._n] = self._data[: self.capacity][keep]
            self.stride *= 2
            if epoch % self.stride:
                return
        self._data[self._n] = (epoch, train, test)
        self._n += 1

    def array(self) -> np.ndarray:
        """(n, 3) copy: columns epoch, train loss, test loss."""
        return self._data[: self._n].copy()
