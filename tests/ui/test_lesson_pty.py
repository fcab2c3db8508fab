"""`spiral-tui lesson NAME` in a real pseudo-terminal, at 80x24 (a line above
the footer) and 120x40 (a side panel): open, apply the answer with F3, see
the goal met, go on with F4 to the next step, quit; progress is saved."""

from __future__ import annotations

import json

import pytest
from pty_run import PtyRun, spiral_tui

pytestmark = pytest.mark.slow  # a real app in a pty, training until a goal is met

F3, F4 = b"\x1bOR", b"\x1bOS"  # xterm's function keys


@pytest.mark.parametrize("cols, rows, first, met, third", [
    (120, 40, b"step 1 of 4", b"Goal met! F4: next step.", b"step 3 of 4"),
    (80, 24, b"One neuron, no activation", b"MET, F4 next", b"The smallest one"),
])
def test_a_lesson_in_a_terminal_meets_a_goal_and_shows_the_next_step(tmp_path, cols, rows, first, met, third):
    run = PtyRun(spiral_tui("lesson", "first-network"), cols=cols, rows=rows,
                 env={"XDG_STATE_HOME": str(tmp_path)})
    try:
        assert run.wait_for(first), bytes(run.output[-600:])
        run.send(F4)
        assert run.wait_for(b"Now make it learn" if cols == 80 else b"step 2 of 4")
        run.send(F3)
        assert run.wait_for(met, timeout=120), bytes(run.output[-600:])
        run.send(F4)
        assert run.wait_for(third), bytes(run.output[-600:])
        run.send(b"q")
        assert run.finish() == 0
    finally:
        if run.status is None:
            run.signal(9)
    progress = json.loads((tmp_path / "spiral-tui" / "lessons.json").read_text())
    assert progress["lessons"]["first-network"]["done"] == [1, 2]


def test_a_played_lesson_ends_by_itself_and_records_a_cast(tmp_path):
    cast = tmp_path / "lesson.cast"
    run = PtyRun(spiral_tui("lesson", "learning-rate", "--play", "--step-seconds", "0.5", "--record", str(cast)),
                 cols=100, rows=30, env={"XDG_STATE_HOME": str(tmp_path)})
    try:
        assert run.wait_for(b"lesson: The learning rate"), bytes(run.output[-600:])
        assert run.finish(timeout=300) == 0  # three steps, then the summary closes by itself
    finally:
        if run.status is None:
            run.signal(9)
    header, *events = cast.read_text().splitlines()
    assert json.loads(header)["title"] == "spiral-tui lesson --play"
    assert len(events) > 10 and "learning rate" in cast.read_text()
