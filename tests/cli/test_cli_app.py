"""`spiral-tui` itself: help, version, and one-line errors before the app opens."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui_playground.cli import main


def test_help_lists_the_commands_and_the_flags(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    out = capsys.readouterr().out
    assert exc.value.code == 0
    assert "train" in out and "sweep" in out and "tour" in out and "--dataset" in out and "--max-kbps" in out


def test_the_console_module_runs_main():
    proc = subprocess.run([sys.executable, "-m", "tui_playground.cli", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("spiral-tui ")


@pytest.mark.parametrize("argv, words", [
    (["--dataset", "nope"], "invalid choice: 'nope'"),
    (["--layers", "9"], "each hidden layer has 1 to 8 neurons"),
    (["--load", "/no/such/session.json"], "can't open session"),
])
def test_bad_app_flags_are_one_line_and_exit_2_before_the_app_opens(argv, words, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("spiral-tui: error: ") and words in err and err.count("\n") == 1
