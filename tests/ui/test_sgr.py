"""SGR attributes: what codes set, and the shortest code between two sets
(the screen itself is checked with pyte in test_screen_diff.py)."""

from __future__ import annotations

import pytest

from tui_playground.ui.output.sgr import Unreadable, apply_sgr, transition


def test_turning_bold_off_keeps_dim():
    assert transition({"bold": "1", "dim": "2", "fg": "31"}, {"dim": "2", "fg": "31"}) == "22;2"
    assert transition(None, {"fg": "31"}) == "0;31"
    assert apply_sgr({}, "1;38;2;10;20;30;49") == {"bold": "1", "fg": "38;2;10;20;30"}


def test_only_what_differs_or_a_reset_when_shorter():
    truecolor = {"fg": "38;2;1;2;3", "bg": "48;2;4;5;6"}
    assert transition(truecolor, {**truecolor, "fg": "38;2;7;8;9"}) == "38;2;7;8;9"
    assert transition({"fg": "31", "bg": "42", "bold": "1", "reverse": "7"}, {"fg": "33"}) == "0;33"
    assert apply_sgr(truecolor, "0") == {} and apply_sgr(truecolor, "") == {}


def test_unreadable_codes_are_refused():
    for params in ("4:3", "38;5", "38;2;1;2", "99"):
        with pytest.raises(Unreadable):
            apply_sgr({}, params)
