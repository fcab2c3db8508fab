"""A lesson in the app: the panel (or line) over the main screen, the goal
checked against what trains, the answer, the next step, progress, the list."""

from __future__ import annotations

import json

import pytest
from ui_helpers import notes, screen_text, wait_ready, wait_until

from tui_playground.lessons.lesson_file import load_lesson
from tui_playground.ui.app import make_app
from tui_playground.ui.lessons.panel import LessonPanel
from tui_playground.ui.lessons.picker import LessonPicker


@pytest.fixture(autouse=True)
def state_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state" / "spiral-tui" / "lessons.json"


def lesson_app():
    lesson = load_lesson("first-network")
    return make_app(lesson.steps[0].config, lesson=lesson)


@pytest.mark.parametrize("size, side", [((120, 40), True), ((80, 24), False)])
async def test_the_answer_meets_the_goal_and_the_next_step_follows(size, side, state_home):
    app = lesson_app()
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await wait_until(pilot, lambda: app.lessons.panel is not None and app.lessons.panel.is_attached)
        panel = app.query_one(LessonPanel)
        assert panel.side is side
        assert app.config == app.lessons.state.step.config  # step 1's setup, exactly
        await wait_until(pilot, lambda: ("step 1 of 4" if side else "1/4 One neuron") in screen_text(app))
        await pilot.press("f3")  # a watch step has no answer
        assert "no answer" in notes(app)
        await pilot.press("f4")
        assert app.lessons.state.index == 1
        await pilot.press("f4")  # not met yet: stays
        assert app.lessons.state.index == 1 and "Meet the goal first" in notes(app)
        await pilot.press("f3")
        assert app.config.layers == (4,) and app.config.activation == "relu"
        await wait_until(pilot, lambda: app.lessons.state.met, timeout=60)
        assert app.lessons.state.values["test_loss"] <= 0.1
        await wait_until(pilot, lambda: ("Goal met!" if side else "MET") in screen_text(app))
        await pilot.press("f4")
        assert app.lessons.state.index == 2
        await wait_until(pilot, lambda: ("step 3 of 4" if side else "3/4 The smallest one") in screen_text(app))
        assert "The smallest one" in screen_text(app)
    assert json.loads(state_home.read_text())["lessons"]["first-network"]["done"] == [1, 2]


async def test_a_limit_broken_by_the_student_keeps_the_goal_unmet():
    app = lesson_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await wait_until(pilot, lambda: app.lessons.panel is not None)
        await pilot.press("f4")
        app.playground.apply_config(app.config.replace(layers=(5,), activation="relu"))  # 5 neurons > 4
        app.playground.playing = True
        await wait_until(pilot, lambda: app.lessons.state.values.get("epoch", 0) >= 60, timeout=60)
        assert app.lessons.state.values["neurons"] == 5.0 and not app.lessons.state.met
        assert "· neurons 5 · limit <= 4" in screen_text(app)


async def test_hint_and_close_and_the_palette_list_opens_a_lesson(tmp_path):
    lesson = load_lesson("learning-rate")
    app = make_app(lesson.steps[0].config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert app.lessons.state is None
        lessons = [c for c in app.get_system_commands(app.playground) if c.title == "Lessons"]
        assert len(lessons) == 1  # the command palette's entry
        lessons[0].callback()
        await wait_until(pilot, lambda: isinstance(app.screen, LessonPicker) and bool(app.screen.query("#lesson-file")))
        bad = tmp_path / "bad.toml"
        bad.write_text('title = "t"\n[[step]]\ntext = "x"\nlimits = "loss < 1"\n')
        field = app.screen.query_one("#lesson-file")
        field.value = str(bad)
        field.focus()
        await pilot.pause()
        assert app.focused is field
        await pilot.press("enter")
        told = " ".join(t.message for t in app.told)
        assert "unknown name 'loss'" in told and isinstance(app.screen, LessonPicker), told  # the list stays
        app.screen.query_one("#lesson-file").value = ""
        app.screen.query_one("#lessons").focus()
        await pilot.press("down", "enter")  # the second lesson of the list
        await wait_until(pilot, lambda: app.lessons.state is not None)
        assert app.lessons.state.lesson.name == "video"
        await pilot.press("f4", "f2")
        assert app.lessons.state.hint_shown and "straight edges" in notes(app)
        await pilot.press("f6")
        assert app.lessons.state is None and not app.query(LessonPanel)
        assert app.playground.side_room == (0, 0)


async def test_the_panel_becomes_a_line_when_the_terminal_shrinks_and_back():
    app = lesson_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await wait_until(pilot, lambda: app.lessons.panel is not None and app.lessons.panel.is_attached)
        assert app.lessons.panel.side and app.playground.side_room == (36, 0)
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: "One neuron, no activation" in screen_text(app))
        assert not app.lessons.panel.side and app.playground.side_room == (0, 2)
        assert app.playground.grid_res > 0
        await pilot.resize_terminal(130, 40)
        await wait_until(pilot, lambda: "step 1 of 4" in screen_text(app))
        assert app.lessons.panel.side and len(app.query(LessonPanel)) == 1
