import numpy as np

from tui_playground.ui.render.palette import NUM_SHADES, SHADE_RGB, Palette, palette_for, shades


def test_scale_runs_orange_grey_blue():
    assert SHADE_RGB[0] == (0xF5, 0x93, 0x22)
    assert SHADE_RGB[15] == (0xE8, 0xEA, 0xEB)
    assert SHADE_RGB[30] == (0x08, 0x77, 0xBD)
    assert len(SHADE_RGB) == NUM_SHADES == 31


def test_quantize_matches_d3_quantize_over_minus_one_to_one():
    values = np.array([-5.0, -1.0, -0.999, 0.0, 0.03, 0.999, 1.0, 7.0])
    # d3: floor(31 / 2 * (v + 1)) clamped to 0..30
    assert shades(values).tolist() == [0, 0, 0, 15, 15, 30, 30, 30]


def test_discretize_colours_by_sign_only():
    assert shades(np.array([-0.2, 0.0, 0.01]), discretize=True).tolist() == [0, 30, 30]


def test_nan_shows_as_grey():
    assert shades(np.array([np.nan])).tolist() == [15]


def test_256_colours_merge_shades_that_look_the_same():
    truecolor, eight_bit = Palette("truecolor"), Palette("256")
    assert truecolor.canonical.tolist() == list(range(31))
    merged = eight_bit.canonical
    assert len(set(merged.tolist())) < 31
    assert merged[0] == 0 and merged[30] != merged[0]


def test_no_color_styles_carry_no_colour():
    style = palette_for("truecolor", no_color=True).style(3, 20)
    assert style.color is None and style.bgcolor is None


def test_sixteen_colours_keep_the_sign_of_every_shade():
    from tui_playground.ui.render.palette import ANSI16

    p = palette_for("standard", False)
    negative = {p.color(i).number for i in range(0, 12)}
    positive = {p.color(i).number for i in range(19, 31)}
    assert not negative & positive and p.color(15).number == 7
    assert len(set(p.canonical.tolist())) == len(set(ANSI16)) == 5
    assert all(ANSI16[p.canonical[i]] == ANSI16[i] for i in range(31))
