"""The main screen's layout arithmetic: size classes and the output column's
size, as pure functions of the terminal's size (app.tcss sets the rest)."""

from __future__ import annotations

from dataclasses import dataclass

MIN_WIDTH, MIN_HEIGHT = 80, 24
COMPACT_WIDTH, COMPACT_HEIGHT = 110, 32  # below either: Screen.-compact in app.tcss
NETWORK_SHARE = {False: 30, True: 16}  # columns the network keeps at least, by compactness
PANEL_MIN_ROWS = 8  # the loss chart or confusion matrix under the heatmap: 6 classes fit
CHROME_ROWS = 1 + 1 + 3  # footer, output title, loss and metrics lines (and the top bar's lines)


@dataclass(frozen=True)
class Layout:
    """What a terminal size gives the main screen.

    small: below MIN_WIDTH x MIN_HEIGHT (only a notice shows); compact: the
    narrow columns of app.tcss; side: the output column's width (the square
    picture's side in cells); panel_rows: rows of the loss chart or confusion
    matrix under the heatmap (0: no room, it takes the heatmap's place)."""

    small: bool
    compact: bool
    side: int = 0
    panel_rows: int = 0


def is_compact(width: int, height: int) -> bool:
    return width < COMPACT_WIDTH or height < COMPACT_HEIGHT


def layout_for(width: int, height: int, fixed: int, bar_lines: int = 1, taken_rows: int = 0) -> Layout:
    """The layout of a `width` x `height` terminal whose data and feature
    columns take `fixed` columns (their widths and margins, from the CSS of
    this size class), whose top bar takes `bar_lines` rows and a lesson's line
    `taken_rows` more. The output is square: as tall as the rows allow, within
    what the fixed columns and the network's share leave."""
    small = width < MIN_WIDTH or height < MIN_HEIGHT  # the terminal's own size: a lesson line never makes it small
    compact = is_compact(width, height - taken_rows)
    if small:
        return Layout(small, compact)
    rows = height - taken_rows - bar_lines - CHROME_ROWS
    # A roomy screen keeps a quarter of the rows (padding included) for the panel under the heatmap.
    panel_rows = 0 if compact else max(PANEL_MIN_ROWS, rows // 4)
    picture_rows = rows - panel_rows - (1 if panel_rows else 0)
    side = max(16, min(2 * picture_rows, width - fixed - NETWORK_SHARE[compact]))
    return Layout(small, compact, side, panel_rows)


def too_small_notice(width: int, height: int) -> str:
    return f"spiral-tui needs a terminal of at least {MIN_WIDTH}x{MIN_HEIGHT}; this one is {width}x{height}."
