"""TopBar: play state, epoch, speed, seed and every setting with its value,
over as many lines as the width needs (render/settings_text.py draws it)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from ...config import STOP_FIELDS, Config
from ..render.settings_text import FIELDS, Flowed, activation_text, bar_lines, setting_chips, status_chips

CHANGED_SECONDS = 2.0  # a value a key just changed stays underlined this long


@dataclass(frozen=True, eq=False)
class Status:
    """The bar's left half: play state (starting | paused | training |
    diverged), epoch, epochs per second, speed level, and the training path
    while it is not the compiled one ("numpy, compiling"; "" once compiled)."""

    state: str = "paused"
    epoch: int = 0
    rate: float = 0.0
    speed: str = "max"
    path: str = ""
    lr_now: float | None = None  # the scheduled learning rate of the next epoch (None: not known yet)

    def replace(self, **changes) -> "Status":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def _shown(self) -> tuple:
        return self.state, self.epoch, round(self.rate), self.speed, self.path, self.lr_now

    # Equal when the bar would look the same: a rate that moved by less than
    # one epoch per second repaints nothing.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Status) and self._shown() == other._shown()

    def __hash__(self) -> int:
        return hash(self._shown())


class TopBar(Widget, can_focus=True):
    """Left/right choose a setting, up/down step it. Mouse: a click chooses
    the setting under it (on the play state: play/pause), the wheel steps it.
    A value that just changed is underlined for a moment, where it lives."""

    DEFAULT_CSS = """
    TopBar { height: 2; width: 1fr; background: $panel; }
    """

    # In the footer while it has the focus (ui/playground/modes.py): a pair of arrows as one key.
    BINDINGS = [
        Binding("left", "field(-1)", "Setting", key_display="← →", tooltip="The previous setting"),
        Binding("right", "field(1)", "Next setting", show=False),
        Binding("up", "change(1)", "Change", key_display="↑ ↓", tooltip="Step the setting up / down"),
        Binding("down", "change(-1)", "Decrease", show=False),
        Binding("escape", "leave", "Done", tooltip="The keys back to the main screen"),
    ]

    config: reactive[Config] = reactive(Config, init=False)
    """The experiment (bound to the screen's): the settings shown."""
    status: reactive[Status] = reactive(Status, init=False)
    """Play state, epoch, rate, speed (bound to the screen's)."""

    @dataclass
    class SettingStepped(Message):
        """The user stepped setting `name` (one of FIELDS) by `delta`."""

        name: str
        delta: int

    class PlayToggled(Message):
        """The user clicked the play state."""

    class LinesChanged(Message):
        """The bar needs another number of lines (the screen lays out again)."""

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(TopBar.config, config)
        self.field = 0
        self.spans: dict[str, tuple[int, int, int]] = {}  # a chip -> (row, x0, x1) as last rendered
        self.changed: frozenset[str] = frozenset()
        self.lines = 2
        self._unmark_timer: Timer | None = None

    @property
    def state(self) -> str:
        return self.status.state

    @property
    def epoch(self) -> int:
        return self.status.epoch

    def watch_config(self, old: Config, new: Config) -> None:
        before = {c.name: c.value for c in setting_chips(old) + status_chips(old, self.status)}
        now = {c.name: c.value for c in setting_chips(new) + status_chips(new, self.status)}
        self.changed = frozenset(name for name, value in now.items() if before.get(name) != value)
        if self._unmark_timer is not None:
            self._unmark_timer.stop()
        self._unmark_timer = self.set_timer(CHANGED_SECONDS, self._unmark)
        self._fit()

    def watch_status(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _unmark(self) -> None:
        self.changed = frozenset()
        self.refresh()

    def flowed(self) -> Flowed:
        chosen = FIELDS[self.field] if self.has_focus else None
        return bar_lines(self.config, self.status, self.size.width or 80, chosen, self.changed)

    def _fit(self) -> None:
        """Take as many lines as the text needs (only a change of count lays the screen out again)."""
        lines = len(self.flowed().lines)
        if lines != self.lines:
            self.lines = lines
            self.styles.height = lines
            self.post_message(self.LinesChanged())

    def action_field(self, delta: int) -> None:
        self.field = (self.field + delta) % len(FIELDS)
        self.refresh()

    def action_change(self, delta: int) -> None:
        self.post_message(self.SettingStepped(FIELDS[self.field], delta))

    def field_at(self, x: int, y: int = 0) -> str | None:
        return next((name for name, (row, x0, x1) in self.spans.items() if row == y and x0 <= x < x1), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        name = self.field_at(event.x, event.y) if event.button == 1 else None
        if name == "state":
            self.post_message(self.PlayToggled())
        elif name in FIELDS:
            self.field = FIELDS.index(name)
            self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, 1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, -1)

    def _wheel(self, event: events.MouseEvent, delta: int) -> None:
        name = self.field_at(event.x, event.y)
        if name in FIELDS:
            event.stop()
            self.field = FIELDS.index(name)
            self.refresh()
            if name != "seed":  # the seed is typed (up/down open its dialog), never wheeled
                self.action_change(delta)

    def action_leave(self) -> None:
        self.screen.set_focus(None)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Text:
        flowed = self.flowed()
        self.spans = flowed.spans
        return Text("\n").join(flowed.lines)


def beyond_mark(c: Config, skip: str = "") -> str:
    """'+ elu xent adam sched stop': the settings the browser playground does
    not have ('' if none); `skip` leaves one field out (a gallery varies it)."""
    values = {"activation": activation_text(c), "loss": c.loss, "optimizer": c.optimizer, "lr_schedule": "sched"}
    words = [_SHORT.get(values[f], values[f]) for f in c.beyond_playground if f != skip]
    words += ["stop"] if c.stop_rules and skip not in STOP_FIELDS else []
    return "+ " + " ".join(words) if words else ""


_SHORT = {"cross-entropy": "xent", "momentum": "mom", "rmsprop": "rms"}
