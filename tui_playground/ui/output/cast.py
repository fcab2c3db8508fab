"""CastWriter: an asciinema v2 recording written as it goes. No Textual.

A v2 cast is one JSON header line (version, width, height, timestamp, title,
env) and then one JSON line per event, `[seconds, "o", text]` for output and
`[seconds, "r", "COLSxROWS"]` for a resize, seconds from the start.
Each line is written whole and flushed at once, so a crash or Ctrl-C leaves a
file that plays up to that moment. Like `asciinema rec -i`, a silence longer
than `idle_limit` seconds counts as `idle_limit` in the file.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

IDLE_LIMIT = 1.0
_write = os.write  # one place for every write (a test stands a full disk in for it)


class CastPathError(ValueError):
    """The cast cannot be written where asked (one line, for the user)."""


def check_writable(path: str) -> None:
    """Raise CastPathError unless a file can be created (or replaced) at `path`
    (exports.check_output: folders, devices, read-only files and folders refused)."""
    from ...files.exports import OutputError, check_output

    try:
        check_output(path)
    except OutputError as exc:
        raise CastPathError(f"cannot record to {path}: {exc}") from None


class CastWriter:
    """Writes `path` as events come. Times come from `clock` (monotonic
    seconds); the header's timestamp is the wall time of the start."""

    def __init__(self, path: str, width: int, height: int, *, title: str | None = None,
                 environ=os.environ, idle_limit: float | None = IDLE_LIMIT, clock=time.monotonic,
                 timestamp: int | None = None) -> None:
        check_writable(path)
        try:
            self._fd: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise CastPathError(f"cannot record to {path}: {exc.strerror or exc}") from None
        self.path = path
        self.error: str | None = None  # why the recording stopped early (a full disk), once it has
        self._size = 0  # bytes of whole lines in the file
        self.width, self.height = int(width), int(height)
        self._clock = clock
        self._idle = idle_limit
        self._last = clock()  # real time of the last event (or the start)
        self._time = 0.0  # the file's time of the last event, silences capped
        header: dict[str, Any] = {"version": 2, "width": int(width), "height": int(height),
                  "timestamp": int(time.time() if timestamp is None else timestamp)}
        if idle_limit is not None:
            header["idle_time_limit"] = idle_limit
        if title:
            header["title"] = title
        header["env"] = {k: environ[k] for k in ("TERM", "SHELL") if environ.get(k)}
        self._line(header)
        if self.error:  # the disk was full from the start: nothing to record into
            raise CastPathError(f"cannot record to {path}: {self.error.rsplit(': ', 1)[-1]}")

    @property
    def closed(self) -> bool:
        return self._fd is None

    def _line(self, value) -> None:
        if self._fd is None:
            return
        # One write per line, straight to the file: an interrupted recording ends on a whole line.
        data = (json.dumps(value, ensure_ascii=False) + "\n").encode("utf-8", "surrogatepass")
        try:
            view = memoryview(data)
            while view:
                view = view[_write(self._fd, view):]
        except OSError as exc:  # a full disk: stop recording, keep the file valid to its last whole event
            self._stop(f"recording stopped: can't write {self.path}: {exc.strerror or exc}")
            return
        self._size += len(data)

    def _stop(self, reason: str) -> None:
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, self._size)
        except OSError:
            pass
        self.close()
        self.error = reason

    def _now(self) -> float:
        now = self._clock()
        gap = max(0.0, now - self._last)
        self._last = now
        self._time += gap if self._idle is None else min(gap, self._idle)
        return round(self._time, 6)

    def output(self, text: str) -> None:
        """What the program wrote to the terminal."""
        if text:
            self._line([self._now(), "o", text])

    def resize(self, width: int, height: int) -> None:
        """The terminal is now `width` x `height`."""
        self._line([self._now(), "r", f"{int(width)}x{int(height)}"])

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "CastWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_cast(path: str) -> tuple[dict, list[list]]:
    """(header, events) of a v2 cast; ValueError if it is not one."""
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().split("\n") if line.strip()]
    if not lines:
        raise ValueError(f"{path}: empty")
    header = json.loads(lines[0])
    if not isinstance(header, dict) or header.get("version") != 2:
        raise ValueError(f"{path}: not an asciinema v2 cast")
    events = [json.loads(line) for line in lines[1:]]
    for e in events:
        if not (isinstance(e, list) and len(e) == 3 and isinstance(e[0], (int, float))
                and e[1] in ("o", "i", "r", "m") and isinstance(e[2], str)):
            raise ValueError(f"{path}: bad event {e!r}")
    return header, events
