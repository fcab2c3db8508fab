"""Tour polish: a step finished before a skip keeps its result, the summary
counts only the steps that trained, the head line fits 80 columns, and the
playground's command palette plays the tour (ui/tour/screen.py, app.py)."""

from __future__ import annotations

import math

import pytest
from ui_helpers import screen_text, wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.playground.screen import PlaygroundScreen
from tui_playground.ui.tour.app import TourApp
from tui_playground.ui.tour.screen import TourScreen, tour_head
from tui_playground.ui.tour.summary import TourSummary
from tui_playground.ui.tour.timing import TourClock

STEP_S = 5.0


class FakeTime:
    """The tour's clock, moved by the test (the worker thread reads it)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_step_finished_before_a_skip_keeps_its_result(size):
    app = TourApp("1", STEP_S, epochs=4)
    time = FakeTime()
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TourScreen))
        screen = app.screen
        screen.clock = TourClock(clock=time)
        screen.go_to(0)
        time.now += 0.9 * STEP_S  # trained all 4 epochs, still showing the result
        await wait_until(pilot, lambda: screen._last is not None and screen._last.epoch == 4, timeout=30)
        await pilot.press("space")  # paused at its end
        for _ in range(len(screen.steps) - 1):
            await pilot.press("n")  # skip to the last step
        assert screen.index == len(screen.steps) - 1
        await wait_until(pilot, lambda: math.isfinite(screen.losses[0]))
        assert all(math.isnan(loss) for loss in screen.losses[1:-1])
        await pilot.press("space")
        time.now += 2 * STEP_S  # the last step trains and ends
        await wait_until(pilot, lambda: isinstance(app.screen, TourSummary), timeout=30)
        await wait_until(pilot, lambda: "summary" in screen_text(app))
        head = screen_text(app).splitlines()[0]
        assert "of 2 trained steps learned their data (12 skipped)" in head


@pytest.mark.parametrize("width", [80, 120])
async def test_the_head_line_fits_and_keeps_the_titles_words_whole(width):
    app = TourApp("1", 30.0, epochs=4)
    async with app.run_test(size=(width, 24 if width == 80 else 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TourScreen))
        await pilot.press("space")
        await pilot.pause()
        head = screen_text(app).splitlines()[0].rstrip()
        assert head.startswith(" TOUR  step 1 of 14") and "paused" in head.lower()
        assert head.endswith("Which networks can learn which data sets") or head.endswith("(the founding video)")
    for paused in (False, True):
        for width in range(40, 130):
            assert len(tour_head(13, 14, paused, "Which networks can learn which data sets (the founding video)",
                                 width)) < width


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_command_palette_plays_the_tour_and_q_comes_back(size):
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"founding video")
        await wait_until(pilot, lambda: "Tour: which networks" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TourScreen))
        assert not app.playground.playing
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, PlaygroundScreen))
        assert app.is_running
