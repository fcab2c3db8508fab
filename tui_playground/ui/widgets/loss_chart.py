"""LossChart: train and test loss over the epochs, on a linear or log scale
(log by itself when the losses span more than a decade, until one is chosen),
with a cursor that reads off one epoch (render/loss_chart.py draws it)."""

from __future__ import annotations

import numpy as np
from textual.binding import Binding

from ..render.loss_chart import (
    chart_cells,
    column_of_row,
    nearest_row,
    plot_width,
    row_at_column,
    spans_a_decade,
)
from .cells import CellCanvas


class LossChart(CellCanvas):
    """Focus it (Tab, or a click) for a cursor: left/right move it a column,
    home/end to the first/last epoch, escape hides it and gives the keys back. The readout in its
    title row shows the epoch and both losses under the cursor (the latest
    epoch without one)."""

    DEFAULT_CSS = """
    LossChart { width: 1fr; height: 8; }
    """
    can_focus = True
    BINDINGS = [
        # In the footer while it has the focus (ui/playground/modes.py).
        Binding("left", "move(-1)", "Cursor", key_display="← →", tooltip="Move the cursor an epoch or more"),
        Binding("right", "move(1)", "Cursor right", show=False),
        Binding("home", "jump('first')", "First"),
        Binding("end", "jump('last')", "Last"),
        Binding("escape", "hide_cursor", "Done", tooltip="Hide the cursor; the keys back to the main screen"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.history = np.empty((0, 3))
        self.loss = "square"
        self.chosen_scale: bool | None = None  # log (True) or linear (False) as chosen with I; None: by the data
        self.cursor_epoch: float | None = None  # the cursor stays on its epoch while training goes on

    def show(self, history: np.ndarray, loss: str = "square") -> None:
        """history: (n, 3) rows of epoch, train loss, test loss (Trainer.history),
        all under the loss function `loss`."""
        self.history, self.loss = history, loss
        self.redraw()

    @property
    def log_scale(self) -> bool:
        """The scale drawn: the one chosen, else log when the losses span more than a decade."""
        return self.chosen_scale if self.chosen_scale is not None else spans_a_decade(self.history)

    def set_log_scale(self, log: bool) -> None:
        self.chosen_scale = log
        self.redraw()

    @property
    def cursor(self) -> int | None:
        """The history row under the cursor, or None."""
        if self.cursor_epoch is None or not len(self.history):
            return None
        return nearest_row(self.history, self.cursor_epoch)

    def draw(self, rows: int, cols: int) -> np.ndarray:
        width = plot_width(cols)
        for x in range(width):  # a click on a column puts the cursor there
            self.hit(1, cols - width + x, max(1, rows - 1), 1, x)
        return chart_cells(self.history, rows, cols, self.log_scale, self.cursor, self.has_focus, self.loss)

    def clicked(self, target) -> None:
        if target is not None and len(self.history):
            self.cursor_epoch = float(self.history[row_at_column(self.history, plot_width(self.size.width), target), 0])
            self.redraw()

    def on_focus(self) -> None:  # CellCanvas.on_focus redraws after it (Textual calls both)
        if self.cursor_epoch is None and len(self.history):
            self.cursor_epoch = float(self.history[-1, 0])

    def action_move(self, delta: int) -> None:
        """One plot column left or right; at least one history row (a short
        history has fewer rows than the plot has columns)."""
        h, row = self.history, self.cursor
        if row is None:
            return self.action_jump("last")
        width = plot_width(self.size.width)
        column = column_of_row(h, width, row)
        target = row
        while target == row and 0 <= column + delta < width:
            column += delta
            target = row_at_column(h, width, column)
        if target == row:  # no further column: the next row, if there is one
            target = max(0, min(len(h) - 1, row + delta))
        self.cursor_epoch = float(h[target, 0])
        self.redraw()

    def action_jump(self, where: str) -> None:
        if len(self.history):
            self.cursor_epoch = float(self.history[0 if where == "first" else -1, 0])
            self.redraw()

    def action_hide_cursor(self) -> None:
        self.cursor_epoch = None
        self.redraw()
        self.screen.set_focus(None)
