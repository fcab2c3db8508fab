"""TileGrid: many small live heatmaps, each with a caption, one selected."""

from __future__ import annotations

import numpy as np

from ..render.drawing import blank, put_text
from ..render.gallery_drawing import MIN_SIDE, TileLayout, fit_caption, format_loss, grid_cells, tile_cells, tile_layout
from ..render.palette import MUTED
from .cells import CellCanvas


class TileGrid(CellCanvas):
    """Tiles in `order`; the page holding the selected member is shown.

    `labels[i]`, `grids[i]` ((res, res) output values or None) and
    `losses[i]` (test loss) describe member i; `selected` is a member index.
    """

    DEFAULT_CSS = """
    TileGrid { width: 1fr; height: 1fr; }
    """

    def __init__(self, labels: list[str], *, min_side: int = MIN_SIDE, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = list(labels)
        self.grids: list[np.ndarray | None] = [None] * len(labels)
        self.losses = np.full(len(labels), np.nan)
        self.order = np.arange(len(labels))
        self.selected = 0
        self.min_side = min_side
        self.discretize = False
        self.dim: set[int] = set()  # members drawn muted (e.g. not trained yet)
        self.message = ""

    @property
    def layout(self) -> TileLayout:
        return tile_layout(self.size.width, self.size.height, len(self.labels), self.min_side)

    @property
    def side(self) -> int:
        """Picture side in pixels of the current layout (grids need no more)."""
        return self.layout.side

    @property
    def position(self) -> int:
        """Where the selected member is in `order`."""
        at = np.flatnonzero(self.order == self.selected)
        return int(at[0]) if len(at) else 0  # an order being replaced may lack it for a moment

    def show(self, grids: list[np.ndarray | None], losses: np.ndarray, order: np.ndarray | None = None) -> None:
        self.grids, self.losses = list(grids), np.asarray(losses, dtype=float)
        if order is not None:
            self.order = np.asarray(order)
        self.select(self.selected)  # the members may be fewer now

    def select(self, member: int) -> None:
        """Select member `member` (kept among the members there are)."""
        self.selected = max(0, min(member, len(self.labels) - 1))
        self.redraw()

    def draw(self, rows: int, cols: int) -> np.ndarray:
        if self.message:
            cells = blank(rows, cols)
            put_text(cells, rows // 2, 0, self.message.center(cols), MUTED)
            return cells
        layout = tile_layout(cols, rows, len(self.labels), self.min_side)
        page = self.position // layout.per_page
        members = self.order[page * layout.per_page : (page + 1) * layout.per_page]
        canonical = self.palette.canonical
        tiles = [tile_cells(self.grids[i], layout.side, canonical,
                            fit_caption(self.labels[i], self._value(i), layout.side),
                            selected=i == self.selected, discretize=self.discretize, dim=i in self.dim)
                 for i in members]
        return grid_cells(rows, cols, layout, tiles)

    def _value(self, member: int) -> str:
        """The caption's number: test loss, once there is a picture."""
        return format_loss(self.losses[member]) if self.grids[member] is not None else ""
