"""`spiral-tui sweep`'s progress bar says which kernels train and how far their
compile is (issue 21): its words from a fake KernelCache, the bar drawn to a
string, and stdout untouched by it."""

from __future__ import annotations

import io
import itertools
import os
import sys
import types

import pytest
from rich.console import Console
from rich.progress import Progress

from tui_playground.cli import main
from tui_playground.cli.sweep import bar_columns, bar_label
from tui_playground.engine.compiled import CompileStatus
from tui_playground.sweeps import runner as sweep_runner
from tui_playground.sweeps.kernel_status import WorkerPaths, path_text


class FakeCache:
    """KernelCache's compile_status seam: each group's status as the test sets it."""

    def __init__(self, **statuses: CompileStatus) -> None:
        self.statuses = statuses
        self.asked: list[str] = []

    def compile_status(self, group: str) -> CompileStatus:
        self.asked.append(group)
        return self.statuses[group]


def compiling(group: str, fraction: float | None = 0.42, seconds: float | None = 25.0,
              elapsed: float | None = 10.0) -> CompileStatus:
    return CompileStatus(group, "warming", fraction, seconds, None, elapsed)


def test_path_text_says_the_path_and_how_far_the_compile_is():
    cases = [
        (CompileStatus("classic", "numpy"), "uncompiled"),
        (CompileStatus("classic", "compiled"), "compiled"),
        (CompileStatus("classic", "failed"), "uncompiled (the compile failed)"),
        (CompileStatus("classic", "warming"), "uncompiled; compiling"),  # how far: not known yet
        (compiling("classic"), "uncompiled; compiling 42% ~25 s"),
        (compiling("classic", None, None, 150.0), "uncompiled; compiling 150 s so far, longer than expected"),
        (CompileStatus("classic", "warming", 1.0, loading=True), "uncompiled; compiled, loading"),
    ]
    for status, text in cases:
        assert path_text(["classic"], FakeCache(classic=status)) == text


def test_several_groups_tell_the_first_one_compiling_and_how_many_are_done():
    cache = FakeCache(classic=CompileStatus("classic", "compiled"), softmax=compiling("softmax", 0.5, 7.0),
                      general=compiling("general", 0.0, 30.0, None))
    assert path_text(["general", "softmax", "classic"], cache) == \
        "uncompiled; compiling 50% ~7 s; 1 of 3 groups compiled"
    assert cache.asked == ["classic", "softmax", "general"]  # in compile order, each once
    cache.statuses = {g: CompileStatus(g, "compiled") for g in cache.statuses}
    assert path_text(["classic", "general", "softmax"], cache) == "compiled"


def draw(columns, width: int, description: str = "12 networks", done: int = 3) -> str:
    """One frame of the bar as rich draws it, as plain text."""
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None)
    progress = Progress(*columns, console=console, auto_refresh=False)
    progress.add_task(description, total=12, completed=done)
    console.print(progress.make_tasks_table(progress.tasks))
    return out.getvalue().rstrip("\n")


def test_the_bar_reads_the_status_at_each_draw_and_fits_80_columns():
    cache = FakeCache(classic=CompileStatus("classic", "warming"))
    columns = bar_columns(lambda: path_text(["classic"], cache), 80)
    frames = []
    for status in (CompileStatus("classic", "warming"), compiling("classic"), compiling("classic", 0.9, 3.0),
                   CompileStatus("classic", "compiled")):
        cache.statuses["classic"] = status
        frames.append(draw(columns, 80))
    assert [f[f.index("("):] for f in frames] == ["(uncompiled; compiling)", "(uncompiled; compiling 42% ~25 s)",
                                                  "(uncompiled; compiling 90% ~3 s)", "(compiled)"]
    assert all(f.startswith("12 networks ") and " 3/12 " in f and len(f) <= 80 for f in frames)
    long = draw(bar_columns(lambda: "uncompiled; compiling 150 s so far, longer than expected", 80), 80)
    assert len(long) == 80 and long.endswith("…") and " 3/12 " in long  # the words give way, the counts stay


def test_the_label_drops_the_epochs_under_100_columns():
    spec = types.SimpleNamespace(size=12, epochs=2000)
    assert bar_label(spec, 120) == "12 networks x 2000 epochs" and bar_label(spec, 80) == "12 networks"
    assert draw(bar_columns(None, 120), 120, bar_label(spec, 120)).startswith("12 networks x 2000 epochs ")


def test_dask_says_only_what_its_workers_reported():
    from dataclasses import asdict

    paths = WorkerPaths(2, "compiled")
    assert paths.text() == "2 Dask workers, loading or compiling"  # nothing heard yet
    paths.add("a:1", "uncompiled", asdict(compiling("classic", 0.3, 40.0)))  # a first chunk's report
    paths.add("b:2", "uncompiled", asdict(compiling("classic", 0.6, 20.0)))
    assert paths.text() == "0 of 2 Dask workers compiled; compiling 30% ~40 s"  # the furthest from done
    paths.add("a:1", "uncompiled")  # its chunk ended, still compiling: its report stands
    assert paths.text() == "0 of 2 Dask workers compiled; compiling 30% ~40 s"
    paths.add("a:1", "compiled", None)  # its last report
    paths.add("a:1", "uncompiled", asdict(compiling("classic", 0.9, 3.0)))  # an older one, late: ignored
    assert paths.text() == "1 of 2 Dask workers compiled; compiling 60% ~20 s"
    paths.add("b:2", "uncompiled", asdict(CompileStatus("classic", "failed")))
    paths.add("c:3", "compiled")  # joined after the start
    assert paths.text() == "2 of 3 Dask workers compiled"
    assert WorkerPaths(1, "numpy").text() == "uncompiled, on 1 Dask worker"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def sweep_stdout(monkeypatch, capsys, stderr: io.StringIO) -> str:
    clock = itertools.count()  # the footer's seconds: 1.0 in both runs
    monkeypatch.setattr(sweep_runner, "time", types.SimpleNamespace(perf_counter=lambda: float(next(clock))))
    monkeypatch.setattr(sys, "stderr", stderr)
    assert main(["sweep", "--layers", "1", "2", "--seeds", "2", "--epochs", "5", "--seed", "b"]) == 0
    return capsys.readouterr().out


def test_stdout_is_byte_identical_with_the_bar_on_a_terminal(monkeypatch, capsys):
    plain = sweep_stdout(monkeypatch, capsys, io.StringIO())
    terminal = Terminal()
    with_bar = sweep_stdout(monkeypatch, capsys, terminal)
    assert with_bar == plain and "network-epochs/s" in plain
    drawn = terminal.getvalue()  # the bar was there, on stderr, saying its path
    assert "4 networks" in drawn and ("(uncompiled)" in drawn or "(compiled)" in drawn)


def test_a_dask_chunk_reports_its_worker_and_the_path_it_ended_on(monkeypatch):
    from tui_playground.cli.sweep import build_sweep_parser, spec_from_args
    from tui_playground.engine import compiled
    from tui_playground.sweeps import dask as sweep_dask
    from tui_playground.sweeps.training import train_members

    spec = spec_from_args(build_sweep_parser().parse_args(["--layers", "1", "2", "--seeds", "1", "--epochs", "4"]))
    chunk = sweep_dask.run_chunk(spec, [0, 1])
    assert chunk.worker.endswith(f":{os.getpid()}") and chunk.path in ("compiled", "uncompiled")
    alone = train_members(spec, [0, 1], workers=1)
    assert [(m.variant, m.test_loss) for m in chunk.results] == [(m.variant, m.test_loss) for m in alone]
    loaded: set[str] = set()  # the KernelCache's ready() seam: which groups this worker has loaded
    monkeypatch.setattr(compiled, "DEFAULT", types.SimpleNamespace(ready=lambda g: object() if g in loaded else None))
    assert sweep_dask._path(spec, [0, 1]) == "uncompiled"
    loaded.add("classic")
    assert sweep_dask._path(spec, [0, 1]) == "compiled"


@pytest.mark.slow
def test_each_chunk_back_from_a_cluster_tells_its_worker_and_path():
    import logging

    from distributed import Client, LocalCluster

    from tui_playground.cli.sweep import build_sweep_parser, spec_from_args
    from tui_playground.sweeps.dask import run_dask

    spec = spec_from_args(build_sweep_parser().parse_args(["--layers", "1", "2", "--seeds", "4", "--epochs", "4"]))
    told, results = [], []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL) as cluster, \
            Client(cluster) as client:
        pids = set(client.run(os.getpid).values())
        run_dask(spec, list(range(spec.size)), results.extend, None, client,
                 lambda worker, path, compiling: told.append((worker, path, compiling)))
    assert len(results) == spec.size == 8 and len(told) == 8  # chunks of one network on 2 threads: 8 chunks
    assert all(int(w.rsplit(":", 1)[1]) in pids and p in ("compiled", "uncompiled") and c is None for w, p, c in told)
