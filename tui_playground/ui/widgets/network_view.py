"""NetworkView: a compact picture of the hidden layers and the output neuron.

Each column is a layer with its neuron count on top and a small heatmap per
neuron (its output over the plane). The selected layer is where +/- add and
remove neurons.
"""

from __future__ import annotations

import numpy as np
from textual.binding import Binding

from ...config import MAX_NEURONS, Config
from ..drawing import blank, pixel_cells, put, put_text, resample
from ..messages import CommandRequested
from ..palette import ACCENT, MUTED, TEXT, shades
from .cells import CellCanvas


class NetworkView(CellCanvas, can_focus=True):
    """Left/right choose a layer; + and - change its neurons; h/H add/remove a layer."""

    BINDINGS = [
        Binding("left", "select(-1)", "Prev layer", show=False),
        Binding("right", "select(1)", "Next layer", show=False),
    ]

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config
        self.selected = 0  # index of the selected hidden layer
        self.grids: list[np.ndarray] | None = None  # per layer (n, res, res)

    def set_config(self, config: Config) -> None:
        self.config = config
        self.selected = min(self.selected, max(0, len(config.layers) - 1))
        self.redraw()

    def show(self, grids: list[np.ndarray] | None) -> None:
        """grids: per layer, inputs first, output last; each (n_neurons, res, res)."""
        self.grids = grids
        self.redraw()

    def on_focus(self) -> None:
        self.redraw()

    def on_blur(self) -> None:
        self.redraw()

    def action_select(self, delta: int) -> None:
        self.post_message(CommandRequested(f"select_layer({self.selected + delta})"))

    def draw(self, rows: int, cols: int) -> np.ndarray:
        cells = blank(rows, cols)
        layers = self.config.layers
        title = f"NETWORK  {len(layers)} hidden layer{'' if len(layers) == 1 else 's'}"
        if len(title) > cols:
            title = f"NETWORK {len(layers)}L"
        put_text(cells, 0, 0, title, ACCENT if self.has_focus else MUTED, bold=True)
        ncols = len(layers) + 1
        tw, th, step = thumb_size(cols, rows, ncols)
        pitch = tw + 2
        left = max(0, (cols - ncols * pitch) // 2)
        for k, n in enumerate((*layers, 1)):
            self._column(cells, 2, left + k * pitch, (tw, th, step), k, n, k == len(layers))
        hint = "+/- neurons  h/H layers  ←/→ select"
        if rows > 4 and len(hint) <= cols:
            put_text(cells, rows - 1, 0, hint, MUTED)
        return cells

    def _column(self, cells: np.ndarray, y: int, x: int, size: tuple[int, int, int], k: int, n: int, output: bool) -> None:
        tw, th, step = size
        chosen = not output and k == self.selected
        head = "out" if output else f"{n}"
        fg = ACCENT if chosen else (MUTED if output else TEXT)
        put_text(cells, y - 1, x, ("▸" if chosen else " ") + head.center(tw), fg, bold=chosen)
        grid = self.grids[k + 1] if self.grids is not None and k + 1 < len(self.grids) else None
        for i in range(n):
            yy = y + i * step
            if grid is not None and i < len(grid):
                put(cells, yy, x + 1, pixel_cells(shades(resample(grid[i], 2 * th, tw))))
            else:
                put_text(cells, yy, x + 1, "·" * tw, MUTED)


def thumb_size(cols: int, rows: int, ncols: int) -> tuple[int, int, int]:
    """(width, rows, row pitch) of a neuron picture: as big as lets 8 neurons
    stand in a column and every column fit; square when there is room."""
    by_width = max(2, min(10, (cols - 2) // max(ncols, 1) - 2))
    per_neuron = max(1, (rows - 4) // MAX_NEURONS)
    if per_neuron == 1:
        return min(4, by_width), 1, 1
    th = min(per_neuron - 1, by_width // 2)
    return min(2 * th, by_width), th, th + 1
