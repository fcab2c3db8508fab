"""OneToast: at most one notification on screen, the newest, in plain text.

Textual stacks toasts in the bottom-right corner, which on the main screen is
the output picture and its loss chart: three quick changes (`K K m`) covered
it three times over. The apps take this mixin, so a new toast replaces the one
shown. Messages often hold file names and error text from elsewhere
(`spiral-tui[onnx]`, `[1]`): they are shown as written, never read as markup.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

from textual.app import App
from textual.notifications import SeverityLevel


@dataclass(frozen=True)
class Told:
    """One message shown in a toast."""

    message: str
    severity: SeverityLevel


class OneToast(App):
    """Mix in before App: `class X(OneToast, App[int])`."""

    told: deque[Told]
    """The last messages shown, oldest first (each toast replaced the one before)."""

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        if threading.current_thread() is not threading.main_thread():  # the toasts are the UI thread's
            self.call_from_thread(self.notify, message, title=title, severity=severity, timeout=timeout)
            return
        if not hasattr(self, "told"):
            self.told = deque(maxlen=50)
        self.told.append(Told(message, severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _on_notify(self, event) -> None:
        # Textual adds a notification when its message arrives, not at notify():
        # the toasts shown are cleared here, so that keys in one read (`k k k`
        # as a terminal sends them) leave one toast, the newest, not one each.
        self._notifications.clear()
        super()._on_notify(event)
