"""Ctrl-C that is never lost by `train` and `sweep`.

Python raises KeyboardInterrupt wherever the main thread is when SIGINT's
handler runs. Inside a garbage-collector callback, a `__del__` or a weakref
callback the exception is printed as "Exception ignored in ..." and dropped:
Dask's GC diagnostics hook met it, and a sweep Ctrl-C'd just as its cluster
came up trained on to the end and exited 0 (issue 25, #8). The handler here
raises as Python's does and also notes the press (a dropped one then prints
no traceback); the long loops call
`check_ctrl_c()` (the sweep's progress and results hooks, which Dask's waiting calls
several times a second) and the command's end calls it too.

A SIGINT that is ignored when the command starts (a background job of a
non-interactive shell) stays ignored: that is what the shell asked for.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pressed = threading.Event()


def _handler(signum: int, frame: object) -> None:
    _pressed.set()
    raise KeyboardInterrupt


@contextmanager
def ctrl_c_noted() -> Iterator[None]:
    """While inside, a Ctrl-C raises KeyboardInterrupt and is remembered."""
    _pressed.clear()
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):  # ignored, or someone else's
        yield
        return
    signal.signal(signal.SIGINT, _handler)
    previous = sys.unraisablehook

    def quiet(unraisable) -> None:  # the dropped KeyboardInterrupt is noted: no traceback for it
        if not (isinstance(unraisable.exc_value, KeyboardInterrupt) and _pressed.is_set()):
            previous(unraisable)

    sys.unraisablehook = quiet
    try:
        yield
    finally:
        sys.unraisablehook = previous
        signal.signal(signal.SIGINT, signal.default_int_handler)


def check_ctrl_c() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed (its own exception may have been dropped)."""
    if _pressed.is_set():
        raise KeyboardInterrupt
