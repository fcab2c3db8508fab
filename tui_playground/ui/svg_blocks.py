"""Make Textual's SVG screenshots render right without its web font.

Textual's SVG draws block glyphs (▀ ▄ █) as text in "Fira Code", loaded from a
CDN. Offline renderers (rsvg-convert) fall back to another font whose blocks
don't fill the cell, so heatmaps come out striped. This swaps each run of
block glyphs for rectangles of the glyph's colour: exact cells, any renderer.
"""

from __future__ import annotations

import re

_CLIP = re.compile(r'<clipPath id="([^"]+)">\s*<rect x="[^"]*" y="([^"]+)" width="[^"]*" height="([^"]+)"/>')
_FILL = re.compile(r"\.(terminal-\d+-r\d+) \{ fill: (#[0-9a-fA-F]{6})")
_TEXT = re.compile(
    r'<text class="([^"]+)" x="([^"]+)" y="[^"]+" textLength="([^"]+)" '
    r'clip-path="url\(#([^)]+)\)">((?:[▀▄█ ]|&#160;)+)</text>'
)
# glyph -> (top, height) as fractions of the line
_BLOCKS = {"▀": (0.0, 0.5), "▄": (0.5, 0.5), "█": (0.0, 1.0)}


def blocks_as_rects(svg: str) -> str:
    """The same picture with block-glyph text replaced by <rect>s."""
    lines = {m[1]: (float(m[2]), float(m[3])) for m in _CLIP.finditer(svg)}
    fills = {m[1]: m[2] for m in _FILL.finditer(svg)}

    def replace(m: re.Match) -> str:
        cls, x, length, clip, text = m.groups()
        text = text.replace("&#160;", " ")
        if clip not in lines or cls not in fills:
            return m.group(0)
        top, height = lines[clip]
        width = float(length) / len(text)
        rects = []
        for k, glyph in enumerate(text):
            if glyph in _BLOCKS:
                y0, h = _BLOCKS[glyph]
                rects.append(
                    f'<rect fill="{fills[cls]}" x="{float(x) + k * width:.2f}" y="{top + y0 * height:.2f}" '
                    f'width="{width:.2f}" height="{h * height:.2f}" shape-rendering="crispEdges"/>'
                )
        return "".join(rects)

    return _TEXT.sub(replace, svg)
