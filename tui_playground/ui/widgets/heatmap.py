"""BoundaryHeatmap: the network's output over [-6, 6]^2 with the data on top."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ...engine.datasets import Dataset
from ..render.classes import TEST_GLYPHS, TRAIN_GLYPHS, class_picture, overlay_class_points, winner_picture
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
        self.class_maps: np.ndarray | None = None  # (K, res, res) class probabilities
        self.class_index: int | None = None  # `grid` is this class's probability
        self.num_classes = 2
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
        classes: int = 2,
        class_maps: np.ndarray | None = None,
        class_index: int | None = None,
    ) -> None:
        """grid: (res, res) output values, row 0 at y = +6 (None: show `message`).
        With 3 or more `classes` (labels are class numbers): `class_maps`
        (K, res, res) draws the winning class per pixel; else `class_index` k
        says `grid` is class k's probability."""
        self.grid, self.data, self.problem = grid, data, problem
        self.show_test, self.discretize = show_test, discretize
        self.num_classes, self.class_maps, self.class_index = classes, class_maps, class_index
        self.redraw()

    def draw(self, rows: int, cols: int) -> np.ndarray:
        cells = blank(rows, cols)
        if self.grid is None:
            cells[rows // 2, :] = text_cells(self.message.center(cols), cols, MUTED)
            return cells
        n = self.pixels
        pic = pixel_cells(picture := self._picture(n))
        if self.data is not None:
            self._points(pic, picture)
        top, left = (rows - n // 2) // 2, (cols - n) // 2
        cells[top : top + n // 2, left : left + n] = pic
        return cells

    def _picture(self, n: int) -> np.ndarray:
        """(n - n % 2, n) colour slots of the picture."""
        if self.class_maps is not None:
            return winner_picture(self.class_maps, n, self.discretize)
        if self.class_index is not None:
            return class_picture(self.class_index, self.grid, n - n % 2, n)
        return square_picture(self.grid, n, self.palette.canonical, self.discretize)

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
        overlay_points(pic, picture, xy[~neg], slots[~neg], glyph)
        overlay_points(pic, picture, xy[neg], slots[neg], mono_neg)

