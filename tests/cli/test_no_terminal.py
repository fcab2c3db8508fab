"""Without a terminal the app and the tour say so in one line, point at
`train` and exit 2: no keys awaited forever, no escape codes into a pipe,
no traceback (issue 11)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMMAND = [sys.executable, "-c", "import sys; from tui_playground.cli import main; sys.exit(main())"]


def spiral_tui(args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], capture_output=kwargs.pop("capture_output", True),
                          timeout=60, **kwargs)


def one_error_line(err: bytes, *names: str) -> str:
    text = err.decode()
    assert text.count("\n") == 1 and text.startswith("spiral-tui: error: the app needs a terminal"), text
    assert "spiral-tui train" in text and "\x1b" not in text and "Traceback" not in text
    for name in names:
        assert name in text
    return text


@pytest.mark.parametrize("args", [[], ["tour"], ["--dataset", "xor"], ["tour", "--seed", "3"]])
def test_no_terminal_at_all(args):
    done = spiral_tui(args, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and done.stdout == b""
    one_error_line(done.stderr, "stdin", "stderr")


@pytest.mark.parametrize("fd, name", [(0, "stdin"), (1, "stdout")])
def test_a_closed_stream(fd, name):
    done = spiral_tui([], stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(fd))
    assert done.returncode == 2
    one_error_line(done.stderr, name)


def test_bad_flags_are_still_told_first():
    done = spiral_tui(["--batch", "99"], stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and b"1..30" in done.stderr and b"terminal" not in done.stderr


def test_help_needs_no_terminal():
    done = spiral_tui(["tour", "--help"], stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and b"--epochs" in done.stdout
