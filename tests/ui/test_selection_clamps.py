"""Selections stay inside what they point into when that changes: the network
view's cursor, its bias/link and the selected layer when inputs, neurons or
layers go; the gallery's tile when the members change (issue 11)."""

from __future__ import annotations

import numpy as np
from ui_helpers import focused_view, wait_ready, wait_until

from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.edit_value import EditValueDialog
from tui_playground.ui.widgets.network_view import BIAS, NetworkView
from tui_playground.ui.widgets.tile_grid import TileGrid


def drawn(view: NetworkView) -> np.ndarray:
    """The view drawn now, at its size (raises if a selection points nowhere)."""
    return view.draw(view.size.height, view.size.width)


async def frame_of_shape(pilot, view: NetworkView) -> None:
    """Until the view shows parameters of the current shape (links drawn)."""
    await wait_until(pilot, view._matches)
    await pilot.pause()


async def test_a_selected_link_whose_input_goes_is_dropped_for_the_bias(config):
    app = make_app(config)  # x1, x2 -> 4 -> 2 -> 1
    async with app.run_test(size=(120, 40)) as pilot:
        view = await focused_view(pilot)
        await pilot.press("down", "full_stop", "full_stop")  # layer 1 neuron 2, the link from X2
        assert (view.cursor, view.part) == ((1, 1), 1)
        await pilot.press("2")  # X2 off: layer 1 has one input, link 1 is gone
        assert app.config.features == ("x",) or len(app.config.features) == 1
        assert view.part == BIAS and view.cursor == (1, 1)
        await frame_of_shape(pilot, view)
        drawn(view)
        await pilot.press("full_stop")  # the one link left
        assert view.part == 0
        await pilot.press("space")  # and while training: frames of the new shape draw
        await pilot.press("1")  # X1 off too would leave no input: refused, or a valid shape
        await pilot.pause(0.2)
        drawn(view)
        app.playground.playing = False


async def test_the_cursor_follows_neurons_and_layers_that_go(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await focused_view(pilot)
        await pilot.press("down", "down", "down")  # layer 1, neuron 4
        assert view.cursor == (1, 3)
        await pilot.press("minus")  # layer 1 now has 3 neurons
        assert app.config.layers == (3, 2) and view.cursor == (1, 2)
        await pilot.press("right", "full_stop", "full_stop", "full_stop")  # layer 2, the link from neuron 3
        assert view.cursor[0] == 2 and view.part == 2 and app.playground.selected_layer == 1
        await pilot.press("H")  # layer 2 goes: the cursor lands on what is now there
        assert app.config.layers == (3,)
        assert app.playground.selected_layer == 0 and view.selected == 0
        assert view.cursor[0] <= 2 and view.cursor[1] < app.config.shape[view.cursor[0]]
        assert view.part == BIAS or view.part < app.config.shape[view.cursor[0] - 1]
        await frame_of_shape(pilot, view)
        drawn(view)


async def test_a_link_with_fewer_layers_keeps_the_selected_layer_valid(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("greater_than_sign")
        assert app.playground.selected_layer == 1
        app.playground.files._open_url("#networkShape=3&seed=2", {})  # what U does with that link
        await pilot.pause()
        assert app.config.layers == (3,) and app.playground.selected_layer == 0
        await pilot.press("plus")  # acts on the layer that exists
        assert app.config.layers == (4,)
        app.playground.files._open_url("#networkShape=&seed=2", {})  # no hidden layer at all
        await pilot.pause()
        assert app.config.layers == () and app.playground.selected_layer == 0
        await pilot.press("plus", "H", "minus")  # told there is no layer; nothing breaks
        assert app.config.layers == ()


async def test_an_edit_of_a_link_gone_meanwhile_is_refused_in_one_line(config):
    app = make_app(config)
    told = []
    async with app.run_test(size=(120, 40)) as pilot:
        await focused_view(pilot)
        notify = app.notify
        app.notify = lambda message, **kw: (told.append(str(message)), notify(message, **kw))
        await pilot.press("right", "down", "full_stop", "full_stop", "full_stop", "full_stop")  # layer 2 neuron 2, from 4
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, EditValueDialog)
        app.playground.change(layers=(2, 2))  # e.g. an undo behind the dialog: neuron 1.4 is gone
        await pilot.press(*"0.5", "enter")
        await wait_until(pilot, lambda: any("is gone" in m for m in told))
        assert not isinstance(app.screen, EditValueDialog)


def test_the_gallery_tile_stays_among_the_members():
    grid = TileGrid([str(i) for i in range(16)])
    grid.select(15)
    assert grid.selected == 15
    grid.labels = ["a", "b", "c"]  # another set of variants, fewer members
    grid.show([None] * 3, np.full(3, np.nan), np.arange(3))
    assert grid.selected == 2 and grid.position == 2
    grid.select(-4)
    assert grid.selected == 0
    grid.select(99)
    assert grid.selected == 2
