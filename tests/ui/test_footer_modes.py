"""The footer in each mode (points editor, network cursor, the views tab
reaches, the gallery and its seeds band), at 80x24 and 120x40: the mode's own
keys, how to leave it and what space will do, none of the main screen's other
keys, nothing cut; esc gives the main screen's keys back."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from ui_helpers import wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.help import HelpScreen
from tui_playground.ui.playground.keys import help_sections
from tui_playground.ui.widgets.data_picker import DataPicker
from tui_playground.ui.widgets.feature_list import FeatureList
from tui_playground.ui.widgets.loss_chart import LossChart
from tui_playground.ui.widgets.network_view import NetworkView
from tui_playground.ui.widgets.top_bar import TopBar

SIZES = [(80, 24), (120, 40)]
MAIN_ONLY = ("s Step", "r Reset", "g New data", "q Quit", "^p palette")  # main-screen keys a mode's footer leaves out


def footer_keys(app) -> list[str]:
    """The footer's entries as shown ('space Play'), each whole on screen, else a failure."""
    footer = app.screen.query_one(Footer)
    keys = list(footer.query("FooterKey"))
    for key in keys:
        assert key.region.width > 0 and key.region.right <= app.size.width, f"cut: {key.render()}"
    return [str(key.render()).strip() for key in keys]


def text(app) -> str:
    return " ".join(footer_keys(app))


def output_title(app) -> str:
    """The title over the big heatmap, failing if it is wider than its column."""
    title = str(app.screen.query_one("#output-title").render())
    assert len(title) <= app.screen.query_one("#output").size.width, title
    return title


async def settle(pilot, check) -> None:
    """Until the footer (it recomposes after a refresh) shows keys passing
    `check`, each whole on screen; the test then asserts on them."""
    def shown() -> bool:
        try:
            keys = footer_keys(pilot.app)
        except AssertionError:  # a key still cut or unplaced: not yet
            return False
        return bool(keys) and bool(check(keys))  # none while it recomposes
    await wait_until(pilot, shown)


async def network_cursor_on(pilot) -> NetworkView:
    """Tab to the network view and put its cursor on a neuron; the footer says so."""
    await pilot.press("tab", "tab", "tab", "tab")  # top bar, data, features, network
    view = pilot.app.query_one(NetworkView)
    await wait_until(pilot, lambda: view.has_focus and view.wide)
    await pilot.press("right")
    await settle(pilot, lambda keys: keys[0] == "← → ↑ ↓ Pick")
    return view


def assert_mode_footer(app, first: str, words: tuple[str, ...], done: str = "esc Done") -> None:
    keys = footer_keys(app)
    assert keys[0] == first, keys
    for word in words:
        assert any(word in k for k in keys), (word, keys)
    assert keys[-2:] == ["space Play", "? Help"], keys  # what space will do, then help
    assert done in keys, keys
    assert not set(MAIN_ONLY) & set(keys), keys


@pytest.mark.parametrize("size", SIZES)
async def test_the_points_editor_footer_has_its_keys_and_not_the_main_screens(size):
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await settle(pilot, lambda keys: "s Step" in keys)
        assert "s Step" in footer_keys(app) and "q Quit" in footer_keys(app)
        await pilot.press("m")
        await wait_until(pilot, lambda: app.playground.points.active)
        await settle(pilot, lambda keys: keys[0] == "⏎ Add")
        assert_mode_footer(app, "⏎ Add", ("c Class", "⌫ Del", "^z Undo", "^x Clear", "^s Save", "^o Load"))
        title = output_title(app)  # the mode says it is on, its counts whole
        assert title.startswith("POINTS") and title.split()[-1].endswith(("test", "250"))
        await pilot.press("escape")
        await settle(pilot, lambda keys: "s Step" in keys)
        assert not app.playground.points.active
        assert footer_keys(app)[:3] == ["space Play", "s Step", "r Reset"]


@pytest.mark.parametrize("size", SIZES)
async def test_the_network_cursor_footer_has_its_keys_and_its_activation_key(size):
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        view = await network_cursor_on(pilot)
        assert view.cursor is not None
        assert_mode_footer(app, "← → ↑ ↓ Pick", (". , Link", "⏎ Edit", "a Activation"))
        assert output_title(app).startswith(("LAYER 2 NEURON 1", "L2.1")) and "bias" in output_title(app)
        await pilot.press("escape")
        await settle(pilot, lambda keys: "s Step" in keys)
        assert view.cursor is None and app.screen.focused is None
        assert "s Step" in footer_keys(app)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view, first, words", [
    (TopBar, "← → Setting", ("↑ ↓ Change",)),
    (DataPicker, "↑ ↓ ← → Move", ("⏎ Take",)),
    (FeatureList, "↑ ↓ Move", ("⏎ On/off",)),
    (LossChart, "← → Cursor", ("home First", "end Last")),
], ids=lambda v: getattr(v, "__name__", None))
async def test_a_focused_view_shows_its_keys_and_esc_gives_the_main_keys_back(size, view, first, words):
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await settle(pilot, lambda keys: "s Step" in keys)
        assert app.screen.focused is None  # no view takes the keys by itself at the start
        app.query_one(view).focus()
        await settle(pilot, lambda keys: keys[0] == first)
        assert_mode_footer(app, first, words)
        await pilot.press("space")
        await wait_until(pilot, lambda: app.playground.playing)
        await settle(pilot, lambda keys: "space Pause" in keys)
        assert footer_keys(app)[-2:] == ["space Pause", "? Help"]
        await pilot.press("space", "escape")
        await settle(pilot, lambda keys: "s Step" in keys)
        assert app.screen.focused is None and "s Step" in footer_keys(app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_gallery_and_its_seeds_band_show_their_own_keys_and_a_whole_title(size):
    app = make_app(Config(seed="0.03819", loss="cross-entropy", optimizer="momentum", lr_schedule="step:100:0.5",
                          until_loss=0.1, patience=10, max_epochs=100))  # a long title: `j c f y w v`
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "GalleryScreen")
        await settle(pilot, lambda keys: "^k Seeds" in keys)
        for kind, other in (("shapes", "^k Seeds"), ("seeds", "^k Layers")):
            keys = footer_keys(app)
            assert keys[0] == "⏎ Open" and "esc Back" in keys and other in keys, keys  # ctrl+k says where it goes
            assert any(k in ("space Play", "space Pause") for k in keys)
            assert not {"s Step", "r Reset", "g New data"} & set(keys), keys
            title = app.screen.query_one("#gallery-title")
            lines = str(title.render()).split("\n")
            assert lines[0].lstrip().startswith("GALLERY") and "selected" in lines[-1], lines  # nothing cut
            assert all(len(line) < size[0] for line in lines) and title.size.height == len(lines)
            if kind == "shapes":
                await pilot.press("ctrl+k")
                await wait_until(pilot, lambda: app.screen.kind == "seeds")
                await settle(pilot, lambda keys: "^k Layers" in keys)
        assert "seeds of this experiment (0.03819-1" in str(app.screen.query_one("#gallery-title").render())


async def test_help_puts_first_the_mode_the_footer_shows_with_a_network_cursor_left_on():
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        view = await network_cursor_on(pilot)
        app.query_one(TopBar).focus()  # the cursor stays on; the top bar has the keys
        await settle(pilot, lambda keys: keys[0] == "← → Setting")
        assert view.cursor is not None
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert app.screen.sections[0][0] == help_sections("views")[0][0]
        assert app.screen.sections[0][0] != help_sections("network")[0][0]
