"""Being recorded: the profile, the output pipe, fewer and steadier shades."""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.ui.cast import CastWriter, read_cast
from tui_playground.ui.palette import NUM_SHADES, shades
from tui_playground.ui.quiet_shades import GREY, coarse_shades, steady_shades
from tui_playground.ui.recording import LIVE, RECORDING, OutputPipe, choose_profile, piped_driver


def test_recording_profile_when_asciinema_records_or_on_demand():
    assert choose_profile(False, {}) is LIVE
    assert choose_profile(False, {"ASCIINEMA_REC": "1"}) is RECORDING
    assert choose_profile(True, {}) is RECORDING
    assert LIVE.shade_levels == NUM_SHADES and not LIVE.lean_colours and LIVE.steady_shades == 0


@pytest.mark.parametrize("levels", [3, 7, 9, 11, 15])
def test_coarse_shades_have_that_many_levels_and_keep_the_sign(levels):
    shown = coarse_shades(np.arange(NUM_SHADES, dtype=np.uint8), levels)
    assert len(set(shown.tolist())) == levels
    fine = np.arange(NUM_SHADES)
    assert (np.sign(shown.astype(int) - GREY) == np.sign(fine - GREY)).all()
    assert (np.diff(shown.astype(int)) >= 0).all()  # order kept


def test_all_levels_leave_the_palette_as_it_is():
    canonical = np.arange(NUM_SHADES, dtype=np.uint8)
    assert coarse_shades(canonical, NUM_SHADES) is canonical


def test_steady_shades_keep_small_moves_but_never_a_wrong_sign():
    shown = shades(np.array([0.5, 0.5, 0.01, -0.9, 0.1]))
    new = shades(np.array([0.55, 0.9, -0.05, -0.8, 0.02]))
    out = steady_shades(new, shown, margin=3)
    assert out[0] == shown[0]  # moved one shade: kept
    assert out[1] == new[1]  # moved far: shown
    assert out[2] == new[2] and out[2] < GREY  # crossed zero: shown at once
    assert out[3] == shown[3]
    assert out[4] == new[4] == GREY  # light blue to grey: shown at once
    assert (steady_shades(new, shown, 0) == new).all()
    assert (steady_shades(new, None, 3) == new).all()


def test_pipe_makes_colours_lean_then_records_and_counts(tmp_path):
    path = tmp_path / "p.cast"
    cast = CastWriter(str(path), 80, 24)
    pipe = OutputPipe(lean_colours=True, cast=cast)
    out = pipe("\x1b[31mA\x1b[0m\x1b[31mB\x1b[0m")
    pipe.resized(80, 24)  # the size it started with: no event
    pipe.resized(100, 30)
    pipe.close()
    assert out == "\x1b[0;31mAB"
    assert pipe.bytes_out == len(out)
    events = read_cast(str(path))[1]
    assert [e[1:] for e in events] == [["o", out], ["r", "100x30"]]


def test_piped_driver_sends_what_the_pipe_returns():
    sent = []

    class Base:
        def write(self, data):
            sent.append(data)

    pipe = OutputPipe(lean_colours=True)
    driver = piped_driver(Base, pipe)()
    driver.write("\x1b[1mX\x1b[0m")
    driver.write("\x1b[0m")  # nothing to send yet: no empty write
    assert sent == ["\x1b[0;1mX"] and not OutputPipe().active
