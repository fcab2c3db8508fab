"""SgrFilter: fewer colour codes, the same screen (checked with a VT emulator)."""

from __future__ import annotations

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_playground.ui.sgr_filter import SgrFilter, apply_sgr, transition

RESET = "\x1b[0m"


def screen_after(*writes: str, cols: int = 20, rows: int = 4) -> list[list]:
    screen = pyte.Screen(cols, rows)
    stream = pyte.Stream(screen)
    for text in writes:
        stream.feed(text)
    return [[screen.buffer[y][x] for x in range(cols)] for y in range(rows)]


def test_same_colours_again_after_a_reset_are_dropped():
    cell = "\x1b[38;2;1;2;3;48;2;4;5;6m▀" + RESET
    out = SgrFilter()(cell * 3)
    assert out == "\x1b[0;38;2;1;2;3;48;2;4;5;6m▀▀▀"


def test_only_the_colour_that_changed_is_sent():
    f = SgrFilter()
    f("\x1b[38;5;1;48;5;2mA" + RESET)
    assert f("\x1b[38;5;9;48;5;2mB" + RESET) == "\x1b[38;5;9mB"
    assert f("\x1b[38;5;9;48;5;7mC" + RESET) == "\x1b[48;5;7mC"


def test_cursor_moves_keep_the_pending_reset_back_but_text_and_erases_do_not():
    f = SgrFilter()
    f("\x1b[1;31mX")
    assert f(RESET + "\x1b[2;5H") == "\x1b[2;5H"  # the reset can wait
    assert f("\x1b[K") == "\x1b[0m\x1b[K"  # an erase uses the background: settle first


def test_unknown_mode_changes_settle_attributes_first():
    f = SgrFilter()
    f("\x1b[7mX" + RESET)
    assert f("\x1b[?1049l") == "\x1b[0m\x1b[?1049l"


def test_unreadable_colour_codes_pass_through_and_the_next_change_is_full():
    f = SgrFilter()
    f("\x1b[31mA")
    assert f("\x1b[4:3mB") == "\x1b[4:3mB"
    assert f("\x1b[32mC") == "\x1b[32mC"  # still unknown on top: sent as it came
    assert f(RESET + "\x1b[33mD") == "\x1b[0;33mD"


def test_turning_bold_off_keeps_dim():
    assert transition({"bold": "1", "dim": "2", "fg": "31"}, {"dim": "2", "fg": "31"}) == "22;2"
    assert transition(None, {"fg": "31"}) == "0;31"
    assert apply_sgr({}, "1;38;2;10;20;30;49") == {"bold": "1", "fg": "38;2;10;20;30"}


SGRS = ["0", "", "1", "2", "22", "3", "23", "4", "24", "7", "27", "9", "29", "31", "39", "94",
        "42", "49", "103", "38;5;208", "48;5;17", "38;2;245;147;34", "48;2;8;119;189", "1;38;5;3;48;5;4"]
PIECES = st.one_of(
    st.sampled_from(SGRS).map(lambda p: f"\x1b[{p}m"),
    st.tuples(st.integers(1, 4), st.integers(1, 20)).map(lambda yx: f"\x1b[{yx[0]};{yx[1]}H"),
    st.text("ab ▀▄█●", min_size=1, max_size=4),
    st.sampled_from(["\r\n", "\r", "\x1b[K", "\x1b[2K", "\x1b[C", "\x1b[?25l"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=30).map("".join), min_size=1, max_size=4))
def test_screen_is_the_same_with_and_without_the_filter(writes):
    f = SgrFilter()
    filtered = [f(w) for w in writes]
    # what the terminal shows after the last write, once more text comes
    tail = "x\x1b[K"
    assert screen_after(*filtered, f(tail)) == screen_after(*writes, tail)
