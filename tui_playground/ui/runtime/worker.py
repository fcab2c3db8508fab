"""TrainingWorker: the one owner of a Trainer (or Population) while it trains.

A worker runs on a thread (a Textual thread worker) while started. Its loop:
take every queued command and run it on the subject, then one training slice
(the screen's `Plan`: step, maybe post a frame), then again. The event loop
never touches the subject while the thread owns it and never waits for it:
`submit` queues the command (a few microseconds under a bookkeeping mutex
that is never held during a step) and the command runs after the slice in
progress, so it takes effect within one slice (~20 ms on the main screen,
~30 ms in the gallery, 1/60 s in the tour; see benchmarks/ui.py). While no
thread runs (paused), `submit` starts one that runs the queued commands and
ends: a command never runs on the UI thread, so a step on the uncompiled path,
an ONNX export or a big snapshot never blocks the keys.

A command (or a slice) that raises does not end the app: the worker posts
`CommandFailed` (one line; the apps show it as an error notification), skips
that command's `done`, and goes on with the next (a failed slice stops the
training). `off_ui` runs other slow work (reading or writing files) on a
thread the same way, and `Pending` is a result that comes later to the UI
thread (the file dialogs wait on one, showing that they work).

Frames are `Frame` messages: a newer frame from the same worker replaces an
unread older one (`can_replace`), and a frame from a worker that has since
been replaced or re-subjected is ignored (`is_current`). The thread hands its
messages to a `Courier`, which posts them: see there why.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Protocol, TypeVar

from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import get_current_worker

from .pacing import TerminalPacer

S = TypeVar("S")
Command = Callable[[Any], Any]  # subject -> result
Done = Callable[[Any], None]  # called on the UI thread with the command's result

_generations = itertools.count(1)


@dataclass
class Frame(Message):
    """Base of what a worker posts; `generation` names the worker's subject."""

    generation: int = field(kw_only=True)

    def can_replace(self, message: Message) -> bool:
        # `self` is the older one: drop it when a newer frame of its kind is queued.
        return type(message) is type(self) and message.generation == self.generation


class Courier:
    """Posts a training thread's messages to the host from a thread of its own,
    in order.

    Posting to Textual from another thread wakes its event loop through a
    socket, and that write lets go of the GIL: the training thread then waited
    until the UI thread, busy drawing the frame just posted, handed the GIL
    back (2-9 ms a frame on a loaded machine, 3-12% of the training thread's
    time at 15 frames/s; benchmarks/ui.py). The courier waits instead, while
    the training thread is back in the compiled kernel, which runs without the
    GIL. Handing a message over (a queue) never lets go of the GIL."""

    def __init__(self, host: MessagePump) -> None:
        self._host = host
        self._queue: queue.Queue[Message | None] = queue.Queue()
        threading.Thread(target=self._run, name="spiral-tui-courier", daemon=True).start()

    def post(self, message: Message) -> None:
        self._queue.put(message)

    def flush(self) -> None:
        """Return once every message handed over so far has been posted."""
        self._queue.join()

    def close(self) -> None:
        """Post what is queued, then end the courier's thread."""
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            message = self._queue.get()
            try:
                if message is None:
                    return
                self._host.post_message(message)
            except RuntimeError:  # the app's event loop has closed: nobody to tell
                pass
            finally:
                self._queue.task_done()


@dataclass
class CommandFailed(Message):
    """A worker's command, slice or off-UI job raised: `text` is one line to show."""

    text: str


def failure_text(what: str, exc: BaseException) -> str:
    """'WHAT failed: first line of the error' (ValueError: ... when it says nothing)."""
    lines = str(exc).strip().splitlines()
    detail = lines[0] if lines else type(exc).__name__
    return f"{what} failed: {detail[:160]}"


class Pending:
    """A result that comes later, delivered on the UI thread: `resolve(value)`
    once (on the UI thread), `when_done(callback)` before or after."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[Any], None]] = []
        self.done = False
        self.value: Any = None

    def resolve(self, value: Any) -> None:
        if self.done:
            return
        self.done, self.value = True, value
        for callback in self._callbacks:
            callback(value)
        self._callbacks.clear()

    def when_done(self, callback: Callable[[Any], None]) -> None:
        if self.done:
            callback(self.value)
        else:
            self._callbacks.append(callback)


def off_ui(host: MessagePump, work: Callable[[], Any], done: Done, what: str = "the job") -> None:
    """Run `work()` on a thread of its own, then `done(result)` on the UI thread.
    If it raises, `done` gets the one-line text of the failure (a str) instead."""

    def run() -> None:
        try:
            result = work()
        except Exception as exc:  # a bug or a system error: one line, the app lives
            result = failure_text(what, exc)
        try:
            host.call_later(done, result)
        except RuntimeError:  # the app's event loop has closed: nobody to tell
            pass

    threading.Thread(target=run, name="spiral-tui-off-ui", daemon=True).start()


class Plan(Protocol[S]):
    """What one training slice does for a screen."""

    def slice(self, worker: "TrainingWorker[S]") -> float | None:
        """Train one slice of `worker.subject` (on the worker's thread), maybe
        post frames; return seconds to idle before the next slice (0: none),
        or None to stop."""


class TrainingWorker(Generic[S]):
    """Owns `subject` for `host` (the screen that gets its frames).

    `build` (optional) makes the subject on the thread when the worker first
    starts without one (e.g. a Population, which takes a while)."""

    def __init__(self, host: DOMNode, pacer: TerminalPacer, plan: Plan[S], subject: S | None = None,
                 *, build: Callable[[], S] | None = None, group: str = "training") -> None:
        self.host, self.pacer, self.plan = host, pacer, plan
        self.subject = subject
        self.generation = next(_generations)
        self._build, self._group = build, group
        self._commands: deque[tuple[Command, Done | None]] = deque()
        self._mutex = threading.Lock()  # bookkeeping only: never held while training
        self._wake = threading.Event()
        self._owned = False  # a thread runs and owns the subject
        self._stopping = False
        self._courier: Courier | None = None  # posts the thread's messages while it runs

    # ---- the UI side -------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether the worker trains (started and not asked to stop)."""
        with self._mutex:
            return self._owned and not self._stopping

    @property
    def busy(self) -> bool:
        """Whether commands are queued, or a thread runs commands only (paused)."""
        with self._mutex:
            return bool(self._commands) or (self._owned and self._stopping)

    @property
    def idle(self) -> bool:
        """Whether no thread owns the subject (it has finished its last slice)."""
        with self._mutex:
            return not self._owned

    def start(self) -> None:
        """Train from now on (a thread that is still finishing simply goes on)."""
        with self._mutex:
            self._stopping = False
            if self._owned:
                return
            self._owned = True
        self.host.run_worker(self._run, thread=True, group=self._group, exit_on_error=False)

    def stop(self) -> None:
        """Stop after the slice in progress; queued commands still run."""
        with self._mutex:
            self._stopping = True
        self._wake.set()

    def submit(self, command: Command, done: Done | None = None) -> None:
        """Run `command(subject)` on the worker's thread: between two slices
        while training, else on a thread started for the queued commands;
        then `done(result)` on the UI thread. Never on the UI thread."""
        with self._mutex:
            if not self._owned and self.subject is None:
                return  # nothing to run it on yet
            self._commands.append((command, done))
            self._wake.set()
            if self._owned:
                return
            self._owned, self._stopping = True, True  # run the commands, then hand the subject back
        self.host.app.run_worker(self._run, thread=True, group=f"{self._group}-commands", exit_on_error=False)

    def ask(self, command: Command) -> Pending:
        """submit(command), its result as a Pending."""
        pending = Pending()
        self.submit(command, pending.resolve)
        return pending

    def replace(self, subject: S, done: Done | None = None) -> None:
        """Own `subject` instead (between slices); frames of the old one are stale."""

        def swap(_old):
            self.subject, self.generation = subject, next(_generations)
            return subject

        self.submit(swap, done)

    def is_current(self, frame: Frame) -> bool:
        return frame.generation == self.generation

    # ---- the thread --------------------------------------------------------

    def post(self, message: Message) -> None:
        """Send `message` to the host (from the thread: through its courier)."""
        courier = self._courier
        if courier is not None:
            courier.post(message)
        else:
            self.host.post_message(message)

    def _run(self) -> None:
        courier = self._courier = Courier(self.host)
        try:
            self._loop(courier)
        except Exception as exc:  # building the subject failed: say so, hand it back
            self.post(CommandFailed(failure_text("starting", exc)))
            with self._mutex:
                self._owned, self._stopping = False, True
                self._commands.clear()
        finally:
            courier.close()

    def _loop(self, courier: Courier) -> None:
        worker = get_current_worker()
        if self.subject is None and self._build is not None:
            self.subject = self._build()
        while True:
            if self._stopping or worker.is_cancelled:
                courier.flush()  # every message is with the host before the subject is handed back
            with self._mutex:
                batch = list(self._commands)
                self._commands.clear()
                if not batch and (self._stopping or worker.is_cancelled):
                    self._owned = False
                    self._courier = None
                    return
                self._wake.clear()
            for command, done in batch:
                try:
                    result = command(self.subject)
                except Exception as exc:  # the app lives; the next command runs
                    self.post(CommandFailed(failure_text("a command", exc)))
                    continue
                if done is not None:
                    self.host.call_later(done, result)
            if batch or self._stopping or worker.is_cancelled:
                continue
            try:
                pause = self.plan.slice(self)
            except Exception as exc:  # training stops; the app and the subject stay
                self.post(CommandFailed(failure_text("training", exc)))
                pause = None
            if pause is None:
                self.stop()
            elif pause > 0:
                self._wake.wait(pause)
