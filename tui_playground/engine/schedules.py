"""Learning-rate schedules: the learning rate of each epoch.

A schedule is written as text, the same in the config, the CLI, links and the
UI: its name, then its parameters after colons (config.parse_schedule reads it).

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
from typing import Callable

import numpy as np

from ..config import parse_schedule


def _cosine(lr: float, e: int, epochs: int) -> float:
    return lr * 0.5 * (1.0 + math.cos(math.pi * min(e, epochs) / epochs))


# name -> rate(lr, e, *params); the names and the text's grammar are config's
# (LR_SCHEDULES, parse_schedule).
SCHEDULES: dict[str, Callable[..., float]] = {
    "constant": lambda lr, e: lr,
    "step": lambda lr, e, every, factor: lr * factor ** (e // every),
    "exp": lambda lr, e, rate: lr * rate ** e,
    "cosine": _cosine,
}


def learning_rate(schedule: str, lr: float, epoch: int) -> float:
    """The rate of the epoch trained after `epoch` finished epochs."""
    name, params = parse_schedule(schedule)
    return float(SCHEDULES[name](lr, epoch, *params))


def learning_rates(schedule: str, lr: float, first_epoch: int, count: int) -> np.ndarray:
    """(count,) float64: the rates of the next `count` epochs after `first_epoch` finished."""
    name, params = parse_schedule(schedule)
    rate = SCHEDULES[name]
    return np.array([rate(lr, e, *params) for e in range(first_epoch, first_epoch + count)], dtype=np.float64)
