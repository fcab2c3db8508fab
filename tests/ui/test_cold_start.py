"""The app before the compiled kernels exist: a complete first frame and
training at once on the uncompiled path, the top bar saying so until the
kernels are loaded."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from ui_helpers import notifications, wait_ready, wait_until

from tui_playground.engine import compiled
from tui_playground.ui.app import make_app
from tui_playground.ui.widgets.top_bar import TopBar, status_text

NEVER_COMPILED = """
import asyncio, json, sys
from tui_playground.config import Config
from tui_playground.engine import compiled
from tui_playground.ui.app import make_app
from tui_playground.ui.widgets.data_picker import DataPicker
from tui_playground.ui.widgets.feature_list import FeatureList
from tui_playground.ui.widgets.heatmap import BoundaryHeatmap
from tui_playground.ui.widgets.network_view import NetworkView

compiled.warm_in_background = lambda *args, **kwargs: None  # the kernels never come

async def main():
    app = make_app(Config(seed="0.5", dataset="spiral", layers=(4, 2)))
    async with app.run_test(size=(120, 40)) as pilot:
        painted = lambda: (app.trainer is not None and app.query_one(DataPicker).samples is not None
                           and app.query_one(FeatureList).maps is not None
                           and app.query_one(BoundaryHeatmap).grid is not None)
        for _ in range(3000):  # a minute at most
            if painted():
                break
            await pilot.pause(0.02)
        await pilot.pause()
        screen = app.playground
        first = {"painted": painted(), "numba": "numba" in sys.modules}
        await pilot.press("space")
        while app.trainer is None or screen.status.epoch < 3:
            await pilot.pause(0.02)
        await pilot.press("space")
        print(json.dumps({**first, "epoch": screen.status.epoch, "path": screen.status.path,
                          "numba_after_training": "numba" in sys.modules}))

asyncio.run(main())
"""


def test_first_frame_and_training_need_no_compiled_kernels():
    out = subprocess.run([sys.executable, "-c", NEVER_COMPILED], capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout.strip().splitlines()[-1])
    assert r["painted"]  # thumbnails, feature maps, the untrained boundary
    assert r["epoch"] >= 3 and r["path"] == "numpy"
    assert not r["numba"] and not r["numba_after_training"]


async def test_top_bar_names_the_uncompiled_path_until_the_kernels_are_loaded(config, monkeypatch):
    ready = []
    monkeypatch.setattr(compiled, "warm_in_background", lambda on_change=None, first=None: ready.append(on_change))
    monkeypatch.setattr(compiled, "status", lambda group=None: "warming")
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        bar = app.query_one(TopBar)
        assert bar.status.path == "numpy, compiling"
        assert "(numpy, compiling)" in status_text(bar, compact=False).plain
        assert " np " in status_text(bar, compact=True).plain
        monkeypatch.setattr(compiled, "status", lambda group=None: "compiled")
        threading.Thread(target=ready[0]).start()  # the background loader says: loaded
        await wait_until(pilot, lambda: bar.status.path == "")
        assert "numpy" not in status_text(bar, compact=False).plain


async def test_kernels_out_of_reach_are_said_once_and_training_goes_on(config, monkeypatch):
    ended = []
    monkeypatch.setattr(compiled, "warm_in_background", lambda on_change=None, first=None: ended.append(on_change))
    monkeypatch.setattr(compiled, "status", lambda group=None: "warming")
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        monkeypatch.setattr(compiled, "status", lambda group=None: "failed")
        monkeypatch.setattr(compiled, "failure", lambda: "RuntimeError: no compiler")
        threading.Thread(target=ended[0]).start()
        bar = app.query_one(TopBar)
        await wait_until(pilot, lambda: bar.status.path == "numpy")
        notes = [n.message for n in notifications(app)]
        assert sum("stays uncompiled" in m and "no compiler" in m for m in notes) == 1
        app.playground.action_step()
        await wait_until(pilot, lambda: app.playground.status.epoch == 1)


async def test_top_bar_follows_the_group_of_kernels_the_config_needs(config, monkeypatch):
    """The playground's kernels are loaded, 3 classes' are still compiling:
    switching to 3 classes trains uncompiled again, and the top bar says so."""
    monkeypatch.setattr(compiled, "warm_in_background", lambda on_change=None, first=None: None)
    monkeypatch.setattr(compiled, "status", lambda group=None: "compiled" if group == "classic" else "warming")
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        bar = app.query_one(TopBar)
        assert bar.status.path == ""
        app.playground.change(dataset="spiral", classes=3)
        await wait_until(pilot, lambda: bar.status.path == "numpy, compiling")
        app.playground.change(classes=2)
        await wait_until(pilot, lambda: bar.status.path == "")
