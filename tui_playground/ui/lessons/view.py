"""What the lesson panel says: the step's text, the goal with live values, the
limits, met or not, the keys. Rich text from plain values, no widget.

    · test loss 0.214 · goal <= 0.177     (not yet)
    ✓ neurons 4 · limit <= 4              (holds)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rich.text import Text

from ...lessons.goals import Condition, format_value
from ...lessons.lesson_file import Lesson, LessonStep

KEYS_HELP = "F2 hint · F3 answer · F4 next · F5 back · F6 close"
MET, NOT_MET = "✓", "·"


@dataclass(frozen=True)
class LessonState:
    """Where the student is: step `index` (0-based), the latest measured
    values, whether the goal was met, whether the hint shows."""

    lesson: Lesson
    index: int = 0
    values: dict[str, float] = field(default_factory=dict)
    met: bool = False
    hint_shown: bool = False
    done: frozenset[int] = frozenset()  # step numbers (1-based) done before

    @property
    def step(self) -> LessonStep:
        return self.lesson.steps[self.index]

    @property
    def last(self) -> bool:
        return self.index == len(self.lesson.steps) - 1

    @property
    def can_go_on(self) -> bool:
        """A watch step at any time, a goal step once met."""
        return self.step.is_watch or self.met


def condition_line(c: Condition, values: dict[str, float], kind: str) -> tuple[str, bool]:
    """('test loss 0.214 · goal <= 0.177', holds?)."""
    value = values.get(c.name, math.nan)
    text = f"{c.label} {format_value(c.name, value)} · {kind} {c.op} {c.value:g}"
    return text, c.holds(values)


def reflow(text: str) -> str:
    """Lines joined into paragraphs (TOML's multi-line strings break where the
    writer's editor did); blank lines stay paragraph breaks."""
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))


def status_line(state: LessonState) -> str:
    step = state.step
    if step.is_watch:
        return "Watch, then F4 for the next step." if not state.last else "The last step: watch. F6 closes the lesson."
    if state.met:
        return "Goal met! F4: next step." if not state.last else "Goal met! The lesson is done (F6 closes it)."
    return "Not yet: train (space), change the network, try again."


def panel_text(state: LessonState) -> Text:
    """The side panel: title, step k of n, text, goal lines, status, hint, keys."""
    lesson, step = state.lesson, state.step
    out = Text()
    out.append(lesson.title + "\n", style="bold")
    out.append(f"step {state.index + 1} of {len(lesson.steps)}", style="dim")
    if state.index + 1 in state.done:
        out.append("  (done before)", style="dim")
    out.append("\n\n")
    if state.index == 0 and lesson.about:
        out.append(reflow(lesson.about) + "\n\n", style="italic")
    out.append(reflow(step.text) + "\n\n")
    for c, kind in _conditions(state):
        line, ok = condition_line(c, state.values, kind)
        out.append(f"{MET if ok else NOT_MET} {line}\n", style="green" if ok else "")
    out.append(status_line(state) + "\n", style="bold green" if state.met else "bold")
    if state.hint_shown and step.hint:
        out.append("\nHint: " + reflow(step.hint) + "\n", style="italic")
    out.append("\n" + KEYS_HELP, style="dim")
    return out


def line_text(state: LessonState) -> Text:
    """The two-line form for small terminals: the step and its text's start,
    then met or not and each condition's live value, shortest form:
    'not yet · test loss 0.511 (<= 0.1) · neurons 1 (<= 4) · F1-F6 lesson keys'."""
    step = state.step
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(f"{state.index + 1}/{len(state.lesson.steps)} ", style="bold")
    out.append(" ".join(step.text.split()) + "\n")
    out.append(_short_status(state), style="bold green" if state.met else "bold")
    for c, _kind in _conditions(state):
        ok = c.holds(state.values)
        value = format_value(c.name, state.values.get(c.name, math.nan))
        out.append(f" · {c.label} {value} ({c.op} {c.value:g})", style="green" if ok else "")
    out.append(" · F1-F6 lesson keys (F1 text)", style="dim")
    return out


def _short_status(state: LessonState) -> str:
    if state.step.is_watch:
        return "watch, F4 next"
    return "MET, F4 next" if state.met else "not yet"


def _conditions(state: LessonState) -> list[tuple[Condition, str]]:
    step = state.step
    return [(c, "goal") for c in step.goal.conditions] + [(c, "limit") for c in step.limits.conditions]
