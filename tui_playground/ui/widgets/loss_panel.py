"""LossPanel: train and test loss (3 decimals) and their sparklines."""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.widget import Widget

from ..render.drawing import sparkline


class LossPanel(Widget):
    """Two lines: label, loss, a sparkline of the whole history on one scale."""

    DEFAULT_CSS = """
    LossPanel { height: 2; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.history = np.empty((0, 3))
        self.train = self.test = float("nan")

    def show(self, train: float, test: float, history: np.ndarray) -> None:
        """history: (n, 3) rows of epoch, train loss, test loss."""
        self.train, self.test, self.history = train, test, history
        self.refresh()

    def render(self) -> Text:
        width = max(0, self.size.width - 18)
        h = self.history
        values = h[:, 1:3][np.isfinite(h[:, 1:3])] if len(h) else np.empty(0)
        lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        text = Text(no_wrap=True, overflow="crop")
        for k, (name, value, style) in enumerate((("Train", self.train, "bold"), ("Test ", self.test, "dim"))):
            text.append(f"{name} loss ", style="dim")
            text.append(f"{value:6.3f}" if np.isfinite(value) else "   NaN", style="bold")
            text.append(" ")
            text.append(sparkline(h[:, 1 + k], width, lo, hi) if len(h) else "", style=style)
            if k == 0:
                text.append("\n")
        return text
