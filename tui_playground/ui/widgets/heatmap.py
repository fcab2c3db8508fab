"""BoundaryHeatmap: the network's output over [-6, 6]^2 with the data on top."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from textual import events
from textual.binding import Binding
from textual.message import Message

if TYPE_CHECKING:
    from ...engine.datasets import Dataset
from ..render.classes import (
    TEST_GLYPHS,
    TRAIN_GLYPHS,
    class_picture,
    legend,
    mono_region_cells,
    overlay_class_points,
    two_class_regions,
    winner_picture,
    winner_regions,
)
from ..render.drawing import (
    blank,
    cell,
    label_slots,
    overlay_points,
    pixel_cells,
    put_text,
    resample,
    square_picture,
    text_cells,
)
from ..render.palette import ACCENT, FIRST_CLASS_SLOT, LEVELS, MUTED
from ..runtime.arrow_keys import arrow_bindings
from .cells import CellCanvas

TRAIN_GLYPH, TEST_GLYPH = "●", "○"
# Without colour a class -1 point needs a glyph of its own: class 1's (-1 is
# drawn as class 1 there, see render/classes.py); regression keeps ×/+.
MONO_TRAIN_NEG, MONO_TEST_NEG = TRAIN_GLYPHS[1], TEST_GLYPHS[1]
MONO_REGRESSION_NEG = ("×", "+")


class BoundaryHeatmap(CellCanvas):
    """A square picture of half-block pixels, centred in the widget.

    `show(grid, data, ...)` sets what to draw; only cells whose quantized shade
    or point changed are sent to the terminal.
    """

    DEFAULT_CSS = """
    BoundaryHeatmap { width: 1fr; height: 1fr; }
    """
    # Active while placing points (`editing`: only then can the heatmap take focus).
    BINDINGS = [
        *arrow_bindings("cursor({dx}, {dy})"),
        Binding("enter", "edit('add')", "Add", tooltip="Add a point at the cursor"),
        # c / C step the class a new point gets, forward and back (the app's one key grammar)
        Binding("c", "edit('class')", "Class", tooltip="The class a new point gets: next"),
        Binding("C", "edit('class_back')", "Class", show=False, tooltip="The class a new point gets: previous"),
        Binding("backspace,delete", "edit('delete')", "Del", tooltip="Delete the nearest point"),
        Binding("ctrl+z", "edit('undo')", "Undo", tooltip="Undo the last change"),
        Binding("ctrl+x", "edit('clear')", "Clear", tooltip="Clear all points"),
        Binding("ctrl+s", "edit('save')", "Save", tooltip="Save the points as CSV (the format i reads)"),
        Binding("ctrl+o", "edit('load')", "Load", tooltip="Load points from a CSV"),
        Binding("escape,m", "edit('done')", "Done"),
    ]

    @dataclass
    class PointEdit(Message):
        """While placing points: `action` (add, class, class_back, delete,
        clear, undo, save, load, done) at plane point (x, y), the cursor's."""

        action: str
        x: float
        y: float

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.grid: np.ndarray | None = None
        self.data: "Dataset | None" = None
        self.problem = "classification"
        self.show_test = False
        self.discretize = False
        self.class_maps: np.ndarray | None = None  # (K, res, res) class probabilities
        self.class_index: int | None = None  # `grid` is this class's probability
        self.num_classes = 2
        self.editing = False
        self.cursor = (0, 0)  # (column, row) of the editing cursor in the picture
        self.origin = (0, 0)  # (column, row) of the picture in the widget
        self.message = "starting…"

    @property
    def pixels(self) -> int:
        """Side of the square picture in pixels (= columns = 2 x rows). A row
        stays free for the legend where there is one: without colour (the fill
        glyph of each class) and with 3 or more classes (their colours)."""
        keyed = self.palette.mono or (self.num_classes > 2 and self.problem == "classification")
        rows = self.size.height - (1 if keyed and self.size.height > 4 else 0)
        return max(2, min(self.size.width, 2 * rows))

    def show(
        self,
        grid: np.ndarray | None,
        data: "Dataset | None" = None,
        *,
        problem: str = "classification",
        show_test: bool = False,
        discretize: bool = False,
        classes: int = 2,
        class_maps: np.ndarray | None = None,
        class_index: int | None = None,
        exact: bool = False,
    ) -> None:
        """grid: (res, res) output values, row 0 at y = +6 (None: show `message`).
        With 3 or more `classes` (labels are class numbers): `class_maps`
        (K, res, res) draws the winning class per pixel; else `class_index` k
        says `grid` is class k's probability. `exact`: all of it now, whatever
        the display profile's cell budget."""
        self.grid, self.data, self.problem = grid, data, problem
        self.show_test, self.discretize = show_test, discretize
        self.num_classes, self.class_maps, self.class_index = classes, class_maps, class_index
        self.redraw(exact)

    def draw(self, rows: int, cols: int) -> np.ndarray:
        cells = blank(rows, cols)
        if self.grid is None:
            cells[rows // 2, :] = text_cells(self.message.center(cols), cols, MUTED)
            return cells
        n = self.pixels
        picture = self._picture(n)
        regions = self.palette.mono and self.problem == "classification"
        pic = self._mono_regions(n) if regions else pixel_cells(picture)
        if self.data is not None:
            self._points(pic, picture)
        if self.editing:
            c, r = self.cursor = (min(self.cursor[0], n - 1), min(self.cursor[1], n // 2 - 1))
            pic[r, c] = cell("+", ACCENT, int(picture[2 * r, c]), bold=True)
        key = self._legend() if rows > n // 2 else None
        top, left = (rows - n // 2 - (key is not None)) // 2, (cols - n) // 2
        cells[top : top + n // 2, left : left + n] = pic
        if key is not None:
            self._draw_legend(cells, top + n // 2, key)
        self.origin = (left, top)
        return cells

    # ---- the legend: which glyph (and colour) is which class -------------------

    def _legend(self) -> str | None:
        """Shown under the picture when a row is free: always without colour
        (the fill glyphs are the only key to the regions), and with 3 or more classes."""
        if self.problem != "classification" or not (self.palette.mono or self.num_classes > 2):
            return None
        return legend(self.num_classes, self.palette.mono)

    def _draw_legend(self, cells: np.ndarray, y: int, text: str) -> None:
        x = max(0, (cells.shape[1] - len(text)) // 2)
        put_text(cells, y, x, text, MUTED)
        start = 0
        for k, entry in enumerate(text.split("  ")):  # each class's glyphs in its colour
            put_text(cells, y, x + start, entry[:3], FIRST_CLASS_SLOT + k * LEVELS + LEVELS - 1)
            start += len(entry) + 2

    # ---- placing points ------------------------------------------------------

    def edit_points(self, on: bool) -> None:
        """Start or stop placing points: the heatmap takes the keys and the clicks."""
        self.editing = self.can_focus = on
        if on:
            n = self.pixels
            self.cursor = (n // 2, n // 4)
            self.focus()
        elif self.has_focus:  # the keys go back to the screen
            self.screen.set_focus(None)
        self.redraw()

    def plane_point(self) -> tuple[float, float]:
        """The cursor cell's centre in plane coordinates ([-6, 6]^2, y up)."""
        n = self.pixels
        c, r = self.cursor
        return -6 + (c + 0.5) * 12 / n, 6 - (r + 0.5) * 12 / (n // 2)

    def action_cursor(self, dx: int, dy: int) -> None:
        n = self.pixels
        self.cursor = (max(0, min(n - 1, self.cursor[0] + dx)), max(0, min(n // 2 - 1, self.cursor[1] + dy)))
        self.redraw()

    def action_edit(self, action: str) -> None:
        self.post_message(self.PointEdit(action, *self.plane_point()))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """While placing points, a click puts a point where it lands."""
        if not self.editing or event.button != 1:
            return
        left, top = self.origin
        c, r = event.x - left, event.y - top
        n = self.pixels
        if 0 <= c < n and 0 <= r < n // 2:
            self.cursor = (c, r)
            self.redraw()
            self.action_edit("add")

    def _picture(self, n: int) -> np.ndarray:
        """(n - n % 2, n) colour slots of the picture."""
        if self.class_maps is not None:
            return winner_picture(self.class_maps, n, self.discretize)
        if self.class_index is not None:
            return class_picture(self.class_index, self.grid, n - n % 2, n)
        return square_picture(self.grid, n, self.palette.canonical, self.discretize)

    def _mono_regions(self, n: int) -> np.ndarray:
        """(n // 2, n) character cells: each cell's winning class as its fill
        glyph, denser where the winner is surer (render/classes.py)."""
        rows = n // 2
        if self.class_maps is not None:
            p = np.stack([resample(m, rows, n) for m in self.class_maps])
            return mono_region_cells(*winner_regions(p, self.discretize))
        if self.class_index is not None:  # one class's probability: blank where it is low
            p = resample(self.grid, rows, n)
            return mono_region_cells(np.full(p.shape, self.class_index), p, floor=0)
        return mono_region_cells(*two_class_regions(resample(self.grid, rows, n), self.discretize))

    def _points(self, pic: np.ndarray, picture: np.ndarray) -> None:
        d = self.data
        if self.num_classes > 2:
            if self.show_test:
                overlay_class_points(pic, picture, d.test_xy, d.test_y, TEST_GLYPHS)
            overlay_class_points(pic, picture, d.train_xy, d.train_y, TRAIN_GLYPHS)
            return
        if self.show_test:
            self._overlay(pic, picture, d.test_xy, d.test_y, TEST_GLYPH, MONO_TEST_NEG)
        self._overlay(pic, picture, d.train_xy, d.train_y, TRAIN_GLYPH, MONO_TRAIN_NEG)

    def _overlay(self, pic, picture, xy, labels, glyph: str, mono_neg: str) -> None:
        slots = label_slots(labels, self.problem)
        if not self.palette.mono:
            overlay_points(pic, picture, xy, slots, glyph)
            return
        neg = labels < 0  # without colour the class needs its own glyph
        if self.problem != "classification":
            mono_neg = MONO_REGRESSION_NEG[glyph == TEST_GLYPH]
        overlay_points(pic, picture, xy[~neg], slots[~neg], glyph)
        overlay_points(pic, picture, xy[neg], slots[neg], mono_neg)

