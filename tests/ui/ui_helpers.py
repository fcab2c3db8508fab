"""Helpers for Pilot tests: waiting for conditions, reading a view's cells.

Textual's private API is used here only, where it has no public form (the
toasts shown, the screen as text, an input read queued as one burst); tests
call these helpers instead of reaching into Textual themselves."""

from __future__ import annotations

import numpy as np

from tui_playground.ui.render.drawing import PIXEL, decode


def text_rows(cells: np.ndarray, pixel: str = " ") -> list[str]:
    """Each row of a cell array as text (through drawing.decode); a pixel cell reads as `pixel`."""
    return ["".join(chr(point) if (point := decode(k)[0]) != PIXEL else pixel for k in row) for row in cells]


async def wait_ready(pilot, timeout: float = 30.0) -> None:
    """Until the trainer exists (it is built in a thread)."""
    app = pilot.app
    for _ in range(int(timeout / 0.05)):
        if app.trainer is not None:
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError("trainer never became ready")


async def focused_view(pilot):
    """The network view, focused (its focus event handled), once the trainer exists."""
    from tui_playground.ui.widgets.network_view import NetworkView

    await wait_ready(pilot)
    view = pilot.app.query_one(NetworkView)
    view.focus()
    await wait_until(pilot, lambda: view.wide)
    await pilot.pause()
    return view


async def wait_until(pilot, condition, timeout: float = 10.0) -> None:
    """Until `condition()` holds; fails the test if it never does."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not met in time")


async def until_stopped(pilot, worker) -> None:
    """Until `worker`'s thread has finished its last slice, and the frames it
    posted before that have been handled."""
    await wait_until(pilot, lambda: worker.idle)
    await pilot.pause()


def burst(app, *keys: str) -> None:
    """Send `keys` as one input read would (a paste, a fast double tap): all queued
    at once, none handled before the next arrives. Keys are Textual key names
    ("enter", "escape", "full_stop") or single characters."""
    from textual import events
    from textual.keys import _character_to_key

    chars = {"enter": "\r", "escape": "\x1b", "tab": "\t", "space": " "}
    for key in keys:
        if len(key) == 1:
            char, key = key, (_character_to_key(key) if not key.isalnum() else key)
        else:
            char = chars.get(key)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


def paste(app, text: str) -> None:
    """A bracketed paste of `text`, queued like a key."""
    from textual import events

    event = events.Paste(text)
    event.set_sender(app)
    app._driver.send_message(event)


def screen_stack_is_sane(app) -> bool:
    """One main screen at the bottom, no screen twice, the top one current."""
    stack = app.screen_stack
    return (len(stack) >= 1 and len({id(s) for s in stack}) == len(stack)
            and app.screen is stack[-1] and app.is_running)


def screen_segments(app):
    """(row, column, text, Rich style) of every segment on the app's screen now."""
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            yield y, x, segment.text, segment.style
            x += segment.cell_length


def screen_text(app) -> str:
    """The text on the app's screen now, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notifications(app) -> list:
    """The messages the app's toasts showed, oldest first: each replaced the
    one before (runtime/toasts.py), an app without that the toasts it holds now."""
    return list(getattr(app, "told", None) or app._notifications)


def toast_texts(app) -> list[str]:
    """The texts of the toasts shown, leaving out those already on their way
    out: Textual takes a removed widget out of the DOM later, on a message,
    but marks it `_pruning` at once, before the newer toast mounts."""
    from textual.widgets._toast import Toast

    return [str(t.render()) for t in app.screen.query(Toast) if not t._pruning]


def notes(app) -> str:
    """Every toast's message, joined by spaces."""
    return " ".join(str(n.message) for n in notifications(app))


def app_error(app) -> BaseException | None:
    """The exception that ended the app, if one did."""
    return app._exception
