"""`sweep --out/--resume/--from`: Ctrl-C keeps what finished, resuming prints what an uninterrupted sweep prints."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tui_playground.cli import main
from tui_playground.engine import compiled
from tui_playground.sweeps import runner as sweep_runner

# 12 networks of ~0.15 s each on one thread, 4 per chunk: three chunks, so a
# SIGINT sent when the first chunk is in the file lands mid-sweep.
SLOW = ["--dataset", "spiral", "--features", "all", "--batch", "1", "--lr", "0.01", "--layers", "4", "8,8",
        "--seeds", "6", "--epochs", "600", "--workers", "1", "--success", "0.3"]
FAST = ["--dataset", "circle", "--layers", "1", "3", "--seeds", "3", "--epochs", "10"]


def lines(path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def wait_until(condition, proc, timeout=600.0):
    """Poll a file-system condition while the process runs (there is no event to await)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def without_timing(text: str) -> str:
    """The report minus its last line (this run's seconds and speed)."""
    return text.rstrip("\n").rsplit("\n", 1)[0]


@pytest.mark.slow  # three whole sweeps, one in a process that is Ctrl-C'd
def test_ctrl_c_then_resume_prints_what_an_uninterrupted_sweep_prints(tmp_path, capsys):
    # Compiled first (the sweep's process loads them from the same cache), so the
    # chunks land one by one: on a cold cache the first chunks trained uncompiled
    # land together when the kernels arrive, and the Ctrl-C can come after the end.
    from tui_playground.engine import compiled

    compiled.DEFAULT.load("classic")
    out = tmp_path / "r.jsonl"
    cmd = [sys.executable, "-m", "tui_playground.cli", "sweep", *SLOW, "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: lines(out) >= 2, proc)  # the header and a finished chunk
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and stdout == ""
    kept = lines(out) - 1
    assert 4 <= kept < 12
    *before, last = stderr.splitlines()  # before: at most the notice that numba is compiling
    assert all("compiling the training kernels" in line for line in before)
    assert last.startswith("spiral-tui: interrupted; ") and f"{kept} of 12 networks are in {out}" in last
    hint = last.split("resume with: ")[1]
    assert hint.endswith(f"--out {out} --resume") and hint.startswith("spiral-tui sweep --dataset spiral")
    assert all(json.loads(line) for line in out.read_text().splitlines())  # valid to the last line

    resumed = subprocess.run([sys.executable, "-m", "tui_playground.cli", "sweep", *SLOW, "--out", str(out),
                              "--resume", "--csv", str(tmp_path / "resumed.csv")],
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert lines(out) == 13
    assert f"{kept} networks from the results file" in resumed.stdout.splitlines()[-1]

    assert main(["sweep", *SLOW, "--csv", str(tmp_path / "whole.csv")]) == 0
    whole = capsys.readouterr().out
    assert without_timing(resumed.stdout) == without_timing(whole)
    assert (tmp_path / "resumed.csv").read_text() == (tmp_path / "whole.csv").read_text()

    # --from prints it again without training, JSON included
    assert main(["sweep", "--from", str(out)]) == 0
    again = capsys.readouterr().out
    assert without_timing(again) == without_timing(whole) and "(from a results file)" in again
    assert main(["sweep", "--from", str(out), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert main(["sweep", *SLOW, "--json"]) == 0
    fresh = json.loads(capsys.readouterr().out)
    for key in ("seconds", "network_epochs_per_second", "from_file"):
        from_file.pop(key), fresh.pop(key)
    assert from_file == fresh


def test_a_finished_file_is_not_trained_again_and_a_cut_last_line_is_retrained(tmp_path, capsys, monkeypatch):
    out = tmp_path / "r.jsonl"
    assert main(["sweep", *FAST, "--out", str(out), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    records = out.read_text().splitlines()
    assert len(records) == 7 and json.loads(records[1])["metrics"].keys() == {"train_accuracy", "test_accuracy"}
    out.write_text("\n".join(records[:-1]) + "\n" + records[-1][:30])  # died mid-line
    trained = []
    real = sweep_runner.train_members
    monkeypatch.setattr(sweep_runner, "train_members", lambda spec, idx, *a: trained.append(list(idx)) or real(
        spec, idx, *a))
    assert main(["sweep", *FAST, "--out", str(out), "--resume", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert trained == [[5]] and second["from_file"] == 5
    assert second["members"] == first["members"] and second["variants"] == first["variants"]
    assert len(out.read_text().splitlines()) == 7 and all(json.loads(x) for x in out.read_text().splitlines())
    trained.clear()
    assert main(["sweep", *FAST, "--out", str(out), "--resume"]) == 0
    assert trained == [] and "(from a results file)" in capsys.readouterr().out
    # nothing left to train: no cluster is contacted (this address has none)
    assert main(["sweep", *FAST, "--out", str(out), "--resume", "--scheduler", "tcp://127.0.0.1:9"]) == 0
    assert trained == [] and "(from a results file)" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--resume"], "--resume continues an --out file"),
    (["--out", "/nonexistent-dir/r.jsonl"], "does not exist"),
    (["--from", "/nonexistent-dir/r.jsonl"], "No such file"),
    (["--from", ""], "--from: an empty file name"),
    (["--out", ""], "--out: an empty file name"),
    (["--workers", "2", "--scheduler", "local:2"], "--workers sets threads here"),
    (["--scheduler", "local:0"], "give local:1 to local:"),
    (["--scheduler", "local:100000"], "give local:1 to local:"),
    (["--scheduler", ""], "give tcp://HOST:PORT, or local:N"),
    (["--scheduler", "local"], "give tcp://HOST:PORT, or local:N"),
])
def test_bad_output_flags_give_one_line_before_any_work(args, message, capsys, monkeypatch):
    monkeypatch.setattr(sweep_runner, "train_members", lambda *a, **k: pytest.fail("work started"))
    assert main(["sweep", *FAST, *args] if "--from" not in args else ["sweep", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("spiral-tui: error: ") and err.count("\n") == 1 and message in err


def test_existing_file_different_spec_and_unfinished_from_are_refused(tmp_path, capsys, monkeypatch):
    out = tmp_path / "r.jsonl"
    assert main(["sweep", *FAST, "--out", str(out)]) == 0
    capsys.readouterr()
    monkeypatch.setattr(sweep_runner, "train_members", lambda *a, **k: pytest.fail("work started"))
    before = out.read_bytes()
    for args, message in [
        ([*FAST, "--out", str(out)], "exists: add --resume to continue it"),
        ([*FAST, "--lr", "0.1", "--out", str(out), "--resume"],
         "holds a different sweep (variant 1: lr 0.03 in the file, 0.1 now)"),
        ([*FAST[:-1], "20", "--out", str(out), "--resume"], "(epochs 10 in the file, 20 now)"),
        (["--from", str(out), "--epochs", "5"], "--from prints a results file as it is; drop --epochs"),
    ]:
        assert main(["sweep", *args]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, err
    assert out.read_bytes() == before
    out.write_text("\n".join(out.read_text().splitlines()[:3]) + "\n")
    assert main(["sweep", "--from", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"has 2 of 6 networks; finish it with: spiral-tui sweep {' '.join(FAST)} --out {out} --resume" in err


def test_the_resume_line_after_ctrl_c_carries_no_raw_escape_and_pastes_back(tmp_path, capsys, monkeypatch):
    """A file name with an escape sequence is echoed as bash's $'...\\x1b...',
    which a shell turns back into the very name (issue 25)."""
    real, calls = sweep_runner.train_members, []

    def second_chunk_interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(sweep_runner, "train_members", second_chunk_interrupted)
    seeds = ["a b", "c'd", "e"]
    out = tmp_path / "r\x1b[2J\x9b1m.jsonl"
    args = ["sweep", "--layers", "1", "--epochs", "2", "--workers", "1", "--seed-list", *seeds, "--out", str(out)]
    monkeypatch.setattr(sweep_runner, "CHUNKS_PER_WORKER", 1)
    assert main(args) == 130
    err = capsys.readouterr().err.splitlines()[-1]
    assert "\x1b" not in err and "resume with: " in err
    hint = err.split("resume with: ")[1]
    echoed = subprocess.run(["bash", "-c", f"printf '%s\\0' {hint}"], capture_output=True, text=True).stdout
    assert echoed.split("\0")[:-1] == ["spiral-tui", *args, "--resume"]


def test_a_second_sweep_on_a_running_sweeps_out_is_refused_naming_it_and_the_first_finishes(tmp_path, capsys):
    """Issue 25 #4, as a user meets it: the same command again with --resume --scheduler local:2
    while the first runs. It cut the file back (33 -> 17 lines) and the first ended in a KeyError."""
    out = tmp_path / "c.jsonl"
    cmd = [sys.executable, "-m", "tui_playground.cli", "sweep", *SLOW, "--out", str(out)]
    compiled.load("classic")  # a warm cache: on a cold one the sweep rightly says it compiles, on stderr
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        try:
            wait_until(lambda: lines(out) >= 2, first)  # the header and a finished chunk
            first.send_signal(signal.SIGSTOP)  # held mid-sweep, lock and all, however fast this machine is
            before = out.read_bytes()
            at = cmd.index("--workers")
            again = cmd[:at] + cmd[at + 2:]  # a cluster brings its own workers
            second = subprocess.run([*again, "--resume", "--scheduler", "local:2"], capture_output=True, text=True,
                                    timeout=300)
            assert out.read_bytes() == before  # not a byte cut or added
        finally:
            first.send_signal(signal.SIGCONT)
        assert second.returncode == 2 and second.stdout == ""
        assert second.stderr == (f"spiral-tui: error: --out {out} is being written by another sweep "
                                 f"(process {first.pid}); let it finish (or stop it), or give another file\n")
        stdout, stderr = first.communicate(timeout=600)
    finally:  # on a timeout or a failure: no sweep or worker process left running
        with contextlib.suppress(ProcessLookupError):
            os.killpg(first.pid, signal.SIGKILL)
    assert first.returncode == 0 and stderr == "", stderr
    assert out.read_bytes().startswith(before) and lines(out) == 1 + 12
    assert main(["sweep", "--from", str(out)]) == 0
    assert without_timing(capsys.readouterr().out) == without_timing(stdout)
