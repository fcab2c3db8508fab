"""Which kernels a sweep trains on, in words, for its progress bar (issue 21).

`path_text` is for a sweep on this machine's threads: the same
CompileStatus.text() that `train`'s bar shows, for the sweep's kernel groups,
read from this process's KernelCache each time the bar is drawn.

`WorkerPaths` is for a Dask sweep. What this machine can know there is less,
and the text says only that: how many workers the cluster had when the sweep
began, which path each worker was on when its latest chunk came back
(run_chunk reports it with the results), and how far a worker's compile was
at its latest report (a compiling worker logs one as a Dask event each
second, which reaches this machine through the scheduler a moment later).
Nothing is guessed beyond those.

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
    """Each Dask worker's path as it last reported it (run_dask's on_kernels),
    told against the `workers` the cluster had at the start. `kernels`: what
    the sweep asked the workers for (sweeps.training.kernels_for): "numpy"
    means no worker compiles anything."""

    def __init__(self, workers: int, kernels: str) -> None:
        self.workers, self.kernels = workers, kernels
        self._paths: dict[str, str] = {}  # worker -> "compiled" / "uncompiled", as it last said
        self._compiling: dict[str, CompileStatus] = {}  # worker -> its compile, at its latest report

    def add(self, worker: str, path: str, compiling: dict | None = None) -> None:
        """From the sweep's thread (a chunk's end) or Dask's (a report): single
        dict stores and pops, safe against the bar's thread reading them."""
        if self._paths.get(worker) == "compiled":  # a report sent before its chunk's end may come after it
            return
        self._paths[worker] = path
        if compiling is not None and compiling["state"] == "warming":
            self._compiling[worker] = CompileStatus(**compiling)
        elif compiling is not None or path == "compiled":  # compiled, or the compile failed
            self._compiling.pop(worker, None)

    def text(self) -> str:
        where = f"{self.workers} Dask worker{'s' if self.workers != 1 else ''}"
        if self.kernels != "compiled":
            return f"uncompiled, on {where}"
        paths, compiling = dict(self._paths), list(self._compiling.values())
        if not paths:  # each worker compiles or loads at its first chunk, and has not said so yet
            return f"{where}, loading or compiling"
        seen = max(self.workers, len(paths))  # a worker may have joined since the start
        told = f"{sum(p == 'compiled' for p in paths.values())} of {seen} Dask workers compiled"
        if not compiling:
            return told
        # the compile furthest from done (past its estimate: fraction None) says when all will be
        slowest = min(compiling, key=lambda s: -1.0 if s.fraction is None else s.fraction)
        return f"{told}; {slowest.text().removeprefix('uncompiled; ')}"
