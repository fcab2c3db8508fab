"""The output panel on the main screen: the loss chart (scale, cursor by keys
and mouse) and the confusion matrix (test or train set), under the heatmap
where there is room, in its place on a small terminal; values are the
trainer's own (Trainer.history, Trainer.metrics())."""

from __future__ import annotations

import numpy as np
from ui_helpers import notifications, text_rows, wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.render.loss_chart import LABEL_COLS, column_of_row, format_value, plot_width
from tui_playground.ui.widgets.confusion_view import ConfusionView
from tui_playground.ui.widgets.heatmap import BoundaryHeatmap
from tui_playground.ui.widgets.loss_chart import LossChart


async def stepped(pilot, epochs: int) -> None:
    app = pilot.app
    app.playground.action_step(epochs)
    await wait_until(pilot, lambda: app.trainer.epoch == epochs)
    chart = app.screen.query_one(LossChart)
    await wait_until(pilot, lambda: len(chart.history) == epochs + 1)


async def test_the_chart_sits_under_the_heatmap_and_shows_the_trainers_history():
    app = make_app(Config(seed="0.5", lr=0.1))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await stepped(pilot, 30)
        chart, heatmap = app.screen.query_one(LossChart), app.screen.query_one(BoundaryHeatmap)
        assert chart.display and heatmap.display and chart.region.y >= heatmap.region.bottom
        assert chart.region.height >= 8 and chart.region.right <= 120
        np.testing.assert_array_equal(chart.history, app.trainer.history.array())
        last = app.trainer.history.array()[-1]
        title = text_rows(chart._cells)[0]
        assert title.startswith("square log ")  # 0.5 down to 0.02: more than a decade, log by itself
        assert f"epoch 30  train {format_value(last[1])}  test {format_value(last[2])}" in title
        await pilot.press("ctrl+l")
        assert not chart.log_scale and text_rows(chart._cells)[0].startswith("square linear ")
        await pilot.press("ctrl+l")
        assert chart.log_scale


async def test_keys_move_the_cursor_and_the_readout_follows_it():
    app = make_app(Config(seed="0.5", lr=0.1))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await stepped(pilot, 20)  # fewer epochs than columns: a key moves one epoch
        chart = app.screen.query_one(LossChart)
        for _ in range(12):  # tab through the views to the chart
            if chart.has_focus:
                break
            await pilot.press("tab")
        assert chart.has_focus and chart.cursor == 20  # focusing puts the cursor on the latest epoch
        history = app.trainer.history.array()

        def shows(row: int) -> bool:
            e, train, test = history[row]
            return f"▸ epoch {int(e)}  train {format_value(train)}  test {format_value(test)}" in \
                text_rows(chart._cells)[0]

        await pilot.press("left", "left")
        assert chart.cursor == 18 and shows(18)
        await pilot.press("home")
        assert chart.cursor == 0 and shows(0)
        await pilot.press("right")
        assert chart.cursor == 1 and shows(1)
        await pilot.press("end")
        assert chart.cursor == 20 and shows(20)
        await pilot.press("escape")
        assert chart.cursor is None and "▸" not in text_rows(chart._cells)[0]
        assert app.config.lr == 0.1  # the arrows went to the chart, not elsewhere


async def test_a_click_puts_the_cursor_on_that_epoch_and_it_stays_there_while_training():
    app = make_app(Config(seed="0.5", lr=0.1))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await stepped(pilot, 40)
        chart = app.screen.query_one(LossChart)
        width = plot_width(chart.size.width)
        history = chart.history
        x = column_of_row(history, width, 10)
        await pilot.click(LossChart, offset=(LABEL_COLS + x, 3))
        assert chart.cursor == 10 and chart.has_focus
        await pilot.press("space")
        await wait_until(pilot, lambda: len(chart.history) > 100)
        await pilot.press("space")
        assert chart.history[chart.cursor, 0] == 10  # the same epoch, further left on a longer axis


async def test_the_confusion_matrix_shows_the_trainers_counts_of_either_set():
    app = make_app(Config(seed="0.5", lr=0.1))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await stepped(pilot, 25)
        await pilot.press("ctrl+n")
        view, chart = app.screen.query_one(ConfusionView), app.screen.query_one(LossChart)
        assert view.display and not chart.display
        train, test = app.trainer.metrics()
        await wait_until(pilot, lambda: view.matrix() is not None)
        np.testing.assert_array_equal(view.matrix(), [[test.tn, test.fp], [test.fn, test.tp]])
        text = text_rows(view._cells)
        assert text[0].startswith("CONFUSION test set")
        assert text[2].split()[-2:] == [str(test.tn), str(test.fp)]
        assert text[3].split()[-2:] == [str(test.fn), str(test.tp)]
        await pilot.press("ctrl+t")
        np.testing.assert_array_equal(view.matrix(), train.confusion)
        assert text_rows(view._cells)[0].startswith("CONFUSION train set")
        assert text_rows(view._cells)[2].split()[-2:] == [str(train.tn), str(train.fp)]
        await pilot.press("ctrl+n")
        assert chart.display and not view.display


async def test_k_classes_show_a_k_by_k_matrix():
    app = make_app(Config(seed="0.5", dataset="blobs", classes=4, layers=(6,), lr=0.3))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await stepped(pilot, 10)
        await pilot.press("ctrl+n")
        view = app.screen.query_one(ConfusionView)
        _, test = app.trainer.metrics()
        await wait_until(pilot, lambda: view.matrix() is not None and view.matrix().shape == (4, 4))
        np.testing.assert_array_equal(view.matrix(), test.confusion)
        text = text_rows(view._cells)
        assert text[1].split() == ["pred", "●0", "▲1", "■2", "◆3"]
        for k in range(4):
            assert text[2 + k].split()[-4:] == [str(n) for n in test.confusion[k]]


async def test_regression_says_there_is_no_matrix():
    app = make_app(Config(seed="0.5").with_data("reg-plane"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await stepped(pilot, 2)
        await pilot.press("ctrl+n")
        view = app.screen.query_one(ConfusionView)
        await wait_until(pilot, lambda: view._cells is not None and "regression" in text_rows(view._cells)[1])
        assert view.matrix() is None


async def test_a_small_terminal_shows_the_panel_in_the_heatmaps_place():
    app = make_app(Config(seed="0.5", lr=0.1))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await stepped(pilot, 5)
        screen = app.screen
        heatmap, chart, view = (screen.query_one(w) for w in (BoundaryHeatmap, LossChart, ConfusionView))
        assert heatmap.display and not chart.display and not view.display
        await pilot.press("ctrl+n")
        assert chart.display and not heatmap.display
        await pilot.pause()
        assert chart.region.height >= 10 and chart.region.right <= 80
        await pilot.press("ctrl+n")
        assert view.display and not chart.display and not heatmap.display
        await pilot.press("ctrl+n")
        assert heatmap.display and not view.display
        await pilot.press("ctrl+l")  # hidden: the scale changes, and a message says so
        assert chart.log_scale and any("log scale" in n.message for n in notifications(app))


async def test_help_and_palette_list_the_panel_keys():
    from tui_playground.ui.dialogs.help import HelpScreen

    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(120, 60)) as pilot:
        await wait_ready(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Chart: linear / log", "Matrix: test / train set", "Panel: chart / matrix"} <= titles
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        listed = {k: d for _title, rows in app.screen.sections for k, d in rows}
        assert listed["ctrl+n"].startswith("Panel") and listed["ctrl+l"].startswith("Chart")
        assert listed["ctrl+t"].startswith("Matrix")


async def test_placing_points_brings_the_heatmap_back_on_a_small_terminal():
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+n")
        heatmap = app.screen.query_one(BoundaryHeatmap)
        assert not heatmap.display
        await pilot.press("m")
        assert heatmap.display and app.playground.points.active
        assert not app.screen.query_one(LossChart).display
