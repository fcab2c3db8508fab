"""The four arrow keys as hidden bindings, for views that move a selection."""

from __future__ import annotations

from textual.binding import Binding

# key -> (dx, dy), screen directions (y grows downwards)
ARROWS = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}


def arrow_bindings(action: str, descriptions: dict[str, str] | None = None) -> list[Binding]:
    """Bindings of up, down, left, right to `action` written with {key}, {dx}
    and {dy} ("cursor({dx}, {dy})", "move('{key}')"); not shown in the footer.
    `descriptions`: per key (default: the key's name, capitalised)."""
    descriptions = descriptions or {}
    return [Binding(key, action.format(key=key, dx=dx, dy=dy), descriptions.get(key, key.capitalize()), show=False)
            for key, (dx, dy) in ARROWS.items()]
