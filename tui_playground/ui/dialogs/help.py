"""HelpScreen: every key, grouped, the current mode's first, in columns that
fit the terminal: one screen at 120x40, at most two pages at 80x24, and no
line wider than the box (tests/ui/test_help.py renders it and checks)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from .dialog import DismissOnce

Section = tuple[str, list[tuple[str, str]]]  # (title, [(keys, description)])
GAP = 3  # columns between two columns of keys


def column_width(sections: list[Section]) -> tuple[int, int]:
    """(key column, whole column) widths that hold every row unbroken."""
    keys = max(len(k) for _t, rows in sections for k, _d in rows)
    text = max([keys + 1 + len(d) for _t, rows in sections for _k, d in rows]
               + [len(t) for t, _rows in sections])
    return keys, text


def help_lines(sections: list[Section], width: int, height: int) -> list[Text]:
    """The sections in as many columns as `width` holds, each `height` rows
    (a page: the screen), filled top to bottom; a section that does not fit
    goes on in the next column under its title again ("... more")."""
    keys, col = column_width(sections)
    per_page = max(1, (width + GAP) // (col + GAP))
    columns: list[list[Text]] = [[]]
    for title, rows in sections:
        heading = title
        for k, d in rows:
            column = columns[-1]
            room = height - len(column)
            if room < (2 if heading else 1):  # a title never ends a column
                columns.append([])
                column, heading = columns[-1], heading or f"{title} (more)"
            if heading:
                column.append(Text(heading, style="bold underline"))
                heading = ""
            column.append(Text.assemble((k.ljust(keys), "bold"), " ", d))
    lines: list[Text] = []
    for start in range(0, len(columns), per_page):
        page = columns[start:start + per_page]
        rows_here = height if start + per_page < len(columns) else max(len(c) for c in page)
        for r in range(rows_here):
            line = Text()
            for i, column in enumerate(page):
                cell = column[r] if r < len(column) else Text("")
                line.append_text(cell)
                if i < len(page) - 1:
                    line.append(" " * (col + GAP - cell.cell_len))
            line.rstrip()  # in place (Rich's Text.rstrip returns None)
            lines.append(line)
    return lines


class HelpScreen(DismissOnce, ModalScreen[None]):
    """Lists `sections` of keys, laid out for the terminal's size."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: auto; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: round $accent; padding: 0 1;
    }
    HelpScreen Static { width: auto; }
    """

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", show=True),
        Binding("pagedown,space", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "spiral-tui keys"
            scroll.border_subtitle = "esc closes"
            yield Static(id="help-keys")

    def on_mount(self) -> None:
        self._fill()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        width, height = self.app.size
        inner_w, inner_h = width - 4, height - 2  # border and padding
        lines = help_lines(self.sections, inner_w, inner_h)
        self.pages = -(-len(lines) // inner_h)
        self.query_one("#help-keys", Static).update(Text("\n").join(lines))
        self.page = 0
        self._show_page()

    def _show_page(self) -> None:
        """Scroll to `page`; the border says which page this is and where space goes."""
        scroll = self.query_one(VerticalScroll)
        scroll.scroll_to(y=self.page * (self.app.size.height - 2), animate=False)
        after = (self.page + 1) % self.pages + 1
        scroll.border_subtitle = "esc closes" + (
            f" · page {self.page + 1} of {self.pages} · space: page {after}" if self.pages > 1 else "")

    def action_page(self, delta: int) -> None:
        """The next (delta 1; after the last: the first) or previous page."""
        self.page = (self.page + delta) % self.pages
        self._show_page()

    def action_dismiss(self) -> None:  # type: ignore[override]  # a key's action: closes once (DismissOnce)
        self.dismiss(None)
