"""Data sets with K classes (3..6): `blobs` and a K-arm `spiral`.

Labels are class numbers 0..K-1. Like the playground's generators they draw
from the seeded stream (engine.rng) in a fixed order, use the browser's sin
and cos (engine.fdmath), and are shuffled and split as the playground does
(datasets.split_points), so a seed gives the same points everywhere.

N = 500 points as for the playground's classification sets; class k gets
N // K points, plus one for the first N % K classes.
"""

from __future__ import annotations

import math
from typing import Callable

from . import fdmath
from .datasets import NUM_POINTS, Dataset, Point, _scale, split_points
from .rng import SeededRandom

MultiGenerator = Callable[[SeededRandom, int, float, int], list[Point]]
BLOB_RADIUS = 4.0  # cluster centres sit on this circle


def class_sizes(num_points: int, classes: int) -> list[int]:
    """Points per class: as even as possible, the first classes one larger."""
    base, extra = divmod(num_points, classes)
    return [base + (1 if k < extra else 0) for k in range(classes)]


def _angle(k: int, classes: int) -> float:
    """Class k's direction: 2 pi k / K (for K = 2 and k = 1 that is exactly pi)."""
    return 2 * math.pi * k / classes


def _blobs(rng: SeededRandom, num_points: int, noise: float, classes: int) -> list[Point]:
    """K Gaussian clusters around centres evenly spaced on a circle of radius 4,
    the first at the top; noise widens them as it widens the playground's gauss
    (variance 0.5 at noise 0 to 4 at noise 50%)."""
    variance = _scale(noise, (0, 0.5), (0.5, 4))
    points = []
    for k, size in enumerate(class_sizes(num_points, classes)):
        t = _angle(k, classes)
        cx, cy = BLOB_RADIUS * fdmath.sin(t), BLOB_RADIUS * fdmath.cos(t)
        for _ in range(size):
            x = rng.normal(cx, variance)
            y = rng.normal(cy, variance)
            points.append((x, y, float(k)))
    return points


def _spiral(rng: SeededRandom, num_points: int, noise: float, classes: int) -> list[Point]:
    """K interleaved arms of 1.75 turns, arm k starting at angle 2 pi k / K; the
    playground's spiral formula (with K = 2 its very points, classes 0 and 1
    for its +1 and -1)."""
    points = []
    for k, size in enumerate(class_sizes(num_points, classes)):
        delta = _angle(k, classes)
        for i in range(size):
            r = i / size * 5
            t = 1.75 * i / size * 2 * math.pi + delta
            x = r * fdmath.sin(t) + rng.uniform(-1, 1) * noise
            y = r * fdmath.cos(t) + rng.uniform(-1, 1) * noise
            points.append((x, y, float(k)))
    return points


GENERATORS: dict[str, MultiGenerator] = {"blobs": _blobs, "spiral": _spiral}
MULTICLASS = tuple(GENERATORS)


def make_multiclass_dataset(name: str, classes: int, noise: int, train_pct: int, rng: SeededRandom) -> Dataset:
    """Generate `classes` classes of data set `name`, shuffle and split like
    datasets.make_dataset (noise in percent, train_pct in percent)."""
    points = GENERATORS[name](rng, NUM_POINTS["classification"], noise / 100, classes)
    return split_points(name, points, noise, train_pct, rng)
