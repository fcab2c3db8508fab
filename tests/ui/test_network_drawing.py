"""Pure network drawing: layout fits or scrolls, links coloured by weight."""

from __future__ import annotations

import numpy as np

from tui_playground.ui.render.drawing import decode
from tui_playground.ui.render.network_drawing import BRAILLE, layout, link_cells, link_shade, trace_links
from tui_playground.ui.render.palette import MUTED

CANONICAL = np.arange(31, dtype=np.uint8)


def test_six_layers_of_eight_and_seven_inputs_fit_the_wide_view_without_overlap():
    sizes = (7, 8, 8, 8, 8, 8, 8, 1)
    geo = layout(50, 33, sizes, cursor=3)
    assert (geo.first, geo.count) == (0, len(sizes))
    for k in range(len(sizes) - 1):  # a column, its links, then the next column
        assert geo.xs[k] + geo.width(k) + geo.gap <= geo.xs[k + 1]
    assert geo.xs[-1] + geo.width(len(sizes) - 1) + 1 <= 50  # and the selection mark
    assert geo.tallest * geo.pitch <= 33


def test_a_narrow_view_scrolls_a_window_that_holds_the_cursor():
    sizes = (7, 8, 8, 8, 8, 8, 8, 1)
    for cursor in range(len(sizes)):
        geo = layout(15, 19, sizes, cursor)
        assert geo.first <= cursor < geo.first + geo.count
        assert geo.xs[-1] + geo.width(geo.first + geo.count - 1) + 1 <= 15 - 1  # the ▸ mark column stays free


def test_bigger_pictures_when_there_is_room():
    assert layout(50, 33, (7, 8, 8, 1), 0).tw > layout(27, 33, (7, 8, 8, 1), 0).tw


def colours(cells: np.ndarray) -> set[int]:
    return {decode(k)[1] for k in cells.ravel() if k}


def test_links_take_the_colour_of_their_weight_quantized():
    trace = trace_links((2, 30), (2, 30), 8, 4)
    w = np.array([[-1.0, 0.0], [0.0, 0.0]])
    cells = link_cells(trace, w, np.zeros((2, 2), bool), CANONICAL)
    assert colours(cells) == {0, 15}
    assert link_shade(np.array([0.50, 0.52]))[0] == link_shade(np.array([0.50, 0.52]))[1]  # no repaint for tiny changes


def test_a_cell_shows_its_strongest_link_and_dead_links_are_dim_and_dotted():
    trace = trace_links((2, 30), (16,), 8, 3)  # two links that meet at the right
    w = np.array([[0.3], [-2.0]])
    cells = link_cells(trace, w, np.zeros((2, 1), bool), CANONICAL)
    meet = cells[4, 2]  # where both arrive
    assert decode(meet)[1] == 0  # the strong orange one
    dead = link_cells(trace, w, np.array([[False], [True]]), CANONICAL)
    dead_cells = [k for k in dead[5:].ravel() if k]
    assert dead_cells and all(decode(k)[1] == MUTED for k in dead_cells)
    solid = link_cells(trace, np.array([[0.3], [-0.5]]), np.zeros((2, 1), bool), CANONICAL)

    def dots(cs):
        return sum(bin(decode(k)[0] - BRAILLE).count("1") for k in cs.ravel() if k)

    assert dots(dead[5:]) < dots(solid[5:])
