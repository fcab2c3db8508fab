"""ConfusionView: the confusion matrix of the train or the test set
(render/confusion.py draws it; the counts are Trainer.metrics()')."""

from __future__ import annotations

import math

import numpy as np

from ..render.confusion import confusion_cells
from .cells import CellCanvas


class ConfusionView(CellCanvas):
    """Rows true class, columns predicted; `set_name` "test" (at first) or "train"."""

    DEFAULT_CSS = """
    ConfusionView { width: 1fr; height: 8; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.metrics: tuple | None = None
        self.set_name = "test"

    def show(self, metrics: tuple | None) -> None:
        """metrics: Trainer.metrics()'s (train, test); None keeps the last."""
        if metrics is not None:
            self.metrics = metrics
            self.redraw()

    def toggle_set(self) -> None:
        self.set_name = "train" if self.set_name == "test" else "test"
        self.redraw()

    def matrix(self) -> np.ndarray | None:
        """The counts shown, or None when there are none."""
        if self.metrics is None:
            return None
        m = self.metrics[0 if self.set_name == "train" else 1]
        return m.confusion if hasattr(m, "accuracy") and math.isfinite(m.accuracy) else None

    def note(self) -> str:
        if self.metrics is None:
            return "not measured yet"
        m = self.metrics[1]
        if not hasattr(m, "accuracy"):
            return "regression: no classes (RMSE, R² above)"
        return "the network diverged: no predictions"

    def draw(self, rows: int, cols: int) -> np.ndarray:
        return confusion_cells(self.matrix(), rows, cols, self.set_name, note=self.note())
