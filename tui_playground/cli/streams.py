"""The standard streams under hostile redirections: closed (`>&-`, `2>&-`),
full (`> /dev/full`, a disk that fills), or unable to encode (`PYTHONIOENCODING=ascii`).

A closed descriptor gets /dev/null in its place before anything is opened:
otherwise the first file a command opens takes number 1 or 2 and the command's
own output or errors land inside it. Which ones were closed is kept, so that a
command whose results go to stdout refuses to run for nobody, and the app
still says that it has no terminal.
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import contextmanager

CLOSED: set[int] = set()  # of 0, 1, 2: closed when the command started


def reopen_closed() -> set[int]:
    """Put /dev/null on every closed standard descriptor (and a text stream on
    sys.stdin/stdout/stderr where Python left None); returns the closed ones."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        CLOSED.add(fd)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, "r" if fd == 0 else "w", closefd=False))  # noqa: SIM115 (lives all run)
    return set(CLOSED)


def encode_safely() -> None:
    """Characters the stream's encoding lacks (R², a seed's accents under
    PYTHONIOENCODING=ascii) are written as backslash escapes, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a detached or closed stream: nothing to protect
                pass


def can_encode(text: str, stream=None) -> bool:
    """Whether `stream` (stdout) can write `text` as it is."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def tell(line: str) -> None:
    """One line on stderr, or nothing when stderr itself can't be written (`2>/dev/full`)."""
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


class StdoutError(OSError):
    """Standard output could not take the results (full, or an I/O error)."""


@contextmanager
def writing_stdout():
    """Around what writes the results to stdout: a failure there (not a closed
    pipe, which main takes as `| head`) becomes StdoutError."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutError(exc.errno, exc.strerror or str(exc)) from None


def discard_stdout() -> None:
    """Send what stdout still holds, and anything more, to /dev/null."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
