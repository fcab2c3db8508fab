"""What the lesson panel says, from plain values (no app)."""

from __future__ import annotations

from tui_playground.lessons.lesson_file import parse_lesson
from tui_playground.ui.lessons.view import LessonState, condition_line, line_text, panel_text, reflow

LESSON = parse_lesson('''title = "T"
about = """Two
lines."""
[[step]]
text = "Watch."
[[step]]
text = """Reach
it."""
goal = "test_loss <= 0.177"
limits = "neurons <= 4"
hint = "Try relu."
''', "t", "t.toml", "file:t")


def test_a_condition_reads_its_live_value_and_its_bound():
    goal = LESSON.steps[1].goal.conditions[0]
    assert condition_line(goal, {"test_loss": 0.2141}, "goal") == ("test loss 0.214 · goal <= 0.177", False)
    assert condition_line(goal, {"test_loss": 0.17}, "goal") == ("test loss 0.170 · goal <= 0.177", True)
    assert condition_line(goal, {}, "goal") == ("test loss - · goal <= 0.177", False)


def test_the_panel_shows_text_goal_limits_status_and_hint_once_asked():
    state = LessonState(LESSON, index=1, values={"test_loss": 0.2141, "neurons": 5.0})
    text = panel_text(state).plain
    assert "step 2 of 2" in text and "Reach it." in text
    assert "· test loss 0.214 · goal <= 0.177" in text and "· neurons 5 · limit <= 4" in text
    assert "Not yet" in text and "Try relu." not in text
    met = panel_text(LessonState(LESSON, index=1, values={"test_loss": 0.1, "neurons": 4.0}, met=True,
                                 hint_shown=True)).plain
    assert "✓ test loss 0.100 · goal <= 0.177" in met and "✓ neurons 4 · limit <= 4" in met
    assert "Goal met! The lesson is done" in met and "Hint: Try relu." in met


def test_the_first_step_shows_the_about_text_and_a_watch_step_says_so():
    text = panel_text(LessonState(LESSON, done=frozenset({1}))).plain
    assert "Two lines." in text and "(done before)" in text and "Watch, then F4 for the next step." in text


def test_the_line_form_fits_step_text_goal_and_keys_in_two_lines():
    line = line_text(LessonState(LESSON, index=1, values={"test_loss": 0.3, "neurons": 2.0})).plain
    first, second = line.split("\n")
    assert first == "2/2 Reach it."
    assert second == "not yet · test loss 0.300 (<= 0.177) · neurons 2 (<= 4) · F1-F6 lesson keys (F1 text)"


def test_reflow_joins_lines_and_keeps_paragraphs():
    assert reflow("a\nb  c\n\nd\n e") == "a b c\n\nd e"
