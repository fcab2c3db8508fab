"""DismissOnce: a screen that closes once, however many keys ask it to.

Keys arrive in bursts: a fast double tap over SSH or a paste that ends in a
newline puts two Enters in one input read, and both reach the dialog's field
before the first Submitted is handled; Escape can follow an Enter the same
way. Textual's `dismiss` pops whatever screen is on top, so a second call
would pop the screen under the dialog (`ScreenStackError` when it is the
last one, the app gone with its training). Every screen that dismisses
itself takes this mixin: the first `dismiss` pops it and calls back, later
ones do nothing, and a submit or button press still queued for it is dropped
(its work must not run twice either).
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.message import Message
from textual.widgets import Button, Input

# Messages that mean "do it" and must not reach a dialog that has closed.
LATE = (Input.Submitted, Button.Pressed)


class DismissOnce:
    """Mix in before a Screen class: `class X(DismissOnce, ModalScreen[T])`."""

    _dismissal: AwaitComplete | None = None

    @property
    def closing(self) -> bool:
        """Whether the screen has been dismissed (it may still be on its way out)."""
        return self._dismissal is not None

    # A mixin: `app`, `dismiss` and `_on_message` are those of the Screen after it
    # in the MRO, which mypy cannot see from here (hence the three ignores).
    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self._dismissal is not None:
            return self._dismissal
        # something is over it: popping would close that instead
        if self.app.screen is not self:  # type: ignore[attr-defined]
            return AwaitComplete()
        self._dismissal = super().dismiss(result)  # type: ignore[misc]
        return self._dismissal

    async def _on_message(self, message: Message) -> None:
        if self._dismissal is not None and isinstance(message, LATE):
            message.stop()
            return
        await super()._on_message(message)  # type: ignore[misc]


class OncePalette(DismissOnce, CommandPalette):
    """Textual's command palette, closing once and running the chosen command once.

    Each queued Enter selects the highlighted command again, and each
    selection comes back here: only the first may close and run it."""

    def _select_or_command(self, event=None) -> None:
        if self.closing:
            if event is not None:
                event.stop()
            return
        super()._select_or_command(event)


def open_palette(app) -> None:
    """The apps' `action_command_palette` (Textual's, with OncePalette)."""
    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(OncePalette(id="--command-palette"))
