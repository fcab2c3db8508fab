"""The loss chart and the confusion matrix as cells (render/loss_chart.py,
render/confusion.py): scales, cursor, readout, labels; without an app."""

from __future__ import annotations

import numpy as np
from ui_helpers import text_rows

from tui_playground.ui.render.confusion import confusion_cells
from tui_playground.ui.render.drawing import decode, row_runs
from tui_playground.ui.render.loss_chart import (
    LABEL_COLS,
    chart_cells,
    column_of_row,
    format_value,
    readout,
    row_at_column,
    spans_a_decade,
)
from tui_playground.ui.render.palette import ACCENT, MUTED, TEXT

BRAILLE = range(0x2800, 0x2900)


def falling_history(n: int = 100) -> np.ndarray:
    """Train falls from 1 to 0.01 geometrically (a straight line on a log
    scale), test stays at 0.1 (the log scale's middle)."""
    epochs = np.arange(n, dtype=float)
    return np.stack([epochs, 10 ** (-2 * epochs / (n - 1)), np.full(n, 0.1)], axis=1)


def rows_drawn_in(cells: np.ndarray, colour: int) -> list[int]:
    """Plot rows (0 = the chart's first) holding braille dots of `colour` (the
    legend left of the plot aside)."""
    found = set()
    for y, row in enumerate(cells):
        for key in row[LABEL_COLS:]:
            ch, fg, _bg, _bold = decode(key)
            if ch in BRAILLE and fg == colour:
                found.add(y)
    return sorted(found)


def test_log_and_linear_scales_put_a_constant_curve_where_its_value_is():
    h = falling_history()
    log = chart_cells(h, 12, 60, log=True)  # plot rows 1..10
    assert rows_drawn_in(log, MUTED) in ([5], [6])  # 0.1 is halfway between 1 and 0.01 in log10
    linear = chart_cells(h, 12, 60, log=False)
    assert rows_drawn_in(linear, MUTED) == [9]  # (1 - 0.1) / 0.99 of 40 dots down: dot 35, plot row 8
    # the train curve spans the plot from top to bottom on both scales
    assert rows_drawn_in(log, TEXT)[0] == 1 and rows_drawn_in(log, TEXT)[-1] == 10
    text = text_rows(log)
    assert text[0].startswith("LOSS square log ") and text_rows(linear)[0].startswith("LOSS square linear ")
    assert text[1].startswith("1 ") and text[10].startswith("0.01 ")  # top and bottom labels, in loss units
    assert text[11][LABEL_COLS:].startswith("0") and text[11].rstrip().endswith("99")  # first and last epoch


def test_on_a_log_scale_a_geometric_fall_is_a_straight_line():
    h = falling_history()
    h[:, 2] = np.nan  # only the train curve
    cells = chart_cells(h, 12, 47, log=True)
    tops = []
    for x in range(LABEL_COLS, 47):
        ys = [y for y in range(1, 11) if decode(cells[y, x])[0] in BRAILLE]
        tops.append(ys[0])
    assert tops == sorted(tops) and np.ptp(np.diff(tops)) <= 1  # falls evenly, column by column


def test_the_cursor_reads_off_its_row_and_is_drawn_in_its_column():
    h = falling_history(10)
    text = text_rows(chart_cells(h, 8, 60, cursor=3))
    assert f"▸ epoch 3  train {format_value(h[3, 1])}  test 0.1" in text[0]
    x = LABEL_COLS + column_of_row(h, 60 - LABEL_COLS, 3)
    column = [decode(k) for k in chart_cells(h, 8, 60, cursor=3)[1:7, x]]
    assert all(fg == ACCENT for _ch, fg, _bg, _bold in column)
    assert {chr(ch) for ch, *_ in column} - {chr(c) for c in BRAILLE} <= {"│"}
    assert readout(h, None) == f"epoch 9  train {format_value(h[9, 1])}  test 0.1"  # no cursor: the latest
    assert [row_at_column(h, 33, column_of_row(h, 33, r)) for r in range(10)] == list(range(10))
    narrow = text_rows(chart_cells(h, 8, 35, log=True, cursor=3))[0]  # shorter words, all three values
    assert narrow.rstrip() == f"square log ▸ ep 3 tr {format_value(h[3, 1])} te 0.1"
    narrower = text_rows(chart_cells(h, 8, 30, log=True, cursor=3))[0]  # the scale goes before the loss's name
    assert narrower.rstrip() == f"square ▸ ep 3 tr {format_value(h[3, 1])} te 0.1"
    middle = text_rows(chart_cells(h, 8, 44, cursor=3))[0]  # short words before losing the name
    assert middle.startswith("square linear ▸ ep 3 tr ")


def test_values_and_edge_cases():
    assert [format_value(v) for v in (0.5123, 0.03125, 2.1e-05, 0.0, float("nan"))] == [
        "0.5123", "0.0312", "2.1e-5", "0", "NaN"]
    assert text_rows(chart_cells(np.empty((0, 3)), 6, 40))[0].startswith("LOSS square linear no epochs yet")
    diverged = falling_history(20)
    diverged[12:, 1:] = np.nan
    cells = chart_cells(diverged, 8, 40, log=True)  # draws what is finite
    assert rows_drawn_in(cells, TEXT) and "NaN" in text_rows(cells)[0]
    flat = chart_cells(np.array([[0.0, 0.3, 0.3]]), 8, 40)  # one epoch: no scale to span
    assert rows_drawn_in(flat, TEXT)


def test_the_chart_stays_visible_without_colour():
    runs = row_runs(chart_cells(falling_history(), 8, 40)[3], mono=True)
    assert any(ord(ch) in BRAILLE for text, *_ in runs for ch in text)


def test_confusion_matrix_rows_are_true_classes_and_columns_predicted():
    text = text_rows(confusion_cells(np.array([[102, 28], [1, 119]]), 6, 40))
    assert text[0].startswith("CONFUSION test set  (T: train)")
    assert text[1].split() == ["pred", "-1", "+1"]
    assert text[2].split() == ["true", "-1", "102", "28"] and text[3].split() == ["+1", "1", "119"]
    assert text[4].startswith("221 of 250 right: 88.4%")
    k = np.arange(16).reshape(4, 4)
    text = text_rows(confusion_cells(k, 8, 40, "train"))
    assert text[0].startswith("CONFUSION train set  (T: test)")
    assert text[1].split() == ["pred", "●0", "▲1", "■2", "◆3"]
    assert text[5].split() == ["◆3", "12", "13", "14", "15"]
    none = text_rows(confusion_cells(None, 4, 40, note="regression: no classes"))
    assert none[1].startswith("regression: no classes")


def test_train_is_solid_and_test_dotted_with_a_legend_even_without_colour():
    h = falling_history()
    cells = chart_cells(h, 12, 60, log=True)
    test_row = rows_drawn_in(cells, MUTED)[0]
    dots = [decode(k)[0] - 0x2800 for k in cells[test_row, LABEL_COLS:]
            if decode(k)[0] in BRAILLE and decode(k)[1] == MUTED]
    assert dots and all(d & 0b1011_1000 == 0 for d in dots)  # left dot column only
    train_rows = [decode(k)[0] - 0x2800 for k in cells[1, LABEL_COLS:] if decode(k)[0] in BRAILLE]
    assert any(d & 0b1011_1000 for d in train_rows)  # the train line uses both dot columns
    text = text_rows(cells)
    assert text[2].startswith("⠒⠒train") and text[3].startswith("⠂⠂test")
    mono = "".join(t for t, *_ in row_runs(cells[3], mono=True))
    assert mono.startswith("⠂⠂test")  # the legend is characters, not colours


def test_the_scale_is_log_by_default_only_when_the_losses_span_a_decade():
    assert spans_a_decade(falling_history())  # 1 down to 0.01
    assert not spans_a_decade(np.array([[0, 0.5, 0.6], [1, 0.06, 0.07]]))  # 0.5 / 0.06 < 10
    assert not spans_a_decade(np.array([[0, 0.5, np.nan], [1, 0.0, 0.4]]))  # zeros and NaN aside


def test_a_history_that_starts_after_epoch_0_marks_the_change_of_loss():
    h = falling_history(30)
    h[:, 0] += 120  # the loss changed at epoch 120: the history starts there
    text = text_rows(chart_cells(h, 8, 60, loss="cross-entropy"))
    assert text[0].startswith("LOSS xent linear ")
    assert text[-1][LABEL_COLS:].startswith("120 ◂ xent from here") and text[-1].rstrip().endswith("149")
    assert "◂" not in text_rows(chart_cells(falling_history(30), 8, 60))[-1]
