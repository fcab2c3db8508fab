"""The loss chart: train and test loss against epochs, in braille dots.

A title row (scale and the readout: epoch, train and test loss at the cursor,
or at the latest epoch), the plot with the highest and lowest loss shown
labelled on its left, and an axis row with the first and last epoch. Braille
gives 2 x 4 dots per cell and draws in characters, so the curves stay visible
under NO_COLOR: train is a solid line, test a dotted one (the left dot column
of each cell only), with a legend left of the plot when it has the rows; a cell
with dots of both curves takes the train colour.
The scale is log when the losses span more than a decade, unless chosen.
A history that starts after epoch 0 began there because the loss function
changed (engine.training: a history never mixes losses): the axis says so.
The cursor is a history row; it is drawn as a column of '│' (where no dot is)
in the accent colour.
"""

from __future__ import annotations

import math

import numpy as np

from .drawing import _BG, _BOLD, _FG, blank, cell, put_text
from .palette import ACCENT, BACKGROUND, MUTED, TEXT

BRAILLE = 0x2800
# Dot bits of a braille cell by (dot row 0..3, dot column 0..1).
_DOTS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.int64)
LABEL_COLS = 7  # "0.0312 " left of the plot
MIN_ROWS = 4  # title, two plot rows, axis
TINY = 1e-12  # the log scale's floor: a loss of exactly 0 stays drawable
TRAIN, TEST = TEXT, MUTED
# A flat stretch of each curve, as the legend shows it: both dot columns, or the left one only.
LEGEND = (("⠒⠒train", TRAIN), ("⠂⠂test", TEST))
LOSS_NAMES = {"cross-entropy": "xent"}


def spans_a_decade(history: np.ndarray) -> bool:
    """Whether the finite positive losses of `history` (n, 3) span more than a
    factor of 10: then the chart's default scale is log."""
    values = history[:, 1:3]
    positive = values[np.isfinite(values) & (values > 0)]
    return bool(positive.size) and float(positive.max()) > 10 * float(positive.min())


def format_value(v: float) -> str:
    """A loss in at most 6 characters: 0.512, 0.0312, 2.1e-05."""
    if not math.isfinite(v):
        return "NaN"
    if v == 0 or 1e-3 <= abs(v) < 1e4:
        return f"{v:.4g}"[:6]
    return f"{v:.1e}".replace("e-0", "e-").replace("e+0", "e")


def plot_width(cols: int) -> int:
    return max(0, cols - LABEL_COLS)


def column_epochs(history: np.ndarray, width: int) -> np.ndarray:
    """(width,) the epoch each plot column stands for (its left dot), first to last epoch."""
    e0, e1 = history[0, 0], history[-1, 0]
    return e0 + (e1 - e0) * np.arange(width) / max(1, width - 1)


def row_at_column(history: np.ndarray, width: int, column: int) -> int:
    """The history row nearest the epoch plot column `column` stands for."""
    epoch = column_epochs(history, width)[max(0, min(width - 1, column))]
    return nearest_row(history, epoch)


def nearest_row(history: np.ndarray, epoch: float) -> int:
    return int(np.abs(history[:, 0] - epoch).argmin())


def column_of_row(history: np.ndarray, width: int, row: int) -> int:
    """The plot column that shows history row `row`."""
    e0, e1 = history[0, 0], history[-1, 0]
    if e1 <= e0 or width < 2:
        return 0
    return int(round((history[row, 0] - e0) / (e1 - e0) * (width - 1)))


def scale_of(values: np.ndarray, log: bool) -> tuple[float, float]:
    """(low, top) of the finite values, on the chart's scale (log10 when `log`)."""
    finite = values[np.isfinite(values)]
    if log:
        finite = np.log10(np.maximum(finite, TINY))
    if not finite.size:
        return 0.0, 1.0
    low, top = float(finite.min()), float(finite.max())
    if top - low < 1e-9:
        low, top = low - 0.5 if log else low - 1e-3, top + 0.5 if log else top + 1e-3
    return low, top


def readout(history: np.ndarray, cursor: int | None, short: bool = False) -> str:
    """'epoch 120  train 0.2031  test 0.2517' at the cursor's row (the last without
    one); `short`: 'ep 120 tr 0.2031 te 0.2517'."""
    if not len(history):
        return "no epochs yet"
    epoch, train, test = history[len(history) - 1 if cursor is None else cursor]
    words, gap = (("ep", "tr", "te"), " ") if short else (("epoch", "train", "test"), "  ")
    values = (str(int(epoch)), format_value(train), format_value(test))
    return gap.join(f"{w} {v}" for w, v in zip(words, values))


def title_parts(history: np.ndarray, cursor: int | None, log: bool, cols: int,
                loss: str = "square") -> tuple[str, str]:
    """(label, readout) of the title row, the longest wording that fits `cols`."""
    scale, name = "log" if log else "linear", LOSS_NAMES.get(loss, loss)
    mark = "▸ " if cursor is not None else ""
    long, short = mark + readout(history, cursor), mark + readout(history, cursor, short=True)
    # the loss's name goes last: without it a chart after a change of loss reads as one curve
    options = ((f"LOSS {name} {scale} ", long), (f"{name} {scale} ", long), (f"{name} {scale} ", short),
               (f"{name} {scale[:3]} ", short), (f"{name} ", short), (f"{scale[:3]} ", short))
    return next((o for o in options if len(o[0]) + len(o[1]) <= cols), options[-1])


def chart_cells(history: np.ndarray, rows: int, cols: int, log: bool = False, cursor: int | None = None,
                focused: bool = False, loss: str = "square") -> np.ndarray:
    """(rows, cols) cells of the chart. history: (n, 3) epoch, train, test, all
    under loss `loss`; cursor: a history row or None."""
    cells = blank(rows, cols)
    label, values = title_parts(history, cursor, log, cols, loss)
    put_text(cells, 0, 0, label, ACCENT if focused else MUTED, bold=True)
    put_text(cells, 0, len(label), values, ACCENT if cursor is not None else TEXT)
    width, height = plot_width(cols), rows - 2
    if not len(history) or width < 2 or height < 1:
        return cells
    low, top = scale_of(history[:, 1:3], log)
    plot = plot_cells(history, height, width, low, top, log)
    if cursor is not None:
        x = column_of_row(history, width, cursor)
        empty = plot[:, x] == cell(" ", BACKGROUND, BACKGROUND)
        plot[:, x] = np.where(empty, cell("│", ACCENT, BACKGROUND), plot[:, x] & ~(0x7F << _FG) | ACCENT << _FG)
    cells[1 : 1 + height, LABEL_COLS:] = plot
    shown = (lambda v: 10 ** v) if log else (lambda v: v)
    put_text(cells, 1, 0, format_value(shown(top)), MUTED)
    if height > 1:
        put_text(cells, height, 0, format_value(shown(low)), MUTED)
    if height >= 4:
        for k, (text, fg) in enumerate(LEGEND):
            put_text(cells, 2 + k, 0, text, fg, bold=fg == TRAIN)
    axis_row(cells, history, cols, loss)
    return cells


def axis_row(cells: np.ndarray, history: np.ndarray, cols: int, loss: str) -> None:
    """First and last epoch, and 'epochs' between; a history that starts after
    epoch 0 (the loss changed there) says '◂ xent from here' instead."""
    row, first, last = len(cells) - 1, str(int(history[0, 0])), str(int(history[-1, 0]))
    put_text(cells, row, LABEL_COLS, first, MUTED)
    put_text(cells, row, cols - len(last), last, MUTED)
    if history[0, 0] > 0:
        room = cols - len(last) - 1 - (LABEL_COLS + len(first) + 1)
        note = next((n for n in (f"◂ {LOSS_NAMES.get(loss, loss)} from here", "◂ new loss", "◂")
                     if len(n) <= room), "")
        put_text(cells, row, LABEL_COLS + len(first) + 1, note, ACCENT)
    else:
        put_text(cells, row, max(LABEL_COLS + 2, (LABEL_COLS + cols) // 2 - 3), "epochs", MUTED)


def plot_cells(history: np.ndarray, height: int, width: int, low: float, top: float, log: bool) -> np.ndarray:
    """(height, width) braille cells: both curves, test first so train wins a shared cell."""
    dots_y, dots_x = 4 * height, 2 * width
    epochs = history[0, 0] + (history[-1, 0] - history[0, 0]) * np.arange(dots_x) / max(1, dots_x - 1)
    bits = np.zeros((2, height, width), dtype=np.int64)
    dot_rows = np.arange(dots_y)[:, None]
    for k, column in enumerate((2, 1)):  # test, then train
        values = history[:, column]
        if log:
            values = np.log10(np.maximum(values, TINY))
        first, last = curve_levels(history[:, 0], values, epochs, low, top, dots_y).T
        on = (dot_rows >= first) & (dot_rows <= last)  # (dots_y, dots_x): the dots of this curve
        if column == 2:  # test: dotted, the left dot column of each cell
            on &= np.arange(dots_x) % 2 == 0
        weights = np.tile(_DOTS, (height, width))  # each dot's bit in its cell
        bits[k] = (on * weights).reshape(height, 4, width, 2).sum(axis=(1, 3))
    out = np.full((height, width), cell(" ", BACKGROUND, BACKGROUND), dtype=np.int64)
    for k, fg in enumerate((TEST, TRAIN)):
        has = bits[k] > 0
        out[has] = (BRAILLE + (bits[0] | bits[1])[has]) | fg << _FG | BACKGROUND << _BG | int(fg == TRAIN) << _BOLD
    return out


def curve_levels(epochs: np.ndarray, values: np.ndarray, at: np.ndarray, low: float, top: float,
                 dots: int) -> np.ndarray:
    """(len(at), 2) the first and last dot row (top = 0) each dot column covers
    (values between the epochs of the history interpolated); -1 when no value
    is finite."""
    finite = np.isfinite(values)
    if not finite.any():
        return np.full((len(at), 2), -1)
    v = np.interp(at, epochs[finite], values[finite])
    level = np.clip(np.round((top - v) / (top - low) * (dots - 1)), 0, dots - 1).astype(int)
    previous = np.concatenate(([level[0]], level[:-1]))
    # a column covers the step from its left neighbour's dot (exclusive) to its own: one unbroken line
    start = np.where(level > previous, previous + 1, level)
    end = np.where(level < previous, previous - 1, level)
    return np.stack([start, end], axis=1)
