"""Placing points by hand in the app (key m): keys, mouse, undo, live training, sessions."""

from __future__ import annotations

import numpy as np

from tui_playground.config import Config
from tui_playground.session import load_session, save_session
from tui_playground.ui.app import make_app
from tui_playground.ui.widgets.heatmap import BoundaryHeatmap

from ui_helpers import wait_ready, wait_until


async def start_editing(pilot, app) -> BoundaryHeatmap:
    heat = app.query_one(BoundaryHeatmap)
    await pilot.press("m")
    await wait_until(pilot, lambda: app.playground.points.active and heat.has_focus)
    return heat


async def test_keys_place_points_and_the_network_trains_on_them(tmp_path):
    app = make_app(Config(seed="0.5", layers=(3,), batch=1, lr=0.1))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        heat = await start_editing(pilot, app)
        editor = app.playground.points.editor
        assert editor.counts == (250, 250)  # it starts from the data in use
        await pilot.press("C")
        assert editor.points == []
        await pilot.press(*["left"] * 8, "enter", *["right"] * 16, "c", "enter", "c", "up", "enter",
                          *["down"] * 2, "c", "enter")
        assert [(p.label, p.test) for p in editor.points] == [(1, False), (-1, True), (1, False), (-1, True)]
        xs = [p.x for p in editor.points]
        assert xs[0] < 0 < xs[1] and xs[2] == xs[3] == xs[1]
        await wait_until(pilot, lambda: len(app.trainer.data.train_y) == 2 and len(app.trainer.data.test_y) == 2)
        assert "2 train 2 test" in str(app.screen.query_one("#output-title").render())
        await pilot.press("s", "s", "s")
        assert app.trainer.epoch == 3
        await pilot.press("delete")  # the nearest to the cursor: the last point
        assert len(editor.points) == 3 and editor.points[-1].y > editor.points[0].y - 1
        await pilot.press("u")
        assert len(editor.points) == 4
        save_session(app.trainer, tmp_path / "s.json")  # the placed points are the session's data
        loaded = load_session(tmp_path / "s.json")
        assert loaded.data.train_xy.tolist() == [[p.x, p.y] for p in editor.points if not p.test]
        await pilot.press("escape")
        assert not app.playground.points.active and not heat.editing


async def test_a_click_puts_a_point_where_it_lands_and_k_classes_get_class_numbers():
    app = make_app(Config(seed="0.5", dataset="blobs", classes=4, layers=(4,)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        heat = await start_editing(pilot, app)
        await pilot.press("C", "c", "c")
        left, top = heat.origin
        n = heat.pixels
        await pilot.click(BoundaryHeatmap, offset=(left + n - 1, top))  # the top right corner
        editor = app.playground.points.editor
        assert len(editor.points) == 1
        p = editor.points[0]
        assert p.label == 2 and p.x > 5.5 and p.y > 5.5


async def test_new_data_ends_the_editing():
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await start_editing(pilot, app)
        await pilot.press("escape")
        await pilot.press("m")
        await wait_until(pilot, lambda: app.playground.points.active)
        app.playground.action_set_data("xor")
        assert not app.playground.points.active
        await wait_until(pilot, lambda: app.trainer.data.name == "xor")
        assert np.isfinite(app.trainer.train_loss)
