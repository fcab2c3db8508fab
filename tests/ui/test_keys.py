"""The key grammar, held over every key table of the app, and docs/keys.md and
the README's table in step with the main screen's key table (ui/playground/keys.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from ui_helpers import wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.help import HelpScreen
from tui_playground.ui.gallery.screen import GalleryScreen
from tui_playground.ui.playground.keys import KEYS, MODES, by_setting, keys_markdown, readme_table
from tui_playground.ui.widgets.data_picker import DataPicker
from tui_playground.ui.widgets.feature_list import FeatureList
from tui_playground.ui.widgets.heatmap import BoundaryHeatmap
from tui_playground.ui.widgets.loss_chart import LossChart
from tui_playground.ui.widgets.network_view import NetworkView
from tui_playground.ui.widgets.top_bar import TopBar

ROOT = Path(__file__).parents[2]
MAIN = [(key, k) for k in KEYS for key in k.keys.split(",")]
WIDGETS = (BoundaryHeatmap, GalleryScreen, NetworkView, TopBar, DataPicker, FeatureList, LossChart, HelpScreen)


def is_capital(key: str) -> bool:
    return len(key) == 1 and key.isupper()


def is_letter(key: str) -> bool:
    return len(key) == 1 and key.isalpha()


def test_a_lowercase_key_that_steps_a_setting_has_its_capital_step_it_back():
    bound = dict(MAIN)
    for key, k in MAIN:
        if is_letter(key) and key.islower() and k.setting:
            back = bound.get(key.upper())
            assert back is not None and back.setting == k.setting and (k.delta, back.delta) == (1, -1), key


def test_a_capital_letter_only_ever_steps_its_lowercase_setting_back():
    bound = dict(MAIN)
    for key, k in MAIN:
        if is_capital(key):
            forward = bound.get(key.lower())
            assert k.delta == -1 and forward is not None and forward.setting == k.setting, key


def test_each_key_is_bound_once_and_every_stepping_setting_goes_both_ways():
    keys = [key for key, _k in MAIN]
    assert len(keys) == len(set(keys))
    assert all(set(ways) == {1, -1} for ways in by_setting().values())


def widget_bindings(cls) -> dict[str, str]:
    return {key: b.action for b in cls.BINDINGS for key in b.key.split(",")}


@pytest.mark.parametrize("cls", WIDGETS, ids=lambda c: c.__name__)
def test_in_every_mode_a_capital_is_the_back_step_of_its_lowercase(cls):
    bound = widget_bindings(cls)
    for key, action in bound.items():
        if is_capital(key):
            forward = bound.get(key.lower())
            assert forward is not None, f"{cls.__name__}: {key} without {key.lower()}"
            assert action in (forward.replace("(1)", "(-1)"), forward.replace("')", "_back')")), (key, action)


def test_a_mode_that_gives_a_main_screen_key_another_meaning_lists_it_among_its_keys():
    main = {key for key, _k in MAIN}
    listed = {name: " ".join(k for k, _d in rows).replace("delete", "delete backspace").split()
              for name, _how, rows in MODES}
    for cls, mode in ((BoundaryHeatmap, "points"), (GalleryScreen, "gallery"), (NetworkView, "network")):
        for key in widget_bindings(cls):
            name = {"full_stop": ".", "comma": ",", "escape": "esc"}.get(key, key)
            if (key in main or is_letter(key)) and key != "space":  # space: play / pause everywhere
                assert name in listed[mode], f"{mode}: {key} not among its keys"


def test_docs_keys_md_is_written_from_the_key_table():
    assert (ROOT / "docs/keys.md").read_text() == keys_markdown(), "run python tools/keys_doc.py"


def test_the_readmes_key_table_is_written_from_the_key_table():
    spec = importlib.util.spec_from_file_location("keys_doc", ROOT / "tools" / "keys_doc.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    readme = (ROOT / "README.md").read_text()
    assert tool.with_table(readme, readme_table()) == readme, "run python tools/keys_doc.py"
    assert "| `l` `L` | Learning rate: up / down |" in readme


def footer_text(app) -> str:
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    return " ".join(str(item.render()) for item in footer.query("FooterKey"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_footer_says_play_while_paused_and_pause_while_training(size):
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await wait_until(pilot, lambda: "Play" in footer_text(app) and "Pause" not in footer_text(app))
        await pilot.press("space")
        await wait_until(pilot, lambda: "Pause" in footer_text(app) and "Play" not in footer_text(app))
        await pilot.press("space")
        await wait_until(pilot, lambda: not app.playground.playing and "Play" in footer_text(app))


async def test_the_points_mode_shows_its_keys_first_in_the_footer_and_says_it_is_on():
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: app.playground.points.active)
        await wait_until(pilot, lambda: footer_text(app).startswith("⏎ Add"))
        for word in ("Class", "Undo", "Clear", "Save", "Load", "Done"):
            assert word in footer_text(app)
        assert "POINTS" in str(app.screen.query_one("#output-title").render())
        await pilot.press("ctrl+x", "enter", "C", "enter")  # C: the class back, never a clear
        labels = [p.label for p in app.playground.points.editor.points]
        assert labels == [1.0, -1.0]
        await pilot.press("ctrl+z")
        assert len(app.playground.points.editor.points) == 1
