"""Shared fixtures for the UI tests: a fixed-seed config and a ready app."""

from __future__ import annotations

import pytest
import textual.constants
from textual.widgets import Input

from tui_playground.config import Config

SEED = "0.5"


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """A blinking cursor would make screenshots depend on timing."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def truecolor(monkeypatch):
    """Headless apps would pick 16 colours, which merge most of the 31 shades:
    tests and snapshots see what a truecolor terminal shows."""
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "truecolor")


IDLE_WAIT = 0.1  # seconds Pilot's press and pause wait at most for the process to go idle


@pytest.fixture(autouse=True)
def short_idle_wait(monkeypatch):
    """Pilot's press (twice a key) and pause also wait up to 1 s for the process
    to go idle, which an app training on a thread never does: 2 s a key, for
    nothing. Pilot waits for the screen's queues to empty either way, so the
    key has been handled; the idle wait is capped instead. What a test needs
    from the training thread it awaits with wait_until."""
    from textual import _wait
    from textual import app as app_module
    from textual import pilot as pilot_module

    wait = _wait.wait_for_idle

    async def capped(min_sleep: float = _wait.SLEEP_GRANULARITY, max_sleep: float = 1) -> None:
        await wait(min_sleep, min(max_sleep, IDLE_WAIT))

    monkeypatch.setattr(app_module, "wait_for_idle", capped)
    monkeypatch.setattr(pilot_module, "wait_for_idle", capped)


@pytest.fixture(autouse=True)
def commands_settle(monkeypatch):
    """A worker runs every command on a thread, paused too (the UI thread never
    waits for one). Pilot's press and pause wait for the screen's queues; here
    they also wait until no worker has a command queued or running and its
    answer has been handled, so a test reads what the keys it pressed did.
    Training itself is not waited for: a test awaits that with wait_until."""
    import asyncio
    import weakref

    from textual.pilot import Pilot

    from tui_playground.ui.runtime.worker import TrainingWorker

    workers: weakref.WeakSet = weakref.WeakSet()
    init, wait_for_screen = TrainingWorker.__init__, Pilot._wait_for_screen

    def tracked(self, *args, **kwargs):
        init(self, *args, **kwargs)
        workers.add(self)

    async def settled(self, timeout: float = 30.0) -> bool:
        result = await wait_for_screen(self, timeout)
        for _ in range(int(timeout / 0.005)):
            if not any(w.busy for w in list(workers)):
                return result
            await asyncio.sleep(0.005)
            result = await wait_for_screen(self, timeout)
        raise AssertionError("a worker's commands never finished")

    monkeypatch.setattr(TrainingWorker, "__init__", tracked)
    monkeypatch.setattr(Pilot, "_wait_for_screen", settled)


@pytest.fixture
def config() -> Config:
    return Config(seed=SEED, dataset="spiral", layers=(4, 2))


@pytest.fixture
def kernels_warming(monkeypatch):
    """The top bar says whether the compiled kernels are loaded yet, which
    depends on what ran before in this process (a test that loaded them):
    snapshots pin it to what a fresh start shows, "numpy, compiling". Training
    gives the same numbers on either path."""
    from tui_playground.engine import compiled
    from tui_playground.engine.training import Trainer

    monkeypatch.setattr(compiled, "status", lambda group=None: "warming")
    # how far a compile is depends on the clock: pinned to "not known yet"
    monkeypatch.setattr(Trainer, "kernel_status",
                        lambda self, most=None: compiled.CompileStatus(self.kernel_group, "warming"))
