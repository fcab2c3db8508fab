"""The network view: navigation, the big heatmap follows the cursor, editing
weights and biases through the dialog, shape limits, a snapshot."""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import Input, Label
from ui_helpers import focused_view, notifications, text_rows

from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.edit_value import EditValueDialog
from tui_playground.ui.widgets.heatmap import BoundaryHeatmap

EPOCHS = 40


def title(app) -> str:
    return str(app.query_one("#output-title").render())


async def test_arrows_pick_a_neuron_and_the_big_heatmap_shows_it(config):
    app = make_app(config)  # x1, x2 -> 4 -> 2 -> 1
    async with app.run_test(size=(120, 40)) as pilot:
        view = await focused_view(pilot)
        heatmap = app.query_one(BoundaryHeatmap)
        await pilot.press("down", "down")  # starts on the selected layer's first neuron
        assert view.cursor == (1, 2)
        assert np.array_equal(heatmap.grid, view.grids[1][2])
        assert title(app).startswith("LAYER 1 NEURON 3  bias +0.100")
        await pilot.press("right", "down", "down")  # layer 2 has 2 neurons: clamped
        assert view.cursor == (2, 1) and app.playground.selected_layer == 1
        await pilot.press("left", "left", "up")
        assert view.cursor == (0, 0)
        assert np.array_equal(heatmap.grid, view.grids[0][0])
        assert title(app) == "INPUT X₁"
        await pilot.press("escape")
        assert view.cursor is None
        assert np.array_equal(heatmap.grid, view.grids[-1][0])
        assert title(app) == "OUTPUT"


async def test_plus_minus_and_h_act_on_the_layer_under_the_cursor(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await focused_view(pilot)
        await pilot.press("right", "plus")  # cursor on layer 2
        assert app.config.layers == (4, 3)
        await pilot.press("h")  # a new layer after layer 2
        assert app.config.layers == (4, 3, 2) and app.playground.selected_layer == 2
        await pilot.press("left", "left", "minus", "H")  # layer 1 shrinks, then goes
        assert app.trainer.config.layers == (3, 2)


async def test_limits_are_told_with_a_message():
    app = make_app(Config(seed="0.5", layers=(8, 1, 8, 8, 8, 8)))
    async with app.run_test(size=(120, 40)) as pilot:
        await focused_view(pilot)
        await pilot.press("down", "plus", "h")
        await pilot.press("right", "minus")
        assert app.config.layers == (8, 1, 8, 8, 8, 8)
        messages = " ".join(n.message for n in notifications(app))
        assert "1 to 8 neurons" in messages and "At most 6 hidden layers" in messages


async def edit(pilot, text: str) -> EditValueDialog:
    await pilot.press("enter")
    dialog = pilot.app.screen
    assert isinstance(dialog, EditValueDialog)
    await pilot.press(*text, "enter")
    return dialog


async def test_editing_a_bias_and_a_weight_reaches_the_trainer_and_the_picture(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await focused_view(pilot)
        await pilot.press("down")  # layer 1, neuron 2; its bias is the first part
        await edit(pilot, "0.75")
        assert not isinstance(app.screen, EditValueDialog)
        assert app.trainer.network.B[0, 1] == 0.75
        assert view.network.biases(0)[1] == 0.75  # paused: redrawn at once
        assert "bias +0.750" in title(app)
        await pilot.press("full_stop", "full_stop")  # the link from X₂
        await edit(pilot, "-2.5")
        assert app.trainer.network.W[0, 1, 1] == -2.5
        assert view.network.weights(0)[1, 1] == -2.5


async def test_bad_numbers_are_rejected_in_the_dialog_and_escape_cancels(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await focused_view(pilot)
        await pilot.press("right", "full_stop")  # layer 2, neuron 1, link from neuron 1
        before = app.trainer.network.W.copy()
        dialog = await edit(pilot, "abc")
        assert app.screen is dialog
        assert "not a number" in str(dialog.query_one("#error", Label).render())
        dialog.query_one(Input).value = "inf"
        await pilot.press("enter")
        assert app.screen is dialog and "finite" in str(dialog.query_one("#error", Label).render())
        await pilot.press("escape")
        assert not isinstance(app.screen, EditValueDialog)
        assert np.array_equal(app.trainer.network.W, before)


async def test_inputs_have_nothing_to_edit(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await focused_view(pilot)
        await pilot.press("left", "enter")
        assert not isinstance(app.screen, EditValueDialog)
        assert any("Inputs have no bias" in n.message for n in notifications(app))


async def test_focus_widens_the_view_and_everything_fits(config):
    app = make_app(Config(seed="0.5", layers=(8, 8, 8, 8, 8, 8), features=FEATURE_NAMES))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await focused_view(pilot)
        assert app.screen.has_class("-network-wide")
        text = text_rows(view._cells)
        assert text[1].split() == ["in", "▸8", "8", "8", "8", "8", "8", "out"]  # all 8 columns
        assert "◂" not in "".join(text)  # no scrolling
        await pilot.press("tab")
        assert not app.screen.has_class("-network-wide")


async def test_an_unchanged_network_repaints_nothing(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await focused_view(pilot)
        await pilot.press("down")
        calls = []
        view.refresh = lambda *a, **k: calls.append(a)
        app.playground.render_now()
        await pilot.pause()  # the snapshot is taken on the worker's thread, drawn here
        assert calls == []
        app.playground.action_step(50)  # control: changed weights do repaint (the spy sees it)
        await pilot.pause()
        assert calls


def snapshot_config() -> Config:
    return Config(seed="0.5", dataset="spiral", layers=(8, 8), features=FEATURE_NAMES)


async def trained_and_selected(pilot) -> None:
    await focused_view(pilot)
    pilot.app.playground.action_step(EPOCHS)
    pilot.app.playground.render_now()
    await pilot.pause()  # trained and drawn (on the worker's thread) before the keys
    await pilot.press("right", "down", "down", "full_stop", "full_stop")
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_network_view_snapshot(snap_compare, size, kernels_warming):
    assert snap_compare(make_app(snapshot_config()), terminal_size=size, run_before=trained_and_selected)
