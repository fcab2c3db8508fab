"""NetworkView: inputs, hidden layers and the output as columns of neuron
heatmaps, with the links between columns coloured by weight.

Arrow keys move a cursor over the neurons; the app shows the neuron under it
as the big heatmap. `,`/`.` choose the neuron's bias or one incoming link,
Enter edits it (EditValueDialog), Escape clears the cursor. The hidden layer
under the cursor is the app's selected layer (+/-, h/H act on it).
Mouse: a click on a neuron puts the cursor there; on the output or on empty
space it clears the cursor; on a ◂ ▸ scroll mark it moves one layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive

from ...config import Config
from ...engine.features import FEATURES
from ..dialogs.edit_value import EditValueDialog
from ..render.classes import class_picture
from ..render.drawing import blank, cell, pixel_cells, put, put_text, resample
from ..render.network_drawing import (
    Geometry,
    layer_head,
    layout,
    link_cells,
    link_shade,
    short_activation,
    trace_links,
)
from ..render.palette import ACCENT, BACKGROUND, MUTED, TEXT, shades
from ..runtime.arrow_keys import arrow_bindings
from .cells import CellCanvas

if TYPE_CHECKING:
    from ...engine.network import Network

HEAD = 2  # rows above the neurons: title, column heads
DETAILS = 3  # rows below them for the selected neuron's bias and weights
BIAS = -1  # the `part` that means the bias (0.. is the link from that neuron)


class NetworkView(CellCanvas, can_focus=True):
    """←/→ layer, ↑/↓ neuron, ,/. bias or incoming link, Enter edit, Esc output."""

    # In the footer while the view has the focus (ui/playground/modes.py): the arrows as one key.
    BINDINGS = [
        Binding("left", "move(-1, 0)", "Pick", key_display="← → ↑ ↓", tooltip="Layer (left/right), neuron (up/down)"),
        *(b for b in arrow_bindings("move({dx}, {dy})") if b.key != "left"),
        Binding("full_stop", "part(1)", "Link", key_display=". ,", tooltip="The next of the bias and incoming links"),
        Binding("comma", "part(-1)", "Prev link", show=False),
        Binding("enter", "edit", "Edit", tooltip="Type a new value for the bias or link"),
        Binding("escape", "done", "Done", tooltip="Show the output again; the keys back to the main screen"),
    ]

    @dataclass
    class SelectionChanged(Message):
        """The cursor moved: the big heatmap should show `cursor` (None: the output)."""

        cursor: tuple[int, int] | None

    @dataclass
    class ValueEdited(Message):
        """The user typed a new value: the weight from neuron `source` of layer
        `layer` to neuron `target` of the next, or (source None) that neuron's bias."""

        layer: int
        source: int | None
        target: int
        value: float

    @dataclass
    class LayerSelected(Message):
        """The cursor moved onto hidden layer `layer` (0-based): it becomes the selected one."""

        layer: int

    config: reactive[Config] = reactive(Config, init=False, repaint=False)
    """The experiment (bound to the screen's): the shape drawn."""

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(NetworkView.config, config)
        self.selected = 0  # index of the selected hidden layer
        self.cursor: tuple[int, int] | None = None  # (column, neuron); column 0 = inputs
        self.part = BIAS
        self.grids: list[np.ndarray] | None = None  # per layer (n, res, res)
        self.network: Network | None = None
        self.wide = False

    # ---- state -------------------------------------------------------------

    @property
    def sizes(self) -> tuple[int, ...]:
        return self.config.shape

    def watch_config(self, config: Config) -> None:
        self.clamp_selection()
        self.redraw()

    def clamp_selection(self) -> None:
        """Keep the selected layer, the cursor and its bias/link inside the
        current shape (a layer or an input may just have gone)."""
        self.selected = max(0, min(self.selected, len(self.config.layers) - 1))
        if self.cursor is not None:
            self.cursor = self._clamp(*self.cursor)
        column = self.cursor[0] if self.cursor is not None else 0
        if column == 0 or not BIAS <= self.part < self.sizes[column - 1]:
            self.part = BIAS  # the link it pointed at is gone (or the cursor is on an input)

    def show(self, grids: list[np.ndarray] | None, network: Network | None = None) -> None:
        """grids: per layer, inputs first, output last; each (n_neurons, res, res);
        network: the parameters the links and biases show."""
        self.grids, self.network = grids, network
        self.redraw()

    def select_layer(self, index: int) -> None:
        """Make hidden layer `index` the selected one (the cursor follows)."""
        self.selected = index
        if self.cursor is not None and self.cursor[0] != index + 1:
            self.cursor = self._clamp(index + 1, self.cursor[1])
            self.part = BIAS
            self.post_message(self.SelectionChanged(self.cursor))
        self.clamp_selection()
        self.redraw()

    def cursor_layer(self) -> int | None:
        """The hidden layer (0-based) under the cursor, or None (no cursor, or
        on the inputs or the output)."""
        if self.cursor is None or not 1 <= self.cursor[0] <= len(self.config.layers):
            return None
        return self.cursor[0] - 1

    def big_grid(self) -> np.ndarray | None:
        """(res, res) output of the neuron under the cursor, else of the output."""
        if self.grids is None:
            return None
        c, i = self.cursor if self._matches() and self.cursor is not None else (len(self.grids) - 1, 0)
        return self.grids[c][i]

    def output_maps(self) -> np.ndarray | None:
        """(K, res, res) the class probabilities when the big heatmap shows the
        output of a network with K >= 3 classes, else None."""
        if self.config.classes > 2 and self.grids is not None and self._matches() and self.cursor is None:
            return self.grids[-1]
        return None

    def output_class(self) -> int | None:
        """k when the cursor is on output neuron k of a K-class network (the big
        heatmap then shows class k's probability), else None."""
        if self.config.classes > 2 and self.cursor is not None and self.cursor[0] == len(self.sizes) - 1:
            return self.cursor[1]
        return None

    def title(self, width: int = 1000) -> str:
        """Name (and bias) of the neuron the big heatmap shows, in `width` columns."""
        if self.cursor is None or not self._matches():
            return f"OUTPUT  {self.config.classes} CLASSES" if self.config.classes > 2 else "OUTPUT"
        c, i = self.cursor
        if c == 0:
            return f"INPUT {FEATURES[self.config.features[i]].label}"
        bias = self.network.biases(c - 1)[i] if self.network is not None else float("nan")
        name = "OUTPUT" if c == len(self.sizes) - 1 else f"LAYER {c} NEURON {i + 1}"
        if self.output_class() is not None:
            name = f"CLASS {i} PROBABILITY"
        short = name.replace("LAYER ", "L").replace(" NEURON ", ".").replace(" PROBABILITY", "")
        return first_fit(width, f"{name}  bias {bias:+.3f}  (esc: done)", f"{name}  bias {bias:+.3f}",
                         f"{short} bias {bias:+.3f}")

    def _matches(self) -> bool:
        """Whether the grids and parameters shown are of the current shape."""
        net = self.network
        return (self.grids is not None and net is not None
                and tuple(int(n) for n in net.sizes) == self.sizes and len(self.grids) == len(self.sizes))

    def _clamp(self, column: int, neuron: int) -> tuple[int, int]:
        column = max(0, min(len(self.sizes) - 1, column))
        return column, max(0, min(self.sizes[column] - 1, neuron))

    # ---- keys ----------------------------------------------------------------

    def on_focus(self) -> None:
        self.call_later(self._focus_changed)  # has_focus is set after this handler

    def on_blur(self) -> None:
        self.call_later(self._focus_changed)

    def _focus_changed(self) -> None:
        self._widen()
        self.redraw()

    def _widen(self) -> None:
        wide = self.has_focus or self.cursor is not None
        if wide != self.wide:
            self.wide = wide
            self.screen.set_class(wide, "-network-wide")  # app.tcss gives it the data column

    def action_move(self, columns: int, neurons: int) -> None:
        start = self.cursor if self.cursor is not None else (self.selected + 1, 0)
        if columns:
            self.part = BIAS
        self._move_to(self._clamp(start[0] + columns, start[1] + neurons))

    def _move_to(self, cursor: tuple[int, int]) -> None:
        """Put the cursor on neuron `cursor` (the keys' and the mouse's path)."""
        self.cursor = cursor
        if 1 <= cursor[0] <= len(self.config.layers) and cursor[0] - 1 != self.selected:
            self.post_message(self.LayerSelected(cursor[0] - 1))
        self.post_message(self.SelectionChanged(cursor))
        self._widen()
        self.redraw()

    def clicked(self, target) -> None:
        if target == "details":  # the selected neuron's bias and weights: keep it
            return
        if isinstance(target, tuple) and target[0] == "scroll":
            self.action_move(target[1], 0)
        elif isinstance(target, tuple) and (target[0] < len(self.sizes) - 1 or self.config.classes > 2):
            if target != self.cursor:
                self.part = BIAS
            self._move_to(target)
        else:  # the output or empty space: show the output
            self.action_clear()

    def action_part(self, delta: int) -> None:
        if self.cursor is None or self.cursor[0] == 0:
            return
        n_parts = self.sizes[self.cursor[0] - 1] + 1  # the bias, then each incoming link
        self.part = (self.part + 1 + delta) % n_parts - 1
        self.post_message(self.SelectionChanged(self.cursor))
        self.redraw()

    def action_clear(self) -> None:
        if self.cursor is not None:
            self.cursor, self.part = None, BIAS
            self.post_message(self.SelectionChanged(None))
            self._widen()
            self.redraw()

    def action_done(self) -> None:
        self.action_clear()
        if self.has_focus:
            self.screen.set_focus(None)

    def action_edit(self) -> None:
        if self.cursor is None:
            self.notify("Pick a neuron with the arrow keys first.", severity="warning")
            return
        c, j = self.cursor
        if c == 0:
            self.notify("Inputs have no bias or incoming links: pick a neuron to the right.", severity="warning")
            return
        if not self._matches():
            return
        l, source = c - 1, None if self.part == BIAS else self.part
        current = self.network.biases(l)[j] if source is None else self.network.weights(l)[source, j]
        dead = source is not None and bool(self.network.dead_links(l)[source, j])
        note = "This link is dead (L1): a new value brings it back to life." if dead else ""
        dialog = EditValueDialog(self._part_title(l, source, j), float(current), note)

        def done(value: float | None) -> None:
            if value is not None:
                self.post_message(self.ValueEdited(l, source, j, value))

        self.app.push_screen(dialog, done)

    def _part_title(self, l: int, source: int | None, j: int) -> str:
        target = self._neuron_name(l + 1, j)
        if source is None:
            return f"Bias of {target}"
        return f"Weight {self._neuron_name(l, source)} → {target}"

    def _neuron_name(self, column: int, i: int) -> str:
        if column == 0:
            return FEATURES[self.config.features[i]].label
        if column == len(self.sizes) - 1:
            return f"class {i}" if self.config.classes > 2 else "output"
        return f"neuron {column}.{i + 1}"

    # ---- drawing -------------------------------------------------------------

    def draw(self, rows: int, cols: int) -> np.ndarray:
        cells = blank(rows, cols)
        sizes = self.sizes
        hidden = len(sizes) - 2
        title = f"NETWORK  {hidden} hidden layer{'' if hidden == 1 else 's'}"
        put_text(cells, 0, 0, title if len(title) <= cols else f"NETWORK {hidden}L",
                 ACCENT if self.has_focus else MUTED, bold=True)
        cursor_col = self.cursor[0] if self.cursor is not None else self.selected + 1
        geo = layout(cols, rows - HEAD - DETAILS, sizes, cursor_col)
        self._heads(cells, geo, cols)
        live = self._matches()
        for k in range(geo.count):
            c = geo.first + k
            if live and k + 1 < geo.count:
                self._links(cells, geo, c, geo.xs[k] + geo.width(c), geo.xs[k + 1])
            self._column(cells, geo, c, geo.xs[k], live)
        self._details(cells, HEAD + geo.tallest * geo.pitch, live)
        return cells

    def _heads(self, cells: np.ndarray, geo: Geometry, cols: int) -> None:
        sizes = self.sizes
        # One activation per layer: each hidden head names its own.
        names = self.config.hidden_activations if "," in self.config.activation else None
        for k in range(geo.count):
            c = geo.first + k
            chosen = c == self.selected + 1 and 0 < c < len(sizes) - 1
            room = (geo.xs[k + 1] if k + 1 < geo.count else cols) - geo.xs[k] - 1
            head = ("in" if c == 0 else "out" if c == len(sizes) - 1
                    else layer_head(sizes[c], names and names[c - 1], chosen, room))
            w = geo.width(c)
            x = geo.xs[k] + max(0, w - len(head)) // 2 + (c > 0 and w > len(head))
            put_text(cells, HEAD - 1, x, head, ACCENT if chosen else MUTED, bold=chosen)
        if geo.first > 0:
            put_text(cells, HEAD + geo.tallest * geo.pitch // 2, 0, "◂", ACCENT)
            self.hit(HEAD + geo.tallest * geo.pitch // 2, 0, 1, 1, ("scroll", -1))
        if geo.first + geo.count < len(sizes):
            put_text(cells, HEAD + geo.tallest * geo.pitch // 2, cols - 1, "▸", ACCENT)
            self.hit(HEAD + geo.tallest * geo.pitch // 2, cols - 1, 1, 1, ("scroll", 1))

    def _column(self, cells: np.ndarray, geo: Geometry, c: int, x: int, live: bool) -> None:
        n, canonical = self.sizes[c], self.palette.canonical
        biases = self.network.biases(c - 1) if live and c > 0 else None
        for i in range(n):
            y = HEAD + geo.neuron_y(n, i)
            px = x + (c > 0)
            self.hit(y, x, geo.th, geo.width(c) + 1, (c, i))  # bias cell, picture, ◀ mark
            if live and c == len(self.sizes) - 1 and self.config.classes > 2:  # class i's probability
                put(cells, y, px, pixel_cells(class_picture(i, self.grids[c][i], 2 * geo.th, geo.tw)))
            elif live:
                picture = canonical[shades(resample(self.grids[c][i], 2 * geo.th, geo.tw))]
                put(cells, y, px, pixel_cells(picture))
            else:
                put_text(cells, y, px, "·" * geo.tw, MUTED)
            here = self.cursor == (c, i)
            if biases is not None:
                slot = int(canonical[link_shade(biases[i])])
                on_bias = here and self.part == BIAS
                put(cells, y + geo.th - 1, x, np.array([[cell("■", slot, ACCENT if on_bias else BACKGROUND)]]))
            if here:
                put_text(cells, y, px + geo.tw, "◀", ACCENT, bold=True)

    def _links(self, cells: np.ndarray, geo: Geometry, c: int, x0: int, x1: int) -> None:
        """Links from column c to c + 1 in columns [x0, x1)."""
        n_in, n_out = self.sizes[c], self.sizes[c + 1]
        if x1 <= x0:
            return
        mid = 2 * geo.th  # a neuron's middle, in dot rows below its top
        ys_in = tuple(4 * geo.neuron_y(n_in, i) + mid for i in range(n_in))
        ys_out = tuple(4 * geo.neuron_y(n_out, j) + mid for j in range(n_out))
        trace = trace_links(ys_in, ys_out, geo.tallest * geo.pitch, x1 - x0)
        highlight = None
        if self.cursor is not None and self.cursor[0] == c + 1 and 0 <= self.part < n_in:
            highlight = self.part * n_out + self.cursor[1]
        area = link_cells(trace, self.network.weights(c), self.network.dead_links(c), self.palette.canonical, highlight)
        h, w = min(area.shape[0], cells.shape[0] - HEAD), min(area.shape[1], cells.shape[1] - x0)
        region, area = cells[HEAD : HEAD + h, x0 : x0 + w], area[:h, :w]
        region[area != 0] = area[area != 0]

    def _details(self, cells: np.ndarray, y: int, live: bool) -> None:
        rows, cols = cells.shape
        if y >= rows:
            return
        self.hit(y, 0, rows - y, cols, "details")
        if self.cursor is None or not live:
            hints = ["arrows: pick a neuron", "+/- neurons", "h/H layers"] if self.has_focus else ["tab here:", "pick neurons"]
            self._flow(cells, y, [(h, MUTED, False) for h in hints])
            return
        c, j = self.cursor
        name = self._neuron_name(c, j)
        if c == 0:
            self._flow(cells, y, [(f"input {name}", TEXT, True), ("no bias or incoming links", MUTED, False)])
            return
        l = c - 1
        if "," in self.config.activation and c < len(self.sizes) - 1:  # this layer's own activation
            name += " " + short_activation(self.config.hidden_activations[l])
        items = [(f"{name}", TEXT, True), (f"bias {self.network.biases(l)[j]:+.2f}", *self._item_style(BIAS, self.network.biases(l)[j], False))]
        w, dead = self.network.weights(l)[:, j], self.network.dead_links(l)[:, j]
        for i in range(len(w)):
            source = FEATURES[self.config.features[i]].label if l == 0 else str(i + 1)
            items.append((f"{source}{'✕' if dead[i] else ':'}{w[i]:+.2f}", *self._item_style(i, w[i], bool(dead[i]))))
        if self.has_focus:
            items.append((", . pick · enter edit · esc", MUTED, False))
        self._flow(cells, y, items)

    def _item_style(self, part: int, value: float, dead: bool) -> tuple[int, bool]:
        if part == self.part:
            return ACCENT, True
        return (MUTED if dead else int(self.palette.canonical[link_shade(value)])), False

    def _flow(self, cells: np.ndarray, y: int, items: list[tuple[str, int, bool]]) -> None:
        """Write items left to right, wrapping, from row y to the bottom."""
        rows, cols = cells.shape
        x = 0
        for text, fg, bold in items:
            if x and x + len(text) > cols:
                y, x = y + 1, 0
            if y >= rows:
                return
            put_text(cells, y, x, text, fg, bold=bold)
            x += len(text) + 1


def first_fit(width: int, *forms: str) -> str:
    """The first of `forms` (longest first) that fits `width` columns; else the last, cut."""
    return next((form for form in forms if len(form) <= width), forms[-1][:width])
