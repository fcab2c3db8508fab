import numpy as np

from tui_playground.ui.render import drawing as d
from tui_playground.ui.render.palette import POINT_NEG, POINT_POS


def test_pixel_cells_pair_rows_top_and_bottom():
    cells = d.pixel_cells(np.array([[1, 2], [3, 4]]))
    assert cells.shape == (1, 2)
    assert [d.decode(k)[1:3] for k in cells[0]] == [(1, 3), (2, 4)]


def test_flat_cells_are_spaces_on_their_colour_and_merge():
    runs = d.row_runs(d.pixel_cells(np.full((2, 5), 7))[0])
    assert runs == [("     ", d.ANY, 7, False)]


def test_swapped_pairs_share_one_run_with_upper_and_lower_half_blocks():
    px = np.array([[1, 2], [2, 1]])
    assert d.row_runs(d.pixel_cells(px)[0]) == [("▀▄", 1, 2, False)]


def test_full_block_runs_get_a_background():
    for _text, _fg, bg, _bold in d.row_runs(d.pixel_cells(np.array([[1, 1, 1], [2, 1, 3]]))[0]):
        assert bg != d.ANY


def test_text_cells_round_trip():
    cells = d.text_cells("ab", 4, fg=33)
    assert "".join(t for t, *_ in d.row_runs(cells)) == "ab  "


def test_changed_spans_only_where_cells_differ():
    old = np.zeros((3, 20), dtype=np.int64)
    new = old.copy()
    new[1, 2] = new[1, 4] = new[1, 17] = 5
    assert d.changed_spans(old, new, gap=6) == [(1, 2, 5), (1, 17, 18)]
    assert d.changed_spans(old, old) == []
    assert len(d.changed_spans(None, new)) == 3


def test_points_land_on_their_cell():
    px = np.full((4, 4), 15)
    cells = d.pixel_cells(px)
    xy = np.array([[-5.9, 5.9], [5.9, -5.9]])  # top-left, bottom-right
    d.overlay_points(cells, px, xy, np.array([POINT_NEG, POINT_POS]), "●")
    assert d.decode(cells[0, 0])[:2] == (ord("●"), POINT_NEG)
    assert d.decode(cells[1, 3])[:2] == (ord("●"), POINT_POS)
    assert d.decode(cells[0, 3])[0] == d.PIXEL


def test_resample_picks_pixel_centres():
    grid = np.arange(16).reshape(4, 4)
    assert d.resample(grid, 2, 2).tolist() == [[5, 7], [13, 15]]


def test_sparkline_spans_the_range():
    line = d.sparkline(np.linspace(1, 0, 100), 8, 0.0, 1.0)
    assert len(line) == 8 and line[0] == "█" and line[-1] == "▁"


def test_mono_draws_textures_not_colours():
    runs = d.row_runs(d.pixel_cells(np.array([[0, 15, 30], [0, 15, 30]]))[0], mono=True)
    text = "".join(t for t, *_ in runs)
    assert text[1] == " " and text[0] != text[2]
