"""The lesson file: TOML checked whole; every problem is one line naming it."""

from __future__ import annotations

import pytest

from tui_playground.config import Config
from tui_playground.lessons.lesson_file import (
    DEFAULT_EPOCHS,
    LessonError,
    builtin_names,
    load_lesson,
    parse_lesson,
)

EXAMPLE = '''
title = "A first network"
about = "From a line to a curve."
[[step]]
text = "One neuron, linear."
setup = "#dataset=xor&networkShape=1&activation=linear"
[[step]]
text = "Make it learn."
goal = "test_loss <= 0.3"
limits = "neurons <= 4 and layers <= 2"
hint = "A curve needs a nonlinear activation."
answer = "#networkShape=3&activation=relu"
epochs = 500
seed = "7"
[[step]]
text = "Keep the network; lower the rate."
setup = "#learningRate=0.01"
'''


def parse(text: str):
    return parse_lesson(text, "example", "example.toml", "file:/x/example.toml")


def test_steps_chain_their_setups_from_the_defaults_with_seed_1():
    lesson = parse(EXAMPLE)
    first, second, third = lesson.steps
    assert (lesson.title, lesson.about, lesson.goal_steps) == ("A first network", "From a line to a curve.", 1)
    assert first.config == Config(seed="1").replace(dataset="xor", layers=(1,), activation="linear")
    assert first.is_watch and first.epochs == DEFAULT_EPOCHS and first.answer_config is None
    assert second.config == first.config.replace(seed="7")  # no setup: the previous network, the step's seed
    assert second.answer_config == second.config.replace(layers=(3,), activation="relu")
    assert (second.goal.text(), second.limits.text(), second.epochs) == (
        "test_loss <= 0.300", "neurons <= 4 and layers <= 2", 500)
    # the next step starts from the answer, not from the setup the student was given
    assert third.config == second.answer_config.replace(lr=0.01)


def test_a_whole_playground_link_sets_every_key_it_has():
    lesson = parse('title = "t"\n[[step]]\ntext = "x"\nsetup = "https://playground.tensorflow.org/'
                   '#activation=relu&dataset=spiral&networkShape=8,8&seed=3&x=true&y=true&sinX=true"\n')
    c = lesson.steps[0].config
    assert (c.activation, c.dataset, c.layers, c.seed, c.features) == ("relu", "spiral", (8, 8), "3",
                                                                      ("x1", "x2", "sinx1"))


def test_built_in_lessons_are_found_by_name_and_load():
    names = builtin_names()
    assert len(names) >= 6 and "video" in names
    for name in names:
        lesson = load_lesson(name)
        assert lesson.key == name and lesson.source == "builtin" and lesson.goal_steps >= 1


def test_a_file_is_keyed_by_its_real_path(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(EXAMPLE)
    lesson = load_lesson(str(path))
    assert (lesson.name, lesson.key) == ("mine", f"file:{path.resolve()}")


STEP = '[[step]]\ntext = "x"\n'


def hostile_cases(tmp_path):
    """(what, how to make the file -> its path, words the one line must hold)."""

    def text(body: str, name: str = "l.toml"):
        def make():
            path = tmp_path / name
            path.write_text(body, encoding="utf-8")
            return str(path)
        return make

    def raw(data: bytes):
        def make():
            path = tmp_path / "raw.toml"
            path.write_bytes(data)
            return str(path)
        return make

    def fifo():
        import os
        path = tmp_path / "fifo.toml"
        os.mkfifo(path)
        return str(path)

    def folder():
        path = tmp_path / "dir.toml"
        path.mkdir()
        return str(path)

    def device():
        link = tmp_path / "null.toml"
        link.symlink_to("/dev/null")
        return str(link)

    head = 'title = "t"\n'
    return [
        ("unknown top key", text(head + 'titel = "x"\n' + STEP), "unknown key 'titel'"),
        ("unknown step key", text(head + STEP + 'gaol = "test_loss < 1"\n'), "step 1: unknown step key 'gaol'"),
        ("bad goal", text(head + STEP + 'goal = "test_loss <"\n'), "step 1: goal: 'test_loss <' is not"),
        ("goal name outside the list", text(head + STEP + 'goal = "weights < 3"\n'), "unknown name 'weights'"),
        ("limit name outside the list", text(head + STEP + 'limits = "test_loss < 3"\n'),
         "step 1: limits: unknown name 'test_loss'"),
        ("python in a goal", text(head + STEP + 'goal = "__import__(\'os\') < 1"\n'), "goal:"),
        ("unparsable link", text(head + STEP + 'setup = "not a link"\n'), "step 1: setup: bad playground link"),
        ("foreign host", text(head + STEP + 'answer = "https://evil.example/#seed=1"\n'), "not a playground link"),
        ("unknown link key", text(head + STEP + 'setup = "#networkShap=3"\n'), "unknown key 'networkShap'"),
        ("bad link value", text(head + STEP + 'setup = "#networkShape=9"\n'), "1 to 8 neurons"),
        ("no title", text(STEP), "title is missing"),
        ("no steps", text(head), "needs at least one [[step]]"),
        ("step is not a table", text(head + 'step = "x"\n'), "needs at least one [[step]]"),
        ("step without text", text(head + '[[step]]\ngoal = "epoch > 1"\n'), "step 1: text is missing"),
        ("text not a string", text(head + '[[step]]\ntext = 3\n'), "text must be a string (got int)"),
        ("escape code in text", text(head + '[[step]]\ntext = "a\\u001b[2Jb"\n'), "control character (U+001B)"),
        ("bidi override in hint", text(head + STEP + 'hint = "a\\u202eb"\n'), "control character (U+202E)"),
        ("epochs zero", text(head + STEP + "epochs = 0\n"), "epochs must be a whole number from 1"),
        ("epochs text", text(head + STEP + 'epochs = "5"\n'), "epochs must be a whole number"),
        ("epochs bool", text(head + STEP + "epochs = true\n"), "epochs must be a whole number"),
        ("seed a table", text(head + STEP + "seed = {a = 1}\n"), "seed must be a string"),
        ("too many steps", text(head + STEP * 101), "101 steps; at most 100"),
        ("second step bad", text(head + STEP + STEP + 'setup = "#noise=99"\n'), "step 2: setup:"),
        ("not TOML", text("title = \n"), "not valid TOML"),
        ("empty file", text(""), "title is missing"),
        ("not UTF-8", raw(b'title = "\xff"\n'), "is not UTF-8 text"),
        ("over 1 MB", raw(b"# " + b"x" * 1_000_001 + b"\n"), "is over 1 MB"),
        ("a FIFO", fifo, "is not a regular file"),
        ("a folder", folder, "is not a regular file"),
        ("a device", device, "is not a regular file"),
        ("missing file", lambda: str(tmp_path / "gone.toml"), "cannot read"),
        ("no such lesson", lambda: "no-such-lesson", "no lesson named 'no-such-lesson' (built-in: first-network"),
    ]


CASE_NAMES = [c[0] for c in hostile_cases(None)]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_hostile_lesson_files_are_refused_in_one_line(tmp_path, case):
    _what, make, words = next(c for c in hostile_cases(tmp_path) if c[0] == case)
    with pytest.raises(LessonError) as info:
        load_lesson(make())
    message = str(info.value)
    assert words in message and "\n" not in message and len(message) < 400, message


@pytest.mark.parametrize("case", CASE_NAMES)
@pytest.mark.parametrize("how", ["--check", "open", "--play"])
def test_hostile_lesson_files_stop_the_command_in_one_line_with_exit_2(tmp_path, capsys, case, how):
    from tui_playground.cli import main

    _what, make, words = next(c for c in hostile_cases(tmp_path) if c[0] == case)
    path = make()
    argv = {"--check": ["--check", path], "open": [path], "--play": [path, "--play"]}[how]
    code = main(["lesson", *argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("spiral-tui: error: ") and err.count("\n") == 1, err
    assert words in err
