"""Helpers for Pilot tests: waiting for conditions, reading a view's cells."""

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
