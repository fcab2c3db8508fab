"""SgrFilter: the same screen with fewer colour codes. Plain text, no Textual.

Textual styles every run of text on its own: `ESC[38;2;r;g;b;48;2;r;g;bm`
before it, `ESC[0m` after it, even when the next run has the same colours.
Most of what a recording stores is those codes. The filter keeps the terminal's
attributes as it goes and sends, just before something that shows them (text,
an erase), only what differs from the attributes already set: no reset
followed by the same colours again, no background sent twice.

What the terminal ends up showing is exactly what it would have shown
unfiltered: attributes are made right before anything that can use them, and
before any sequence the filter does not know (so also at the end of each
Textual frame, which ends with a mode change). Cursor moves don't use them and
pass straight through. A colour code it cannot read (e.g. with ':' sub-
parameters) goes through as it is, and the next change is sent in full.
"""

from __future__ import annotations

import re

# CSI sequences, other ESC sequences (OSC up to BEL/ST, or one character), text.
_TOKEN = re.compile(
    r"\x1b\[([0-9;:<=>?]*)([ -/]*)([@-~])"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[^\[\]]"
    r"|([^\x1b\r]+)"
    r"|(\r)"
    r"|(\x1b)"
)
_CURSOR_MOVES = set("HfABCDGd")  # CSI finals that only move the cursor
_COLOURS = {"38": "fg", "48": "bg", "58": "ul_colour"}
_FLAGS = {"3": "italic", "4": "underline", "5": "blink", "6": "blink", "7": "reverse",
          "8": "conceal", "9": "strike", "53": "overline"}
_OFF = {"23": ("italic",), "24": ("underline",), "25": ("blink",), "27": ("reverse",),
        "28": ("conceal",), "29": ("strike",), "55": ("overline",), "39": ("fg",),
        "49": ("bg",), "59": ("ul_colour",), "22": ("bold", "dim")}
_OFF_CODE = {"italic": "23", "underline": "24", "blink": "25", "reverse": "27", "conceal": "28",
             "strike": "29", "overline": "55", "fg": "39", "bg": "49", "ul_colour": "59"}
_ORDER = ("bold", "dim", "italic", "underline", "blink", "reverse", "conceal", "strike",
          "overline", "fg", "bg", "ul_colour")

Attrs = dict[str, str]  # attribute -> the code that sets it; absent: default


class Unreadable(ValueError):
    """An SGR this filter does not model: pass it through untouched."""


def apply_sgr(attrs: Attrs, params: str) -> Attrs:
    """The attributes after `ESC[<params>m` on top of `attrs`."""
    if ":" in params:
        raise Unreadable(params)
    codes = params.split(";") if params else ["0"]
    out = dict(attrs)
    i = 0
    while i < len(codes):
        code = codes[i].lstrip("0") or "0"
        i += 1
        if code == "0":
            out.clear()
        elif code == "1":
            out["bold"] = "1"
        elif code == "2":
            out["dim"] = "2"
        elif code in _FLAGS:
            out[_FLAGS[code]] = code
        elif code in _OFF:
            for name in _OFF[code]:
                out.pop(name, None)
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            out["fg"] = code
        elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
            out["bg"] = code
        elif code in _COLOURS:
            n = {"5": 2, "2": 4}.get(codes[i] if i < len(codes) else "")
            if n is None or i + n > len(codes):
                raise Unreadable(params)
            out[_COLOURS[code]] = ";".join([code, *codes[i : i + n]])
            i += n
        else:
            raise Unreadable(params)
    return out


def transition(actual: Attrs | None, desired: Attrs) -> str:
    """The shortest SGR parameters taking the terminal from `actual` (None:
    unknown) to `desired`: a difference, or a reset and the desired set."""
    full = ";".join(["0", *(desired[k] for k in _ORDER if k in desired)])
    if actual is None:
        return full
    parts = []
    intensity_off = any(k in actual and k not in desired for k in ("bold", "dim"))
    if intensity_off:
        parts.append("22")
    for k in _ORDER:
        if k in ("bold", "dim"):
            if k in desired and (intensity_off or k not in actual):
                parts.append(desired[k])
        elif desired.get(k) != actual.get(k):
            parts.append(desired.get(k, _OFF_CODE[k]))
    diff = ";".join(parts)
    return diff if len(diff) < len(full) else full


class SgrFilter:
    """Call with each string written to the terminal, in order; send what it
    returns instead. One per terminal (it remembers the attributes)."""

    def __init__(self) -> None:
        # What the terminal has and what the stream asked for so far; both
        # None: in step but unknown (after a code the filter cannot read).
        self._actual: Attrs | None = None
        self._desired: Attrs | None = {}

    def _settle(self, out: list[str]) -> None:
        if self._desired is not None and self._actual != self._desired:
            out.append(f"\x1b[{transition(self._actual, self._desired)}m")
            self._actual = dict(self._desired)

    def _sgr(self, params: str, raw: str, out: list[str]) -> None:
        try:
            if self._desired is None and (params.split(";")[0].lstrip("0") if params else ""):
                raise Unreadable(params)  # on top of unknown attributes: only a reset makes them known
            self._desired = apply_sgr(self._desired or {}, params)
        except Unreadable:
            self._settle(out)
            out.append(raw)
            self._actual = self._desired = None

    def __call__(self, data: str) -> str:
        out: list[str] = []
        for m in _TOKEN.finditer(data):
            params, inter, final, _text, cr, _esc = m.groups()
            private = (params or "")[:1] in ("<", "=", ">", "?")
            if final == "m" and not inter and not private:
                self._sgr(params or "", m.group(), out)
            elif cr or (final in _CURSOR_MOVES and not inter and not private):
                out.append(m.group())  # moves the cursor only: attributes can wait
            else:
                self._settle(out)
                out.append(m.group())
        return "".join(out)
