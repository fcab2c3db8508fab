"""The tour's summary: one row per step, held, then closed by itself."""

from __future__ import annotations

import math

from textual.app import App
from ui_helpers import screen_text, wait_until

from tui_playground.sweeps.member import is_learned
from tui_playground.sweeps.presets import video
from tui_playground.ui.tour.summary import TourSummary, criterion_text, headline, summary_rows


def test_rows_say_which_steps_learned_their_data():
    steps = video("1")
    losses = [0.3, 0.05, math.nan] + [0.2] * (len(steps) - 3)
    rows = summary_rows(steps, losses)  # no accuracies: by the loss
    assert rows[0] == ("1", "circle", "x1,x2", "1", "0.300", "-", "no")
    assert rows[1] == ("2", "circle", "x1,x2", "2", "0.050", "-", "yes")
    assert rows[2][4:] == ("-", "-", "-")  # skipped
    assert rows[-1][:4] == (str(len(steps)), "spiral", "all", "8,8")


def test_with_accuracies_classification_is_learned_by_test_accuracy():
    steps = video("1")
    losses = [0.3, 0.05, 0.12] + [0.2] * (len(steps) - 3)
    accuracies = [0.95, 0.93, 0.94] + [0.5] * (len(steps) - 3)
    rows = summary_rows(steps, losses, accuracies)
    assert [r[5:] for r in rows[:3]] == [("95.0%", "yes"), ("93.0%", "no"), ("94.0%", "yes")]
    assert criterion_text(steps, accuracies) == "learned: final test accuracy at least 94%"
    assert criterion_text(steps, None) == "learned: final test loss below 0.1"


class SummaryApp(App):
    def __init__(self, screen):
        super().__init__()
        self.summary = screen
        self.dismissed = False

    def on_mount(self):
        self.push_screen(self.summary, self.summary_closed)

    def summary_closed(self, _result) -> None:
        self.dismissed = True
        self.exit(0)


async def test_summary_fits_80x24():
    steps = video("3")
    losses = [0.01 * (k + 1) for k in range(len(steps))]
    app = SummaryApp(TourSummary(steps, losses, title="the founding video", hold_s=60))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TourSummary))
        text = screen_text(app)
        for row in summary_rows(steps, losses):
            assert f"{row[3]} " in text and row[4] in text
        assert "9 of 14 trained steps learned" in text  # 0.01 .. 0.09 are below 0.1


async def test_summary_closes_by_itself():
    # Not looked at first: with a 0.3 s hold it may be gone before a slow first poll.
    app = SummaryApp(TourSummary(video("3"), [0.5] * len(video("3")), hold_s=0.3))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: not app.is_running, timeout=10)
    assert app.dismissed and app.return_code == 0


async def test_q_closes_the_summary_at_once():
    steps = video("1")
    app = SummaryApp(TourSummary(steps, [0.5] * len(steps), hold_s=60))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TourSummary))
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, timeout=5)


def test_the_headline_counts_only_the_steps_that_trained():
    steps = video("1")[:6]
    losses = [0.05, 0.3, math.nan, 0.02, math.nan, math.inf]  # two skipped, one diverged (trained, not learned)
    accuracies = [0.97, 0.6, math.nan, 0.99, math.nan, math.nan]
    rows = summary_rows(steps, losses, accuracies)
    assert [r[6] for r in rows] == ["yes", "no", "-", "yes", "-", "no"]
    assert headline(rows) == "2 of 4 trained steps learned their data (2 skipped)"
    assert headline(summary_rows(steps[:1], [0.05], [0.97])) == "1 of 1 trained step learned their data"


def test_learned_is_the_sweeps_criterion():
    steps = video("1")[:1]
    for loss, accuracy in ((0.05, 0.93), (0.3, 0.95), (0.05, 0.94)):
        expected = is_learned("classification", loss, accuracy)
        assert summary_rows(steps, [loss], [accuracy])[0][6] == ("yes" if expected else "no")
