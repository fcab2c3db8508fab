"""One trained network of a sweep: its numbers (`MemberResult`) and whether it
learned (`is_learned`, by the thresholds below: the same rule for sweeps and the tour).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

DEFAULT_SUCCESS = 0.1  # "learned": final test loss below this (regression, or a loss threshold asked for)
# "Learned" for classification: final test accuracy at or above this. Chosen on the
# founding video's sweep (`sweep --preset video`: 14 variants x 10 seeds, 1000 epochs),
# where test loss < 0.1 counted 66 of 140 networks as learned: 0.94 agrees on 138 of the
# 140 (the two others had test loss 0.081 and 0.084 at 90.8% and 92.0% accuracy; no
# threshold agrees on all: a loss below 0.1 came with 90.8%, one of 0.130 with 93.6%).
DEFAULT_SUCCESS_ACCURACY = 0.94


@dataclass(frozen=True)
class MemberResult:
    """One trained network. Losses are NaN or inf when it diverged; the best
    losses are the lowest after any epoch (inf if none was finite)."""

    variant: int
    seed: str
    epochs: int
    train_loss: float
    test_loss: float
    diverged: bool
    first_success: int | None  # first epoch with test loss < the success threshold
    best_train_loss: float = math.inf
    best_test_loss: float = math.inf
    best_test_epoch: int | None = None
    metrics: dict = field(default_factory=dict)  # e.g. train/test accuracy (classification)
    seconds: float = 0.0  # wall time spent training it (not part of any result table)


def is_learned(problem: str, test_loss: float, test_accuracy: float = math.nan, diverged: bool = False,
               success: float = DEFAULT_SUCCESS, success_accuracy: float | None = DEFAULT_SUCCESS_ACCURACY) -> bool:
    """What "learned" means for one network, everywhere (sweeps, the tour):
    classification by its final test accuracy >= success_accuracy (unless that
    is None), else (regression) by its final test loss < success."""
    if success_accuracy is not None and problem == "classification":
        return not diverged and test_accuracy >= success_accuracy
    return final_loss(test_loss) < success


def final_loss(loss: float) -> float:
    """A loss as it ranks: NaN (diverged) counts as inf, worse than any."""
    return loss if math.isfinite(loss) else math.inf

