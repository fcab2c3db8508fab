"""Every view draws with the active theme's colours, light themes included:
no character on the main screen, the loss chart or the network view is drawn
in (nearly) its own background colour (render/palette.py's glyph_style, and
runtime/theme.py, which offers only themes with colours of their own)."""

from __future__ import annotations

import pytest
from ui_helpers import screen_segments, wait_ready, wait_until

from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.ui.app import make_app
from tui_playground.ui.render.palette import MIN_CONTRAST, contrast, legible
from tui_playground.ui.widgets.loss_chart import LossChart
from tui_playground.ui.widgets.network_view import NetworkView

LIGHT = ("textual-light", "solarized-light", "catppuccin-latte", "atom-one-light", "rose-pine-dawn")
# Half and full blocks are pixels (two colours, no character to read); the rest must read.
PIXELS = {chr(c) for c in range(0x2580, 0x25A0)} | {" "}


def unreadable(app, region) -> list[tuple[int, int, str]]:
    """Characters inside `region` whose colour is within 1.5:1 of their background."""
    found = []
    for y, x, text, style in screen_segments(app):
        if not region.contains(x, y) or not set(text) - PIXELS or style is None:
            continue
        if style.color is None or style.bgcolor is None or style.color.is_default or style.bgcolor.is_default:
            continue
        if contrast(style.color.get_truecolor(), style.bgcolor.get_truecolor()) < 1.5:
            found.append((y, x, text.strip()))
    return found


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_no_text_in_its_own_background_colour_under_light_themes(size):
    app = make_app(Config(seed="0.5", dataset="spiral", layers=(8, 8, 4), features=FEATURE_NAMES))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        app.playground.action_step(40)
        chart, network = app.screen.query_one(LossChart), app.screen.query_one(NetworkView)
        await wait_until(pilot, lambda: len(chart.history) == 41)
        if size == (80, 24):
            await pilot.press("ctrl+n")  # the chart in the heatmap's place
        for theme in ("textual-dark", *LIGHT):
            app.theme = theme
            await pilot.pause()
            await wait_until(pilot, lambda: app.palette.background != (0x12, 0x12, 0x12) or theme == "textual-dark")
            assert not unreadable(app, app.screen.region), theme
            assert chart.display and not unreadable(app, chart.region)
            assert not unreadable(app, network.region)


async def test_the_palette_offers_no_theme_the_views_cannot_draw_with():
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert not {"ansi-dark", "ansi-light"} & set(app.available_themes)
        assert set(LIGHT) <= set(app.available_themes)


def test_a_glyph_too_close_to_its_background_keeps_its_hue_and_gets_readable():
    grey, light_bg, dark_bg = (0xE8, 0xEA, 0xEB), (0xE0, 0xE0, 0xE0), (0x12, 0x12, 0x12)
    darker = legible(grey, light_bg)
    assert contrast(darker, light_bg) >= MIN_CONTRAST and darker[0] < grey[0]
    assert legible(grey, dark_bg) == grey  # already readable: unchanged
    orange = legible((0xF5, 0x93, 0x22), (0xFD, 0xF6, 0xE3))
    assert orange[0] > orange[1] > orange[2]  # still orange
