"""Placing points by hand on the big heatmap (key m): what the editor's keys do.

The heatmap owns the cursor and sends `BoundaryHeatmap.PointEdit` messages;
this class keeps the edited set (engine.point_editor.PointEditor) and hands it
to the trainer through the worker after every change, so training goes on, live,
on the new points. Each point keeps the split it got when placed (the train
share decides: at 50% every second point is a test point). The edited set is
the trainer's data: a saved session keeps it, `E` writes it as CSV and `i`
reads such a CSV back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .render.classes import TRAIN_GLYPHS
from .widgets.heatmap import BoundaryHeatmap

if TYPE_CHECKING:  # the engine loads after the first frame
    from textual.screen import Screen

    from ..engine.point_editor import PointEditor

HELP = "enter/click add · c class · del nearest · C clear · u undo · esc done"


class PointEditing:
    """The points editor of `screen` (the PlaygroundScreen: config, worker,
    render_now, notify)."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.editor: PointEditor | None = None
        self.label = 1.0  # the class a new point gets: +1/-1, or 0..K-1

    @property
    def active(self) -> bool:
        return self.editor is not None

    def heatmap(self) -> BoundaryHeatmap:
        return self.screen.query_one(BoundaryHeatmap)

    def start(self) -> None:
        """Edit the points the trainer uses now (taken between two slices)."""
        if self.screen.worker is None:
            return
        self.screen.playing = False
        self.screen.worker.submit(lambda t: t.data, self._started)

    def _started(self, data) -> None:
        from ..engine.point_editor import PointEditor

        config = self.screen.config
        self.editor = PointEditor.from_dataset(data, config.train_pct)
        self.label = 0.0 if config.classes > 2 else 1.0
        self.heatmap().edit_points(True)
        self.screen.notify(f"Placing points: {HELP}. Training goes on with space.", timeout=8)
        self.screen.render_now()

    def stop(self) -> None:
        if self.editor is not None:
            self.editor = None
            self.heatmap().edit_points(False)

    def title(self) -> str:
        """The output title while editing: the class a new point gets, the counts."""
        train, test = self.editor.counts
        K = self.screen.config.classes
        cls = f"class {int(self.label)} {TRAIN_GLYPHS[int(self.label)]}" if K > 2 else (
            "blue +1" if self.label > 0 else "orange -1")
        return f"POINTS  {cls}  {train} train {test} test"

    def edit(self, message: BoundaryHeatmap.PointEdit) -> None:
        action, editor = message.action, self.editor
        if editor is None:
            return
        if action == "done":
            self.stop()
        elif action == "class":
            K = self.screen.config.classes
            self.label = (self.label + 1) % K if K > 2 else -self.label
        elif action == "add":
            editor.add(message.x, message.y, self.label)
        elif action == "delete":
            editor.delete_nearest(message.x, message.y)
        elif action == "clear":
            editor.clear()
        elif action == "undo" and not editor.undo():
            self.screen.notify("Nothing to undo.", severity="warning")
        if action in ("add", "delete", "clear", "undo"):
            self._train_on_points()
        self.screen.render_now()

    def _train_on_points(self) -> None:
        if not self.editor.trainable():
            train, test = self.editor.counts
            self.screen.notify(f"{train} train and {test} test points: the network trains on the new set "
                               "once it has at least one of each.", severity="warning")
            return
        data = self.editor.dataset()
        self.screen.worker.submit(lambda t: t.set_data(data))
