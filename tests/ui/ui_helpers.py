"""Waiting helpers for Pilot tests."""

from __future__ import annotations


async def wait_ready(pilot, timeout: float = 30.0) -> None:
    """Until the trainer exists (its kernels compile in a thread)."""
    app = pilot.app
    for _ in range(int(timeout / 0.05)):
        if app.trainer is not None:
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError("trainer never became ready")


async def wait_until(pilot, condition, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not met in time")


def screen_text(app) -> str:
    """The text on the app's screen now, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
