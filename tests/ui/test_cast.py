"""CastWriter: asciinema v2 files, written as they go."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tui_playground.ui.output.cast import CastPathError, CastWriter, check_writable, read_cast


class Clock:
    def __init__(self):
        self.t = 50.0

    def __call__(self):
        return self.t


def test_header_and_events_relative_to_the_start(tmp_path):
    clock, path = Clock(), tmp_path / "a.cast"
    with CastWriter(str(path), 120, 40, title="tour", clock=clock, timestamp=1700000000,
                    environ={"TERM": "xterm-256color", "SHELL": "/bin/zsh", "HOME": "/x"}) as cast:
        clock.t += 0.25
        cast.output("\x1b[1;1Hhello ▀")
        clock.t += 0.5
        cast.output("world")
    header, events = read_cast(str(path))
    assert header == {"version": 2, "width": 120, "height": 40, "timestamp": 1700000000,
                      "idle_time_limit": 1.0, "title": "tour",
                      "env": {"TERM": "xterm-256color", "SHELL": "/bin/zsh"}}
    assert events == [[0.25, "o", "\x1b[1;1Hhello ▀"], [0.75, "o", "world"]]


def test_silences_longer_than_the_idle_limit_are_cut_to_it(tmp_path):
    clock, path = Clock(), tmp_path / "a.cast"
    with CastWriter(str(path), 80, 24, clock=clock, idle_limit=1.0) as cast:
        for gap in (0.5, 30.0, 0.2, 1.5):
            clock.t += gap
            cast.output("x")
    times = [e[0] for e in read_cast(str(path))[1]]
    assert times == pytest.approx([0.5, 1.5, 1.7, 2.7])


def test_resizes_are_r_events_in_order(tmp_path):
    clock, path = Clock(), tmp_path / "a.cast"
    with CastWriter(str(path), 80, 24, clock=clock) as cast:
        cast.output("a")
        clock.t += 0.1
        cast.resize(100, 30)
        cast.output("b")
    events = read_cast(str(path))[1]
    assert [e[1:] for e in events] == [["o", "a"], ["r", "100x30"], ["o", "b"]]


def test_each_event_is_on_disk_before_the_next_write(tmp_path):
    path = tmp_path / "a.cast"
    cast = CastWriter(str(path), 80, 24)
    cast.output("first")
    lines = path.read_text().splitlines()  # read while the writer is still open
    assert len(lines) == 2 and json.loads(lines[1])[2] == "first"
    cast.close()


def test_a_killed_recorder_leaves_a_valid_cast(tmp_path):
    path = tmp_path / "killed.cast"
    code = ("import sys, itertools\n"
            "from tui_playground.ui.output.cast import CastWriter\n"
            "w = CastWriter(sys.argv[1], 80, 24)\n"
            "for i in itertools.count():\n"
            "    w.output('line %d \\u2580\\x1b[0m\\r\\n' % i)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)])
    try:
        for _ in range(500):  # until a good number of events are written
            if path.exists() and path.stat().st_size > 20_000:
                break
            time.sleep(0.01)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    header, events = read_cast(str(path))
    assert header["width"] == 80 and len(events) > 100
    assert [e[2] for e in events[:2]] == ["line 0 ▀\x1b[0m\r\n", "line 1 ▀\x1b[0m\r\n"]


def test_asciinema_reads_our_casts(tmp_path):
    path = tmp_path / "a.cast"
    with CastWriter(str(path), 80, 24) as cast:
        cast.output("\x1b[31mred\x1b[0m ")
        cast.resize(90, 30)
        cast.output("and ▀ done")
    out = subprocess.run([sys.executable, "-m", "asciinema", "cat", str(path)], capture_output=True, check=True).stdout
    assert out.decode() == "\x1b[31mred\x1b[0m and ▀ done"


def test_unwritable_paths_are_refused_up_front(tmp_path):
    with pytest.raises(CastPathError, match="does not exist"):
        check_writable(str(tmp_path / "missing" / "a.cast"))
    with pytest.raises(CastPathError, match="is a directory"):
        CastWriter(str(tmp_path), 80, 24)
    check_writable(str(tmp_path / "fine.cast"))
    assert not os.path.exists(tmp_path / "fine.cast")  # checking creates nothing


@pytest.fixture
def full_disk_after(monkeypatch):
    """Writes fail with ENOSPC once `limit` bytes are in (a disk filling up)."""
    import errno

    from tui_playground.ui.output import cast as cast_module

    def install(limit: int):
        written = [0]

        def write(fd, data):
            if written[0] + len(data) > limit:
                cut = max(0, limit - written[0])  # a real disk takes what fits, then refuses
                if cut:
                    written[0] += os.write(fd, bytes(data[:cut]))
                    return cut
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            written[0] += len(data)
            return os.write(fd, data)

        monkeypatch.setattr(cast_module, "_write", write)
    return install


def test_a_disk_that_fills_stops_the_recording_on_a_whole_event(tmp_path, full_disk_after):
    """Issue 25: the app froze, then an OSError traceback left the terminal raw."""
    full_disk_after(2000)
    path = tmp_path / "t.cast"
    cast = CastWriter(str(path), 80, 24, clock=iter(range(10_000)).__next__)
    for k in range(100):
        cast.output(f"frame {k} " + "x" * 40)
    assert cast.closed and cast.error == f"recording stopped: can't write {path}: No space left on device"
    header, events = read_cast(str(path))  # valid up to its last whole event
    assert 0 < len(events) < 100 and path.read_bytes().endswith(b"\n")
    assert [e[2] for e in events] == [f"frame {k} " + "x" * 40 for k in range(len(events))]
    cast.output("after")  # nothing more, no error
    cast.resize(100, 30)
    assert read_cast(str(path))[1] == events


def test_a_disk_full_from_the_start_is_refused_before_the_app(tmp_path, full_disk_after):
    full_disk_after(0)
    with pytest.raises(CastPathError, match="No space left on device"):
        CastWriter(str(tmp_path / "t.cast"), 80, 24)


async def test_the_app_says_the_recording_stopped_and_goes_on(tmp_path, full_disk_after, config):
    from ui_helpers import notifications, wait_ready, wait_until

    from tui_playground.ui.app import make_app
    from tui_playground.ui.output.recording import OutputPipe
    from tui_playground.ui.playground.screen import PlaygroundScreen

    pipe = OutputPipe(cast=CastWriter(str(tmp_path / "t.cast"), 80, 24))
    full_disk_after(500)
    app = make_app(config, pipe=pipe)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        for _ in range(20):  # what the driver would send (a test runs headless, without the pipe)
            pipe("\x1b[H" + "y" * 50)
        await wait_until(pilot, lambda: any("recording stopped" in n.message for n in notifications(app)))
        assert isinstance(app.screen, PlaygroundScreen) and app.is_running
    assert pipe.close() == f"recording stopped: can't write {tmp_path / 't.cast'}: No space left on device"
    read_cast(str(tmp_path / "t.cast"))
