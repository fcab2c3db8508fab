"""SeedDialog: type a seed; Enter restarts from it, Escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from .dialog import DismissOnce


class SeedDialog(DismissOnce, ModalScreen[str | None]):
    """Returns the new seed text, or None when cancelled."""

    DEFAULT_CSS = """
    SeedDialog { align: center middle; }
    SeedDialog > Vertical {
        width: 44; height: auto; background: $panel; border: round $accent; padding: 0 1;
    }
    SeedDialog Label { width: 1fr; color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, seed: str) -> None:
        super().__init__()
        self.seed = seed

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Seed"
            yield Input(value=self.seed, id="seed")
            yield Label("Same seed: same points, same first weights.\nEnter restarts from it · Esc cancels",
                        markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.notify("a seed can't be empty", severity="warning")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
