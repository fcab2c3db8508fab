"""The playground's data palette: 31 shades from orange (-1) to grey (0) to blue (+1).

`shades(values)` quantizes like the playground's d3 `quantize` scale; a
`Palette` turns shade indices into Rich colours for one terminal colour system.
Colour slots beyond the 31 shades hold the few extra colours the data views
need (points, text), so a whole cell fits in one small integer (see drawing.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rich.color import Color, ColorSystem
from rich.style import Style

NUM_SHADES = 31
ORANGE, GREY, BLUE = (0xF5, 0x93, 0x22), (0xE8, 0xEA, 0xEB), (0x08, 0x77, 0xBD)

# Extra colour slots after the shades.
POINT_NEG = 31  # a training point of class -1, darker than any shade
POINT_POS = 32
TEXT = 33  # the widget's text colour
MUTED = 34  # secondary text
ACCENT = 35  # selection / highlight
BACKGROUND = 36  # the widget's background
NUM_SLOTS = 37  # the class slots below follow

# 3 to 6 classes (drawn by classes.py): class k at strength level s is slot
# FIRST_CLASS_SLOT + k * LEVELS + s, from near grey (s = 0) to its full colour;
# the classes' point colours (darker) come after. All fit a cell's 7 bits.
# Blue and orange (the playground's two), green, purple, red, cyan: six hues far
# apart that stay six different colours in 256 colours too (tested).
CLASS_RGB: tuple[tuple[int, int, int], ...] = (
    (0x08, 0x77, 0xBD), (0xF5, 0x93, 0x22), (0x2C, 0xA0, 0x2C),
    (0x94, 0x4F, 0xC8), (0xD6, 0x27, 0x28), (0x17, 0xBE, 0xCF),
)
CLASS_ANSI16 = (4, 3, 2, 5, 1, 6)  # blue, yellow, green, magenta, red, cyan
MAX_CLASSES = len(CLASS_RGB)
LEVELS = 12  # strengths per class
FIRST_CLASS_SLOT = NUM_SLOTS
FIRST_POINT_SLOT = FIRST_CLASS_SLOT + MAX_CLASSES * LEVELS
LAST_CLASS_SLOT = FIRST_POINT_SLOT + MAX_CLASSES - 1

EXTRA_COLORS = {
    POINT_NEG: (0x9C, 0x4A, 0x00),
    POINT_POS: (0x00, 0x3A, 0x66),
}


def _lerp(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    # d3 v3 interpolateRgb rounds each channel.
    red, green, blue = (int(round(x + (y - x) * t)) for x, y in zip(a, b))
    return red, green, blue


def shade_rgb(index: int) -> tuple[int, int, int]:
    """RGB of shade `index` (0 = orange -1, 15 = grey 0, 30 = blue +1)."""
    a = index / (NUM_SHADES - 1)
    if a <= 0.5:
        return _lerp(ORANGE, GREY, a * 2)
    return _lerp(GREY, BLUE, (a - 0.5) * 2)


SHADE_RGB: tuple[tuple[int, int, int], ...] = tuple(shade_rgb(i) for i in range(NUM_SHADES))


def class_rgb(slot: int) -> tuple[int, int, int]:
    """RGB of a class slot: a strength level, or a point colour (darker)."""
    if slot >= FIRST_POINT_SLOT:
        red, green, blue = (int(c * 0.55) for c in CLASS_RGB[slot - FIRST_POINT_SLOT])
        return red, green, blue
    k, level = divmod(slot - FIRST_CLASS_SLOT, LEVELS)
    return _lerp(GREY, CLASS_RGB[k], (level + 1) / LEVELS)


def class_ansi16(slot: int) -> int:
    """In 16 colours: the class's colour, or white while the winner is weak."""
    if slot >= FIRST_POINT_SLOT:
        return CLASS_ANSI16[slot - FIRST_POINT_SLOT]
    k, level = divmod(slot - FIRST_CLASS_SLOT, LEVELS)
    return CLASS_ANSI16[k] if level >= LEVELS // 3 else 7


def shades(values: np.ndarray, discretize: bool = False) -> np.ndarray:
    """values: any shape float -> same shape uint8 shade indices 0..30.

    The playground's quantize scale over [-1, 1]; NaN shows as grey (0).
    With `discretize`, only the sign counts (>= 0 is +1).
    """
    v = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0, posinf=1.0, neginf=-1.0)
    if discretize:
        v = np.where(v >= 0, 1.0, -1.0)
    idx = np.floor((v + 1.0) * (NUM_SHADES / 2.0))
    return np.clip(idx, 0, NUM_SHADES - 1).astype(np.uint8)


# In 16 colours Rich's nearest match sends light blue and light orange both to
# white: the sign is lost. Map the shades by hand instead, keeping the sign:
# yellow (3) / bright yellow (11) / white (7) / bright cyan (14) / blue (4).
_ANSI16_BOUNDS = ((5, 3), (12, 11), (19, 7), (26, 14), (NUM_SHADES, 4))
ANSI16 = tuple(next(code for bound, code in _ANSI16_BOUNDS if i < bound) for i in range(NUM_SHADES))
_SIXTEEN = ("standard", "windows")


def _system_of(name: str | None) -> ColorSystem | None:
    return {
        "truecolor": ColorSystem.TRUECOLOR,
        "256": ColorSystem.EIGHT_BIT,
        "standard": ColorSystem.STANDARD,
        "windows": ColorSystem.WINDOWS,
    }.get(name or "")


@dataclass(frozen=True)
class Palette:
    """Shade and slot colours for one colour system.

    `canonical[i]` is the first shade showing the same terminal colour as
    shade i (in 256 colours several shades coincide), so that redraws skip
    changes nobody could see. `mono` is True under NO_COLOR: views then draw
    shades as glyph textures instead of colours.
    """

    system: str = "truecolor"
    mono: bool = False
    text: tuple[int, int, int] = (0xE0, 0xE0, 0xE0)
    muted: tuple[int, int, int] = (0x80, 0x80, 0x80)
    accent: tuple[int, int, int] = (0xFF, 0xA6, 0x2B)
    background: tuple[int, int, int] = (0x12, 0x12, 0x12)
    levels: int = NUM_SHADES  # distinct shades drawn (fewer for recordings)
    canonical: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "canonical", coarse_shades(_canonical_shades(self.system), self.levels))

    def rgb(self, slot: int) -> tuple[int, int, int]:
        if slot >= NUM_SLOTS:
            return class_rgb(slot)
        if slot < NUM_SHADES:
            return SHADE_RGB[slot]
        if slot in EXTRA_COLORS:
            return EXTRA_COLORS[slot]
        return {TEXT: self.text, MUTED: self.muted, ACCENT: self.accent}.get(slot, self.background)

    def color(self, slot: int) -> Color:
        if slot >= NUM_SLOTS and self.system in _SIXTEEN:
            return Color.from_ansi(class_ansi16(slot))
        if slot < NUM_SHADES and self.system in _SIXTEEN:
            return Color.from_ansi(ANSI16[slot])
        return Color.from_rgb(*self.rgb(slot))

    def style(self, fg: int, bg: int, bold: bool = False) -> Style:
        """A cached Rich style for a foreground and background slot (-1: none)."""
        return _style(self, fg, bg, bold)

    def glyph_style(self, fg: int, bg: int, bold: bool = False) -> Style:
        """`style` for characters (not pixels): a foreground too close to its
        background (a grey link or a light curve on a light theme) is darkened,
        or lightened on a dark one, until it reads (MIN_CONTRAST)."""
        return _glyph_style(self, fg, bg, bold)


@lru_cache(maxsize=8192)
def _style(palette: Palette, fg: int, bg: int, bold: bool) -> Style:
    if palette.mono:
        return Style(bold=bold or None)
    color = palette.color(fg) if fg >= 0 else None
    bgcolor = palette.color(bg) if bg >= 0 else None
    return Style(color=color, bgcolor=bgcolor, bold=bold or None)


# WCAG's contrast ratio a glyph keeps from its background at least (1: none, 21: black on white).
MIN_CONTRAST = 2.0


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """WCAG contrast ratio of two sRGB colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _luminance(rgb: tuple[int, ...]) -> float:
    linear = [v / 255 / 12.92 if v <= 10 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def legible(fg: tuple[int, int, int], bg: tuple[int, int, int]) -> tuple[int, int, int]:
    """`fg`, or `fg` moved toward black (on a light `bg`) or white (on a dark
    one) in tenths, until its contrast with `bg` is MIN_CONTRAST: the hue stays."""
    target: tuple[int, int, int] = (0, 0, 0) if _luminance(bg) > 0.18 else (255, 255, 255)
    for step in range(11):
        moved = _lerp(fg, target, step / 10)
        if contrast(moved, bg) >= MIN_CONTRAST:
            return moved
    return target


@lru_cache(maxsize=8192)
def _glyph_style(palette: Palette, fg: int, bg: int, bold: bool) -> Style:
    if palette.mono or palette.system in _SIXTEEN or fg < 0 or bg < 0:
        return _style(palette, fg, bg, bold)  # no colours, or the terminal's own sixteen
    front, back = palette.rgb(fg), palette.rgb(bg)
    if contrast(front, back) >= MIN_CONTRAST:
        return _style(palette, fg, bg, bold)
    return Style(color=Color.from_rgb(*legible(front, back)), bgcolor=palette.color(bg), bold=bold or None)


@lru_cache(maxsize=8)
def _canonical_shades(system: str) -> np.ndarray:
    target = _system_of(system)
    seen: dict = {}
    out = np.arange(NUM_SHADES, dtype=np.uint8)
    if target in (None, ColorSystem.TRUECOLOR):
        return out
    if system in _SIXTEEN:
        for i, code in enumerate(ANSI16):
            out[i] = ANSI16.index(code)
        return out
    for i, rgb in enumerate(SHADE_RGB):
        key = Color.from_rgb(*rgb).downgrade(target).get_ansi_codes()
        out[i] = seen.setdefault(key, i)
    return out


def palette_for(system: str | None, no_color: bool, **theme) -> Palette:
    """The palette for a terminal: `system` as Rich names it ('truecolor',
    '256', 'standard', ...; None: a terminal without colours, such as
    TERM=dumb), `no_color` from NO_COLOR. Without colours views draw glyphs."""
    return Palette(system=system or "truecolor", mono=no_color or system is None, **theme)


GREY_SHADE = NUM_SHADES // 2  # shade 15: outputs within 1/31 of zero


def coarse_shades(canonical: np.ndarray, levels: int) -> np.ndarray:
    """A canonical map (shade -> shade shown) with at most `levels` distinct
    shades: grey (shade 15) alone, and each side's 15 shades in
    (levels - 1) // 2 groups shown as their middle shade."""
    groups = max(1, (levels - 1) // 2)
    if levels >= NUM_SHADES or groups >= GREY_SHADE:
        return canonical
    side = np.arange(GREY_SHADE)  # 0..14: distance from the far end of one side
    group = side * groups // GREY_SHADE
    middle = np.array([side[group == g].mean() for g in range(groups)])
    shown_side = np.round(middle[group]).astype(int)
    shown = np.concatenate([shown_side, [GREY_SHADE], NUM_SHADES - 1 - shown_side[::-1]])
    return canonical[shown.astype(np.uint8)]
