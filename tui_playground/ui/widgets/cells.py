"""CellCanvas: a Line API widget that shows a cell array and repaints only
the spans of cells that changed (see drawing.py)."""

from __future__ import annotations

import numpy as np
from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from ..drawing import blank, changed_spans, row_runs
from ..palette import Palette

# Repaint the whole widget when this share of its rows changed: one region
# is cheaper to book-keep than hundreds of spans and sends about the same bytes.
FULL_REPAINT_SHARE = 0.9


class CellCanvas(Widget):
    """Base for views drawn as cells. Subclasses implement `draw(rows, cols)`
    and call `redraw()` when what they show changes."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._cells: np.ndarray | None = None
        self._strips: dict[int, Strip] = {}

    @property
    def palette(self) -> Palette:
        return self.app.palette  # type: ignore[attr-defined]

    def draw(self, rows: int, cols: int) -> np.ndarray:
        """(rows, cols) cells for the current state."""
        return blank(rows, cols)

    def redraw(self) -> None:
        """Compute the cells again and repaint the spans that changed."""
        rows, cols = self.size.height, self.size.width
        if not self.is_mounted or rows <= 0 or cols <= 0:
            return
        self.paint(self.draw(rows, cols))

    def paint(self, cells: np.ndarray) -> None:
        spans = changed_spans(self._cells, cells)
        self._cells = cells
        if not spans:
            return
        rows = {y for y, _, _ in spans}
        for y in rows:
            self._strips.pop(y, None)
        if len(rows) >= FULL_REPAINT_SHARE * cells.shape[0]:
            self.refresh()
        else:
            for y, x0, x1 in spans:
                self.refresh(Region(x0, y, x1 - x0, 1))

    def repaint_all(self) -> None:
        """Forget what is on screen (palette or size changed) and draw afresh."""
        self._cells = None
        self._strips.clear()
        self.redraw()
        self.refresh()

    def on_resize(self) -> None:
        self.repaint_all()

    def on_focus(self) -> None:
        self.call_later(self.redraw)  # has_focus is set only after this handler runs

    def on_blur(self) -> None:
        self.call_later(self.redraw)

    def render_line(self, y: int) -> Strip:
        cells = self._cells
        width = self.size.width
        if cells is None or y >= cells.shape[0] or cells.shape[1] != width:
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(y)
        if strip is None:
            strip = self._strips[y] = self._build_strip(cells[y])
        return strip

    def _build_strip(self, row: np.ndarray) -> Strip:
        palette = self.palette
        style = palette.style
        segments = [Segment(text, style(fg, bg, bold)) for text, fg, bg, bold in row_runs(row, palette.mono)]
        return Strip(segments, len(row))
