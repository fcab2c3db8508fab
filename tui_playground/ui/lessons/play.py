"""`spiral-tui lesson NAME --play`: a lesson played by itself on the tour's
screen, each step with its answer applied (LessonStep.final_config, from
its seed) for its epochs, captioned with its text and goal. Deterministic
like the tour, so it records well (`--record`)."""

from __future__ import annotations

from ...lessons.lesson_file import Lesson, LessonStep
from ...sweeps.presets import Step
from ..output.recording import LIVE, DisplayProfile, OutputPipe
from ..tour.app import TourApp
from .view import reflow


def caption(number: int, step: LessonStep) -> str:
    """The step's text on one paragraph, then its goal and the answer applied."""
    text = f"{number}. {reflow(step.text)}".replace("\n\n", " ")
    if step.is_watch:
        return text
    answer = f" · answer {step.answer}" if step.answer else ""
    return f"{text}\nGoal: {step.goal.text()}{answer}"


def tour_steps(lesson: Lesson) -> tuple[Step, ...]:
    return tuple(Step(caption(n, s), s.final_config, s.epochs) for n, s in enumerate(lesson.steps, start=1))


def play_lesson(lesson: Lesson, step_seconds: float = 6.0, max_kbps: float | None = None, *,
                profile: DisplayProfile = LIVE, pipe: OutputPipe | None = None) -> int:
    """Play `lesson` in this terminal; the exit code (0 when it ends or on q)."""
    app = TourApp(step_seconds=step_seconds, max_kbps=max_kbps, profile=profile, pipe=pipe,
                  steps=tour_steps(lesson), title=f"lesson: {lesson.title}")
    try:
        app.run()
    finally:
        app.pipe.close()
    return app.return_code or 0
