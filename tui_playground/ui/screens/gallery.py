"""GalleryScreen: many variants of the experiment training side by side.

One thread worker steps a Population (all members, both cores) in ~30 ms
slices and, when the app's pacer allows (fps cap and byte budget), posts a
GalleryFrame with every member's output grid at tile size. Only the newest
frame is kept. Enter dismisses the screen with the selected member's Trainer
(same weights, history and accumulators), which the app then trains on.
In "seeds" mode a LossBand shows min / median / max test loss over members.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from ...config import Config
from ..drawing import format_rate
from ..gallery_drawing import band_rows, sort_order
from ..gallery_variants import GALLERY_SETS, gallery_set
from ..pacing import RateMeter, SliceSizer
from ..widgets.loss_band import LossBand
from ..widgets.tile_grid import TileGrid

if TYPE_CHECKING:
    from ...engine.population import Population
    from ...engine.training import Trainer

RESORT_INTERVAL = 1.0  # seconds between re-sorts while sorted by loss (tiles jumping costs bytes)
BAND_CAPACITY = 8192  # band rows kept; every other one is dropped when full


@dataclass
class GalleryFrame(Message):
    """Every member's output grid (tile size), losses and the loss band."""

    generation: int
    grids: list[np.ndarray]
    losses: np.ndarray  # (K, 2) train, test
    epoch: int
    band: np.ndarray  # (n, 4) epoch, min, median, max test loss
    rate: float  # epochs per second (per member)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, GalleryFrame)


class GalleryScreen(Screen["Trainer | None"]):
    """Tiles of `kind` variants of `config` (see gallery_variants)."""

    DEFAULT_CSS = """
    GalleryScreen #gallery-title { height: 1; background: $panel; color: $text; }
    GalleryScreen TileGrid { height: 1fr; margin: 1 1 0 1; }
    GalleryScreen LossBand { display: none; margin: 0 1; }
    GalleryScreen.-seeds LossBand { display: block; }
    GalleryScreen.-short LossBand { height: 5; }
    """

    BINDINGS = [
        Binding("left", "move('left')", "Select", show=False),
        Binding("right", "move('right')", "Select", show=False),
        Binding("up", "move('up')", "Select", show=False),
        Binding("down", "move('down')", "Select", show=False),
        Binding("enter", "open", "Open"),
        Binding("s", "sort", "Sort"),
        Binding("v", "next_set", "Variants"),
        Binding("S", "seeds", "Seeds"),
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
        self.population: Population | None = None
        self._generation = 0
        self._stepping = threading.Lock()  # held while the population steps
        self._sorted_at = 0.0
        self._frame: GalleryFrame | None = None
        self._tile_side = 16  # the worker draws grids this big (set on the UI thread)
        self.title_text, self.variants = gallery_set(kind, config)

    def compose(self) -> ComposeResult:
        yield Static(id="gallery-title")
        yield TileGrid([label for label, _ in self.variants])
        yield LossBand()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._start()

    def on_resize(self, event) -> None:
        self.set_class(event.size.height < 32, "-short")
        self.call_after_refresh(self._measure)

    def _measure(self) -> None:
        self._tile_side = max(2, self.query_one(TileGrid).side)

    # ---- the worker -----------------------------------------------------------

    def _start(self) -> None:
        self._generation += 1
        self.title_text, self.variants = gallery_set(self.kind, self.config)
        self.set_class(self.kind == "seeds", "-seeds")
        grid = self.query_one(TileGrid)
        grid.labels = [label for label, _ in self.variants]
        grid.show([None] * len(self.variants), np.full(len(self.variants), np.nan), np.arange(len(self.variants)))
        grid.select(0)
        self.query_one(LossBand).show(np.empty((0, 4)))
        self._frame = None
        self._show_title(0, 0.0)
        if self.live:
            self._train([c for _, c in self.variants], self._generation)

    def stop(self) -> None:
        """Stop training; returns once no member is being stepped."""
        self.workers.cancel_group(self, "gallery")
        with self._stepping:
            pass

    def step_now(self, epochs: int) -> None:
        """Without a worker: build the population if needed, train every member
        `epochs` epochs on this thread and draw the result."""
        from ...engine import compiled
        from ...engine.population import Population

        compiled.load()
        self._measure()
        if self.population is None:
            self.population = Population([c for _, c in self.variants])
        self.population.step(epochs)
        pop = self.population
        histories = pop.histories
        test = np.full((len(histories), max(len(h) for h in histories)), np.inf)
        for k, h in enumerate(histories):
            test[k, : len(h)] = h[:, 2]
        band = band_rows(0, test)
        self._post(pop, self._generation, band, 0.0)

    def _close(self) -> None:
        self.stop()
        if self.population is not None:
            self.population.close()
            self.population = None

    @work(thread=True, exclusive=True, group="gallery", exit_on_error=True)
    def _train(self, configs: list[Config], generation: int) -> None:
        from ...engine import compiled
        from ...engine.population import Population

        worker = get_current_worker()
        compiled.load()
        pop = Population(configs)
        with self._stepping:
            if worker.is_cancelled:
                pop.close()
                return
            self.population = pop
        band = band_rows(0, pop.losses[:, 1:])
        sizer, meter = SliceSizer(target_s=0.03), RateMeter()
        self._post(pop, generation, band, 0.0)
        while not worker.is_cancelled:
            if self.paused:
                time.sleep(0.02)
                continue
            band = self._slice(pop, worker, sizer, band)
            rate = meter.add(int(pop.epochs.max()))
            if self.app.pacer.due():
                self._post(pop, generation, band, rate)

    def _slice(self, pop: Population, worker, sizer: SliceSizer, band: np.ndarray) -> np.ndarray:
        """Step every member one slice; the band grows by the slice's epochs."""
        with self._stepping:
            if worker.is_cancelled:
                return band
            first, started = int(pop.epochs.max()) + 1, time.perf_counter()
            results = pop.step(sizer.epochs)
        done = max(len(r) for r in results)
        sizer.update(max(done, 1), time.perf_counter() - started)
        if done == 0:  # every member diverged
            time.sleep(0.05)
            return band
        test = np.full((len(results), done), np.inf)
        for k, r in enumerate(results):
            test[k, : len(r)] = r[:, 1]
        band = np.concatenate((band, band_rows(first, test)))
        return band[::2] if len(band) > BAND_CAPACITY else band

    def _post(self, pop: Population, generation: int, band: np.ndarray, rate: float) -> None:
        res = self._tile_side
        grids = [pop.snapshot(i, grids=True, resolution=res).grids[-1][0] for i in range(len(pop))]
        self.post_message(GalleryFrame(generation, grids, pop.losses, int(pop.epochs.max()), band, rate))

    # ---- frames ---------------------------------------------------------------

    @on(GalleryFrame)
    def _on_frame(self, frame: GalleryFrame) -> None:
        if frame.generation != self._generation:
            return
        self._frame = frame
        app = self.app
        mark = getattr(app, "bytes_written", 0)
        self._draw(frame)
        self.call_after_refresh(lambda: app.pacer.sent(getattr(app, "bytes_written", 0) - mark))

    def _draw(self, frame: GalleryFrame, resort: bool = False) -> None:
        grid = self.query_one(TileGrid)
        order = None
        if self.sorted and (resort or time.monotonic() - self._sorted_at >= RESORT_INTERVAL):
            order, self._sorted_at = sort_order(frame.losses[:, 1]), time.monotonic()
        grid.show(frame.grids, frame.losses[:, 1], order)
        if self.kind == "seeds":
            self.query_one(LossBand).show(frame.band)
        self._show_title(frame.epoch, frame.rate)

    def _show_title(self, epoch: int, rate: float) -> None:
        grid = self.query_one(TileGrid)
        state = "paused" if self.paused else f"{format_rate(rate)} epochs/s"
        parts = [f"GALLERY  {self.title_text}", f"epoch {epoch}", state,
                 "sorted by test loss" if self.sorted else "", f"{grid.labels[grid.selected]}"]
        self.query_one("#gallery-title", Static).update(" " + " · ".join(p for p in parts if p))

    # ---- actions --------------------------------------------------------------

    def action_move(self, key: str) -> None:
        from ..gallery_drawing import move

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

    def action_pause(self) -> None:
        self.paused = not self.paused
        self._refresh_title()

    def action_next_set(self) -> None:
        kinds = GALLERY_SETS
        self._switch(kinds[(kinds.index(self.kind) + 1) % len(kinds)] if self.kind in kinds else kinds[0])

    def action_seeds(self) -> None:
        self._switch("shapes" if self.kind == "seeds" else "seeds")

    def _switch(self, kind: str) -> None:
        self._close()
        self.kind, self.sorted = kind, False
        self._start()

    def action_open(self) -> None:
        if self.population is None:
            self.app.notify("Still starting the networks; try again in a moment.", severity="warning")
            return
        member = self.query_one(TileGrid).selected
        self.stop()
        trainer = self.population.trainer(member)
        self._close()
        self.dismiss(trainer)

    def action_back(self) -> None:
        self._close()
        self.dismiss(None)

    def on_unmount(self) -> None:
        self._close()
