"""The compiled training kernels, without waiting for the compiler.

numba compiles engine/kernels.py the first time (per install, upgrade or
Python version) and loads it from its disk cache in ~0.3-1 s after that. The
kernels come in GROUPS, by the settings that call them, so that a config's
kernels are ready as soon as its own group is: the playground's ("classic",
~36 s to compile on a quiet core), 3+ classes ("softmax", ~13 s more) and the
settings beyond the playground ("general", ~28 s more). Training never waits
for them: a Trainer runs on the uncompiled exact path (engine/numpy_kernels.py,
the same numbers bit for bit) until `ready(group_for(config))` returns the
compiled module, and switches between two steps.

Two ways to get there:

- `warm_in_background(first=...)` (the app): a child process
  ``python -m tui_playground.engine.compiled GROUP...`` compiles the groups in
  the order given (the running config's first) and so fills numba's cache,
  printing each group's name when it is cached; this process keeps its GIL for
  the screen and loads each group from that cache in a background thread as
  soon as it is named. If the child could not write a cache (no writable
  location at all), the thread compiles the groups in this process instead; if
  even that fails, training stays on NumPy.
- `load(group, ...)` (headless jobs that `choose_path` sends to the compiler):
  compile or load right here, blocking.

numba's cache goes where numba puts it: ``NUMBA_CACHE_DIR`` if set and
writable, else next to the package, else the user's cache folder; an
unwritable location is skipped by numba, and when none is left engine/kernels.py
compiles without a cache (never an error).

Importing this module does not import numba.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, cast

from . import compile_lock
from .compile_progress import CompileClock, process_cpu, thread_cpu
from .compile_progress import CompileStatus as CompileStatus  # re-exported: what compile_status returns
from .kernel_sources import SOURCES, cache_dirs, source_hash  # noqa: F401 - re-exported

if TYPE_CHECKING:
    from ..config import Config
    from .datasets import Dataset

# What each group's Trainers call (engine.training), in the order the child compiles them.
GROUPS = {
    "classic": ("train_epochs_kept", "losses_of_kept", "mean_loss", "outputs"),  # the playground's settings (train_epochs)
    "softmax": ("train_epochs_softmax", "mean_cross_entropy", "outputs"),  # 3+ classes
    "general": ("train_kept", "losses_of_kept_with", "mean_loss_of", "outputs"),  # beyond the playground (train)
}
# Seconds to compile each group alone into a cold cache, as a headless job does: CPU
# seconds of `python -m tui_playground.engine.compiled GROUP` on an empty
# NUMBA_CACHE_DIR, which match the wall time on a quiet core (a busy machine: more).
# For choose_path and the headless notice. In the app's order the later groups cost
# less (shared parts are compiled once): ~36, then ~13 and ~28 s more.
COMPILE_SECONDS = {"classic": 36.0, "softmax": 30.0, "general": 46.0}
# The same after another group (its shared parts are compiled already): the app's
# order's ~13 and ~28 s; classic after softmax by the parts they share (~36 - (30 - 13)).
LATER_SECONDS = {"classic": 19.0, "softmax": 13.0, "general": 28.0}
LOAD_SECONDS = 0.7  # import numba + load one group from a warm cache
CHILD_TIMEOUT = 1800  # seconds; the whole compile takes ~77 s quiet (a slow, busy machine: many times that)


def group_for(config: Config) -> str:
    """The group of kernels a Trainer of `config` calls."""
    if config.classes > 2:
        return "softmax"
    return "general" if config.beyond_playground else "classic"


class _Job(Protocol):
    """What path_for reads of a Trainer (a Protocol: engine.training imports this module)."""

    config: Config
    data: Dataset


def _import_kernels() -> ModuleType:
    from . import kernels

    return kernels


class KernelCache:
    """The compiled kernels of one process: which groups are loaded, the
    background warm-up and why it failed. The trainer, the population and the
    headless jobs are given one (`DEFAULT`, this process's, unless told
    otherwise); a test gives its own, with its own seams:

    importer: () -> the kernels module (engine.kernels), whose
        `warm_up(names)` compiles or loads kernels
    is_warm: (groups) -> whether numba's cache holds them (cache_is_warm)
    child: (order, watch) -> iterable of the groups a cache-filling child
        process has cached, as it caches them; watch(cpu) is given the child's
        CPU clock (compile_in_child)
    clock: () -> wall seconds, for how far a compile is (CompileClock)
    """

    def __init__(self, importer: Callable[[], ModuleType] = _import_kernels,
                 is_warm: Callable[[Iterable[str]], bool] | None = None,
                 child: Callable[..., Iterable[str]] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._import = importer
        self._is_warm = is_warm or cache_is_warm
        self._child = child or compile_in_child
        self._kernels: ModuleType | None = None  # the kernels module once a group is loaded
        self._loaded: set[str] = set()  # the groups loaded and warm
        self._load_lock = threading.Lock()  # held while loading (seconds; a compile: much longer)
        self._state_lock = threading.Lock()  # bookkeeping only, never held for long
        self._thread: threading.Thread | None = None
        self._order: list[str] = []  # the groups the background warm-up gets, in its order
        self._failure: str | None = None  # why the compiled path is out of reach, if it is
        self._callbacks: list[Callable[[], None]] = []  # to call at each change of the background warm-up
        self._progress = CompileClock(compile_estimate, clock)  # what is being compiled since when (compile_status)

    def ready(self, group: str | None = None) -> ModuleType | None:
        """The compiled kernels module if `group` is loaded (None: every group),
        else None. Never loads anything."""
        done = group in self._loaded if group is not None else len(self._loaded) == len(GROUPS)
        return self._kernels if done else None

    def status(self, group: str | None = None) -> str:
        """"compiled" (`group` loaded; None: every group), "warming" (being
        compiled or loaded in the background), "failed" (out of reach:
        training stays on NumPy) or "numpy" (nobody asked for them)."""
        if self.ready(group) is not None:
            return "compiled"
        if self._failure is not None:
            return "failed"
        if self._thread is not None and self._thread.is_alive():
            return "warming"
        return "numpy"

    def compiling_after(self, group: str) -> bool:
        """Whether the background warm-up goes on compiling other groups once
        `group` is loaded: a core stays busy with it for a while (the app
        gets every group, the playground's first)."""
        thread, order = self._thread, self._order
        if thread is None or not thread.is_alive() or group not in order:
            return False
        return any(g not in self._loaded for g in order[order.index(group) + 1:])

    def failure(self) -> str | None:
        """Why the compiled kernels could not be had (one line), or None."""
        return self._failure

    def compile_status(self, group: str) -> CompileStatus:
        """How far `group`'s kernels are: status and, while they compile, the
        estimated share done and seconds left (CompileStatus)."""
        state = self.status(group)
        if state != "warming":
            return CompileStatus(group, state)
        return CompileStatus.of(group, state, self._progress.progress(group))

    def cache_is_warm(self, groups: Iterable[str] = tuple(GROUPS)) -> bool:
        return self._is_warm(groups)

    def load(self, *groups: str, on_slow: Callable[[float], None] | None = None,
             slow_after: float = 1.0) -> ModuleType:
        """Import engine.kernels and load (or compile) `groups` (none given:
        all), in this thread. Returns the module. If numba's cache lacks a
        group, so that numba compiles, `on_slow(seconds)` is called (from a
        timer thread) once this has taken `slow_after` seconds, with the rough
        time the compile takes (COMPILE_SECONDS): the caller's chance to say
        so. Safe to call from several threads."""
        return self._load(groups, on_slow, slow_after)

    def _load(self, groups: Iterable[str], on_slow: Callable[[float], None] | None = None, slow_after: float = 1.0,
              clock: bool = True) -> ModuleType:
        """load(); `clock`: time each group's compile here (compile_status),
        not when the groups come from a child's cache."""
        wanted = [g for g in (groups or GROUPS) if g not in self._loaded]
        if not wanted:
            return cast(ModuleType, self._kernels)  # set with the first group loaded
        with self._load_lock:
            kernels = self._import()
            # Only a compile is worth a word: loading from a warm cache can take more
            # than slow_after too, on a busy machine.
            cold = [g for g in wanted if on_slow is not None and not self._is_warm([g])]
            timer = (threading.Timer(slow_after, on_slow, (compile_seconds(cold),))
                     if cold and on_slow is not None else None)
            if timer is not None:
                timer.daemon = True
                timer.start()
            try:
                for group in wanted:
                    if group not in self._loaded:
                        if clock:
                            self._progress.start([group], thread_cpu())
                        kernels.warm_up(GROUPS[group])
                        self._kernels = kernels
                        self._progress.done(group)
                        self._loaded.add(group)
                        self._progress.loaded(group)
            finally:
                if timer is not None:
                    timer.cancel()
        return cast(ModuleType, self._kernels)

    def prepare(self, groups: Iterable[str], seconds_on_numpy: float,
                on_cold: Callable[[float], None] | None = None) -> str:
        """Get a headless job's kernels without making it wait, as the app
        does; returns the path it starts on. "compiled": loaded already, or
        loaded now from a warm cache (~LOAD_SECONDS). "numpy": a job too small
        to be worth even loading them, or on a cold cache one that ends long
        before they would compile (under a quarter of the compile time: the
        estimates are rough, and a compile beside a longer job costs it little
        on a second core and may win). "switching": the cache is cold, so
        `groups` compile in the background (a child process filling the
        cache) and the job trains uncompiled meanwhile; each Trainer.step
        takes the compiled kernels as soon as they are loaded (same numbers).
        on_cold(seconds) is called then, with the compile's rough time."""
        groups = sorted(set(groups), key=list(GROUPS).index)
        if all(self.ready(g) is not None for g in groups):
            return "compiled"
        if seconds_on_numpy < LOAD_SECONDS:
            return "numpy"
        if self._is_warm(groups):
            self.load(*groups)
            return "compiled"
        if seconds_on_numpy < compile_seconds(groups) / 4:
            return "numpy"  # done long before a compile would be: no compiler beside it
        if on_cold is not None:
            on_cold(compile_seconds(groups))
        self.warm_in_background(first=groups[0], only=groups)
        return "switching"

    def warm_in_background(self, on_change: Callable[[], None] | None = None, first: str | None = None,
                           only_first: bool = False, only: Iterable[str] | None = None) -> None:
        """Start getting every group of compiled kernels (`only_first`: only
        the `first`) without blocking anyone (see the module doc), `first`
        group first, unless they are loaded or on their way. `on_change()` is
        called each time a group has been loaded and once the warm-up has
        ended, loaded or failed (see `status()`): from the background thread,
        or right here if it has ended already. `only`: only these groups."""
        # (only_first comes with a first group: the cast says so to the type checker)
        wanted = [cast(str, first)] if only_first else sorted(only or GROUPS, key=lambda g: g != first)  # stable sort
        with self._state_lock:
            ended = all(self.ready(g) is not None for g in wanted) or self._failure is not None
            if not ended:
                if on_change is not None:
                    self._callbacks.append(on_change)
                if self._thread is None or not self._thread.is_alive():  # (one that got only a first group has ended)
                    order = self._order = wanted
                    self._progress.start([g for g in order if g not in self._loaded])
                    self._thread = threading.Thread(target=self._warm, args=(order,), name="spiral-tui-kernels",
                                                    daemon=True)
                    self._thread.start()
        if ended and on_change is not None:
            on_change()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the background warm-up (if one runs) to end."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _warm(self, order: list[str]) -> None:
        try:
            for group in self._child(order, self._progress.watch):
                self._progress.done(group)
                self._load([group], clock=False)  # from the child's cache
                self._tell()
            for group in order:  # what the child could not cache (nowhere to write one): compiled here
                if group not in self._loaded:
                    self._load([group])
                    self._tell()
        except Exception as exc:  # noqa: BLE001 - any failure means: stay on NumPy
            self._failure = f"{type(exc).__name__}: {exc}".splitlines()[0] or type(exc).__name__
        with self._state_lock:
            callbacks = list(self._callbacks)
            self._callbacks.clear()
        for callback in callbacks:
            callback()

    def _tell(self) -> None:
        with self._state_lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback()

    # ---- which path for a headless job ----

    def path_for(self, trainers: Iterable[_Job], epochs: int) -> str:
        """choose_path for training each of `trainers` `epochs` more epochs."""
        trainers = list(trainers)
        return self.choose_path(sum(numpy_seconds(t.config, len(t.data.train_y), epochs) for t in trainers),
                                {group_for(t.config) for t in trainers})

    def choose_path(self, seconds_on_numpy: float, groups: Iterable[str] = ("classic",)) -> str:
        """"numpy" or "compiled" for a job that would take `seconds_on_numpy`
        on the uncompiled path and calls the kernels of `groups`: whichever
        finishes first. Already loaded: compiled. Tiny jobs: NumPy (loading
        costs more). Jobs longer than compiling those groups: compiled. In
        between: compiled only if numba's cache is warm."""
        groups = set(groups)
        if all(self.ready(g) is not None for g in groups):
            return "compiled"
        if seconds_on_numpy < LOAD_SECONDS:
            return "numpy"
        if seconds_on_numpy > compile_seconds(groups):
            return "compiled"
        return "compiled" if self._is_warm(groups) else "numpy"


def compile_in_child(order: list[str],
                     watch: Callable[..., None] | None = None) -> Iterator[str]:
    """Compile the groups in a child process (it fills numba's cache and
    exits), yielding each group as soon as the child says it is cached (and
    giving `watch` the child's CPU clock). A failed child only means that this
    process compiles what is left. When an earlier start's child is still
    filling the cache (engine.compile_lock), it is followed instead, and a
    child of our own compiles only what it left."""
    running = compile_lock.running_compiler()
    if running is not None:  # an earlier start's child fills this cache: follow it, not a second compiler
        if watch is not None:
            watch(process_cpu(running), True)  # the compile it has done so far counts
        followed = list(order)
        for group in compile_lock.follow(running, order, cache_is_warm):
            followed.remove(group)
            yield group
        order = followed
        if not order:
            return
    try:
        # Its own session: quitting the app or closing its terminal does not stop
        # it, so the cache is filled for the next start (it never writes anywhere else).
        child = subprocess.Popen([sys.executable, "-m", __name__, *order], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                 env=os.environ.copy(), start_new_session=True)
    except (OSError, subprocess.SubprocessError):
        return
    compile_lock.claim(child.pid)
    if watch is not None:
        watch(process_cpu(child.pid))
    assert child.stdout is not None  # stdout=PIPE
    timer = threading.Timer(CHILD_TIMEOUT, child.kill)
    timer.daemon = True
    timer.start()
    try:
        for line in child.stdout:
            if line.strip() in GROUPS:
                yield line.strip()
        child.wait()
    finally:  # (left early: loading failed; the child goes on filling the cache, and says so)
        timer.cancel()
        child.stdout.close()
        if child.poll() is not None:
            compile_lock.release(child.pid)


# This process's kernels: what a Trainer uses unless given its own KernelCache.
# The functions below are its methods, for callers that need no other.
DEFAULT: KernelCache  # set at the end of the module (its seams are defined below)


def ready(group: str | None = None) -> ModuleType | None:
    return DEFAULT.ready(group)


def status(group: str | None = None) -> str:
    return DEFAULT.status(group)


def failure() -> str | None:
    return DEFAULT.failure()


def load(*groups: str, on_slow: Callable[[float], None] | None = None, slow_after: float = 1.0) -> ModuleType:
    return DEFAULT.load(*groups, on_slow=on_slow, slow_after=slow_after)


def warm_in_background(on_change: Callable[[], None] | None = None, first: str | None = None,
                       only_first: bool = False) -> None:
    DEFAULT.warm_in_background(on_change, first, only_first)


def path_for(trainers: Iterable[_Job], epochs: int) -> str:
    return DEFAULT.path_for(trainers, epochs)


def choose_path(seconds_on_numpy: float, groups: Iterable[str] = ("classic",)) -> str:
    return DEFAULT.choose_path(seconds_on_numpy, groups)


# ---- which path for a headless job -------------------------------------------


def numpy_seconds(config: Config, n_train: int, epochs: int) -> float:
    """A rough guess of how long `epochs` epochs of `config` take on the
    uncompiled path: NumPy calls cost per call, ~25 us per layer per batch
    (twice that with an optimizer's state to update), plus each fdlibm
    function over the layer (~50 us on an array of 16+ values, ~3 us per
    value below that): the fdlibm calls over a layer's array per pass of a
    batch (forward and backward) are each activation's `array_calls`, in
    tanh's (~70 NumPy calls); sin and cos are about twice that each."""
    from .activations import TABLE
    from .losses import LOSSES

    shape = config.shape
    names = (*config.hidden_activations, LOSSES[config.loss].output[config.problem])
    batches = max(1, -(-n_train // config.batch))
    update = 25e-6 if config.optimizer == "sgd" else 50e-6
    per_batch = 0.0
    for name, width in zip(names, shape[1:]):
        values = min(config.batch, n_train) * width
        calls = TABLE[name].array_calls if name in TABLE else 0
        per_batch += update + calls * (50e-6 if values >= 16 else 3e-6 * values)
    losses = 2 * per_batch + 1e-6 * n_train * sum(shape)  # both sets in one pass
    return epochs * (batches * per_batch + losses)


# compiled_seconds' seconds per term of model_terms, fitted by `python
# benchmarks/compiled_model.py --fit` (least squares of relative errors, no
# negative cost) to 90 configs of the playground's settings (shapes 2-2-1 to
# 7-8x3-1, batch 1-30, 100-400 training points, tanh and relu) at load 1-2:
# within -22 %/+18 % of each (the fit before this, on older kernels, was 0.56-4.5x).
MODEL_SECONDS = (0.0, 0.0, 11.8e-9, 4.36e-9,  # a training point at batch 1: itself, a link, a neuron, a call
                 29.3e-9, 2.39e-9, 7.83e-9, 0.0,  # the same at batch 2-9 (a batch's points go through together)
                 4.49e-9, 0.887e-9, 5.54e-9, 0.0,  # and at batch 10 and up
                 200e-9, 0.0,  # an update: itself, a parameter
                 8.96e-9, 0.23e-9, 3.16e-9)  # a point of the loss pass: itself, a link, a call
LOSS_TERMS = 3  # the last terms: the loss pass's
# With the loss passes on a worker (engine.loss_thread) an epoch takes the longer of its
# two halves plus this (hand-overs, the kept state): benchmarks/compiled_model.py's 90
# configs, guess/measured wall time median 0.94 without it, 1.00 with it (range 0.80-1.46).
LOSS_THREAD_SECONDS = 3e-6


def model_terms(config: Config, n_train: int, n_test: int) -> list[float]:
    """The counts compiled_seconds weighs for one epoch of `config`: training
    points (at batch 1, 2-9 or 10 and up) and those times links, hidden neurons and
    fdlibm calls of their activation (activations.TABLE's array_calls);
    updates and those times parameters; loss-pass points and those times
    links and calls."""
    from .activations import TABLE

    shape = config.shape
    links = sum(a * b for a, b in zip(shape, shape[1:]))
    calls = sum(width * TABLE[name].array_calls if name in TABLE else 0
                for name, width in zip(config.hidden_activations, shape[1:-1]))
    hidden = sum(shape[1:-1])
    batches = max(1, -(-n_train // config.batch))
    training = [0.0] * 12  # batch 1; 2-9 (a few points together vectorise poorly); 10 and up
    kind = 0 if config.batch == 1 else (1 if config.batch < 10 else 2)
    training[4 * kind:4 * kind + 4] = [n_train * x for x in (1.0, links, hidden, calls)]
    loss_points = n_train + n_test
    return [*training, batches, batches * (links + sum(shape[1:])),
            loss_points, loss_points * links, loss_points * calls]


def compiled_seconds(config: Config, n_train: int, n_test: int, epochs: int, loss_thread: bool = False) -> float:
    """A rough guess of the CPU seconds `epochs` epochs of `config` take on the
    compiled kernels, for "then ~N epochs/s" (compile_progress.promised_rate
    scales it by the CPU the process gets now): model_terms weighed by
    MODEL_SECONDS, fitted to the compiled kernels' times on a grid of the
    playground's settings (benchmarks/compiled_model.py). loss_thread: the
    loss passes run beside the training (engine.loss_thread), so an epoch
    takes as long as the longer of the two: the seconds of one core's work."""
    weighed = [t * c for t, c in zip(model_terms(config, n_train, n_test), MODEL_SECONDS)]
    training, losses = sum(weighed[:-LOSS_TERMS]), sum(weighed[-LOSS_TERMS:])
    return epochs * (max(training, losses) + LOSS_THREAD_SECONDS if loss_thread else training + losses)


def compile_estimate(group: str, first: bool) -> float:
    """CPU seconds to compile `group` into a cold cache, first or after another
    group (CompileClock's estimates)."""
    return COMPILE_SECONDS[group] if first else LATER_SECONDS[group]


def compile_seconds(groups: Iterable[str]) -> float:
    """The rough time to compile `groups` into a cold cache (COMPILE_SECONDS)."""
    return sum(COMPILE_SECONDS[g] for g in set(groups))


def cache_is_warm(groups: Iterable[str] = tuple(GROUPS)) -> bool:
    """Whether numba's cache holds the kernels of `groups`, for this source and
    machine (imports numba, ~0.3 s; never compiles). False when unsure."""
    names = {name for g in groups for name in GROUPS[g]}
    if not all(_index_file_anywhere(name) for name in names):
        return False
    try:
        from . import kernels

        return all(_cached(kernel, args) for kernel, args in kernels.warm_up_calls(names))
    except Exception:  # noqa: BLE001 - numba internals moved: say cold, the safe answer
        return False


def _index_file_anywhere(name: str) -> bool:
    """False when none of the cache_dirs() holds an index of kernel `name`:
    certainly cold, known without importing numba."""
    return any(glob.glob(os.path.join(place, f"kernels.{name}-*.nbi")) for place in cache_dirs())


def _cached(dispatcher: Any, args: tuple[Any, ...]) -> bool:
    """numba internals (0.5x-0.6x): the cache index of a @njit(cache=True)
    function is keyed by (argument types, machine, bytecode hashes); it is
    empty when the source file changed since."""
    index = dispatcher._cache._cache_file._load_index()
    types = tuple(dispatcher.typeof_pyval(a) for a in args)
    machine = dispatcher.targetctx.codegen().magic_tuple()
    return any(key[0] == types and key[1] == machine for key in index)


def main(argv: list[str] | None = None) -> int:
    """Child process: compile the groups named (none: all) into numba's cache,
    in that order, printing each group's name once it is cached; then exit.
    Exit 0 when they were cached, 3 when numba had nowhere to cache them,
    2 for a name that is no group."""
    groups = sys.argv[1:] if argv is None else argv
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        print(f"no kernel group {unknown[0]!r}; groups: {', '.join(GROUPS)}", file=sys.stderr)
        return 2
    try:  # the screen that started us matters more than how soon we finish; but on a
        os.nice(5)  # busy machine nice 10 made the compile 2-3x slower (benchmarks/startup.py)
    except (AttributeError, OSError):
        pass
    from . import kernels

    if not kernels.CACHED:
        return 3  # compiling here would be lost: the parent compiles for itself
    for group in groups or GROUPS:
        kernels.warm_up(GROUPS[group])
        try:
            os.write(1, f"{group}\n".encode())
        except OSError:  # the parent has gone (the app quit): fill the cache all the same
            pass
    return 0


DEFAULT = KernelCache()


if __name__ == "__main__":
    sys.exit(main())
