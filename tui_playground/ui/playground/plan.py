"""PlaygroundPlan: what one training slice on the main screen does."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..runtime.pacing import SPEEDS, RateMeter, SliceSizer
from ..runtime.worker import TrainingWorker
from .messages import FrameReady, TrainingStopped

if TYPE_CHECKING:  # the engine loads after the first frame
    from ...engine.training import Snapshot, Trainer


class Pace(Protocol):
    """What a slice reads of the screen (PlaygroundScreen), fresh each slice."""

    speed_index: int  # index into SPEEDS
    grid_res: int  # cells of the big picture's side


@dataclass
class PlaygroundPlan:
    """One slice on the main screen: step (at the speed level, or ~20 ms flat
    out), then a frame with grids when the pacer allows, else numbers only."""

    screen: Pace

    def __post_init__(self) -> None:
        self.sizer, self.meter, self.last_post = SliceSizer(), RateMeter(), 0.0

    def slice(self, worker: TrainingWorker[Trainer]) -> float | None:
        trainer, pacer = worker.subject, worker.pacer
        per_frame = SPEEDS[self.screen.speed_index]
        if per_frame is not None and (wait := pacer.wait()) > 0:
            return min(wait, 0.02)
        started = time.perf_counter()
        done = len(trainer.step(per_frame or self.sizer.epochs))
        self.sizer.update(done, time.perf_counter() - started)
        rate = self.meter.add(trainer.epoch)
        gen = worker.generation
        if trainer.diverged or trainer.stop_reason:
            worker.post(TrainingStopped(trainer.snapshot(), generation=gen))
            return None
        if pacer.due():
            snap = trainer.snapshot(grids=True, resolution=self.screen.grid_res, metrics=True)
            worker.post(FrameReady(snap, rate, True, generation=gen))
        elif time.monotonic() - self.last_post < worker.pacer.profile.numbers_interval:
            return 0
        else:
            worker.post(FrameReady(trainer.snapshot(), rate, False, generation=gen))
        self.last_post = time.monotonic()
        return 0


def speed_label(index: int) -> str:
    """The speed level as the top bar shows it: '1/frame' ... 'max'."""
    per_frame = SPEEDS[index]
    return "max" if per_frame is None else f"{per_frame}/frame"


def stop_message(snap: Snapshot) -> str:
    """Why a stop rule paused the run, in one sentence (docs/beyond.md, "Stop rules")."""
    c, reason = snap.config, snap.stop_reason
    if reason == "until-loss":
        return f"Test loss {snap.test_loss:.4f} is at or below {c.until_loss:g} (epoch {snap.epoch})."
    if reason == "patience":
        return (f"No test-loss improvement by more than {c.min_delta:g} for {c.patience} epochs "
                f"(epoch {snap.epoch}).")
    return f"Epoch {snap.epoch} reached (max-epochs {c.max_epochs})."
