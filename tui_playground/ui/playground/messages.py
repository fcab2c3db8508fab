"""App-wide messages: what the main screen's training worker reports.
(Views ask for changes with their own typed messages, e.g. DataPicker.DataChosen.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from ..runtime.worker import Frame

if TYPE_CHECKING:  # the engine (and numba) loads after the first frame
    from ...engine.training import Snapshot


@dataclass
class FrameReady(Frame):
    """A new picture to draw: `snapshot` has grids when `with_grids`.
    Only the newest queued frame is kept (a slow terminal builds no backlog)."""

    snapshot: "Snapshot"
    epochs_per_s: float
    with_grids: bool

    def can_replace(self, message: Message) -> bool:
        # `self` is older than `message`: drop it unless it has grids the newer lacks.
        return super().can_replace(message) and (message.with_grids or not self.with_grids)


@dataclass
class TrainingStopped(Message):
    """The training thread stopped by itself: the loss is not finite
    (snapshot.diverged), or a stop rule holds (snapshot.stop_reason)."""

    snapshot: "Snapshot"
    generation: int = field(kw_only=True)


@dataclass
class TrainerReady(Message):
    """The trainer exists (it trains at once: uncompiled until the kernels are loaded)."""
