"""`spiral-tui lesson`: the list, --check's exit codes and JSON, progress reset,
and bad input in one line with exit code 2 before anything opens."""

from __future__ import annotations

import json

import pytest

from tui_playground.cli import main
from tui_playground.lessons.lesson_file import builtin_names
from tui_playground.lessons.progress import Progress

MET = '''title = "Tiny"
[[step]]
text = "watch"
setup = "#dataset=xor&networkShape=3&activation=relu&seed=1"
epochs = 3
[[step]]
text = "reach it"
goal = "test_loss <= 0.6"
epochs = 5
'''
MISSED = MET + '''[[step]]
text = "cannot"
goal = "test_loss <= 0.00001"
epochs = 2
'''


@pytest.fixture(autouse=True)
def state_home(tmp_path, monkeypatch):
    """Progress goes to a scratch folder, never the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["lesson", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_list_names_every_builtin_with_its_steps_and_progress(capsys, state_home):
    Progress().mark("video", 2)
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["lesson", "title", "steps", "done"]
    for name in builtin_names():
        assert any(line.startswith(name + " ") for line in lines)
    video = next(line for line in lines if line.startswith("video "))
    assert video.split()[-1] == "1/7"
    code, out, _ = run(capsys, "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert set(rows) == set(builtin_names()) and rows["video"]["done"] == 1 and rows["video"]["steps"] == 7


def test_check_exits_0_when_every_goal_is_met(capsys, tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(MET)
    code, out, err = run(capsys, "--check", str(path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "lesson tiny: Tiny"
    assert lines[1] == "step 1: watch step (3 epochs)"
    assert lines[2].startswith("step 2: goal met at epoch ")
    assert lines[-1] == "every goal met (1 goal steps, 1 watch steps)"


def test_check_exits_1_naming_the_missed_step_and_json_says_the_same(capsys, tmp_path):
    path = tmp_path / "missed.toml"
    path.write_text(MISSED)
    code, out, _ = run(capsys, str(path), "--check")
    assert code == 1
    assert "step 3: MISSED after 2 epochs: test loss " in out
    assert out.splitlines()[-1] == "1 of 2 goals missed: step 3"
    code, out, _ = run(capsys, "--check", "--json", str(path))
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["lesson"] == "missed"
    assert [s["ok"] for s in data["steps"]] == [True, True, False]
    assert data["steps"][2]["met_at"] is None and data["steps"][2]["values"]["epoch"] == 2


def test_reset_progress_clears_one_lesson(capsys):
    Progress().mark("video", 1)
    Progress().mark("beyond", 1)
    code, out, _ = run(capsys, "--reset-progress", "video")
    assert code == 0 and out == "progress in video cleared\n"
    assert Progress().done("video") == frozenset() and Progress().done("beyond") == {1}
    assert run(capsys, "--reset-progress", "video")[1] == "progress in video was empty already\n"


@pytest.mark.parametrize("argv, words", [
    (["--check"], "--check needs a lesson"),
    (["--play"], "--play needs a lesson"),
    (["video", "--check", "--play"], "give one"),
    (["--reset-progress", "video", "video"], "give it alone"),
    (["video", "--json"], "--json goes with --check"),
    (["no-such"], "no lesson named 'no-such'"),
    (["--check", "no-such.toml"], "cannot read 'no-such.toml'"),
    (["--reset-progress", "nope"], "no lesson named 'nope'"),
    (["--check", "video", "--record", "x.cast"], "--record records the app"),
    (["--step-seconds", "0", "video", "--play"], "expected a number > 0"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("spiral-tui: error: ") and words in err and err.count("\n") == 1


def test_a_bad_lesson_file_is_refused_before_the_app_opens(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = "bad.toml"
    (tmp_path / path).write_text('title = "t"\n[[step]]\ntext = "x"\ngoal = "loss < 1"\n')
    for argv in ([path], ["--check", path], [path, "--play"]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert err == "spiral-tui: error: 'bad.toml': step 1: goal: unknown name 'loss' " \
                      "(names: test_loss, train_loss, test_accuracy, train_accuracy, epoch, dead_links)\n"
