"""The tour's clock and schedule: plain arithmetic, no Textual.

A step trains a fixed number of epochs, in equal ticks over the first
TRAIN_SHARE of its seconds, then holds the result until the step is over.
What is shown depends on epochs only (epochs * k // ticks at tick k), never
on how fast the machine is, so two recordings with one seed show the same
pictures.
"""

from __future__ import annotations

import time

TRAIN_SHARE = 0.8  # of a step's seconds spent training; the rest shows the result
TICKS_PER_S = 15  # epoch targets advance this often (= the frame cap)
STEP_EPOCHS = {"circle": 200, "spiral": 1000}  # per data set; others DEFAULT_EPOCHS
DEFAULT_EPOCHS = 500


def step_epochs(data_name: str, override: int | None = None) -> int:
    return override if override is not None else STEP_EPOCHS.get(data_name, DEFAULT_EPOCHS)


def target_epoch(elapsed: float, step_seconds: float, epochs: int) -> int:
    """Epochs trained `elapsed` seconds into a step: `epochs * k // ticks` after
    k of the step's `ticks` ticks, all of them by TRAIN_SHARE of the step."""
    train_s = TRAIN_SHARE * step_seconds
    ticks = max(1, round(train_s * TICKS_PER_S))
    k = ticks if train_s <= 0 else min(ticks, int(elapsed / train_s * ticks))
    return epochs * max(0, k) // ticks


class TourClock:
    """Seconds into the current step, not counting pauses. Thread-safe enough
    for one writer (the UI) and one reader (the worker): plain floats."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._start = clock()
        self._paused_at: float | None = None

    def restart(self) -> None:
        self._start = self._clock()
        if self._paused_at is not None:
            self._paused_at = self._start

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._clock()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._start += self._clock() - self._paused_at
            self._paused_at = None

    def elapsed(self) -> float:
        now = self._paused_at if self._paused_at is not None else self._clock()
        return now - self._start
