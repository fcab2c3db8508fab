"""LossPanel: train and test loss (3 decimals) and their sparklines, and on
the main screen a third line: the metrics (accuracy, or RMSE and R²)."""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.widget import Widget

from ..render.drawing import sparkline
from ..render.metrics_text import metrics_text


class LossPanel(Widget):
    """Two lines: label, loss, a sparkline of the whole history on one scale;
    with `with_metrics`, a third: what Trainer.metrics() measured."""

    DEFAULT_CSS = """
    LossPanel { height: 2; width: 1fr; }
    LossPanel.-with-metrics { height: 3; }
    """

    def __init__(self, *, id: str | None = None, with_metrics: bool = False) -> None:
        super().__init__(id=id, classes="-with-metrics" if with_metrics else None)
        self.with_metrics = with_metrics
        self.history = np.empty((0, 3))
        self.train = self.test = float("nan")
        self.metrics: tuple | None = None

    def show(self, train: float, test: float, history: np.ndarray, metrics: tuple | None = None) -> None:
        """history: (n, 3) rows of epoch, train loss, test loss; metrics:
        Trainer.metrics()'s (train, test) of the same state, or None to keep
        the last ones (a numbers-only frame measures nothing)."""
        self.train, self.test, self.history = train, test, history
        if metrics is not None:
            self.metrics = metrics
        self.refresh()

    def metrics_line(self) -> str:
        return metrics_text(self.metrics, self.size.width)

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
        if self.with_metrics:
            line = Text(self.metrics_line(), style="dim")
            line.highlight_regex(r"([0-9.]+%?|—) ?", "bold not dim")  # with the space after: no run starts with one
            text.append("\n")
            text.append_text(line)
        return text
