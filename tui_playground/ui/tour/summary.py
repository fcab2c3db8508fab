"""TourSummary: the tour's last picture, the founding video's table.

One row per step: the data, the hidden layers, the final test loss and whether
the network learned the data (test loss under the sweep's success threshold).
It holds for `hold_s` seconds (time to read it, or for a recording to show
it), then closes by itself; any of q, esc, enter closes it at once.
"""

from __future__ import annotations

import math

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from ...sweeps.core import DEFAULT_SUCCESS, Step, format_setting

HOLD_S = 6.0


Row = tuple[str, str, str, str, str, str]


def summary_rows(steps: tuple[Step, ...], losses: list[float], success: float = DEFAULT_SUCCESS) -> list[Row]:
    """(step, data, inputs, hidden layers, test loss, learned) texts; a step
    never finished (skipped with n) shows '-' for its loss."""
    rows = []
    for k, (step, loss) in enumerate(zip(steps, losses)):
        c = step.config
        done = loss is not None and not math.isnan(loss)
        learned = "-" if not done else ("yes" if loss < success else "no")
        rows.append((str(k + 1), c.data_name, format_setting("features", c.features), format_setting("layers", c.layers),
                     f"{loss:.3f}" if done else "-", learned))
    return rows


def summary_table(rows: list[Row], success: float = DEFAULT_SUCCESS) -> Table:
    table = Table(box=None, padding=(0, 2), show_edge=False, header_style="bold",
                  caption=f"learned: final test loss below {success:g}", caption_style="dim")
    for name, justify in (("step", "right"), ("data", "left"), ("inputs", "left"), ("hidden layers", "left"),
                          ("test loss", "right"), ("learned", "left")):
        table.add_column(name, justify=justify, no_wrap=True)
    for row in rows:
        table.add_row(*row[:5], Text(row[5], style="bold" if row[5] == "yes" else "dim"))
    return table


class TourSummary(Screen[None]):
    """The table for `steps` and their final test `losses` (NaN: not finished)."""

    DEFAULT_CSS = """
    TourSummary { align: center middle; }
    TourSummary #summary-head { dock: top; height: 1; background: $panel; color: $text; }
    TourSummary #summary-body { height: auto; }
    TourSummary #summary-title { width: 100%; text-align: center; text-style: bold; margin-bottom: 1; }
    TourSummary #summary-table { width: auto; height: auto; }
    TourSummary #summary-foot { dock: bottom; height: 1; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [Binding("q,escape,enter", "close", "Close")]

    def __init__(self, steps: tuple[Step, ...], losses: list[float], *, title: str = "the founding video",
                 hold_s: float = HOLD_S) -> None:
        super().__init__()
        self.rows = summary_rows(steps, losses)
        self.tour_title = title
        self.hold_s = hold_s

    def compose(self) -> ComposeResult:
        learned = sum(r[5] == "yes" for r in self.rows)
        yield Static(f" TOUR  summary  ·  {learned} of {len(self.rows)} networks learned their data",
                     id="summary-head")
        with Vertical(id="summary-body"):
            yield Static(self.tour_title, id="summary-title")
            with Center():
                yield Static(summary_table(self.rows), id="summary-table")
        yield Static("q, esc or enter closes", id="summary-foot")

    def on_mount(self) -> None:
        self.set_timer(self.hold_s, self.action_close)

    def action_close(self) -> None:
        if self.is_current:
            self.dismiss(None)
