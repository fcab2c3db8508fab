"""Make Textual's SVG screenshots render right without its web font.

Textual's SVG positions each run of text once and relies on "Fira Code", loaded
from a CDN, for every glyph to be exactly one cell wide. Offline renderers
(rsvg-convert) fall back to other fonts: block glyphs stop filling their cell,
braille and symbols drift. For pictures made offline this rewrites every run:
block glyphs (▀ ▄ █) become rectangles, braille becomes its dots, and any other
character is placed in its own cell.
"""

from __future__ import annotations

import re

_CLIP = re.compile(r'<clipPath id="([^"]+)">\s*<rect x="[^"]*" y="([^"]+)" width="[^"]*" height="([^"]+)"/>')
_FILL = re.compile(r"\.(terminal-\d+-r\d+) \{ fill: (#[0-9a-fA-F]{6})")
_TEXT = re.compile(r'<text class="([^"]+)" x="([^"]+)" y="([^"]+)" textLength="([^"]+)" '
                   r'clip-path="url\(#([^)]+)\)">([^<]*)</text>')
_ENTITY = re.compile(r"&#(\d+);|&(amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# glyph -> (top, height) as fractions of the line
_BLOCKS = {"▀": (0.0, 0.5), "▄": (0.5, 0.5), "█": (0.0, 1.0)}
# braille dot bit -> (column, row) in the 2 x 4 dot grid
_BRAILLE_DOTS = ((0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3))


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda m: chr(int(m[1])) if m[1] else _NAMED[m[2]], text)


def _escape(ch: str) -> str:
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(ch, ch)


def _rect(fill: str, x: float, y: float, w: float, h: float) -> str:
    return (f'<rect fill="{fill}" x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" '
            'shape-rendering="crispEdges"/>')


def _braille(fill: str, code: int, x: float, top: float, w: float, h: float) -> str:
    dot = min(w / 2, h / 4) * 0.55
    out = []
    for bit, (col, row) in enumerate(_BRAILLE_DOTS):
        if code >> bit & 1:
            cx, cy = x + (col + 0.5) * w / 2, top + (row + 0.5) * h / 4
            out.append(f'<circle fill="{fill}" cx="{cx:.2f}" cy="{cy:.2f}" r="{dot / 2:.2f}"/>')
    return "".join(out)


def blocks_as_rects(svg: str) -> str:
    """The same picture with every glyph in its own cell, blocks and braille drawn."""
    lines = {m[1]: (float(m[2]), float(m[3])) for m in _CLIP.finditer(svg)}
    fills = {m[1]: m[2] for m in _FILL.finditer(svg)}

    def replace(m: re.Match) -> str:
        cls, x, y, length, clip, raw = m.groups()
        text = _unescape(raw)
        if clip not in lines or cls not in fills or not text:
            return m.group(0)
        top, height = lines[clip]
        width, fill = float(length) / len(text), fills[cls]
        out = []
        for k, ch in enumerate(text):
            cx = float(x) + k * width
            if ch in _BLOCKS:
                y0, h = _BLOCKS[ch]
                out.append(_rect(fill, cx, top + y0 * height, width, h * height))
            elif 0x2800 <= ord(ch) <= 0x28FF:
                out.append(_braille(fill, ord(ch) - 0x2800, cx, top, width, height))
            elif not ch.isspace():
                out.append(f'<text class="{cls}" x="{cx:.2f}" y="{y}" clip-path="url(#{clip})">{_escape(ch)}</text>')
        return "".join(out)

    return _TEXT.sub(replace, svg)
