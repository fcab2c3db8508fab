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
import signal
from functools import partial

from textual.app import App

SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)  # SIGINT: `kill -INT` (ctrl+c is a key here)


def exit_on_signals(app: App) -> None:
    """From now on SIGTERM, SIGHUP and SIGINT end `app` cleanly (call it in on_mount)."""
    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        loop.add_signal_handler(sig, partial(_exit, app, sig))


def _exit(app: App, sig: signal.Signals) -> None:
    app.exit(return_code=128 + sig)
