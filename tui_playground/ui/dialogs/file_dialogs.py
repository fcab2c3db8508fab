"""Dialogs for links and files: show a link, ask for a path or a link.

`AskDialog` is one text field (plus optional checkboxes). Enter calls its
`submit(text, checks)`, whichever control has focus (space toggles a
checkbox), which does the work and returns None, or returns a one-line error:
the error shows in the dialog, which stays open so the user can fix the text;
nothing else has changed. Slow work (reading a session or a big CSV) runs off
the UI thread: `submit` returns a `Pending` error-or-None, and the dialog says
it is working (Enter waits; Escape closes it, the work still ends and says so).
Text in the dialogs is plain, never read as markup (`spiral-tui[onnx]` shows as
written).
"""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from ..runtime.worker import Pending
from .dialog import DismissOnce

# submit(text, {checkbox id: value}) -> error line, or None when done (or a Pending one of those).
Submit = Callable[[str, dict[str, bool]], "str | None | Pending"]

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 72; max-width: 100%; height: auto; max-height: 100%;
    background: $panel; border: round $accent; padding: 0 1;
}}
{name} .hint {{ width: 1fr; color: $text-muted; }}
{name} .error {{ width: 1fr; color: $error; display: none; }}
{name} .error.-shown {{ display: block; }}
{name} .error.-working {{ color: $text-muted; }}
{name} Input {{ margin: 1 0; }}
{name} Checkbox {{ background: $panel; }}
"""


MAX_ERROR = 240  # characters: an error echoes the text, which may be a 100 KB paste


def shortened(message: str) -> str:
    """An error for the dialog: control characters shown as escapes, at most
    MAX_ERROR characters (the start and the end kept), so the field and the
    buttons stay on screen."""
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in message)
    if len(text) <= MAX_ERROR:
        return text
    return text[: MAX_ERROR - 60] + " ... " + text[-55:]


class SpaceCheckbox(Checkbox, inherit_bindings=False):
    """A checkbox that space toggles; Enter goes on to the dialog (it confirms)."""

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False)]


class AskDialog(DismissOnce, ModalScreen[tuple[str, dict[str, bool]] | None]):
    """Returns (text, checks) once `submit` accepted them, None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AskDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("enter", "confirm", "OK", show=False)]

    def __init__(self, title: str, submit: Submit, *, value: str = "", placeholder: str = "",
                 hint: str = "", checks: tuple[tuple[str, str, bool], ...] = ()) -> None:
        """checks: (id, label, initial value) of the checkboxes under the field."""
        super().__init__()
        self.title_text, self.submit, self.hint = title, submit, hint
        self.value, self.placeholder, self.checks = value, placeholder, checks

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(self.title_text)
            box.border_subtitle = "enter: ok · space: tick · esc: cancel" if self.checks else "enter: ok · esc: cancel"
            yield Input(value=self.value, placeholder=self.placeholder, compact=True, id="text")
            for check_id, label, initial in self.checks:
                yield SpaceCheckbox(Content(label), initial, compact=True, id=check_id)
            yield Label("", classes="error", id="error", markup=False)
            if self.hint:
                yield Label(self.hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    working = False  # a Pending submit is on its way

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        """Enter, wherever the focus is (the field sends Submitted, which comes here)."""
        if self.closing or self.working:  # a second Enter of a burst, or one while it works
            return
        text = self.query_one("#text", Input).value.strip()
        checks = {c.id: c.value for c in self.query(Checkbox) if c.id}
        outcome = self.submit(text, checks)
        if isinstance(outcome, Pending):
            self.working = True
            self.show_error("Working…", working=True)
            outcome.when_done(lambda error: self._answered(text, checks, error))
        else:
            self._answered(text, checks, outcome)

    def _answered(self, text: str, checks: dict[str, bool], error: str | None) -> None:
        self.working = False
        if self.closing or not self.is_attached:
            return  # closed with Escape meanwhile (the work has said how it went)
        if error:
            self.show_error(error)
        else:
            self.dismiss((text, checks))

    def show_error(self, message: str, working: bool = False) -> None:
        label = self.query_one("#error", Label)
        label.update(shortened(message))
        label.set_class(True, "-shown")
        label.set_class(working, "-working")

    @property
    def error(self) -> str:
        """The error line shown, '' when none (or while working)."""
        label = self.query_one("#error", Label)
        return str(label.content) if label.has_class("-shown") and not label.has_class("-working") else ""

    def action_cancel(self) -> None:
        self.dismiss(None)


class LinkDialog(DismissOnce, ModalScreen[None]):
    """Shows a playground link, selectable (shift+arrows or mouse, ctrl+c copies)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="LinkDialog") + """
    LinkDialog TextArea { height: auto; max-height: 12; border: none; padding: 0; margin: 1 0; }
    """
    BINDINGS = [Binding("escape,enter,u", "close", "Close")]

    def __init__(self, link: str, note: str = "") -> None:
        super().__init__()
        self.link, self.note = link, note

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Playground link"
            box.border_subtitle = "esc closes"
            yield TextArea(self.link, read_only=True, soft_wrap=True, show_cursor=False, id="link")
            yield Static(self.note, classes="hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
