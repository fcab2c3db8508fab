"""The tour: its schedule and clock, the screen playing by itself, its keys,
and the `tour` command's errors."""

from __future__ import annotations

import pytest
from ui_helpers import screen_text, wait_until

from tui_playground.cli import main
from tui_playground.ui.tour.app import TourApp
from tui_playground.ui.tour.screen import TourScreen
from tui_playground.ui.tour.timing import TRAIN_SHARE, TourClock, target_epoch


def test_schedule_depends_on_epochs_only_and_ends_at_the_train_share():
    targets = [target_epoch(t / 100, 8.0, 1000) for t in range(0, 900)]
    assert targets[0] == 0 and targets == sorted(targets)
    assert target_epoch(TRAIN_SHARE * 8.0, 8.0, 1000) == 1000 == target_epoch(100, 8.0, 1000)
    assert set(targets) <= {1000 * k // 96 for k in range(97)}  # 96 ticks of 6.4 s at 15 per second


def test_clock_stops_while_paused():
    now = [10.0]
    clock = TourClock(lambda: now[0])
    now[0] = 12.0
    clock.pause()
    now[0] = 20.0
    assert clock.elapsed() == 2.0 and clock.paused
    clock.resume()
    now[0] = 21.0
    assert clock.elapsed() == 3.0
    clock.restart()
    assert clock.elapsed() == 0.0


def caption(screen: TourScreen) -> str:
    return str(screen.query_one("#tour-caption").render())


async def test_tour_moves_on_by_itself_and_ends():
    app = TourApp("1", 0.25, epochs=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TourScreen))
        screen = app.screen
        assert "Circle, one ReLU neuron" in screen.steps[0].caption
        # With 0.25 s steps the tour may have moved on already under load:
        # compare the caption with whichever step is showing.
        assert screen.steps[screen.index].caption in caption(screen)
        await wait_until(pilot, lambda: screen.index >= 2, timeout=15)
        assert screen.steps[screen.index].caption in caption(screen)
        done = [i for i, g in enumerate(screen.query_one("#tour-steps").grids) if g is not None]
        assert {0, 1} <= set(done)
        await wait_until(pilot, lambda: not app.is_running, timeout=30)
    assert app.return_code == 0


async def test_tour_keys_pause_go_back_and_forward():
    app = TourApp("1", 5.0, epochs=4)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TourScreen))
        screen = app.screen
        await pilot.press("space")
        assert screen.clock.paused
        await pilot.press("right", "right")
        assert screen.index == 2 and "three neurons" in caption(screen)
        await pilot.press("left")
        assert screen.index == 1 and "two neurons" in caption(screen)
        await pilot.press("n")
        assert screen.index == 2
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)


@pytest.mark.parametrize("args", [["--step-seconds", "abc"], ["--step-seconds", "0"], ["--epochs", "x"], ["--bad"]])
def test_tour_command_bad_input_is_one_line_and_exit_2(args, capsys):
    assert main(["tour", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("spiral-tui: error:") and err.count("\n") == 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_caption_is_readable_whole(size):
    """Each step's caption and its setup line (which ends with the seed) are on screen in full."""
    app = TourApp("1", 60.0, epochs=1)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TourScreen))
        screen = app.screen
        await pilot.press("space")  # paused: the steps change only with the keys
        for index, step in enumerate(screen.steps):
            assert screen.index == index
            rows = screen_text(app).splitlines()
            assert f"step {index + 1} of {len(screen.steps)}" in rows[0]
            assert step.caption in rows[1]
            assert " ".join(" ".join(rows[2:4]).split()).endswith(f"seed {step.config.seed}")
            await pilot.press("right")
        await pilot.press("q")
