"""Run spiral-tui in a pseudo-terminal (tests of what reaches a real terminal).

`PtyRun` forks the command onto a new pty of a given size, collects what it
writes, and can wait for text, type keys, send signals and wait for the exit.
Standard library only (pty, os, select); Linux and macOS.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

ALT_SCREEN_OFF = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"  # Textual turns every mouse mode off with it (then 1003, 1015, 1006)


class PtyRun:
    def __init__(self, args: list[str], *, cols: int = 120, rows: int = 40, env: dict | None = None) -> None:
        self.output = bytearray()
        self.status: int | None = None
        pid, fd = pty.fork()
        if pid == 0:  # the child: exec the command on the pty
            try:
                os.execvpe(args[0], args, {**os.environ, "TERM": "xterm-256color", **(env or {})})
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def read(self, timeout: float) -> bool:
        """Read what is there within `timeout`; False at the end of output."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.output += chunk
        return bool(chunk)

    def wait_for(self, text: bytes, timeout: float = 60.0) -> bool:
        """Until `text` has been written after what was there (True), or timeout."""
        start = len(self.output)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output[max(0, start - len(text)):]:
                return True
            if not self.read(0.05):
                return text in self.output[start:]
        return False

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def signal(self, sig: int) -> None:
        os.kill(self.pid, sig)

    def finish(self, timeout: float = 30.0) -> int:
        """Read to the end and reap the child: its exit code (-N if killed by signal N)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                while self.read(0.05):
                    pass
                self.status = status
                break
            self.read(0.05)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            raise AssertionError(f"still running after {timeout} s; wrote: {bytes(self.output[-400:])!r}")
        self.final_modes = termios.tcgetattr(self.fd)  # as the child left the terminal
        os.close(self.fd)
        return os.waitstatus_to_exitcode(self.status)

    def terminal_modes(self) -> list:
        """The pty's termios (lflag at [3]): now, or as left at the exit."""
        return termios.tcgetattr(self.fd) if self.status is None else self.final_modes


def spiral_tui(*args: str) -> list[str]:
    """The command line of `spiral-tui args` in this interpreter."""
    return [sys.executable, "-c", "import sys; from tui_playground.cli import main; sys.exit(main())", *args]
