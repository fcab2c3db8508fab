"""The app with 3 to 6 classes: keys, the winner heatmap, class glyphs, K output neurons."""

from __future__ import annotations

import numpy as np
from ui_helpers import notifications, wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.render.classes import TRAIN_GLYPHS
from tui_playground.ui.render.drawing import decode
from tui_playground.ui.render.palette import FIRST_CLASS_SLOT as FIRST_SLOT
from tui_playground.ui.render.palette import FIRST_POINT_SLOT, LEVELS
from tui_playground.ui.widgets.heatmap import BoundaryHeatmap
from tui_playground.ui.widgets.network_view import NetworkView


def decoded(cells: np.ndarray) -> list[tuple[int, int, int, bool]]:
    return [decode(k) for k in cells.ravel()]


async def test_k_changes_the_classes_and_the_network_gets_k_outputs():
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("k")
        assert app.config.classes == 3 and app.config.dataset == "spiral"
        await wait_until(pilot, lambda: app.trainer.config.classes == 3)
        assert app.trainer.network.sizes.tolist() == [2, 4, 2, 3]
        await pilot.press("k", "k", "k", "k")  # stops at 6
        assert app.config.classes == 6
        await pilot.press("d")
        assert app.config.dataset == "blobs" and app.config.classes == 6
        await pilot.press(*"KKKK")
        assert app.config.classes == 2 and app.config.dataset == "circle"  # blobs has no two-class form


async def test_the_heatmap_shows_the_winning_class_and_each_class_has_its_glyph():
    app = make_app(Config(seed="0.5", dataset="blobs", classes=4, layers=(6,), lr=0.3))
    # 100 columns: no loss chart under the picture (it comes from 110x32), so a row is free for the legend
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press(*"ssssssssss")
        heat = app.query_one(BoundaryHeatmap)
        await wait_until(pilot, lambda: heat.class_maps is not None and app.trainer.epoch == 10)
        assert heat.class_maps.shape[0] == 4
        (left, top), n = heat.origin, heat.pixels
        cells = decoded(heat._cells[top : top + n // 2, left : left + n])  # the picture, not its legend
        pixel_slots = {s for ch, fg, bg, _ in cells if ch == 0 for s in (fg, bg)}
        winners = {(s - FIRST_SLOT) // LEVELS for s in pixel_slots if FIRST_SLOT <= s < FIRST_POINT_SLOT}
        assert winners == {0, 1, 2, 3}  # four regions, one per blob
        glyphs = {(chr(ch), fg) for ch, fg, bg, _ in cells if chr(ch) in TRAIN_GLYPHS}
        assert glyphs == {(TRAIN_GLYPHS[k], FIRST_POINT_SLOT + k) for k in range(4)}
        legend = decoded(heat._cells[top + n // 2])  # under the picture: each class's glyphs in its colour
        assert {(chr(ch), fg) for ch, fg, bg, _ in legend if chr(ch) in TRAIN_GLYPHS} == {
            (TRAIN_GLYPHS[k], FIRST_SLOT + k * LEVELS + LEVELS - 1) for k in range(4)}


async def test_an_output_neuron_shows_its_class_probability_big():
    app = make_app(Config(seed="0.5", dataset="spiral", classes=3, layers=(4,)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        view = app.query_one(NetworkView)
        view.focus()
        await pilot.press("right", "right", "down")  # inputs -> hidden -> output neuron 1
        await wait_until(pilot, lambda: view.cursor == (2, 1))
        heat = app.query_one(BoundaryHeatmap)
        await pilot.press("s")
        await wait_until(pilot, lambda: heat.class_index == 1)
        assert heat.class_maps is None and "CLASS 1 PROBABILITY" in view.title()
        slots = {s for ch, fg, bg, _ in decoded(heat._cells) if ch == 0 for s in (fg, bg)}
        assert {(s - FIRST_SLOT) // LEVELS for s in slots if FIRST_SLOT <= s < FIRST_POINT_SLOT} == {1}
        await pilot.press("escape")
        await pilot.press("s")
        await wait_until(pilot, lambda: heat.class_maps is not None)


async def test_the_metrics_line_shows_the_accuracy_on_train_and_test():
    from tui_playground.engine.class_metrics import class_metrics
    from tui_playground.ui.widgets.loss_panel import LossPanel

    app = make_app(Config(seed="0.5", dataset="blobs", classes=3, layers=(4,), lr=0.3))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press(*"sssss")
        await wait_until(pilot, lambda: app.trainer.epoch == 5)
        t = app.trainer
        train = class_metrics(t.network, t.config, t.data.train_xy, t.data.train_y).accuracy
        test = class_metrics(t.network, t.config, t.data.test_xy, t.data.test_y).accuracy
        panel = app.screen.query_one(LossPanel)
        expected = f"Accuracy {train:.1%} train · {test:.1%} test"
        await wait_until(pilot, lambda: panel.render().plain.splitlines()[-1] == expected)


async def test_k_with_a_setting_for_two_classes_only_says_why_and_keeps_two():
    app = make_app(Config(seed="0.5", optimizer="adam"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("k")
        assert app.config.classes == 2 and app.is_running
        assert any("optimizer beyond the playground is for two classes" in n.message for n in notifications(app))
