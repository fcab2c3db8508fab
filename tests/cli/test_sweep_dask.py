"""`sweep --scheduler`: a LocalCluster on 127.0.0.1 gives the local results bit for bit, even when a worker dies."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import signal
import socket
import sys

import pytest
from distributed import Client, LocalCluster

from tui_playground.cli import main
from tui_playground.config import Config
from tui_playground.engine.features import FEATURE_NAMES
from tui_playground.sweeps import dask as sweep_dask
from tui_playground.sweeps.dask import run_dask
from tui_playground.sweeps.spec import build_spec, member_seeds
from tui_playground.sweeps.training import run_sweep

ARGS = ["--dataset", "circle", "xor", "--layers", "2", "4,2", "--seeds", "3", "--epochs", "40", "--batch", "5"]
# 6 chunks of 4 runs of ~0.1 s: a worker killed at the first result still has work in hand.
SPEC = build_spec([Config(seed="1", dataset="spiral", features=FEATURE_NAMES, activation="relu", lr=0.01, batch=1)],
                  {"layers": [(4,), (8, 8)]}, member_seeds("k", 12), 400)


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL) as c, Client(c) as client:
        yield c, client


def sweep_json(capsys, *args) -> dict:
    assert main(["sweep", *args, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in ("seconds", "network_epochs_per_second"):
        result.pop(key)
    return result


def test_a_sweep_on_the_cluster_is_the_local_sweep_and_streams_into_out(cluster, tmp_path, capsys):
    c, _ = cluster
    out = tmp_path / "r.jsonl"
    remote = sweep_json(capsys, *ARGS, "--scheduler", c.scheduler_address, "--out", str(out))
    assert remote == sweep_json(capsys, *ARGS)
    assert len(out.read_text().splitlines()) == 1 + 12
    assert main(["sweep", "--from", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["members"] == remote["members"]


def test_a_worker_killed_mid_sweep_has_its_runs_retried_and_nothing_changes(cluster):
    _, client = cluster
    pids = client.run(os.getpid)
    got, killed = [], []

    def sink(results):
        got.extend(results)
        if not killed:  # at the first results: kill a worker that is running a chunk
            busy = [w for w, keys in client.processing().items() if any("run_chunk" in str(k) for k in keys)]
            assert busy, "no chunk in flight to lose"
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(busy[0])

    run_dask(SPEC, list(range(SPEC.size)), sink, None, client)
    assert killed and pids[killed[0]] not in client.run(os.getpid).values()
    by_key = {(m.variant, m.seed): dataclasses.replace(m, seconds=0.0) for m in got}
    assert len(got) == SPEC.size == len(by_key)
    local = [dataclasses.replace(m, seconds=0.0) for m in run_sweep(SPEC).members]
    assert [by_key[key] for key in SPEC.members()] == local


def test_local_n_starts_its_own_cluster(capsys):
    assert sweep_json(capsys, *ARGS, "--scheduler", "local:1") == sweep_json(capsys, *ARGS)


def test_an_unreachable_scheduler_is_one_line_and_starts_no_file(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(sweep_dask, "CONNECT_SECONDS", 1)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "r.jsonl"
    assert main(["sweep", *ARGS, "--scheduler", f"tcp://127.0.0.1:{port}", "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert err == (f"spiral-tui: error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port} within 1 s "
                   "(is `dask scheduler` running there?)\n")


def test_without_dask_scheduler_says_how_to_install_it(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    out = tmp_path / "r.jsonl"
    assert main(["sweep", *ARGS, "--scheduler", "local:2", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == "spiral-tui: error: --scheduler needs Dask: pip install 'spiral-tui[dask]' " \
                  "(on this machine and on every worker)\n"
    assert not out.exists()


def test_a_peer_that_accepts_and_never_answers_is_one_line_after_the_timeout(capsys, monkeypatch, tmp_path):
    """Not a Dask scheduler, or a hung one: Client() alone waited until the peer hung up (issue 25)."""
    monkeypatch.setattr(sweep_dask, "CONNECT_SECONDS", 1)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(4)  # the kernel accepts the connection; nobody ever writes
        port = server.getsockname()[1]
        out = tmp_path / "r.jsonl"
        assert main(["sweep", *ARGS, "--scheduler", f"tcp://127.0.0.1:{port}", "--out", str(out)]) == 2
    assert not out.exists()
    assert capsys.readouterr().err == (f"spiral-tui: error: the peer at tcp://127.0.0.1:{port} gave no answer "
                                       "within 1 s (is it a `dask scheduler`?)\n")


def _children(pid: int) -> list[str]:
    kids = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            kids += f.read().split()
    return kids


@pytest.mark.slow
def test_ctrl_c_while_local_workers_start_ends_the_sweep(tmp_path):
    """SIGINT once the first worker process exists (the cluster is starting): the sweep
    ends with 130 and one line, nothing trained, no --out left (issue 25: it was dropped)."""
    import subprocess
    import time

    out = tmp_path / "r.jsonl"
    cmd = [sys.executable, "-m", "tui_playground.cli", "sweep", "--layers", "1", "2", "--seeds", "30",
           "--epochs", "3000", "--scheduler", "local:1", "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not _children(proc.pid):  # no event to await: poll /proc for the first worker process
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130 and stdout == "", stderr
    assert stderr.splitlines() == ["spiral-tui: interrupted"], stderr
    assert not out.exists()


@pytest.mark.parametrize("workers", ["local:0", "local:999", f"local:{sweep_dask.local_cores() + 1}"])
def test_local_n_is_bounded_by_the_cores(workers, capsys):
    assert main(["sweep", *ARGS, "--scheduler", workers]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"this machine has {sweep_dask.local_cores()} core" in err, err
