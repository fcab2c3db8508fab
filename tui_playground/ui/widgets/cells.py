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
from textual.timer import Timer
from textual.widget import Widget

from ..render.cell_budget import settle_cells
from ..render.drawing import blank, changed_spans, row_runs
from ..render.palette import Palette

# What pixel runs are written with (drawing.row_runs): colours, not characters to read.
PIXEL_TEXT = frozenset("▀▄█ ")

# Repaint the whole widget when this share of its cells changed: one region
# is cheaper to book-keep than hundreds of spans and sends about the same
# bytes. (A share of rows is not enough: a frame under a cell budget touches
# most rows a little.)
FULL_REPAINT_SHARE = 0.9
CATCH_UP_S = 0.25  # after the last frame, changes held back by the cell budget follow


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
        self._wanted: np.ndarray | None = None  # the state's cells, maybe not all on screen yet
        self._catch_up_timer: Timer | None = None
        self._exact_next = False

    @property
    def palette(self) -> Palette:
        return self.app.palette  # type: ignore[attr-defined]

    def draw(self, rows: int, cols: int) -> np.ndarray:
        """(rows, cols) cells for the current state."""
        return blank(rows, cols)

    def redraw(self, exact: bool = False) -> None:
        """Compute the cells again and repaint the spans that changed (`exact`:
        all of them now, whatever the display profile's cell budget)."""
        rows, cols = self.size.height, self.size.width
        if not self.is_mounted or rows <= 0 or cols <= 0:
            self._exact_next = self._exact_next or exact
            return
        self._next_hits = []
        cells = self.draw(rows, cols)
        self.hits, self._next_hits = self._next_hits, []
        self.paint(cells, exact=exact or self._exact_next)
        self._exact_next = False

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

    def paint(self, cells: np.ndarray, exact: bool = False) -> None:
        """Show `cells`: the ones that changed, at most the display profile's
        cell budget of them now (the most visible first), the rest later."""
        self._wanted = cells
        pacer = getattr(self.app, "pacer", None)
        budget = None if exact or pacer is None else pacer.profile.cell_budget(cells.size)
        cells, pending = settle_cells(self._cells, cells, budget)
        self._schedule_catch_up(pending > 0)
        spans = changed_spans(self._cells, cells)
        self._cells = cells
        if not spans:
            return
        extent: dict[int, tuple[int, int]] = {}  # row -> its changed columns, first to last
        for y, x0, x1 in spans:
            a, b = extent.get(y, (x0, x1))
            extent[y] = (min(a, x0), max(b, x1))
        for y in extent:
            self._strips.pop(y, None)
        if sum(x1 - x0 for _y, x0, x1 in spans) >= FULL_REPAINT_SHARE * cells.size:
            self.refresh()
        else:
            # One region per row: Textual sends a row from the widget's left edge
            # to the region's end, once per region.
            for y, (x0, x1) in extent.items():
                self.refresh(Region(x0, y, x1 - x0, 1))

    def _schedule_catch_up(self, pending: bool) -> None:
        """Changes a frame held back are painted CATCH_UP_S after the last
        paint (frames that keep coming paint them anyway, most visible first)."""
        timer = self._catch_up_timer
        if not pending:
            if timer is not None:
                timer.stop()
                self._catch_up_timer = None
        elif timer is None:
            self._catch_up_timer = self.set_timer(CATCH_UP_S, self._catch_up)
        else:
            timer.reset()

    def _catch_up(self) -> None:
        self._catch_up_timer = None
        if self._wanted is not None and self._cells is not None and self.is_mounted:
            self.paint(self._wanted)

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
        segments = [Segment(text, (palette.style if PIXEL_TEXT.issuperset(text) else palette.glyph_style)(fg, bg, bold))
                    for text, fg, bg, bold in row_runs(row, palette.mono)]
        return Strip(segments, len(row))
