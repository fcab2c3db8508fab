"""Pilot tests: keys change the config and the trainer; training keeps going."""

from __future__ import annotations

import numpy as np
from ui_helpers import notifications, text_rows, until_stopped, wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import KEYS, make_app
from tui_playground.ui.dialogs.help import HelpScreen
from tui_playground.ui.dialogs.seed_dialog import SeedDialog
from tui_playground.ui.playground.keys import help_sections
from tui_playground.ui.widgets.heatmap import BoundaryHeatmap
from tui_playground.ui.widgets.top_bar import TopBar


async def test_first_frame_comes_before_the_trainer_with_a_starting_status(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.query_one(TopBar).state in ("starting", "paused")
        await wait_ready(pilot)
        assert app.query_one(TopBar).state == "paused"
        assert app.query_one(BoundaryHeatmap).grid is not None


async def test_step_reset_restart_regenerate(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        first = app.trainer.network.W.copy()
        await pilot.press("s", "s", "s")
        assert app.trainer.epoch == 3
        await pilot.press("r")
        assert app.trainer.epoch == 0
        assert not np.array_equal(app.trainer.network.W, first)  # reset: new weights
        await pilot.press("ctrl+r")
        assert np.array_equal(app.trainer.network.W, first)  # restart: same seed, same weights
        await pilot.press("g")
        assert app.config.seed != config.seed == "0.5"
        assert app.trainer.config.seed == app.config.seed


async def test_play_pause_trains_in_the_background(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("space")
        assert app.playground.playing
        await wait_until(pilot, lambda: app.trainer.epoch > 50)
        await pilot.press("space")
        assert not app.playground.playing
        await until_stopped(pilot, app.playground.worker)  # the thread ends after its slice
        epoch = app.trainer.epoch
        await pilot.press("s")  # and the trainer is the UI's again: a step is immediate
        assert app.trainer.epoch == epoch + 1


async def test_hyperparameter_keys_apply_without_reset_while_training(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("space")
        await wait_until(pilot, lambda: app.trainer.epoch > 20)
        await pilot.press("l", "a", "x", "z", "b")
        assert app.config.batch == 11  # the views' config at once; the trainer's after its slice
        await wait_until(pilot, lambda: app.trainer.config == app.config)
        epoch = app.trainer.epoch
        assert app.trainer.config.lr == 0.1
        assert app.trainer.config.activation == "sigmoid"
        assert app.trainer.config.reg == "L1"
        assert app.trainer.config.reg_rate == 0.001
        assert app.trainer.config.batch == 11
        assert epoch > 20  # no reset
        await wait_until(pilot, lambda: app.trainer.epoch > epoch + 20)  # still training
        await pilot.press("space")


async def test_data_features_and_shape_rebuild_the_network(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("s")
        await pilot.press("3")
        assert app.trainer.config.features == ("x1", "x2", "x1sq")
        assert app.trainer.network.sizes[0] == 3 and app.trainer.epoch == 0
        await pilot.press("h")  # a new layer after the selected (first) one
        assert app.config.layers == (4, 2, 2)
        await pilot.press("plus")  # the new layer is selected
        assert app.config.layers == (4, 3, 2)
        await pilot.press("less_than_sign", "less_than_sign", "minus")
        assert app.config.layers == (3, 3, 2)
        await pilot.press("H")  # removes the selected (first) layer
        assert app.trainer.config.layers == (3, 2)
        await pilot.press("d")
        assert app.trainer.data.name == "reg-plane" and app.config.problem == "regression"
        await pilot.press("n", "p")
        assert (app.trainer.config.noise, app.trainer.config.train_pct) == (5, 60)
        await pilot.press("t", "o")
        assert app.config.show_test and app.config.discretize


async def test_limits_are_told_not_crashed(config):
    app = make_app(config.replace(layers=(8,)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("plus")
        assert app.config.layers == (8,)
        await pilot.press("1", "2")  # the last feature can't go
        assert app.config.features == ("x2",)


async def test_focus_and_arrows_reach_every_control(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert app.focused is None  # the keys start as the main screen's
        await pilot.press("tab")  # the top bar first
        assert isinstance(app.focused, TopBar)
        await pilot.press("right", "right", "right", "right", "up")  # after speed, seed, test, discretize: lr
        assert app.config.lr == 0.1
        await pilot.press("tab", "left", "enter")  # data picker: from spiral to gauss
        assert app.trainer.data.name == "gauss"
        await pilot.press("tab", "down", "down", "enter")  # features: x1sq
        assert "x1sq" in app.config.features
        await pilot.press("tab", "right")  # network: select layer 2
        assert app.playground.selected_layer == 1


async def test_seed_is_editable_and_restarts_from_it(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, SeedDialog)
        await pilot.press(*"\b\b\b", "4", "2", "enter")
        assert app.config.seed == "42" == app.trainer.config.seed


async def test_help_lists_every_binding(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = [row for _title, rows in app.screen.sections for row in rows]
        # every group (no view has the focus: no mode's keys first)
        assert sorted(listed) == sorted(row for _title, rows in help_sections() for row in rows)
        labels = " ".join(k for k, _d in listed)
        assert all(key.label in labels for key in KEYS if not key.action.startswith("toggle_feature"))
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_offers_the_actions(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)):
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Play / pause", "Restart from the seed", "Input 7 on / off"} <= titles


async def test_divergence_stops_training_with_a_message():
    app = make_app(Config(seed="0.5", problem="regression", lr=10.0, batch=1, layers=(8, 8)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("space")
        await wait_until(pilot, lambda: not app.playground.playing)
        await wait_until(pilot, lambda: app.query_one(TopBar).state == "diverged")
        assert any("finite" in n.message for n in notifications(app))


async def test_80x24_fits_and_smaller_says_what_it_needs(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.resize_terminal(80, 24)
        heatmap = app.query_one(BoundaryHeatmap)
        await wait_until(pilot, lambda: app.screen.has_class("-compact") and heatmap.region.right <= 80)
        assert not app.screen.has_class("-too-small")
        assert heatmap.region.right <= 80 and heatmap.pixels >= 30
        await pilot.press("space")
        await wait_until(pilot, lambda: app.trainer.epoch > 10)
        await pilot.resize_terminal(60, 20)
        await wait_until(pilot, lambda: app.screen.has_class("-too-small"))
        await pilot.press("space")


async def test_unchanged_picture_repaints_nothing(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        heatmap = app.query_one(BoundaryHeatmap)
        calls = []
        heatmap.refresh = lambda *a, **k: calls.append(a)
        app.playground.render_now()
        await pilot.pause()  # the snapshot is taken on the worker's thread, drawn here
        assert calls == []
        app.playground.action_step(50)  # control: a changed picture does repaint (the spy sees it)
        await pilot.pause()
        assert calls


async def test_feature_cursor_disappears_when_focus_leaves():
    from tui_playground.ui.widgets.feature_list import FeatureList

    app = make_app(Config(seed="f"))
    async with app.run_test(size=(120, 40)) as pilot:
        features = app.query_one(FeatureList)
        features.focus()
        await pilot.pause()
        assert "▸" in "".join(text_rows(features._cells[1:]))
        app.set_focus(None)
        await pilot.pause()
        assert "▸" not in "".join(text_rows(features._cells))


async def test_a_theme_switch_recolours_every_view(config):
    """What the command palette's theme switch does: every cell view repaints
    with the new theme's background (the data palette follows the theme)."""
    from textual.color import Color

    from tui_playground.ui.render.palette import BACKGROUND
    from tui_playground.ui.widgets.data_picker import DataPicker
    from tui_playground.ui.widgets.feature_list import FeatureList
    from tui_playground.ui.widgets.loss_chart import LossChart
    from tui_playground.ui.widgets.network_view import NetworkView

    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        # (at 120x40 the heatmap's picture fills it to its last line: the chart under it shows the background)
        views = [app.query_one(v) for v in (DataPicker, FeatureList, NetworkView, LossChart)]

        def painted_backgrounds() -> set[tuple[int, int, int]]:
            """The background of each view's last line, as its strip paints it."""
            colours = set()
            for view in views:
                c = list(view.render_line(view.size.height - 1))[0].style.bgcolor.get_truecolor()
                colours.add((c.red, c.green, c.blue))
            return colours

        before = painted_backgrounds()
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        new = Color.parse(app.get_css_variables()["background"])
        await wait_until(pilot, lambda: app.palette.rgb(BACKGROUND) == (new.r, new.g, new.b))
        await pilot.pause()
        assert len(before) == 1 and before != {(new.r, new.g, new.b)}
        assert painted_backgrounds() == {(new.r, new.g, new.b)}


async def test_new_numbers_repaint_the_top_bar_not_the_whole_screen(config):
    """Status and config live on the screen as plain vars: only the views bound
    to them repaint (a repainting reactive would resend every cell per frame)."""
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen, bar = app.playground, app.query_one(TopBar)
        screen_calls, bar_calls = [], []
        screen.refresh = lambda *a, **k: screen_calls.append(a)
        bar.refresh = lambda *a, **k: bar_calls.append(a)
        await pilot.press("s")  # a new epoch and losses
        await pilot.press("l")  # a new learning rate
        assert bar.status.epoch == 1 and bar.config.lr == app.config.lr
        assert bar_calls  # control: the bar did repaint
        assert screen_calls == []
