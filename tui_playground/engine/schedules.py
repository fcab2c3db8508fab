"""Learning-rate schedules: the learning rate of each epoch.

A schedule is written as text, the same in the config, the CLI, links and the
UI: its name, then its parameters after colons.

    constant          lr                                   (the playground's)
    step:EVERY:FACTOR lr * FACTOR ** (e // EVERY)          e.g. step:100:0.5
    exp:RATE          lr * RATE ** e                       e.g. exp:0.99
    cosine:EPOCHS     lr * 0.5 * (1 + cos(pi * min(e, EPOCHS) / EPOCHS))

Choices made here:
- e is the number of epochs finished before the epoch being trained: the
  first epoch (e = 0) always uses the base lr, and the rate shown next to a
  network at epoch E is the one its next epoch will use, learning_rate(E).
- A whole epoch uses one rate. Points left over from the previous epoch's last
  batch are applied at the first update of the next epoch, with its rate.
- FACTOR and RATE are in (0, 1]: schedules only lower the rate.
- cosine goes down to 0 at e = EPOCHS and stays there (no floor, no restart):
  training goes on but the weights stop moving.
- The arithmetic is plain Python float (C's pow and cos): a schedule is not
  part of the browser's arithmetic, and both training paths get the same
  rates from here. Formulas are evaluated left to right as written above.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np


class ScheduleError(ValueError):
    """A schedule text that does not parse; the message is one line."""


def _whole(name: str):
    def parse(text: str) -> int:
        if not text.isdigit() or int(text) < 1:
            raise ScheduleError(f"{name} must be a whole number >= 1 (got {text!r})")
        return int(text)

    return parse


def _decay(name: str):
    """A factor 0 < f <= 1: schedules only lower the rate (and f**e never overflows)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not 0 < value <= 1:
            raise ScheduleError(f"{name} must be a number > 0 and <= 1 (got {text!r})")
        return value

    return parse


@dataclass(frozen=True)
class ScheduleKind:
    """One schedule: usage text, a parser per parameter, rate(lr, e, *params)."""

    usage: str
    params: tuple[Callable[[str], float], ...]
    rate: Callable[..., float]


def _cosine(lr: float, e: int, epochs: int) -> float:
    return lr * 0.5 * (1.0 + math.cos(math.pi * min(e, epochs) / epochs))


SCHEDULES = {
    "constant": ScheduleKind("constant", (), lambda lr, e: lr),
    "step": ScheduleKind("step:EVERY:FACTOR", (_whole("EVERY"), _decay("FACTOR")),
                         lambda lr, e, every, factor: lr * factor ** (e // every)),
    "exp": ScheduleKind("exp:RATE", (_decay("RATE"),), lambda lr, e, rate: lr * rate ** e),
    "cosine": ScheduleKind("cosine:EPOCHS", (_whole("EPOCHS"),), _cosine),
}
USAGE = ", ".join(kind.usage for kind in SCHEDULES.values())


def parse_schedule(text: str) -> tuple[str, tuple]:
    """'step:100:0.5' -> ('step', (100, 0.5)). Raises ScheduleError (one line
    naming the allowed forms)."""
    name, *args = text.strip().split(":")
    kind = SCHEDULES.get(name)
    if kind is None:
        raise ScheduleError(f"learning-rate schedule must be one of {USAGE} (got {text!r})")
    if len(args) != len(kind.params):
        raise ScheduleError(f"learning-rate schedule {name} is written {kind.usage} (got {text!r})")
    return name, tuple(parse(a.strip()) for parse, a in zip(kind.params, args))


def learning_rate(schedule: str, lr: float, epoch: int) -> float:
    """The rate of the epoch trained after `epoch` finished epochs."""
    name, params = parse_schedule(schedule)
    return float(SCHEDULES[name].rate(lr, epoch, *params))


def learning_rates(schedule: str, lr: float, first_epoch: int, count: int) -> np.ndarray:
    """(count,) float64: the rates of the next `count` epochs after `first_epoch` finished."""
    name, params = parse_schedule(schedule)
    rate = SCHEDULES[name].rate
    return np.array([rate(lr, e, *params) for e in range(first_epoch, first_epoch + count)], dtype=np.float64)
