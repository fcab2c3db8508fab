"""The confusion matrix as cells: rows are the true class, columns the
predicted one, counts of one set of points (the numbers are the engine's:
Trainer.metrics(); this only lays them out).

Two classes are -1 (orange) and +1 (blue), in that order; K classes are 0..K-1
with their glyph and colour (classes.py). Labels carry the class as text too,
so the matrix reads the same under NO_COLOR. Right answers (the diagonal) are
bold, wrong ones in the accent colour when not zero.
"""

from __future__ import annotations

import numpy as np

from .classes import TRAIN_GLYPHS
from .drawing import blank, put_text
from .palette import ACCENT, FIRST_CLASS_SLOT, LEVELS, MUTED, NUM_SHADES, TEXT

LABEL_COLS = 8  # "true ●0 "


def class_labels(k: int) -> list[tuple[str, int]]:
    """(label, colour slot) of each class, in matrix order."""
    if k == 2:
        return [("-1", 0), ("+1", NUM_SHADES - 1)]  # the full orange and blue shades
    return [(f"{TRAIN_GLYPHS[c]}{c}", FIRST_CLASS_SLOT + c * LEVELS + LEVELS - 1) for c in range(k)]


def confusion_rows(matrix: np.ndarray) -> int:
    """Rows the whole view takes: title, header, one per class, accuracy."""
    return len(matrix) + 3


def confusion_cells(matrix: np.ndarray | None, rows: int, cols: int, set_name: str = "test",
                    focused: bool = False, note: str = "") -> np.ndarray:
    """(rows, cols) cells. matrix: (K, K) counts, or None (nothing to show:
    `note` says why)."""
    cells = blank(rows, cols)
    title = "CONFUSION "
    put_text(cells, 0, 0, title, ACCENT if focused else MUTED, bold=True)
    put_text(cells, 0, len(title), f"{set_name} set", ACCENT, bold=True)
    other = "train" if set_name == "test" else "test"
    put_text(cells, 0, len(title) + len(set_name) + 6, f"(T: {other})", MUTED)
    if matrix is None:
        put_text(cells, 1, 0, note, MUTED)
        return cells
    labels = class_labels(len(matrix))
    width = max(4, len(str(int(matrix.max(initial=0)))) + 1)
    put_text(cells, 1, 0, "pred", MUTED)
    for c, (label, slot) in enumerate(labels):
        put_text(cells, 1, LABEL_COLS + c * width + width - len(label), label, slot, bold=True)
    for r, (label, slot) in enumerate(labels):
        y = 2 + r
        put_text(cells, y, 0, "true" if r == 0 else "", MUTED)
        put_text(cells, y, LABEL_COLS - len(label) - 1, label, slot, bold=True)
        for c, count in enumerate(matrix[r]):
            text = str(int(count))
            colour = TEXT if r == c else (ACCENT if count else MUTED)
            put_text(cells, y, LABEL_COLS + c * width + width - len(text), text, colour, bold=r == c)
    total, right = int(matrix.sum()), int(np.trace(matrix))
    if total:
        put_text(cells, 2 + len(matrix), 0, f"{right} of {total} right: {right / total:.1%}", MUTED)
    return cells
