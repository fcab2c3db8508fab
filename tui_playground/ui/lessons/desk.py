"""LessonDesk: the open lesson in the app, held by the app.

It mounts a LessonPanel on the main screen (side panel or line, by size),
applies each step's setup (the step's config, exactly what `lesson --check`
trains, restarted from its seed), and listens to the snapshots the screen
draws: those are taken on the training thread, so the goal is checked
against what trains, whatever the student changed. A goal met marks the
step done in the progress file. Keys (LESSON_KEYS) are the app's.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from ...config import ConfigError, from_url
from ...lessons.lesson_file import Lesson
from ...lessons.measures import ACCURACY, snapshot_values
from ...lessons.progress import Progress
from .panel import LessonPanel, side_fits
from .view import LessonState, reflow

if TYPE_CHECKING:
    from ...engine.training import Snapshot
    from ..playground.screen import PlaygroundScreen

# (key, what, description): the app binds `lesson('what')` to each.
LESSON_KEYS = (
    ("f1", "text", "Lesson: the step's whole text"),
    ("f2", "hint", "Lesson: hint"),
    ("f3", "answer", "Lesson: apply the answer"),
    ("f4", "next", "Lesson: next step"),
    ("f5", "back", "Lesson: previous step"),
    ("f6", "close", "Lesson: close"),
)
LESSON_BINDINGS = [Binding(key, f"lesson('{what}')", description, show=False) for key, what, description in LESSON_KEYS]


class LessonDesk:
    """The app's open lesson (at most one), its panel and its keys."""

    # app: the SpiralApp (ui/app.py, which imports this module: typed Any here)
    def __init__(self, app: Any, lesson: Lesson | None = None, progress: Progress | None = None) -> None:
        self.app = app
        self.state: LessonState | None = None
        self._first = lesson
        self._progress = progress
        self.panel: LessonPanel | None = None

    @property
    def screen(self) -> PlaygroundScreen:
        playground: PlaygroundScreen = self.app.playground
        return playground

    @property
    def progress(self) -> Progress:
        if self._progress is None:  # read on first use: the app starts without touching the state folder
            self._progress = Progress()
        return self._progress

    def start(self) -> None:
        """Open the lesson the app was started with (after the screen's first layout)."""
        if self._first is not None:
            self.open(self._first)
            self._first = None

    # ---- opening and closing -----------------------------------------------------

    def open(self, lesson: Lesson) -> None:
        self.close()
        self.state = LessonState(lesson, done=self.progress.done(lesson.key))
        self._mount_panel()
        self.screen.snapshot_listeners.append(self.on_snapshot)
        self.go(0)

    def chosen(self, lesson: Lesson | None) -> None:
        """The list's answer: a lesson to open, or None (cancelled)."""
        if lesson is not None:
            self.open(lesson)

    def close(self) -> None:
        if self.state is None:
            return
        self.state = None
        if self.on_snapshot in self.screen.snapshot_listeners:
            self.screen.snapshot_listeners.remove(self.on_snapshot)
        if self.panel is not None:
            self.panel.remove()
            self.panel = None
        self.screen.side_room = (0, 0)
        self.screen.relayout()

    def _mount_panel(self, side: bool | None = None) -> None:
        if side is None:
            side = side_fits(self.app.size.width, self.app.size.height)
        self.panel = LessonPanel(side, id="lesson")
        if side:
            self.screen.query_one("#main").mount(self.panel)
        else:
            self.screen.mount(self.panel, after="#main")
        self.screen.side_room = self.panel.room
        self.screen.relayout()

    def resized(self, width: int, height: int) -> None:
        """The terminal changed to `width` x `height`: the panel may change form."""
        if self.state is not None and self.panel is not None:
            if self.panel.side != side_fits(width, height):
                self.panel.remove()
                self._mount_panel(side_fits(width, height))
                self.call_later_show()

    def call_later_show(self) -> None:
        self.app.call_after_refresh(self._show)

    # ---- steps -------------------------------------------------------------------

    def go(self, index: int) -> None:
        """Step `index`: its setup (if it has one) from its seed; paused."""
        assert self.state is not None
        state = self.state = dataclasses.replace(self.state, index=index, met=False, hint_shown=False)
        step = state.step
        if step.setup or index == 0:
            self.screen.playing = False
            self.screen.apply_config(step.config)
            if self.screen.worker is not None:  # else the trainer is still being built, from this config
                self.screen.action_restart()
        elif self.screen.worker is not None:
            self.screen.render_now()  # the new goal against the network as it is
        self.call_later_show()

    def on_snapshot(self, snap: Snapshot) -> None:
        """A snapshot the screen drew (numbers taken on the training thread)."""
        state = self.state
        if state is None:
            return
        values = snapshot_values(snap)
        if snap.metrics is None:  # a numbers-only frame: keep the accuracy of the last full one
            values.update({k: state.values[k] for k in ACCURACY if k in state.values})
        met = state.met or self._holds(values)
        if met and not state.met:
            self._mark_done(state.index)
            self.app.notify("Goal met!" + ("" if state.last else " F4: next step."), title=state.lesson.title)
        self.state = dataclasses.replace(state, values=values, met=met)
        self._show()

    def _holds(self, values: dict[str, float]) -> bool:
        step = self.state.step if self.state is not None else None
        return step is not None and not step.is_watch and step.goal.holds(values) and step.limits.holds(values)

    def _mark_done(self, index: int) -> None:
        assert self.state is not None
        try:
            self.progress.mark(self.state.lesson.key, index + 1)
        except OSError as exc:  # a read-only home: the lesson goes on, unsaved
            self.app.notify(f"Progress not saved: {exc}", severity="warning")

    def _show(self) -> None:
        if self.state is not None and self.panel is not None and self.panel.is_attached:
            self.panel.show(self.state)

    # ---- keys --------------------------------------------------------------------

    def act(self, what: str) -> None:
        if self.state is None:
            self.app.notify("No lesson is open: ctrl+p, Lessons.", severity="warning")
            return
        getattr(self, f"_{what}")()

    def _text(self) -> None:
        assert self.state is not None
        step = self.state.step
        self.app.notify(reflow(step.text), title=f"Step {self.state.index + 1} of {len(self.state.lesson.steps)}",
                        timeout=30)

    def _hint(self) -> None:
        assert self.state is not None
        step = self.state.step
        if not step.hint:
            self.app.notify("This step has no hint.", severity="warning")
            return
        self.state = dataclasses.replace(self.state, hint_shown=True)
        self.app.notify(reflow(step.hint), title="Hint", timeout=15)
        self._show()

    def _answer(self) -> None:
        """The answer's settings on top of what is there, from the seed, training."""
        assert self.state is not None
        step = self.state.step
        if not step.answer:
            self.app.notify("This step has no answer to apply.", severity="warning")
            return
        try:
            config = from_url(step.answer, self.screen.config)
        except ConfigError as exc:  # e.g. classes that the student's data cannot have
            self.app.notify(str(exc), severity="error")
            return
        self.screen.apply_config(config)
        self.screen.action_restart()
        self.screen.playing = True
        self.app.notify(f"Applied the answer: {step.answer}", timeout=6)

    def _next(self) -> None:
        assert self.state is not None
        state = self.state
        if not state.can_go_on:
            self.app.notify("Meet the goal first (F2 for a hint, F3 for the answer).", severity="warning")
            return
        if state.step.is_watch:
            self._mark_done(state.index)
        if state.last:
            self.app.notify(f"That was the last step of {state.lesson.title}.", title="Lesson done")
            return
        self.go(state.index + 1)

    def _back(self) -> None:
        assert self.state is not None
        if self.state.index > 0:
            self.go(self.state.index - 1)

    def _close(self) -> None:
        self.close()
