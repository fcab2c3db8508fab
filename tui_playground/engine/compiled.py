"""The compiled training kernels, without waiting for the compiler.

numba compiles engine/kernels.py in ~15-25 s the first time (per install,
upgrade or Python version) and loads it from its disk cache in ~0.3-1 s after
that. Training never waits for it: a Trainer runs on the uncompiled exact path
(engine/numpy_kernels.py, the same numbers bit for bit) until `ready()` returns
the compiled module, and switches between two steps.

Two ways to get there:

- `warm_in_background()` (the app): a child process
  ``python -m tui_playground.engine.compiled`` compiles the kernels and so fills
  numba's cache, while this process keeps its GIL for the screen; then a
  background thread loads the kernels from that cache. If the child could not
  write a cache (no writable location at all), the thread compiles them in
  this process instead; if even that fails, training stays on NumPy.
- `load()` (headless jobs that `choose_path` sends to the compiler): compile or
  load right here, blocking.

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
from typing import Callable

_kernels = None  # engine.kernels once loaded and warm
_load_lock = threading.Lock()  # held while loading (seconds; a compile: much longer)
_state_lock = threading.Lock()  # bookkeeping only, never held for long
_thread: threading.Thread | None = None
_failure: str | None = None  # why the compiled path is out of reach, if it is
_callbacks: list[Callable[[], None]] = []  # to call when the background warm-up ends

CHILD_TIMEOUT = 600  # seconds; a compile takes ~20 s (a slow, busy machine: a few times that)
# Rough costs on a 2020s laptop core, for choose_path (see benchmarks/startup.py).
LOAD_SECONDS = 0.7  # import numba + load the kernels from a warm cache
COMPILE_SECONDS = 20.0  # compile them into a cold cache


def ready():
    """The compiled kernels module if it is loaded, else None (never loads it)."""
    return _kernels


def status() -> str:
    """"compiled" (loaded), "warming" (being compiled or loaded in the
    background), "failed" (out of reach: training stays on NumPy) or "numpy"
    (nobody asked for them)."""
    if _kernels is not None:
        return "compiled"
    if _failure is not None:
        return "failed"
    if _thread is not None:
        return "warming"
    return "numpy"


def failure() -> str | None:
    """Why the compiled kernels could not be had (one line), or None."""
    return _failure


def load(on_slow: Callable[[], None] | None = None, slow_after: float = 1.0):
    """Import engine.kernels and load (or compile) them, in this thread.
    Returns the module. `on_slow()` is called (from a timer thread) if this
    takes longer than `slow_after` seconds, i.e. numba is compiling: the
    caller's chance to say so. Safe to call from several threads."""
    global _kernels
    with _load_lock:
        if _kernels is None:
            timer = threading.Timer(slow_after, on_slow) if on_slow is not None else None
            if timer is not None:
                timer.daemon = True
                timer.start()
            try:
                from . import kernels

                kernels.warm_up()
            finally:
                if timer is not None:
                    timer.cancel()
            _kernels = kernels
    return _kernels


def warm_in_background(on_done: Callable[[], None] | None = None) -> None:
    """Start getting the compiled kernels without blocking anyone (see the
    module doc), unless they are loaded or on their way. `on_done()` is called
    once that has ended, loaded or failed (see `status()`): from the background
    thread, or right here if it has ended already."""
    global _thread
    with _state_lock:
        ended = _kernels is not None or _failure is not None
        if not ended:
            if on_done is not None:
                _callbacks.append(on_done)
            if _thread is None:
                _thread = threading.Thread(target=_warm, name="spiral-tui-kernels", daemon=True)
                _thread.start()
    if ended and on_done is not None:
        on_done()


def _warm() -> None:
    global _failure
    try:
        _fill_cache_in_child()
        load()  # from the child's cache, or (no cache possible) compiled right here
    except Exception as exc:  # noqa: BLE001 - any failure means: stay on NumPy
        _failure = f"{type(exc).__name__}: {exc}".splitlines()[0] or type(exc).__name__
    with _state_lock:
        callbacks = list(_callbacks)
        _callbacks.clear()
    for callback in callbacks:
        callback()


def _fill_cache_in_child() -> int:
    """Compile the kernels in a child process (it fills numba's cache and
    exits). Returns its exit code; a failed child only means this process
    compiles instead."""
    try:
        # Its own session: quitting the app or closing its terminal does not stop
        # it, so the cache is filled for the next start (it never writes anywhere else).
        done = subprocess.run([sys.executable, "-m", __name__], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=CHILD_TIMEOUT, env=os.environ.copy(), start_new_session=True)
    except (OSError, subprocess.SubprocessError):
        return -1
    return done.returncode


# ---- which path for a headless job -------------------------------------------


# fdlibm functions over a layer's array per pass of a batch (forward and backward)
ARRAY_CALLS = {"tanh": 1, "sigmoid": 1, "elu": 1, "gaussian": 1, "swish": 2, "softplus": 2}
PER_VALUE_CALLS = {"sine": 2}  # fdmath's scalar sin (forward) and cos (backward) per value


def numpy_seconds(config, n_train: int, epochs: int) -> float:
    """A rough guess of how long `epochs` epochs of `config` take on the
    uncompiled path: NumPy calls cost per call, ~25 us per layer per batch
    (twice that with an optimizer's state to update), plus each fdlibm
    function over the layer (~50 us on an array of 16+ values, ~3 us per
    value below that; sine ~6 us per value, twice)."""
    from .losses import LOSSES

    shape = config.shape
    output = LOSSES[config.loss].output[config.problem]
    names = (*config.hidden_activations, output)
    batches = max(1, -(-n_train // config.batch))
    update = 25e-6 if config.optimizer == "sgd" else 50e-6
    per_batch = 0.0
    per_point = 0.0  # the loss pass: every point once, per value of a per-value function
    for name, width in zip(names, shape[1:]):
        values = min(config.batch, n_train) * width
        array_call = 50e-6 if values >= 16 else 3e-6 * values
        per_batch += update + ARRAY_CALLS.get(name, 0) * array_call + PER_VALUE_CALLS.get(name, 0) * 6e-6 * values
        per_point += 6e-6 * width * (name in PER_VALUE_CALLS)
    losses = 2 * per_batch + 1e-6 * n_train * sum(shape) + per_point * 2 * n_train  # both sets in one pass
    return epochs * (batches * per_batch + losses)


def cache_is_warm() -> bool:
    """Whether numba's cache holds the kernels a Trainer calls, for this source
    and machine (imports numba, ~0.3 s; never compiles). False when unsure."""
    if not _index_file_anywhere():
        return False
    try:
        from . import kernels

        return all(_cached(kernel, args) for kernel, args in kernels.warm_up_calls())
    except Exception:  # noqa: BLE001 - numba internals moved: say cold, the safe answer
        return False


def _index_file_anywhere() -> bool:
    """False when none of the places numba caches in on Linux (NUMBA_CACHE_DIR,
    __pycache__ next to the kernels, the user's cache folder) holds an index
    of train: certainly cold, known without importing numba."""
    if not sys.platform.startswith("linux"):
        return True  # other places elsewhere: let numba tell
    chosen = os.environ.get("NUMBA_CACHE_DIR")
    if chosen and (os.access(chosen, os.W_OK) or not os.path.exists(chosen)):
        return bool(glob.glob(os.path.join(chosen, "*", "kernels.train-*.nbi")))  # numba uses only it
    places = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__")]
    user_cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    places.append(os.path.join(user_cache, "numba", "*"))
    return any(glob.glob(os.path.join(place, "kernels.train-*.nbi")) for place in places)


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
    return choose_path(sum(numpy_seconds(t.config, len(t.data.train_y), epochs) for t in trainers))


def choose_path(seconds_on_numpy: float) -> str:
    """"numpy" or "compiled" for a job that would take `seconds_on_numpy` on
    the uncompiled path: whichever finishes first. Already loaded: compiled.
    Tiny jobs: NumPy (loading costs more). Jobs longer than a compile:
    compiled. In between: compiled only if numba's cache is warm."""
    if ready() is not None:
        return "compiled"
    if seconds_on_numpy < LOAD_SECONDS:
        return "numpy"
    if seconds_on_numpy > COMPILE_SECONDS:
        return "compiled"
    return "compiled" if cache_is_warm() else "numpy"


def main() -> int:
    """Child process: compile the kernels into numba's cache, then exit.
    Exit 0 when they were cached, 3 when numba had nowhere to cache them."""
    try:  # the screen that started us matters more than how soon we finish; but on a
        os.nice(5)  # busy machine nice 10 made the compile 2-3x slower (benchmarks/startup.py)
    except (AttributeError, OSError):
        pass
    from . import kernels

    if not kernels.CACHED:
        return 3  # compiling here would be lost: the parent compiles for itself
    kernels.warm_up()
    return 0


if __name__ == "__main__":
    sys.exit(main())
