"""GalleryScreen: many variants of the experiment training side by side.

A TrainingWorker owns a Population (all members, both cores) and steps it
in ~30 ms slices (GalleryPlan); when the app's pacer allows (fps cap and byte
budget) it posts a GalleryFrame with every member's output grid at tile size.
Only the newest frame is kept. Enter dismisses the screen with the selected member's Trainer
(same weights, history and accumulators), which the app then trains on.
In "seeds" mode a LossBand shows min / median / max test loss over members.
Every member trains its whole config (see gallery/variants.py); the title marks
the settings beyond the playground they share, as the main screen's top bar
does. A member whose stop rule holds stops (its caption dims); the others
train on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...config import Config, ConfigError
from ..dialogs.dialog import DismissOnce
from ..render.drawing import format_rate
from ..render.gallery_drawing import band_rows, sort_order, title_lines
from ..runtime.arrow_keys import ARROWS, arrow_bindings
from ..runtime.pacing import RateMeter, SliceSizer
from ..runtime.worker import Frame, TrainingWorker
from ..widgets.loss_band import LossBand
from ..widgets.tile_grid import TileGrid
from ..widgets.top_bar import beyond_mark
from .variants import GALLERY_SETS, GallerySet, gallery_set

if TYPE_CHECKING:
    from ...engine.population import Population
    from ...engine.training import Trainer

RESORT_INTERVAL = 1.0  # seconds between re-sorts while sorted by loss (tiles jumping costs bytes)
BAND_CAPACITY = 8192  # band rows kept; every other one is dropped when full


@dataclass
class GalleryFrame(Frame):
    """Every member's output grid (tile size), losses and the loss band."""

    grids: list[np.ndarray]
    losses: np.ndarray  # (K, 2) train, test
    epoch: int
    band: np.ndarray  # (n, 4) epoch, min, median, max test loss
    rate: float  # epochs per second (per member)
    stopped: np.ndarray  # (K,) bool: a stop rule ended the member's training


class GalleryPlan:
    """One gallery slice: every member steps ~30 ms worth of epochs; the band
    grows by them; a frame when the pacer allows."""

    def __init__(self, screen: "GalleryScreen") -> None:
        self.screen = screen
        self.sizer, self.meter = SliceSizer(target_s=0.03), RateMeter()
        self.band: np.ndarray | None = None
        self.ended = False  # the frame after the last member stopped is posted

    def slice(self, worker: TrainingWorker[Population]) -> float | None:
        pop = worker.subject
        if self.band is None:  # the first picture, before any training
            self.band = band_rows(0, pop.losses[:, 1:])
            self.post(worker, 0.0)
            return 0
        first, started = int(pop.epochs.max()) + 1, time.perf_counter()
        results = pop.step(self.sizer.epochs)
        done = max(len(r) for r in results)
        self.sizer.update(max(done, 1), time.perf_counter() - started)
        if done == 0:  # every member diverged or stopped: show how they ended, once
            if not self.ended:
                self.ended = True
                self.post(worker, 0.0)
            return 0.05
        test = band_losses(pop, [r[:, 1] for r in results], done)
        band = np.concatenate((self.band, band_rows(first, test)))
        self.band = band[::2] if len(band) > BAND_CAPACITY else band
        rate = self.meter.add(int(pop.epochs.max()))
        if worker.pacer.due():
            self.post(worker, rate)
        return 0

    def post(self, worker: TrainingWorker[Population], rate: float) -> None:
        pop, res = worker.subject, self.screen.tile_side
        outputs = [pop.snapshot(i, grids=True, resolution=res).grids[-1] for i in range(len(pop))]
        grids = [g if len(g) > 2 else g[0] for g in outputs]  # K > 2 classes: every class's map
        stopped = np.array([pop.trainer(i).stop_reason is not None for i in range(len(pop))])
        worker.post(GalleryFrame(grids, pop.losses, int(pop.epochs.max()), self.band, rate, stopped,
                                 generation=worker.generation))


class GalleryScreen(DismissOnce, Screen["Trainer | None"]):
    """Tiles of `kind` variants of `config` (see gallery/variants.py)."""

    DEFAULT_CSS = """
    GalleryScreen #gallery-title { height: 1; background: $panel; color: $text; }  /* 2 lines if it must */
    GalleryScreen TileGrid { height: 1fr; margin: 1 1 0 1; }
    GalleryScreen LossBand { display: none; margin: 0 1; }
    GalleryScreen.-seeds LossBand { display: block; }
    GalleryScreen.-short LossBand { height: 5; }
    """

    BINDINGS = [
        *arrow_bindings("move('{key}')", dict.fromkeys(ARROWS, "Select")),
        Binding("enter", "open", "Open"),
        Binding("s", "sort", "Sort"),
        # v / V step the set of variants forward and back; ctrl+k is seeds, as on the main screen
        Binding("v", "next_set(1)", "Variants"),
        Binding("V", "next_set(-1)", "Variants back", show=False),
        # ctrl+k: to the seeds and back; the footer names the one it goes to
        Binding("ctrl+k", "seeds", "Seeds"),
        Binding("ctrl+k", "variants", "Layers"),  # back to the hidden-layer shapes
        # Vary one setting: the key that changes it on the main screen.
        Binding("h", "vary('shapes')", "Vary hidden layers", show=False),
        Binding("l", "vary('lr')", "Vary learning rate", show=False),
        Binding("a", "vary('activation')", "Vary activation", show=False),
        Binding("j", "vary('optimizer')", "Vary optimizer", show=False),
        Binding("c", "vary('loss')", "Vary loss", show=False),
        Binding("f", "vary('schedule')", "Vary learning-rate schedule", show=False),
        # the footer names what space will do: Play while paused, Pause while training
        Binding("space", "play", "Play"),
        Binding("space", "pause", "Pause"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, config: Config, kind: str = "shapes", *, live: bool = True) -> None:
        super().__init__()
        self.config = config
        self.kind = kind
        self.live = live  # False: no worker; `step_now` trains (snapshots, screenshots)
        self.sorted = False
        self.paused = not live
        self.worker: TrainingWorker[Population] | None = None
        self._sorted_at = 0.0
        self._frame: GalleryFrame | None = None
        self.tile_side = 16  # the worker draws grids this big (set on the UI thread)
        self.set: GallerySet = gallery_set(kind, config)

    @property
    def variants(self) -> list[tuple[str, Config]]:
        return self.set.variants

    @property
    def mark(self) -> str:
        """The settings beyond the playground every member shares ('+ adam xent')."""
        return beyond_mark(self.config, skip=self.set.varied)

    def compose(self) -> ComposeResult:
        yield Static(id="gallery-title")
        yield TileGrid([label for label, _ in self.variants])
        yield LossBand()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._start()

    def on_resize(self, event) -> None:
        self.set_class(event.size.height < 32, "-short")
        self._refresh_title()  # its lines for this width
        self.call_after_refresh(self._measure)

    def _measure(self) -> None:
        self.tile_side = max(2, self.query_one(TileGrid).side)

    # ---- the worker -----------------------------------------------------------

    @property
    def population(self) -> Population | None:
        """The members (read them only while paused: the worker steps them)."""
        return self.worker.subject if self.worker is not None else None

    def _start(self) -> None:
        self.set_class(self.kind == "seeds", "-seeds")
        grid = self.query_one(TileGrid)
        grid.labels = [label for label, _ in self.variants]
        grid.show([None] * len(self.variants), np.full(len(self.variants), np.nan), np.arange(len(self.variants)))
        grid.select(0)
        self.query_one(LossBand).show(np.empty((0, 4)))
        self._frame = None
        configs = [c for _, c in self.variants]
        self.worker = TrainingWorker(self, self.app.pacer, GalleryPlan(self), build=lambda: build_population(configs),
                                     group="gallery")
        self._show_title(0, 0.0)
        if self.live and not self.paused:
            self.worker.start()

    def step_now(self, epochs: int) -> None:
        """Without a worker thread: build the population if needed, train every
        member `epochs` epochs on this thread and draw the result."""
        from ...engine import compiled
        from ...engine.population import Population

        # Screenshots and tests: the compiled kernels, loaded (or compiled) here.
        compiled.load(*{compiled.group_for(c) for _, c in self.variants})
        self._measure()
        if self.worker.subject is None:
            self.worker.subject = Population([c for _, c in self.variants])
        pop = self.worker.subject
        pop.step(epochs)
        histories = pop.histories
        self.worker.plan.band = band_rows(0, band_losses(pop, [h[:, 2] for h in histories],
                                                         max(len(h) for h in histories)))
        self.worker.plan.post(self.worker, 0.0)

    def _close(self) -> None:
        """Stop training and free the members (on the worker's thread, after its slice)."""
        if self.worker is not None:
            self.worker.submit(lambda pop: pop.close())
            self.worker.stop()
            self.worker = None

    # ---- frames ---------------------------------------------------------------

    @on(GalleryFrame)
    def _on_frame(self, frame: GalleryFrame) -> None:
        if self.worker is None or not self.worker.is_current(frame):
            return
        self._frame = frame
        self.app.pacer.present(self, lambda: self._draw(frame))

    def _draw(self, frame: GalleryFrame, resort: bool = False) -> None:
        grid = self.query_one(TileGrid)
        order = None
        if self.sorted and (resort or time.monotonic() - self._sorted_at >= RESORT_INTERVAL):
            order, self._sorted_at = sort_order(frame.losses[:, 1]), time.monotonic()
        grid.show(frame.grids, frame.losses[:, 1], order)
        grid.dim = set(np.flatnonzero(frame.stopped).tolist())
        if self.kind == "seeds":
            self.query_one(LossBand).show(frame.band)
        self._show_title(frame.epoch, frame.rate)

    def _show_title(self, epoch: int, rate: float) -> None:
        grid = self.query_one(TileGrid)
        state = "paused" if self.paused else f"{format_rate(rate)} epochs/s"
        stopped = int(self._frame.stopped.sum()) if self._frame is not None else 0
        parts = [f"GALLERY  {self.set.title}", self.mark, f"epoch {epoch}", state,
                 f"{stopped} stopped" if stopped else "",
                 "sorted by test loss" if self.sorted else "", f"selected {grid.labels[grid.selected]}"]
        # over as many lines as it takes, each part whole (the tiles take the rest)
        lines = title_lines([p for p in parts if p], max(20, self.size.width - 1))
        title = self.query_one("#gallery-title", Static)
        title.styles.height = len(lines)
        title.update("\n".join(" " + line for line in lines))

    # ---- actions --------------------------------------------------------------

    def action_move(self, key: str) -> None:
        from ..render.gallery_drawing import move

        grid = self.query_one(TileGrid)
        at = move(grid.position, key, grid.layout.cols, len(grid.labels))
        grid.select(int(grid.order[at]))
        self._refresh_title()

    def action_sort(self) -> None:
        grid = self.query_one(TileGrid)
        self.sorted = not self.sorted
        if self._frame is not None and self.sorted:
            self._draw(self._frame, resort=True)
        elif not self.sorted:
            grid.show(grid.grids, grid.losses, np.arange(len(grid.labels)))
        self._refresh_title()

    def _refresh_title(self) -> None:
        f = self._frame
        self._show_title(f.epoch if f else 0, f.rate if f else 0.0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("play", "pause"):
            return (action == "pause") != self.paused
        if action in ("seeds", "variants"):
            return (action == "variants") == (self.kind == "seeds")
        return True

    def action_play(self) -> None:
        self.action_pause()

    def action_pause(self) -> None:
        self.paused = not self.paused
        if self.worker is not None and self.paused:
            self.worker.stop()
        elif self.worker is not None and self.live:
            self.worker.start()
        self.refresh_bindings()
        self._refresh_title()

    def action_next_set(self, delta: int = 1) -> None:
        """The next (delta 1) or previous (-1) set in GALLERY_SETS that this experiment can vary."""
        kinds = GALLERY_SETS
        at = kinds.index(self.kind) if self.kind in kinds else (-1 if delta > 0 else 0)
        for k in range(1, len(kinds) + 1):
            kind = kinds[(at + k * delta) % len(kinds)]
            if self._switch(kind, quiet=True):
                return

    def action_seeds(self) -> None:
        self._switch("seeds")

    def action_variants(self) -> None:
        self._switch("shapes")

    def action_vary(self, kind: str) -> None:
        if kind != self.kind:
            self._switch(kind)

    def _switch(self, kind: str, quiet: bool = False) -> bool:
        """Show set `kind` instead; if this experiment cannot vary that way,
        keep the current one (and say why unless `quiet`)."""
        try:
            chosen = gallery_set(kind, self.config)
        except ConfigError as exc:
            if not quiet:
                self.app.notify(f"No {kind} gallery for this experiment: {exc}", severity="warning")
            return False
        self._close()
        self.kind, self.set, self.sorted = kind, chosen, False
        self._start()
        self.refresh_bindings()  # ctrl+k's name in the footer
        return True

    def action_open(self) -> None:
        if self.worker is None or (self.population is None and not self.worker.running):
            self.app.notify("Still starting the networks; try again in a moment.", severity="warning")
            return
        member = self.query_one(TileGrid).selected
        self.worker.submit(lambda pop: pop.trainer(member), self._opened)

    def _opened(self, trainer: Trainer) -> None:
        self._close()
        trainer.loss_thread = True  # on its own now: its loss passes may take the second core again
        if self.is_current:
            self.dismiss(trainer)

    def action_back(self) -> None:
        self._close()
        self.dismiss(None)

    def on_unmount(self) -> None:
        self._close()


def band_losses(pop: Population, tests: list[np.ndarray], n: int) -> np.ndarray:
    """(K, n) members' test losses over the same n epochs, from each one's
    `tests` (which end early when it diverged or stopped): after a divergence
    inf, after a stop rule the loss it stopped at."""
    out = np.full((len(tests), n), np.inf)
    for k, t in enumerate(tests):
        out[k, : len(t)] = t
        if len(t) < n and pop.trainer(k).stop_reason:
            out[k, len(t):] = pop.trainer(k).test_loss
    return out


def build_population(configs: list[Config]) -> Population:
    """The members (on the worker's thread). They train uncompiled (same
    numbers) until the compiled kernels are loaded in the background."""
    from ...engine import compiled
    from ...engine.population import Population

    compiled.warm_in_background(first=compiled.group_for(configs[0]))
    return Population(configs)
