"""BoundaryHeatmap: the network's output over [-6, 6]^2 with the data on top."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ...engine.datasets import Dataset
from ..render.drawing import blank, label_slots, overlay_points, pixel_cells, square_picture, text_cells
from ..render.palette import MUTED
from .cells import CellCanvas

TRAIN_GLYPH, TEST_GLYPH = "●", "○"
MONO_TRAIN_NEG, MONO_TEST_NEG = "×", "+"  # class -1 under NO_COLOR


class BoundaryHeatmap(CellCanvas):
    """A square picture of half-block pixels, centred in the widget.

    `show(grid, data, ...)` sets what to draw; only cells whose quantized shade
    or point changed are sent to the terminal.
    """

    DEFAULT_CSS = """
    BoundaryHeatmap { width: 1fr; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.grid: np.ndarray | None = None
        self.data: "Dataset | None" = None
        self.problem = "classification"
        self.show_test = False
        self.discretize = False
        self.message = "starting…"

    @property
    def pixels(self) -> int:
        """Side of the square picture in pixels (= columns = 2 x rows)."""
        return max(2, min(self.size.width, 2 * self.size.height))

    def show(
        self,
        grid: np.ndarray | None,
        data: "Dataset | None" = None,
        *,
        problem: str = "classification",
        show_test: bool = False,
        discretize: bool = False,
        exact: bool = False,
    ) -> None:
        """grid: (res, res) output values, row 0 at y = +6 (None: show `message`).
        `exact`: all of it now, whatever the display profile's cell budget."""
        self.grid, self.data, self.problem = grid, data, problem
        self.show_test, self.discretize = show_test, discretize
        self.redraw(exact)

    def draw(self, rows: int, cols: int) -> np.ndarray:
        cells = blank(rows, cols)
        if self.grid is None:
            cells[rows // 2, :] = text_cells(self.message.center(cols), cols, MUTED)
            return cells
        n = self.pixels
        picture = square_picture(self.grid, n, self.palette.canonical, self.discretize)
        pic = pixel_cells(picture)
        if self.data is not None:
            self._points(pic, picture)
        top, left = (rows - n // 2) // 2, (cols - n) // 2
        cells[top : top + n // 2, left : left + n] = pic
        return cells

    def _points(self, pic: np.ndarray, picture: np.ndarray) -> None:
        d = self.data
        if self.show_test:
            self._overlay(pic, picture, d.test_xy, d.test_y, TEST_GLYPH, MONO_TEST_NEG)
        self._overlay(pic, picture, d.train_xy, d.train_y, TRAIN_GLYPH, MONO_TRAIN_NEG)

    def _overlay(self, pic, picture, xy, labels, glyph: str, mono_neg: str) -> None:
        slots = label_slots(labels, self.problem)
        if not self.palette.mono:
            overlay_points(pic, picture, xy, slots, glyph)
            return
        neg = labels < 0  # without colour the class needs its own glyph
        overlay_points(pic, picture, xy[~neg], slots[~neg], glyph)
        overlay_points(pic, picture, xy[neg], slots[neg], mono_neg)

