"""PlaygroundScreen: the main screen, its keys and actions.

The screen owns the experiment: `config` (a reactive the views are bound to)
and, once the Trainer is built (a fraction of a second: no compiler involved),
a TrainingWorker that owns it. The Trainer trains uncompiled (same numbers)
until engine.compiled has loaded the kernels in the background.
Keys and widget messages change `config` or send the worker a command;
frames from the worker are drawn through the app's pacer. File dialogs live
in file_actions.py, the gallery in ui/gallery/screen.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...config import (
    ACTIVATIONS,
    DATASETS,
    LEARNING_RATES,
    LOSSES,
    LR_SCHEDULE_CHOICES,
    MAX_CLASSES,
    MAX_LAYERS,
    MAX_NEURONS,
    MULTICLASS_DATASETS,
    OPTIMIZERS,
    PROBLEMS,
    REG_RATES,
    REGULARIZATIONS,
    Config,
    ConfigError,
)
from ...engine.features import FEATURE_NAMES
from .file_actions import FILE_KEYS, FileActions
from .point_editing import PointEditing
from .messages import FrameReady, TrainerReady, TrainingStopped
from ..runtime.pacing import SPEEDS, RateMeter, SliceSizer
from ..widgets.confusion_view import ConfusionView
from ..widgets.data_picker import DataPicker
from ..widgets.feature_list import FeatureList
from ..widgets.heatmap import BoundaryHeatmap
from ..widgets.loss_chart import LossChart
from ..widgets.loss_panel import LossPanel
from ..widgets.network_view import NetworkView
from ..widgets.top_bar import Status, TopBar
from ..runtime.worker import CommandFailed, TrainingWorker, failure_text
from ..gallery.screen import GalleryScreen
from ..dialogs.help import HelpScreen
from ..dialogs.seed_dialog import SeedDialog

if TYPE_CHECKING:  # the engine loads after the first frame
    from ...engine.training import Snapshot, Trainer

MIN_WIDTH, MIN_HEIGHT = 80, 24
COMPACT_WIDTH, COMPACT_HEIGHT = 110, 32  # below either: Screen.-compact in app.tcss
NETWORK_SHARE = {False: 30, True: 16}  # columns the network keeps at least, by compactness
PANEL_MIN_ROWS = 8  # the loss chart or confusion matrix under the heatmap: 6 classes fit
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
    ("a", "cycle('activation', 1)", "Next activation (the network cursor's layer, else all)", False),
    ("A", "cycle('activation', -1)", "Previous activation", False),
    ("x", "cycle('reg', 1)", "Next regularization", False),
    ("X", "cycle('reg', -1)", "Previous regularization", False),
    ("z", "cycle('rate', 1)", "Regularization rate up", False),
    ("Z", "cycle('rate', -1)", "Regularization rate down", False),
    ("k", "classes(1)", "More classes (3..6: softmax)", False),
    ("K", "classes(-1)", "Fewer classes", False),
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
    # beyond the playground (docs/beyond.md)
    ("c", "cycle('loss', 1)", "Next loss (square, cross-entropy)", False),
    ("C", "cycle('loss', -1)", "Previous loss", False),
    ("j", "cycle('optimizer', 1)", "Next optimizer (sgd, momentum, rmsprop, adam)", False),
    ("J", "cycle('optimizer', -1)", "Previous optimizer", False),
    ("f", "cycle('lr_schedule', 1)", "Next learning-rate schedule", False),
    ("F", "cycle('lr_schedule', -1)", "Previous learning-rate schedule", False),
    ("y", "cycle('until_loss', 1)", "Stop rule: until test loss (off, 0.1 ... 0.005)", False),
    ("Y", "cycle('until_loss', -1)", "Stop rule: until test loss, back", False),
    ("w", "cycle('patience', 1)", "Stop rule: patience (off, 10, 50, 200 epochs)", False),
    ("W", "cycle('patience', -1)", "Stop rule: patience, back", False),
    ("v", "cycle('max_epochs', 1)", "Stop rule: max epochs (off, 100 ... 10000)", False),
    ("V", "cycle('max_epochs', -1)", "Stop rule: max epochs, back", False),
    ("t", "toggle('show_test')", "Show test data", False),
    ("m", "edit_points", "Place points by hand (on the big heatmap)", False),
    ("o", "toggle('discretize')", "Discretize output", False),
    ("O", "cycle_panel", "Output panel: loss chart, confusion matrix (small terminals: or the heatmap)", False),
    ("I", "toggle_log", "Loss chart: linear / log scale", False),
    ("T", "toggle_confusion_set", "Confusion matrix: test / train set", False),
    *FILE_KEYS,
    ("G", "gallery('shapes')", "Gallery: variants training side by side", False),
    ("S", "gallery('seeds')", "Seeds: this experiment with 16 seeds, loss band", False),
    ("question_mark", "help", "Help", True),
    ("q", "quit", "Quit", True),
)
# Rows of KEYS bound on the app, not the screen: they work over every screen.
APP_ACTIONS = {"quit"}

# Shorter names for the footer, so that ? and q still fit in 80 columns.
FOOTER = {"reset": "Reset", "regenerate": "New data"}

# What `cycle` steps through, per setting.
CHOICES = {
    "lr": LEARNING_RATES,
    "reg": REGULARIZATIONS,
    "rate": REG_RATES,
    "dataset": DATASETS,
    "problem": PROBLEMS,
    "loss": LOSSES,
    "optimizer": OPTIMIZERS,
    "lr_schedule": LR_SCHEDULE_CHOICES,
    "until_loss": (None, 0.1, 0.05, 0.02, 0.01, 0.005),
    "patience": (None, 10, 50, 200),
    "max_epochs": (None, 100, 300, 1000, 3000, 10000),
}
STEPS = {"noise": (5, 0, 50), "train_pct": (10, 10, 90), "batch": (1, 1, 30)}


def key_label(keys: str) -> str:
    names = {"left_square_bracket": "[", "right_square_bracket": "]", "question_mark": "?",
             "plus": "+", "equals_sign": "=", "minus": "-", "less_than_sign": "<",
             "greater_than_sign": ">"}
    return " ".join(names.get(k, k) for k in keys.split(","))


def stop_message(snap: Snapshot) -> str:
    """Why a stop rule paused the run, in one sentence (docs/beyond.md, "Stop rules")."""
    c, reason = snap.config, snap.stop_reason
    if reason == "until-loss":
        return f"Test loss {snap.test_loss:.4f} is at or below {c.until_loss:g} (epoch {snap.epoch})."
    if reason == "patience":
        return (f"No test-loss improvement by more than {c.min_delta:g} for {c.patience} epochs "
                f"(epoch {snap.epoch}).")
    return f"Epoch {snap.epoch} reached (max-epochs {c.max_epochs})."


@dataclass
class PlaygroundPlan:
    """One slice on the main screen: step (at the speed level, or ~20 ms flat
    out), then a frame with grids when the pacer allows, else numbers only."""

    screen: "PlaygroundScreen"

    def __post_init__(self) -> None:
        self.sizer, self.meter, self.last_post = SliceSizer(), RateMeter(), 0.0

    def slice(self, worker: TrainingWorker[Trainer]) -> float | None:
        trainer, pacer = worker.subject, worker.pacer
        per_frame = SPEEDS[self.screen.speed_index]
        if per_frame is not None and (wait := pacer.wait()) > 0:
            return min(wait, 0.02)
        started = time.perf_counter()
        done = len(trainer.step(per_frame or self.sizer.epochs))
        self.sizer.update(done, time.perf_counter() - started)
        rate = self.meter.add(trainer.epoch)
        gen = worker.generation
        if trainer.diverged or trainer.stop_reason:
            worker.post(TrainingStopped(trainer.snapshot(), generation=gen))
            return None
        if pacer.due():
            snap = trainer.snapshot(grids=True, resolution=self.screen.grid_res, metrics=True)
            worker.post(FrameReady(snap, rate, True, generation=gen))
        elif time.monotonic() - self.last_post < worker.pacer.profile.numbers_interval:
            return 0
        else:
            worker.post(FrameReady(trainer.snapshot(), rate, False, generation=gen))
        self.last_post = time.monotonic()
        return 0


class PlaygroundScreen(Screen[None]):
    """The playground: data, features, network, output; trains live."""

    BINDINGS = [Binding(keys, action, FOOTER.get(action, description), show=show, tooltip=description)
                for keys, action, description, show in KEYS if action not in APP_ACTIONS]

    # `var`: a change notifies watchers and bound views, and repaints nothing
    # itself (a repainting reactive would resend the whole screen each frame).
    config: var[Config] = var(Config, init=False)
    """The experiment shown and trained (views are bound to it)."""
    status: var[Status] = var(Status, init=False)
    """Play state, epoch, speed: the top bar's left half."""
    playing: var[bool] = var(False, init=False)
    """Whether the training worker runs."""

    def __init__(self, config: Config, *, autostart: bool = False, trainer: Trainer | None = None) -> None:
        super().__init__()
        self.set_reactive(PlaygroundScreen.config, trainer.config if trainer is not None else config)
        self.set_reactive(PlaygroundScreen.status, Status(state="starting", speed=speed_label(len(SPEEDS) - 1)))
        self.autostart = autostart
        self._given_trainer = trainer  # e.g. a loaded session: shown as it is
        self.worker: TrainingWorker[Trainer] | None = None
        self.speed_index = len(SPEEDS) - 1
        self.selected_layer = 0
        self.grid_res = 100
        self._numbers_at = 0.0
        self._rate = 0.0
        self._snap: Snapshot | None = None  # the last one drawn (a new selection redraws it)
        self._output_title = "OUTPUT"
        self.panel_rows = 0  # rows of the panel under the heatmap (0: no room, it takes the heatmap's place)
        self.panel_view: str | None = None  # "heatmap", "chart" or "confusion"; None: the size's default
        self.files = FileActions(self)
        self.points = PointEditing(self)

    @property
    def trainer(self) -> Trainer | None:
        """The trainer (read it only while paused: the worker steps it)."""
        return self.worker.subject if self.worker is not None else None

    # ---- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(self.config, id="top").data_bind(PlaygroundScreen.config, PlaygroundScreen.status)
        with Horizontal(id="main"):
            yield DataPicker(self.config, id="data").data_bind(PlaygroundScreen.config)
            yield FeatureList(self.config, id="features").data_bind(PlaygroundScreen.config)
            yield NetworkView(self.config, id="network").data_bind(PlaygroundScreen.config)
            with Vertical(id="output"):
                yield Static("OUTPUT", id="output-title")
                yield BoundaryHeatmap(id="heatmap")
                yield LossPanel(id="loss", with_metrics=True)
                yield LossChart(id="chart")
                yield ConfusionView(id="confusion")
        yield Static(id="too-small")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._layout_for(self.app.size.width, self.app.size.height)
        self.call_after_refresh(self._build_trainer)

    def on_resize(self, event) -> None:
        self._layout_for(event.size.width, event.size.height)

    def _layout_for(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        compact = width < COMPACT_WIDTH or height < COMPACT_HEIGHT
        self.set_class(small, "-too-small")
        self.set_class(compact, "-compact")
        if small:
            self.query_one("#too-small", Static).update(
                f"spiral-tui needs a terminal of at least {MIN_WIDTH}x{MIN_HEIGHT}; this one is {width}x{height}.")
            return
        # The output is square: as tall as the rows allow, within what the
        # data and feature columns (their widths as app.tcss sets them for
        # this size class) and the network's share leave.
        fixed = sum(self._outer_width(column) for column in ("#data", "#features"))
        rows = height - 2 - 1 - 3  # top bar, footer, output title, loss and metrics lines
        network = NETWORK_SHARE[compact]
        # A roomy screen keeps a quarter of the rows (padding included) for the panel under the heatmap.
        self.panel_rows = 0 if compact else max(PANEL_MIN_ROWS, rows // 4)
        picture_rows = rows - self.panel_rows - (1 if self.panel_rows else 0)
        side = max(16, min(2 * picture_rows, width - fixed - network))
        self.query_one("#output").styles.width = side
        self.grid_res = side
        self._place_panel()

    def _outer_width(self, selector: str) -> int:
        """A fixed-width column's width plus its right margin, from the CSS."""
        styles = self.query_one(selector).styles
        return int(styles.width.value) + styles.margin.right

    # ---- the output panel: loss chart or confusion matrix ------------------------

    def shown_panel(self) -> str:
        """What the output column shows besides the losses: "chart" or
        "confusion" under the heatmap when there is room; else the heatmap
        (at first), or the chart or the matrix in its place."""
        if self.panel_rows:
            return "confusion" if self.panel_view == "confusion" else "chart"
        return self.panel_view or "heatmap"

    def _place_panel(self) -> None:
        shown = self.shown_panel()
        over = not self.panel_rows  # in the heatmap's place
        heatmap = self.query_one(BoundaryHeatmap)
        heatmap.display = not over or shown == "heatmap"
        for view, name in ((self.query_one(LossChart), "chart"), (self.query_one(ConfusionView), "confusion")):
            view.display = shown == name
            view.styles.height = "1fr" if over else self.panel_rows

    def action_cycle_panel(self) -> None:
        order = ("chart", "confusion") if self.panel_rows else ("heatmap", "chart", "confusion")
        shown = self.shown_panel()
        self.panel_view = order[(order.index(shown) + 1) % len(order)]
        self._place_panel()

    def action_toggle_log(self) -> None:
        chart = self.query_one(LossChart)
        chart.set_log_scale(not chart.log_scale)
        if not chart.display:
            self.notify(f"Loss chart on a {'log' if chart.log_scale else 'linear'} scale (O shows it).")

    def action_toggle_confusion_set(self) -> None:
        matrix = self.query_one(ConfusionView)
        matrix.toggle_set()
        if not matrix.display:
            self.notify(f"Confusion matrix of the {matrix.set_name} set (O shows it).")

    # ---- the trainer -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="init", exit_on_error=False)
    def _build_trainer(self) -> None:
        """Create the trainer and the thumbnails, off the UI thread, and have
        the compiled kernels loaded in the background (a child process
        compiles them the first time; until then training runs uncompiled).
        A failure is one line (CommandFailed), not the app's end."""
        from ...engine import compiled
        from ...engine.training import Trainer

        try:
            compiled.warm_in_background(self._warm_up_ended, first=compiled.group_for(self.config))
            trainer = self._given_trainer if self._given_trainer is not None else Trainer(self.config)
            self.app.call_from_thread(self._trainer_ready, trainer)  # space trains from now on
            self.app.call_from_thread(self._thumbnails_ready, dataset_samples(), feature_maps(THUMB_RES))
        except Exception as exc:  # (also: the app closing meanwhile, its views gone)
            self.post_message(CommandFailed(failure_text("starting", exc)))

    def _warm_up_ended(self) -> None:  # (also called each time a group of kernels is loaded)
        try:
            self.app.call_from_thread(self._show_path)
        except RuntimeError:  # the app has closed meanwhile
            pass

    def _show_path(self) -> None:
        """The top bar says "numpy" while the config's kernels are on their way
        (or out of reach), and nothing once training runs compiled."""
        from ...engine import compiled

        status = compiled.status(compiled.group_for(self.config))
        if status == "failed" and self.status.path != "numpy":
            self.notify(f"Training stays uncompiled (same numbers, slower): {compiled.failure()}",
                        severity="warning", timeout=8)
        self._set_status(path={"compiled": "", "warming": "numpy, compiling"}.get(status, "numpy"))

    def _thumbnails_ready(self, samples: dict, maps: np.ndarray) -> None:
        self.query_one(DataPicker).set_samples(samples)
        self.query_one(FeatureList).set_maps(maps)

    def _trainer_ready(self, trainer: Trainer) -> None:
        self.worker = TrainingWorker(self, self.app.pacer, PlaygroundPlan(self), trainer)
        if trainer.config != self.config:  # the user changed settings meanwhile
            trainer.apply(self.config)
        self._set_status(state="paused")
        self._show_path()
        self.post_message(TrainerReady())
        self.render_now()
        if self.autostart:
            self.playing = True

    def _set_status(self, **changes) -> None:
        self.status = self.status.replace(**changes)

    def watch_playing(self, playing: bool) -> None:
        if self.worker is None:
            return
        if playing:
            self._set_status(state="training")
            self.worker.start()
        else:
            self.worker.stop()
            self.render_now()

    def render_now(self) -> None:
        """Draw the trainer's current state (after the slice in progress)."""
        if self.worker is not None:
            self.worker.submit(lambda t: t.snapshot(grids=True, resolution=self.grid_res, metrics=True),
                               self._show_paused)

    def _show_paused(self, snap: Snapshot) -> None:
        if not self.playing:
            self._set_status(state="diverged" if snap.diverged else "paused", rate=0.0)
        self._show(snap, self._rate if self.playing else 0.0, numbers=True)

    @on(FrameReady)
    def _on_frame(self, message: FrameReady) -> None:
        if self.worker is None or not self.worker.is_current(message) or not self.is_attached:
            return
        numbers = time.monotonic() - self._numbers_at >= self.app.pacer.profile.numbers_interval
        self._rate = message.epochs_per_s
        if message.with_grids:
            self.app.pacer.present(self, lambda: self._show(message.snapshot, message.epochs_per_s, numbers))
        elif numbers:
            self._show_numbers(message.snapshot, message.epochs_per_s)

    @on(TrainingStopped)
    def _on_stopped(self, message: TrainingStopped) -> None:
        self.playing = False
        if not message.snapshot.diverged:
            self.notify(stop_message(message.snapshot), title="Paused by a stop rule", timeout=8)
            return
        self.notify("Training stopped: the loss is no longer a finite number. "
                    "Lower the learning rate, then press r to reset.", severity="error", timeout=8)

    def _show(self, snap: Snapshot, rate: float, numbers: bool) -> None:
        c = snap.config
        self._snap = snap
        view = self.query_one(NetworkView)
        view.show(snap.grids, snap.network)
        editing = self.points.active  # the points as edited, even before the network can train on them
        data = self.points.editor.dataset() if editing else snap.data
        self.query_one(BoundaryHeatmap).show(view.big_grid(), data, problem=c.problem,
                                             show_test=c.show_test or editing,
                                             discretize=c.discretize and view.cursor is None,
                                             classes=c.classes, class_maps=view.output_maps(),
                                             class_index=view.output_class())
        title = self.points.title() if editing else view.title()
        if title != self._output_title:
            self._output_title = title
            self.query_one("#output-title", Static).update(self._output_title)
        if numbers:
            self._show_numbers(snap, rate)

    def _show_numbers(self, snap: Snapshot, rate: float) -> None:
        self._numbers_at = time.monotonic()
        state = "diverged" if snap.diverged else ("training" if self.playing else "paused")
        self._set_status(epoch=snap.epoch, rate=rate, state=state, lr_now=snap.current_lr)
        self.query_one(LossPanel).show(snap.train_loss, snap.test_loss, snap.history, snap.metrics)
        self.query_one(LossChart).show(snap.history, snap.config.loss)
        self.query_one(ConfusionView).show(snap.metrics)

    # ---- applying changes ------------------------------------------------------

    def apply_config(self, config: Config) -> None:
        """Make `config` the experiment: the views follow at once, the trainer
        rebuilds what it must between two slices (and if its points file went
        bad, says so and keeps what runs)."""
        self.selected_layer = min(self.selected_layer, max(0, len(config.layers) - 1))
        self.query_one(NetworkView).selected = self.selected_layer
        if self.points.active:
            from ...engine.training import DATA_FIELDS

            if any(getattr(config, f) != getattr(self.config, f) for f in DATA_FIELDS):
                self.points.stop()  # new data: the placed points are gone
        self.config = config
        if self.worker is not None:
            self.worker.submit(partial_apply(config), self._applied)
            if not self.playing:
                self.render_now()

    def _applied(self, error: Exception | None) -> None:
        if error is not None:
            self.notify(str(error), severity="error")
            self.worker.submit(lambda t: t.config, self._undo)

    def _undo(self, config: Config) -> None:
        self.config = config

    def watch_config(self, config: Config) -> None:
        # Every path that changes the shape (keys, links, undo, sessions, the
        # gallery) passes here: the selected layer must stay one that exists.
        self.selected_layer = max(0, min(self.selected_layer, len(config.layers) - 1))
        if self.worker is not None:  # another group of kernels may be the one it needs now
            self._show_path()

    def change(self, **changes) -> None:
        """Apply `changes` to the config, or say in one line why not."""
        self._change_to(lambda c: c.replace(**changes))

    def _change_to(self, edit) -> None:
        """Apply edit(config) -> Config, or say in one line why not."""
        try:
            config = edit(self.config)
        except ConfigError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.apply_config(config)

    def use_trainer(self, trainer: Trainer) -> None:
        """Show and train `trainer` from now on (paused), e.g. a loaded session."""
        self.playing = False
        self.points.stop()
        self.worker.replace(trainer)
        self.config = trainer.config  # the trainer has this config: views only
        self.selected_layer = min(self.selected_layer, max(0, len(trainer.config.layers) - 1))
        self.query_one(NetworkView).selected = self.selected_layer
        self.render_now()

    def have_trainer(self) -> bool:
        if self.worker is None:
            self.notify("Still starting; try again in a moment.", severity="warning")
        return self.worker is not None

    # ---- what the views ask for -------------------------------------------------

    @on(NetworkView.SelectionChanged)
    def _on_neuron_selected(self, message: NetworkView.SelectionChanged) -> None:
        if self._snap is not None:  # show the chosen neuron now, even when paused
            self._show(self._snap, self._rate if self.playing else 0.0, numbers=False)

    @on(NetworkView.LayerSelected)
    def _on_layer_selected(self, message: NetworkView.LayerSelected) -> None:
        self.action_select_layer(message.layer)

    @on(NetworkView.ValueEdited)
    def _on_value_edited(self, message: NetworkView.ValueEdited) -> None:
        if self.worker is None:
            return
        m = message

        def edit(trainer: Trainer) -> str | None:
            try:
                if m.source is None:
                    trainer.set_bias(m.layer, m.target, m.value)
                else:
                    trainer.set_weight(m.layer, m.source, m.target, m.value)
            except IndexError:  # the shape changed while the dialog was open
                return "That neuron or link is gone (the network changed); nothing was edited."
            return None

        self.worker.submit(edit, lambda error: error and self.notify(error, severity="warning"))
        if not self.playing:
            self.render_now()

    @on(DataPicker.DataChosen)
    def _on_data_chosen(self, message: DataPicker.DataChosen) -> None:
        self.action_set_data(message.name)

    @on(DataPicker.ValueStepped)
    def _on_value_stepped(self, message: DataPicker.ValueStepped) -> None:
        if message.field == "classes":
            self.action_classes(message.delta)
        else:
            self.action_adjust(message.field, message.delta)

    @on(FeatureList.Toggled)
    def _on_feature_toggled(self, message: FeatureList.Toggled) -> None:
        self.action_toggle_feature(message.number)

    @on(TopBar.SettingStepped)
    def _on_setting_stepped(self, message: TopBar.SettingStepped) -> None:
        if message.name == "speed":
            self.action_speed(message.delta)
        else:
            self.action_cycle(message.name, message.delta)

    @on(TopBar.PlayToggled)
    def _on_play_toggled(self, message: TopBar.PlayToggled) -> None:
        self.action_toggle_play()

    # ---- actions ---------------------------------------------------------------

    def action_toggle_play(self) -> None:
        if self.worker is None:
            self.autostart = not self.autostart
            self.notify("Starting; training begins when ready." if self.autostart else "Won't start.")
        elif self.status.state == "diverged" and not self.playing:
            self.notify("The loss diverged: press r to reset (and maybe lower the learning rate).", severity="warning")
        else:
            self.playing = not self.playing

    def action_step(self, epochs: int = 1) -> None:
        if self.worker is None:
            return
        self.playing = False
        self.worker.submit(lambda t: t.step(epochs))
        self.render_now()

    def _trainer_command(self, command: str) -> None:
        from ...engine.datafile import DataFileError

        def run(trainer: Trainer) -> Exception | None:
            try:
                getattr(trainer, command)()
            except DataFileError as exc:
                return exc
            return None

        if self.have_trainer():
            self.worker.submit(run, lambda error: self._trainer_done(command, error))

    def _trainer_done(self, command: str, error: Exception | None) -> None:
        if error is not None:
            self.notify(str(error), severity="error")
        elif command == "regenerate":
            self.worker.submit(lambda t: t.config.seed,
                               lambda seed: self.apply_config(self.config.replace(seed=seed, resets=0)))
        elif not self.playing:
            self.render_now()

    def action_reset(self) -> None:
        """The playground's Reset: the seed's next weights, counted in the config
        (so the seed display and the link name this very network)."""
        if self.have_trainer():
            self.change(resets=self.config.resets + 1)

    def action_restart(self) -> None:
        self.change(resets=0)
        self._trainer_command("restart")

    def action_regenerate(self) -> None:
        self._trainer_command("regenerate")

    def action_edit_seed(self) -> None:
        def done(seed: str | None) -> None:
            if seed is not None:  # a fresh start from that seed, even if it is the same
                self.change(seed=seed, resets=0)
                self._trainer_command("restart")

        self.app.push_screen(SeedDialog(self.config.seed), done)

    def action_speed(self, delta: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, self.speed_index + delta))
        self._set_status(speed=speed_label(self.speed_index))

    def action_cycle(self, name: str, delta: int) -> None:
        field = {"rate": "reg_rate"}.get(name, name)
        if name == "activation":
            self._cycle_activation(delta)
            return
        if name == "dataset":
            choices = MULTICLASS_DATASETS if self.config.classes > 2 else DATASETS
            current = self.config.data_name
        else:
            choices, current = CHOICES[name], getattr(self.config, field)
        i = choices.index(current) if current in choices else 0
        value = choices[max(0, min(len(choices) - 1, i + delta))] if name in ("lr", "rate") else choices[(i + delta) % len(choices)]
        if name == "dataset":
            self.apply_config(self.config.with_data(value))
        else:
            self.change(**{field: value})

    def _cycle_activation(self, delta: int) -> None:
        """With the network view's cursor on a hidden layer, step that layer's
        activation (a per-layer list); otherwise step every layer's, from the first's."""
        layer = self.query_one(NetworkView).cursor_layer()
        names = self.config.hidden_activations or (self.config.activation,)
        current = names[layer if layer is not None else 0]
        value = ACTIVATIONS[(ACTIVATIONS.index(current) + delta) % len(ACTIVATIONS)]
        if layer is None:
            self.change(activation=value)
        else:
            self._change_to(lambda c: c.with_layer_activation(layer, value))

    def action_adjust(self, field: str, delta: int) -> None:
        step, low, high = STEPS[field]
        self.change(**{field: max(low, min(high, getattr(self.config, field) + delta * step))})

    def action_classes(self, delta: int) -> None:
        classes = max(2, min(MAX_CLASSES, self.config.classes + delta))
        if classes == self.config.classes:
            return
        if self.config.data_file:
            self.notify("Your own data decides the classes: load it again with --classes K.", severity="warning")
            return
        try:
            config = self.config.with_classes(classes)
        except ConfigError as exc:  # e.g. an optimizer beyond the playground: two classes only
            self.notify(str(exc), severity="warning")
            return
        self.apply_config(config)
        self.notify(f"{classes} classes: {self.config.dataset}" + (" (softmax outputs)" if classes > 2 else ""))

    def action_edit_points(self) -> None:
        if self.points.active:
            self.points.stop()
        elif self.have_trainer():
            if not self.panel_rows and self.shown_panel() != "heatmap":  # points go on the heatmap: show it
                self.panel_view = "heatmap"
                self._place_panel()
            self.points.start()

    @on(BoundaryHeatmap.PointEdit)
    def _on_point_edit(self, message: BoundaryHeatmap.PointEdit) -> None:
        self.points.edit(message)

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
        at = self.selected_layer + 1 if self.config.layers else 0
        self._change_to(lambda c: c.with_layer_added(at, 2))
        self.action_select_layer(at)

    def action_remove_layer(self) -> None:
        if not self.config.layers:
            self.notify("No hidden layer left to remove.", severity="warning")
            return
        self._change_to(lambda c: c.with_layer_removed(self.selected_layer))

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
        self.app.push_screen(HelpScreen([(key_label(k), d) for k, _a, d, _s in KEYS]))

    # File dialogs and exports: file_actions.py.
    def action_show_url(self) -> None:
        self.files.show_url()

    def action_open_url(self) -> None:
        self.files.open_url()

    def action_save_session(self) -> None:
        self.files.save_session()

    def action_load_session(self) -> None:
        self.files.load_session()

    def action_import_data(self) -> None:
        self.files.import_data()

    def action_export(self) -> None:
        self.files.export()

    # ---- the gallery -----------------------------------------------------------

    def action_gallery(self, kind: str) -> None:
        """The gallery over this screen (training here pauses: it uses both cores).
        Enter there gives back a member's Trainer, which this screen adopts."""
        if not self.have_trainer():
            return
        resume = self.playing
        self.playing = False
        self.app.push_screen(GalleryScreen(self.config, kind), lambda trainer: self._gallery_closed(trainer, resume))

    def _gallery_closed(self, trainer: Trainer | None, resume: bool) -> None:
        if trainer is not None:
            self.use_trainer(trainer)
            self.notify(f"Opened {trainer.config.data_name} {','.join(map(str, trainer.config.layers))} "
                        f"at epoch {trainer.epoch}; training on.")
        if trainer is not None or resume:
            self.playing = True


def speed_label(index: int) -> str:
    per_frame = SPEEDS[index]
    return "max" if per_frame is None else f"{per_frame}/frame"


def partial_apply(config: Config):
    """The command that switches a trainer to `config`; a points file gone bad is returned, not raised."""
    from ...engine.datafile import DataFileError

    def apply(trainer: Trainer) -> Exception | None:
        try:
            trainer.apply(config)
        except DataFileError as exc:
            return exc
        return None

    return apply


def dataset_samples(noise: int = 0, seed: str = "thumbnails") -> dict:
    """name -> (xy, labels) of each data set, and (name, K) -> the same for the
    multiclass sets with K = 3..6 classes: the thumbnails."""
    from ...engine.datasets import make_dataset
    from ...engine.multiclass_data import make_multiclass_dataset
    from ...engine.rng import SeededRandom

    out: dict = {}
    for name in DATASETS:
        d = make_dataset(name, noise, 50, SeededRandom(seed))
        out[name] = (d.train_xy, d.train_y)
    for name in MULTICLASS_DATASETS:
        for k in range(3, MAX_CLASSES + 1):
            d = make_multiclass_dataset(name, k, noise, 50, SeededRandom(seed))
            out[name, k] = (d.train_xy, d.train_y)
    return out


def feature_maps(resolution: int) -> np.ndarray:
    """(7, res, res) each feature's value over the plane, FEATURE_NAMES order."""
    from ...engine.boundary import grid_inputs

    values = grid_inputs(FEATURE_NAMES, resolution)
    return values.T.reshape(len(FEATURE_NAMES), resolution, resolution)
