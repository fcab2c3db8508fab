"""Learning-rate schedules: hand-computed rates, parsing and its errors."""

import math

import pytest

from tui_playground.config import LR_SCHEDULES, ConfigError, parse_schedule
from tui_playground.engine.schedules import SCHEDULES, learning_rate, learning_rates


def test_constant_is_the_base_rate_forever():
    assert [learning_rate("constant", 0.03, e) for e in (0, 1, 10**6)] == [0.03] * 3


def test_step_multiplies_by_the_factor_every_n_epochs():
    # epochs 0-9: 0.1, 10-19: 0.05, 20-29: 0.025
    got = learning_rates("step:10:0.5", 0.1, 0, 30)
    assert got[:10].tolist() == [0.1] * 10 and got[10:20].tolist() == [0.05] * 10
    assert got[20:].tolist() == [0.025] * 10


def test_exp_multiplies_by_the_rate_every_epoch():
    assert learning_rate("exp:0.9", 0.1, 0) == 0.1
    assert learning_rate("exp:0.9", 0.1, 1) == pytest.approx(0.09, rel=1e-15)
    assert learning_rate("exp:0.9", 0.1, 3) == pytest.approx(0.0729, rel=1e-15)


def test_cosine_goes_from_the_base_rate_to_zero_and_stays():
    lr = lambda e: learning_rate("cosine:100", 0.2, e)  # noqa: E731
    assert lr(0) == 0.2
    assert lr(50) == pytest.approx(0.1, rel=1e-15)  # half way: cos(pi/2) = 0
    assert lr(25) == pytest.approx(0.1 * (1 + math.sqrt(0.5)), rel=1e-15)
    assert lr(100) == 0.0 and lr(250) == 0.0


def test_rates_continue_from_a_later_epoch():
    assert learning_rates("step:2:0.5", 1.0, 3, 3).tolist() == [0.5, 0.25, 0.25]


def test_parse_gives_typed_parameters():
    assert parse_schedule("step:100:0.5") == ("step", (100, 0.5))
    assert parse_schedule(" cosine:300 ") == ("cosine", (300,))
    assert parse_schedule("constant") == ("constant", ())
    assert list(SCHEDULES) == list(LR_SCHEDULES) == ["constant", "step", "exp", "cosine"]


@pytest.mark.parametrize("text, words", [
    ("linear", "must be one of constant, step:EVERY:FACTOR, exp:RATE, cosine:EPOCHS"),
    ("step:10", "is written step:EVERY:FACTOR"),
    ("constant:1", "is written constant"),
    ("step:0:0.5", "EVERY must be a whole number >= 1"),
    ("step:2.5:0.5", "EVERY must be a whole number >= 1"),
    ("exp:1.5", "RATE must be a number > 0 and <= 1"),
    ("exp:0", "RATE must be a number > 0 and <= 1"),
    ("exp:nan", "RATE must be a number > 0 and <= 1"),
    ("cosine:x", "EPOCHS must be a whole number >= 1"),
])
def test_bad_schedules_are_one_line_naming_what_is_allowed(text, words):
    with pytest.raises(ConfigError) as info:
        parse_schedule(text)
    assert words in str(info.value) and "\n" not in str(info.value)
