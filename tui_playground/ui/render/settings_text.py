"""The top bar's text: the run's state and every setting with its value, as
chips ('lr 0.03', 'loss xent') that flow over as many lines as the width
needs. Narrow terminals get shorter labels and values ('sched' for
'schedule', 'xent' for 'cross-entropy'); a chip is never cut or split.

Pure: config and status in, Rich text and each chip's cells out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from ...config import OPTIMIZER_HYPERPARAMETERS, Config
from .drawing import format_rate
from .network_drawing import short_activation

STATE = {"training": "▶ training", "paused": "⏸ paused", "starting": "… starting", "diverged": "⚠ diverged"}
# The settings the bar's arrows step, in order (the names of keys.py's settings).
FIELDS = ("speed", "seed", "show_test", "discretize", "lr", "activation", "reg", "rate", "problem", "loss", "optimizer",
          "lr_schedule", "until_loss", "patience", "max_epochs")
SEP = "  "  # dim labels and bold values tell the chips apart
_SHORT_VALUE = {"cross-entropy": "xent", "momentum": "mom", "rmsprop": "rms", "classification": "classify",
                "regression": "regress", "constant": "const"}
_PARAM = {"momentum": "μ", "rms_alpha": "α", "beta1": "β1", "beta2": "β2", "eps": "ε"}


@dataclass(frozen=True)
class Chip:
    """One thing the bar shows: `name` (a FIELDS name, or state, epoch,
    epochs_per_s, path), its label (long, short) and value (long, short)."""

    name: str
    label: tuple[str, str]
    value: tuple[str, str]
    beyond: bool = False  # a setting the browser playground does not have

    def text(self, short: bool) -> tuple[str, str]:
        return self.label[short], self.value[short]

    def width(self, short: bool) -> int:
        label, value = self.text(short)
        return len(label) + (1 if label else 0) + len(value)


def same(label: str, value: str, name: str, beyond: bool = False) -> Chip:
    return Chip(name, (label, label), (value, value), beyond)


def status_chips(c: Config, status) -> list[Chip]:
    """State, epoch, epochs/s, the training path while uncompiled, speed, seed."""
    state = STATE[status.state]
    chips = [same("", state, "state"),
             Chip("epoch", ("", ""), (f"{status.epoch:>6,} epochs", f"{status.epoch:>6,} ep")),
             same("", f"{format_rate(status.rate):>5}/s", "epochs_per_s")]  # not "rate": the reg. rate's
    # the training path: uncompiled for now (and why), or compiled
    path = status.path or ("compiled" if status.state != "starting" else "")
    if path:
        chips.append(Chip("path", ("", ""), (path, path.replace("numpy", "np"))))
    return chips + [same("speed", status.speed, "speed"), same("seed", seed_text(c), "seed"),
                    same("test", on_off(c.show_test), "show_test"),
                    Chip("discretize", ("discretize", "disc"), (on_off(c.discretize), on_off(c.discretize)))]


def setting_chips(c: Config, lr_now: float | None = None) -> list[Chip]:
    """Every setting of the learning (the data column shows the data's)."""
    beyond = set(c.beyond_playground)

    def word(name: str, label: tuple[str, str], value: str) -> Chip:
        return Chip(name, label, (value, _SHORT_VALUE.get(value, value)), name in beyond)

    lr = f"{c.lr:g}"
    if c.lr_schedule != "constant" and lr_now is not None and f"{lr_now:.3g}" != lr:
        lr += f"→{lr_now:.3g}"  # the scheduled rate of the next epoch, once it differs
    problem = f"{c.classes} classes" if c.classes > 2 else c.problem
    return [
        same("lr", lr, "lr"),
        Chip("activation", ("act", "act"), (activation_text(c), activation_text(c)), "activation" in beyond),
        same("reg", c.reg, "reg"),
        same("rate", f"{c.reg_rate:g}", "rate"),
        word("problem", ("", ""), problem),
        word("loss", ("loss", "loss"), c.loss),
        Chip("optimizer", ("optimizer", "opt"), (optimizer_text(c), optimizer_text(c, short=True)),
             "optimizer" in beyond),
        word("lr_schedule", ("schedule", "sched"), c.lr_schedule),
        same("until", off(c.until_loss), "until_loss"),
        Chip("patience", ("patience", "pat"), (patience_text(c), patience_text(c)), False),
        Chip("max_epochs", ("max epochs", "max-ep"), (off(c.max_epochs), off(c.max_epochs)), False),
    ]


def off(value) -> str:
    return "off" if value is None else f"{value:g}"


def on_off(flag: bool) -> str:
    return "on" if flag else "off"


def patience_text(c: Config) -> str:
    return off(c.patience) + (f" Δ{c.min_delta:g}" if c.patience is not None and c.min_delta else "")


def optimizer_text(c: Config, short: bool = False) -> str:
    """'adam', with the hyperparameters that are not their defaults: 'adam β1 0.8'."""
    defaults = Config.__dataclass_fields__
    params = [f"{_PARAM[p]}={getattr(c, p):g}" for p in OPTIMIZER_HYPERPARAMETERS[c.optimizer]
              if getattr(c, p) != defaults[p].default]
    name = _SHORT_VALUE.get(c.optimizer, c.optimizer) if short else c.optimizer
    return " ".join([name, *params])


def seed_text(c: Config) -> str:
    """'0.68314', or with the Resets since its first weights: '0.68314 reset 2'
    (the link carries them: docs/playground.md, "Sharing a run")."""
    return f"{c.seed} reset {c.resets}" if c.resets else c.seed


def activation_text(c: Config) -> str:
    """'tanh', or one short name per hidden layer: 'relu,lrelu,tanh'."""
    return c.activation if "," not in c.activation else ",".join(map(short_activation, c.hidden_activations))


@dataclass
class Flowed:
    """The bar's lines and where each chip landed: name -> (row, x0, x1)."""

    lines: list[Text] = field(default_factory=list)
    spans: dict[str, tuple[int, int, int]] = field(default_factory=dict)


def flow(groups: list[list[Chip]], width: int, short: frozenset[str], chosen: str | None = None,
         changed: frozenset[str] = frozenset()) -> Flowed:
    """Each group of chips from a new line, chips joined by ' │ ' and going
    on to the next line where the width ends (a chip wider than the line
    gets a line of its own and runs on: never cut)."""
    out = Flowed()
    for chips in groups:
        line = Text(" ")
        for chip in chips:
            brief = chip.name in short
            if line.cell_len > 1 and line.cell_len + len(SEP) + chip.width(brief) > width:
                out.lines.append(line)
                line = Text(" ")
            elif line.cell_len > 1:
                line.append(SEP, style="dim")
            start = line.cell_len
            _append(line, chip, brief, chip.name == chosen, chip.name in changed)
            out.spans[chip.name] = (len(out.lines), start, line.cell_len)
        out.lines.append(line)
    return out


def _append(line: Text, chip: Chip, short: bool, chosen: bool, changed: bool) -> None:
    label, value = chip.text(short)
    if label:
        line.append(label + " ", style="dim")
    style = "bold magenta" if chip.beyond else "bold"
    if chip.name == "state":
        style = "bold reverse" if value.startswith("▶") else "bold"
    if changed:
        style += " underline"
    line.append(value, style=f"{style} reverse" if chosen else style)


def bar_lines(c: Config, status, width: int, chosen: str | None = None,
              changed: frozenset[str] = frozenset(), long_first: bool = True) -> Flowed:
    """The bar at `width`, in as few lines as the short labels and values
    take; then (`long_first`) each chip, in order, gets its long form where
    that costs no line."""
    groups = [status_chips(c, status) + setting_chips(c, status.lr_now)]
    names = [chip.name for chip in groups[0] if chip.label[0] != chip.label[1] or chip.value[0] != chip.value[1]]
    short = frozenset(names)
    lines = len(flow(groups, width, short).lines)
    for name in names if long_first else ():
        if len(flow(groups, width, short - {name}).lines) <= lines:
            short -= {name}
    return flow(groups, width, short, chosen, changed)
