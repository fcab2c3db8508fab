"""LessonPanel: the open lesson beside the main screen's output, or as two
lines above the footer on small terminals (view.py says what it shows)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from .view import LessonState, line_text, panel_text

SIDE_WIDTH = 36  # columns of the side panel, its border included
LINE_ROWS = 2
SIDE_FROM = (120, 32)  # a side panel from this size on (columns, rows); a line below


def side_fits(width: int, height: int) -> bool:
    return width >= SIDE_FROM[0] and height >= SIDE_FROM[1]


class LessonPanel(VerticalScroll):
    """Shows a LessonState; `side` chooses the panel or the line form."""

    DEFAULT_CSS = f"""
    LessonPanel {{ width: {SIDE_WIDTH}; height: 1fr; border-left: vkey $primary; padding: 0 1;
                   background: $surface; }}
    LessonPanel.-line {{ width: 1fr; height: {LINE_ROWS}; border-left: none; padding: 0 1;
                         background: $panel; scrollbar-size: 0 0; }}
    LessonPanel > Static {{ width: 1fr; }}
    LessonPanel.-line > Static {{ text-wrap: nowrap; text-overflow: ellipsis; }}
    """

    def __init__(self, side: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.side = side
        self.set_class(not side, "-line")
        self.can_focus = False
        self._state: LessonState | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-text")

    def on_mount(self) -> None:
        if self._state is not None:
            self.show(self._state)

    def show(self, state: LessonState) -> None:
        """Show `state` now, or once mounted (a snapshot can come first)."""
        self._state = state
        for text in self.query("#lesson-text").results(Static):
            text.update(panel_text(state) if self.side else line_text(state))

    @property
    def room(self) -> tuple[int, int]:
        """(columns, rows) the panel takes from the main screen."""
        return (SIDE_WIDTH, 0) if self.side else (0, LINE_ROWS)
