"""Being recorded: the profile, the output pipe, fewer and steadier shades."""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.ui.output.cast import CastWriter, read_cast
from tui_playground.ui.output.recording import (
    LIVE,
    MIN_CELL_BUDGET,
    RECORDING,
    OutputPipe,
    choose_profile,
    piped_driver,
    run_piped,
)
from tui_playground.ui.render.palette import GREY_SHADE, NUM_SHADES, coarse_shades


def test_recording_profile_when_asciinema_records_or_on_demand():
    assert choose_profile(False, {}) is LIVE
    assert choose_profile(False, {"ASCIINEMA_REC": "1"}) is RECORDING
    assert choose_profile(True, {}) is RECORDING
    assert LIVE.shade_levels == NUM_SHADES and not LIVE.lean_output and LIVE.cell_budget(10_000) is None
    assert RECORDING.cell_budget(10_000) == int(RECORDING.cell_share * 10_000)
    assert RECORDING.cell_budget(50) == MIN_CELL_BUDGET


@pytest.mark.parametrize("levels", [3, 7, 9, 11, 15])
def test_coarse_shades_have_that_many_levels_and_keep_the_sign(levels):
    shown = coarse_shades(np.arange(NUM_SHADES, dtype=np.uint8), levels)
    assert len(set(shown.tolist())) == levels
    fine = np.arange(NUM_SHADES)
    assert (np.sign(shown.astype(int) - GREY_SHADE) == np.sign(fine - GREY_SHADE)).all()
    assert (np.diff(shown.astype(int)) >= 0).all()  # order kept


def test_all_levels_leave_the_palette_as_it_is():
    canonical = np.arange(NUM_SHADES, dtype=np.uint8)
    assert coarse_shades(canonical, NUM_SHADES) is canonical


def test_pipe_sends_changed_cells_then_records_and_counts(tmp_path):
    path = tmp_path / "p.cast"
    cast = CastWriter(str(path), 80, 24)
    pipe = OutputPipe(lean=True, cast=cast)
    out = pipe("\x1b[31mA\x1b[0m\x1b[31mB\x1b[0m")
    pipe.resized(80, 24)  # the size it started with: no event
    pipe.resized(100, 30)
    pipe.close()
    assert out == "\x1b[1;1H\x1b[0;31mAB"
    assert pipe.bytes_out == len(out)
    events = read_cast(str(path))[1]
    assert [e[1:] for e in events] == [["o", out], ["r", "100x30"]]


def test_piped_driver_sends_what_the_pipe_returns():
    sent = []

    class Base:
        def write(self, data):
            sent.append(data)

    pipe = OutputPipe(lean=True, size=(80, 24))
    driver = piped_driver(Base, pipe)()
    driver.write("\x1b[1mX\x1b[0m")
    driver.write("\x1b[0m")  # nothing to send yet: no empty write
    assert sent == ["\x1b[1;1H\x1b[0;1mX"] and not OutputPipe().active


def test_cell_budget_sends_boundary_rows_first_and_the_rest_later():
    from tui_playground.ui.render.cell_budget import settle_cells
    from tui_playground.ui.render.drawing import pixel_cells

    shown = pixel_cells(np.full((8, 10), 20))  # 4 rows of 10 light-blue cells
    wanted_px = np.full((8, 10), 20)
    wanted_px[0:2, :] = 22  # row 0: a small shade move, 10 cells
    wanted_px[2:4, :3] = 5  # row 1: 3 cells cross to orange (the boundary moved)
    wanted_px[6:8, :] = 30  # row 3: a big shade move, 10 cells
    wanted = pixel_cells(wanted_px)
    out, pending = settle_cells(shown, wanted, budget=13)
    assert (out[1] == wanted[1]).all() and (out[3] == wanted[3]).all()  # boundary row, then the biggest move
    assert (out[0] == shown[0]).all() and pending == 10  # held back for a later frame
    out, pending = settle_cells(out, wanted, budget=13)
    assert (out == wanted).all() and pending == 0
    assert settle_cells(shown, wanted, None)[0] is wanted  # no budget: all at once


class StoppedPipe:
    """A pipe whose cast stopped early; counts its closes."""

    closes = 0

    def close(self):
        self.closes += 1
        return "recording stopped: can't write t.cast: No space left on device"


class FakeApp:
    def __init__(self, return_code, fails=False):
        self.return_code, self.fails = return_code, fails

    def run(self):
        if self.fails:
            raise RuntimeError("the app failed")


@pytest.mark.parametrize("code, expected", [(None, 0), (3, 3)])
def test_run_piped_closes_the_pipe_says_why_the_cast_stopped_and_returns_the_code(capsys, code, expected):
    pipe = StoppedPipe()
    assert run_piped(FakeApp(code), pipe) == expected
    assert pipe.closes == 1
    assert capsys.readouterr().err == "spiral-tui: recording stopped: can't write t.cast: No space left on device\n"


def test_run_piped_closes_the_pipe_when_the_app_fails(capsys):
    pipe = StoppedPipe()
    with pytest.raises(RuntimeError, match="the app failed"):
        run_piped(FakeApp(0, fails=True), pipe)
    assert pipe.closes == 1 and "recording stopped" in capsys.readouterr().err
