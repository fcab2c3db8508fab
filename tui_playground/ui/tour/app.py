"""TourApp: `spiral-tui tour`, the founding video's experiment played by itself.

A small app around TourScreen with what its views need from an app: the data
palette and the TerminalPacer (the terminal's byte budget, bytes counted, the
display profile). After the last step it shows the summary table (TourSummary);
it exits when that closes, or on q.
"""

from __future__ import annotations

import os

from textual.app import App

from ...sweeps.presets import EXPERIMENT_TITLES, EXPERIMENTS, Step
from ..dialogs.dialog import open_palette
from ..output.recording import LIVE, DisplayProfile, OutputPipe, piped_driver, run_piped
from ..render.palette import Palette, palette_for
from ..runtime.pacing import TerminalPacer
from ..runtime.terminal_signals import exit_on_signals
from ..runtime.theme import follow_theme, plain_palette
from ..runtime.toasts import OneToast
from ..runtime.worker import CommandFailed
from .screen import TourScreen
from .summary import HOLD_S, TourSummary


class TourApp(OneToast, App[int]):
    """Plays experiment `name` with `seed`, `step_seconds` per step (or
    `steps` titled `title`: a lesson played by itself, ui/lessons/play.py)."""

    TITLE = "spiral-tui tour"
    CSS = "Screen { background: $background; }"

    def __init__(self, seed: str = "1", step_seconds: float = 8.0, *, name: str = "video",
                 epochs: int | None = None, max_kbps: float | None = None, environ=os.environ,
                 profile: DisplayProfile = LIVE, pipe: OutputPipe | None = None,
                 steps: tuple[Step, ...] | None = None, title: str | None = None) -> None:
        self.pipe = pipe if pipe is not None else OutputPipe()
        super().__init__(driver_class=piped_driver(self.get_driver_class(), self.pipe) if self.pipe.active else None)
        self.steps = steps if steps is not None else EXPERIMENTS[name](seed)
        self.tour_title = title or EXPERIMENT_TITLES.get(name, name)
        self.step_seconds = step_seconds
        self.epochs = epochs
        self.pacer = TerminalPacer(max_kbps, environ, profile)
        self.palette: Palette = palette_for("truecolor", False)

    def on_mount(self) -> None:
        self.palette = plain_palette(self)
        follow_theme(self, plain_palette)
        self.pacer.attach(self)
        exit_on_signals(self)
        self.pipe.on_stop = lambda reason: self.call_later(self.notify, reason, severity="error", timeout=10)
        self.tour = TourScreen(self.steps, self.step_seconds, self.epochs, title=self.tour_title)
        self.push_screen(self.tour, self._tour_over)

    def _tour_over(self, losses: list[float] | None) -> None:
        if losses is None:  # quit with q
            self.exit(0)
            return
        hold = max(2.0, min(HOLD_S, self.step_seconds))  # short steps (tests, quick demos) hold less
        summary = TourSummary(self.steps, losses, title=self.tour_title, hold_s=hold, accuracies=self.tour.accuracies)
        self.push_screen(summary, lambda _r: self.exit(0))

    def on_command_failed(self, message: CommandFailed) -> None:
        """A worker's command failed: one line, and the tour goes on."""
        self.notify(message.text, severity="error", timeout=8)

    def on_resize(self, event) -> None:
        self.pipe.resized(event.size.width, event.size.height)

    def action_command_palette(self) -> None:
        open_palette(self)  # a palette that closes once (ui/dialogs/dialog.py)


IN_APP_HOLD_S = 120.0  # over the playground the summary waits to be read (q, esc or enter closes it)


def play_over(app: App, name: str = "video", seed: str = "1", step_seconds: float = 8.0) -> None:
    """Play experiment `name` over `app`'s screen (the playground's command
    palette starts it there), then its summary; q in either goes back."""
    steps, title = EXPERIMENTS[name](seed), EXPERIMENT_TITLES.get(name, name)
    tour = TourScreen(steps, step_seconds, title=title)

    def over(losses: list[float] | None) -> None:
        if losses is not None:
            app.push_screen(TourSummary(steps, losses, title=title, hold_s=IN_APP_HOLD_S, accuracies=tour.accuracies))

    app.push_screen(tour, over)


def run_tour(seed: str = "1", step_seconds: float = 8.0, max_kbps: float | None = None,
             epochs: int | None = None, *, profile: DisplayProfile = LIVE, pipe: OutputPipe | None = None) -> int:
    """Play the tour in this terminal; the exit code (0 when it ends or on q).
    `pipe`: what the app writes goes through it (leaner output, a cast)."""
    app = TourApp(seed, step_seconds, epochs=epochs, max_kbps=max_kbps, profile=profile, pipe=pipe)
    return run_piped(app, app.pipe)
