"""Points placed by hand: a small editable set with undo, as a Dataset to train on.

Each point keeps the split it got when it was placed, so editing never moves
the other points between train and test: point number i (counting every point
ever placed) is a test point when it brings the test share up to
100 - train_pct percent (a running split: 50% alternates train, test, ...).
The network needs at least one point of each split to report both losses.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .datasets import Dataset, Units

EDITED_NAME = "your points"


@dataclass(frozen=True)
class Placed:
    x: float
    y: float
    label: float  # -1/+1 for two classes, 0..K-1 for K
    test: bool


class PointEditor:
    """The edited set. `add`, `delete_nearest` and `clear` can be undone."""

    def __init__(self, points: list[Placed] | None = None, train_pct: int = 50, units: Units | None = None):
        """units: the map of the file the points came from (its own coordinates
        and label names, for saving them in its units), without its points."""
        self.points: list[Placed] = list(points or [])
        self.train_pct = train_pct
        self.units = units
        self.placed = len(self.points)  # points ever placed: decides the next split
        self._undo: list[tuple[list[Placed], int, Units | None]] = []

    @classmethod
    def from_dataset(cls, data: Dataset, train_pct: int) -> "PointEditor":
        """Start from a data set's points (train first), keeping their splits."""
        points = [Placed(float(x), float(y), float(v), False) for (x, y), v in zip(data.train_xy, data.train_y)]
        points += [Placed(float(x), float(y), float(v), True) for (x, y), v in zip(data.test_xy, data.test_y)]
        return cls(points, train_pct, data.units.transform_only() if data.units else None)

    def _remember(self) -> None:
        self._undo.append((list(self.points), self.placed, self.units))

    def _next_is_test(self) -> bool:
        test_share = (100 - self.train_pct) / 100
        n = self.placed
        return math.floor((n + 1) * test_share + 1e-9) > math.floor(n * test_share + 1e-9)

    def add(self, x: float, y: float, label: float) -> Placed:
        self._remember()
        point = Placed(float(x), float(y), float(label), self._next_is_test())
        self.points.append(point)
        self.placed += 1
        return point

    def delete_nearest(self, x: float, y: float) -> Placed | None:
        """Remove the point closest to (x, y); None when there is none."""
        if not self.points:
            return None
        self._remember()
        k = min(range(len(self.points)), key=lambda i: (self.points[i].x - x) ** 2 + (self.points[i].y - y) ** 2)
        return self.points.pop(k)

    def clear(self) -> None:
        if self.points:
            self._remember()
            self.points = []

    def load(self, points: Iterable[Sequence[float]], test: Sequence[bool] | np.ndarray | None = None,
             units: Units | None = None) -> None:
        """Replace the set with `points` [(x, y, label)] (undoable), each with
        its split from `test` (True: a test point) or, without it, the running
        split by the train share, as if placed one by one; `units`: their file's."""
        self._remember()
        self.points, self.placed, self.units = [], 0, units
        for k, (x, y, label) in enumerate(points):
            is_test = self._next_is_test() if test is None else bool(test[k])
            self.points.append(Placed(float(x), float(y), float(label), is_test))
            self.placed += 1

    def undo(self) -> bool:
        """Back to before the last change; False when there is nothing to undo."""
        if not self._undo:
            return False
        self.points, self.placed, self.units = self._undo.pop()
        return True

    @property
    def counts(self) -> tuple[int, int]:
        """(train points, test points)."""
        test = sum(p.test for p in self.points)
        return len(self.points) - test, test

    def trainable(self) -> bool:
        train, test = self.counts
        return train > 0 and test > 0

    def dataset(self) -> Dataset:
        """The points as a read-only Dataset: train and test in the order placed."""
        def columns(points: list[Placed]) -> tuple[np.ndarray, np.ndarray]:
            xy = np.array([(p.x, p.y) for p in points], dtype=np.float64).reshape(-1, 2)
            y = np.array([p.label for p in points], dtype=np.float64)
            xy.flags.writeable = y.flags.writeable = False
            return xy, y

        train = columns([p for p in self.points if not p.test])
        test = columns([p for p in self.points if p.test])
        (train_xy, train_y), (test_xy, test_y) = train, test
        return Dataset(EDITED_NAME, 0, self.train_pct, train_xy, train_y, test_xy, test_y, self.units)
