"""Pure drawing: value grids and text -> cell arrays -> runs of styled text.

A screen area is an int64 array of *cells*, one per terminal cell. A cell is
either a character with foreground and background colour slots (palette.py), or
a *pixel pair*: two square pixels, top and bottom, drawn with half blocks. Views
diff cell arrays to repaint only what changed (`changed_spans`), and turn a row
into as few styled runs as possible (`row_runs`): colour codes are most of the
bytes a terminal receives.
"""

from __future__ import annotations

import numpy as np

from .palette import BACKGROUND, FIRST_CLASS_SLOT, FIRST_POINT_SLOT, LEVELS, NUM_SHADES, POINT_NEG, POINT_POS

# Cell layout: bits 0-20 code point (0 = pixel pair), 21-27 fg, 28-34 bg, 35 bold.
_FG, _BG, _BOLD = 21, 28, 35
PIXEL = 0
ANY = -1  # a run's colour that no cell in it constrains yet

# Under NO_COLOR a pixel shade becomes a texture: negatives dense, positives light.
_MONO_NEG, _MONO_POS = "▓▒░", "#+·"
# ... and a pixel of class k (3 or more classes, palette.py's class slots) its
# class's fill glyph: the small form of its point glyph (classes.py).
FILL_GLYPHS = "·▴▪⋄⋆+"


def cell(ch: str, fg: int, bg: int, bold: bool = False) -> int:
    """One character cell."""
    return ord(ch) | fg << _FG | bg << _BG | int(bold) << _BOLD


def pixel(top: int, bottom: int) -> int:
    """One pixel-pair cell (colour slots of the upper and lower half)."""
    return top << _FG | bottom << _BG


def decode(key: int) -> tuple[int, int, int, bool]:
    """cell -> (code point, fg slot, bg slot, bold)."""
    key = int(key)
    return key & 0x1FFFFF, key >> _FG & 0x7F, key >> _BG & 0x7F, bool(key >> _BOLD & 1)


def pixel_cells(px: np.ndarray) -> np.ndarray:
    """px: (2r, c) colour slots, row 0 at the top -> (r, c) int64 pixel cells."""
    px = np.asarray(px, dtype=np.int64)
    return px[0::2] << _FG | px[1::2] << _BG


def text_cells(text: str, width: int, fg: int, bg: int = BACKGROUND, bold: bool = False) -> np.ndarray:
    """text clipped or padded with spaces to `width` -> (width,) cells."""
    text = text[:width].ljust(width)
    return np.array([cell(ch, fg, bg, bold) for ch in text], dtype=np.int64)


def blank(rows: int, cols: int, bg: int = BACKGROUND) -> np.ndarray:
    return np.full((rows, cols), cell(" ", bg, bg), dtype=np.int64)


def resample(grid: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """(h, w) -> (rows, cols) by nearest sample (pixel centres)."""
    h, w = grid.shape
    ri = ((np.arange(rows) + 0.5) * h / rows).astype(int)
    ci = ((np.arange(cols) + 0.5) * w / cols).astype(int)
    return grid[np.ix_(np.minimum(ri, h - 1), np.minimum(ci, w - 1))]


def point_pixels(xy: np.ndarray, rows_px: int, cols: int, domain: float = 6.0) -> tuple[np.ndarray, np.ndarray]:
    """xy: (n, 2) plane coordinates -> (pixel rows, columns), each (n,) int,
    for a (rows_px, cols) picture of [-domain, domain]^2 (row 0 at y = +domain)."""
    x = (xy[:, 0] + domain) / (2 * domain)
    y = (domain - xy[:, 1]) / (2 * domain)
    c = np.clip((x * cols).astype(int), 0, cols - 1)
    r = np.clip((y * rows_px).astype(int), 0, rows_px - 1)
    return r, c


def label_slots(labels: np.ndarray, problem: str) -> np.ndarray:
    """Point colour slot per label: two dark colours for classes, shades for regression."""
    if problem == "classification":
        return np.where(labels > 0, POINT_POS, POINT_NEG)
    from .palette import shades

    return shades(labels).astype(np.int64)


def overlay_points(cells: np.ndarray, px: np.ndarray, xy: np.ndarray, slots: np.ndarray, glyph: str) -> None:
    """Draw points as `glyph` cells on a heatmap, in place.

    cells: (r, c) from `pixel_cells(px)`; px: (2r, c) its shades; xy: (n, 2);
    slots: (n,) point colours. The glyph sits on the cell's mean shade.
    """
    r, c = point_pixels(xy, px.shape[0], px.shape[1])
    row = r // 2
    under = (px[2 * row, c].astype(int) + px[2 * row + 1, c]) // 2
    keys = ord(glyph) | np.asarray(slots, dtype=np.int64) << _FG | under.astype(np.int64) << _BG
    cells[row, c] = keys


def changed_spans(old: np.ndarray | None, new: np.ndarray, gap: int = 6) -> list[tuple[int, int, int]]:
    """Rows and column ranges that differ: [(y, x0, x1)], x1 exclusive.

    Changes closer than `gap` cells share a span: a cursor move costs about as
    much as re-sending a few unchanged cells. A shape change repaints all.
    """
    rows, cols = new.shape
    if old is None or old.shape != new.shape:
        return [(y, 0, cols) for y in range(rows)]
    spans: list[tuple[int, int, int]] = []
    for y in np.flatnonzero((old != new).any(axis=1)):
        xs = np.flatnonzero(old[y] != new[y])
        breaks = np.flatnonzero(np.diff(xs) > gap)
        starts = np.concatenate(([xs[0]], xs[breaks + 1]))
        ends = np.concatenate((xs[breaks], [xs[-1]])) + 1
        spans.extend((int(y), int(a), int(b)) for a, b in zip(starts, ends))
    return spans


def _options(key: int, mono: bool) -> tuple[tuple[str, int, int, bool], ...]:
    """Ways to draw one cell: (text, fg, bg, bold); ANY leaves a colour free."""
    ch, fg, bg, bold = decode(key)
    if ch != PIXEL:
        if mono:
            return ((chr(ch), ANY, ANY, bold),)
        return ((" ", ANY, bg, bold),) if ch == 32 else ((chr(ch), fg, bg, bold),)
    if mono:
        return ((_mono_glyph(fg, bg), ANY, ANY, False),)
    if fg == bg:
        return ((" ", ANY, bg, False), ("█", fg, ANY, False))
    return (("▀", fg, bg, False), ("▄", bg, fg, False))


def _mono_glyph(top: int, bottom: int) -> str:
    if top < FIRST_CLASS_SLOT <= bottom:  # a class pixel under a shade (a thumbnail's point on grey)
        top = bottom
    if top >= FIRST_POINT_SLOT:  # class k's point colour
        return FILL_GLYPHS[top - FIRST_POINT_SLOT]
    if top >= FIRST_CLASS_SLOT:  # a class pixel pair: the upper pixel's class, once it is clear
        k, strength = divmod(top - FIRST_CLASS_SLOT, LEVELS)
        return FILL_GLYPHS[k] if strength >= LEVELS // 3 else " "

    def level(slot: int) -> int:
        if slot >= NUM_SHADES:
            return {POINT_NEG: 0, POINT_POS: 30}.get(slot, 15)
        return slot

    mean = (level(top) + level(bottom)) / 2 - 15
    strength = min(int(abs(mean) / 5), 2)  # 0..2, strongest first in the ramps
    if abs(mean) < 2:
        return " "
    return (_MONO_NEG if mean < 0 else _MONO_POS)[2 - strength]


def row_runs(row: np.ndarray, mono: bool = False) -> list[tuple[str, int, int, bool]]:
    """One row of cells -> [(text, fg, bg, bold)] runs sharing one style.

    Greedy: a pixel pair can be '▀' or '▄' (colours swapped), a flat pair a
    space on its colour or '█' in it, so neighbouring cells often share a run.
    A foreground left ANY is free (the run never shows it).
    """
    runs: list[tuple[str, int, int, bool]] = []
    text: list[str] = []
    fg = bg = ANY
    bold = False
    for key in row.tolist():
        opts = _options(key, mono)
        for t, f, b, o in opts:
            if text and o == bold and _fits(fg, f) and _fits(bg, b):
                text.append(t)
                fg, bg = (f if fg == ANY else fg), (b if bg == ANY else bg)
                break
        else:
            if text:
                runs.append(_run(text, fg, bg, bold))
            t, fg, bg, bold = opts[0]
            text = [t]
    if text:
        runs.append(_run(text, fg, bg, bold))
    return runs


def _run(text: list[str], fg: int, bg: int, bold: bool) -> tuple[str, int, int, bool]:
    # A run of full blocks still gets its background: not every terminal font
    # fills the whole cell with '█'.
    return "".join(text), fg, (fg if bg == ANY else bg), bold


def _fits(have: int, want: int) -> bool:
    return have == ANY or want == ANY or have == want


_SPARKS = "▁▂▃▄▅▆▇█"


def bins(values: np.ndarray, width: int) -> np.ndarray:
    """(n,) -> (min(n, width),) the mean of consecutive bins, last value last."""
    n = len(values)
    if n <= width:
        return np.asarray(values, dtype=float)
    edges = np.linspace(0, n, width + 1).astype(int)
    sums = np.add.reduceat(np.asarray(values, dtype=float), edges[:-1])
    return sums / np.diff(edges)


def sparkline(values: np.ndarray, width: int, lo: float, hi: float) -> str:
    """Values binned to `width` columns and drawn with eighth blocks on [lo, hi]."""
    v = bins(values, width)
    if len(v) == 0:
        return ""
    span = hi - lo if hi > lo else 1.0
    level = np.clip((np.nan_to_num(v, nan=hi) - lo) / span * (len(_SPARKS) - 1), 0, len(_SPARKS) - 1)
    return "".join(_SPARKS[int(round(i))] for i in level)


def format_rate(value: float) -> str:
    """Epochs per second for the top bar: 3 significant digits, k above 10 000."""
    if value >= 10_000:
        return f"{value / 1000:.0f}k"
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}"


def scatter_pixels(xy: np.ndarray, labels: np.ndarray, problem: str, n: int) -> np.ndarray:
    """A tiny (n - n % 2, n) picture of points on a grey ground (data set thumbnails)."""
    from .palette import shades

    rows = n - n % 2
    px = np.full((rows, n), 15, dtype=np.int64)
    r, c = point_pixels(xy, rows, n)
    px[r, c] = shades(np.sign(labels) if problem == "classification" else labels)
    return px


def faded(px: np.ndarray) -> np.ndarray:
    """Shades pulled toward grey: how a switched-off input looks."""
    return 15 + (px.astype(np.int64) - 15) // 4


def put(cells: np.ndarray, y: int, x: int, block: np.ndarray) -> None:
    """Copy `block` into `cells` at (y, x), clipped to the array."""
    if y >= cells.shape[0] or x >= cells.shape[1] or y < 0 or x < 0:
        return
    h = min(block.shape[0], cells.shape[0] - y)
    w = min(block.shape[1], cells.shape[1] - x)
    cells[y : y + h, x : x + w] = block[:h, :w]


def put_text(cells: np.ndarray, y: int, x: int, text: str, fg: int, bg: int = BACKGROUND, bold: bool = False) -> None:
    """Write `text` into row y from column x, clipped."""
    if 0 <= y < cells.shape[0] and 0 <= x < cells.shape[1]:
        width = min(len(text), cells.shape[1] - x)
        cells[y, x : x + width] = text_cells(text, width, fg, bg, bold)


def square_picture(grid: np.ndarray, n: int, canonical: np.ndarray, discretize: bool) -> np.ndarray:
    """(res, res) values -> (n - n % 2, n) shade slots, equal-looking shades merged."""
    from .palette import shades

    rows = n - n % 2
    return canonical[shades(resample(grid, rows, n), discretize)]
