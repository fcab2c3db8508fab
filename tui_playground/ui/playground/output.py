"""The output column's panel: what shows under (or, on a small terminal, in
place of) the big heatmap: the loss chart or the confusion matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..widgets.confusion_view import ConfusionView
from ..widgets.heatmap import BoundaryHeatmap
from ..widgets.loss_chart import LossChart

if TYPE_CHECKING:
    from textual.screen import Screen


class OutputPanel:
    """The panel of `screen`'s output column. `rows`: the panel's rows under
    the heatmap (0: no room, it takes the heatmap's place); `view`: what the
    user chose ("heatmap", "chart" or "confusion"; None: the size's default)."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.rows = 0
        self.view: str | None = None

    def shown(self) -> str:
        """What the output column shows besides the losses: "chart" or
        "confusion" under the heatmap when there is room; else the heatmap
        (at first), or the chart or the matrix in its place."""
        if self.rows:
            return "confusion" if self.view == "confusion" else "chart"
        return self.view or "heatmap"

    def place(self, rows: int | None = None) -> None:
        """Show what `shown()` says (with `rows` the panel's new height)."""
        if rows is not None:
            self.rows = rows
        shown, over = self.shown(), not self.rows  # over: in the heatmap's place
        query = self.screen.query_one
        query(BoundaryHeatmap).display = not over or shown == "heatmap"
        for view, name in ((query(LossChart), "chart"), (query(ConfusionView), "confusion")):
            view.display = shown == name
            view.styles.height = "1fr" if over else self.rows

    def cycle(self) -> None:
        order = ("chart", "confusion") if self.rows else ("heatmap", "chart", "confusion")
        self.view = order[(order.index(self.shown()) + 1) % len(order)]
        self.place()

    def show_heatmap(self) -> None:
        """Make sure the heatmap is on screen (points go on it)."""
        if not self.rows and self.shown() != "heatmap":
            self.view = "heatmap"
            self.place()

    def toggle_log(self) -> None:
        chart = self.screen.query_one(LossChart)
        chart.set_log_scale(not chart.log_scale)
        if not chart.display:
            self.screen.notify(f"Loss chart on a {'log' if chart.log_scale else 'linear'} scale (O shows it).")

    def toggle_confusion_set(self) -> None:
        matrix = self.screen.query_one(ConfusionView)
        matrix.toggle_set()
        if not matrix.display:
            self.screen.notify(f"Confusion matrix of the {matrix.set_name} set (O shows it).")
