"""Leave the terminal as it was when the process is told to stop.

`q` exits through Textual, which restores the terminal (main screen, mouse
tracking off, cooked mode). SIGTERM (`timeout`, a process manager) and SIGHUP
(the SSH window closed) would kill the process with the terminal raw, on the
alternate screen, mouse tracking on (and `kill -INT` took seconds: in raw
mode ctrl+c is a key, not this signal). Here they ask the app to exit the
same way `q` does, with the shell's exit code for that signal (128 + its number).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from functools import partial

from textual.app import App

SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)  # SIGINT: `kill -INT` (ctrl+c is a key here)
GRACE_SECONDS = 5.0  # how long a clean exit may take before the process ends anyway
# What Textual's exit would have sent: main screen, mouse tracking off, cursor shown.
RESTORE = b"\x1b[?1049l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?25h"


def exit_on_signals(app: App) -> None:
    """From now on SIGTERM, SIGHUP and SIGINT end `app` cleanly (call it in on_mount),
    and after a stop (ctrl+z, SIGTSTP) and `fg` the whole screen is drawn again."""
    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        loop.add_signal_handler(sig, partial(_exit, app, sig))
    app.app_resume_signal.subscribe(app, _repaint)


def _repaint(app: App) -> None:
    """Back from a stop, the terminal shows the shell's screen: Textual sends only
    what changes, so a paused app stayed blank until a key. Everything is sent
    again (an output filter forgets what it thought the terminal showed)."""
    pipe = getattr(app, "pipe", None)
    if pipe is not None:
        pipe.forget()
    app.refresh(repaint=True, layout=True)


def _exit(app: App, sig: signal.Signals) -> None:
    app.exit(return_code=128 + sig)
    # A clean exit can stall when the terminal is already gone (its writes fail
    # mid-shutdown): a stop signal must still stop the process.
    timer = threading.Timer(GRACE_SECONDS, _force_exit, args=(128 + sig,))
    timer.daemon = True
    timer.start()


def _force_exit(code: int) -> None:
    try:
        os.write(2, RESTORE)  # best effort: the terminal may be gone
    except OSError:
        pass
    os._exit(code)
