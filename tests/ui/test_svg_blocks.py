"""Block glyphs in Textual's SVG become exact rectangles (for offline PNGs)."""

from tui_playground.ui.render.svg_blocks import blocks_as_rects

SVG = """<style>
.terminal-1-r3 { fill: #f59322 }
</style>
<clipPath id="terminal-1-line-2">
    <rect x="0" y="50" width="100" height="24"/>
            </clipPath>
<text class="terminal-1-r3" x="10" y="68" textLength="36" clip-path="url(#terminal-1-line-2)">▀&#160;█</text>
<text class="terminal-1-r3" x="10" y="68" textLength="12" clip-path="url(#terminal-1-line-2)">a</text>
"""


def test_half_and_full_blocks_become_rects_with_the_glyph_colour():
    out = blocks_as_rects(SVG)
    assert '<rect fill="#f59322" x="10.00" y="50.00" width="12.00" height="12.00"' in out
    assert '<rect fill="#f59322" x="34.00" y="50.00" width="12.00" height="24.00"' in out
    assert "▀" not in out and "█" not in out
    assert ">a</text>" in out  # other text is left alone


def test_braille_becomes_its_dots_and_other_glyphs_get_their_own_cell():
    svg = SVG.replace(">a</text>", ">⠉b</text>").replace('textLength="12" clip', 'textLength="24" clip')
    out = blocks_as_rects(svg)
    assert out.count("<circle") == 2  # ⠉ = dots 1 and 4: the top of both columns
    assert '<text class="terminal-1-r3" x="22.00" y="68"' in out and ">b</text>" in out
