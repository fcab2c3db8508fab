"""DataPicker: the data sets as thumbnails (the playground's six, then blobs),
plus the classes, noise, train share and batch rows.

With 3 or more classes the multiclass sets' thumbnails (spiral, blobs) show
that many classes in their class colours; blobs shows at least 3 (picking it
brings 3 classes)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive

from ...config import CLASSIFICATION_DATASETS, DATASETS, MULTICLASS_DATASETS, Config
from ..render.classes import class_scatter_pixels
from ..render.drawing import blank, pixel_cells, put, put_text, scatter_pixels
from ..render.palette import ACCENT, MUTED, TEXT
from .cells import CellCanvas

# The tiles, in order: the playground's six, then the multiclass-only blobs.
TILES = DATASETS + tuple(d for d in MULTICLASS_DATASETS if d not in DATASETS)
# Names that do not fit a narrow tile (6 cells at 80x24), abbreviated, not cut.
NARROW = {"reg-plane": "rplane", "reg-gauss": "rgauss"}
# (label, config field) of the value rows under the tiles.
VALUE_ROWS = (("classes", "classes"), ("noise", "noise"), ("train %", "train_pct"), ("batch", "batch"))


def sample_key(name: str, classes: int) -> str | tuple[str, int]:
    """Which sample a tile draws: a multiclass set with the classes it would
    train with (at least 3 for blobs), any other set its two-class points."""
    if name not in MULTICLASS_DATASETS:
        return name
    k = max(classes, 3) if name not in CLASSIFICATION_DATASETS else classes
    return name if k == 2 else (name, k)


class DataPicker(CellCanvas, can_focus=True):
    """Arrows move the cursor, Enter picks a data set; on a value row
    left/right change it. Shows the current data set highlighted.
    Mouse: a click on a tile picks it; on a value row a click on its left
    half steps it down, on its right half up, and so does the wheel."""

    # In the footer while it has the focus (ui/playground/modes.py): the arrows as one key.
    BINDINGS = [
        Binding("up", "move(-2)", "Move", key_display="↑ ↓ ← →", tooltip="Choose a data set or value"),
        Binding("down", "move(2)", "Down", show=False),
        Binding("left", "side(-1)", "Left", show=False),
        Binding("right", "side(1)", "Right", show=False),
        Binding("enter", "choose", "Take", tooltip="Take the data set (a value row: arrows step it)"),
        Binding("escape", "leave", "Done", tooltip="The keys back to the main screen"),
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
        self.cursor = TILES.index(data) if data in TILES else 0
        self.samples: dict = {}

    def watch_config(self) -> None:
        self.cursor = max(0, min(self.cursor, len(TILES) + len(VALUE_ROWS) - 1))
        self.redraw()

    def set_samples(self, samples: dict) -> None:
        """sample_key(name, classes) -> (xy (n, 2), labels (n,)) points to draw
        each thumbnail from (see playground/thumbnails.py)."""
        self.samples = samples
        self.redraw()

    # ---- drawing -----------------------------------------------------------

    def tile_size(self, cols: int, rows: int = 1000) -> int:
        """Tile width: as wide as two fit side by side (4..10), and no taller
        than lets the title, the tiles, the value rows and a file's name fit."""
        tile_rows = (len(TILES) + 1) // 2
        room = (rows - 2 - len(VALUE_ROWS) - 2) // tile_rows - 1  # lines per tile picture
        return max(4, min(10, (cols - 1) // 2 - 1, 2 * room))

    def draw(self, rows: int, cols: int) -> np.ndarray:
        cells = blank(rows, cols)
        put_text(cells, 0, 0, "DATA", ACCENT if self.has_focus else MUTED, bold=True)
        tw = self.tile_size(cols, rows)
        y = 1
        right = max(tw + 2, (cols + 1) // 2)  # the right tile as far right as the column allows
        for k, name in enumerate(TILES):
            col = k % 2
            x = col * right
            self._tile(cells, y, x, tw, name, k, room=right - 1 if col == 0 else cols - x)
            if col == 1 or k == len(TILES) - 1:
                y += tw // 2 + 1
        for k, (label, field) in enumerate(VALUE_ROWS):
            here = self.has_focus and self.cursor == len(TILES) + k
            text = f"{label:<8}{getattr(self.config, field):>3}"
            put_text(cells, y + k, 0, ("◂ " if here else "  ") + text + (" ▸" if here else ""), ACCENT if here else TEXT)
            half = (len(text) + 4) // 2
            self.hit(y + k, 0, 1, half, ("value", k, -1))
            self.hit(y + k, half, 1, half, ("value", k, 1))
        if self.config.data_file:  # own points: no tile is chosen, the file's name is the data set
            put_text(cells, y + len(VALUE_ROWS) + 1, 0, "• " + self.config.data_name, ACCENT, bold=True)
        return cells

    def _tile(self, cells: np.ndarray, y: int, x: int, tw: int, name: str, k: int, room: int) -> None:
        """Tile `k` (data set `name`) at (y, x): its picture, and under it its
        name in `room` cells (abbreviated where it must be, never cut)."""
        chosen = name == self.config.data_name
        key = sample_key(name, self.config.classes)
        if key in self.samples:
            xy, labels = self.samples[key]
            if isinstance(key, tuple):  # K classes in their colours
                px = class_scatter_pixels(xy, labels, tw)
            else:
                problem = "classification" if name in CLASSIFICATION_DATASETS else "regression"
                px = scatter_pixels(xy, labels, problem, tw)
            put(cells, y, x + 1, pixel_cells(px))
        mark = "▸" if self.has_focus and self.cursor == k else ("•" if chosen else "")
        label = name if len(name) <= room else NARROW.get(name, name)
        color = ACCENT if chosen else MUTED
        if len(mark) + len(label) + 1 <= room + 1 and (mark or len(label) < room):
            put_text(cells, y + tw // 2, x, (mark or " ") + label, color, bold=chosen)
        else:  # no room for the mark before the name: it goes left of the picture
            put_text(cells, y + tw // 2 - 1, x, mark, color, bold=chosen)
            put_text(cells, y + tw // 2, x, label, color, bold=chosen)
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
            self.cursor = len(TILES) + target[1]
            self.redraw()
            self.action_side(delta)

    # ---- keys --------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        """Up/down: a tile row (delta -2, 2) or a value row; below the last
        tiles come the value rows, above the first value row the last tile."""
        tiles, n = len(TILES), len(TILES) + len(VALUE_ROWS)
        here = self.cursor
        if here >= tiles:
            there = tiles - 1 if here == tiles and delta < 0 else here + (1 if delta > 0 else -1)
        else:
            there = here + delta if here + delta < tiles else tiles
        self.cursor = max(0, min(n - 1, there))
        self.redraw()

    def action_side(self, delta: int) -> None:
        if self.cursor < len(TILES):
            self.cursor = max(0, min(len(TILES) - 1, self.cursor + delta))
            self.redraw()
            return
        field = VALUE_ROWS[self.cursor - len(TILES)][1]
        self.post_message(self.ValueStepped(field, delta))

    def action_leave(self) -> None:
        self.screen.set_focus(None)

    def action_choose(self) -> None:
        if self.cursor < len(TILES):
            self.post_message(self.DataChosen(TILES[self.cursor]))
