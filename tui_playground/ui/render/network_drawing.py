"""Pure drawing for the network view: where columns and neurons go, and the
links between two columns as coloured braille lines.

A link is a straight line of braille dots (2 x 4 dots per cell) from the right
edge of a neuron to the left edge of a neuron in the next column. Its colour
is its weight on the orange-grey-blue scale, quantized to LINK_LEVELS shades so
that training repaints a link only when its colour visibly changes; its dots
say how strong it is (weak: dotted, strong: double). A cell crossed by several
links shows the strongest one only, so colours never mix. Dead (L1) links are
dim dotted lines under every live one.

Link geometry depends only on the layout, so it is traced once (`trace_links`)
and each frame only picks owners and colours with NumPy (`link_cells`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...engine.activations import TABLE
from .drawing import _BG, _FG
from .palette import BACKGROUND, MUTED, shades

BRAILLE = 0x2800
# Braille dot bit for (row 0-3, column 0-1) inside a cell.
_DOTS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.int64)

WEAK, STRONG = 0.25, 1.0  # |w| below WEAK is dotted, from STRONG on it is drawn double
LINK_STEP = 3  # link colours use every third of the 31 shades (11 levels)


@dataclass(frozen=True)
class Geometry:
    """Where the network view puts things, in cells.

    tw, th: a neuron picture's width and height; pitch: rows from one neuron
    to the next; gap: columns of links between two neuron columns; first,
    count: the visible columns (the rest scroll); xs: x of each visible
    column (its bias cell first, except for inputs); top: y of the first row.
    """

    tw: int
    th: int
    pitch: int
    gap: int
    first: int
    count: int
    xs: tuple[int, ...]
    top: int
    tallest: int

    def width(self, column: int) -> int:
        """Cells of a column: a bias cell (not for inputs) and the picture."""
        return self.tw + (column > 0)

    def neuron_y(self, n: int, i: int) -> int:
        """Top row of neuron i in a column of n neurons (columns centred)."""
        return self.top + (self.tallest - n) * self.pitch // 2 + i * self.pitch


# (picture width, height, least gap): largest first; the first that fits wins.
SIZES = ((6, 3, 5), (4, 2, 4), (2, 1, 3))
MAX_GAP = 12
SCROLL_MARK = 2  # columns kept for the ◂ ▸ scroll marks


def layout(cols: int, rows: int, sizes: tuple[int, ...], cursor: int) -> Geometry:
    """Geometry for neuron columns `sizes` (inputs first, output last) in a
    (rows, cols) area, neurons starting at row 0. Everything is shown if some
    size fits; otherwise the smallest pictures, and a window of columns
    around column `cursor`."""
    tallest, n = max(sizes), len(sizes)
    for tw, th, least in SIZES:
        pitch = th + 1 if tallest * (th + 1) <= rows else th
        if tallest * pitch > rows and th > 1:
            continue
        used = n * tw + (n - 1) + 1  # pictures, bias cells, the selection mark
        gap = (cols - used) // (n - 1) if n > 1 else MAX_GAP
        if gap >= least:
            gap = min(gap, MAX_GAP)
            left = max(0, (cols - used - (n - 1) * gap) // 2)
            return _geometry(tw, th, pitch, gap, 0, n, left, tallest)
    tw, th, least = SIZES[-1]
    pitch = 2 if tallest * 2 <= rows else 1
    count = max(1, min(n, (cols - 2 * SCROLL_MARK + least) // (tw + 1 + least)))
    first = max(0, min(n - count, cursor - (count - 1) // 2))
    return _geometry(tw, th, pitch, least, first, count, SCROLL_MARK, tallest)


def _geometry(tw, th, pitch, gap, first, count, left, tallest) -> Geometry:
    xs, x = [], left
    for c in range(first, first + count):
        xs.append(x)
        x += tw + (c > 0) + gap
    return Geometry(tw, th, pitch, gap, first, count, tuple(xs), 0, tallest)


def short_activation(name: str) -> str:
    """A name short enough for a column head ("8 lrelu"): the activation's `short`."""
    record = TABLE.get(name)
    return (record.short if record else "") or name


def layer_head(neurons: int, activation: str | None, chosen: bool, room: int) -> str:
    """A hidden column's head: '▸8' (selected) and, when the layers have
    activations of their own, the layer's ('▸8 elu') if it fits in `room` cells."""
    head = f"{'▸' if chosen else ''}{neurons}"
    with_name = f"{head} {short_activation(activation)}" if activation else head
    return with_name if len(with_name) <= room else head


@dataclass(frozen=True)
class LinkTrace:
    """The dots of every link in one gap: one entry per (link, cell) pair.

    link: (k,) link index i * n_out + j; cell: (k,) flat cell index in the
    (rows, gap) area; solid, dotted, double: (k,) braille dot bits.
    """

    rows: int
    cols: int
    n_in: int
    n_out: int
    link: np.ndarray
    cell: np.ndarray
    solid: np.ndarray
    dotted: np.ndarray
    double: np.ndarray


@lru_cache(maxsize=64)
def trace_links(ys_in: tuple[int, ...], ys_out: tuple[int, ...], rows: int, cols: int) -> LinkTrace:
    """Trace every link from rows `ys_in` (left edge) to rows `ys_out` (right
    edge) of a (rows, cols) cell area; ys are dot rows (4 per cell)."""
    n_in, n_out = len(ys_in), len(ys_out)
    parts = [_trace_one(a, b, 2 * cols, 4 * rows) for a in ys_in for b in ys_out]
    link = np.concatenate([np.full(len(p[0]), k) for k, p in enumerate(parts)])
    px, py, step = (np.concatenate([p[i] for p in parts]) for i in range(3))
    cell = (py // 4) * cols + px // 2
    bit = _DOTS[py % 4, px % 2]
    below = np.minimum(py + 1, 4 * rows - 1)
    same = below // 4 == py // 4  # the double line's second dot, if in the same cell
    bit2 = bit | np.where(same, _DOTS[below % 4, px % 2], 0)
    keep = step % 2 == 0
    key = link * (rows * cols) + cell
    uniq, inverse = np.unique(key, return_inverse=True)

    def merged(bits: np.ndarray) -> np.ndarray:
        out = np.zeros(len(uniq), dtype=np.int64)
        np.bitwise_or.at(out, inverse, bits)
        return out

    return LinkTrace(rows, cols, n_in, n_out, uniq // (rows * cols), uniq % (rows * cols),
                     merged(bit), merged(np.where(keep, bit, 0)), merged(bit2))


def _trace_one(y0: int, y1: int, width: int, height: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dots (x, y, step along the line) of a straight line across `width` dots."""
    steps = max(width, abs(y1 - y0) + 1)
    t = np.arange(steps) / max(steps - 1, 1)
    x = np.clip(np.rint(t * (width - 1)).astype(np.int64), 0, width - 1)
    y = np.clip(np.rint(y0 + t * (y1 - y0)).astype(np.int64), 0, height - 1)
    return x, y, np.arange(steps)


def link_shade(weights: np.ndarray) -> np.ndarray:
    """Weights -> shade indices on the scale, quantized to LINK_STEP."""
    return (np.rint(shades(weights) / LINK_STEP) * LINK_STEP).astype(np.int64)


def link_cells(trace: LinkTrace, weights: np.ndarray, dead: np.ndarray, canonical: np.ndarray,
               highlight: int | None = None, highlight_bg: int = MUTED) -> np.ndarray:
    """(rows, cols) cells of one gap; 0 where no link passes.

    weights, dead: (n_in, n_out); highlight: a link index drawn on top of all,
    solid, on `highlight_bg`."""
    w = np.asarray(weights, dtype=np.float64).ravel()
    dead = np.asarray(dead, dtype=bool).ravel()
    n = len(w)
    strength = np.where(dead, -1.0, np.abs(w))
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(strength, kind="stable")] = np.arange(n)
    if highlight is not None:
        rank[highlight] = n
    style = np.where(dead | (np.abs(w) < WEAK), 0, np.where(np.abs(w) >= STRONG, 2, 1))
    if highlight is not None:
        style[highlight] = 1
    bits = np.choose(style[trace.link], (trace.dotted, trace.solid, trace.double))
    drawn = bits != 0
    link, cell, bits = trace.link[drawn], trace.cell[drawn], bits[drawn]
    key = rank * n + np.arange(n)
    best = np.full(trace.rows * trace.cols, -1, dtype=np.int64)
    np.maximum.at(best, cell, key[link])
    own = best[cell] == key[link]
    link, cell, bits = link[own], cell[own], bits[own]
    fg = np.where(dead, MUTED, canonical[link_shade(w)]).astype(np.int64)
    bg = np.full(n, BACKGROUND, dtype=np.int64)
    if highlight is not None:
        bg[highlight] = highlight_bg
    out = np.zeros(trace.rows * trace.cols, dtype=np.int64)
    out[cell] = (BRAILLE + bits) | fg[link] << _FG | bg[link] << _BG
    return out.reshape(trace.rows, trace.cols)
