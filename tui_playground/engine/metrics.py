"""Metrics beyond the loss: accuracy and the confusion matrix for
classification, RMSE and R² for regression.

Inputs are the network's outputs on the display scale (-1..1: tanh, or 2o - 1
for cross-entropy's sigmoid) and the labels:

    outputs: (n,) float64, labels: (n,) float64

- A point is predicted +1 (blue) when its output is >= 0, else -1: the rule of
  the playground's "discretize output" heatmap. Labels are -1 or +1.
- The confusion matrix counts points by (true label, predicted label) with +1
  as "positive": tp (+1 as +1), fn (+1 as -1), fp (-1 as +1), tn (-1 as -1).
- RMSE = sqrt(mean((output - label)²)); R² = 1 - SS_res / SS_tot, SS_tot
  around the mean label of the same set. R² is NaN when every label is the
  same (SS_tot = 0); every metric is NaN on an empty set or when an output
  is not finite.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, cast

import numpy as np


@dataclass(frozen=True)
class Classification:
    accuracy: float  # share of points predicted right, 0..1
    tp: int
    fn: int
    fp: int
    tn: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def confusion(self) -> np.ndarray:
        """(2, 2) int64 counts as the K-class matrix has them: row = true class,
        column = predicted, class -1 (orange) first, then +1 (blue)."""
        return np.array([[self.tn, self.fp], [self.fn, self.tp]], dtype=np.int64)


@dataclass(frozen=True)
class Regression:
    rmse: float
    r2: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def classification(outputs: np.ndarray, labels: np.ndarray) -> Classification:
    finite = bool(np.isfinite(outputs).all())
    predicted = outputs >= 0
    actual = labels > 0
    tp = int(np.sum(predicted & actual))
    tn = int(np.sum(~predicted & ~actual))
    n = len(labels)
    accuracy = (tp + tn) / n if n and finite else math.nan
    return Classification(accuracy, tp, int(np.sum(~predicted & actual)), int(np.sum(predicted & ~actual)), tn)


def regression(outputs: np.ndarray, labels: np.ndarray) -> Regression:
    if not len(labels) or not np.isfinite(outputs).all():
        return Regression(math.nan, math.nan)
    residual = float(np.sum((outputs - labels) ** 2))
    total = float(np.sum((labels - labels.mean()) ** 2))
    return Regression(math.sqrt(residual / len(labels)), 1.0 - residual / total if total > 0 else math.nan)


METRICS: dict[str, Callable[[np.ndarray, np.ndarray], Classification | Regression]] = {
    "classification": classification, "regression": regression}

# What the training kernels count in their loss pass, per set, after the two
# losses (kernels._loss_into): a Trainer's metrics come from there for free.
STAT_COLUMNS = ("tp", "fn", "fp", "tn", "not_finite", "residual")
STATS_WIDTH = 2 + 2 * len(STAT_COLUMNS)  # a losses row with both sets' counts


def total_squares(labels: np.ndarray) -> float:
    """SS_tot of regression()'s R², the same sum: labels' squared distances to their mean."""
    return float(np.sum((labels - labels.mean()) ** 2))


def columns_of(problem: str, counts: list[float], labels: tuple[np.ndarray, np.ndarray],
               totals: tuple[float, ...] | None = None) -> dict[str, float]:
    """columns(...) straight from a loss pass's counts of both sets (12 values:
    STAT_COLUMNS of train, then of test), without building the results for a
    classification (a few us a row): the same values as columns(*(from_stats(...)
    of each set)). labels: (train, test) labels; totals: their total_squares
    (regression; computed when not given)."""
    if problem != "classification":
        return columns(*(from_stats(problem, np.asarray(counts[6 * k:6 * k + 6]), labels[k],
                                    totals[k] if totals else None) for k in (0, 1)))
    (tp, fn, fp, tn, bad), n, m = counts[6:11], len(labels[0]), len(labels[1])
    return {"train_accuracy": (int(counts[0]) + int(counts[3])) / n if n and counts[4] == 0 else math.nan,
            "test_accuracy": (int(tp) + int(tn)) / m if m and bad == 0 else math.nan,
            "test_tp": int(tp), "test_fn": int(fn), "test_fp": int(fp), "test_tn": int(tn)}


def from_stats(problem: str, stats: np.ndarray, labels: np.ndarray,
               total: float | None = None) -> Classification | Regression:
    """METRICS[problem] of a set from the loss pass's counts: stats (6,) as
    STAT_COLUMNS; labels the set's (only their number and, for R², `total`:
    total_squares(labels), computed here when not given). The same values as
    METRICS[problem](outputs, labels) on that pass's outputs."""
    tp, fn, fp, tn, bad, residual = stats.tolist()
    n, finite = len(labels), bad == 0
    if problem == "classification":
        accuracy = (int(tp) + int(tn)) / n if n and finite else math.nan
        return Classification(accuracy, int(tp), int(fn), int(fp), int(tn))
    if not n or not finite:
        return Regression(math.nan, math.nan)
    total = total_squares(labels) if total is None else total
    return Regression(math.sqrt(residual / n), 1.0 - residual / total if total > 0 else math.nan)


def columns(train: Classification | Regression, test: Classification | Regression) -> dict[str, float]:
    """One flat row of a run's metrics (CSV columns, JSON history): accuracy of
    both sets and the test set's confusion counts, or RMSE and R² of both
    (both results are of one kind: the casts say so to the type checker)."""
    if isinstance(test, Classification):
        return {"train_accuracy": cast(Classification, train).accuracy, "test_accuracy": test.accuracy,
                "test_tp": test.tp, "test_fn": test.fn, "test_fp": test.fp, "test_tn": test.tn}
    train = cast(Regression, train)
    return {"train_rmse": train.rmse, "test_rmse": test.rmse, "train_r2": train.r2, "test_r2": test.r2}
