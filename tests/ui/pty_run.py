"""Run a command in a pseudo-terminal of a given size, as a user's terminal
would: its output is read (and dropped) so it never blocks."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time


def winsize(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class PtyProcess:
    def __init__(self, argv: list[str], cols: int = 120, rows: int = 40, env: dict | None = None) -> None:
        env = dict(os.environ if env is None else env, TERM="xterm-256color", COLORTERM="truecolor")
        env.pop("ASCIINEMA_REC", None)  # as in a plain terminal, unless a test sets it
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child: session leader with the pty as its terminal
            winsize(0, cols, rows)
            try:
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        winsize(self.fd, cols, rows)
        self.output = bytearray()
        self.status: int | None = None

    def pump(self, seconds: float) -> bool:
        """Read output for up to `seconds`; False once the terminal is closed."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return False
                if not data:
                    return False
                self.output += data
        return True

    def wait(self, timeout: float) -> int:
        """Exit code once the process ends (killed after `timeout` seconds)."""
        end = time.monotonic() + timeout
        while self.status is None:
            open_ = self.pump(0.1)
            got, status = os.waitpid(self.pid, os.WNOHANG)
            if got:
                self.status = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > end:
                self.kill()
                raise AssertionError(f"still running after {timeout} s")
            elif not open_:
                time.sleep(0.02)
        os.close(self.fd)
        return self.status

    def kill(self, sig: int = signal.SIGKILL) -> None:
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass
