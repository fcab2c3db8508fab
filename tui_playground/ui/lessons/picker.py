"""LessonPicker: the list of lessons with your progress; Enter opens one.

The built-in lessons first, then a field for a lesson file of your own. A
file that cannot be used is named in one line and the list stays open.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ...lessons.lesson_file import Lesson, LessonError, builtin_names, load_lesson
from ...lessons.progress import Progress
from ..dialogs.dialog import DismissOnce


def lesson_rows(progress: Progress) -> list[tuple[str, str]]:
    """(name, 'title  done/steps') of every built-in lesson, in the course's order."""
    rows = []
    for name in builtin_names():
        lesson = load_lesson(name)
        done = len(progress.done(lesson.key) & set(range(1, len(lesson.steps) + 1)))
        rows.append((name, f"{lesson.title}  {done}/{len(lesson.steps)}"))
    return rows


class LessonPicker(DismissOnce, ModalScreen[Lesson | None]):
    """Returns the chosen Lesson, or None when cancelled."""

    DEFAULT_CSS = """
    LessonPicker { align: center middle; }
    LessonPicker > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: round $accent; padding: 0 1;
    }
    LessonPicker OptionList { height: auto; max-height: 12; }
    LessonPicker Label { width: 1fr; color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Lessons"
            yield OptionList(*(Option(text, id=name) for name, text in lesson_rows(self.progress)), id="lessons")
            yield Label("or a lesson file of your own (docs/lessons.md):")
            yield Input(placeholder="path/to/lesson.toml", id="lesson-file")
            yield Label("Enter opens · Esc cancels · F1-F6 in a lesson: text, hint, answer, next, back, close")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._open(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._open(event.value.strip())

    def _open(self, name: str) -> None:
        try:
            lesson = load_lesson(name)
        except LessonError as exc:  # one line; the list stays for another try
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.dismiss(lesson)

    def action_cancel(self) -> None:
        self.dismiss(None)
