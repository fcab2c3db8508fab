"""HelpScreen: every key binding, grouped, in one scrollable list."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from .dialog import DismissOnce

# Keys handled inside focused views rather than by the app.
VIEW_KEYS = (
    ("tab / shift+tab", "move focus between top bar, data, features and network"),
    ("arrows", "move inside the focused view (top bar: ←/→ setting, ↑/↓ value)"),
    ("enter", "choose the data set / toggle the feature under the cursor"),
    ("network: , .", "choose the bias or an incoming link of the neuron under the cursor"),
    ("network: enter / esc", "edit that value / show the output again"),
    ("chart: ← → home end", "move the loss chart's cursor (tab to the chart, or click it); esc hides it"),
    ("gallery (G, S): v", "next set of variants; h l a j c f: vary the layers, rate, activation, optimizer, "
                          "loss or schedule"),
    ("network: a with the cursor on a layer", "that layer's activation only (one per layer)"),
    ("points (m): enter c del C u", "add a point / its class / delete the nearest / clear / undo"),
    ("points (m): S L esc", "save the points as CSV / load a CSV / done"),
    ("ctrl+p", "command palette: every action by name"),
)


class HelpScreen(DismissOnce, ModalScreen[None]):
    """Lists `bindings` (key, description) and the keys views handle."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: round $accent; padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", show=True),
    ]

    def __init__(self, bindings: list[tuple[str, str]]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "spiral-tui keys"
            scroll.border_subtitle = "esc closes"
            yield Static(key_table(self.bindings))

    def action_dismiss(self) -> None:
        self.dismiss(None)


def key_table(bindings: list[tuple[str, str]]) -> Group:
    """App keys in two columns (so that 80x24 shows them all), view keys below."""
    keys = Table.grid(padding=(0, 1))
    for _ in range(2):
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
    half = (len(bindings) + 1) // 2
    for left, right in zip(bindings[:half], (*bindings[half:], ("", ""))):
        keys.add_row(Text(left[0]), Text(left[1]), Text(right[0]), Text(right[1]))
    views = Table.grid(padding=(0, 1))
    views.add_column(style="bold", no_wrap=True)
    views.add_column()
    for key, description in VIEW_KEYS:
        views.add_row(Text(key), Text(description))
    return Group(keys, Text(""), views)
