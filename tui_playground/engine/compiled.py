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
from typing import Callable, Iterable

# What each group's Trainers call (engine.training), in the order the child compiles them.
GROUPS = {
    "classic": ("train_epochs", "mean_loss", "outputs"),  # the playground's settings
    "softmax": ("train_epochs_softmax", "mean_cross_entropy", "outputs"),  # 3+ classes
    "general": ("train", "mean_loss_of", "outputs"),  # settings beyond the playground (docs/beyond.md)
}
# Seconds to compile each group alone into a cold cache, as a headless job does: CPU
# seconds of `python -m tui_playground.engine.compiled GROUP` on an empty
# NUMBA_CACHE_DIR, which match the wall time on a quiet core (a busy machine: more).
# For choose_path and the headless notice. In the app's order the later groups cost
# less (shared parts are compiled once): ~36, then ~13 and ~28 s more.
COMPILE_SECONDS = {"classic": 36.0, "softmax": 30.0, "general": 46.0}
LOAD_SECONDS = 0.7  # import numba + load one group from a warm cache
CHILD_TIMEOUT = 1800  # seconds; the whole compile takes ~77 s quiet (a slow, busy machine: many times that)

_kernels = None  # engine.kernels once a group is loaded
_loaded: set[str] = set()  # the groups loaded and warm
_load_lock = threading.Lock()  # held while loading (seconds; a compile: much longer)
_state_lock = threading.Lock()  # bookkeeping only, never held for long
_thread: threading.Thread | None = None
_failure: str | None = None  # why the compiled path is out of reach, if it is
_callbacks: list[Callable[[], None]] = []  # to call at each change of the background warm-up


def group_for(config) -> str:
    """The group of kernels a Trainer of `config` calls."""
    if config.classes > 2:
        return "softmax"
    return "general" if config.beyond_playground else "classic"


def ready(group: str | None = None):
    """The compiled kernels module if `group` is loaded (None: every group),
    else None. Never loads anything."""
    done = group in _loaded if group is not None else len(_loaded) == len(GROUPS)
    return _kernels if done else None


def status(group: str | None = None) -> str:
    """"compiled" (`group` loaded; None: every group), "warming" (being compiled
    or loaded in the background), "failed" (out of reach: training stays on
    NumPy) or "numpy" (nobody asked for them)."""
    if ready(group) is not None:
        return "compiled"
    if _failure is not None:
        return "failed"
    if _thread is not None and _thread.is_alive():
        return "warming"
    return "numpy"


def failure() -> str | None:
    """Why the compiled kernels could not be had (one line), or None."""
    return _failure


def load(*groups: str, on_slow: Callable[[float], None] | None = None, slow_after: float = 1.0):
    """Import engine.kernels and load (or compile) `groups` (none given: all),
    in this thread. Returns the module. If numba's cache lacks a group, so that
    numba compiles, `on_slow(seconds)` is called (from a timer thread) once this
    has taken `slow_after` seconds, with the rough time the compile takes
    (COMPILE_SECONDS): the caller's chance to say so. Safe to call from several
    threads."""
    global _kernels
    wanted = [g for g in (groups or GROUPS) if g not in _loaded]
    if not wanted:
        return _kernels
    with _load_lock:
        from . import kernels

        # Only a compile is worth a word: loading from a warm cache can take more
        # than slow_after too, on a busy machine.
        cold = [g for g in wanted if on_slow is not None and not cache_is_warm([g])]
        timer = threading.Timer(slow_after, on_slow, (compile_seconds(cold),)) if cold else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            for group in wanted:
                if group not in _loaded:
                    kernels.warm_up(GROUPS[group])
                    _kernels = kernels
                    _loaded.add(group)
        finally:
            if timer is not None:
                timer.cancel()
    return _kernels


def warm_in_background(on_change: Callable[[], None] | None = None, first: str | None = None,
                       only_first: bool = False) -> None:
    """Start getting every group of compiled kernels (`only_first`: only the
    `first`) without blocking anyone (see the module doc), `first` group first,
    unless they are loaded or on their way. `on_change()` is called each time
    a group has been loaded and once the warm-up has ended, loaded or failed
    (see `status()`): from the background thread, or right here if it has
    ended already."""
    global _thread
    with _state_lock:
        ended = ready(first if only_first else None) is not None or _failure is not None
        if not ended:
            if on_change is not None:
                _callbacks.append(on_change)
            if _thread is None or not _thread.is_alive():  # (one that got only a first group has ended)
                order = [first] if only_first else sorted(GROUPS, key=lambda g: g != first)  # stable sort
                _thread = threading.Thread(target=_warm, args=(order,), name="spiral-tui-kernels", daemon=True)
                _thread.start()
    if ended and on_change is not None:
        on_change()


def _warm(order: list[str]) -> None:
    global _failure
    try:
        for group in _cached_by_child(order):
            load(group)  # from the child's cache
            _tell()
        for group in order:  # what the child could not cache (nowhere to write one): compiled here
            if group not in _loaded:
                load(group)
                _tell()
    except Exception as exc:  # noqa: BLE001 - any failure means: stay on NumPy
        _failure = f"{type(exc).__name__}: {exc}".splitlines()[0] or type(exc).__name__
    with _state_lock:
        callbacks = list(_callbacks)
        _callbacks.clear()
    for callback in callbacks:
        callback()


def _tell() -> None:
    with _state_lock:
        callbacks = list(_callbacks)
    for callback in callbacks:
        callback()


def _cached_by_child(order: list[str]) -> Iterable[str]:
    """Compile the groups in a child process (it fills numba's cache and
    exits), yielding each group as soon as the child says it is cached. A
    failed child only means that this process compiles what is left."""
    try:
        # Its own session: quitting the app or closing its terminal does not stop
        # it, so the cache is filled for the next start (it never writes anywhere else).
        child = subprocess.Popen([sys.executable, "-m", __name__, *order], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                 env=os.environ.copy(), start_new_session=True)
    except (OSError, subprocess.SubprocessError):
        return
    timer = threading.Timer(CHILD_TIMEOUT, child.kill)
    timer.daemon = True
    timer.start()
    try:
        for line in child.stdout:
            if line.strip() in GROUPS:
                yield line.strip()
        child.wait()
    finally:  # (left early: loading failed; the child goes on filling the cache)
        timer.cancel()
        child.stdout.close()


# ---- which path for a headless job -------------------------------------------


def numpy_seconds(config, n_train: int, epochs: int) -> float:
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
    """False when none of the places numba caches in on Linux (NUMBA_CACHE_DIR,
    __pycache__ next to the kernels, the user's cache folder) holds an index
    of kernel `name`: certainly cold, known without importing numba."""
    if not sys.platform.startswith("linux"):
        return True  # other places elsewhere: let numba tell
    pattern = f"kernels.{name}-*.nbi"
    chosen = os.environ.get("NUMBA_CACHE_DIR")
    if chosen and (os.access(chosen, os.W_OK) or not os.path.exists(chosen)):
        return bool(glob.glob(os.path.join(chosen, "*", pattern)))  # numba uses only it
    places = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__")]
    user_cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    places.append(os.path.join(user_cache, "numba", "*"))
    return any(glob.glob(os.path.join(place, pattern)) for place in places)


def _cached(dispatcher, args) -> bool:
    """numba internals (0.5x-0.6x): the cache index of a @njit(cache=True)
    function is keyed by (argument types, machine, bytecode hashes); it is
    empty when the source file changed since."""
    index = dispatcher._cache._cache_file._load_index()
    types = tuple(dispatcher.typeof_pyval(a) for a in args)
    machine = dispatcher.targetctx.codegen().magic_tuple()
    return any(key[0] == types and key[1] == machine for key in index)


def path_for(trainers, epochs: int) -> str:
    """choose_path for training each of `trainers` `epochs` more epochs."""
    trainers = list(trainers)
    return choose_path(sum(numpy_seconds(t.config, len(t.data.train_y), epochs) for t in trainers),
                       {group_for(t.config) for t in trainers})


def choose_path(seconds_on_numpy: float, groups: Iterable[str] = ("classic",)) -> str:
    """"numpy" or "compiled" for a job that would take `seconds_on_numpy` on
    the uncompiled path and calls the kernels of `groups`: whichever finishes
    first. Already loaded: compiled. Tiny jobs: NumPy (loading costs more).
    Jobs longer than compiling those groups: compiled. In between: compiled
    only if numba's cache is warm."""
    groups = set(groups)
    if all(ready(g) is not None for g in groups):
        return "compiled"
    if seconds_on_numpy < LOAD_SECONDS:
        return "numpy"
    if seconds_on_numpy > compile_seconds(groups):
        return "compiled"
    return "compiled" if cache_is_warm(groups) else "numpy"


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


if __name__ == "__main__":
    sys.exit(main())
