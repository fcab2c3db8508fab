"""Goal and limit expressions: parsed by hand, never evaluated as Python."""

from __future__ import annotations

import math

import pytest

from tui_playground.lessons.goals import (
    GOAL_NAMES,
    LIMIT_NAMES,
    Condition,
    ExpressionError,
    format_value,
    parse_expression,
)


def test_conditions_joined_by_and_parse_into_names_operators_and_numbers():
    e = parse_expression("test_loss <= 0.177 and epoch>=300 and train_accuracy > .9", GOAL_NAMES)
    assert e.conditions == (Condition("test_loss", "<=", 0.177), Condition("epoch", ">=", 300.0),
                            Condition("train_accuracy", ">", 0.9))
    assert e.text() == "test_loss <= 0.177 and epoch >= 300 and train_accuracy > 0.900"


def test_every_condition_must_hold_and_an_unknown_value_holds_nothing():
    e = parse_expression("test_loss <= 0.2 and epoch >= 10", GOAL_NAMES)
    assert e.holds({"test_loss": 0.2, "epoch": 10})
    assert not e.holds({"test_loss": 0.21, "epoch": 10})
    assert e.failing({"test_loss": 0.1, "epoch": 9}) == (Condition("epoch", ">=", 10.0),)
    assert not e.holds({"test_loss": math.nan, "epoch": 10})
    assert not parse_expression("test_accuracy > 0.5", GOAL_NAMES).holds({})


@pytest.mark.parametrize("op, value, expected", [("<", 3, False), ("<=", 3, True), ("==", 3, True),
                                                 (">", 2, True), (">=", 4, False)])
def test_each_operator(op, value, expected):
    assert parse_expression(f"neurons {op} {value}", LIMIT_NAMES).holds({"neurons": 3.0}) is expected


@pytest.mark.parametrize("text, message", [
    ("", "is empty"),
    ("test_loss < 0.2 or epoch > 3", "is not 'name op number'"),
    ("test_loss = 0.2", "is not 'name op number'"),
    ("__import__('os').system('x') < 1", "is not 'name op number'"),
    ("tst_loss <= 0.2", "unknown name 'tst_loss' (names: test_loss, train_loss"),
    ("neurons <= 4", "unknown name 'neurons'"),  # a limit's name in a goal
    ("test_loss <= nan", "'nan' is not a number"),
    ("test_loss <= 1e999", "is not a finite number"),
    ("test_loss <= 0x10", "is not a number"),
    ("test_loss <= 1_000", "is not a number"),
    (" and ".join(["epoch > 1"] * 9), "at most 8"),
])
def test_bad_goals_are_refused_in_one_line(text, message):
    with pytest.raises(ExpressionError, match=None) as info:
        parse_expression(text, GOAL_NAMES)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_limits_take_only_the_limit_names():
    assert parse_expression("neurons <= 4 and layers <= 2 and features < 3 and epoch <= 200", LIMIT_NAMES)
    with pytest.raises(ExpressionError, match="unknown name 'test_loss'"):
        parse_expression("test_loss <= 0.1", LIMIT_NAMES)


def test_values_are_shown_as_counts_or_to_three_decimals():
    assert format_value("epoch", 300.0) == "300"
    assert format_value("test_loss", 0.2141) == "0.214"
    assert format_value("test_accuracy", math.nan) == "-"
