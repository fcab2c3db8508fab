"""FeatureList: the seven input features, each with a tiny heatmap and its state."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive

from ...config import Config
from ...engine.features import FEATURE_NAMES, FEATURES
from ..render.drawing import blank, faded, pixel_cells, put, put_text, resample
from ..render.palette import ACCENT, MUTED, TEXT, shades
from .cells import CellCanvas


class FeatureList(CellCanvas, can_focus=True):
    """Up/down move, Enter toggles (keys 1-7 toggle from anywhere); a click toggles."""

    # In the footer while it has the focus (ui/playground/modes.py).
    BINDINGS = [
        Binding("up", "move(-1)", "Move", key_display="↑ ↓", tooltip="Choose a feature"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("enter", "toggle", "On/off", tooltip="The feature on / off"),
        Binding("escape", "leave", "Done", tooltip="The keys back to the main screen"),
    ]

    config: reactive[Config] = reactive(Config, init=False, repaint=False)
    """The experiment (bound to the screen's): which features are on."""

    @dataclass
    class Toggled(Message):
        """The user toggled feature `number` (1-7, FEATURE_NAMES order)."""

        number: int

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(FeatureList.config, config)
        self.cursor = 0
        self.maps: np.ndarray | None = None  # (7, res, res) feature values

    def watch_config(self) -> None:
        self.redraw()

    def set_maps(self, maps: np.ndarray) -> None:
        """(7, res, res): each feature's value over the plane, FEATURE_NAMES order."""
        self.maps = maps
        self.redraw()

    def draw(self, rows: int, cols: int) -> np.ndarray:
        cells = blank(rows, cols)
        put_text(cells, 0, 0, "FEATURES", ACCENT if self.has_focus else MUTED, bold=True)
        tw = 6 if cols >= 16 and rows >= 23 else 4
        step = max(1, min(tw // 2 + 1, (rows - 1) // len(FEATURE_NAMES)))
        for k, name in enumerate(FEATURE_NAMES):
            self._row(cells, 1 + k * step, tw, k, name)
            self.hit(1 + k * step, 0, step, cols, k)
        return cells

    def _row(self, cells: np.ndarray, y: int, tw: int, k: int, name: str) -> None:
        on = name in self.config.features
        if self.maps is not None:
            px = shades(resample(self.maps[k], tw, tw))
            put(cells, y, 0, pixel_cells(px if on else faded(px)))
        here = self.has_focus and self.cursor == k
        label = f"{k + 1}{'▸' if here else ' '}{FEATURES[name].label}"
        put_text(cells, y, tw + 1, label, ACCENT if here else (TEXT if on else MUTED), bold=on)

    def action_move(self, delta: int) -> None:
        self.cursor = max(0, min(len(FEATURE_NAMES) - 1, self.cursor + delta))
        self.redraw()

    def clicked(self, target) -> None:
        if target is not None:
            self.cursor = target
            self.redraw()
            self.action_toggle()

    def action_leave(self) -> None:
        self.screen.set_focus(None)

    def action_toggle(self) -> None:
        self.post_message(self.Toggled(self.cursor + 1))
