"""DataPicker: the six data sets as thumbnails, plus noise, train share and batch."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive

from ...config import CLASSIFICATION_DATASETS, DATASETS, Config
from ..render.drawing import blank, pixel_cells, put, put_text, scatter_pixels
from ..render.palette import ACCENT, MUTED, TEXT
from .cells import CellCanvas

# (label, config field) of the value rows under the tiles.
VALUE_ROWS = (("noise", "noise"), ("train %", "train_pct"), ("batch", "batch"))


class DataPicker(CellCanvas, can_focus=True):
    """Arrows move the cursor, Enter picks a data set; on a value row
    left/right change it. Shows the current data set highlighted.
    Mouse: a click on a tile picks it; on a value row a click on its left
    half steps it down, on its right half up, and so does the wheel."""

    BINDINGS = [
        Binding("up", "move(-2)", "Up", show=False),
        Binding("down", "move(2)", "Down", show=False),
        Binding("left", "side(-1)", "Left", show=False),
        Binding("right", "side(1)", "Right", show=False),
        Binding("enter", "choose", "Choose", show=False),
    ]

    config: reactive[Config] = reactive(Config, init=False, repaint=False)
    """The experiment (bound to the screen's): the chosen data set and values."""

    @dataclass
    class DataChosen(Message):
        """The user picked data set `name`."""

        name: str

    @dataclass
    class ValueStepped(Message):
        """The user stepped value row `field` (a Config field) by `delta` steps."""

        field: str
        delta: int

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(DataPicker.config, config)
        data = config.dataset if config.data_file else config.data_name  # a points file has no thumbnail
        self.cursor = DATASETS.index(data) if data in DATASETS else 0
        self.samples: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def watch_config(self) -> None:
        self.cursor = max(0, min(self.cursor, len(DATASETS) + len(VALUE_ROWS) - 1))
        self.redraw()

    def set_samples(self, samples: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
        """name -> (xy (n, 2), labels (n,)) points to draw each thumbnail from."""
        self.samples = samples
        self.redraw()

    # ---- drawing -----------------------------------------------------------

    def tile_size(self, cols: int) -> int:
        return max(4, min(10, (cols - 1) // 2 - 1))

    def draw(self, rows: int, cols: int) -> np.ndarray:
        cells = blank(rows, cols)
        put_text(cells, 0, 0, "DATA", ACCENT if self.has_focus else MUTED, bold=True)
        tw = self.tile_size(cols)
        y = 1
        for k, name in enumerate(DATASETS):
            col = k % 2
            self._tile(cells, y, col * (tw + 2), tw, name, k)
            if col == 1:
                y += tw // 2 + 1
        for k, (label, field) in enumerate(VALUE_ROWS):
            here = self.has_focus and self.cursor == len(DATASETS) + k
            text = f"{label:<8}{getattr(self.config, field):>3}"
            put_text(cells, y + k, 0, ("◂ " if here else "  ") + text + (" ▸" if here else ""), ACCENT if here else TEXT)
            half = (len(text) + 4) // 2
            self.hit(y + k, 0, 1, half, ("value", k, -1))
            self.hit(y + k, half, 1, half, ("value", k, 1))
        if self.config.data_file:  # own points: no tile is chosen, the file's name is the data set
            put_text(cells, y + len(VALUE_ROWS) + 1, 0, "• " + self.config.data_name, ACCENT, bold=True)
        return cells

    def _tile(self, cells: np.ndarray, y: int, x: int, tw: int, name: str, k: int) -> None:
        chosen = name == self.config.data_name
        if name in self.samples:
            xy, labels = self.samples[name]
            problem = "classification" if name in CLASSIFICATION_DATASETS else "regression"
            put(cells, y, x + 1, pixel_cells(scatter_pixels(xy, labels, problem, tw)))
        mark = "▸" if self.has_focus and self.cursor == k else ("•" if chosen else " ")
        put_text(cells, y + tw // 2, x, mark + name[: tw + 1], ACCENT if chosen else MUTED, bold=chosen)
        self.hit(y, x, tw // 2 + 1, tw + 2, ("data", k))

    # ---- mouse -------------------------------------------------------------

    def clicked(self, target) -> None:
        if target is None:
            return
        if target[0] == "data":
            self.cursor = target[1]
            self.redraw()
            self.action_choose()
        else:
            self.scrolled(target, target[2])

    def scrolled(self, target, delta: int) -> None:
        if target[0] == "value":
            self.cursor = len(DATASETS) + target[1]
            self.redraw()
            self.action_side(delta)

    # ---- keys --------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        n = len(DATASETS) + len(VALUE_ROWS)
        if self.cursor >= len(DATASETS):
            delta = -1 if delta < 0 else 1  # value rows: one per line
        self.cursor = max(0, min(n - 1, self.cursor + delta))
        self.redraw()

    def action_side(self, delta: int) -> None:
        if self.cursor < len(DATASETS):
            self.cursor = max(0, min(len(DATASETS) - 1, self.cursor + delta))
            self.redraw()
            return
        field = VALUE_ROWS[self.cursor - len(DATASETS)][1]
        self.post_message(self.ValueStepped(field, delta))

    def action_choose(self) -> None:
        if self.cursor < len(DATASETS):
            self.post_message(self.DataChosen(DATASETS[self.cursor]))
