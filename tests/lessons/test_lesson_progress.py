"""Progress per lesson and step, in the XDG state folder."""

from __future__ import annotations

import json

from tui_playground.lessons.progress import Progress, state_dir


def test_the_state_folder_follows_xdg_state_home_when_absolute(tmp_path):
    assert state_dir({"XDG_STATE_HOME": str(tmp_path), "HOME": "/h"}) == tmp_path / "spiral-tui"
    assert str(state_dir({"XDG_STATE_HOME": "relative", "HOME": "/h"})) == "/h/.local/state/spiral-tui"
    assert str(state_dir({"HOME": "/h"})) == "/h/.local/state/spiral-tui"


def test_done_steps_are_kept_across_instances_and_reset_per_lesson(tmp_path):
    env = {"XDG_STATE_HOME": str(tmp_path)}
    p = Progress(environ=env)
    p.mark("first-network", 2)
    p.mark("first-network", 1)
    p.mark("video", 3)
    again = Progress(environ=env)
    assert again.done("first-network") == {1, 2} and again.done("video") == {3}
    assert again.reset("first-network") is True
    assert again.reset("first-network") is False
    assert Progress(environ=env).done("first-network") == frozenset()
    data = json.loads((tmp_path / "spiral-tui" / "lessons.json").read_text())
    assert data == {"version": 1, "lessons": {"video": {"done": [3]}}}


def test_an_unreadable_file_is_kept_aside_not_lost(tmp_path):
    path = tmp_path / "lessons.json"
    path.write_text("{not json")
    p = Progress(path)
    assert p.done("video") == frozenset()
    p.mark("video", 1)
    assert (tmp_path / "lessons.json.bad").read_text() == "{not json"
    assert Progress(path).done("video") == {1}
