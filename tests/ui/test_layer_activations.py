"""One activation per hidden layer in the app: `a` with the network view's
cursor on a hidden layer changes that layer's, h/H keep the list in step with
the layers, the network view and the top bar show it, links and sessions keep it."""

from __future__ import annotations

import pytest
from ui_helpers import focused_view, text_rows, wait_until

from tui_playground.config import Config, from_url
from tui_playground.files.session import load_session, save_session
from tui_playground.ui.app import make_app
from tui_playground.ui.render.network_drawing import layer_head
from tui_playground.ui.widgets.network_view import NetworkView
from tui_playground.ui.widgets.top_bar import TopBar


def heads(app) -> list[str]:
    return text_rows(app.query_one(NetworkView)._cells)[1].split()


async def trained_on(pilot, config: Config) -> None:
    """Until the trainer runs `config` (the worker applies it between slices)."""
    await wait_until(pilot, lambda: pilot.app.trainer.config == config)


def test_a_column_head_names_its_activation_when_it_fits():
    assert layer_head(8, "leaky-relu", True, 9) == "▸8 lrelu"
    assert layer_head(8, "leaky-relu", True, 7) == "▸8"
    assert layer_head(4, None, False, 20) == "4"


async def test_a_on_a_hidden_layer_changes_that_layer_and_without_a_cursor_all_of_them():
    app = make_app(Config(seed="0.5", layers=(4, 2), activation="tanh"))
    async with app.run_test(size=(120, 40)) as pilot:
        await focused_view(pilot)
        assert heads(app) == ["in", "▸4", "2", "out"]  # one activation for all: the top bar says it
        await pilot.press("right", "a")  # the cursor on layer 2
        assert app.config.activation == "tanh,sigmoid"
        await trained_on(pilot, app.config)
        assert app.trainer.config.hidden_activations == ("tanh", "sigmoid")
        assert heads(app) == ["in", "4", "tanh", "▸2", "sigm", "out"]
        assert " act tanh,sigm" in app.query_one(TopBar).render().plain
        await pilot.press("A", "A")  # back past tanh, to relu
        assert app.config.activation == "tanh,relu"
        await pilot.press("escape", "a")  # no cursor: every layer, from the first one's
        assert app.config.activation == "sigmoid"
        assert heads(app) == ["in", "4", "▸2", "out"]


async def test_h_and_H_keep_the_list_in_step_and_link_and_session_keep_it(tmp_path):
    app = make_app(Config(seed="0.5", layers=(4, 2), activation="relu,elu"))
    async with app.run_test(size=(120, 40)) as pilot:
        await focused_view(pilot)  # the cursor starts on layer 1
        await pilot.press("down", "h")  # a layer after layer 1 takes layer 1's activation
        assert (app.config.layers, app.config.activation) == ((4, 2, 2), "relu,relu,elu")
        await pilot.press("right", "a")  # the cursor on the new layer's right neighbour (layer 3)
        assert app.config.activation == "relu,relu,swish"
        await pilot.press("left", "H")  # layer 2 goes, and its entry
        assert (app.config.layers, app.config.activation) == ((4, 2), "relu,swish")
        await trained_on(pilot, app.config)
        await pilot.press("s")
        await wait_until(pilot, lambda: app.trainer.epoch == 1)
        assert from_url(app.config.to_url()) == app.config
        save_session(app.trainer, tmp_path / "s.json")
        loaded = load_session(tmp_path / "s.json")
        assert loaded.config == app.config and loaded.epoch == 1


@pytest.mark.parametrize("last", [True, False])
async def test_removing_down_to_one_layer_leaves_one_name(last):
    app = make_app(Config(seed="0.5", layers=(4, 2), activation="relu,elu"))
    async with app.run_test(size=(120, 40)) as pilot:
        await focused_view(pilot)
        await pilot.press(*(["right", "H"] if last else ["H"]))
        assert app.config.activation == ("relu" if last else "elu") and len(app.config.layers) == 1
        await pilot.press("H", "h")  # no hidden layer, then one again
        assert app.config.layers == (2,) and app.config.activation == ("relu" if last else "elu")
