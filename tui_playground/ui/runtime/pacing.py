"""Frame pacing and training slices: plain arithmetic, no Textual.

The training thread asks `FramePacer.due()` before building a picture; the app
reports each painted frame's bytes with `sent()`. Frames then come no faster
than the fps cap and, on average, no faster than the byte budget allows: a
frame that cost B bytes delays the next by B / budget seconds (counted from
when it was on screen; the fps interval counts from when it was built).

A frame's bytes can reach the terminal after `sent()` was told (Textual writes
from its own thread), and other output (titles, key echoes, dialogs) costs
bytes too. So the pacer can also watch the app's running byte count: a leaky
bucket drained at the budget, and no new frame while it holds more than
BURST_S seconds' worth. That keeps the average honest whatever the timing.

`TerminalPacer` is the one pacer an app's screens share (main screen, gallery,
tour): it counts what the driver writes and holds the frame handshake.

A budget is only a guess of the link's speed (1 MB/s unless SSH or --max-kbps
says otherwise). On a slower link, frames queue up between the app and the
terminal, and a key like q waits for all of them to drain. So the pacer also
looks at what is really still on its way (`backed_up`): Textual's writer
queue, and the tty's own output queue (TIOCOUTQ). No new frame is built while
either holds more than a little, which bounds what q has to wait for to about
one frame, whatever the link.
"""

from __future__ import annotations

import fcntl
import os
import struct
import termios
import threading
import time
from dataclasses import dataclass
from typing import Callable

from ..output.recording import LIVE, DisplayProfile

LOCAL_BYTES_PER_S = 1_000_000
SSH_BYTES_PER_S = 100_000
LOCAL_FPS = 15.0
SSH_FPS = 10.0
FLIGHT_TIMEOUT = 1.0
BURST_S = 0.2  # seconds of budget the bucket may hold before frames wait
TTY_QUEUE_MAX = 4096  # bytes the tty may still hold (not yet read by the terminal) when a frame is built


def byte_budget(max_kbps: float | None, environ=os.environ) -> tuple[float, float]:
    """(bytes/s, fps cap) for this terminal: `max_kbps` wins, then SSH, then local."""
    over_ssh = bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))
    fps = SSH_FPS if over_ssh else LOCAL_FPS
    if max_kbps is not None:
        return max_kbps * 1000.0, fps
    return (SSH_BYTES_PER_S if over_ssh else LOCAL_BYTES_PER_S), fps


class FramePacer:
    """When the next frame may be drawn. Thread-safe (a frame is built on the
    training thread, its bytes are counted on the UI thread)."""

    def __init__(self, bytes_per_s: float, fps: float, clock=time.monotonic, total_bytes=None, backed_up=None):
        """total_bytes: () -> bytes written to the terminal so far (optional);
        backed_up: () -> True while earlier output is still on its way (optional)."""
        self.backed_up = backed_up
        self.bytes_per_s = bytes_per_s
        self.interval = 1.0 / fps
        self._clock = clock
        self._next = 0.0
        self._in_flight: float | None = None  # when the frame in flight was built
        self._lock = threading.Lock()
        self._total = total_bytes
        self._level = 0.0  # bytes in the bucket
        self._counted = total_bytes() if total_bytes else 0
        self._drained_at = clock()

    def _bucket_low(self, now: float) -> bool:
        if self._total is None:
            return True
        written = self._total()
        drained = (now - self._drained_at) * self.bytes_per_s
        self._level = max(0.0, self._level - drained) + (written - self._counted)
        self._counted, self._drained_at = written, now
        return self._level <= BURST_S * self.bytes_per_s

    def due(self) -> bool:
        """True (and the frame is then in flight) if a frame may be built now.
        A frame never reported as sent stops blocking after FLIGHT_TIMEOUT."""
        with self._lock:
            now = self._clock()
            stuck = self._in_flight is not None and now - self._in_flight > FLIGHT_TIMEOUT
            if (self._in_flight is not None and not stuck) or now < self._next:
                return False
            if not self._bucket_low(now):
                return False
            if self.backed_up is not None and self.backed_up():
                return False
            self._in_flight = now
            return True

    def sent(self, nbytes: int) -> None:
        """The frame in flight is on screen and cost `nbytes`."""
        with self._lock:
            now = self._clock()
            built = self._in_flight if self._in_flight is not None else now
            self._next = max(built + self.interval, now + nbytes / self.bytes_per_s)
            self._in_flight = None

    def recount(self) -> None:
        """The byte count starts afresh from here (its source changed)."""
        with self._lock:
            self._counted = self._total() if self._total else 0

    def wait(self) -> float:
        """Seconds until a frame may be due (0 if one may be now)."""
        with self._lock:
            return 0.005 if self._in_flight is not None else max(0.0, self._next - self._clock())


class TerminalPacer:
    """Frames of one app, paced by its fps cap and byte budget, counted in the
    bytes its driver really writes. Workers ask `due()` (any thread); the UI
    draws a frame with `present()`, which reports the frame's bytes.

    `profile` (recording.py) holds the settings every screen and view of the
    app reads: frame rate and budget, how often numbers change, shades, how
    many cells a frame may repaint. --max-kbps wins over the profile's budget."""

    def __init__(self, max_kbps: float | None = None, environ=os.environ, profile: DisplayProfile = LIVE) -> None:
        self.profile = profile
        self._written = 0
        self._pipe = None  # the driver's OutputPipe, when it has one: it counts
        budget, fps = byte_budget(max_kbps, environ)
        if max_kbps is None and profile.bytes_per_s is not None:
            budget = profile.bytes_per_s
        self.frames = FramePacer(budget, profile.fps or fps, total_bytes=lambda: self.bytes_written)

    @property
    def bytes_written(self) -> int:
        return self._pipe.bytes_out if self._pipe is not None else self._written

    def attach(self, app) -> None:
        """Count what `app`'s driver writes (not in headless tests: no terminal)."""
        driver = app._driver
        if driver is None or app.is_headless:
            return
        self.frames.backed_up = backlog_probe(driver)
        pipe = getattr(driver, "pipe", None)
        if pipe is not None:  # a piped driver (recording.py) counts what really goes out
            self._pipe = pipe
            self.frames.recount()
            return
        write = driver.write

        def counting_write(data: str) -> None:
            self._written += len(data.encode("utf-8", "replace"))
            write(data)

        driver.write = counting_write  # type: ignore[method-assign]

    def due(self) -> bool:
        return self.frames.due()

    def wait(self) -> float:
        return self.frames.wait()

    def present(self, node, draw: Callable[[], None]) -> None:
        """Draw a frame now (UI thread); once it is on screen its bytes pace the next."""
        mark = self.bytes_written
        draw()
        node.call_after_refresh(lambda: self.frames.sent(self.bytes_written - mark))


def backlog_probe(driver) -> Callable[[], bool] | None:
    """() -> True while output is still on its way to the terminal: writes
    queued in Textual's writer thread, or more than TTY_QUEUE_MAX bytes in the
    tty's output queue (not yet read by the terminal: a slow link). None when
    neither can be seen (another driver)."""
    queue = getattr(getattr(driver, "_writer_thread", None), "_queue", None)  # Textual's (no public API)
    try:
        fd = driver._file.fileno()
        _tty_queue(fd)
    except (AttributeError, OSError, ValueError):
        fd = None
    if queue is None and fd is None:
        return None

    def backed_up() -> bool:
        if queue is not None and queue.qsize() > 0:
            return True
        try:
            return fd is not None and _tty_queue(fd) > TTY_QUEUE_MAX
        except OSError:
            return False
    return backed_up


def _tty_queue(fd: int) -> int:
    """Bytes written to tty `fd` that the terminal has not read yet."""
    return struct.unpack("i", fcntl.ioctl(fd, termios.TIOCOUTQ, b"\0\0\0\0"))[0]


# Speed levels: epochs per frame; None is flat out.
SPEEDS: tuple[int | None, ...] = (1, 2, 5, 10, 25, 100, None)


@dataclass
class SliceSizer:
    """How many epochs fit in one ~20 ms training slice, from measured speed."""

    target_s: float = 0.02
    epochs: int = 1
    max_epochs: int = 10_000

    def update(self, done: int, seconds: float) -> int:
        if done > 0 and seconds > 0:
            rate = done / seconds
            wanted = int(rate * self.target_s)
            # grow gently (timing noise), shrink at once (stay responsive)
            self.epochs = max(1, min(self.max_epochs, wanted, self.epochs * 2))
        return self.epochs


class RateMeter:
    """Epochs per second over a sliding second, for the top bar."""

    def __init__(self, window_s: float = 1.0, clock=time.monotonic):
        self._window = window_s
        self._clock = clock
        self._marks: list[tuple[float, int]] = []

    def add(self, epoch: int) -> float:
        now = self._clock()
        self._marks.append((now, epoch))
        while len(self._marks) > 2 and now - self._marks[1][0] >= self._window:
            self._marks.pop(0)
        return self.rate()

    def rate(self) -> float:
        if len(self._marks) < 2:
            return 0.0
        (t0, e0), (t1, e1) = self._marks[0], self._marks[-1]
        return (e1 - e0) / (t1 - t0) if t1 > t0 else 0.0

    def clear(self) -> None:
        self._marks.clear()
