"""PlaygroundApp: the main screen, its key bindings and the training worker.

The app owns one Trainer. A thread worker steps it in ~30 ms slices and posts
FrameReady messages; frames are paced by an fps cap and a byte budget
(pacing.py), and views repaint only the cells that changed.
"""

from __future__ import annotations

import os
import threading
import time
from functools import partial
from typing import TYPE_CHECKING, Iterable

import numpy as np
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from ..config import (
    ACTIVATIONS,
    DATASETS,
    LEARNING_RATES,
    MAX_LAYERS,
    MAX_NEURONS,
    PROBLEMS,
    REG_RATES,
    REGULARIZATIONS,
    Config,
    ConfigError,
)
from ..engine.datafile import DataFileError
from ..engine.features import FEATURE_NAMES
from .file_actions import FILE_KEYS, FileActions
from .gallery_actions import GALLERY_KEYS, GalleryActions
from .messages import CommandRequested, FrameReady, TrainerReady, TrainingStopped
from .pacing import SPEEDS, RateMeter, SliceSizer
from .palette import Palette, palette_for
from .screens.help import HelpScreen
from .screens.seed_dialog import SeedDialog
from .terminal_bytes import ByteCounting
from .widgets.data_picker import DataPicker
from .widgets.feature_list import FeatureList
from .widgets.heatmap import BoundaryHeatmap
from .widgets.loss_panel import LossPanel
from .widgets.network_view import NetworkView
from .widgets.top_bar import TopBar

if TYPE_CHECKING:  # the engine imports numba: it loads after the first frame
    from ..engine.training import Snapshot, Trainer

MIN_WIDTH, MIN_HEIGHT = 80, 24
NUMBERS_INTERVAL = 0.25  # seconds between updates of counters and sparklines
THUMB_RES = 24  # resolution of data set and feature thumbnails

# (keys, action, description, shown in the footer). The help screen and the
# command palette are built from this table too.
KEYS: tuple[tuple[str, str, str, bool], ...] = (
    ("space", "toggle_play", "Play/Pause", True),
    ("s", "step", "Step", True),
    ("r", "reset", "Reset weights", True),
    ("R", "restart", "Restart from same seed", False),
    ("g", "regenerate", "New data (new seed)", True),
    ("e", "edit_seed", "Edit seed", False),
    ("left_square_bracket", "speed(-1)", "Slower", False),
    ("right_square_bracket", "speed(1)", "Faster", False),
    ("l", "cycle('lr', 1)", "Learning rate up", False),
    ("L", "cycle('lr', -1)", "Learning rate down", False),
    ("a", "cycle('activation', 1)", "Next activation", False),
    ("A", "cycle('activation', -1)", "Previous activation", False),
    ("x", "cycle('reg', 1)", "Next regularization", False),
    ("X", "cycle('reg', -1)", "Previous regularization", False),
    ("z", "cycle('rate', 1)", "Regularization rate up", False),
    ("Z", "cycle('rate', -1)", "Regularization rate down", False),
    ("d", "cycle('dataset', 1)", "Next data set", False),
    ("D", "cycle('dataset', -1)", "Previous data set", False),
    ("n", "adjust('noise', 1)", "Noise up", False),
    ("N", "adjust('noise', -1)", "Noise down", False),
    ("p", "adjust('train_pct', 1)", "Train share up", False),
    ("P", "adjust('train_pct', -1)", "Train share down", False),
    ("b", "adjust('batch', 1)", "Batch size up", False),
    ("B", "adjust('batch', -1)", "Batch size down", False),
    *((str(k), f"toggle_feature({k})", f"Toggle input {k}", False) for k in range(1, 8)),
    ("h", "add_layer", "Add hidden layer after the selected one", False),
    ("H", "remove_layer", "Remove the selected hidden layer", False),
    ("plus,equals_sign", "add_neuron", "Add neuron to selected layer", False),
    ("minus", "remove_neuron", "Remove neuron from selected layer", False),
    ("less_than_sign", "select_layer_by(-1)", "Select previous layer", False),
    ("greater_than_sign", "select_layer_by(1)", "Select next layer", False),
    ("t", "toggle('show_test')", "Show test data", False),
    ("o", "toggle('discretize')", "Discretize output", False),
    *FILE_KEYS,
    *GALLERY_KEYS,
    ("question_mark", "help", "Help", True),
    ("q", "quit", "Quit", True),
)

# Shorter names for the footer, so that ? and q still fit in 80 columns.
FOOTER = {"reset": "Reset", "regenerate": "New data"}

# What `cycle` steps through, per setting.
CHOICES = {
    "lr": LEARNING_RATES,
    "activation": ACTIVATIONS,
    "reg": REGULARIZATIONS,
    "rate": REG_RATES,
    "dataset": DATASETS,
    "problem": PROBLEMS,
}
STEPS = {"noise": (5, 0, 50), "train_pct": (10, 10, 90), "batch": (1, 1, 30)}


def key_label(keys: str) -> str:
    names = {"left_square_bracket": "[", "right_square_bracket": "]", "question_mark": "?",
             "plus": "+", "equals_sign": "=", "minus": "-", "less_than_sign": "<",
             "greater_than_sign": ">"}
    return " ".join(names.get(k, k) for k in keys.split(","))


class PlaygroundApp(FileActions, GalleryActions, ByteCounting, App[int]):
    """The playground: data, features, network, output; trains live."""

    CSS_PATH = "app.tcss"
    TITLE = "spiral-tui"
    BINDINGS = [Binding(keys, action, FOOTER.get(action, description), show=show, tooltip=description)
                for keys, action, description, show in KEYS]

    playing: reactive[bool] = reactive(False, init=False)
    """Whether the training worker runs."""

    def __init__(self, config: Config, *, autostart: bool = False, max_kbps: float | None = None,
                 trainer: Trainer | None = None, environ=os.environ) -> None:
        super().__init__()
        self.config = trainer.config if trainer is not None else config
        self.autostart = autostart
        self._given_trainer = trainer  # e.g. a loaded session: shown as it is
        self.trainer: Trainer | None = None
        self.bytes_written = 0
        self.pacer = self.make_pacer(max_kbps, environ)
        self.speed_index = len(SPEEDS) - 1
        self.selected_layer = 0
        self.palette: Palette = palette_for("truecolor", False)
        self._numbers_at = 0.0
        self._rate = 0.0
        self._grid_res = 100
        self._snap: Snapshot | None = None  # the last one drawn (a new selection redraws it)
        self._output_title = "OUTPUT"
        self._waiting = threading.Event()  # the UI thread waits for the trainer's lock

    # ---- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(self.config, id="top")
        with Horizontal(id="main"):
            yield DataPicker(self.config, id="data")
            yield FeatureList(self.config, id="features")
            yield NetworkView(self.config, id="network")
            with Vertical(id="output"):
                yield Static("OUTPUT", id="output-title")
                yield BoundaryHeatmap(id="heatmap")
                yield LossPanel(id="loss")
        yield Static(id="too-small")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.palette = self._make_palette()
        self.count_bytes()
        self.query_one(BoundaryHeatmap).message = "compiling the training kernels…"
        self.query_one(TopBar).set_status(state="compiling", speed=self.speed_label)
        self._layout_for(self.size.width, self.size.height)
        self.call_after_refresh(self._build_trainer)

    def _make_palette(self) -> Palette:
        v = self.get_css_variables()
        theme = {k: _rgb(v.get(name)) for k, name in (("text", "foreground"), ("muted", "text-muted"),
                                                      ("accent", "accent"), ("background", "background"))}
        return palette_for(self.console.color_system, self.no_color, **{k: c for k, c in theme.items() if c})

    def on_resize(self, event) -> None:
        self._layout_for(event.size.width, event.size.height)

    def _layout_for(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.screen.set_class(small, "-too-small")
        self.screen.set_class(width < 110 or height < 32, "-compact")
        if small:
            self.query_one("#too-small", Static).update(
                f"spiral-tui needs a terminal of at least {MIN_WIDTH}x{MIN_HEIGHT}; this one is {width}x{height}.")
            return
        compact = width < 110 or height < 32
        fixed = (13 + 1 + 14 + 1) if compact else (22 + 1 + 16 + 1)
        rows = height - 2 - 1 - 2  # top bar, footer, output title, loss lines
        network = 16 if compact else 30
        side = max(16, min(2 * rows, width - fixed - network))
        self.query_one("#output").styles.width = side
        self._grid_res = side

    # ---- the trainer -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="init", exit_on_error=True)
    def _build_trainer(self) -> None:
        """Create the trainer and warm the compiled kernels, off the UI thread."""
        from ..engine import compiled
        from ..engine.training import Trainer

        compiled.load()  # compiles the training kernels (cached on disk after the first run)
        trainer = Trainer(self.config)
        if self._given_trainer is not None:
            trainer = self._given_trainer
        samples = dataset_samples()
        maps = feature_maps(THUMB_RES)
        self.call_from_thread(self._trainer_ready, trainer, samples, maps)

    def _trainer_ready(self, trainer: Trainer, samples: dict, maps: np.ndarray) -> None:
        self.trainer = trainer
        if trainer.config != self.config:  # the user changed settings meanwhile
            trainer.apply(self.config)
        self.query_one(DataPicker).set_samples(samples)
        self.query_one(FeatureList).set_maps(maps)
        self.query_one(TopBar).set_status(state="paused")
        self.post_message(TrainerReady())
        self.render_now()
        if self.autostart:
            self.playing = True

    def watch_playing(self, playing: bool) -> None:
        if playing and self.trainer is not None:
            self.query_one(TopBar).set_status(state="training")
            self._train()
        else:
            self.workers.cancel_group(self, "training")
            state = "diverged" if self.trainer is not None and self.trainer.diverged else "paused"
            self.query_one(TopBar).set_status(state=state, rate=0.0)
            self.render_now()

    @work(thread=True, exclusive=True, group="training", exit_on_error=True)
    def _train(self) -> None:
        """Step the trainer in short slices; post a frame whenever one is due."""
        worker = get_current_worker()
        trainer, sizer, meter = self.trainer, SliceSizer(), RateMeter()
        last_post = 0.0
        while not worker.is_cancelled:
            per_frame = SPEEDS[self.speed_index]
            if self._waiting.is_set():  # let a key's command take the lock first
                time.sleep(0.001)
                continue
            if per_frame is not None and (wait := self.pacer.wait()) > 0:
                time.sleep(min(wait, 0.02))
                continue
            started = time.perf_counter()
            done = len(trainer.step(per_frame or sizer.epochs))
            sizer.update(done, time.perf_counter() - started)
            self._rate = meter.add(trainer.epoch)
            if trainer.diverged:
                self.post_message(TrainingStopped(trainer.snapshot()))
                return
            if self.pacer.due():
                self.post_message(FrameReady(trainer.snapshot(grids=True, resolution=self._grid_res), self._rate, True))
                last_post = time.monotonic()
            elif time.monotonic() - last_post >= NUMBERS_INTERVAL:
                self.post_message(FrameReady(trainer.snapshot(), self._rate, False))
                last_post = time.monotonic()

    def command(self, name: str, *args, **kwargs):
        """Call a Trainer method from the UI thread. The training thread steps
        aside at its next slice (a lock alone is not fair: it could take it
        back again and again)."""
        self._waiting.set()
        try:
            with self.trainer.lock:
                return getattr(self.trainer, name)(*args, **kwargs)
        finally:
            self._waiting.clear()

    def render_now(self) -> None:
        """Draw the trainer's current state at once (used when paused)."""
        if self.trainer is None:
            return
        snap = self.command("snapshot", grids=True, resolution=self._grid_res)
        self._show(snap, self._rate if self.playing else 0.0, numbers=True)

    @on(FrameReady)
    def _on_frame(self, message: FrameReady) -> None:
        if not self.screen_stack or not self.is_running:  # a late frame while the app closes
            return
        now = time.monotonic()
        numbers = now - self._numbers_at >= NUMBERS_INTERVAL
        if message.with_grids:
            mark = self.bytes_written
            self._show(message.snapshot, message.epochs_per_s, numbers)
            self.call_after_refresh(lambda: self.pacer.sent(self.bytes_written - mark))
        elif numbers:
            self._show_numbers(message.snapshot, message.epochs_per_s)

    @on(TrainingStopped)
    def _on_stopped(self, message: TrainingStopped) -> None:
        self.playing = False
        self.notify("Training stopped: the loss is no longer a finite number. "
                    "Lower the learning rate, then press r to reset.", severity="error", timeout=8)

    def _show(self, snap: Snapshot, rate: float, numbers: bool) -> None:
        c = snap.config
        self._snap = snap
        view = self.query_one(NetworkView)
        view.show(snap.grids, snap.network)
        self.query_one(BoundaryHeatmap).show(view.big_grid(), snap.data, problem=c.problem,
                                             show_test=c.show_test, discretize=c.discretize and view.cursor is None)
        if view.title() != self._output_title:
            self._output_title = view.title()
            self.query_one("#output-title", Static).update(self._output_title)
        if numbers:
            self._show_numbers(snap, rate)

    def _show_numbers(self, snap: Snapshot, rate: float) -> None:
        self._numbers_at = time.monotonic()
        state = "diverged" if snap.diverged else ("training" if self.playing else "paused")
        self.query_one(TopBar).set_status(epoch=snap.epoch, rate=rate, state=state)
        self.query_one(LossPanel).show(snap.train_loss, snap.test_loss, snap.history)

    # ---- applying changes ------------------------------------------------------

    def apply_config(self, config: Config) -> None:
        """Make `config` the experiment: the trainer rebuilds what it must."""
        if self.trainer is not None:
            try:
                self.command("apply", config)
            except DataFileError as exc:  # the points file changed under us: keep what runs
                self.notify(str(exc), severity="error")
                return
        self.config = config
        self.selected_layer = min(self.selected_layer, max(0, len(config.layers) - 1))
        self.query_one(TopBar).set_status(config=config)
        for view in (self.query_one(DataPicker), self.query_one(FeatureList), self.query_one(NetworkView)):
            view.set_config(config)
        self.query_one(NetworkView).selected = self.selected_layer
        if not self.playing:
            self.render_now()

    def change(self, **changes) -> None:
        """Apply `changes` to the config, or say in one line why not."""
        try:
            config = self.config.replace(**changes)
        except ConfigError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.apply_config(config)

    @on(NetworkView.SelectionChanged)
    def _on_neuron_selected(self, message: NetworkView.SelectionChanged) -> None:
        if self._snap is not None:  # show the chosen neuron now, even when paused
            self._show(self._snap, self._rate if self.playing else 0.0, numbers=False)

    @on(NetworkView.ValueEdited)
    def _on_value_edited(self, message: NetworkView.ValueEdited) -> None:
        if self.trainer is None:
            return
        m = message
        if m.source is None:
            self.command("set_bias", m.layer, m.target, m.value)
        else:
            self.command("set_weight", m.layer, m.source, m.target, m.value)
        if not self.playing:
            self.render_now()

    @on(CommandRequested)
    async def _on_command(self, message: CommandRequested) -> None:
        await self.run_action(message.action)

    # ---- actions ---------------------------------------------------------------

    @property
    def speed_label(self) -> str:
        per_frame = SPEEDS[self.speed_index]
        return "max" if per_frame is None else f"{per_frame}/frame"

    def action_toggle_play(self) -> None:
        if self.trainer is None:
            self.autostart = not self.autostart
            self.notify("Still compiling; training starts when ready." if self.autostart else "Won't start.")
        elif self.trainer.diverged and not self.playing:
            self.notify("The loss diverged: press r to reset (and maybe lower the learning rate).", severity="warning")
        else:
            self.playing = not self.playing

    def action_step(self) -> None:
        if self.trainer is None:
            return
        self.playing = False
        self.command("step", 1)
        self.render_now()

    def _trainer_command(self, command: str) -> None:
        if self.trainer is None:
            return
        try:
            self.command(command)
        except DataFileError as exc:
            self.notify(str(exc), severity="error")
            return
        if command == "regenerate":
            self.apply_config(self.config.replace(seed=self.trainer.config.seed))
        elif not self.playing:
            self.render_now()

    def action_reset(self) -> None:
        self._trainer_command("reset")

    def action_restart(self) -> None:
        self._trainer_command("restart")

    def action_regenerate(self) -> None:
        self._trainer_command("regenerate")

    def action_edit_seed(self) -> None:
        def done(seed: str | None) -> None:
            if seed is not None:
                self.change(seed=seed)
                if self.trainer is not None and seed == self.trainer.config.seed:
                    self._trainer_command("restart")

        self.push_screen(SeedDialog(self.config.seed), done)

    def action_speed(self, delta: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, self.speed_index + delta))
        self.query_one(TopBar).set_status(speed=self.speed_label)

    def action_cycle(self, name: str, delta: int) -> None:
        field = {"rate": "reg_rate"}.get(name, name)
        if name == "dataset":
            choices, current = DATASETS, self.config.data_name
        else:
            choices, current = CHOICES[name], getattr(self.config, field)
        i = choices.index(current) if current in choices else 0
        value = choices[max(0, min(len(choices) - 1, i + delta))] if name in ("lr", "rate") else choices[(i + delta) % len(choices)]
        if name == "dataset":
            self.apply_config(self.config.with_data(value))
        else:
            self.change(**{field: value})

    def action_adjust(self, field: str, delta: int) -> None:
        step, low, high = STEPS[field]
        self.change(**{field: max(low, min(high, getattr(self.config, field) + delta * step))})

    def action_set_data(self, name: str) -> None:
        self.apply_config(self.config.with_data(name))

    def action_toggle_feature(self, number: int) -> None:
        on = set(self.config.features) ^ {FEATURE_NAMES[number - 1]}
        self.change(features=tuple(n for n in FEATURE_NAMES if n in on))

    def action_toggle(self, field: str) -> None:
        self.change(**{field: not getattr(self.config, field)})

    def action_add_layer(self) -> None:
        if len(self.config.layers) >= MAX_LAYERS:
            self.notify(f"At most {MAX_LAYERS} hidden layers.", severity="warning")
            return
        layers, at = self.config.layers, self.selected_layer + 1 if self.config.layers else 0
        self.change(layers=(*layers[:at], 2, *layers[at:]))
        self.action_select_layer(at)

    def action_remove_layer(self) -> None:
        if not self.config.layers:
            self.notify("No hidden layer left to remove.", severity="warning")
            return
        k = self.selected_layer
        self.change(layers=self.config.layers[:k] + self.config.layers[k + 1 :])

    def _resize_layer(self, delta: int) -> None:
        layers = list(self.config.layers)
        if not layers:
            self.notify("No hidden layer: press h to add one.", severity="warning")
            return
        k = self.selected_layer
        n = layers[k] + delta
        if not 1 <= n <= MAX_NEURONS:
            self.notify(f"A layer has 1 to {MAX_NEURONS} neurons (h/H add or remove layers).", severity="warning")
            return
        layers[k] = n
        self.change(layers=tuple(layers))

    def action_add_neuron(self) -> None:
        self._resize_layer(1)

    def action_remove_neuron(self) -> None:
        self._resize_layer(-1)

    def action_select_layer(self, index: int) -> None:
        self.selected_layer = max(0, min(len(self.config.layers) - 1, index))
        self.query_one(NetworkView).select_layer(self.selected_layer)

    def action_select_layer_by(self, delta: int) -> None:
        self.action_select_layer(self.selected_layer + delta)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen([(key_label(k), d) for k, _a, d, _s in KEYS]))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for keys, action, description, _show in KEYS:
            yield SystemCommand(description, f"key: {key_label(keys)}", partial(self.run_action, action))


def _rgb(value: str | None) -> tuple[int, int, int] | None:
    from textual.color import Color

    try:
        c = Color.parse(value) if value else None
    except Exception:
        return None
    return (c.r, c.g, c.b) if c is not None and c.a > 0 else None


def dataset_samples(noise: int = 0, seed: str = "thumbnails") -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name -> (xy, labels) of each data set, for the thumbnails."""
    from ..engine.datasets import make_dataset
    from ..engine.rng import SeededRandom

    out = {}
    for name in DATASETS:
        d = make_dataset(name, noise, 50, SeededRandom(seed))
        out[name] = (d.train_xy, d.train_y)
    return out


def feature_maps(resolution: int) -> np.ndarray:
    """(7, res, res) each feature's value over the plane, FEATURE_NAMES order."""
    from ..engine.boundary import grid_inputs

    values = grid_inputs(FEATURE_NAMES, resolution)
    return values.T.reshape(len(FEATURE_NAMES), resolution, resolution)


def make_app(config: Config, autostart: bool = False, max_kbps: float | None = None,
             trainer: Trainer | None = None) -> PlaygroundApp:
    """The app for `config`, or for an existing `trainer` (tests and the CLI share this)."""
    return PlaygroundApp(config, autostart=autostart, max_kbps=max_kbps, trainer=trainer)


def run(config: Config, *, max_kbps: float | None = None, trainer: Trainer | None = None) -> int:
    """Run the playground in this terminal; the exit code. With `trainer`
    (e.g. a loaded session) the app continues it instead of starting afresh."""
    app = make_app(config, max_kbps=max_kbps, trainer=trainer)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(run(Config()))
