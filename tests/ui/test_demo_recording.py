"""Recording demos for real: the tour in a pseudo-terminal, recorded by
asciinema and by its own --record at once; the casts replayed through a VT
emulator (pyte) must end on the tour's summary with the losses a Trainer gets
for the same seed, and stay within the recording budget."""

from __future__ import annotations

import functools
import re
import shlex
import signal
import sys

import pyte
import pytest
from pty_run import PtyRun, spiral_tui

from tui_playground.engine import compiled
from tui_playground.engine.training import Trainer
from tui_playground.sweeps.presets import video
from tui_playground.ui.output.cast import read_cast

COLS, ROWS = 120, 40
BUDGET_PER_MIN = 1_500_000  # the default tour (about 2 minutes) in 3 MB
SEED, EPOCHS, STEP_S = "2", 30, 1.5  # steps as long as a demo's: shorter ones put more step changes in a minute than a real tour (0.75 s measured 1.52-1.55 MB/min under load)


@functools.cache
def replay(path) -> pyte.Screen:
    """The screen after playing the cast at `path` in a VT emulator."""
    header, events = read_cast(str(path))
    screen = pyte.Screen(header["width"], header["height"])
    stream = pyte.Stream(screen)
    for _t, kind, data in events:
        if kind == "o":
            stream.feed(data)
        elif kind == "r":
            cols, rows = map(int, data.split("x"))
            screen.resize(rows, cols)
    return screen


def per_minute(path) -> float:
    _header, events = read_cast(str(path))
    return path.stat().st_size / events[-1][0] * 60


@functools.cache
def expected_rows() -> list[tuple[str, str]]:
    """(step, test loss) of each step, trained here for the same seed and epochs."""
    compiled.load()  # the same numbers as NumPy, faster (the tour filled numba's cache)
    rows = []
    for k, step in enumerate(video(SEED)):
        trainer = Trainer(step.config)
        trainer.step(EPOCHS)
        rows.append((str(k + 1), f"{trainer.snapshot().test_loss:.3f}"))
    return rows


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """One tour, recorded from outside (asciinema rec) and inside (--record)."""
    folder = tmp_path_factory.mktemp("casts")
    outer, own = folder / "asciinema.cast", folder / "own.cast"
    tour = shlex.join(spiral_tui("tour", "--seed", SEED, "--epochs", str(EPOCHS),
                                 "--step-seconds", str(STEP_S), "--record", str(own)))
    proc = PtyRun([sys.executable, "-m", "asciinema", "rec", "-q", "-c", tour, str(outer)],
                  cols=COLS, rows=ROWS, env={"COLORTERM": "truecolor"})
    assert proc.finish(timeout=180) == 0, proc.output[-2000:]
    return outer, own


@pytest.mark.parametrize("which", [0, 1], ids=["asciinema", "record"])
def test_casts_are_v2_within_budget_and_end_on_the_summary(recorded, which):
    path = recorded[which]
    header, events = read_cast(str(path))
    assert (header["version"], header["width"], header["height"]) == (2, COLS, ROWS)
    assert header["env"]["TERM"] == "xterm-256color"
    assert all(b[0] >= a[0] for a, b in zip(events, events[1:]))  # times from the start, in order
    assert per_minute(path) <= BUDGET_PER_MIN
    text = replay(path).display
    assert "summary" in text[0] and "founding video" in "\n".join(text)
    rows = {line.split()[0]: line.split() for line in text if line.split() and line.split()[0].isdigit()}
    for step, loss in expected_rows():
        assert loss in rows[step], (step, loss, rows.get(step))


def test_own_record_is_what_the_terminal_got(recorded):
    outer, own = recorded
    assert replay(outer).display == replay(own).display
    header = read_cast(str(own))[0]
    assert header["title"] == "spiral-tui tour" and header["idle_time_limit"] == 1.0


@pytest.mark.parametrize("sig, code", [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGINT, 128 + signal.SIGINT)],
                         ids=["crash", "ctrl-c"])
def test_an_interrupted_record_still_plays(tmp_path, sig, code):
    path = tmp_path / "cut.cast"
    proc = PtyRun(spiral_tui("tour", "--step-seconds", "3", "--record", str(path)), cols=COLS, rows=ROWS)
    try:
        for _ in range(600):  # until the first step is being drawn
            proc.read(0.05)
            if path.exists() and path.stat().st_size > 15_000:
                break
        else:
            raise AssertionError("nothing recorded")
    finally:
        proc.signal(sig)  # SIGKILL: a crash, no chance to close the file
        assert proc.finish(timeout=20) == code
    header, events = read_cast(str(path))
    assert header["width"] == COLS and len(events) > 5
    assert re.search(r"step \d+ of 14", replay(path).display[0])  # replays up to the kill


@pytest.mark.parametrize("command", [["tour"], []], ids=["tour", "app"])
def test_an_unwritable_record_path_is_one_line_and_exit_2(tmp_path, capsys, command):
    from tui_playground.cli import main

    assert main([*command, "--record", str(tmp_path / "no" / "such" / "dir.cast")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("spiral-tui: error: --record ") and "does not exist" in err and err.count("\n") == 1


def test_the_app_records_itself_too(tmp_path):
    path = tmp_path / "app.cast"
    proc = PtyRun(spiral_tui("--record", str(path), "--seed", "1"), cols=COLS, rows=ROWS)
    assert proc.wait_for(b"NETWORK", 120), bytes(proc.output[-300:])
    proc.send(b"q")
    assert proc.finish(timeout=30) == 0
    header, events = read_cast(str(path))
    assert (header["width"], header["height"], header["title"]) == (COLS, ROWS, "spiral-tui")
    text = "\n".join(replay(path).display)
    assert "NETWORK" in text and "OUTPUT" in text and "seed 1" in text
