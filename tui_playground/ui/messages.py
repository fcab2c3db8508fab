"""App-wide messages: what the training thread reports and what views ask for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the engine (and numba) loads after the first frame
    from ..engine.training import Snapshot


@dataclass
class FrameReady(Message):
    """A new picture to draw: `snapshot` has grids when `with_grids`.
    Only the newest queued frame is kept (a slow terminal builds no backlog)."""

    snapshot: "Snapshot"
    epochs_per_s: float
    with_grids: bool

    def can_replace(self, message: Message) -> bool:
        # `self` is older than `message`: drop it unless it has grids the newer lacks.
        return isinstance(message, FrameReady) and (message.with_grids or not self.with_grids)


@dataclass
class TrainingStopped(Message):
    """The training thread stopped by itself (loss not finite)."""

    snapshot: "Snapshot"


@dataclass
class TrainerReady(Message):
    """The trainer exists and its compiled kernels are warm."""


@dataclass
class CommandRequested(Message):
    """A view asks for an app action by name, e.g. 'add_layer'."""

    action: str
