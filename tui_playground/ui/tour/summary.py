"""TourSummary: the tour's last picture, the founding video's table.

One row per step: the data, the hidden layers, the final test loss and accuracy
and whether the network learned the data, by the sweep's criterion
(sweeps.member.is_learned). The headline counts only the steps that trained: a
step skipped before it finished shows '-' and counts for neither side.
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

from ...sweeps.member import DEFAULT_SUCCESS, DEFAULT_SUCCESS_ACCURACY, is_learned
from ...sweeps.presets import Step
from ...sweeps.spec import format_setting

HOLD_S = 6.0


Row = tuple[str, str, str, str, str, str, str]


def _done(value: float | None) -> bool:
    """Whether a step's final loss was measured (NaN: never finished; inf: diverged, but trained)."""
    return value is not None and not math.isnan(value)


def learned_text(step: Step, loss: float | None, accuracy: float | None) -> str:
    """'yes' / 'no' by the sweep's criterion (sweeps.member.is_learned; by the loss
    when no accuracy was measured), '-' for a step never finished."""
    if loss is None or not _done(loss):
        return "-"
    measured = accuracy is not None and _done(accuracy)
    return "yes" if is_learned(step.config.problem, loss, accuracy if measured else math.nan,
                               not math.isfinite(loss),
                               success_accuracy=DEFAULT_SUCCESS_ACCURACY if measured else None) else "no"


def headline(rows: list[Row]) -> str:
    """'3 of 4 trained steps learned their data' (+ how many were skipped)."""
    trained = [r for r in rows if r[6] != "-"]
    learned = sum(r[6] == "yes" for r in trained)
    skipped = len(rows) - len(trained)
    return (f"{learned} of {len(trained)} trained step{'s' if len(trained) != 1 else ''} learned their data"
            + (f" ({skipped} skipped)" if skipped else ""))


def summary_rows(steps: tuple[Step, ...], losses: list[float], accuracies: list[float] | None = None) -> list[Row]:
    """(step, data, inputs, hidden layers, test loss, test accuracy, learned)
    texts; a step never finished (skipped with n) shows '-'."""
    accuracies = accuracies or [math.nan] * len(steps)
    rows = []
    for k, (step, loss, accuracy) in enumerate(zip(steps, losses, accuracies)):
        c = step.config
        rows.append((str(k + 1), c.data_name, format_setting("features", c.features), format_setting("layers", c.layers),
                     f"{loss:.3f}" if _done(loss) else "-", f"{accuracy:.1%}" if _done(accuracy) else "-",
                     learned_text(step, loss, accuracy)))
    return rows


def criterion_text(steps: tuple[Step, ...], accuracies: list[float] | None) -> str:
    """The caption: what 'learned' means for these steps."""
    by_accuracy = accuracies is not None and any(s.config.problem == "classification" for s in steps)
    loss = f"final test loss below {DEFAULT_SUCCESS:g}"
    if not by_accuracy:
        return f"learned: {loss}"
    accuracy = f"final test accuracy at least {DEFAULT_SUCCESS_ACCURACY:.0%}"
    mixed = any(s.config.problem != "classification" for s in steps)
    return f"learned: {accuracy}" + (f" (regression: {loss})" if mixed else "")


def summary_table(rows: list[Row], caption: str = f"learned: final test loss below {DEFAULT_SUCCESS:g}") -> Table:
    table = Table(box=None, padding=(0, 2), show_edge=False, header_style="bold", caption=caption,
                  caption_style="dim")
    for name, justify in (("step", "right"), ("data", "left"), ("inputs", "left"), ("hidden layers", "left"),
                          ("test loss", "right"), ("accuracy", "right"), ("learned", "left")):
        table.add_column(name, justify=justify, no_wrap=True)
    for row in rows:
        table.add_row(*row[:6], Text(row[6], style="bold" if row[6] == "yes" else "dim"))
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
                 hold_s: float = HOLD_S, accuracies: list[float] | None = None) -> None:
        super().__init__()
        self.rows = summary_rows(steps, losses, accuracies)
        self.caption = criterion_text(steps, accuracies)
        self.tour_title = title
        self.hold_s = hold_s

    def compose(self) -> ComposeResult:
        yield Static(f" TOUR  summary  ·  {headline(self.rows)}", id="summary-head", markup=False)
        with Vertical(id="summary-body"):
            yield Static(self.tour_title, id="summary-title", markup=False)
            with Center():
                yield Static(summary_table(self.rows, self.caption), id="summary-table")
        yield Static("q, esc or enter closes", id="summary-foot")

    def on_mount(self) -> None:
        self.set_timer(self.hold_s, self.action_close)

    def action_close(self) -> None:
        if self.is_current:
            self.dismiss(None)
