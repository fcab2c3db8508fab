"""TopBar: play state, epoch, speed and the hyperparameters, one line."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...config import STOP_FIELDS, Config
from ..render.drawing import format_rate
from ..render.network_drawing import short_activation

# Editable fields; up/down on the focused one step its value.
FIELDS = ("speed", "lr", "activation", "reg", "rate", "problem")


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
    """Left/right choose a setting, up/down change it. Mouse: a click chooses
    the setting under it (on the play state: play/pause), the wheel changes it."""

    DEFAULT_CSS = """
    TopBar { height: 1; width: 1fr; background: $panel; }
    """

    BINDINGS = [
        Binding("left", "field(-1)", "Prev setting", show=False),
        Binding("right", "field(1)", "Next setting", show=False),
        Binding("up", "change(1)", "Increase", show=False),
        Binding("down", "change(-1)", "Decrease", show=False),
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

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(TopBar.config, config)
        self.field = 0
        self.spans: dict[str, tuple[int, int]] = {}  # "state" or a field -> its [x0, x1) as last rendered

    @property
    def state(self) -> str:
        return self.status.state

    @property
    def epoch(self) -> int:
        return self.status.epoch

    def action_field(self, delta: int) -> None:
        self.field = (self.field + delta) % len(FIELDS)
        self.refresh()

    def action_change(self, delta: int) -> None:
        self.post_message(self.SettingStepped(FIELDS[self.field], delta))

    def field_at(self, x: int) -> str | None:
        return next((name for name, (x0, x1) in self.spans.items() if x0 <= x < x1), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        name = self.field_at(event.x) if event.button == 1 else None
        if name == "state":
            self.post_message(self.PlayToggled())
        elif name is not None:
            self.field = FIELDS.index(name)
            self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, 1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, -1)

    def _wheel(self, event: events.MouseEvent, delta: int) -> None:
        name = self.field_at(event.x)
        if name in FIELDS:
            event.stop()
            self.field = FIELDS.index(name)
            self.refresh()
            self.action_change(delta)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Text:
        compact = self.size.width < 110
        self.spans = {}
        return status_text(self, compact, self.spans)


_STATE = {
    "training": "▶ training",
    "paused": "⏸ paused",
    "starting": "… starting",
    "diverged": "⚠ diverged",
}


def status_text(bar: TopBar, compact: bool, spans: dict[str, tuple[int, int]] | None = None) -> Text:
    """The bar's one line; `compact` drops labels to fit 80 columns. `spans`
    gets the cells of the play state and of each field (for the mouse)."""
    spans = {} if spans is None else spans
    c, status = bar.config, bar.status
    state = _STATE[status.state]
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f" {state[:1] if compact else state:<{2 if compact else 12}}",
                style="bold reverse" if status.state == "training" else "bold")
    spans["state"] = (0, text.cell_len)
    text.append(f"{status.epoch:>9,}", style="bold")
    text.append(" ep " if compact else " epochs ", style="dim")
    text.append(f"{format_rate(status.rate):>5}/s")
    if status.path:  # uncompiled for now: say so (compact: "np")
        text.append(" np" if compact else f" ({status.path})", style="dim")
    labels = {"speed": "" if compact else "speed", "lr": "lr", "activation": "" if compact else "act",
              "reg": "" if compact else "reg", "rate": "", "problem": ""}
    values = {
        "speed": status.speed,
        "lr": f"{c.lr:g}" if c.lr_schedule == "constant" or status.lr_now is None else f"{status.lr_now:.3g}~",
        "activation": activation_text(c),
        "reg": c.reg,
        "rate": f"{c.reg_rate:g}",
        "problem": (f"{c.classes} classes" if c.classes > 2
                    else c.problem if not compact else ("regress" if c.problem == "regression" else "classify")),
    }
    for k, name in enumerate(FIELDS):
        chosen = bar.has_focus and k == bar.field
        text.append(" " if name == "rate" else " │ ", style="dim")
        start = text.cell_len
        text.append(f"{labels[name]} " if labels[name] else "", style="dim")
        text.append(values[name], style="reverse bold" if chosen else "bold")
        spans[name] = (start, text.cell_len)
    text.append(" │ seed ", style="dim")
    text.append(seed_text(c), style="bold")
    if c.beyond_playground or c.stop_rules:
        text.append(" │ ", style="dim")
        text.append(beyond_mark(c), style="bold magenta")
    return text


def seed_text(c: Config) -> str:
    """'0.68314', or with the Resets since its first weights: '0.68314 reset 2'
    (the link carries them: docs/playground.md, "Sharing a run")."""
    return f"{c.seed} reset {c.resets}" if c.resets else c.seed


_SHORT = {"cross-entropy": "xent", "momentum": "mom", "rmsprop": "rms"}


def activation_text(c: Config) -> str:
    """'tanh', or one short name per hidden layer: 'relu,lrelu,tanh'."""
    return c.activation if "," not in c.activation else ",".join(map(short_activation, c.hidden_activations))


def beyond_mark(c: Config, skip: str = "") -> str:
    """'+ elu xent adam sched stop': the settings the browser playground does
    not have ('' if none); `skip` leaves one field out (a gallery varies it)."""
    values = {"activation": activation_text(c), "loss": c.loss, "optimizer": c.optimizer, "lr_schedule": "sched"}
    words = [_SHORT.get(values[f], values[f]) for f in c.beyond_playground if f != skip]
    words += ["stop"] if c.stop_rules and skip not in STOP_FIELDS else []
    return "+ " + " ".join(words) if words else ""
