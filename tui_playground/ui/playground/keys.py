"""The main screen's key table: the one place a key is bound. The screen's
bindings, the app's, the footer, the help screen, the command palette,
docs/keys.md and the README's short table are all built from it.

The grammar (tests/ui/test_keys.py holds every table to it): a lowercase
letter that steps a setting steps it forward and its capital steps it back,
always; a capital letter does nothing else. Every other action is a lowercase
letter that steps nothing, a symbol, or a ctrl key.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

GROUPS = ("run", "data", "network", "learning", "view", "files", "experiments")


@dataclass(frozen=True)
class Key:
    """One binding. `keys`: Textual's key names, comma-separated; `setting`
    and `delta` (+1 forward, -1 back) for a key that steps a setting;
    `footer`: its label in the footer ("" = not there); `readme`: one of the
    keys that matter most (the README's table)."""

    keys: str
    action: str
    description: str
    group: str
    setting: str = ""
    delta: int = 0
    footer: str = ""
    readme: bool = False

    @property
    def label(self) -> str:
        return key_label(self.keys)


def pair(keys: tuple[str, str], setting: str, group: str, what: str, forward: str, back: str,
         action: str, *, readme: bool = False) -> tuple[Key, Key]:
    """A stepping pair: keys[0] steps `setting` forward (`action` with d=1),
    keys[1] back (d=-1); the descriptions read "<what>: <forward>" and "... <back>"."""
    return (Key(keys[0], action.format(s=setting, d=1), f"{what}: {forward}", group, setting, 1, readme=readme),
            Key(keys[1], action.format(s=setting, d=-1), f"{what}: {back}", group, setting, -1, readme=readme))


def letters(key: str, setting: str, group: str, what: str, forward: str, back: str,
            action: str = "cycle('{s}', {d})", **kw) -> tuple[Key, Key]:
    """A lowercase letter and its capital stepping `setting`."""
    return pair((key, key.upper()), setting, group, what, forward, back, action, **kw)


CYCLE, ADJUST, TOGGLE = "cycle('{s}', {d})", "adjust('{s}', {d})", "toggle('{s}')"

KEYS: tuple[Key, ...] = (
    # run
    Key("space", "toggle_play", "Play / pause", "run", footer="Play", readme=True),
    Key("s", "step", "Step: one epoch", "run", footer="Step", readme=True),
    Key("r", "reset", "Reset: next weights", "run", footer="Reset", readme=True),
    Key("ctrl+r", "restart", "Restart from the seed", "run"),
    Key("g", "regenerate", "New data (new seed)", "run", footer="New data", readme=True),
    Key("e", "edit_seed", "Type a seed", "run"),
    *pair(("right_square_bracket", "left_square_bracket"), "speed", "run", "Speed", "faster", "slower",
          "speed({d})"),
    # data
    *letters("d", "dataset", "data", "Data set", "next", "prev", readme=True),
    *letters("k", "classes", "data", "Classes", "more", "fewer", "classes({d})"),
    *letters("n", "noise", "data", "Noise", "up", "down", ADJUST),
    *letters("p", "train_pct", "data", "Train share", "up", "down", ADJUST),
    *letters("b", "batch", "data", "Batch size", "up", "down", ADJUST),
    *letters("t", "show_test", "data", "Test points", "on / off", "on / off", TOGGLE, readme=True),
    Key("m", "edit_points", "Place points (a mode)", "data"),
    Key("i", "import_data", "Own data from a CSV", "data"),
    # network
    *(Key(str(k), f"toggle_feature({k})", f"Input {k} on / off", "network", readme=k == 1) for k in range(1, 8)),
    *pair(("h", "H"), "layers", "network", "Layer", "add", "remove", "{s}({d})", readme=True),
    *pair(("plus,equals_sign", "minus"), "neurons", "network", "Neuron", "add", "remove", "{s}({d})",
          readme=True),
    *pair(("greater_than_sign", "less_than_sign"), "selected_layer", "network", "Select layer", "next",
          "prev", "select_layer_by({d})"),
    *letters("a", "activation", "network", "Activation", "next", "prev", readme=True),
    # learning
    *letters("l", "lr", "learning", "Learning rate", "up", "down", readme=True),
    *letters("x", "reg", "learning", "Regularizer", "next", "prev"),
    *letters("z", "rate", "learning", "Reg. rate", "up", "down"),
    *letters("c", "loss", "learning", "Loss", "next", "prev"),
    *letters("j", "optimizer", "learning", "Optimizer", "next", "prev"),
    *letters("f", "lr_schedule", "learning", "LR schedule", "next", "prev"),
    *letters("y", "until_loss", "learning", "Until loss", "next", "prev"),
    *letters("w", "patience", "learning", "Patience", "next", "prev"),
    *letters("v", "max_epochs", "learning", "Max epochs", "next", "prev"),
    # view
    *letters("o", "discretize", "view", "Discretize", "on / off", "on / off", TOGGLE),
    Key("ctrl+n", "cycle_panel", "Panel: chart / matrix", "view"),
    Key("ctrl+l", "toggle_log", "Chart: linear / log", "view"),
    Key("ctrl+t", "toggle_confusion_set", "Matrix: test / train set", "view"),
    # files
    Key("u", "show_url", "Show + copy the link", "files", readme=True),
    Key("ctrl+u", "open_url", "Open a playground link", "files"),
    Key("ctrl+s", "save_session", "Save the session", "files", readme=True),
    Key("ctrl+o", "load_session", "Load a session", "files"),
    Key("ctrl+e", "export", "Export (CSV, SVG, model)", "files"),
    # experiments
    Key("ctrl+g", "gallery('shapes')", "Gallery of variants", "experiments", readme=True),
    Key("ctrl+k", "gallery('seeds')", "16 seeds, a loss band", "experiments", readme=True),
    Key("question_mark", "help", "Help: every key", "run", footer="Help", readme=True),
    Key("q", "quit", "Quit", "run", footer="Quit", readme=True),
)
# Rows of KEYS bound on the app, not the screen: they work over every screen.
APP_ACTIONS = {"quit"}

# The keys of the modes, for the footer (their own bindings), help and docs:
# (mode, how it starts, [(keys, description)]). The widgets bind them.
MODES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("points", "m; the output title says POINTS", (
        ("arrows", "Move the cursor"), ("enter", "Add a point"), ("c C", "Its class: next / prev"),
        ("delete", "Delete the nearest"), ("ctrl+z", "Undo"), ("ctrl+x", "Clear all points"),
        ("ctrl+s", "Save points (CSV)"), ("ctrl+o", "Load points (CSV)"), ("esc m", "Done"))),
    ("network", "tab to the network; arrows move its cursor", (
        ("arrows", "Choose a neuron"), (". ,", "Bias / link: next / prev"),
        ("enter", "Type a new value"), ("a A", "Its layer's activation"), ("esc", "Done: the output again"))),
    ("views", "tab moves between them", (
        ("tab", "Next view (shift: back)"), ("← →", "Top bar: choose a setting"), ("↑ ↓", "Top bar: step; seed: type"),
        ("arrows", "Data, features: choose"), ("enter", "Take it / on / off"), ("← →", "Chart: move the cursor"),
        ("home end", "Chart: first / last epoch"), ("esc", "Done: keys to the screen"),
        ("ctrl+p", "Any action by name"))),
    ("gallery", "ctrl+g or ctrl+k; its own screen", (
        ("enter", "Open the selected tile"), ("v V", "Variants: next / prev"),
        ("h l a j", "Vary layers, lr, act, opt"), ("c f", "Vary loss, schedule"),
        ("s", "Sort by test loss"), ("ctrl+k", "Seeds / variants"), ("esc", "Back"))),
)

_NAMES = {"left_square_bracket": "[", "right_square_bracket": "]", "question_mark": "?",
          "plus": "+", "equals_sign": "=", "minus": "-", "less_than_sign": "<",
          "greater_than_sign": ">", "full_stop": ".", "comma": ","}


def key_label(keys: str) -> str:
    """How a binding's keys read on screen: 'plus,equals_sign' -> '+ ='."""
    return " ".join(_NAMES.get(k, k) for k in keys.split(","))


def by_setting() -> dict[str, dict[int, Key]]:
    """setting -> {+1: its forward key, -1: its back key}."""
    out: dict[str, dict[int, Key]] = {}
    for key in KEYS:
        if key.setting:
            out.setdefault(key.setting, {})[key.delta] = key
    return out


def help_rows(group: str) -> list[tuple[str, str]]:
    """(keys, description) of `group`'s keys, a stepping pair on one row:
    ('l L', 'Learning rate: up / down'); the features as '1 … 7'."""
    rows: list[tuple[str, str]] = []
    keys = [k for k in KEYS if k.group == group]
    for k in keys:
        if k.delta == -1:
            continue
        if k.action.startswith("toggle_feature"):
            if k.keys == "1":
                rows.append(("1 … 7", "Input features on / off"))
            continue
        if k.delta == 1:
            back = by_setting()[k.setting][-1]
            what, forward = k.description.split(": ", 1)
            back_word = back.description.split(": ", 1)[1]
            words = forward if forward == back_word else f"{forward} / {back_word}"
            rows.append((f"{k.label} {back.label}", f"{what}: {words}"))
        else:
            rows.append((k.label, k.description))
    return rows


def screen_bindings(app: bool = False) -> list[Binding]:
    """The Textual bindings of KEYS: the screen's (`app` False) or the app's.
    space is bound twice, as "Play" and as "Pause": the screen's check_action
    keeps the one that applies, so the footer names what space will do."""
    out = []
    for k in KEYS:
        if (k.action in APP_ACTIONS) != app:
            continue
        if k.action == "toggle_play":
            out += [Binding(k.keys, "play", "Play", tooltip="Start training"),
                    Binding(k.keys, "pause", "Pause", tooltip="Pause training")]
            continue
        out.append(Binding(k.keys, k.action, k.footer or k.description, show=bool(k.footer), tooltip=k.description))
    return out


TITLES = {"run": "Run", "data": "Data", "network": "Network", "learning": "Learning", "view": "View",
          "files": "Files", "experiments": "Experiments",
          "points": "Points mode (m)", "network cursor": "Network cursor (tab)",
          "views": "Views (tab)", "gallery": "Gallery (ctrl+g, ctrl+k)"}
_MODE_TITLE = {"network": "network cursor"}


def help_sections(mode: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(keys, description)]) for the help screen: the current
    `mode`'s keys first (a name of MODES, or "" for none), then the main
    screen's groups, then the other modes."""
    modes = {name: list(rows) for name, _how, rows in MODES}
    first = [(TITLES[_MODE_TITLE.get(mode, mode)] + " - now", modes.pop(mode))] if mode in modes else []
    groups = [(TITLES[g], help_rows(g)) for g in GROUPS]
    others = [(TITLES[_MODE_TITLE.get(name, name)], rows) for name, rows in modes.items()]
    return first + groups + others


DOC_INTRO = """# Keys

Generated from the key table (`ui/playground/keys.py`) by `python tools/keys_doc.py`;
`tests/ui/test_keys.py` fails when this page, the README's table or the app's
bindings disagree, and when a key breaks the grammar.

**One grammar.** A lowercase letter that steps a setting steps it forward, and its
capital steps it back (`l` learning rate up, `L` down); a toggle flips either way
(`t` / `T`). A capital letter does nothing else, anywhere. Every other action is a
lowercase letter that steps nothing (`s` one epoch, `r` reset, `u` the link), a
symbol, or a ctrl key (`ctrl+s` save). A mode (placing points, the network cursor,
the gallery, a view that tab focused) says on screen that it is on, and the footer
then shows only its keys, `esc` (how to leave it) among them, and what `space` does;
every key it does not list keeps the main screen's meaning. The footer names what
`space` will do: Play while paused, Pause while training. `?` shows all of this in
the app, the current mode's keys first; `ctrl+p` finds any action by name.
"""


def _md_keys(label: str) -> str:
    return " ".join(f"`{k}`" for k in label.split(" ")) if label != "1 … 7" else "`1` … `7`"


def keys_markdown() -> str:
    """docs/keys.md: every group's keys, then each mode's."""
    out = [DOC_INTRO]
    for group in GROUPS:
        out += [f"## {TITLES[group]}", "", "| keys | what they do |", "|---|---|"]
        out += [f"| {_md_keys(k)} | {d} |" for k, d in help_rows(group)]
        out.append("")
    out += ["## Modes", ""]
    for name, how, rows in MODES:
        out += [f"### {TITLES[_MODE_TITLE.get(name, name)]}", "", f"On: {how}.", "",
                "| keys | what they do |", "|---|---|"]
        out += [f"| {_md_keys(k)} | {d} |" for k, d in rows]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def readme_table() -> str:
    """The README's table of the keys that matter most (two pairs a row)."""
    rows = [(k, d) for group in GROUPS for k, d in help_rows(group)
            if any(key.readme and key.label in k.split(" ") for key in KEYS if key.group == group)]
    lines = ["| key | action | key | action |", "|---|---|---|---|"]
    for i in range(0, len(rows), 2):
        left, right = rows[i], rows[i + 1] if i + 1 < len(rows) else ("", "")
        lines.append(f"| {_md_keys(left[0])} | {left[1]} | {_md_keys(right[0]) if right[0] else ''} | {right[1]} |")
    return "\n".join(lines) + "\n"
