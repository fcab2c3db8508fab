"""SettingKeys: what the main screen's setting keys do (the key table in
keys.py binds them; edits.py holds what each does to a Config). A mixin of
PlaygroundScreen: every change goes through its `apply_config`, so a value
that cannot be shown is refused in one line and nothing else moves; the layer
keys act on the selected layer (`selected_layer`, the `<` `>` keys).
"""

from __future__ import annotations

from typing import Callable

from ...config import Config, ConfigError
from ..widgets.network_view import NetworkView
from . import edits
from .keys import by_setting


class SettingKeys:
    """The setting keys' actions, mixed into a Screen with `config`,
    `apply_config`, `selected_layer` (PlaygroundScreen)."""

    config: Config
    selected_layer: int
    apply_config: Callable[[Config], None]

    def change(self, **changes) -> None:
        """Apply `changes` to the config, or say in one line why not."""
        self._change_to(lambda c: c.replace(**changes))

    def _change_to(self, edit: Callable[[Config], Config]) -> None:
        """Apply edit(config) -> Config, or say in one line why not."""
        try:
            config = edit(self.config)
        except ConfigError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.apply_config(config)

    def action_cycle(self, name: str, delta: int) -> None:
        if name == "activation":  # the network cursor's layer, else every layer
            layer = self.query_one(NetworkView).cursor_layer()
            self._change_to(lambda c: edits.step_activation(c, layer, delta))
        else:
            self._change_to(lambda c: edits.cycle(c, name, delta))

    def action_adjust(self, field: str, delta: int) -> None:
        self._change_to(lambda c: edits.adjust(c, field, delta))

    def action_classes(self, delta: int) -> None:
        before = self.config.classes
        self._change_to(lambda c: edits.step_classes(c, delta))
        if (classes := self.config.classes) != before:
            self.notify(f"{classes} classes: {self.config.dataset}" + (" (softmax outputs)" if classes > 2 else ""))

    def action_set_data(self, name: str) -> None:
        self.apply_config(self.config.with_data(name))

    def action_toggle_feature(self, number: int) -> None:
        self._change_to(lambda c: edits.toggle_feature(c, number))

    def action_toggle(self, field: str) -> None:
        self._change_to(lambda c: edits.toggle(c, field))

    def action_layers(self, delta: int) -> None:
        """h adds a hidden layer after the selected one, H removes the selected."""
        if delta < 0:
            self._change_to(lambda c: edits.remove_layer(c, self.selected_layer))
            return
        try:
            config, at = edits.add_layer(self.config, self.selected_layer)
        except ConfigError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.apply_config(config)
        self.action_select_layer(at)

    def action_neurons(self, delta: int) -> None:
        self._change_to(lambda c: edits.resize_layer(c, self.selected_layer, delta))

    async def action_step_setting(self, name: str, delta: int) -> None:
        """Step setting `name` as its key does (the top bar's arrows)."""
        await self.run_action(by_setting()[name][1 if delta > 0 else -1].action)

    def action_select_layer(self, index: int) -> None:
        self.selected_layer = max(0, min(len(self.config.layers) - 1, index))
        self.query_one(NetworkView).select_layer(self.selected_layer)

    def action_select_layer_by(self, delta: int) -> None:
        self.action_select_layer(self.selected_layer + delta)
