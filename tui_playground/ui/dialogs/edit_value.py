"""EditValueDialog: type a new weight or bias; Enter applies, Escape cancels."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from .dialog import DismissOnce

LIMIT = 1000.0  # larger values only make tanh/sigmoid saturate or the loss overflow


def parse_value(text: str) -> float:
    """The number typed, or ValueError with a message for the user."""
    text = text.strip().replace("−", "-")
    if not text:
        raise ValueError("Type a number, e.g. 0.5 or -1.2.")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a number: type e.g. 0.5, -1.2 or 3e-2.") from None
    if not math.isfinite(value):
        raise ValueError("The value must be a finite number.")
    if abs(value) > LIMIT:
        raise ValueError(f"Keep it between -{LIMIT:g} and {LIMIT:g}.")
    return value


class EditValueDialog(DismissOnce, ModalScreen[float | None]):
    """Returns the new value, or None when cancelled. A bad number keeps the
    dialog open with the reason shown in it."""

    DEFAULT_CSS = """
    EditValueDialog { align: center middle; }
    EditValueDialog > Vertical {
        width: 50; max-width: 100%; height: auto; background: $panel; border: round $accent; padding: 0 1;
    }
    EditValueDialog Label { width: 1fr; color: $text-muted; }
    EditValueDialog #error { color: $error; display: none; }
    EditValueDialog #error.-shown { display: block; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: float, note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(self.title_text)  # plain text: never read as markup
            yield Input(value=f"{self.value:.6g}", id="value", select_on_focus=True)
            yield Label("", id="error", markup=False)
            yield Label(f"{self.note}\nEnter applies · Esc cancels".strip(), markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            value = parse_value(event.value)
        except ValueError as exc:
            error = self.query_one("#error", Label)
            error.update(str(exc))
            error.add_class("-shown")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
