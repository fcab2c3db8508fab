"""ScreenDiff: send only the cells that change. Plain text, no Textual.

Textual repaints a changed part of a row from the left edge of the widget that
holds it, and styles every run of text afresh. For a live terminal that is
fine; a recording keeps every byte. ScreenDiff keeps a model of the screen
(character and attributes of every cell, as it has sent them) and forwards only
cells whose character or attributes differ, each with the shortest colour codes
(sgr.transition) and a cursor move only where a skipped cell left a gap.

Exactness: the terminal ends up with the same cells as without the filter.
Anything the model does not understand (erases, scrolling, screen switches,
a line feed on the last row) goes through as it is, after the cursor and the
attributes are made right, and the model forgets what it knew. Mode changes
that do not touch cells (hide the cursor, mouse and paste modes, queries) pass
through. At the end of each write the cursor is where the program left it.
After a resize the model starts afresh.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

from .sgr import Attrs, Unreadable, apply_sgr, transition

_TOKEN = re.compile(
    r"\x1b\[([0-9;:<=>?$]*)([ -/]*)([@-~])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[^\[\]]"  # other ESC sequences
    r"|([^\x00-\x1f\x7f]+)"  # printable text
    r"|([\x00-\x1f\x7f])"  # one control character
)
# Private modes that switch or resize the screen (the model is then unknown).
_SCREEN_MODES = {"3", "5", "6", "47", "1047", "1049"}
UNKNOWN = None  # a cell whose content the model does not know
_WRAP = -1  # the terminal's cursor after the last column: waiting to wrap


class ScreenDiff:
    """Call with each string written to the terminal, in order; send what it
    returns instead. One per terminal of `width` x `height` cells."""

    def __init__(self, width: int, height: int) -> None:
        self.resize(width, height)
        self._desired: Attrs | None = {}  # attributes the stream asked for
        self._actual: Attrs | None = None  # attributes the terminal has (None: unknown)

    def resize(self, width: int, height: int) -> None:
        """The terminal is now `width` x `height`: forget what it shows."""
        self.width, self.height = max(1, width), max(1, height)
        self._cells: list[list] = [[UNKNOWN] * self.width for _ in range(self.height)]
        self._x = self._y = 0  # the stream's cursor
        self._real: tuple[int, int] | None = None  # the terminal's cursor (None: unknown)
        # The stream's cursor is unknown (after a tab, a relative move, an
        # erase...): everything goes through as it is until an absolute move.
        self._lost = False
        self._moved = False  # whether the stream has moved its cursor since (text, moves, line feeds)

    def forget(self) -> None:
        for row in self._cells:
            row[:] = [UNKNOWN] * self.width

    # ---- output helpers ------------------------------------------------------

    def _move(self, out: list[str]) -> None:
        """Put the terminal's cursor where the stream's is."""
        if self._x >= self.width and self._real == (_WRAP, self._y):
            return  # already there, waiting to wrap
        if self._real != (self._x, self._y):
            out.append(f"\x1b[{self._y + 1};{self._x + 1}H")
            self._real = (self._x, self._y)

    def _settle(self, out: list[str]) -> None:
        if self._desired is not None and self._actual != self._desired:
            out.append(f"\x1b[{transition(self._actual, self._desired)}m")
            self._actual = dict(self._desired)

    def _passthrough(self, raw: str, out: list[str], *, changes_cells: bool, moves: bool = True) -> None:
        """A sequence the model does not follow: send it from the right place
        with the right attributes. `changes_cells`: the model forgets the
        screen; `moves`: the cursor may move (to where, the model can't tell)."""
        if not self._lost:
            self._move(out)
        self._settle(out)
        out.append(raw)
        if moves:
            self._real = None
            self._lost = True
        if changes_cells:
            self.forget()

    # ---- the stream ------------------------------------------------------------

    def _text(self, text: str, out: list[str]) -> None:
        if self._lost:
            self._passthrough(text, out, changes_cells=False)
            return
        key = None if self._desired is None else tuple(sorted(self._desired.items()))
        for ch in text:
            if self._x >= self.width and self._real == (_WRAP, self._y) and not self._lost:
                self._settle(out)  # the terminal wraps it, as it would unfiltered
                out.append(ch)
                self._real, self._lost = None, True
                self.forget()
                continue
            if self._lost or get_character_cell_size(ch) != 1 or key is None or self._x >= self.width:
                # wide or zero-width, unknown attributes, past the edge: as it is,
                # and what it covers is unknown until the next absolute move
                self._passthrough(ch, out, changes_cells=True)
                continue
            row = self._cells[self._y]
            cell = (ch, key)
            last = self._x == self.width - 1
            if row[self._x] != cell or last:  # the last column is always sent: it sets up the wrap
                self._move(out)
                self._settle(out)
                out.append(ch)
                row[self._x] = cell
                self._real = (_WRAP, self._y) if last else (self._x + 1, self._y)
            self._x += 1
            self._moved = True

    def _control(self, ch: str, out: list[str]) -> None:
        if ch == "\x07":
            out.append(ch)  # the bell touches nothing
        elif self._lost:
            self._passthrough(ch, out, changes_cells=False)
        elif ch == "\r":
            self._x, self._moved = 0, True
        elif ch == "\n" and self._y < self.height - 1:
            self._y, self._moved = self._y + 1, True
        elif ch == "\b" and 0 < self._x < self.width:
            self._x, self._moved = self._x - 1, True
        else:  # a line feed that scrolls, a tab, ...: the terminal knows best
            self._passthrough(ch, out, changes_cells=True)

    def _csi(self, params: str, inter: str, final: str, raw: str, out: list[str]) -> None:
        private = params[:1] in ("<", "=", ">", "?")
        if final == "m" and not inter and not private:
            try:
                if self._desired is None and (params.split(";")[0].lstrip("0") if params else ""):
                    raise Unreadable(params)
                self._desired = apply_sgr(self._desired or {}, params)
            except Unreadable:
                self._passthrough(raw, out, changes_cells=False)
                self._actual = self._desired = None
            return
        if final in "Hf" and not inter and not private:
            parts = (params.split(";") + ["", ""])[:2]
            row, col = (int(p) if p.isdigit() and int(p) > 0 else 1 for p in parts)
            if row > self.height or col > self.width:  # off the model: the terminal knows best
                self._passthrough(raw, out, changes_cells=True)
                return
            self._y, self._x, self._moved = row - 1, col - 1, True
            if self._lost:  # found again; what was written meanwhile is unknown
                self._lost = False
                self.forget()
            return
        if private and final in "hl" and not inter:
            # as it is, from wherever the cursor is: 1049 saves the cursor, and the
            # shell's prompt must come back where it was; but where the stream has
            # moved the cursor (a line feed first), the terminal's goes there first
            screen = set(params[1:].split(";")) & _SCREEN_MODES
            if screen and self._moved and not self._lost:
                self._move(out)
            out.append(raw)
            if screen:
                self.forget()
                self._real, self._lost = None, True
            return
        if private or (inter == "$" and final == "p") or final in "cn":
            out.append(raw)  # queries and keyboard modes: no cell changes
            return
        self._passthrough(raw, out, changes_cells=True)  # erase, scroll, relative moves...

    def __call__(self, data: str) -> str:
        out: list[str] = []
        for m in _TOKEN.finditer(data):
            params, inter, final, text, control = m.groups()
            if text is not None:
                self._text(text, out)
            elif control is not None:
                self._control(control, out)
            elif final is not None:
                self._csi(params or "", inter or "", final, m.group(), out)
            elif m.group().startswith("\x1b]"):  # OSC: a title, a colour query...
                out.append(m.group())
            else:  # ESC 7 / 8 (cursor and attributes), ESC c...: the model can't follow
                self._passthrough(m.group(), out, changes_cells=True)
                self._actual = self._desired = None
        if not self._lost:
            self._move(out)  # leave the cursor where the program put it
        return "".join(out)
