"""The app's gallery and seeds actions (a PlaygroundApp mixin).

G and S open the GalleryScreen over the main screen (main training pauses:
the gallery uses both cores). Its result is a member's Trainer (Enter), which
the main screen then adopts and trains on, or None (Escape). While the
gallery is up, the main screen's own actions are disabled (app bindings would
otherwise still reach it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .screens.gallery import GalleryScreen

if TYPE_CHECKING:
    from ..engine.training import Trainer

# (keys, action, description, shown in the footer), spliced into app.KEYS.
GALLERY_KEYS: tuple[tuple[str, str, str, bool], ...] = (
    ("G", "gallery('shapes')", "Gallery: variants training side by side", False),
    ("S", "gallery('seeds')", "Seeds: this experiment with 16 seeds, loss band", False),
)
# App actions that stay on while another full screen is up.
ALWAYS = {"quit", "command_palette", "bell", "focus_next", "focus_previous"}


class GalleryActions:
    """Mixin for PlaygroundApp (uses config, trainer, playing, use_trainer)."""

    def action_gallery(self, kind: str) -> None:
        if isinstance(self.screen, GalleryScreen) or not self._have_trainer():
            return
        resume = self.playing
        self.playing = False
        self.push_screen(GalleryScreen(self.config, kind), lambda trainer: self._gallery_closed(trainer, resume))

    def _gallery_closed(self, trainer: Trainer | None, resume: bool) -> None:
        if trainer is not None:
            self.use_trainer(trainer)
            self.notify(f"Opened {trainer.config.data_name} {','.join(map(str, trainer.config.layers))} "
                        f"at epoch {trainer.epoch}; training on.")
        if trainer is not None or resume:
            self.playing = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, GalleryScreen) and action not in ALWAYS:
            return False
        return super().check_action(action, parameters)
