"""Ctrl-C whose KeyboardInterrupt is dropped on the way (issue 25, #8).

Python runs SIGINT's handler in the main thread wherever it is; inside a
garbage-collector callback the KeyboardInterrupt is printed as "Exception
ignored in ..." and dropped. Dask's GC diagnostics hook is such a callback: a
sweep Ctrl-C'd as its local:2 cluster came up trained on to the end, exit 0.
Here the drop is made deterministic: a gc callback runs the SIGINT handler
at a chosen moment, exactly as the interpreter did then.
"""

from __future__ import annotations

import gc
import json
import signal

import pytest

from tui_playground.cli import main
from tui_playground.sweeps import runner as sweep_runner

# The dropped exception is what these tests make; pytest reports it as a warning.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
SWEEP = ["sweep", "--layers", "1", "2", "--seeds", "4", "--epochs", "60", "--workers", "1"]  # 2 chunks of 4


def drop_a_ctrl_c() -> None:
    """SIGINT's handler runs inside a gc callback; Python prints its exception and goes on."""
    ran = []

    def callback(phase: str, info: dict) -> None:
        if phase == "start" and not ran:
            ran.append(1)
            signal.getsignal(signal.SIGINT)(signal.SIGINT, None)

    gc.callbacks.append(callback)
    try:
        gc.collect()
    finally:
        gc.callbacks.remove(callback)
    assert ran  # and no KeyboardInterrupt here: it was dropped


def results(out) -> list[dict]:
    return [json.loads(line) for line in out.read_text().splitlines()[1:]]


def _before_training(monkeypatch) -> None:
    plan = sweep_runner.plan_chunks
    monkeypatch.setattr(sweep_runner, "plan_chunks", lambda *a: (drop_a_ctrl_c(), plan(*a))[1])


def _after_first_chunk(monkeypatch) -> None:
    train, calls = sweep_runner.train_members, []

    def first_then_drop(*a, **k):
        got = train(*a, **k)
        calls.append(1)
        if len(calls) == 1:
            drop_a_ctrl_c()
        return got

    monkeypatch.setattr(sweep_runner, "train_members", first_then_drop)


def _after_last_chunk(monkeypatch) -> None:
    complete = sweep_runner.complete

    def then_drop(*a, **k):
        got = complete(*a, **k)
        drop_a_ctrl_c()
        return got

    monkeypatch.setattr(sweep_runner, "complete", then_drop)


# moment -> (arrange the drop, networks kept in --out)
MOMENTS = {
    "before the first chunk": (_before_training, 0),
    "between chunks": (_after_first_chunk, 4),
    "after the last chunk": (_after_last_chunk, 8),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_sweep_whose_ctrl_c_was_dropped_stops_and_says_how_to_resume(moment, tmp_path, capsys, monkeypatch):
    arrange, kept = MOMENTS[moment]
    arrange(monkeypatch)
    out = tmp_path / "r.jsonl"
    assert main([*SWEEP, "--out", str(out)]) == 130
    captured = capsys.readouterr()
    assert captured.out == ""  # no table: the sweep did not "finish"
    last = captured.err.splitlines()[-1]
    assert last.startswith(f"spiral-tui: interrupted; {kept} of 8 networks are in {out}; resume with: "), last
    assert len(results(out)) == kept


def test_a_train_whose_ctrl_c_was_dropped_stops_with_130_and_writes_nothing(tmp_path, capsys, monkeypatch):
    from tui_playground.cli import train as train_cli

    step = train_cli.train

    def drop_then_train(trainer, *a, **k):
        drop_a_ctrl_c()
        return step(trainer, *a, **k)

    monkeypatch.setattr(train_cli, "train", drop_then_train)
    session = tmp_path / "s.json"
    assert main(["train", "--epochs", "3000", "--save", str(session)]) == 130
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.splitlines()[-1] == "spiral-tui: interrupted"
    assert not session.exists()


def test_an_ignored_sigint_stays_ignored(monkeypatch, capsys):
    """A background job of a non-interactive shell starts with SIGINT ignored: the shell asked for that."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        seen = []
        plan = sweep_runner.plan_chunks
        monkeypatch.setattr(sweep_runner, "plan_chunks", lambda *a: (seen.append(signal.getsignal(signal.SIGINT)),
                                                                     plan(*a))[1])
        assert main(["sweep", "--seeds", "1", "--epochs", "2"]) == 0
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [signal.SIG_IGN]
    capsys.readouterr()


@pytest.mark.slow
def test_a_dask_sweep_whose_ctrl_c_was_dropped_stops_while_its_first_chunks_run(tmp_path, capsys, monkeypatch):
    """Dropped as the chunks are sent: the sweep stops while it waits for them, not after one finished."""
    from tui_playground.sweeps import dask as sweep_dask

    plan = sweep_dask.plan_chunks
    monkeypatch.setattr(sweep_dask, "plan_chunks", lambda *a: (drop_a_ctrl_c(), plan(*a))[1])
    out = tmp_path / "r.jsonl"
    argv = ["sweep", "--layers", "1", "2", "--seeds", "4", "--epochs", "3000", "--scheduler", "local:1"]
    assert main([*argv, "--out", str(out)]) == 130
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1].startswith(f"spiral-tui: interrupted; 0 of 8 networks are in {out}")
    assert results(out) == []
