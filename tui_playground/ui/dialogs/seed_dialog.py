"""SeedDialog: type a seed; Enter restarts from it, Escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ...config import MAX_SEED_LENGTH, Config, ConfigError
from .dialog import DismissOnce


def seed_problem(value: str) -> str | None:
    """Why `value` can't be a seed (one short line), or None."""
    if not value:
        return "A seed can't be empty."
    try:
        Config(seed=value)
    except ConfigError:
        return f"Up to {MAX_SEED_LENGTH} printable characters (this one has {len(value)})." \
            if len(value) > MAX_SEED_LENGTH else "Only printable characters: no control codes."
    return None


class SeedDialog(DismissOnce, ModalScreen[str | None]):
    """Returns the new seed text, or None when cancelled."""

    DEFAULT_CSS = """
    SeedDialog { align: center middle; }
    SeedDialog > Vertical {
        width: 44; height: auto; background: $panel; border: round $accent; padding: 0 1;
    }
    SeedDialog Label { width: 1fr; color: $text-muted; }
    SeedDialog #error { color: $error; display: none; }
    SeedDialog #error.-shown { display: block; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, seed: str) -> None:
        super().__init__()
        self.seed = seed

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Seed"
            yield Input(value=self.seed, id="seed")
            yield Label("", id="error", markup=False)
            yield Label("Same seed: same points, same first weights.\nEnter restarts from it · Esc cancels",
                        markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A seed the config refuses (too long, control characters) keeps the
        dialog open with the reason: closing it restarted the run for nothing."""
        value = event.value.strip()
        problem = seed_problem(value)
        if problem:
            error = self.query_one("#error", Label)
            error.update(problem)
            error.add_class("-shown")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
