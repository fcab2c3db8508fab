"""The metrics line under the losses: what Trainer.metrics() measured, as text.

Classification (two classes or K): accuracy on the train and test sets;
regression: RMSE and R² of both. The numbers come from the engine
(engine/metrics.py, engine/class_metrics.py); this only formats them.
"""

from __future__ import annotations

import math

NOT_A_NUMBER = "—"  # an empty set, a diverged network, R² of constant labels


def percent(value: float) -> str:
    """0.9567 -> '95.7%'."""
    return f"{value:.1%}" if math.isfinite(value) else NOT_A_NUMBER


def number(value: float) -> str:
    """RMSE and R² with three decimals."""
    return f"{value:.3f}" if math.isfinite(value) else NOT_A_NUMBER


def metrics_text(metrics: tuple | None, width: int = 80) -> str:
    """The longest of a few wordings that fits `width` columns, e.g.
    'Accuracy 96.4% train · 95.2% test' or 'RMSE 0.081/0.089 R² 0.969/0.967'
    (train first, as in the loss lines above it). metrics: Trainer.metrics()'s
    (train, test), or None (not measured yet: '')."""
    if metrics is None:
        return ""
    options = wordings(*metrics)
    return next((text for text in options if len(text) <= width), options[-1])


def wordings(train, test) -> list[str]:
    """The metrics in wordings from the longest to the shortest."""
    if hasattr(test, "accuracy"):  # Classification or ClassMetrics
        a, b = percent(train.accuracy), percent(test.accuracy)
        return [f"Accuracy {a} train · {b} test", f"Acc {a} train · {b} test", f"Acc {a}/{b}"]
    e, f = number(train.rmse), number(test.rmse)
    r, s = number(train.r2), number(test.r2)
    return [f"RMSE {e} train · {f} test  R² {r} train · {s} test",
            f"RMSE {e} · {f} test  R² {r} · {s} test",
            f"RMSE {e}/{f} R² {r}/{s}"]
