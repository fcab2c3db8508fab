"""Reading a file the user named: only a regular file, and only up to a size.

A FIFO would block the reader forever, `/dev/zero` would fill the memory, a
directory or a terminal is a mistake: all are refused in one line before a
byte is read. The size is checked before reading (and the read itself stops
one byte past the limit, in case the file grows meanwhile).
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO


class UnreadableFile(ValueError):
    """A path that is not a readable regular file of a sane size; the message is
    one line without the path (callers put it in front)."""


def kind_of(mode: int) -> str | None:
    """'a directory', 'a FIFO', ... for a stat mode that is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def size_text(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Raises UnreadableFile."""
    fd = _open_checked(path, limit)
    try:
        data = _read_at_most(fd, limit + 1)
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnreadableFile(f"the file is over {size_text(limit)}, the most that can be read")
    return data


def open_regular_file(path: str | os.PathLike[str], limit: int) -> BinaryIO:
    """A regular file of at most `limit` bytes, open for reading (line by line:
    the caller reads no more than `limit`). Raises UnreadableFile."""
    return os.fdopen(_open_checked(path, limit), "rb")


def _open_checked(path: str | os.PathLike[str], limit: int) -> int:
    """A blocking descriptor on a regular file of at most `limit` bytes."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
    except ValueError:  # a NUL character, or a name that can't be encoded
        raise UnreadableFile("not a valid file name") from None
    _check_mode(mode)  # before open: opening some devices does something (a tape rewinds)
    try:
        # O_NONBLOCK: had the path become a FIFO since, open still returns at once
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
    try:
        st = os.fstat(fd)
        _check_mode(st.st_mode)
        if st.st_size > limit:
            raise UnreadableFile(f"the file is {size_text(st.st_size)}; at most {size_text(limit)} can be read")
        os.set_blocking(fd, True)
    except OSError as exc:
        os.close(fd)
        raise UnreadableFile(exc.strerror or str(exc)) from None
    except UnreadableFile:
        os.close(fd)
        raise
    return fd


def _check_mode(mode: int) -> None:
    kind = kind_of(mode)
    if kind:
        raise UnreadableFile(f"is {kind}, not a regular file")


def _read_at_most(fd: int, n: int) -> bytes:
    chunks, left = [], n
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
