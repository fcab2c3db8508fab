"""LossBand: min / median / max test loss over many networks, against epochs."""

from __future__ import annotations

import numpy as np

from ..render.drawing import blank, put, put_text
from ..render.gallery_drawing import band_cells, band_summary
from ..render.palette import MUTED, TEXT
from .cells import CellCanvas


class LossBand(CellCanvas):
    """A title line (the latest min / median / max) over a band chart.

    `band`: (n, 4) rows of epoch, min, median, max test loss (see
    gallery_drawing.band_rows)."""

    DEFAULT_CSS = """
    LossBand { width: 1fr; height: 7; }
    """

    def __init__(self, title: str = "TEST LOSS OVER SEEDS", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.band = np.empty((0, 4))

    def show(self, band: np.ndarray) -> None:
        self.band = band
        self.redraw()

    def draw(self, rows: int, cols: int) -> np.ndarray:
        cells = blank(rows, cols)
        put_text(cells, 0, 0, self.title, MUTED, bold=True)
        put_text(cells, 0, len(self.title) + 2, band_summary(self.band), TEXT)
        if rows > 1:
            put(cells, 1, 0, band_cells(self.band, rows - 1, cols))
        return cells
