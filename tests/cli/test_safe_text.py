"""Echoed user text: printable, one line, readable length (issue 11)."""

from tui_playground.cli.safe_text import MAX_LINE, one_line, printable


def test_control_characters_and_lone_surrogates_are_escaped():
    assert printable("a\x1b[2Jb\nc\udcff\u202e") == "a\\x1b[2Jb\\nc\\udcff\\u202e"
    assert printable("héllo wörld 0.12345") == "héllo wörld 0.12345"


def test_printable_cuts_to_the_limit():
    assert printable("x" * 50, 10) == "xxxxxxx..."
    assert printable("short", 10) == "short"


def test_one_line_cuts_long_quoted_values_and_keeps_the_ends():
    message = "argument --noise: expected a whole number, got '" + "9" * 100_000 + "' (see spiral-tui train --help)"
    line = one_line(message)
    assert line.startswith("argument --noise: expected a whole number, got '9999")
    assert line.endswith("...' (see spiral-tui train --help)") and len(line) < 140
    many = one_line("; ".join(f"line {n}: bad" for n in range(1000)))
    assert len(many) <= MAX_LINE and many.startswith("line 0: bad") and many.endswith("line 999: bad")
    assert "\n" not in one_line("two\nlines")
