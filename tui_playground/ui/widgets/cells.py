"""CellCanvas: a Line API widget that shows a cell array and repaints only
the spans of cells that changed (see drawing.py).

Mouse: while drawing, subclasses mark what is where with `hit(...)`; a press
of the left button calls `clicked(target)` with what was drawn under it."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.segment import Segment
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from ..render.drawing import blank, changed_spans, row_runs
from ..render.palette import Palette

# Repaint the whole widget when this share of its rows changed: one region
# is cheaper to book-keep than hundreds of spans and sends about the same bytes.
FULL_REPAINT_SHARE = 0.9


class CellCanvas(Widget):
    """Base for views drawn as cells. Subclasses implement `draw(rows, cols)`
    and call `redraw()` when what they show changes; for the mouse they call
    `hit()` in `draw` and implement `clicked()` (and `scrolled()`)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._cells: np.ndarray | None = None
        self._strips: dict[int, Strip] = {}
        self.hits: list[tuple[int, int, int, int, Any]] = []  # (y, x, h, w, target) of the cells shown
        self._next_hits: list[tuple[int, int, int, int, Any]] = []

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
        self._next_hits = []
        cells = self.draw(rows, cols)
        self.hits, self._next_hits = self._next_hits, []
        self.paint(cells)

    # ---- mouse ---------------------------------------------------------------

    def hit(self, y: int, x: int, h: int, w: int, target: Any) -> None:
        """While drawing: the (h, w) cells at (y, x) show `target` (later marks win)."""
        self._next_hits.append((y, x, h, w, target))

    def target_at(self, x: int, y: int) -> Any:
        """What was drawn at cell (x, y), or None."""
        for ty, tx, h, w, target in reversed(self.hits):
            if ty <= y < ty + h and tx <= x < tx + w:
                return target
        return None

    def centre_of(self, target: Any) -> tuple[int, int] | None:
        """(x, y) of a cell showing `target` (tests click there), or None."""
        for ty, tx, h, w, t in reversed(self.hits):
            if t == target:
                return tx + w // 2, ty + h // 2
        return None

    def clicked(self, target: Any) -> None:
        """The left button went down on `target` (None: on nothing)."""

    def scrolled(self, target: Any, delta: int) -> None:
        """The wheel turned over `target`: +1 up, -1 down."""

    # The press, not the Click, acts: focusing a view can change the layout
    # (the network view widens) before the button comes up, and the hit map
    # of the press is the picture the user aimed at.
    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button == 1:
            self.clicked(self.target_at(event.x, event.y))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(event, 1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(event, -1)

    def _scroll(self, event: events.MouseEvent, delta: int) -> None:
        target = self.target_at(event.x, event.y)
        if target is not None:
            event.stop()
            self.scrolled(target, delta)

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
