"""The field checks shared by the session and sweep results formats (files/json_fields.py)."""

from __future__ import annotations

import math

import pytest

from tui_playground.files.json_fields import FieldCheck, is_int, is_number, short


class MyFormatError(ValueError):
    pass


CHECK = FieldCheck(MyFormatError)


def test_a_field_is_returned_when_it_is_there_and_of_its_type():
    assert CHECK.field({"a": [1]}, "a", list) == [1]
    assert CHECK.field({"a": 2.5}, "a", (int, float)) == 2.5
    assert CHECK.field({"a": True}, "a", bool) is True
    assert CHECK.whole_number({"n": 7}, "n", 0, 10) == 7


@pytest.mark.parametrize("d, call, message", [
    ({}, lambda d: CHECK.field(d, "a", list, "spec."), "spec.a is missing"),
    ({"a": "x"}, lambda d: CHECK.field(d, "a", dict), 'a must be an object (got "x")'),
    ({"a": True}, lambda d: CHECK.field(d, "a", int), "a must be a whole number (got true)"),  # a bool is no int
    ({"a": True}, lambda d: CHECK.field(d, "a", (int, float)), "a must be a number (got true)"),
    ({"n": 11}, lambda d: CHECK.whole_number(d, "n", 0, 10), "n must be a whole number from 0 to 10 (got 11)"),
    ({"n": 1.0}, lambda d: CHECK.whole_number(d, "n", 0, 10_000), "n must be a whole number (got 1.0)"),
])
def test_a_bad_field_raises_the_formats_own_error_naming_it(d, call, message):
    with pytest.raises(MyFormatError) as caught:
        call(d)
    assert str(caught.value) == message


def test_values():
    assert is_int(3) and not is_int(True) and not is_int(3.0)
    assert is_number(1.5) and not is_number(True) and not is_number("1")
    assert not is_number(math.nan) and is_number(math.nan, finite=False)
    assert not is_number(10**400) and not is_number(10**400, finite=False)  # no float holds it
    assert short([1] * 100) == "[" + "1, " * 12 + "..."
    assert len(short([1] * 100)) == 40
    assert short(10**5000) == "a int"  # beyond JSON's digit limit


@pytest.mark.parametrize("version, message", [
    (None, "version must be a whole number from 1 (got null)"),
    (0, "version must be a whole number from 1 (got 0)"),
    ("1", 'version must be a whole number from 1 (got "1")'),
    (3, "from a newer one (version 3)"),
])
def test_a_version_from_1_to_the_newest_is_read(version, message):
    assert CHECK.version({"version": 2}, 2, "from a newer one (version {version})") == 2
    with pytest.raises(MyFormatError) as caught:
        CHECK.version({"version": version}, 2, "from a newer one (version {version})")
    assert str(caught.value) == message
