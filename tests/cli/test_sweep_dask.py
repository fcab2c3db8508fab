"""`sweep --scheduler`: a LocalCluster on 127.0.0.1 gives the local results bit for bit, even when a worker dies."""

from __future__ import annotations

import contextlib
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


# what a peer that is not (or no longer) a working scheduler sends after accepting -> the line after "error: "
PEERS = {
    "nothing": (b"", "the peer at {addr} gave no answer within 1 s (is it a `dask scheduler`?)"),
    "one byte, then nothing": (b"\x3a", "the peer at {addr} gave no answer within 1 s (is it a `dask scheduler`?)"),
    "half a handshake": ((58).to_bytes(8, "little") + b"\x01" * 20,
                         "the peer at {addr} gave no answer within 1 s (is it a `dask scheduler`?)"),
    "a banner": (b"SSH-2.0-OpenSSH_9.6\r\n", "{addr} does not answer as a Dask scheduler does"),
    "hangs up at once": (None, "{addr} closed the connection at once: not a Dask scheduler"),
}


@pytest.mark.parametrize("peer", list(PEERS))
def test_a_peer_that_does_not_speak_dask_is_one_line_within_the_timeout(peer, capsys, monkeypatch, tmp_path):
    """Client() alone waited until the peer hung up: 123 s (issue 25, #7); one byte, then silence, forever."""
    import threading

    sends, message = PEERS[peer]
    monkeypatch.setattr(sweep_dask, "CONNECT_SECONDS", 1)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        port = server.getsockname()[1]
        held = []

        def serve() -> None:
            with contextlib.suppress(OSError):
                while True:
                    conn, _ = server.accept()
                    if sends is None:
                        conn.close()
                        continue
                    conn.sendall(sends)
                    held.append(conn)  # open, silent, until the test ends

        threading.Thread(target=serve, daemon=True).start()
        out = tmp_path / "r.jsonl"
        assert main(["sweep", *ARGS, "--scheduler", f"tcp://127.0.0.1:{port}", "--out", str(out)]) == 2
        for conn in held:
            conn.close()
    assert not out.exists()
    addr = f"tcp://127.0.0.1:{port}"
    assert capsys.readouterr().err == f"spiral-tui: error: {message.format(addr=addr)}\n"


def _children(pid: int) -> list[str]:
    kids = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            kids += f.read().split()
    return kids


def _header_written(out):
    return lambda proc: out.exists() and out.read_bytes().count(b"\n") >= 1


# moment -> (when to send SIGINT, the whole of stderr; {out} is the results file)
CTRL_C_MOMENTS = {
    # the cluster is starting: it was dropped (issue 25 #8), then waited for the whole start
    "the first worker process exists": (lambda out: lambda proc: bool(_children(proc.pid)), "spiral-tui: interrupted"),
    # the chunks are being sent: a worker stopped mid-transfer logged tracebacks into the terminal
    "the results file has its header": (_header_written, "spiral-tui: interrupted; 0 of 60 networks are in {out}; "
                                                          "resume with: {command} --resume"),
}


@pytest.mark.slow
@pytest.mark.parametrize("moment", list(CTRL_C_MOMENTS))
def test_ctrl_c_at_the_first_moments_of_a_local_n_sweep_ends_it_with_one_line(moment, tmp_path):
    """Ctrl-C while local:N starts, or as its first chunks go out: exit 130 and one line, nothing
    trained (the workers printed KeyboardInterrupt tracebacks, or 'Nanny failed to start' and exit 1).
    The bound is loose (a loaded machine is slow); without Ctrl-C the sweep runs minutes."""
    import subprocess
    import time

    out = tmp_path / "r.jsonl"
    workers = f"local:{min(2, sweep_dask.local_cores())}"
    args = ["sweep", "--layers", "1", "2", "--seeds", "30", "--epochs", "3000", "--scheduler", workers,
            "--out", str(out)]
    when, expected = CTRL_C_MOMENTS[moment]
    proc = subprocess.Popen([sys.executable, "-m", "tui_playground.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        ready = when(out)
        while not ready(proc):  # no event to await: poll /proc and the file system
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to the sweep and its worker processes
        stdout, stderr = proc.communicate(timeout=60)
    finally:  # on a timeout or a failure: no Dask workers left running
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130 and stdout == "", stderr
    assert stderr == expected.format(out=out, command=f"spiral-tui {' '.join(args)}") + "\n"
    assert not out.exists() or out.read_bytes().count(b"\n") == 1  # the header at most


@pytest.mark.parametrize("workers", ["local:0", "local:999", f"local:{sweep_dask.local_cores() + 1}"])
def test_local_n_is_bounded_by_the_cores(workers, capsys):
    assert main(["sweep", *ARGS, "--scheduler", workers]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"this machine has {sweep_dask.local_cores()} core" in err, err


def _wrapper_path(tmp_path, monkeypatch, python="/usr/bin/python3-made-up"):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = sweep_dask._deaf_python(python)
    assert path is not None and os.path.dirname(path) == str(tmp_path / "spiral-tui")
    return path


@pytest.mark.skipif(os.name != "posix", reason="the /bin/sh wrapper is POSIX only")
def test_the_ctrl_c_wrapper_is_made_once_and_runs_the_given_python(tmp_path, monkeypatch):
    path = _wrapper_path(tmp_path, monkeypatch)
    text = open(path).read()
    assert "trap '' INT" in text and text.endswith('exec /usr/bin/python3-made-up "$@"\n')
    assert os.stat(path).st_mode & 0o777 == 0o755
    inode = os.stat(path).st_ino
    assert sweep_dask._deaf_python("/usr/bin/python3-made-up") == path and os.stat(path).st_ino == inode
    assert os.listdir(tmp_path / "spiral-tui") == [os.path.basename(path)]  # no temporary left


@pytest.mark.skipif(os.name != "posix", reason="the /bin/sh wrapper is POSIX only")
def test_a_planted_file_at_the_wrappers_path_is_replaced_not_run(tmp_path, monkeypatch):
    path = _wrapper_path(tmp_path, monkeypatch)
    expected = open(path).read()
    with open(path, "w") as f:
        f.write("#!/bin/sh\necho planted\n")
    os.chmod(path, 0o755)
    assert sweep_dask._deaf_python("/usr/bin/python3-made-up") == path
    assert open(path).read() == expected and not os.path.islink(path)
    assert os.stat(path).st_mode & 0o777 == 0o755


@pytest.mark.skipif(os.name != "posix", reason="the /bin/sh wrapper is POSIX only")
def test_a_symlink_at_the_wrappers_path_is_not_followed(tmp_path, monkeypatch):
    path = _wrapper_path(tmp_path, monkeypatch)
    expected = open(path).read()
    target = tmp_path / "someone-elses"
    for content in ("#!/bin/sh\necho planted\n", expected):  # even one holding the right text
        target.write_text(content)
        target.chmod(0o755)
        os.unlink(path)
        os.symlink(target, path)
        assert sweep_dask._deaf_python("/usr/bin/python3-made-up") == path
        assert not os.path.islink(path) and open(path).read() == expected
        assert target.read_text() == content  # the link's target is left as it was
