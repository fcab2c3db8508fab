"""Fewer, steadier shades: what a recording's heatmaps show. No Textual.

A cell repainted costs bytes whether or not anyone could see the change. With
batch 1 the output jitters a little every epoch, so cells near the border of
two shades flip back and forth. `coarse_shades` merges neighbouring shades
into fewer levels; `steady_shades` keeps a cell's shown shade until the new
one is `margin` shades away. Neither ever moves a cell between the three
classes the boundary is drawn with: orange (shades 0-14), grey (15: outputs
within 1/31 of zero) and blue (16-30).
"""

from __future__ import annotations

import numpy as np

from .palette import NUM_SHADES

GREY = NUM_SHADES // 2  # shade 15: output 0


def coarse_shades(canonical: np.ndarray, levels: int) -> np.ndarray:
    """A canonical map (shade -> shade shown) with at most `levels` distinct
    shades: grey (shade 15) alone, and each side's 15 shades in
    (levels - 1) // 2 groups shown as their middle shade."""
    groups = max(1, (levels - 1) // 2)
    if levels >= NUM_SHADES or groups >= GREY:
        return canonical
    side = np.arange(GREY)  # 0..14: distance from the far end of one side
    group = side * groups // GREY
    middle = np.array([side[group == g].mean() for g in range(groups)])
    shown_side = np.round(middle[group]).astype(int)
    shown = np.concatenate([shown_side, [GREY], NUM_SHADES - 1 - shown_side[::-1]])
    return canonical[shown.astype(np.uint8)]


def steady_shades(new: np.ndarray, shown: np.ndarray | None, margin: int) -> np.ndarray:
    """Shade indices to show: `new`, except cells that stay orange, grey or
    blue and moved less than `margin` shades from `shown` keep theirs."""
    if shown is None or margin <= 0 or shown.shape != new.shape:
        return new
    new_i, shown_i = new.astype(int), shown.astype(int)
    keep = (np.sign(new_i - GREY) == np.sign(shown_i - GREY)) & (np.abs(new_i - shown_i) < margin)
    return np.where(keep, shown, new).astype(new.dtype)
