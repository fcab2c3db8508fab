"""TourApp: `spiral-tui tour`, the founding video's experiment played by itself.

A small app around TourScreen with what its views need from an app: the data
palette, a FramePacer with the terminal's byte budget, and a count of the
bytes written. It exits when the tour ends or on q.
"""

from __future__ import annotations

import os

from textual.app import App

from ..experiments import EXPERIMENT_TITLES, EXPERIMENTS
from .palette import Palette, palette_for
from .recording import LIVE, DisplayProfile, OutputPipe, piped_driver
from .screens.tour import TourScreen
from .screens.tour_summary import HOLD_S, TourSummary
from .terminal_bytes import ByteCounting


class TourApp(ByteCounting, App[int]):
    """Plays experiment `name` with `seed`, `step_seconds` per step."""

    TITLE = "spiral-tui tour"
    CSS = "Screen { background: $background; }"

    def __init__(self, seed: str = "1", step_seconds: float = 8.0, *, name: str = "video",
                 epochs: int | None = None, max_kbps: float | None = None, environ=os.environ,
                 profile: DisplayProfile = LIVE, pipe: OutputPipe | None = None) -> None:
        self.profile = profile
        self.pipe = pipe if pipe is not None else OutputPipe(profile.lean_output)
        driver = piped_driver(self.get_driver_class(), self.pipe) if self.pipe.active else None
        super().__init__(driver_class=driver)
        self.steps = EXPERIMENTS[name](seed)
        self.tour_title = EXPERIMENT_TITLES.get(name, name)
        self.step_seconds = step_seconds
        self.epochs = epochs
        self.pacer = self.make_pacer(max_kbps, environ)
        if profile.bytes_per_s is not None and max_kbps is None:
            from .pacing import FramePacer
            self.pacer = FramePacer(profile.bytes_per_s, profile.fps, total_bytes=lambda: self.bytes_written)
        self.palette: Palette = palette_for("truecolor", False)

    def count_bytes(self) -> None:
        if self.pipe.active:  # count what really goes out, after the filter
            self.pacer._total = lambda: self.pipe.bytes_out
            self.pacer._counted = self.pipe.bytes_out
            type(self).bytes_written = property(lambda app: app.pipe.bytes_out, lambda app, v: None)
        else:
            super().count_bytes()

    def on_mount(self) -> None:
        self.palette = palette_for(self.console.color_system, self.no_color, levels=self.profile.shade_levels)
        self.count_bytes()
        screen = TourScreen(self.steps, self.step_seconds, self.epochs, title=self.tour_title)
        self.push_screen(screen, self._tour_over)

    def _tour_over(self, losses) -> None:
        if losses is None:
            self.exit(0)
        else:
            hold = max(2.0, min(HOLD_S, self.step_seconds))
            self.push_screen(TourSummary(self.steps, losses, title=self.tour_title, hold_s=hold),
                             lambda _r: self.exit(0))

    def on_resize(self, event) -> None:
        self.pipe.resized(event.size.width, event.size.height)


def run_tour(seed: str = "1", step_seconds: float = 8.0, max_kbps: float | None = None,
             epochs: int | None = None, profile: DisplayProfile = LIVE, pipe: OutputPipe | None = None) -> int:
    """Play the tour in this terminal; the exit code (0 when it ends or on q)."""
    app = TourApp(seed, step_seconds, epochs=epochs, max_kbps=max_kbps, profile=profile, pipe=pipe)
    try:
        app.run()
    finally:
        app.pipe.close()
    return app.return_code or 0
