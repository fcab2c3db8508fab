"""Being recorded: the display profile for recordings, and the output pipe that
sends only what changed and copies what the terminal gets into a cast.

asciinema sets ASCIINEMA_REC=1 in the recorded program's environment; then (or
with --demo, or --record) the app uses RECORDING: fewer frames, numbers at 3 Hz,
fewer shades, at most 12% of a view's cells repainted per frame (the most
visible changes first), and only the cells that changed sent (ScreenDiff). Live terminals keep LIVE, the classic look.

Nothing here costs anything when not recording: without a filter or a cast,
the driver class is left as Textual picks it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .cast import CastWriter
from .screen_diff import ScreenDiff

if TYPE_CHECKING:
    from textual.app import App


@dataclass(frozen=True)
class DisplayProfile:
    """How much a screen sends: the settings the pacer and the views read."""

    name: str
    bytes_per_s: float | None  # None: the terminal's budget (pacing.byte_budget)
    fps: float | None  # frame cap; None: the terminal's
    numbers_interval: float  # seconds between updates of counters and sparklines
    shade_levels: int  # distinct heatmap shades (31: all of the playground's)
    cell_share: float | None  # most of a view's cells one frame repaints (None: all)
    lean_output: bool  # send only the cells that change, with short colour codes (ScreenDiff)

    def cell_budget(self, cells: int) -> int | None:
        return None if self.cell_share is None else max(MIN_CELL_BUDGET, int(self.cell_share * cells))


MIN_CELL_BUDGET = 120  # a small view (a thumbnail, a text line) repaints whole
LIVE = DisplayProfile("live", None, None, 0.25, 31, None, False)
RECORDING = DisplayProfile("recording", 32_000, 6.0, 1 / 3, 11, 0.12, True)


def is_recorded(environ=os.environ) -> bool:
    """Whether asciinema (or a recorder that says so the same way) records us."""
    return environ.get("ASCIINEMA_REC") == "1"


def choose_profile(demo: bool = False, environ=os.environ) -> DisplayProfile:
    return RECORDING if demo or is_recorded(environ) else LIVE


class OutputPipe:
    """What the app writes, on its way to the terminal: cut to the cells that
    changed (optional), then copied into a cast (optional) and counted."""

    def __init__(self, lean: bool = False, cast: CastWriter | None = None,
                 size: tuple[int, int] | None = None) -> None:
        if size is None:
            size = (cast.width, cast.height) if cast is not None else terminal_size()
        self.filter = ScreenDiff(*size) if lean else None
        self.cast = cast
        self.bytes_out = 0
        self._size = (cast.width, cast.height) if cast is not None else None
        # told (once, from the app's thread) why the cast stopped early: the app shows it and goes on
        self.on_stop: Callable[[str], None] | None = None

    @property
    def active(self) -> bool:
        return self.filter is not None or self.cast is not None

    def __call__(self, data: str) -> str:
        if self.filter is not None:
            data = self.filter(data)
        if data and self.cast is not None and not self.cast.closed:
            self.cast.output(data)
            if self.cast.error and self.on_stop is not None:
                self.on_stop(self.cast.error)
        self.bytes_out += len(data.encode("utf-8", "replace"))
        return data

    def forget(self) -> None:
        """The terminal's contents are unknown (back from a stop): send every cell again."""
        if self.filter is not None:
            self.filter.resize(self.filter.width, self.filter.height)

    def resized(self, width: int, height: int) -> None:
        """The terminal's size now; a change goes into the cast as a resize event."""
        size = (width, height)
        if self.filter is not None and (self.filter.width, self.filter.height) != size:
            self.filter.resize(width, height)
        if self.cast is not None and not self.cast.closed and self._size is not None and size != self._size:
            self.cast.resize(width, height)
        self._size = size

    def close(self) -> str | None:
        """Close the cast; why it stopped early, if it did (one line for stderr)."""
        if self.cast is not None:
            self.cast.close()
            return self.cast.error
        return None


def piped_driver(base: type, pipe: OutputPipe) -> type:
    """A subclass of the Textual driver class `base` whose writes go through
    `pipe` first, from the very first one (alternate screen, modes)."""

    class PipedDriver(base):  # type: ignore[misc, valid-type]
        def write(self, data: str) -> None:
            data = pipe(data)
            if data:
                super().write(data)

    PipedDriver.pipe = pipe  # type: ignore[attr-defined]
    return PipedDriver


def run_piped(app: App, pipe: OutputPipe) -> int:
    """Run `app`, whose output goes through `pipe`, in this terminal; the exit
    code. The pipe is closed however the app ends (the playground's and the tour's)."""
    try:
        app.run()
    finally:
        stopped = pipe.close()
        if stopped:  # said on screen too; this line stays after the screen is gone
            print(f"spiral-tui: {stopped}", file=sys.stderr)
    return app.return_code or 0


def terminal_size(fallback: tuple[int, int] = (80, 24)) -> tuple[int, int]:
    """(columns, rows) of the terminal Textual draws on (stderr, else stdout),
    for a cast's header before the app starts."""
    for fd in (2, 1):
        try:
            size = os.get_terminal_size(fd)
            return size.columns, size.lines
        except OSError:
            continue
    return fallback
