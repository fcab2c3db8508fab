"""The headless check trains each goal step's answer and says when its goal held."""

from __future__ import annotations

import pytest

from tui_playground.config import Config
from tui_playground.engine.training import Trainer
from tui_playground.lessons.check import check_lesson, pick_kernels
from tui_playground.lessons.lesson_file import builtin_names, load_lesson, parse_lesson

LESSON = '''
title = "t"
[[step]]
text = "watch"
setup = "#dataset=xor&networkShape=3&activation=relu&seed=1"
epochs = 5
[[step]]
text = "loss goal, reached"
goal = "test_loss <= {reach}"
epochs = 40
[[step]]
text = "accuracy goal, reached"
goal = "test_accuracy >= 0.9 and train_accuracy >= 0.9"
epochs = 40
[[step]]
text = "missed: the answer breaks the limit"
goal = "test_loss <= 0.5"
limits = "neurons <= 2"
answer = "#networkShape=4"
epochs = 3
'''


def losses(config: Config, epochs: int) -> list[float]:
    t = Trainer(config)
    return [float(row[1]) for row in t.step(epochs, path="numpy")]


def test_a_goal_is_met_at_the_first_epoch_at_which_it_holds_and_a_broken_limit_is_named():
    config = Config(seed="1", dataset="xor", layers=(3,), activation="relu")
    test = losses(config, 40)
    reach = round(test[19], 6) + 1e-9  # held first at epoch 20 (if not earlier)
    expected = next(k for k, loss in enumerate(test, start=1) if loss <= reach)
    lesson = parse_lesson(LESSON.format(reach=reach), "t", "t.toml", "file:t")
    told = []
    results = check_lesson(lesson, on_result=told.append)
    assert told == results
    watch, loss, accuracy, missed = results
    assert watch.watch and watch.ok and watch.line() == "step 1: watch step (5 epochs)"
    assert loss.met_at == expected and loss.line() == f"step 2: goal met at epoch {expected} (test_loss <= {reach:.3f})"
    assert accuracy.ok and 1 <= accuracy.met_at <= 40 and accuracy.values["test_accuracy"] >= 0.9
    assert not missed.ok and missed.met_at is None
    assert missed.missed == "neurons 4, limit <= 2"
    assert missed.line() == "step 4: MISSED after 3 epochs: neurons 4, limit <= 2"
    as_dict = missed.to_dict()
    assert (as_dict["kind"], as_dict["ok"], as_dict["met_at"], as_dict["values"]["neurons"]) == ("goal", False, None, 4.0)


def test_a_missed_goal_says_the_value_it_reached():
    lesson = parse_lesson('title = "t"\n[[step]]\ntext = "x"\nsetup = "#seed=1"\ngoal = "test_loss <= 0.0001"\n'
                          'epochs = 2\n', "t", "t.toml", "file:t")
    (result,) = check_lesson(lesson)
    final = losses(Config(seed="1"), 2)[-1]
    assert result.missed == f"test loss {final:.3f}, goal <= 0.000"
    assert result.values["epoch"] == 2.0


def test_a_diverging_answer_is_reported_as_diverged():
    lesson = parse_lesson('title = "t"\n[[step]]\ntext = "x"\nsetup = "#seed=1&learningRate=3&problem=regression"\n'
                          'goal = "test_loss <= 0.01"\nepochs = 50\n', "t", "t.toml", "file:t")
    (result,) = check_lesson(lesson)
    diverged_at = Trainer(lesson.steps[0].config).step(50, path="numpy").shape[0]
    assert diverged_at < 50
    assert not result.ok and result.missed.startswith(f"the loss diverged at epoch {diverged_at};")


@pytest.mark.slow
@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_lesson_passes_its_check_and_no_goal_is_met_without_its_answer(name, capsys):
    """CI's check of the built-in lessons: `spiral-tui lesson --check NAME`
    (long steps on the compiled kernels: minutes uncompiled, seconds compiled)."""
    import dataclasses

    from tui_playground.cli import main

    code = main(["lesson", "--check", name])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.splitlines()[-1].startswith("every goal met")
    lesson = load_lesson(name)
    for number, step in enumerate(lesson.steps, start=1):
        if not step.is_watch and step.answer_config is not None:
            alone_step = dataclasses.replace(step, answer_config=None)
            (alone,) = check_lesson(dataclasses.replace(lesson, steps=(alone_step,)), prepare=pick_kernels)
            assert not alone.ok, f"{name} step {number}: the setup alone meets the goal ({alone.line()})"


@pytest.mark.slow  # 600 epochs uncompiled: seconds on a quiet machine, 20 s loaded
def test_the_example_lesson_passes_its_check_and_needs_its_answer():
    import dataclasses
    from pathlib import Path

    lesson = load_lesson(str(Path(__file__).parents[2] / "examples" / "one-neuron.toml"))
    watch, goal = check_lesson(lesson)
    assert watch.watch and goal.met_at is not None and goal.met_at <= goal.epochs
    alone = dataclasses.replace(lesson.steps[1], answer_config=None)
    (missed,) = check_lesson(dataclasses.replace(lesson, steps=(alone,)))
    assert not missed.ok and missed.missed.startswith("test loss 0.4")
