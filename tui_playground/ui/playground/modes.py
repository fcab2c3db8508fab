"""The main screen's modes and the footer in each.

A mode is a view that has the keys: the points editor (m: the heatmap, its
title says POINTS), the network cursor (tab to the network), or another view
tab reaches (the top bar, the data sets, the features, the loss chart). In a
mode the footer shows that mode's own keys (its widget's bindings, `esc Done`
among them: how to leave it), then what space will do and `?` help; not the
main screen's keys, which still work where the mode does not bind the key
(docs/keys.md). Without a mode the footer shows the main screen's keys.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import ActiveBinding
from textual.widgets import Footer

from ..widgets.data_picker import DataPicker
from ..widgets.feature_list import FeatureList
from ..widgets.heatmap import BoundaryHeatmap
from ..widgets.loss_chart import LossChart
from ..widgets.network_view import NetworkView
from ..widgets.top_bar import TopBar

if TYPE_CHECKING:
    from textual.screen import Screen

# The main screen's actions a mode's footer keeps: what space does, and help.
KEEP = ("play", "pause", "help")
# ... and per mode, main-screen keys it gives its own meaning, with their footer label.
MODE_KEYS = {"network": {"cycle('activation', 1)": "Activation"}}
VIEWS = (TopBar, DataPicker, FeatureList, LossChart)


def focused_mode(screen: Screen) -> str:
    """The mode whose keys the focused view has, or "": the footer shows its
    keys and help (?) puts it first, so both name the same mode. A network
    cursor left on while another view has focus is not the mode then."""
    focused = screen.focused
    if isinstance(focused, BoundaryHeatmap):
        return "points" if focused.editing else ""
    if isinstance(focused, NetworkView):
        return "network"
    return "views" if isinstance(focused, VIEWS) else ""


def footer_bindings(screen: Screen, bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """What the footer shows of `bindings` (the screen's active ones): in a
    mode, the focused view's keys first, then the mode's own use of main keys,
    then space and ?; outside one, all of them."""
    mode = focused_mode(screen)
    if not mode:
        return bindings
    ours = {key: b for key, b in bindings.items() if b.node is not screen and b.node is not screen.app}
    # How to leave (esc, and any other key of its action) goes last of the
    # mode's keys; esc first of them, as the footer shows an action's first key.
    done = ours["escape"].binding.action if "escape" in ours else None
    leave = {key: b for key, b in sorted(ours.items(), key=lambda kb: kb[0] != "escape") if b.binding.action == done}
    shown = {key: b for key, b in ours.items() if key not in leave}
    relabel = MODE_KEYS.get(mode, {})
    for key, b in bindings.items():
        if key not in ours and b.binding.action in relabel:
            shown[key] = b._replace(binding=replace(b.binding, show=True, description=relabel[b.binding.action]))
    shown.update(leave)
    shown.update((key, b) for key, b in bindings.items() if key not in ours and b.binding.action in KEEP)
    return shown


class ModeFooter(Footer):
    """The footer of the main screen: the palette key only outside a mode (the
    mode's keys need the room at 80 columns; ctrl+p still works)."""

    def compose(self):
        self.set_reactive(Footer.show_command_palette, not focused_mode(self.screen))
        yield from super().compose()
