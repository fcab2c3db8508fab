"""Pure drawing for many networks at once: tile layout, tiles, the loss band.

A gallery is a grid of tiles; a tile is a small square heatmap (half-block
pixels, as the big one) with a one-line caption under it: the variant's label
and its test loss. The loss band is min / median / max test loss over
members against epochs. Everything here maps arrays to cell arrays
(drawing.py's cells) and is unit-tested without Textual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .classes import winner_picture
from .drawing import bins, blank, cell, pixel_cells, put, put_text, square_picture
from .palette import ACCENT, BACKGROUND, MUTED, POINT_POS, TEXT

MIN_SIDE = 8  # smallest tile picture, in columns (= pixels)
CAPTION_ROWS = 1
GAP_COLS, GAP_ROWS = 1, 1
BAND_FILL = 21  # a light blue shade between min and max
BAND_MEDIAN = POINT_POS  # the median line: dark blue


@dataclass(frozen=True)
class TileLayout:
    """`cols` x `rows` tiles of `side` pixel columns (side // 2 cell rows plus
    a caption); `per_page` tiles are shown at once."""

    cols: int
    rows: int
    side: int

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    @property
    def tile_width(self) -> int:
        return self.side + GAP_COLS

    @property
    def tile_height(self) -> int:
        return self.side // 2 + CAPTION_ROWS + GAP_ROWS


def _side(width: int, height: int, cols: int, rows: int) -> int:
    side = min(width // cols - GAP_COLS, 2 * (height // rows - CAPTION_ROWS - GAP_ROWS))
    return side - side % 2


def tile_layout(width: int, height: int, count: int, min_side: int = MIN_SIDE) -> TileLayout:
    """The grid that shows the most of `count` tiles in width x height cells,
    each as big as possible: all of them if tiles of `min_side` fit, else a page."""
    for shown in range(max(1, count), 0, -1):
        best = max(((_side(width, height, c, math.ceil(shown / c)), c) for c in range(1, shown + 1)))
        if best[0] >= min_side or shown == 1:
            side, cols = best
            return TileLayout(cols, math.ceil(shown / cols), max(2, side))
    raise AssertionError("unreachable")


def fit_caption(label: str, value: str, width: int) -> str:
    """'label value' in `width` columns. A loss gives up a digit, then a label
    cut at its start ('…-12', a seed's end) more of that start, then the loss
    its leading zero, before the label is cut: '#12 0.430' -> '#12 0.43' ->
    '#12 .43'; '…-12 0.430' -> '…-12 0.43' -> '…12 0.43' (a bare '.43' only
    where the label would lose a character otherwise)."""
    if not label:
        return value[:width].rjust(width)
    zero = value.startswith("0.")
    for form in [value, value[:4]] if zero else [value]:
        if len(label) + 1 + len(form) <= width:
            return f"{label:<{width - len(form) - 1}} {form}"  # the loss at the tile's right edge
    room = width - len(form) - 1
    if not (label.startswith("…") and room >= 3) and zero:
        form = value[1:4]
        room = width - len(form) - 1
    if room < 1:
        return form[:width].rjust(width)
    return f"{_shorten(label, room):<{room}} {form}"


def _shorten(label: str, room: int) -> str:
    """`label` in `room` columns: one cut at its start ('…-12') keeps its end."""
    if len(label) <= room:
        return label
    return "…" + label[len(label) - room + 1:] if label.startswith("…") and room >= 2 else label[:room]


def title_lines(parts: list[str], width: int) -> list[str]:
    """`parts` joined by ' · ' over as few lines of `width` as they take, a
    part never split (one longer than a line is cut there, at its end)."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part[:width])
    return lines or [""]


def format_loss(loss: float) -> str:
    return f"{loss:.3f}" if math.isfinite(loss) else "  NaN"


def tile_cells(grid: np.ndarray | None, side: int, canonical: np.ndarray, caption: str,
               selected: bool = False, discretize: bool = False, dim: bool = False) -> np.ndarray:
    """One tile: (side // 2 + 1, side) cells; grid (res, res) output values,
    (K, res, res) class probabilities (the winner drawn), or None for a tile
    with nothing to show yet (an empty frame)."""
    rows = side // 2
    cells = blank(rows + CAPTION_ROWS, side)
    if grid is not None and grid.ndim == 3:
        cells[:rows] = pixel_cells(winner_picture(grid, side))
    elif grid is not None:
        cells[:rows] = pixel_cells(square_picture(grid, side, canonical, discretize))
    else:
        cells[rows // 2, side // 2 - 1] = cell("…", MUTED, BACKGROUND)
    fg, bg = (BACKGROUND, ACCENT) if selected else ((MUTED if dim else TEXT), BACKGROUND)
    put_text(cells, rows, 0, caption[:side].ljust(side), fg, bg, bold=selected)
    return cells


def grid_cells(rows: int, cols: int, layout: TileLayout, tiles: list[np.ndarray]) -> np.ndarray:
    """Tiles (each from tile_cells) placed row by row, centred in rows x cols."""
    cells = blank(rows, cols)
    used_w = layout.cols * layout.tile_width - GAP_COLS
    left = max(0, (cols - used_w) // 2)
    for k, tile in enumerate(tiles[: layout.per_page]):
        r, c = divmod(k, layout.cols)
        put(cells, r * layout.tile_height, left + c * layout.tile_width, tile)
    return cells


def sort_order(losses: np.ndarray) -> np.ndarray:
    """Member indices by test loss, lowest first (NaN last, ties by index)."""
    key = np.where(np.isfinite(losses), losses, np.inf)
    return np.argsort(key, kind="stable")


def move(position: int, key: str, cols: int, count: int) -> int:
    """New selected position after an arrow key in a grid of `cols` columns."""
    delta = {"left": -1, "right": 1, "up": -cols, "down": cols}[key]
    target = position + delta
    return target if 0 <= target < count else position


# ---- the loss band -------------------------------------------------------------


def band_rows(first_epoch: int, test_losses: np.ndarray) -> np.ndarray:
    """test_losses: (K, n) per member per epoch (NaN/inf after a divergence) ->
    (n, 4) rows of epoch, min, median, max over members (non-finite counts as inf)."""
    v = np.where(np.isfinite(test_losses), test_losses, np.inf)
    epochs = first_epoch + np.arange(v.shape[1])
    return np.column_stack((epochs, v.min(axis=0), np.median(v, axis=0), v.max(axis=0)))


def band_cells(band: np.ndarray, rows: int, cols: int, label_cols: int = 6) -> np.ndarray:
    """band: (n, 4) epoch, min, median, max -> (rows, cols) chart cells: a
    filled band from min to max and the median as a line, over epochs (binned to
    the width), scaled from the lowest min to the highest finite max (both
    labelled on the left)."""
    cells = blank(rows, cols)
    width = cols - label_cols
    if len(band) == 0 or width < 2 or rows < 1:
        return cells
    finite = band[:, 1:][np.isfinite(band[:, 1:])]
    low, top = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if top - low < 1e-3:
        low, top = max(0.0, low - 5e-4), top + 5e-4
    series = [bins(np.clip(band[:, k], low, top), width) for k in (1, 2, 3)]
    put(cells, 0, label_cols, pixel_cells(band_pixels(series, 2 * rows, low, top)))
    put_text(cells, 0, 0, f"{top:.3f}"[: label_cols - 1], MUTED)
    if rows > 1:
        put_text(cells, rows - 1, 0, f"{low:.3f}"[: label_cols - 1], MUTED)
    return cells


def band_pixels(series: list[np.ndarray], height: int, low: float, top: float) -> np.ndarray:
    """(lo, med, hi) per column -> (height, columns) colour slots, row 0 at `top`."""
    lo, med, hi = series

    def level(v: np.ndarray) -> np.ndarray:
        return np.clip(((top - v) / (top - low) * (height - 1)).round(), 0, height - 1).astype(int)

    px = np.full((height, len(lo)), BACKGROUND, dtype=np.int64)
    rows = np.arange(height)[:, None]
    px[(rows >= level(hi)) & (rows <= level(lo))] = BAND_FILL
    px[level(med), np.arange(len(med))] = BAND_MEDIAN
    return px


def band_summary(band: np.ndarray) -> str:
    """'epoch 500  min 0.012  median 0.210  max 0.480' for the last row."""
    if len(band) == 0:
        return ""
    epoch, lo, med, hi = band[-1]
    return f"epoch {int(epoch)}  min {format_loss(lo)}  median {format_loss(med)}  max {format_loss(hi)}"

