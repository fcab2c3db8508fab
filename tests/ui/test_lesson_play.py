"""`lesson NAME --play`: the lesson's steps on the tour's screen, each with its
answer applied, for its own epochs, captioned with its text and goal."""

from __future__ import annotations

from ui_helpers import screen_text, wait_until

from tui_playground.lessons.lesson_file import load_lesson
from tui_playground.ui.lessons.play import caption, tour_steps
from tui_playground.ui.tour.app import TourApp
from tui_playground.ui.tour.screen import TourScreen


def test_each_step_plays_its_answer_for_its_epochs_captioned():
    lesson = load_lesson("first-network")
    steps = tour_steps(lesson)
    assert [s.config for s in steps] == [s.final_config for s in lesson.steps]
    assert [s.epochs for s in steps] == [200, 300, 400, 200]
    assert steps[0].caption.startswith("1. One neuron, no activation to speak of (linear).")
    assert caption(2, lesson.steps[1]).endswith(
        "\nGoal: test_loss <= 0.100 · answer #networkShape=4&activation=relu")


async def test_a_played_lesson_moves_through_its_steps_and_ends():
    lesson = load_lesson("learning-rate")
    steps = tuple(s.__class__(s.caption, s.config, 3) for s in tour_steps(lesson))  # 3 epochs each: quick
    app = TourApp(step_seconds=0.25, steps=steps, title="lesson: " + lesson.title)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TourScreen))
        screen = app.screen
        assert [screen.epochs(i) for i in range(3)] == [3, 3, 3]
        await wait_until(pilot, lambda: "lesson: The learning rate" in screen_text(app))
        await wait_until(pilot, lambda: not isinstance(app.screen, TourScreen), timeout=30)
