"""The tour stays responsive whatever it is asked to compute: a slice trains
at most what fits in SLICE_S, and absurd flag values are refused in one line
naming the range (issue 11: `tour --epochs 1000000000` ignored q for 40 s)."""

from __future__ import annotations

import pytest
from ui_helpers import wait_until

from tui_playground.cli import main
from tui_playground.cli.tour import MAX_EPOCHS
from tui_playground.ui.runtime.pacing import SliceSizer
from tui_playground.ui.tour.app import TourApp
from tui_playground.ui.tour.screen import POLL_S, TourPlan, TourScreen
from tui_playground.ui.tour.timing import TourClock


class CountingTrainer:
    """Steps instantly, records how many epochs each call asked for."""

    def __init__(self) -> None:
        self.epoch, self.diverged, self.calls = 0, False, []

    def step(self, n: int) -> list[int]:
        self.calls.append(n)
        self.epoch += n
        return [0] * n

    def snapshot(self, **_kw):
        return None


class FakeScreen:
    step_seconds, resolution = 8.0, 8

    def __init__(self, total: int, elapsed: float) -> None:
        self.total = total
        now = [0.0]
        self.clock = TourClock(lambda: now[0])
        now[0] = elapsed

    def epochs(self, _index: int) -> int:
        return self.total


class FakeWorker:
    generation = 1

    def __init__(self, trainer) -> None:
        self.subject = trainer
        self.posted = []
        self.pacer = type("Pacer", (), {"due": staticmethod(lambda: False)})()

    def post(self, message) -> None:
        self.posted.append(message)


def test_a_slice_trains_at_most_what_its_sizer_allows_however_far_behind():
    trainer = CountingTrainer()
    plan = TourPlan(FakeScreen(10**9, elapsed=5.0), 0)  # the schedule wants ~6e8 epochs now
    worker = FakeWorker(trainer)
    pauses = [plan.slice(worker) for _ in range(40)]
    assert max(trainer.calls) <= SliceSizer.max_epochs  # not the 6e8 behind at once
    assert trainer.calls[0] == 1 and all(b <= 2 * a for a, b in zip(trainer.calls, trainer.calls[1:]))
    assert set(pauses) == {0}  # behind: no idling between slices


def test_on_schedule_it_idles_until_the_next_tick():
    trainer = CountingTrainer()
    plan = TourPlan(FakeScreen(1000, elapsed=0.5), 0)
    worker = FakeWorker(trainer)
    while (pause := plan.slice(worker)) == 0:
        pass
    assert pause == POLL_S and trainer.epoch == 1000 * 7 // 96  # caught up with tick 7 of 96 (0.5 s of 6.4 s)


async def test_q_ends_a_tour_of_the_largest_steps():
    app = TourApp("1", 2.0, epochs=MAX_EPOCHS)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TourScreen))
        screen = app.screen
        await wait_until(pilot, lambda: screen._last is not None and screen._last.epoch > 0, timeout=30)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, timeout=10)
    assert app.return_code == 0


@pytest.mark.parametrize("args, named", [
    (["--epochs", "1000000000"], f"1..{MAX_EPOCHS}"),
    (["--epochs", "0"], f"1..{MAX_EPOCHS}"),
    (["--step-seconds", "1e308"], "<= 3600"),
    (["--step-seconds", "inf"], "<= 3600"),
    (["--step-seconds", "nan"], "<= 3600"),
])
def test_absurd_tour_values_are_refused_naming_the_range(args, named, capsys):
    assert main(["tour", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("spiral-tui: error:") and err.count("\n") == 1 and named in err
