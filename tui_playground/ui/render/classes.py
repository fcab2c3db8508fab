"""Pictures and point glyphs for 3 to 6 classes.

The heatmap shows, in each pixel, the colour of the most probable class, from
near grey (the winner barely ahead: probability 1/K) to full colour (probability
1). Points get their class's dark colour and a glyph of their own, so classes
stay apart without colour (NO_COLOR) and for colour-blind eyes.

Without colour (NO_COLOR, or a terminal without colours) the regions are drawn
with the small form of each class's point glyph (`FILL_GLYPHS`), the stronger
the winner the denser (`mono_region_cells`); two classes use the same scheme,
+1 (blue) as class 0 and -1 (orange) as class 1. `legend` names them.

The class colours and their slots are palette.py's.
"""

from __future__ import annotations

import numpy as np

from .drawing import _BG, _FG, FILL_GLYPHS, cell, point_pixels, resample
from .palette import BACKGROUND, FIRST_POINT_SLOT, GREY_SHADE, LEVELS
from .palette import FIRST_CLASS_SLOT as FIRST_SLOT

TRAIN_GLYPHS = "●▲■◆★✚"
TEST_GLYPHS = "○△□◇☆✛"
# FILL_GLYPHS[k] (drawing.py): class k's region without colour, its point glyph small.
# Which cells of each 2x2 block light up first (ordered dithering): a block
# shows the fill glyph in 1 to 4 cells as the winner's strength grows.
_DITHER = np.array([[0, 2], [3, 1]])


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
    return strength_slots(*winner_regions(p, discretize))


def class_picture(k: int, probability: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """One class's probability map (res, res) -> (rows, cols) slots of its colour."""
    p = resample(probability, rows, cols)
    return strength_slots(np.full(p.shape, k), p)


def class_scatter_pixels(xy: np.ndarray, labels: np.ndarray, n: int) -> np.ndarray:
    """A tiny (n - n % 2, n) picture of K-class points in their class colours
    on a grey ground (data set thumbnails)."""
    rows = n - n % 2
    px = np.full((rows, n), GREY_SHADE, dtype=np.int64)
    r, c = point_pixels(xy, rows, n)
    px[r, c] = strength_slots(labels, np.ones(len(labels)))
    return px


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


def two_class_regions(values: np.ndarray, discretize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The playground's output in [-1, 1] as (class, strength): +1 is class 0
    (blue, like its points), -1 class 1 (orange); strength |value| (1 with
    `discretize`). NaN counts as class 0 at strength 0."""
    v = np.clip(np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0), -1.0, 1.0)
    strength = np.ones(v.shape) if discretize else np.abs(v)
    return (v < 0).astype(np.int64), strength


def winner_regions(probabilities: np.ndarray, discretize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(K, h, w) probabilities -> (class, strength), as in `winner_picture`."""
    p = np.nan_to_num(probabilities, nan=0.0)
    K = len(p)
    strength = np.ones(p.shape[1:]) if discretize else (p.max(axis=0) - 1 / K) / (1 - 1 / K)
    return p.argmax(axis=0), strength


def mono_region_cells(classes: np.ndarray, strength: np.ndarray, floor: int = 1) -> np.ndarray:
    """Decision regions as text, one class and strength per cell -> (rows, cols)
    character cells: class k's FILL_GLYPHS[k] in `floor` to 4 cells of every
    2x2 block as the strength goes from 0 to 1 (floor 1: every region shows,
    even where the winner is barely ahead; floor 0 for one class's map, whose
    low probabilities are blank)."""
    rows, cols = classes.shape
    s = np.clip(np.nan_to_num(strength, nan=0.0), 0.0, 1.0)
    lit = np.minimum(floor + (s * (5 - floor)).astype(np.int64), 4)
    order = np.tile(_DITHER, (rows // 2 + 1, cols // 2 + 1))[:rows, :cols]
    k = classes.astype(np.int64)
    codes = np.array([ord(g) for g in FILL_GLYPHS], dtype=np.int64)[k]
    filled = codes | point_slots(k) << _FG | BACKGROUND << _BG
    return np.where(order < lit, filled, cell(" ", BACKGROUND, BACKGROUND))


def legend(num_classes: int, mono: bool = True) -> str:
    """'·●○ +1  ▴▲△ -1' or '·●○ 0  ▴▲△ 1  ▪■□ 2 ...': each class's region
    fill (without colour; with colour a swatch '█' drawn in the class's
    colour), train and test point glyphs, and its name."""
    names = ("+1", "-1") if num_classes == 2 else tuple(str(k) for k in range(num_classes))
    return "  ".join(f"{FILL_GLYPHS[k] if mono else '█'}{TRAIN_GLYPHS[k]}{TEST_GLYPHS[k]} {names[k]}"
                     for k in range(num_classes))
