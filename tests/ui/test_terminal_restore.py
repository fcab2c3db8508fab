"""In a real pseudo-terminal: SIGTERM, SIGHUP and SIGINT end the app, the
gallery and the tour as `q` does, with the terminal restored (main screen,
mouse tracking off, cooked mode) and the shell's exit code 128 + N."""

from __future__ import annotations

import os
import signal
import termios
import time

import pytest
from pty_run import ALT_SCREEN_OFF, MOUSE_OFF, PtyRun, spiral_tui

# (what, its command line, keys once it shows `ready`, text that says it is there)
RUNS = {
    "app": ((), b"", b"NETWORK"),
    "gallery": ((), b"\x07", b"GALLERY"),  # ctrl+g
    "tour": (("tour", "--step-seconds", "3"), b"", b"TOUR"),
}


def started(what: str) -> PtyRun:
    args, keys, ready = RUNS[what]
    run = PtyRun(spiral_tui(*args))
    shown = b"NETWORK" if keys else ready
    assert run.wait_for(shown, 90), bytes(run.output[-300:])
    for _ in range(60 if keys else 0):  # the keys work once the trainer is ready
        run.send(keys)
        if run.wait_for(ready, 1):
            break
    else:
        assert not keys, "never got there"
    return run


def cooked(run: PtyRun) -> bool:
    lflag = run.terminal_modes()[3]
    return bool(lflag & termios.ICANON) and bool(lflag & termios.ECHO)


@pytest.mark.parametrize("what, sig", [
    ("app", signal.SIGTERM), ("app", signal.SIGHUP), ("app", signal.SIGINT),
    ("gallery", signal.SIGTERM), ("tour", signal.SIGTERM), ("tour", signal.SIGHUP),
])
def test_a_signal_restores_the_terminal_and_exits_128_plus_n(what, sig):
    run = started(what)
    assert not cooked(run)  # the app runs in raw mode...
    before = len(run.output)
    run.signal(sig)
    code = run.finish()
    after = bytes(run.output[before:])
    assert code == 128 + sig
    assert ALT_SCREEN_OFF in after and MOUSE_OFF in after  # ...and gave the terminal back
    assert cooked(run)


def test_q_restores_the_terminal_too():  # the path the signals now take
    run = started("app")
    before = len(run.output)
    run.send(b"q")
    assert run.finish() == 0
    assert ALT_SCREEN_OFF in bytes(run.output[before:]) and cooked(run)


def test_a_terminal_that_goes_away_ends_the_app():
    run = started("app")
    os.close(run.fd)  # the window closed: SIGHUP, then every write fails
    deadline = time.monotonic() + 60  # bounded: a hang must fail, not stall the suite
    while (status := os.waitpid(run.pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)  # polling a child's exit: there is no event to await here
    if status[0] == 0:
        os.kill(run.pid, signal.SIGKILL)
        os.waitpid(run.pid, 0)
        raise AssertionError("the app kept running after its terminal went away")
    assert os.waitstatus_to_exitcode(status[1]) in (128 + signal.SIGHUP, 0)


def test_on_a_terminal_with_stdout_closed_it_says_so_and_draws_nothing():
    run = PtyRun(["sh", "-c", 'exec "$@" >&-', "sh", *spiral_tui()])
    assert run.finish() == 2
    text = bytes(run.output).decode()
    assert "needs a terminal (stdout is not one)" in text and "spiral-tui train" in text
    assert "\x1b[" not in text and text.strip().count("\n") == 0


def test_on_a_terminal_with_stdout_to_a_file_it_runs(tmp_path):
    log = tmp_path / "log"
    run = PtyRun(["sh", "-c", 'exec "$@" > "$0"', str(log), *spiral_tui()])
    assert run.wait_for(b"NETWORK", 90)
    run.send(b"q")
    assert run.finish() == 0


def test_recording_onto_a_disk_that_fills_says_so_goes_on_and_restores_the_terminal(tmp_path):
    """Issue 25: the screen froze, `q` printed an OSError traceback, exit 1, terminal raw."""
    import subprocess

    from tui_playground.ui.output.cast import read_cast

    tiny = tmp_path / "tiny"
    tiny.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(tiny)], capture_output=True).returncode:
        pytest.skip("mounting a 64 KiB tmpfs is not allowed here (tests/ui/test_cast.py fakes the full disk)")
    try:
        cast = tiny / "t.cast"
        run = PtyRun(spiral_tui("tour", "--record", str(cast), "--step-seconds", "2"))
        assert run.wait_for(b"recording stopped", 180), bytes(run.output[-300:])  # the toast, on screen
        assert run.wait_for(b"epoch", 30)  # and the tour goes on drawing
        before = len(run.output)
        run.send(b"q")
        assert run.finish() == 0
        after = bytes(run.output[before:])
        assert ALT_SCREEN_OFF in after and MOUSE_OFF in after and cooked(run) and b"Traceback" not in after
        assert b"spiral-tui: recording stopped: can't write" in after and b"No space left on device" in after
        header, events = read_cast(str(cast))  # valid to its last whole event
        assert events and cast.read_bytes().endswith(b"\n")
    finally:
        subprocess.run(["umount", "-l", str(tiny)], check=False)


def test_a_paused_app_stopped_and_continued_draws_its_screen_again():
    """ctrl+z (SIGTSTP), then `fg` (SIGCONT): the paused app stayed blank until a key (issue 25)."""
    run = started("app")  # paused: only the top bar changes by itself (compile progress)
    assert run.wait_for(b"FEATURES", 30) or b"FEATURES" in run.output  # the first frame is whole
    run.signal(signal.SIGTSTP)
    _, status = os.waitpid(run.pid, os.WUNTRACED)  # stopped, as a shell's job would be
    assert os.WIFSTOPPED(status)
    run.wait_for(ALT_SCREEN_OFF, 5)  # what it wrote on the way out (main screen back), if not read yet
    before = len(run.output)
    run.signal(signal.SIGCONT)
    assert run.wait_for(b"FEATURES", 30), bytes(run.output[before:][-300:])  # a row the top bar is not
    assert ALT_SCREEN_OFF.replace(b"l", b"h") in bytes(run.output[before:])  # the alternate screen again
    run.send(b"q")
    assert run.finish() == 0 and cooked(run)
