"""K-class drawing: winner colours, strength from the probability, distinct colours, glyphs."""

from __future__ import annotations

import numpy as np
from rich.color import Color, ColorSystem

from tui_playground.ui.render.classes import TEST_GLYPHS, TRAIN_GLYPHS, class_picture, point_slots, winner_picture
from tui_playground.ui.render.drawing import cell, decode
from tui_playground.ui.render.palette import CLASS_RGB, FIRST_POINT_SLOT, GREY, LEVELS, Palette, class_rgb
from tui_playground.ui.render.palette import FIRST_CLASS_SLOT as FIRST_SLOT
from tui_playground.ui.render.palette import LAST_CLASS_SLOT as LAST_SLOT


def test_slots_fit_a_cell_and_decode_back():
    assert LAST_SLOT < 128  # a cell keeps 7 bits per colour
    key = cell("▲", FIRST_POINT_SLOT + 5, LAST_SLOT - 6)
    assert decode(key) == (ord("▲"), FIRST_POINT_SLOT + 5, LAST_SLOT - 6, False)


def test_the_winner_colours_each_pixel_and_its_probability_sets_the_strength():
    probs = np.zeros((3, 2, 2))
    probs[:, 0, 0] = (0.9, 0.05, 0.05)  # class 0, sure
    probs[:, 0, 1] = (0.2, 0.7, 0.1)  # class 1, fairly sure
    probs[:, 1, 0] = (1 / 3, 1 / 3, 1 / 3)  # a tie: class 0 at strength 0
    probs[:, 1, 1] = (0.0, 0.0, 1.0)  # class 2, certain
    slots = winner_picture(probs, 2)
    strength = lambda p: min(int((p - 1 / 3) / (2 / 3) * LEVELS), LEVELS - 1)  # noqa: E731
    assert slots.tolist() == [[FIRST_SLOT + strength(0.9), FIRST_SLOT + LEVELS + strength(0.7)],
                              [FIRST_SLOT, FIRST_SLOT + 2 * LEVELS + LEVELS - 1]]


def test_a_single_class_map_uses_that_class_with_the_probability_as_strength():
    p = np.array([[0.0, 0.5], [0.99, 1.0]])
    assert class_picture(4, p, 2, 2).tolist() == [[FIRST_SLOT + 4 * LEVELS, FIRST_SLOT + 4 * LEVELS + LEVELS // 2],
                                               [FIRST_SLOT + 4 * LEVELS + LEVELS - 1] * 2]


def test_weak_is_near_grey_strong_is_the_class_colour_points_darker():
    for k, rgb in enumerate(CLASS_RGB):
        weak, strong = class_rgb(FIRST_SLOT + k * LEVELS), class_rgb(FIRST_SLOT + k * LEVELS + LEVELS - 1)
        assert strong == rgb
        assert sum(abs(a - b) for a, b in zip(weak, GREY)) < sum(abs(a - b) for a, b in zip(strong, GREY))
        point = class_rgb(FIRST_POINT_SLOT + k)
        assert sum(point) < sum(rgb)
    assert point_slots(np.array([0.0, 5.0])).tolist() == [FIRST_POINT_SLOT, FIRST_POINT_SLOT + 5]


def test_six_class_colours_stay_distinct_in_truecolor_256_and_16_colours():
    strong = [FIRST_SLOT + k * LEVELS + LEVELS - 1 for k in range(6)]
    for system in ("truecolor", "256", "standard"):
        palette = Palette(system)
        shown = {palette.color(s).downgrade({"truecolor": ColorSystem.TRUECOLOR, "256": ColorSystem.EIGHT_BIT,
                                             "standard": ColorSystem.STANDARD}[system]).get_ansi_codes()
                 for s in strong}
        assert len(shown) == 6, system
    assert Palette("truecolor").color(strong[2]) == Color.from_rgb(*CLASS_RGB[2])


def test_each_class_has_its_own_glyph_for_train_and_test_points():
    assert len(set(TRAIN_GLYPHS)) == 6 and len(set(TEST_GLYPHS)) == 6 and not set(TRAIN_GLYPHS) & set(TEST_GLYPHS)


def test_discretize_draws_every_winner_at_full_strength():
    probs = np.full((3, 2, 2), 1 / 3)
    probs[0, 0, 0] = 0.4
    assert set((winner_picture(probs, 2, discretize=True).ravel() - FIRST_SLOT) % LEVELS) == {LEVELS - 1}


def test_without_colour_the_points_keep_their_class_glyphs():
    from tui_playground.ui.render.classes import overlay_class_points
    from tui_playground.ui.render.drawing import pixel_cells, row_runs

    picture = winner_picture(np.stack([np.full((4, 4), p) for p in (0.5, 0.3, 0.2)]), 4)
    cells = pixel_cells(picture)
    xy = np.array([[-4.5, 4.5], [4.5, 4.5], [0.5, -4.5]])
    overlay_class_points(cells, picture, xy, np.array([0.0, 1.0, 2.0]), TRAIN_GLYPHS)
    text = "".join(t for row in cells for t, *_ in row_runs(row, mono=True))
    assert [text.count(g) for g in TRAIN_GLYPHS[:3]] == [1, 1, 1]
