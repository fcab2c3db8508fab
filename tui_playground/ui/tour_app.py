"""TourApp: `spiral-tui tour`, the founding video's experiment played by itself.

A small app around TourScreen with what its views need from an app: the data
palette and the TerminalPacer (the terminal's byte budget, bytes counted). It exits when the tour ends or on q.
"""

from __future__ import annotations

import os

from textual.app import App

from ..experiments import EXPERIMENT_TITLES, EXPERIMENTS
from .pacing import TerminalPacer
from .render.palette import Palette, palette_for
from .screens.dialog import open_palette
from .screens.tour import TourScreen
from .terminal_signals import exit_on_signals
from .theme import follow_theme, plain_palette


class TourApp(App[int]):
    """Plays experiment `name` with `seed`, `step_seconds` per step."""

    TITLE = "spiral-tui tour"
    CSS = "Screen { background: $background; }"

    def __init__(self, seed: str = "1", step_seconds: float = 8.0, *, name: str = "video",
                 epochs: int | None = None, max_kbps: float | None = None, environ=os.environ) -> None:
        super().__init__()
        self.steps = EXPERIMENTS[name](seed)
        self.tour_title = EXPERIMENT_TITLES.get(name, name)
        self.step_seconds = step_seconds
        self.epochs = epochs
        self.pacer = TerminalPacer(max_kbps, environ)
        self.palette: Palette = palette_for("truecolor", False)

    def on_mount(self) -> None:
        self.palette = plain_palette(self)
        follow_theme(self, plain_palette)
        self.pacer.attach(self)
        exit_on_signals(self)
        screen = TourScreen(self.steps, self.step_seconds, self.epochs, title=self.tour_title)
        self.push_screen(screen, lambda _result: self.exit(0))

    def action_command_palette(self) -> None:
        open_palette(self)  # a palette that closes once (screens/dialog.py)


def run_tour(seed: str = "1", step_seconds: float = 8.0, max_kbps: float | None = None,
             epochs: int | None = None) -> int:
    """Play the tour in this terminal; the exit code (0 when it ends or on q)."""
    app = TourApp(seed, step_seconds, epochs=epochs, max_kbps=max_kbps)
    app.run()
    return app.return_code or 0
