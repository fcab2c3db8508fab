"""Placing points by hand on the big heatmap (key m): what the editor's keys do.

The heatmap owns the cursor and sends `BoundaryHeatmap.PointEdit` messages;
this class keeps the edited set (engine.point_editor.PointEditor) and hands it
to the trainer through the worker after every change, so training goes on, live,
on the new points. Each point keeps the split it got when placed (the train
share decides: at 50% every second point is a test point). The edited set is
the trainer's data: a saved session keeps it. `ctrl+s` saves the edited points
as CSV (x, y, label, split: the format `--data` reads) and `ctrl+o` loads such a
file back into the editor, splits and all (`ctrl+e` and `i` do the same for the
whole run). Both ask for a path in a dialog; a bad path or file is one line there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ...config import ConfigError
from ..dialogs.file_dialogs import AskDialog
from ..render.classes import TRAIN_GLYPHS
from ..widgets.heatmap import BoundaryHeatmap
from ..widgets.network_view import first_fit

if TYPE_CHECKING:  # the engine loads after the first frame
    from textual.screen import Screen

    from ...engine.point_editor import PointEditor

PLANE = 6.0  # the heatmap shows [-6, 6] on both axes
HELP = "arrows move · enter/click add · c C class · del nearest · ctrl+z undo · ctrl+x clear · ctrl+s save · ctrl+o load · esc done"
POINTS_FILE = "points.csv"


class PointEditing:
    """The points editor of `screen` (the PlaygroundScreen: config, worker,
    render_now, notify)."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.editor: PointEditor | None = None
        self.label = 1.0  # the class a new point gets: +1/-1, or 0..K-1
        self.path = POINTS_FILE  # the file last saved or loaded: the dialogs offer it

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
        from ...engine.point_editor import PointEditor

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

    def title(self, width: int = 1000) -> str:
        """The output title while editing, in `width` columns: the class a new
        point gets, the counts."""
        train, test = self.editor.counts
        K = self.screen.config.classes
        cls = f"class {int(self.label)} {TRAIN_GLYPHS[int(self.label)]}" if K > 2 else (
            "blue +1" if self.label > 0 else "orange -1")
        return first_fit(width, f"POINTS  {cls}  {train} train {test} test", f"POINTS {cls} {train} train {test} test",
                         f"POINTS {cls} tr {train} te {test}", f"POINTS {cls.split()[-1]} {train}/{test}")

    def edit(self, message: BoundaryHeatmap.PointEdit) -> None:
        action, editor = message.action, self.editor
        if editor is None:
            return
        if action == "done":
            self.stop()
        elif action in ("class", "class_back"):
            K, step = self.screen.config.classes, 1 if action == "class" else -1
            self.label = (self.label + step) % K if K > 2 else -self.label
        elif action == "add":
            editor.add(message.x, message.y, self.label)
        elif action == "delete":
            editor.delete_nearest(message.x, message.y)
        elif action == "clear":
            editor.clear()
        elif action == "undo" and not editor.undo():
            self.screen.notify("Nothing to undo.", severity="warning")
        elif action == "save":
            self.screen.app.push_screen(AskDialog(
                "Save the points", self.save, value=self.path, placeholder=POINTS_FILE,
                hint="As CSV x, y, label, split, plane_x, plane_y (the format i reads); replaces an existing file."))
        elif action == "load":
            self.screen.app.push_screen(AskDialog(
                "Load points", self.load, value=self.path, placeholder=POINTS_FILE,
                hint="Any CSV that i reads (x, y, label; split train/test, else by the train share); "
                     "a file ctrl+s wrote is placed exactly. Its labels set the classes. Replaces the points (ctrl+z undoes).",
                checks=(("rescale", "fit the points into the plane (rescale)", True),)))
        if action in ("add", "delete", "clear", "undo"):
            self._train_on_points()
        self.screen.render_now()

    def save(self, name: str, _checks: dict[str, bool] | None = None) -> str | None:
        """Write the edited points to `name` (atomically): None, or a one-line error."""
        from ...files.exports import OutputError, dataset_csv, write_atomic

        if self.editor is None:
            return "not placing points (press m)"
        if not name:
            return "give a file name"
        points = self.editor.dataset()
        try:
            path = write_atomic(Path(name).expanduser(), dataset_csv(points, self.screen.config.problem))
        except OutputError as exc:
            return f"{name}: {exc}"
        except OSError as exc:
            return f"{name}: {exc.strerror or exc}"
        self.path = name
        train, test = self.editor.counts
        self.screen.notify(f"Saved {train} train and {test} test points to {path}")
        return None

    def load(self, name: str, checks: dict[str, bool] | None = None) -> str | None:
        """Replace the edited points with a CSV's (undoable): None, or a one-line
        error. Its labels decide the classes (a run of another count switches)."""
        from ...engine.datafile import DataFileError

        if self.editor is None:
            return "not placing points (press m)"
        if not name:
            return "give the path of a CSV file"
        try:
            points = self._read(os.path.expanduser(name), bool((checks or {}).get("rescale", True)))
            if points.classes != self.screen.config.classes and points.problem == "classification":
                self._switch_classes(points.classes)
        except (DataFileError, ConfigError) as exc:
            return str(exc)
        self.editor.load(points.points, points.test, self._units(points))
        self.path = name
        self.label = 0.0 if points.classes > 2 else 1.0
        self.screen.notify(points.description + ("; splits as written" if points.test else ""), timeout=8)
        self._warn_outside(points.points)
        self._train_on_points()
        self.screen.render_now()
        return None

    def _read(self, path: str, rescale: bool):
        """The file's points: with the run's class count if the file has it (labels
        that are class values already stay, see datafile.load_points), else with
        its own. Raises DataFileError."""
        from ...engine.datafile import ClassCountError, load_points

        config = self.screen.config
        try:
            return load_points(path, rescale, config.problem, config.classes, keep_classes=True, plane_columns=True)
        except ClassCountError:
            return load_points(path, rescale, config.problem, None, keep_classes=True, plane_columns=True)

    def _switch_classes(self, classes: int) -> None:
        """The run takes the file's class count (a generated set of that many
        while the edited points are trained on); editing goes on. Raises ConfigError."""
        editor = self.editor
        config = self.screen.config
        base = config.with_data("spiral") if config.data_file else config
        self.screen.apply_config(base.with_classes(classes))  # ends the editing: new data
        self.editor = editor
        self.heatmap().edit_points(True)

    @staticmethod
    def _units(points):
        from ...engine.datasets import Units

        return Units(points.offset, points.scale, points.class_names, points.label_range)

    def _warn_outside(self, points) -> None:
        outside = sum(abs(x) > PLANE or abs(y) > PLANE for x, y, _ in points)
        if outside:
            self.screen.notify(f"{outside} of {len(points)} points fall outside the plane (-{PLANE:g} to {PLANE:g}): "
                               "tick rescale to fit them in.", severity="warning", timeout=8)

    def _train_on_points(self) -> None:
        if not self.editor.trainable():
            train, test = self.editor.counts
            self.screen.notify(f"{train} train and {test} test points: the network trains on the new set "
                               "once it has at least one of each.", severity="warning")
            return
        data = self.editor.dataset()
        self.screen.worker.submit(lambda t: t.set_data(data))
