"""One compiler per kernels' cache.

The child that fills numba's cache runs in a session of its own (engine.compiled,
compile_in_child), so that quitting the app or losing its terminal still leaves
the cache filled for the next start. An app started while that child still
compiles would start a second one for the same cache: two compilers sharing the
cores, each taking about twice as long. So the child's pid is kept in the cache
folder (`compiling.pid`), and a new start that finds it alive follows it
(its CPU for the countdown, each group as the cache holds it) instead.

Linux /proc tells whether a pid is such a child; elsewhere no child is ever
found, and each start compiles for itself as before.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator

from .kernel_sources import cache_dirs

LOCK_NAME = "compiling.pid"
MARK = b"tui_playground.engine.compiled"  # in a cache-filling child's command line
POLL_SECONDS = 1.0


def lock_path() -> str | None:
    """The pid file in the first cache folder that exists or can be made."""
    for place in cache_dirs():
        try:
            os.makedirs(place, exist_ok=True)
        except OSError:
            continue
        return os.path.join(place, LOCK_NAME)
    return None


def is_compiler(pid: int) -> bool:
    """Whether `pid` is a live cache-filling child (not a reused pid, not a zombie)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return MARK in f.read()
    except OSError:
        return False


def running_compiler() -> int | None:
    """The pid of the child filling this cache now, if one is."""
    path = lock_path()
    try:
        with open(path or "") as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return None
    return pid if pid != os.getpid() and is_compiler(pid) else None


def claim(pid: int) -> None:
    """Say that child `pid` fills the cache (written whole: a reader never sees half)."""
    path = lock_path()
    if path is None:
        return
    try:
        with open(f"{path}.{os.getpid()}", "w") as f:
            f.write(str(pid))
        os.replace(f"{path}.{os.getpid()}", path)
    except OSError:
        pass


def release(pid: int) -> None:
    """Remove the pid file if it still names child `pid` (which has ended)."""
    path = lock_path()
    try:
        with open(path or "") as f:
            if f.read().strip() != str(pid):
                return
        os.remove(path or "")
    except OSError:
        pass


def follow(pid: int, order: Iterable[str], is_warm: Callable[[list[str]], bool],
           sleep: Callable[[float], None] = time.sleep) -> Iterator[str]:
    """The groups of `order` as the cache comes to hold them, while child
    `pid` fills it; once it has ended, those it left cached, and no more."""
    waiting = list(order)
    while waiting:
        alive = is_compiler(pid)
        for group in [g for g in waiting if is_warm([g])]:
            waiting.remove(group)
            yield group
        if not alive:
            return
        if waiting:
            sleep(POLL_SECONDS)
