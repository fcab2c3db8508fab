"""The top bar while the kernels compile (engine.compile_progress): every form
of the status fits, whole, in the lines the bar takes anyway, at 80 and 120
columns, so that the bar does not grow a line near the end of a compile."""

from __future__ import annotations

import pytest

from tui_playground.config import Config
from tui_playground.engine.compile_progress import CompileStatus
from tui_playground.ui.render.settings_text import bar_lines
from tui_playground.ui.widgets.top_bar import Status

FORMS = [
    CompileStatus("classic", "warming"),  # how far not known yet
    CompileStatus("classic", "warming", fraction=0.03, rate_after=19_000.0),  # no countdown yet
    CompileStatus("classic", "warming", fraction=0.42, seconds_left=107.0, rate_after=19_000.0),
    CompileStatus("classic", "warming", fraction=0.99, seconds_left=700.0, rate_after=19_000.0),
    CompileStatus("classic", "warming", elapsed=599.0, rate_after=19_000.0),  # past the estimate
    CompileStatus("classic", "warming", elapsed=3000.0, rate_after=19_000.0),
    CompileStatus("classic", "warming", fraction=1.0, loading=True, rate_after=19_000.0),
]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.short())
def test_every_compile_status_fits_the_bars_lines_whole(width, form):
    config = Config(seed="0.68314")
    path = form.short()

    def lines(path):
        status = Status(state="training", epoch=123_456, rate=12_345.0, path=path, speed="max", lr_now=0.03)
        return bar_lines(config, status, width).lines

    shown = lines(path)
    assert len(shown) == len(lines("numpy, compiling"))
    text = "  ".join(line.plain for line in shown)
    assert path in text or path.replace("numpy", "np") in text
    assert all(line.cell_len <= width for line in shown)
