"""Stop rules: when a run should stop by itself, and why.

- until-loss X: the test loss is at or below X after an epoch.
- patience N (with min-delta D >= 0): N epochs in a row without the test loss
  improving on the best so far by more than D, i.e. no epoch with
  test < best - D. The best starts as the test loss when watching starts
  (epoch 0 of a fresh run, or where a loaded run continues), so an epoch that
  is worse than the start counts as one without improvement.
- max-epochs M: the epoch counter (epochs since the network was built, also
  across a saved and loaded session) reaches M.

Rules are checked after every epoch in this order; the first that holds is
the reason. A loss that is not finite never satisfies until-loss (divergence
is reported on its own) and never counts as an improvement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

UNTIL_LOSS, PATIENCE, MAX_EPOCHS = "until-loss", "patience", "max-epochs"


@dataclass(frozen=True)
class StopRules:
    """None: the rule is off."""

    until_loss: float | None = None
    patience: int | None = None
    min_delta: float = 0.0
    max_epochs: int | None = None

    @property
    def active(self) -> bool:
        return self.until_loss is not None or self.patience is not None or self.max_epochs is not None


class StopWatch:
    """Follows a run epoch by epoch: `check(epoch, test_loss)` -> the reason to
    stop (UNTIL_LOSS, PATIENCE, MAX_EPOCHS) or None. Its state (best, since)
    is two numbers, saved with a session."""

    def __init__(self, rules: StopRules, start_loss: float, best: float | None = None, since: int = 0):
        self.rules = rules
        self.best = start_loss if best is None else best
        self.since = since  # epochs since the best

    def check(self, epoch: int, test_loss: float) -> str | None:
        r = self.rules
        if math.isfinite(test_loss) and test_loss < self.best - r.min_delta:
            self.best, self.since = test_loss, 0
        else:
            self.since += 1
        if r.until_loss is not None and test_loss <= r.until_loss:
            return UNTIL_LOSS
        if r.patience is not None and self.since >= r.patience:
            return PATIENCE
        if r.max_epochs is not None and epoch >= r.max_epochs:
            return MAX_EPOCHS
        return None

    def reason_before_training(self, epoch: int) -> str | None:
        """A rule that already holds before the next epoch (max-epochs reached)."""
        r = self.rules
        if r.max_epochs is not None and epoch >= r.max_epochs:
            return MAX_EPOCHS
        return None
