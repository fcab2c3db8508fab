"""Running a sweep's pending runs in chunks, here or elsewhere, streaming results.

A chunk is a few runs trained together in one Population; when it finishes,
its results go to `sink` at once (the results file appends them), so an
interruption loses at most the chunks in flight. Runs are ordered seed-major
inside the plan, so a chunk's members mostly share one generated data set.
Every run's numbers are its single Trainer's, whichever chunk it lands in and
wherever that runs, so any chunking gives the same results bit for bit.

`run_local` uses this machine's threads; sweep_dask.run_dask sends the same
chunks to a Dask cluster. Both call sink(results) and progress(runs_done) in
the calling thread, and raise KeyboardInterrupt after a Ctrl-C once what had
finished is handed over.
"""

from __future__ import annotations

import os
import time
from typing import Callable

from .member import MemberResult
from .results import SweepResult, summarize
from .spec import SweepSpec
from .training import prepare_kernels, train_members

Sink = Callable[[list[MemberResult]], None]
Progress = Callable[[float], None]
CHUNKS_PER_WORKER = 4  # runs per chunk, per thread: threads stay busy, little is lost on Ctrl-C


def plan_chunks(spec: SweepSpec, pending: list[int], size: int) -> list[list[int]]:
    """Pending member positions cut into chunks of at most `size`, seed-major
    (variants of one seed together: they share data), in member order inside."""
    seed_rank = {s: k for k, s in enumerate(spec.seeds)}
    members = spec.members()
    order = sorted(pending, key=lambda k: (seed_rank[members[k][1]], k))
    return [sorted(order[at:at + size]) for at in range(0, len(order), size)]


def run_local(spec: SweepSpec, pending: list[int], sink: Sink, progress: Progress | None = None,
              workers: int | None = None, on_compile: Callable[[float], None] | None = None) -> None:
    """Train the pending runs on this machine's cores, a chunk at a time (on
    the compiled kernels if they pay for themselves; on a cold cache they
    compile in the background meanwhile and on_compile(seconds) is told: see
    sweeps.training.prepare_kernels)."""
    prepare_kernels(spec, pending, on_compile)
    threads = max(1, workers or os.cpu_count() or 1)
    done = 0
    for chunk in plan_chunks(spec, pending, CHUNKS_PER_WORKER * threads):
        report = (lambda epochs, d=done, n=len(chunk): progress(d + n * epochs / spec.epochs)) if progress else None  # noqa: B008 (binds the chunk's numbers now)
        sink(train_members(spec, chunk, threads, report))
        done += len(chunk)
        if progress:
            progress(done)


def complete(spec: SweepSpec, runs: dict[tuple[int, str], MemberResult], pending: list[int],
             runner: Callable[[list[int], Sink, Progress | None], None], sink: Sink | None = None,
             progress: Progress | None = None) -> SweepResult:
    """Run `pending` with `runner`, adding each finished run to `runs` (and
    handing it to `sink`), then summarize every member of the spec from `runs`
    (the ones already there count as from a file)."""
    loaded = len(runs)
    trained = 0

    def take(results: list[MemberResult]) -> None:
        nonlocal trained
        if sink:
            sink(results)
        for m in results:
            runs[(m.variant, m.seed)] = m
            trained += m.epochs

    start = time.perf_counter()
    if pending:
        runner(pending, take, progress)
    seconds = time.perf_counter() - start
    members = [runs[key] for key in spec.members()]
    return summarize(spec, members, seconds, sum(m.epochs for m in members), loaded, trained)
