"""The mouse on the main screen: clicks pick data sets, toggle features, pick
neurons; the top bar's fields take clicks and the wheel. Offsets come from each
view's own hit map (what it drew where), never from fixed coordinates."""

from __future__ import annotations

import numpy as np
from textual import events
from ui_helpers import wait_ready, wait_until

from tui_playground.config import DATASETS, FEATURE_NAMES
from tui_playground.ui.app import make_app
from tui_playground.ui.render.settings_text import FIELDS
from tui_playground.ui.widgets.data_picker import DataPicker
from tui_playground.ui.widgets.feature_list import FeatureList
from tui_playground.ui.widgets.heatmap import BoundaryHeatmap
from tui_playground.ui.widgets.network_view import NetworkView
from tui_playground.ui.widgets.top_bar import TopBar

SIZE = (120, 40)


def title(app) -> str:
    return str(app.query_one("#output-title").render())


def empty_cell(view) -> tuple[int, int]:
    """A cell of `view` where nothing clickable was drawn."""
    return next((x, y) for y in range(view.size.height) for x in range(view.size.width)
                if view.target_at(x, y) is None)


async def test_clicking_a_thumbnail_picks_that_data_set(config):
    app = make_app(config)  # spiral
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        picker = app.query_one(DataPicker)
        target = ("data", DATASETS.index("xor"))
        assert await pilot.click(DataPicker, offset=picker.centre_of(target))
        assert app.config.dataset == "xor" and app.trainer.config.dataset == "xor"
        assert picker.cursor == DATASETS.index("xor")


async def test_clicking_a_value_row_steps_it(config):
    app = make_app(config)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        picker = app.query_one(DataPicker)
        await pilot.click(DataPicker, offset=picker.centre_of(("value", 1, 1)))  # noise, right half
        assert app.trainer.config.noise == 5
        await pilot.click(DataPicker, offset=picker.centre_of(("value", 1, -1)))
        assert app.trainer.config.noise == 0


async def test_clicking_a_feature_toggles_it(config):
    app = make_app(config)  # x1, x2
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        features = app.query_one(FeatureList)
        await pilot.click(FeatureList, offset=features.centre_of(2))
        assert FEATURE_NAMES[2] in app.config.features
        assert app.trainer.config.features == app.config.features
        await pilot.click(FeatureList, offset=features.centre_of(0))
        assert FEATURE_NAMES[0] not in app.config.features


async def test_clicking_a_neuron_shows_it_and_elsewhere_the_output(config):
    app = make_app(config)  # x1, x2 -> 4 -> 2 -> 1
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        view, heatmap = app.query_one(NetworkView), app.query_one(BoundaryHeatmap)
        # The first click also focuses the view, which then widens: the
        # neuron is the one drawn under the press, before the widening.
        assert await pilot.click(NetworkView, offset=view.centre_of((1, 2)))
        await wait_until(pilot, lambda: view.wide)
        await pilot.pause()
        assert view.cursor == (1, 2)
        assert title(app).startswith("LAYER 1 NEURON 3")
        assert np.array_equal(heatmap.grid, view.grids[1][2])

        await pilot.click(NetworkView, offset=view.centre_of((2, 1)))
        assert view.cursor == (2, 1) and app.playground.selected_layer == 1
        assert title(app).startswith("LAYER 2 NEURON 2")

        await pilot.click(NetworkView, offset=view.centre_of((3, 0)))  # the output
        assert view.cursor is None and title(app) == "OUTPUT"
        assert np.array_equal(heatmap.grid, view.grids[-1][0])

        await pilot.click(NetworkView, offset=view.centre_of((0, 1)))
        assert title(app) == "INPUT X₂"
        await pilot.click(NetworkView, offset=empty_cell(view))
        assert view.cursor is None and title(app) == "OUTPUT"
        await pilot.press("down")  # the keys still work: from the selected layer (2)
        assert view.cursor == (2, 1)


async def test_top_bar_click_chooses_a_field_and_the_wheel_steps_it(config):
    app = make_app(config)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        bar = app.query_one(TopBar)
        row, x0, x1 = bar.spans["activation"]
        await pilot.click(TopBar, offset=((x0 + x1) // 2, row))
        assert bar.has_focus and FIELDS[bar.field] == "activation"
        lr = app.config.lr
        row, x0, x1 = bar.spans["lr"]
        bar.post_message(events.MouseScrollUp(bar, (x0 + x1) // 2, row, 0, 0, 0, False, False, False))
        await wait_until(pilot, lambda: app.config.lr != lr)
        assert app.config.lr > lr and FIELDS[bar.field] == "lr"
