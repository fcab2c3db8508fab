"""The playground's six data sets, generated bit for bit from a seeded stream.

Each generator is a port of the playground's ``src/dataset.ts``: it draws from a
``SeededRandom`` in the playground's order (noise draws happen even when noise is
0) and evaluates every formula left to right as written, because the last bits
of the points matter for training (docs/playground.md, "Data sets" and "Arithmetic").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import fdmath
from .rng import SeededRandom

Point = tuple[float, float, float]  # (x, y, label)
Generator = Callable[[SeededRandom, int, float], list[Point]]

CLASSIFICATION = ("circle", "xor", "gauss", "spiral")
REGRESSION = ("reg-plane", "reg-gauss")
NUM_POINTS = {"classification": 500, "regression": 1200}
PROBLEM_OF = {**dict.fromkeys(CLASSIFICATION, "classification"), **dict.fromkeys(REGRESSION, "regression")}

# reg-gauss centres (cx, cy, sign), in the order the label rule visits them.
_GAUSSIANS = ((-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1))


def _dist(ax: float, ay: float, bx: float, by: float) -> float:
    dx = ax - bx
    dy = ay - by
    return math.sqrt(dx * dx + dy * dy)


def _scale(value: float, domain: tuple[float, float], range_: tuple[float, float], clamp: bool = False) -> float:
    """d3 v3's ``scale.linear()``: ``t = (x - d0) / (d1 - d0)``, then ``r0 * (1 - t) + r1 * t``."""
    t = (value - domain[0]) / (domain[1] - domain[0])
    if clamp:
        t = max(0, min(1, t))
    return range_[0] * (1 - t) + range_[1] * t


def _circle(rng: SeededRandom, num_points: int, noise: float) -> list[Point]:
    """Half inside radius 2.5 (label +1 unless noise pushes it out), half in [3.5, 5]."""
    radius = 5
    points = []
    for r_min, r_max in ((0, radius * 0.5), (radius * 0.7, radius)):
        for _ in range(math.ceil(num_points / 2)):
            r = rng.uniform(r_min, r_max)
            angle = rng.uniform(0, 2 * math.pi)
            x = r * fdmath.sin(angle)
            y = r * fdmath.cos(angle)
            noise_x = rng.uniform(-radius, radius) * noise
            noise_y = rng.uniform(-radius, radius) * noise
            inside = _dist(x + noise_x, y + noise_y, 0, 0) < radius * 0.5
            points.append((x, y, 1.0 if inside else -1.0))
    return points


def _xor(rng: SeededRandom, num_points: int, noise: float) -> list[Point]:
    """Uniform in [-5, 5]^2, pushed 0.3 away from the axes; label is the sign of x * y."""
    padding = 0.3
    points = []
    for _ in range(num_points):
        x = rng.uniform(-5, 5)
        x += padding if x > 0 else -padding
        y = rng.uniform(-5, 5)
        y += padding if y > 0 else -padding
        noise_x = rng.uniform(-5, 5) * noise
        noise_y = rng.uniform(-5, 5) * noise
        points.append((x, y, 1.0 if (x + noise_x) * (y + noise_y) >= 0 else -1.0))
    return points


def _gauss(rng: SeededRandom, num_points: int, noise: float) -> list[Point]:
    """Two Gaussian blobs: +1 around (2, 2), -1 around (-2, -2); noise widens them."""
    variance = _scale(noise, (0, 0.5), (0.5, 4))
    points = []
    for centre, label in ((2, 1.0), (-2, -1.0)):
        for _ in range(math.ceil(num_points / 2)):
            x = rng.normal(centre, variance)
            y = rng.normal(centre, variance)
            points.append((x, y, label))
    return points


def _spiral(rng: SeededRandom, num_points: int, noise: float) -> list[Point]:
    """Two interleaved spirals of 1.75 turns: +1 from angle 0, -1 from angle pi."""
    n = num_points / 2
    points = []
    for delta, label in ((0, 1.0), (math.pi, -1.0)):
        for i in range(math.ceil(n)):
            r = i / n * 5
            t = 1.75 * i / n * 2 * math.pi + delta
            x = r * fdmath.sin(t) + rng.uniform(-1, 1) * noise
            y = r * fdmath.cos(t) + rng.uniform(-1, 1) * noise
            points.append((x, y, label))
    return points


def _regression_points(rng: SeededRandom, num_points: int, noise: float,
                       label_of: Callable[[float, float], float]) -> list[Point]:
    """Uniform in [-6, 6]^2; ``label_of`` sees the noise-shifted point."""
    radius = 6
    points = []
    for _ in range(num_points):
        x = rng.uniform(-radius, radius)
        y = rng.uniform(-radius, radius)
        noise_x = rng.uniform(-radius, radius) * noise
        noise_y = rng.uniform(-radius, radius) * noise
        points.append((x, y, label_of(x + noise_x, y + noise_y)))
    return points


def _plane_label(x: float, y: float) -> float:
    return _scale(x + y, (-10, 10), (-1, 1))


def _gaussians_label(x: float, y: float) -> float:
    """The signed bump (1 at a centre, 0 from distance 2) largest in absolute value."""
    label = 0.0
    for cx, cy, sign in _GAUSSIANS:
        value = sign * _scale(_dist(x, y, cx, cy), (0, 2), (1, 0), clamp=True)
        if abs(value) > abs(label):
            label = value
    return float(label)


def _reg_plane(rng: SeededRandom, num_points: int, noise: float) -> list[Point]:
    return _regression_points(rng, num_points, noise, _plane_label)


def _reg_gauss(rng: SeededRandom, num_points: int, noise: float) -> list[Point]:
    return _regression_points(rng, num_points, noise, _gaussians_label)


GENERATORS: dict[str, Generator] = {
    "circle": _circle,
    "xor": _xor,
    "gauss": _gauss,
    "spiral": _spiral,
    "reg-plane": _reg_plane,
    "reg-gauss": _reg_gauss,
}


@dataclass(frozen=True, eq=False)
class Units:
    """How a points file's own coordinates and labels map to the plane's:
    plane = (file - offset) * scale, per axis. class_names[k] is the file's
    label of class value k (two classes: -1 then +1; K classes: 0..K-1), empty
    for regression; label_range is regression's (lo, hi), mapped to -1..1.
    train_xy: (n_train, 2), test_xy: (n_test, 2) float64 the file's own
    coordinates and train_label, test_label: (n,) float64 its own regression
    labels, or None: then they follow from the plane's by the inverse map."""

    offset: tuple[float, float] = (0.0, 0.0)
    scale: tuple[float, float] = (1.0, 1.0)
    class_names: tuple[str, ...] = ()
    label_range: tuple[float, float] | None = None
    train_xy: np.ndarray | None = None
    test_xy: np.ndarray | None = None
    train_label: np.ndarray | None = None
    test_label: np.ndarray | None = None

    def to_file(self, xy: np.ndarray) -> np.ndarray:
        """(n, 2) plane coordinates -> the file's own (the inverse map)."""
        out: np.ndarray = np.asarray(xy, dtype=np.float64) / np.array(self.scale) + np.array(self.offset)
        return out

    def to_plane(self, xy: np.ndarray) -> np.ndarray:
        """(n, 2) the file's own coordinates -> the plane's."""
        out: np.ndarray = (np.asarray(xy, dtype=np.float64) - np.array(self.offset)) * np.array(self.scale)
        return out

    def label_to_file(self, values: np.ndarray) -> np.ndarray:
        """Regression labels -1..1 -> the file's range (identity without one)."""
        if self.label_range is None:
            return np.asarray(values, dtype=np.float64)
        lo, hi = self.label_range
        values = np.asarray(values, dtype=np.float64)
        if np.isfinite(hi - lo):
            return lo + (values + 1.0) * ((hi - lo) / 2.0)
        # labels spanning more than the largest float (-1e308..1e308): by the halves, which can't overflow
        return (lo / 2.0 + hi / 2.0) + values * (hi / 2.0 - lo / 2.0)

    def transform_only(self) -> "Units":
        """The same maps without the stored points (for points edited since)."""
        return Units(self.offset, self.scale, self.class_names, self.label_range)


@dataclass(frozen=True, eq=False)
class Dataset:
    """Points split into train and test, read-only.

    train_xy: (n_train, 2) float64, train_y: (n_train,) float64;
    test_xy: (n_test, 2) float64, test_y: (n_test,) float64.
    units: for points read from a file, its own coordinates and label names.
    """

    name: str
    noise: int
    train_pct: int
    train_xy: np.ndarray
    train_y: np.ndarray
    test_xy: np.ndarray
    test_y: np.ndarray
    units: Units | None = None


def _frozen_columns(points: list[Point]) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3) points -> read-only xy: (n, 2) and labels: (n,)."""
    table = np.array(points, dtype=np.float64).reshape(-1, 3)
    xy, labels = table[:, :2].copy(), table[:, 2].copy()
    xy.flags.writeable = False
    labels.flags.writeable = False
    return xy, labels


def make_dataset(name: str, noise: int, train_pct: int, rng: SeededRandom) -> Dataset:
    """Generate, shuffle and split like the playground's ``generateData``.

    ``noise`` is a percentage (0..50), ``train_pct`` the percentage of training
    points (10..90); the stream ``rng`` advances past the generation and shuffle.
    """
    points = GENERATORS[name](rng, NUM_POINTS[PROBLEM_OF[name]], noise / 100)
    return split_points(name, points, noise, train_pct, rng)


def split_points(name: str, points: list[Point], noise: int, train_pct: int, rng: SeededRandom) -> Dataset:
    """Shuffle ``points`` with ``rng`` and split off the first ``train_pct`` percent
    (rounded down) as the training set. ``points`` is shuffled in place."""
    rng.shuffle(points)
    split = math.floor(len(points) * train_pct / 100)
    train_xy, train_y = _frozen_columns(points[:split])
    test_xy, test_y = _frozen_columns(points[split:])
    return Dataset(name, noise, train_pct, train_xy, train_y, test_xy, test_y)
