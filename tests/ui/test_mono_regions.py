"""Decision regions without colour (NO_COLOR, or a terminal with no colours):
each class's region is drawn with its own fill glyph, denser where the winner
is surer, and a legend under the picture says which glyph is which class."""

from __future__ import annotations

import numpy as np
import pytest
from ui_helpers import screen_text, wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.render.classes import (
    FILL_GLYPHS,
    TEST_GLYPHS,
    TRAIN_GLYPHS,
    legend,
    mono_region_cells,
    strength_slots,
    two_class_regions,
    winner_regions,
)
from tui_playground.ui.render.drawing import decode, pixel, row_runs
from tui_playground.ui.render.palette import palette_for
from tui_playground.ui.widgets.heatmap import BoundaryHeatmap


def glyphs(cells: np.ndarray) -> list[str]:
    return ["".join(chr(decode(k)[0]) for k in row) for row in cells]


def test_fill_glyphs_are_one_per_class_and_unlike_any_point_glyph():
    assert len(set(FILL_GLYPHS)) == 6 and " " not in FILL_GLYPHS
    assert not set(FILL_GLYPHS) & (set(TRAIN_GLYPHS) | set(TEST_GLYPHS))


@pytest.mark.parametrize("strength, lit", [(0.0, 1), (0.3, 2), (0.6, 3), (0.8, 4), (1.0, 4)])
def test_a_surer_winner_fills_more_cells_of_every_2x2_block(strength, lit):
    rows = glyphs(mono_region_cells(np.full((4, 6), 2), np.full((4, 6), strength)))
    for r in range(0, 4, 2):
        for c in range(0, 6, 2):
            block = rows[r][c : c + 2] + rows[r + 1][c : c + 2]
            assert block.count("▪") == lit and block.count(" ") == 4 - lit


def test_each_cell_shows_its_own_class_glyph():
    classes = np.array([[0, 1, 2], [3, 4, 5]])
    rows = glyphs(mono_region_cells(classes, np.ones((2, 3))))
    assert rows == [FILL_GLYPHS[:3], FILL_GLYPHS[3:]]


def test_one_class_map_is_blank_where_its_probability_is_low():
    rows = glyphs(mono_region_cells(np.full((2, 4), 1), np.array([[0.1] * 4, [0.95] * 4]), floor=0))
    assert rows == ["    ", "▴▴▴▴"]


def test_two_classes_map_plus_one_to_class_0_and_minus_one_to_class_1():
    classes, strength = two_class_regions(np.array([0.9, 0.0, -0.4, np.nan]))
    assert classes.tolist() == [0, 0, 1, 0] and strength.tolist() == [0.9, 0.0, 0.4, 0.0]
    assert two_class_regions(np.array([0.1, -0.1]), discretize=True)[1].tolist() == [1.0, 1.0]


def test_the_k_class_winner_and_its_strength():
    p = np.array([[[0.7]], [[0.2]], [[0.1]]])
    classes, strength = winner_regions(p)
    assert classes.tolist() == [[0]] and strength[0, 0] == pytest.approx((0.7 - 1 / 3) / (2 / 3))


def test_the_legend_pairs_each_fill_with_its_point_glyphs():
    assert legend(2) == "·●○ +1  ▴▲△ -1"
    assert legend(4).split("  ") == ["·●○ 0", "▴▲△ 1", "▪■□ 2", "⋄◆◇ 3"]
    assert legend(3, mono=False) == "█●○ 0  █▲△ 1  █■□ 2"  # with colour: a swatch, not the fill


def test_class_pixels_elsewhere_show_their_class_glyph_without_colour():
    """Thumbnails and the output neurons' maps are pixel pairs of class slots."""
    strong, weak = strength_slots(np.array([3, 3]), np.array([1.0, 0.0]))
    text = "".join(t for t, *_ in row_runs(np.array([pixel(int(strong), int(strong)), pixel(int(weak), int(weak))]),
                                           mono=True))
    assert text == FILL_GLYPHS[3] + " "


def test_a_terminal_without_colours_draws_glyphs_too():
    assert palette_for(None, no_color=False).mono and not palette_for("256", no_color=False).mono


def expected_classes(heat: BoundaryHeatmap, n: int) -> np.ndarray:
    """The winning class of each cell of the (n // 2, n) picture, from the maps shown."""
    from tui_playground.ui.render.drawing import resample

    rows = n // 2
    if heat.class_maps is not None:
        return np.stack([resample(m, rows, n) for m in heat.class_maps]).argmax(axis=0)
    return (resample(heat.grid, rows, n) < 0).astype(int)


def check_regions(heat: BoundaryHeatmap, classes: int) -> None:
    """Every fill glyph in the picture is its cell's winning class's, and every class that wins
    somewhere shows its glyph."""
    n = heat.pixels
    left, top = heat.origin
    rows = glyphs(heat._cells[top : top + n // 2, left : left + n])
    want = expected_classes(heat, n)
    seen = set()
    for r, row in enumerate(rows):
        for c, ch in enumerate(row):
            if ch in FILL_GLYPHS:
                assert FILL_GLYPHS.index(ch) == want[r, c], (r, c)
                seen.add(int(want[r, c]))
            else:  # blank (a weak winner's dither), a point, or the edit cursor
                assert ch == " " or ch in TRAIN_GLYPHS + TEST_GLYPHS, (r, c, ch)
    assert seen == set(np.unique(want).tolist()) and len(seen) >= 2
    assert heat._cells.shape[0] > top + n // 2  # the legend's row
    assert legend(classes) in glyphs(heat._cells[top + n // 2 : top + n // 2 + 1])[0]


@pytest.mark.parametrize("settings", [dict(dataset="blobs", classes=4, layers=(6,), lr=0.3),
                                      dict(dataset="xor", layers=(4,), lr=0.3)])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_without_colour_the_heatmap_draws_each_class_region_in_its_glyph(monkeypatch, settings, size):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(Config(seed="0.5", **settings))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        assert app.palette.mono
        await pilot.press(*"s" * 20)
        heat = app.query_one(BoundaryHeatmap)
        await wait_until(pilot, lambda: app.trainer.epoch == 20 and heat.grid is not None)
        app.playground.render_now()
        await pilot.pause()
        classes = settings.get("classes", 2)
        check_regions(heat, classes)
        assert legend(classes) in screen_text(app)
        point_glyphs = {ch for row in glyphs(heat._cells) for ch in row if ch in TRAIN_GLYPHS}
        assert point_glyphs == set(TRAIN_GLYPHS[:classes])  # a glyph per class for the points too


async def test_with_colour_two_classes_keep_the_playground_pixels_and_no_legend():
    app = make_app(Config(seed="0.5", dataset="xor", layers=(4,)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("s")
        heat = app.query_one(BoundaryHeatmap)
        await wait_until(pilot, lambda: heat.grid is not None)
        assert not any(ch in FILL_GLYPHS for row in glyphs(heat._cells) for ch in row)
        assert "+1  " not in screen_text(app)
