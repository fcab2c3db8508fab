"""PlaygroundApp: the app around the PlaygroundScreen (playground/screen.py).

The app holds what every screen shares: the terminal's frame pacer (fps cap
and byte budget, pacing.py), the data palette (which follows the theme), and
the command palette's entries. The main screen owns the keys, the trainer
(through its TrainingWorker) and the actions.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.screen import Screen

from ..config import Config
from .dialogs.dialog import open_palette
from .lessons.desk import LESSON_BINDINGS, LESSON_KEYS, LessonDesk
from .lessons.picker import LessonPicker
from .output.recording import LIVE, DisplayProfile, OutputPipe, piped_driver, run_piped
from .playground.keys import APP_ACTIONS, KEYS, screen_bindings
from .playground.screen import PlaygroundScreen
from .render.palette import Palette, palette_for
from .runtime.pacing import TerminalPacer
from .runtime.terminal_signals import exit_on_signals
from .runtime.theme import follow_theme, theme_palette
from .runtime.toasts import OneToast
from .runtime.worker import CommandFailed

if TYPE_CHECKING:
    from ..engine.training import Trainer
    from ..lessons.lesson_file import Lesson

__all__ = ["KEYS", "PlaygroundApp", "make_app", "run"]


GIL_SWITCH_S = 0.001


class PlaygroundApp(OneToast, App[int]):
    """The playground: data, features, network, output; trains live."""

    CSS_PATH = "app.tcss"
    TITLE = "spiral-tui"
    BINDINGS = screen_bindings(app=True) + LESSON_BINDINGS

    def __init__(self, config: Config, *, autostart: bool = False, max_kbps: float | None = None,
                 trainer: Trainer | None = None, environ=os.environ, profile: DisplayProfile = LIVE,
                 pipe: OutputPipe | None = None, lesson: Lesson | None = None) -> None:
        self.pipe = pipe if pipe is not None else OutputPipe()
        super().__init__(driver_class=piped_driver(self.get_driver_class(), self.pipe) if self.pipe.active else None)
        self.pacer = TerminalPacer(max_kbps, environ, profile)
        self.palette: Palette = palette_for("truecolor", False)
        self.playground = PlaygroundScreen(config, autostart=autostart, trainer=trainer)
        self.lessons = LessonDesk(self, lesson)  # the open lesson's panel and keys (ui/lessons)

    def on_mount(self) -> None:
        self.palette = theme_palette(self)
        follow_theme(self, theme_palette)
        self.pacer.attach(self)
        exit_on_signals(self)
        self.pipe.on_stop = lambda reason: self.call_later(self.notify, reason, severity="error", timeout=10)
        # The UI thread and the training thread share the GIL (all the time on
        # the uncompiled path; between slices on the compiled one). A thread
        # that wants it gets it after at most this long: 1 ms instead of
        # Python's 5 keeps keys and slice boundaries prompt.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(GIL_SWITCH_S)
        self.call_after_refresh(self.lessons.start)

    def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)

    def on_command_failed(self, message: CommandFailed) -> None:
        """A worker's command failed: one line, and the app goes on."""
        self.notify(message.text, severity="error", timeout=8)

    def on_resize(self, event) -> None:
        self.pipe.resized(event.size.width, event.size.height)
        self.lessons.resized(event.size.width, event.size.height)

    def get_default_screen(self) -> Screen:
        return self.playground

    @property
    def config(self) -> Config:
        """The experiment on the main screen."""
        return self.playground.config

    @property
    def trainer(self) -> Trainer | None:
        """The main screen's trainer, once compiled (read it while paused)."""
        return self.playground.trainer

    def action_command_palette(self) -> None:
        open_palette(self)  # a palette that closes once (ui/dialogs/dialog.py)

    def action_lesson(self, what: str) -> None:
        self.lessons.act(what)

    def action_lesson_list(self) -> None:
        self.push_screen(LessonPicker(self.lessons.progress), self.lessons.chosen)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if screen is not self.playground:  # e.g. the gallery: its own keys only
            return
        yield SystemCommand("Lessons", "exercises with goals checked as you train", self.action_lesson_list)
        if self.lessons.state is not None:
            for key, what, description in LESSON_KEYS:
                yield SystemCommand(description, f"key: {key.upper()}", partial(self.action_lesson, what))
        for key in KEYS:
            target = self if key.action in APP_ACTIONS else self.playground
            yield SystemCommand(key.description, f"key: {key.label}", partial(target.run_action, key.action))
        yield SystemCommand("Tour: which networks learn which data (the founding video)",
                            "spiral-tui tour, played here; training pauses, q comes back", self.action_tour)

    def action_tour(self) -> None:
        """The tour over the playground (paused: the tour trains its own networks)."""
        from .tour.app import play_over

        self.playground.playing = False
        play_over(self)


def make_app(config: Config, autostart: bool = False, max_kbps: float | None = None,
             trainer: Trainer | None = None, *, profile: DisplayProfile = LIVE,
             pipe: OutputPipe | None = None, lesson: Lesson | None = None) -> PlaygroundApp:
    """The app for `config`, or for an existing `trainer` (tests and the CLI share
    this); with `lesson`, that lesson open over the main screen."""
    return PlaygroundApp(config, autostart=autostart, max_kbps=max_kbps, trainer=trainer, profile=profile, pipe=pipe,
                         lesson=lesson)


def run(config: Config, *, max_kbps: float | None = None, trainer: Trainer | None = None,
        profile: DisplayProfile = LIVE, pipe: OutputPipe | None = None, lesson: Lesson | None = None) -> int:
    """Run the playground in this terminal; the exit code. With `trainer`
    (e.g. a loaded session) the app continues it instead of starting afresh.
    `pipe`: what the app writes goes through it (leaner output, a cast)."""
    app = make_app(config, max_kbps=max_kbps, trainer=trainer, profile=profile, pipe=pipe, lesson=lesson)
    return run_piped(app, app.pipe)


if __name__ == "__main__":
    raise SystemExit(run(Config()))
