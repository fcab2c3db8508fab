"""SGR attributes (colours, bold, ...): what a code sets, and the shortest code
from one set of attributes to another. Plain text, no Textual.

Textual styles every run of text on its own: `ESC[38;2;r;g;b;48;2;r;g;bm`
before it, `ESC[0m` after it, even when the next run has the same colours.
ScreenDiff (screen_diff.py) keeps the terminal's attributes with `apply_sgr`
and sends `transition(actual, desired)`: no reset followed by the same colours
again, no background sent twice. A code it cannot read (e.g. with ':' sub-
parameters) raises Unreadable: it then goes through as it is.
"""

from __future__ import annotations

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
