"""Key latency while the app trains, shared by benchmarks/ui.py and
benchmarks/startup.py: press the learning-rate keys and time each press from
its post to the screen's action (key latency) and to the trainer having the
new rate (command latency: the worker applies it after its slice in progress).
"""

from __future__ import annotations

import asyncio
import time

import numpy as np


class KeyTimer:
    """Presses "L"/"l" in turn; `applied` is appended a time by the screen's
    action_cycle (the benchmark wraps it), so a press is seen when it has run."""

    def __init__(self, app, applied: list[float]):
        self.app, self.applied = app, applied
        self.keys: list[float] = []  # seconds, key post -> action
        self.commands: list[float] = []  # seconds, key post -> the trainer has it

    async def press(self) -> None:
        from textual import events

        key = "l" if len(self.keys) % 2 else "L"
        count, pressed = len(self.applied), time.perf_counter()
        self.app.post_message(events.Key(key, key))  # Pilot's press would wait for an idle app
        while len(self.applied) == count:
            await asyncio.sleep(0.0005)
        self.keys.append(self.applied[-1] - pressed)
        while self.app.trainer.config.lr != self.app.config.lr:  # read-only peek at the worker's trainer
            await asyncio.sleep(0.0005)
        self.commands.append(time.perf_counter() - pressed)

    def report(self, prefix: str = "", suffix: str = "", quantiles=(50, 95)) -> dict:
        """{prefix}key_latency{suffix}_ms_p50 ... and the same for command latency."""
        out = {}
        for name, values in (("key_latency", self.keys), ("command_latency", self.commands)):
            for q in quantiles:
                out[f"{prefix}{name}{suffix}_ms_p{q}"] = percentile_ms(values, q)
        return out


def percentile_ms(seconds: list[float], q: float) -> float | None:
    """The q-th percentile of `seconds`, in milliseconds to 0.1 (None: no values)."""
    return round(float(np.percentile(np.array(seconds) * 1000, q)), 1) if seconds else None
