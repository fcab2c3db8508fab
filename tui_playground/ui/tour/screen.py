"""TourScreen: plays a named experiment step by step, captioned, by itself.

Each step is one network (a Step's Config) trained a fixed number of epochs
by a TrainingWorker (TourPlan), on a schedule of epochs, not of machine speed
(tour/timing.py). Left: the big output heatmap with the data and the loss;
right: one tile per step, the finished ones showing their final picture.
Space pauses, left/right (p/n) go back/forward, q quits; after the last step
the screen dismisses itself with each step's final test loss (the app shows
them in a summary). Counters, the loss panel and the tiles change at most at
the display profile's numbers rate; the end of a step is always drawn exact.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...sweeps.presets import Step
from ...sweeps.spec import format_setting
from ..dialogs.dialog import DismissOnce
from ..runtime.pacing import SliceSizer
from ..runtime.worker import Frame, TrainingWorker
from ..widgets.heatmap import BoundaryHeatmap
from ..widgets.loss_panel import LossPanel
from ..widgets.tile_grid import TileGrid
from .timing import TourClock, step_epochs, target_epoch

if TYPE_CHECKING:
    from ...engine.training import Snapshot, Trainer

POLL_S = 1 / 60  # how often the worker looks at the clock
SLICE_S = 0.02  # most training in one slice: keys wait at most about this long


@dataclass
class TourFrame(Frame):
    """The current step's network: a snapshot with its output grid."""

    index: int
    snapshot: "Snapshot"


@dataclass
class StepDone(Message):
    """Step `index` trained all its epochs and was shown for its seconds."""

    index: int
    snapshot: "Snapshot"
    generation: int = field(kw_only=True)


class TourPlan:
    """One look at the clock: train towards the schedule's epoch, post a frame
    when there is a new epoch to show and the pacer allows, say when done.

    A slice trains at most what fits in SLICE_S (SliceSizer), however far
    behind the schedule is: a step asked for more epochs than the machine
    trains in its seconds runs late, but q, space and the arrows still answer
    within a slice (a whole tick's epochs at once kept them waiting for minutes)."""

    def __init__(self, screen: "TourScreen", index: int) -> None:
        self.screen, self.index = screen, index
        self.total = screen.epochs(index)
        self.shown = -1
        self.sizer = SliceSizer(target_s=SLICE_S)

    def slice(self, worker: TrainingWorker[Trainer]) -> float | None:
        trainer, screen = worker.subject, self.screen
        elapsed = screen.clock.elapsed()
        wanted = target_epoch(elapsed, screen.step_seconds, self.total)
        behind = wanted - trainer.epoch
        if behind > 0 and not trainer.diverged:
            started = time.perf_counter()
            done = len(trainer.step(min(behind, self.sizer.epochs)))
            self.sizer.update(done, time.perf_counter() - started)
        finished = trainer.epoch >= self.total or trainer.diverged
        if trainer.epoch != self.shown and (worker.pacer.due() or finished or self.shown < 0):
            self.shown = trainer.epoch
            snap = trainer.snapshot(grids=True, resolution=screen.resolution)
            worker.post(TourFrame(self.index, snap, generation=worker.generation))
        if finished and elapsed >= screen.step_seconds:
            snap = trainer.snapshot(grids=True, resolution=screen.resolution, metrics=True)  # accuracy: "learned"
            worker.post(StepDone(self.index, snap, generation=worker.generation))
            return None
        return 0 if wanted > trainer.epoch and not trainer.diverged else POLL_S  # behind: no idling


def _test_accuracy(snap: Snapshot) -> float:
    """The test accuracy of a final snapshot (taken with metrics); NaN for regression."""
    test = snap.metrics[1] if snap.metrics else None
    return float(getattr(test, "accuracy", float("nan")))


def tour_head(index: int, steps: int, paused: bool, title: str, width: int) -> str:
    """The head line, the longest wording that fits `width`: the title loses
    its parenthesis, the pause note shortens, then the title is cut at a word."""
    short = title.split(" (")[0]
    states = ("  ·  PAUSED (space plays)", "  ·  paused") if paused else ("",)
    for state, name in [(s, t) for t in (title, short) for s in states]:
        line = f" TOUR  step {index + 1} of {steps}{state}  ·  {name}"
        if len(line) < width:
            return line
    line = f" TOUR  step {index + 1} of {steps}{states[-1]}  ·  "
    words, room = short.split(), width - 1 - len(line) - 1
    while words and len(" ".join(words)) > room:
        words.pop()
    return line + " ".join(words) + "…"


def step_label(step: Step) -> str:
    """Short tile label, the hidden layers: '3', '8,2' (the picture shows the data)."""
    return format_setting("layers", step.config.layers)


def step_heading(step: Step) -> str:
    c = step.config
    layers = c.layers
    shape = (f"{len(layers)} hidden layers of {format_setting('layers', layers)}" if len(layers) > 1
             else f"one hidden layer of {layers[0]}" if layers else "no hidden layer")
    return (f"{c.data_name} · inputs {format_setting('features', c.features)} · {shape} · "
            f"{c.activation} · lr {c.lr:g} · batch {c.batch} · {c.reg} {c.reg_rate:g} · seed {c.seed}")


class TourScreen(DismissOnce, Screen[None]):
    """Plays `steps` (e.g. experiments.video(seed))."""

    DEFAULT_CSS = """
    TourScreen { layout: vertical; }
    TourScreen #tour-head { height: 1; background: $panel; color: $text; }
    TourScreen #tour-caption { height: 3; padding: 0 1; color: $text; content-align: left middle; }
    TourScreen #tour-body { height: 1fr; padding: 0 1; }
    TourScreen #tour-left { width: 1fr; }
    TourScreen #tour-heatmap { height: 1fr; }
    TourScreen #tour-steps { width: 1fr; margin-left: 2; }
    TourScreen #tour-progress { height: 1; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("space", "pause", "Pause"),
        Binding("left,p", "go(-1)", "Back"),
        Binding("right,n", "go(1)", "Next"),
        Binding("q,escape", "quit_tour", "Quit"),
    ]

    def __init__(self, steps: tuple[Step, ...], step_seconds: float = 8.0, epochs: int | None = None,
                 title: str = "the founding video") -> None:
        super().__init__()
        self.steps = steps
        self.step_seconds = step_seconds
        self.epochs_override = epochs
        self.tour_title = title
        self.index = 0
        self.clock = TourClock()
        self.worker: TrainingWorker[Trainer] | None = None
        self.resolution = 64  # the big heatmap's pixels (set on the UI thread)
        self._last: Snapshot | None = None
        self.losses = [float("nan")] * len(steps)  # each step's final test loss
        self.accuracies = [float("nan")] * len(steps)  # and test accuracy (classification)
        self._numbers_at = 0.0

    def compose(self) -> ComposeResult:
        yield Static(id="tour-head", markup=False)
        yield Static(id="tour-caption")
        with Horizontal(id="tour-body"):
            with Vertical(id="tour-left"):
                yield BoundaryHeatmap(id="tour-heatmap")
                yield LossPanel(id="tour-loss")
            yield TileGrid([step_label(s) for s in self.steps], min_side=6, id="tour-steps")
        yield Static(id="tour-progress")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(BoundaryHeatmap).message = "starting…"
        self.call_after_refresh(self._measure)
        self.go_to(0)

    def on_resize(self, event) -> None:
        self._fit(event.size.width, event.size.height)
        self.call_after_refresh(self._measure)
        self._show_head(self._last.epoch if self._last is not None else 0)

    def _fit(self, width: int, height: int) -> None:
        """The heatmap square and as wide as the body is tall (the rest: tiles)."""
        rows = max(4, height - 1 - 3 - 1 - 1 - 2)  # head, caption, progress, footer, loss
        self.query_one("#tour-left").styles.width = max(20, min(2 * rows, width * 3 // 5))

    def _measure(self) -> None:
        self.resolution = max(2, self.query_one(BoundaryHeatmap).pixels)

    # ---- steps ----------------------------------------------------------------

    def epochs(self, index: int) -> int:
        step = self.steps[index]
        return step_epochs(step.config.data_name, self.epochs_override if self.epochs_override is not None else step.epochs)

    def go_to(self, index: int) -> None:
        """Start step `index` from its first epoch (the step left keeps its
        result if it had trained all its epochs: paused at its end, skipped)."""
        if self.worker is not None:
            self._keep_if_finished(self.worker, self.index)
            self.worker.stop()
        self.index = index
        self.clock.restart()
        step = self.steps[index]
        grid = self.query_one(TileGrid)
        grid.dim = set(range(index + 1, len(self.steps)))
        grid.select(index)
        caption = Text(step.caption, style="bold")
        caption.append("\n" + step_heading(step), style="dim")
        self.query_one("#tour-caption", Static).update(caption)
        self._show_head(0)
        self.worker = TrainingWorker(self, self.app.pacer, TourPlan(self, index), build=partial(tour_trainer, step.config),
                                     group="tour")
        self.worker.start()

    def _show_head(self, epoch: int) -> None:
        self.query_one("#tour-head", Static).update(
            tour_head(self.index, len(self.steps), self.clock.paused, self.tour_title, self.size.width or 80))
        self._show_progress(epoch)

    def _show_progress(self, epoch: int) -> None:
        total = self.epochs(self.index)
        width = max(10, self.size.width - 30)
        done = int(width * epoch / total) if total else width
        self.query_one("#tour-progress", Static).update(
            f"{'━' * done}{'─' * (width - done)}  epoch {epoch}/{total}", layout=False)

    def _keep_if_finished(self, worker: TrainingWorker[Trainer], index: int) -> None:
        """Record step `index`'s result if its trainer has trained all its
        epochs (measured on the worker's thread, before it stops)."""
        total = self.epochs(index)

        def final(trainer: Trainer) -> Snapshot | None:
            done = trainer.epoch >= total or trainer.diverged
            return trainer.snapshot(metrics=True) if done else None

        worker.submit(final, lambda snap: snap is not None and self._record(index, snap))

    def _record(self, index: int, snap: Snapshot) -> None:
        """Step `index`'s final test loss (inf when it diverged) and accuracy."""
        if math.isnan(self.losses[index]):
            self.losses[index] = snap.test_loss if math.isfinite(snap.test_loss) else math.inf
            self.accuracies[index] = _test_accuracy(snap)

    @on(TourFrame)
    def _on_frame(self, frame: TourFrame) -> None:
        if self.worker is not None and self.worker.is_current(frame):
            self.app.pacer.present(self, lambda: self._show(frame.index, frame.snapshot))

    @on(StepDone)
    def _on_step_done(self, message: StepDone) -> None:
        if self.worker is None or message.generation != self.worker.generation:
            return
        self.losses[message.index] = math.nan  # a step trained again: its latest result
        self._record(message.index, message.snapshot)
        self._show(message.index, message.snapshot, final=True)
        if message.index + 1 < len(self.steps):
            self.go_to(message.index + 1)
        else:
            self.dismiss(self.losses)

    def _show(self, index: int, snap: Snapshot, final: bool = False) -> None:
        self._last = snap
        c, output = snap.config, snap.grids[-1][0]
        self.query_one(BoundaryHeatmap).show(output, snap.data, problem=c.problem, exact=final)
        now = time.monotonic()
        if final or now - self._numbers_at >= self.app.pacer.profile.numbers_interval:
            self._numbers_at = now
            self.query_one(LossPanel).show(snap.train_loss, snap.test_loss, snap.history)
            self._show_progress(snap.epoch)
            grid = self.query_one(TileGrid)
            grids, losses = list(grid.grids), grid.losses.copy()
            grids[index], losses[index] = output, snap.test_loss
            grid.show(grids, losses)

    # ---- actions --------------------------------------------------------------

    def action_pause(self) -> None:
        if self.clock.paused:
            self.clock.resume()
        else:
            self.clock.pause()
        self._show_head(self._last.epoch if self._last is not None else 0)

    def action_go(self, delta: int) -> None:
        index = min(len(self.steps) - 1, max(0, self.index + delta))
        if index != self.index or delta < 0:
            self.go_to(index)

    def action_quit_tour(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        self.dismiss(None)


def tour_trainer(config) -> Trainer:
    """A step's trainer (on the worker's thread)."""
    from ...engine import compiled
    from ...engine.training import Trainer

    compiled.warm_in_background(first=compiled.group_for(config))  # trains uncompiled (same numbers) until the kernels are ready
    return Trainer(config)
