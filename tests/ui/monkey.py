"""A monkey for the app: long seeded random key sequences, invariants checked.

`monkey(keys, seed)` opens the app training, then presses random keys (one at
a time, or several queued at once as one input read would bring them): the
main screen's keys, the views' arrows and Enter, every dialog's key with
random text typed into it, the gallery and seeds mode, the command palette.
After every few keys it checks that the app is alive and consistent
(`check`). q and quitting commands are disarmed (counted, not obeyed): the
monkey is here to find crashes, not the exit. Used by
tests/ui/test_monkey.py (short) and tools/monkey.py (long).
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field

from ui_helpers import app_error, burst, wait_ready

from tui_playground.config import Config, ConfigError
from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.dialog import DismissOnce
from tui_playground.ui.gallery.screen import GalleryScreen
from tui_playground.ui.playground.keys import KEYS
from tui_playground.ui.playground.screen import PlaygroundScreen
from tui_playground.ui.widgets.data_picker import DataPicker
from tui_playground.ui.widgets.feature_list import FeatureList
from tui_playground.ui.widgets.network_view import BIAS, NetworkView
from tui_playground.ui.widgets.tile_grid import TileGrid

# The main screen's own keys (q disarmed anyway, but it is left out: every q would be wasted).
MAIN = [k.keys.split(",")[0] for k in KEYS if k.action != "quit"]
MOVES = ["tab", "shift+tab", "up", "down", "left", "right", "enter", "escape", "comma", "full_stop", "space"]
DIALOGS = ["ctrl+s", "ctrl+o", "ctrl+u", "u", "i", "ctrl+e", "e", "ctrl+p", "question_mark"]
GALLERY = ["ctrl+g", "ctrl+k", "v", "V", "s"]
NETWORK = ["up", "down", "left", "right", "comma", "full_stop", "full_stop", "enter", "escape",
           "minus", "plus", "h", "H", "a", "A", *"1234567"]
TEXT = "abcxyz0123456789.-#=&, "  # no / or ~: what ctrl+s and E write stays in the folder it runs in
EDITING = ["backspace", "delete", "home", "end", "left", "right", "ctrl+a", "tab", "space"]


@dataclass
class Tally:
    """What a run did."""

    keys: int = 0
    checks: int = 0
    quits: int = 0
    screens: dict[str, int] = field(default_factory=dict)


def pick(rng: random.Random, app) -> list[str]:
    """The next keys: what makes sense on the screen shown, now and then nonsense."""
    screen = app.screen
    if isinstance(screen, DismissOnce) and not isinstance(screen, GalleryScreen):  # a dialog or the palette
        r = rng.random()
        if r < 0.45:
            return [rng.choice(TEXT) for _ in range(rng.randint(1, 12))]
        if r < 0.60:
            return [rng.choice(EDITING)]
        if r < 0.80:
            return ["enter"] * rng.randint(1, 3)  # a double tap now and then
        return ["escape"] * rng.randint(1, 2)
    if isinstance(screen, GalleryScreen):
        r = rng.random()
        if r < 0.10:
            return ["escape"]
        if r < 0.14:
            return ["enter"] * rng.randint(1, 2)
        return [rng.choice(["up", "down", "left", "right", "s", "v", "V", "ctrl+k", "space", *"hlajcf"])]
    r = rng.random()
    if isinstance(app.focused, NetworkView) and r < 0.5:  # pick links, then change the shape under them
        return [rng.choice(NETWORK)]
    if r < 0.45:
        return [rng.choice(MAIN)]
    if r < 0.55:  # to another panel (the network view is three tabs from the top bar)
        return [rng.choice(["tab", "shift+tab"])] * rng.randint(1, 4)
    if r < 0.91:
        return [rng.choice(MOVES) for _ in range(rng.randint(1, 3))]
    if r < 0.985:
        return [rng.choice(DIALOGS)]
    return [rng.choice(GALLERY[:2])]


def check(app) -> None:
    """The app is alive and its state consistent; AssertionError says what is not."""
    assert app.is_running and app_error(app) is None, f"the app stopped: {app_error(app)!r}"
    stack = app.screen_stack
    assert isinstance(stack[0], PlaygroundScreen) and app.screen is stack[-1], stack
    assert len({id(s) for s in stack}) == len(stack) and len(stack) <= 4, stack
    assert all(not isinstance(s, PlaygroundScreen) for s in stack[1:]), stack
    main: PlaygroundScreen = stack[0]
    config = main.config
    try:
        Config(**{f: getattr(config, f) for f in config.__dataclass_fields__})
    except ConfigError as exc:
        raise AssertionError(f"invalid config {config}: {exc}") from None
    layers = config.layers
    assert 0 <= main.selected_layer <= max(0, len(layers) - 1), (main.selected_layer, layers)
    view = main.query_one(NetworkView)
    assert 0 <= view.selected <= max(0, len(layers) - 1), (view.selected, layers)
    sizes = config.shape
    if view.cursor is not None:
        c, i = view.cursor
        assert 0 <= c < len(sizes) and 0 <= i < sizes[c], (view.cursor, sizes)
        assert view.part == BIAS or (c > 0 and 0 <= view.part < sizes[c - 1]), (view.part, view.cursor, sizes)
    picker = main.query_one(DataPicker)
    assert 0 <= picker.cursor < 100, picker.cursor
    features = main.query_one(FeatureList)
    assert 0 <= features.cursor < 7, features.cursor
    for screen in stack:
        if isinstance(screen, GalleryScreen):
            grid = screen.query_one(TileGrid)
            assert 0 <= grid.selected < len(grid.labels), (grid.selected, len(grid.labels))
            assert 0 <= grid.position < len(grid.order)


async def settle(pilot, pause: float = 0.0) -> None:
    """Until the keys sent have been handled. (Pilot's press and pause wait
    for the process to go idle, which a training app never does: 1 s a key.)"""
    await pilot._wait_for_screen()
    await asyncio.sleep(pause)


async def monkey(keys: int, seed: int, *, size=(120, 40), every: int = 5, pause: float = 0.0,
                 progress=None) -> Tally:
    """Press `keys` random keys from `seed` on a training app; check every `every` keys.
    Raises AssertionError (or the app's exception) at the first problem."""
    rng = random.Random(seed)
    app = make_app(Config(seed=str(seed), dataset="spiral", layers=(4, 2)), autostart=True)
    tally = Tally()

    def disarmed_quit() -> None:
        tally.quits += 1

    app.action_quit = disarmed_quit
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        while tally.keys < keys:
            chosen = pick(rng, app)
            if len(chosen) > 1 and rng.random() < 0.5:
                burst(app, *chosen)  # one input read: none handled before the next arrives
            else:
                for key in chosen:  # one read each, each handled before the next
                    burst(app, key)
                    await settle(pilot)
            await settle(pilot, pause)
            tally.keys += len(chosen)
            name = type(app.screen).__name__
            tally.screens[name] = tally.screens.get(name, 0) + 1
            if tally.keys // every != (tally.keys - len(chosen)) // every:
                check(app)
                tally.checks += 1
                if progress is not None:
                    progress(tally)
        await pilot.pause(0.1)
        check(app)
        app.playground.playing = False
    return tally
