"""The help screen (?): grouped, the current mode's keys first, one screen at
120x40 and at most two pages at 80x24, no line wrapped or cut."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from ui_helpers import wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.help import HelpScreen, help_lines
from tui_playground.ui.playground.keys import GROUPS, TITLES, help_sections

PAGES = {(120, 40): 1, (80, 24): 2}


@pytest.mark.parametrize("size", list(PAGES))
@pytest.mark.parametrize("mode", ["", "points", "network", "views"])
def test_the_lines_fit_the_box_in_the_pages_allowed(size, mode):
    width, height = size[0] - 4, size[1] - 2  # the box's border and padding
    lines = help_lines(help_sections(mode), width, height)
    assert max(line.cell_len for line in lines) <= width
    assert len(lines) <= PAGES[size] * height
    text = "\n".join(line.plain for line in lines)
    assert all(TITLES[g] in text for g in GROUPS) and "Points mode" in text


def test_the_current_modes_keys_come_first_then_run_data_network_learning_view_files_experiments():
    titles = [t for t, _rows in help_sections("points")]
    assert titles[0] == "Points mode (m) - now"
    assert titles[1:8] == [TITLES[g] for g in GROUPS]


@pytest.mark.parametrize("size", list(PAGES))
async def test_help_in_the_app_shows_every_line_unwrapped(size):
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        scroll = app.screen.query_one(VerticalScroll)
        shown = scroll.scrollable_content_region.height
        width, height = size[0] - 4, size[1] - 2
        lines = help_lines(app.screen.sections, width, height)
        assert scroll.virtual_size.height == len(lines)  # one row a line: nothing wrapped
        assert scroll.virtual_size.height <= PAGES[size] * shown
        assert scroll.virtual_size.width <= scroll.scrollable_content_region.width
        if PAGES[size] > 1:
            assert str(scroll.border_subtitle).endswith("page 1 of 2 · space: page 2")
            await pilot.press("space")
            await pilot.pause()
            assert scroll.scroll_y == height  # the second page's first line at the top
            assert str(scroll.border_subtitle).endswith("page 2 of 2 · space: page 1")
            await pilot.press("space")  # after the last page: the first again
            await pilot.pause()
            assert scroll.scroll_y == 0
        else:
            assert str(scroll.border_subtitle) == "esc closes"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
