"""Pictures and point glyphs for 3 to 6 classes.

The heatmap shows, in each pixel, the colour of the most probable class, from
near grey (the winner barely ahead: probability 1/K) to full colour (probability
1). Points get their class's dark colour and a glyph of their own, so classes
stay apart without colour (NO_COLOR) and for colour-blind eyes.

The class colours and their slots are palette.py's.
"""

from __future__ import annotations

import numpy as np

from .drawing import _BG, _FG, point_pixels, resample
from .palette import FIRST_CLASS_SLOT as FIRST_SLOT
from .palette import FIRST_POINT_SLOT, LEVELS

TRAIN_GLYPHS = "●▲■◆★✚"
TEST_GLYPHS = "○△□◇☆✛"


def strength_slots(classes: np.ndarray, strength: np.ndarray) -> np.ndarray:
    """classes: int array of class numbers, strength: same shape in [0, 1]
    -> int64 slots (NaN counts as 0)."""
    s = np.clip(np.nan_to_num(strength, nan=0.0), 0.0, 1.0)
    level = np.minimum((s * LEVELS).astype(np.int64), LEVELS - 1)
    return FIRST_SLOT + classes.astype(np.int64) * LEVELS + level


def winner_picture(probabilities: np.ndarray, n: int, discretize: bool = False) -> np.ndarray:
    """probabilities: (K, res, res) -> (n - n % 2, n) slots: the winning class,
    strength 0 at probability 1/K (a tie) up to 1 at probability 1 (always 1
    with `discretize`: only the winner counts)."""
    rows = n - n % 2
    p = np.stack([resample(m, rows, n) for m in probabilities])
    p = np.nan_to_num(p, nan=0.0)
    K = len(probabilities)
    strength = np.ones(p.shape[1:]) if discretize else (p.max(axis=0) - 1 / K) / (1 - 1 / K)
    return strength_slots(p.argmax(axis=0), strength)


def class_picture(k: int, probability: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """One class's probability map (res, res) -> (rows, cols) slots of its colour."""
    p = resample(probability, rows, cols)
    return strength_slots(np.full(p.shape, k), p)


def point_slots(labels: np.ndarray) -> np.ndarray:
    """(n,) class numbers -> (n,) point colour slots."""
    return FIRST_POINT_SLOT + labels.astype(np.int64)


def overlay_class_points(cells: np.ndarray, px: np.ndarray, xy: np.ndarray, labels: np.ndarray,
                         glyphs: str) -> None:
    """Draw K-class points, class k as glyphs[k] in its point colour, in place.
    cells: (r, c) pixel cells of px: (2r, c) slots. A glyph sits on the colour
    of its cell's upper pixel (two class slots have no mean)."""
    r, c = point_pixels(xy, px.shape[0], px.shape[1])
    row = r // 2
    under = px[2 * row, c].astype(np.int64)
    classes = labels.astype(np.int64)
    codes = np.array([ord(g) for g in glyphs], dtype=np.int64)[classes]
    cells[row, c] = codes | point_slots(labels) << _FG | under << _BG
