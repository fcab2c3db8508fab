"""PlaygroundScreen: the main screen, its actions and frames.

The screen owns the experiment: `config` (a reactive the views are bound to)
and, once the Trainer is built (a fraction of a second: no compiler involved),
a TrainingWorker that owns it. The Trainer trains uncompiled (same numbers)
until engine.compiled has loaded the kernels in the background.
Keys and widget messages change `config` or send the worker a command;
frames from the worker are drawn through the app's pacer. The keys are in
keys.py, the setting keys' actions in setting_actions.py (what each does to
the config in edits.py), the modes and their footer in modes.py, the slice
plan in plan.py, the sizes in layout.py, the panel under the heatmap in
output.py, file dialogs in file_actions.py, the points editor in
point_editing.py, the gallery in ui/gallery/screen.py.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

import numpy as np
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from ...config import Config
from ..dialogs.help import HelpScreen
from ..dialogs.seed_dialog import SeedDialog
from ..gallery.screen import GalleryScreen
from ..runtime.pacing import SPEEDS
from ..runtime.worker import CommandFailed, TrainingWorker, failure_text
from ..widgets.confusion_view import ConfusionView
from ..widgets.data_picker import DataPicker
from ..widgets.feature_list import FeatureList
from ..widgets.heatmap import BoundaryHeatmap
from ..widgets.loss_chart import LossChart
from ..widgets.loss_panel import LossPanel
from ..widgets.network_view import NetworkView
from ..widgets.top_bar import Status, TopBar
from . import thumbnails
from .file_actions import FileActions
from .keys import by_setting, help_sections, screen_bindings
from .layout import MIN_HEIGHT, MIN_WIDTH, is_compact, layout_for, too_small_notice
from .messages import FrameReady, TrainerReady, TrainingStopped
from .modes import ModeFooter, focused_mode, footer_bindings
from .output import OutputPanel
from .plan import PlaygroundPlan, speed_label, stop_message
from .point_editing import PointEditing
from .setting_actions import SettingKeys

if TYPE_CHECKING:  # the engine loads after the first frame
    from ...engine.training import Snapshot, Trainer


class PlaygroundScreen(SettingKeys, Screen[None]):
    """The playground: data, features, network, output; trains live."""

    BINDINGS = screen_bindings()
    # No view takes the focus by itself: the keys start as the main screen's (a
    # focused view is a mode, and the footer would show its keys, see modes.py).
    AUTO_FOCUS = ""

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
        self.panel = OutputPanel(self)  # the loss chart or confusion matrix, under or over the heatmap
        self.files = FileActions(self)
        self.points = PointEditing(self)
        self._path_timer = None  # refreshes the compile's progress in the top bar while it runs
        # Hooks for a panel over this screen (ui/lessons): the columns and rows
        # it takes, and who is shown each snapshot whose numbers are drawn.
        self.side_room: tuple[int, int] = (0, 0)
        self.snapshot_listeners: list[Callable[[Snapshot], None]] = []

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
        yield ModeFooter(compact=True)

    def on_mount(self) -> None:
        self._layout_for(self.app.size.width, self.app.size.height)
        self._thumbnails_ready(*thumbnails.load())  # shipped precomputed: in the first frame (a few ms)
        self.call_after_refresh(self._build_trainer)

    def on_resize(self, event) -> None:
        self._layout_for(event.size.width, event.size.height)

    def relayout(self) -> None:
        """Lay the screen out again (a side panel came or went)."""
        self._layout_for(self.app.size.width, self.app.size.height)

    def _layout_for(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        cols, rows = self.side_room  # a side panel's room (ui/lessons) is not the screen's
        cols = cols if width - cols >= MIN_WIDTH else 0  # a panel about to become a line squeezes nothing
        self.set_class(small, "-too-small")
        self.set_class(is_compact(width - cols, height - rows), "-compact")
        if small:
            self.query_one("#too-small", Static).update(too_small_notice(width, height))
            return
        # The data and feature columns' widths as app.tcss sets them for this size class.
        fixed = sum(self._outer_width(column) for column in ("#data", "#features"))
        layout = layout_for(width - cols, height, fixed, self.query_one(TopBar).lines, taken_rows=rows)
        self.query_one("#output").styles.width = layout.side
        self.grid_res = layout.side
        self.panel.place(layout.panel_rows)

    def _outer_width(self, selector: str) -> int:
        """A fixed-width column's width plus its right margin, from the CSS."""
        styles = self.query_one(selector).styles
        return int(styles.width.value) + styles.margin.right

    # ---- the output panel: loss chart or confusion matrix (output.py) ----------

    def action_cycle_panel(self) -> None:
        self.panel.cycle()

    def action_toggle_log(self) -> None:
        self.panel.toggle_log()

    def action_toggle_confusion_set(self) -> None:
        self.panel.toggle_confusion_set()

    # ---- the trainer -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="init", exit_on_error=False)
    def _build_trainer(self) -> None:
        """Create the trainer, off the UI thread, and have
        the compiled kernels loaded in the background (a child process
        compiles them the first time; until then training runs uncompiled).
        A failure is one line (CommandFailed), not the app's end."""
        from ...engine import compiled
        from ...engine.training import Trainer

        try:
            compiled.warm_in_background(self._warm_up_ended, first=compiled.group_for(self.config))
            trainer = self._given_trainer if self._given_trainer is not None else Trainer(self.config)
            self.app.call_from_thread(self._trainer_ready, trainer)  # space trains from now on
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
        path = {"compiled": "", "warming": "numpy, compiling"}.get(status, "numpy")
        if status == "warming" and self.trainer is not None:  # how far, and the epochs/s it will jump to
            per_frame = SPEEDS[self.speed_index]  # (a speed level's epochs a frame: the most the bar will show)
            most = None if per_frame is None else per_frame / self.app.pacer.frames.interval
            path = replace(self.trainer.kernel_status(most), state=status).short()
        self._set_status(path=path)
        if status == "warming" and self._path_timer is None:  # the countdown moves on its own
            self._path_timer = self.set_interval(1.0, self._show_path)
        elif status != "warming" and self._path_timer is not None:
            self._path_timer.stop()
            self._path_timer = None

    def _thumbnails_ready(self, samples: dict, maps: np.ndarray) -> None:
        # query, not query_one: the app may be closing (its views already gone)
        for picker in self.query(DataPicker):
            picker.set_samples(samples)
        for features in self.query(FeatureList):
            features.set_maps(maps)

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
        self.refresh_bindings()  # the footer names what space does now
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
        width = self.query_one("#output").size.width or self.grid_res
        title = self.points.title(width) if editing else view.title(width)
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
        for listener in self.snapshot_listeners:
            listener(snap)

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
    async def _on_setting_stepped(self, message: TopBar.SettingStepped) -> None:
        if message.name == "seed":  # typed, not stepped: the dialog `e` opens
            self.action_edit_seed()
        elif message.name in by_setting():
            await self.action_step_setting(message.name, message.delta)
        else:  # a setting without a key (the problem: classification or regression)
            self.action_cycle(message.name, message.delta)

    @on(TopBar.LinesChanged)
    def _on_bar_lines(self) -> None:
        self._layout_for(self.app.size.width, self.app.size.height)

    @on(TopBar.PlayToggled)
    def _on_play_toggled(self, message: TopBar.PlayToggled) -> None:
        self.action_toggle_play()

    # ---- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # space is bound twice: "Play" while paused, "Pause" while training (the footer shows the one that applies)
        if action in ("play", "pause"):
            return (action == "pause") == (self.playing or (self.worker is None and self.autostart))
        return True

    def action_play(self) -> None:
        self.action_toggle_play()

    def action_pause(self) -> None:
        self.action_toggle_play()

    def action_toggle_play(self) -> None:
        if self.worker is None:
            self.autostart = not self.autostart
            self.refresh_bindings()
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

    def action_edit_points(self) -> None:
        if self.points.active:
            self.points.stop()
        elif self.have_trainer():
            self.panel.show_heatmap()  # points go on it
            self.points.start()

    @on(BoundaryHeatmap.PointEdit)
    def _on_point_edit(self, message: BoundaryHeatmap.PointEdit) -> None:
        self.points.edit(message)

    @property
    def active_bindings(self):
        # What the footer shows (Textual dispatches keys without it): a mode's own keys (modes.py).
        return footer_bindings(self, super().active_bindings)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_sections(focused_mode(self))))

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
