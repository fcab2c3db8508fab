"""Which kernels a sweep trains on, in words, for its progress bar (issue 21).

`path_text` is for a sweep on this machine's threads: the same
CompileStatus.text() that `train`'s bar shows, for the sweep's kernel groups,
read from this process's KernelCache each time the bar is drawn.

`WorkerPaths` is for a Dask sweep. What this machine can know there is less,
and the text says only that: how many workers the cluster had when the sweep
began, and which path each worker was on when its latest chunk came back
(run_chunk reports it with the results). How far a worker's compile is, or
which path it is on between two chunks, is not known here: nothing is
guessed for it.

No UI imports; reading a status never loads or compiles anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..engine import compiled
from ..engine.compiled import GROUPS, CompileStatus, KernelCache


def path_text(groups: Iterable[str], cache: KernelCache | None = None) -> str:
    """"compiled", "uncompiled", "uncompiled; compiling 42% ~25 s" (as train's
    bar) for kernel groups `groups`; with several groups, the first one still
    compiling is told, after how many of them are compiled. (No "then ~N
    epochs/s": a sweep's speed after the switch is many networks' at once,
    which the compile status does not estimate.)"""
    cache = cache or compiled.DEFAULT
    statuses = [cache.compile_status(g) for g in sorted(set(groups), key=list(GROUPS).index)]
    return statuses_text(statuses)


def statuses_text(statuses: list[CompileStatus]) -> str:
    """path_text from the groups' statuses (in compile order)."""
    waiting = [s for s in statuses if s.state != "compiled"]
    if not waiting:
        return "compiled"
    told = next((s for s in waiting if s.state == "warming"), waiting[0])
    done = len(statuses) - len(waiting)
    return told.text() if not done else f"{told.text()}; {done} of {len(statuses)} groups compiled"


class WorkerPaths:
    """Each Dask worker's path as its latest chunk reported it (run_dask's
    on_chunk), told against the `workers` the cluster had at the start.
    `kernels`: what the sweep asked the workers for (sweeps.training.kernels_for):
    "numpy" means no worker compiles anything."""

    def __init__(self, workers: int, kernels: str) -> None:
        self.workers, self.kernels = workers, kernels
        self._paths: dict[str, str] = {}  # worker -> "compiled" / "uncompiled", at its latest chunk's end

    def add(self, worker: str, path: str) -> None:
        self._paths[worker] = path  # (one dict store: safe against the bar's thread reading it)

    def text(self) -> str:
        where = f"on {self.workers} Dask worker{'s' if self.workers != 1 else ''}"
        if self.kernels != "compiled":
            return f"uncompiled, {where}"
        paths = dict(self._paths)
        if not paths:  # each worker compiles or loads at its first chunk; how far it is, it does not say
            return f"{where}, loading or compiling"
        seen = max(self.workers, len(paths))  # a worker may have joined since the start
        compiled_now = sum(p == "compiled" for p in paths.values())
        return f"{where}, {compiled_now} of {seen} compiled"  # as of each one's latest chunk
