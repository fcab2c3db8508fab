"""Running a sweep's chunks on a Dask cluster (the optional `spiral-tui[dask]`).

`--scheduler tcp://HOST:8786` uses a running cluster (`dask scheduler` there,
`dask worker tcp://HOST:8786` on each machine, spiral-tui[dask] installed on
all); `--scheduler local:N` starts N worker processes on 127.0.0.1 for this
sweep. Each task is one chunk of runs (sweep_runner.plan_chunks) trained on one
worker thread; results come back as tasks finish and go to the sink at once.
Runs are deterministic, so a chunk retried after its worker died (Dask does
that) gives the same numbers, and so does the whole sweep, bit for bit, as a
local run. Each worker process loads the compiled kernels once, at its first
task, when the sweep is big enough to want them (sweeps.training.kernels_for).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import socket
import stat
import sys
import tempfile
import threading
import time
import uuid
from typing import Callable, NamedTuple

from ..engine.kernel_sources import user_cache
from .member import MemberResult
from .runner import Progress, Sink, plan_chunks
from .spec import SweepSpec
from .training import kernel_groups, kernels_for, prepare_kernels, train_members

INSTALL_HINT = "--scheduler needs Dask: pip install 'spiral-tui[dask]' (on this machine and on every worker)"
CONNECT_SECONDS = 5
MAX_HANDSHAKE = 1 << 16  # bytes: a scheduler's first message is ~60
MAX_CHUNK = 16  # runs per task: a lost worker costs little, scheduling ~1 ms per task stays small
TASKS_PER_THREAD = 4
STOP_POLL_SECONDS = 0.25  # a running chunk asks this often whether Ctrl-C was pressed
REPORT_SECONDS = 1.0  # a first chunk tells how far its worker's compile is at most this often
WAIT_POLL_SECONDS = 0.1  # this machine asks as often whether a chunk came back, or Ctrl-C was pressed
MAX_LOCAL_WORKERS = 64
_LOCAL = re.compile(r"local:(\d+)")


class SchedulerError(Exception):
    """No usable cluster; the message is one line."""


def parse_scheduler(text: str) -> int | str:
    """'local:N' -> N worker processes here; anything else is a scheduler address."""
    match = _LOCAL.fullmatch(text)
    if match:
        n, cores = int(match.group(1)), local_cores()
        if not 1 <= n <= min(cores, MAX_LOCAL_WORKERS):
            # more processes than cores only compete for them, and each takes seconds to start (local:64 on
            # 2 cores gave nothing in minutes)
            raise SchedulerError(f"--scheduler local:{match.group(1)[:20]}: this machine has {cores} "
                                 f"core{'s' if cores > 1 else ''} for this process; give local:1 to "
                                 f"local:{min(cores, MAX_LOCAL_WORKERS)}")
        return n
    if text.startswith("local") or not text.strip():
        raise SchedulerError(f"--scheduler {text[:60]!r}: give tcp://HOST:PORT, or local:N for N worker "
                             f"processes here (e.g. local:2)")
    return text


def local_cores() -> int:
    """The cores this process may run on (its CPU affinity, which containers and taskset narrow)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise SchedulerError(INSTALL_HINT) from None


# ---- on the workers ---------------------------------------------------------------


class Stopped(Exception):
    """A chunk given up because the sweep was interrupted."""


class Chunk(NamedTuple):
    """A task's answer: its runs' results, and which worker process trained
    them on which path ("compiled" / "uncompiled" as its chunk ended), for
    the sweep's progress bar (sweeps.kernel_status.WorkerPaths)."""

    results: list[MemberResult]
    worker: str
    path: str


def run_chunk(spec: SweepSpec, chunk: list[int], stop: str | None = None,
              kernels: str = "numpy") -> Chunk:
    """One task: these runs, on this worker thread (the cluster is the parallelism).
    With kernels "compiled", the first task in a worker process loads them,
    or on a cold cache starts compiling them in the background and trains
    uncompiled until they load (sweeps.training.prepare_kernels): the NumPy twin
    gives the same numbers. Between slices it
    checks the Dask Event `stop`, so that Ctrl-C does not wait for it; while
    its worker compiles, a thread tells how far (_report_compile)."""
    if kernels == "compiled":  # once per process: the first chunk starts uncompiled on a cold cache
        if prepare_kernels(spec, chunk, wanted=True) == "switching" and stop:
            _report_compile(spec, chunk, report_topic(stop))
    results = train_members(spec, chunk, workers=1, progress=_stop_check(stop) if stop else None)
    return Chunk(results, _worker_id(), _path(spec, chunk))


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def report_topic(stop: str) -> str:
    """The Dask event topic of a sweep's compile reports (named after its stop Event: one per sweep)."""
    return f"{stop}-kernels"


_REPORTING: set[str] = set()  # the topics this worker process tells its compile on


def _report_compile(spec: SweepSpec, chunk: list[int], topic: str) -> None:
    """Log, as Dask events on `topic`, this worker's (worker, path, CompileStatus
    fields of its first group not yet compiled) every REPORT_SECONDS while it
    compiles, and once more when that is over: from a thread of its own, since
    an uncompiled slice can take half a minute on a busy machine (told between
    slices, the countdown stood still that long)."""
    import dataclasses

    from distributed import get_worker

    from ..engine import compiled

    if topic in _REPORTING:
        return
    _REPORTING.add(topic)
    groups = sorted(kernel_groups(spec, chunk), key=list(compiled.GROUPS).index)
    worker = get_worker()  # (a task thread's: the reporter's own thread has none)

    def report() -> None:
        while True:
            statuses = [compiled.DEFAULT.compile_status(g) for g in groups]
            waiting = next((s for s in statuses if s.state != "compiled"), None)
            worker.log_event(topic, (_worker_id(), "uncompiled" if waiting else "compiled",
                                     dataclasses.asdict(waiting) if waiting is not None else None))
            if waiting is None or waiting.state != "warming":  # compiled or failed: nothing left to tell
                return
            time.sleep(REPORT_SECONDS)

    threading.Thread(target=report, name="spiral-tui compile report", daemon=True).start()


def _path(spec: SweepSpec, chunk: list[int]) -> str:
    """"compiled" once this process has every kernel group of the chunk loaded."""
    from ..engine import compiled

    loaded = all(compiled.DEFAULT.ready(g) is not None for g in kernel_groups(spec, chunk))
    return "compiled" if loaded else "uncompiled"


def _stop_check(name: str):
    from distributed import Event

    _quiet_client_teardown()
    event, last = Event(name), [time.monotonic()]

    def check(_epochs: int) -> None:
        if time.monotonic() - last[0] >= STOP_POLL_SECONDS:
            last[0] = time.monotonic()
            if event.is_set():
                raise Stopped("the sweep was interrupted")

    return check


def _quiet_client_teardown() -> None:
    """A worker closed just as Ctrl-C stopped its chunk can shut its event loop
    before the Client that `Event` made here is collected; that Client's __del__
    then prints "IOLoop is closed" with a traceback into the terminal (local:N
    workers write to the sweep's stderr). Only that one message is dropped."""
    previous = sys.unraisablehook
    if getattr(previous, "spiral_tui", False):
        return

    def hook(unraisable) -> None:
        where = getattr(unraisable.object, "__qualname__", "")
        if where == "Client.__del__" and str(unraisable.exc_value) == "IOLoop is closed":
            return
        previous(unraisable)

    hook.spiral_tui = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


def _same(spec: SweepSpec) -> SweepSpec:
    return spec


# ---- on this machine --------------------------------------------------------------


@contextlib.contextmanager
def connect(scheduler: str):
    """A Client for `scheduler` (see parse_scheduler), closed afterwards."""
    require_dask()
    from distributed import Client

    target = parse_scheduler(scheduler)
    if isinstance(target, int):
        with _local_cluster(target) as cluster, Client(cluster) as client:
            yield client
        return
    _probe(target)
    try:
        client = Client(target, timeout=CONNECT_SECONDS)
    except Exception as exc:  # refused, timed out, not a Dask scheduler at all...
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "timed out" in text.lower():
            raise SchedulerError(f"cannot reach the Dask scheduler at {target} within {CONNECT_SECONDS} s "
                                 f"(is `dask scheduler` running there?)") from None
        raise SchedulerError(f"cannot connect to a Dask scheduler at {target}: {text}") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError:
            raise SchedulerError(f"the Dask scheduler at {target} has no workers "
                                 f"(start `dask worker {target}` on each machine)") from None
        yield client


@contextlib.contextmanager
def _local_cluster(workers: int):
    """A LocalCluster of `workers` processes; Ctrl-C while they start ends the sweep
    without waiting for them (Dask's exit hook then closes what had started).

    Ctrl-C in the terminal reaches the whole process group, and only this process
    should act on it: the workers start with SIGINT ignored (_deaf_workers). The
    cluster starts in a thread of its own, so that this one waits Ctrl-C-able.
    """
    from distributed import LocalCluster

    box: dict = {}

    def start() -> None:
        try:  # worker logs below CRITICAL (a worker stopped mid-transfer by Ctrl-C logs an ERROR with a
            # traceback) would go to the sweep's terminal; a chunk's own failure comes back as its result
            box["cluster"] = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                          host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                          silence_logs=logging.CRITICAL)
        except BaseException as exc:  # handed to the waiting thread
            box["error"] = exc

    with _deaf_workers():
        starter = threading.Thread(target=start, name="spiral-tui local cluster", daemon=True)
        starter.start()
        try:
            while starter.is_alive():
                starter.join(0.05)
        except KeyboardInterrupt:
            _kill_workers()
            raise
        if "error" in box:
            raise box["error"]
        with box["cluster"] as cluster:
            try:
                yield cluster
            except KeyboardInterrupt:
                _kill_workers()  # before the cluster closes them one by one
                raise


def _kill_workers() -> None:
    """Ctrl-C: the worker processes hold nothing the sweep needs (finished runs are in
    its file), and closing them one by one took seconds; Dask's close then finds them gone."""
    import multiprocessing

    # Every multiprocessing child of this process, not only Dask's: the sweep starts
    # none of its own that way (the kernel compile child is a subprocess.Popen, which
    # active_children() does not list), so only the local cluster's workers die here.
    for child in multiprocessing.active_children():
        child.kill()


@contextlib.contextmanager
def _deaf_workers():
    """Worker processes started meanwhile ignore SIGINT from the start.

    Dask starts them with multiprocessing's spawn, which runs a fresh Python
    with a cleared signal mask (blocking SIGINT here does not reach them), and
    a handled signal is reset at exec: each got the terminal's Ctrl-C as a
    KeyboardInterrupt, mid-import or in its event loop, and printed a traceback
    into the sweep's terminal. An ignored one survives exec, so spawn runs
    Python through a /bin/sh script that ignores it first. Other start methods
    (Dask's config) are left alone.
    """
    import multiprocessing.spawn as mp_spawn

    python = mp_spawn.get_executable()
    wrapper = _deaf_python(os.fsdecode(python)) if python else None
    if wrapper is None:
        yield
        return
    mp_spawn.set_executable(wrapper)
    try:
        yield
    finally:
        mp_spawn.set_executable(python)


def _deaf_python(python: str) -> str | None:
    """A /bin/sh script running `python` with SIGINT ignored, made once in the
    user's cache folder (named by its text, and never removed: a start left
    behind by Ctrl-C may still run it as this process exits); None where it can't be."""
    import hashlib
    import shlex

    if os.name != "posix" or not os.access("/bin/sh", os.X_OK):
        return None
    text = ("#!/bin/sh\n# spiral-tui sweep --scheduler local:N: the terminal's Ctrl-C is the sweep's to act on\n"
            f"trap '' INT\nexec {shlex.quote(python)} \"$@\"\n")
    folder = user_cache()
    path = os.path.join(folder, f"python-without-ctrl-c-{hashlib.sha256(text.encode()).hexdigest()[:12]}")
    if _holds(path, text):
        return path
    try:
        os.makedirs(folder, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=folder, prefix=".python-without-ctrl-c-")  # a fresh name: never opens what someone planted
        try:
            with os.fdopen(fd, "w") as f:
                f.write(text)
            os.chmod(part, 0o755)
            os.replace(part, path)  # whole or absent, whoever else writes it meanwhile; replaces a symlink itself
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(part)
            raise
    except OSError:
        return None
    return path


def _holds(path: str, text: str) -> bool:
    """Whether `path` is an executable regular file (not a symlink) of exactly `text`:
    the name is predictable, so anything else found there is not run but replaced."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:  # absent, or a symlink (ELOOP)
        return False
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o111 != 0o111:
            return False
        return f.read(len(text.encode()) + 1) == text.encode()


def _probe(address: str) -> None:
    """A Dask scheduler speaks first: its whole handshake (8 bytes of length, then
    that many, ~60 in all) as soon as it accepts. A peer that accepts and says
    nothing, or stops halfway, would hold Client() until it hangs up (minutes),
    whatever its timeout. Raises SchedulerError within CONNECT_SECONDS."""
    host_port, seconds = _host_port(address), CONNECT_SECONDS
    if host_port is None:  # tls://, inproc://, ...: left to Dask
        return
    where, deadline = address[:80], time.monotonic() + seconds
    try:
        sock = socket.create_connection(host_port, timeout=seconds)
    except TimeoutError:
        raise SchedulerError(f"cannot reach the Dask scheduler at {where} within {seconds:g} s "
                             "(is `dask scheduler` running there?)") from None
    except OSError:  # refused, no route...: Dask retries until its timeout and says so
        return
    with sock:
        try:
            head = _receive(sock, 8, deadline)
            size = int.from_bytes(head, "little") if len(head) == 8 else 0
            if len(head) == 8 and 0 < size <= MAX_HANDSHAKE:
                head += _receive(sock, size, deadline)
        except TimeoutError:
            raise SchedulerError(f"the peer at {where} gave no answer within {seconds:g} s "
                                 "(is it a `dask scheduler`?)") from None
        except OSError as exc:
            raise SchedulerError(f"{where} dropped the connection ({exc.strerror or exc}): "
                                 "not a Dask scheduler") from None
    if not head:
        raise SchedulerError(f"{where} closed the connection at once: not a Dask scheduler")
    if not 0 < size <= MAX_HANDSHAKE or len(head) < 8 + size:
        raise SchedulerError(f"{where} does not answer as a Dask scheduler does")


def _receive(sock, count: int, deadline: float) -> bytes:
    """Up to `count` bytes, fewer if the peer hangs up; TimeoutError at `deadline`."""
    got = b""
    while len(got) < count:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock.settimeout(left)
        more = sock.recv(count - len(got))
        if not more:
            break
        got += more
    return got


def _host_port(address: str) -> tuple[str, int] | None:
    """('HOST', PORT) of 'tcp://HOST:PORT' or 'HOST:PORT' ([v6]:PORT too), else None."""
    match = re.fullmatch(r"(?:tcp://)?(\[[^\]]+\]|[^:/\[\]]+):(\d{1,5})", address.strip())
    if not match or int(match.group(2)) > 65535:
        return None
    return match.group(1).strip("[]"), int(match.group(2))


def chunk_size(runs: int, threads: int) -> int:
    return max(1, min(MAX_CHUNK, math.ceil(runs / (TASKS_PER_THREAD * max(1, threads)))))


def run_dask(spec: SweepSpec, pending: list[int], sink: Sink, progress: Progress | None, client,
             on_kernels: Callable[[str, str, dict | None], None] | None = None) -> None:
    """Send the pending runs as chunk tasks to `client`'s cluster; hand each
    chunk's results to sink as it comes back. on_kernels(worker, path, compiling)
    is told each chunk's worker and path (see Chunk) and, from a Dask event
    thread, a compiling worker's reports (_report_compile: compiling is a
    CompileStatus's fields, None once it is not compiling). While waiting, progress(done) is
    called again every WAIT_POLL_SECONDS: the caller may stop the sweep from it
    (raising KeyboardInterrupt) without waiting for a chunk to finish."""
    from distributed import Event, as_completed

    threads = sum(client.nthreads().values())
    stop = Event(f"spiral-tui-sweep-stop-{uuid.uuid4().hex}", client=client)
    topic = report_topic(stop.name)
    if on_kernels:  # before any chunk goes out: a fast worker's first compile reports are not lost
        client.subscribe_topic(topic, lambda event: on_kernels(*event[1]))
    sent: list = []  # what to cancel if the sweep ends early
    try:  # the spec travels once, as a task of its own: if its holder dies, Dask recomputes it
        shared = client.submit(_same, spec, pure=False)
        sent.append(shared)
        kernels = kernels_for(spec, pending)
        futures = [client.submit(run_chunk, shared, chunk, stop.name, kernels, pure=False)
                   for chunk in plan_chunks(spec, pending, chunk_size(len(pending), threads))]
        sent += futures
        done = 0
        waiting = as_completed(futures)
        while not waiting.is_empty():
            ready = waiting.next_batch(block=False)
            for future in ready:
                chunk = future.result()
                sink(chunk.results)
                if on_kernels:
                    on_kernels(chunk.worker, chunk.path, None)
                done += len(chunk.results)
            if progress:
                progress(done)
            if not ready:
                time.sleep(WAIT_POLL_SECONDS)  # as_completed's own wait polls too (every 0.1 s)
    except BaseException:  # Ctrl-C: running chunks stop at their next check
        with contextlib.suppress(Exception):  # a scheduler gone too must not hide why the sweep ended
            stop.set()
        with contextlib.suppress(Exception):
            client.cancel(sent)
        raise
    finally:
        if on_kernels:
            with contextlib.suppress(Exception):  # a closing client must not hide why the sweep ended
                client.unsubscribe_topic(topic)
