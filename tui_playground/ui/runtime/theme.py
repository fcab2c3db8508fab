"""The data palette of an app and how it follows the theme.

Views drawn as cells (CellCanvas) take their colours from `app.palette`: the
data shades plus text, muted, accent and background slots. Switching the
theme (command palette) rebuilds the palette and repaints every such view on
every screen; other widgets follow the theme through CSS by themselves.
Light themes included: a glyph too close to its background is darkened
(palette.glyph_style). Themes that leave the colours to the terminal (ansi-*)
name no colour the views could draw with: the palette does not offer them.
"""

from __future__ import annotations

from typing import Callable

from textual.app import App
from textual.color import Color

from ..render.palette import NUM_SHADES, Palette, palette_for

# palette slot -> theme CSS variable
THEME_SLOTS = (("text", "foreground"), ("muted", "text-muted"), ("accent", "accent"), ("background", "background"))


def theme_palette(app: App) -> Palette:
    """The palette for `app`'s terminal colours and its current theme."""
    variables = app.get_css_variables()
    theme = {slot: _rgb(variables.get(name)) for slot, name in THEME_SLOTS}
    return palette_for(app.console.color_system, app.no_color, levels=_levels(app),
                       **{k: c for k, c in theme.items() if c})


def plain_palette(app: App) -> Palette:
    """The palette for `app`'s terminal colours, text slots at their defaults."""
    return palette_for(app.console.color_system, app.no_color, levels=_levels(app))


def _levels(app: App) -> int:
    """Shades the app's display profile draws (fewer when recorded)."""
    pacer = getattr(app, "pacer", None)
    return pacer.profile.shade_levels if pacer is not None else NUM_SHADES


def follow_theme(app: App, make: Callable[[App], Palette]) -> None:
    """From now on, a theme switch gives `app` a new palette and repaints its
    views; only themes with colours of their own are offered."""
    from ..widgets.cells import CellCanvas

    for name in [n for n, theme in app.available_themes.items() if not _has_colours(theme.background)]:
        if name != app.theme:
            app.unregister_theme(name)

    def recolour(_theme) -> None:
        app.palette = make(app)  # type: ignore[attr-defined]  # the apps that follow a theme have one (ui/app.py)
        for screen in app.screen_stack:
            for view in screen.query(CellCanvas):
                view.repaint_all()

    app.theme_changed_signal.subscribe(app, recolour)


def _has_colours(value: str | None) -> bool:
    """Whether a theme's colour is one of its own (not the terminal's default, not an ANSI number)."""
    try:
        return value is None or Color.parse(value).ansi is None
    except Exception:
        return False


def _rgb(value: str | None) -> tuple[int, int, int] | None:
    try:
        c = Color.parse(value) if value else None
    except Exception:
        return None
    return (c.r, c.g, c.b) if c is not None and c.a > 0 else None
