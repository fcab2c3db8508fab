"""A cap on the cells a frame repaints: what recordings show. No Textual.

A repainted cell costs bytes whether or not anyone could see the change. Under
a cell budget (the display profile's), `settle_cells` repaints the rows with
the most visible changes first: characters, points and cells that changed
class (orange shades 0-14, grey 15, blue 16-30: the decision boundary), then
the largest shade moves; the rest follow in later frames.
"""

from __future__ import annotations

import numpy as np

from .drawing import _BG, _FG
from .palette import GREY_SHADE, NUM_SHADES

_SLOT, _CHAR = 0x7F, 0x1FFFFF  # a colour slot, the code point (drawing.py's cell layout)
URGENT = 1 << 20  # score of a change that must be shown (text, points, a class flip)


def change_scores(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """How visible each cell's change is: 0 unchanged, else the largest shade
    move of its two colours, or URGENT for a new character, a colour that is
    not a shade (points, text) or a shade that changed class (orange, grey, blue)."""
    old, new = old.astype(np.int64), new.astype(np.int64)
    score = np.zeros(new.shape, dtype=np.int64)
    for shift in (_FG, _BG):
        a, b = old >> shift & _SLOT, new >> shift & _SLOT
        shade = (a < NUM_SHADES) & (b < NUM_SHADES)
        flip = np.sign(a - GREY_SHADE) != np.sign(b - GREY_SHADE)
        move = np.where(shade & ~flip, np.abs(a - b), np.where(a != b, URGENT, 0))
        score = np.maximum(score, move)
    score[(old & _CHAR) != (new & _CHAR)] = URGENT
    return score


def settle_cells(shown: np.ndarray | None, wanted: np.ndarray, budget: int | None) -> tuple[np.ndarray, int]:
    """(cells to show, cells held back). Rows go whole, the row with the most
    visible change first, until `budget` changed cells are spent (at least one
    row always goes). The rest is for a later call."""
    if shown is None or shown.shape != wanted.shape or budget is None:
        return wanted, 0
    score = change_scores(shown, wanted)
    changed = np.count_nonzero(score, axis=1)
    rows = np.flatnonzero(changed)
    order = rows[np.argsort(-score[rows].max(axis=1), kind="stable")]
    take = order[np.cumsum(changed[order]) <= budget]
    if take.size == 0 and order.size:
        take = order[:1]
    out = shown.copy()
    out[take] = wanted[take]
    return out, int(changed.sum() - changed[take].sum())
