"""How far a background compile is, said honestly, and the speed that follows it.

The compiler (a child process filling numba's cache, or a thread of this one)
is timed by its CPU seconds against the group's estimate (compiled.COMPILE_SECONDS,
CPU seconds on a quiet core). What the user is shown must stay true on a busy
machine too (issue 21):

- the countdown runs at the compiler's CPU share averaged over the last
  WINDOW seconds, so that it counts down steadily instead of jumping when one
  second's share differs from the next, and it is not shown before MIN_SPAN
  seconds of share have been seen (a guess from the first instant was 3x off
  under load: ~36 s that then rose to ~107 s; the first seconds' share swung by 1.5x at load 28);
- it never says less than FLOOR seconds while the compile runs, and once the
  compiler has used more CPU than the estimate (a loaded machine compiles
  slower per CPU second too) there is no share or countdown left to believe:
  the status says "longer than expected" with the time spent so far, instead
  of "99% ~1 s" for half a minute;
- the epochs/s promised after the switch (`promised_rate`) is the compiled
  kernels' quiet-core speed scaled by what the uncompiled steps get now
  (StepPace): the CPU share the training thread gets, and the share of wall
  time its caller (the app's frames, a job's history rows) leaves to training.

Importing this module imports neither numba nor NumPy.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

WINDOW = 20.0  # wall seconds the compiler's CPU share is averaged over
MIN_SPAN = 8.0  # wall seconds of share seen before a countdown is shown (the first ones are noisy)
FLOOR = 3.0  # the least the countdown says while the compile runs

CpuClock = Callable[[], "float | None"]


class Progress(NamedTuple):
    """CompileClock.progress: fraction done (0..1, None: nothing of the group
    compiles, or it runs past its estimate), seconds left (None: not known),
    wall seconds the group's compile has taken (None: its turn not come),
    and whether it is compiled and now being loaded."""

    fraction: float | None = None
    seconds_left: float | None = None
    elapsed: float | None = None
    loading: bool = False


@dataclass(frozen=True)
class CompileStatus:
    """How far the compiled kernels of `group` are (KernelCache.compile_status).

    state: as KernelCache.status(group)
    fraction: share of the group's compile done, 0..1 (CPU seconds the
        compiler has had over the estimate), None when nothing of this group
        is compiling or it has run past the estimate
    seconds_left: wall seconds to go at the compiler's recent CPU share, at
        least FLOOR; None when unknown (the first seconds, past the estimate)
    rate_after: epochs/s expected once compiled (Trainer.kernel_status), or None
    elapsed: wall seconds the group's compile has taken so far, or None
    loading: compiled, and being loaded from numba's cache
    """

    group: str
    state: str
    fraction: float | None = None
    seconds_left: float | None = None
    rate_after: float | None = None
    elapsed: float | None = None
    loading: bool = False

    @classmethod
    def of(cls, group: str, state: str, progress: Progress) -> CompileStatus:
        return cls(group, state, progress.fraction, progress.seconds_left, None, progress.elapsed, progress.loading)

    def _progress(self, short: bool = False) -> str:
        if self.loading:
            return "compiled, loading"
        if self.fraction is None and self.elapsed is not None:  # (the bar's line has no room for more)
            spent = _duration(self.elapsed, 600)
            return f"still compiling {spent}" if short else f"compiling {spent} so far, longer than expected"
        parts = ["compiling"]
        if self.fraction is not None:
            parts.append(f"{self.fraction:.0%}")
        if self.seconds_left is not None:
            parts.append(f"~{_duration(self.seconds_left)}")
        return " ".join(parts)

    def text(self) -> str:
        """Which path trains and how far the compile is, e.g. "uncompiled;
        compiling 42% ~25 s, then ~4000 epochs/s" ("compiling 150 s so far,
        longer than expected" past the estimate), "compiled", "uncompiled"."""
        if self.state == "compiled":
            return "compiled"
        if self.state == "failed":
            return "uncompiled (the compile failed)"
        if self.state != "warming":
            return "uncompiled"
        then = f", then ~{_round_rate(self.rate_after)} epochs/s" if self.rate_after else ""
        return f"uncompiled; {self._progress()}{then}"

    def short(self) -> str:
        """For a status bar: "" once compiled, "numpy" when not compiling,
        "numpy, compiling 42% ~25 s → ~4000/s" while compiling ("numpy,
        compiling" while how far is not known, "numpy, still compiling 150 s"
        past the estimate, "numpy, compiled, loading" at the end)."""
        if self.state == "compiled":
            return ""
        if self.state != "warming":
            return "numpy"
        if self.fraction is None and self.elapsed is None and not self.loading:
            return "numpy, compiling"
        then = f" → ~{_round_rate(self.rate_after, short=True)}/s" if self.rate_after else ""
        return f"numpy, {self._progress(short=True)}{then}"


def _round_rate(rate: float, short: bool = False) -> str:
    """2 significant figures: an estimate does not deserve more (`short`:
    thousands as "19k" from 10000 on, as the bar's own rate)."""
    rounded = float(f"{rate:.2g}")
    return f"{rounded / 1000:.0f}k" if short and rounded >= 10_000 else f"{rounded:.0f}"


def _duration(seconds: float, in_minutes_from: float = 120) -> str:
    """"42 s", or "3 min" from `in_minutes_from` seconds on: a countdown's
    resolution (the time spent so far is told in seconds for longer)."""
    whole = max(1, round(seconds))
    return f"{whole} s" if whole < in_minutes_from else f"{round(whole / 60)} min"


def process_cpu(pid: int) -> CpuClock:
    """CPU seconds of process `pid` so far (Linux /proc), None once unreadable."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def cpu() -> float | None:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        except (OSError, IndexError, ValueError):
            return None
    return cpu


def thread_cpu() -> CpuClock:
    """CPU seconds of the calling thread so far, readable from any thread."""
    try:
        clock = time.pthread_getcpuclockid(threading.get_ident())
    except (AttributeError, OSError):
        return lambda: None
    return lambda: time.clock_gettime(clock)


def _unknown() -> float | None:
    return None


class CompileClock:
    """Which groups are being compiled, in order, and the CPU the compiler
    (a child process or a thread) has spent on the current one. `estimates`:
    a group's CPU seconds to compile, given whether it comes first (later
    groups share parts compiled before them); `clock`: wall seconds (a test
    gives its own, with its own CPU clock to start or watch)."""

    def __init__(self, estimates: Callable[[str, bool], float],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._estimate = estimates
        self._clock = clock
        self._lock = threading.Lock()
        self._queue: list[str] = []
        self._costs: dict[str, float] = {}  # each queued group's estimate, by its place in the order
        self._compiled: set[str] = set()  # compiled, not yet said to be loaded (loaded())
        self._cpu: CpuClock = _unknown
        self._since = (0.0, clock())  # (compiler CPU, wall) when the current group began
        self._samples: list[tuple[float, float]] = []  # (wall, compiler CPU): its recent share

    def start(self, groups: list[str], cpu: CpuClock | None = None) -> None:
        with self._lock:
            self._queue = list(groups)
            self._costs = {g: self._estimate(g, k == 0) for k, g in enumerate(groups)}
            self._compiled -= set(groups)
            self._restart(cpu or _unknown, self._clock())

    def watch(self, cpu: CpuClock, from_zero: bool = False) -> None:
        """The compiler's CPU clock, once it runs (a child's pid is known late);
        `from_zero`: all of its CPU counts (a running child that an earlier
        start left, engine.compile_lock: what it has done is done)."""
        with self._lock:
            self._restart(cpu, self._since[1])
            if from_zero:
                self._since = (0.0, self._since[1])

    def _restart(self, cpu: CpuClock, wall: float) -> None:
        self._cpu = cpu
        now = cpu()
        self._since = (now or 0.0, wall)
        self._samples = [(self._clock(), now)] if now is not None else []

    def done(self, group: str) -> None:
        """`group` is compiled (it still has to be loaded: see loaded)."""
        with self._lock:
            if group in self._queue:
                current = self._queue[0] == group
                self._queue.remove(group)
                self._compiled.add(group)
                if current:
                    self._since = (self._cpu() or 0.0, self._clock())

    def loaded(self, group: str) -> None:
        with self._lock:
            self._compiled.discard(group)

    def progress(self, group: str) -> Progress:
        """How far `group`'s compile is; its turn not come yet: fraction 0 and
        the seconds of the groups before it too."""
        with self._lock:
            if group in self._compiled:
                return Progress(1.0, None, None, loading=True)
            if group not in self._queue:
                return Progress()
            wall = self._clock()
            cpu = self._cpu()
            cpu0, wall0 = self._since
            spent = max(0.0, cpu - cpu0) if cpu is not None else wall - wall0
            share = self._share(wall, cpu) if cpu is not None else (1.0 if wall - wall0 >= MIN_SPAN else None)
            ahead = self._queue[:self._queue.index(group) + 1]
            current = self._costs[ahead[0]]
            if ahead[0] == group and spent >= current:  # past its estimate: no countdown to believe
                return Progress(None, None, wall - wall0)
            left = max(0.0, current - spent) + sum(self._costs[g] for g in ahead[1:])
            seconds = None if share is None else max(FLOOR, left / share)
            if ahead[0] != group:
                return Progress(0.0, seconds, None)
            return Progress(spent / current, seconds, wall - wall0)

    def _share(self, wall: float, cpu: float) -> float | None:
        """The compiler's CPU share over the last WINDOW seconds; None before
        MIN_SPAN. (Without a CPU clock, the wall time is all there is: a
        share of 1, from MIN_SPAN on too: a child not yet watched.)"""
        self._samples.append((wall, cpu))
        while len(self._samples) > 2 and self._samples[1][0] <= wall - WINDOW:
            self._samples.pop(0)  # (the newest sample at least WINDOW old stays: the span is >= WINDOW)
        wall0, cpu0 = self._samples[0]
        if wall - wall0 < MIN_SPAN:
            return None
        return min(1.0, max(0.05, (cpu - cpu0) / (wall - wall0)))


class StepPace:
    """What the uncompiled steps of one Trainer get from this machine now:
    epochs, wall and thread-CPU seconds of its recent steps, and the wall
    seconds between them (the caller's own work: a frame, a history row);
    older steps count less, each HALF_LIFE seconds by half. A pause longer
    than MAX_GAP between two steps is no part of the pace (paused, idle)."""

    HALF_LIFE = 10.0
    MAX_GAP = 1.0
    MIN_SEEN = 1.0  # wall seconds of steps and gaps before the pace is told (`known`)

    def __init__(self) -> None:
        self.epochs = self.wall = self.cpu = self.gaps = 0.0
        self.last_end: float | None = None

    @staticmethod
    def now() -> tuple[float, float]:
        """(wall, this thread's CPU) seconds: a step's start, for `timed`."""
        return time.perf_counter(), time.thread_time()

    @classmethod
    def timed(cls, pace: StepPace | None, started: tuple[float, float], epochs: int) -> StepPace:
        """`pace` (a new one if None) with a step of `epochs` epochs since `started` added."""
        wall, cpu = cls.now()
        pace = pace or cls()
        gap = started[0] - pace.last_end if pace.last_end is not None else 0.0
        pace.add(epochs, wall - started[0], cpu - started[1], gap if 0.0 < gap <= cls.MAX_GAP else 0.0)
        pace.last_end = wall
        return pace

    def add(self, epochs: int, wall: float, cpu: float, gap: float = 0.0) -> None:
        keep = 0.5 ** ((wall + gap) / self.HALF_LIFE)
        self.epochs = self.epochs * keep + epochs
        self.wall = self.wall * keep + wall
        self.cpu = self.cpu * keep + cpu
        self.gaps = self.gaps * keep + gap

    def known(self) -> bool:
        return self.wall + self.gaps >= self.MIN_SEEN and self.cpu > 0

    def share(self) -> float:
        """The CPU share the training thread got while stepping."""
        return min(1.0, max(0.05, self.cpu / self.wall)) if self.wall > 0 and self.cpu > 0 else 1.0

    def busy(self) -> float:
        """The share of wall time the caller leaves to the steps."""
        return self.wall / (self.wall + self.gaps) if self.wall > 0 else 1.0


def promised_rate(cpu_seconds_per_epoch: float, pace: StepPace, most: float | None = None) -> float | None:
    """Epochs/s to expect once the compiled kernels run, from their speed on a
    quiet core (`cpu_seconds_per_epoch`, compiled.compiled_seconds); None
    before a second of uncompiled steps has been seen.

    Whatever slows the uncompiled steps now (other processes on the cores,
    the screen's thread holding the GIL) will slow the compiled ones too, so
    the quiet-core speed is scaled by the CPU share the uncompiled steps get
    (a busy 2-core machine gave ~20%: the promise was ~10x what the screen
    then showed), and by the share of wall time the caller leaves to them
    (the app's frames between its slices: ~30% of a quiet core's speed is
    what its bar shows), so that the promise is what that caller will show;
    `most`: the most it lets training do (a speed level of N epochs a frame)."""
    if cpu_seconds_per_epoch <= 0 or not pace.known():
        return None
    rate = pace.share() * pace.busy() / cpu_seconds_per_epoch
    return rate if most is None else min(rate, most)
