"""One compiler per kernels' cache (engine.compile_lock): a start that finds an
earlier start's cache-filling child alive follows it instead of starting a
second compiler, and compiles only what it left."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui_playground.engine import compile_lock, compiled
from tui_playground.engine.compile_progress import CompileClock


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(compile_lock, "POLL_SECONDS", 0.01)
    return tmp_path


@pytest.fixture
def fake_compiler():
    """A process whose command line is a cache-filling child's, once it says it
    is up (right after a vfork's exec, /proc may not show the new command line yet)."""
    child = subprocess.Popen([sys.executable, "-c", "import sys; print('up', flush=True); sys.stdin.read()", "-m",
                              "tui_playground.engine.compiled", "classic"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "up\n"
    yield child
    child.kill()
    child.wait()


def test_a_live_compiler_is_found_by_its_pid_file(cache, fake_compiler):
    assert compile_lock.running_compiler() is None  # no pid file yet
    compile_lock.claim(fake_compiler.pid)
    assert compile_lock.running_compiler() == fake_compiler.pid
    fake_compiler.kill()
    fake_compiler.wait()
    assert compile_lock.running_compiler() is None  # ended: the pid file is stale


def test_a_pid_that_is_not_a_compiler_is_not_followed(cache):
    other = subprocess.Popen([sys.executable, "-c", "import sys; print('up', flush=True); sys.stdin.read()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline() == "up\n"
        compile_lock.claim(other.pid)
        assert compile_lock.running_compiler() is None
    finally:
        other.kill()
        other.wait()


def test_release_removes_only_its_own_child(cache):
    compile_lock.claim(123)
    compile_lock.release(456)
    assert (cache.glob("**/compiling.pid")) and compile_lock.lock_path() is not None
    compile_lock.release(123)
    assert not list(cache.glob("**/compiling.pid"))


def test_a_new_start_follows_the_running_child_then_compiles_what_it_left(cache, fake_compiler, monkeypatch):
    """classic becomes cached while the earlier child runs; it then ends with
    softmax not cached: only softmax is left for a child of our own."""
    compile_lock.claim(fake_compiler.pid)
    polls = {"n": 0}

    def is_warm(groups):
        polls["n"] += 1
        if polls["n"] == 3:  # the earlier child has cached classic and goes on
            fake_compiler.stdin.close()  # ... and ends (its stdin read returns)
            fake_compiler.wait()
        return groups == ["classic"] and polls["n"] >= 3

    spawned = []

    def popen(args, **kwargs):
        spawned.append(args[3:])
        raise OSError("no child in this test")

    monkeypatch.setattr(compiled, "cache_is_warm", is_warm)
    monkeypatch.setattr(compiled.subprocess, "Popen", popen)
    watched = []
    got = list(compiled.compile_in_child(["classic", "softmax"], lambda cpu, *flags: watched.append((cpu, flags))))
    assert got == ["classic"]
    assert spawned == [["softmax"]]  # our own child: only what the earlier one left
    (cpu, flags), = watched  # the earlier child's CPU clock, all of it counting (it has ended: unreadable)
    assert flags == (True,) and cpu() is None


def test_a_followed_childs_cpu_so_far_counts_as_progress():
    clock = CompileClock(lambda group, first: 40.0, clock=lambda: 100.0)
    clock.start(["classic"])
    clock.watch(lambda: 10.0, from_zero=True)  # 10 CPU seconds in when followed
    assert clock.progress("classic").fraction == pytest.approx(0.25)
    clock.watch(lambda: 10.0)  # a child of our own: from now on
    assert clock.progress("classic").fraction == 0.0


def test_without_a_running_child_a_start_compiles_for_itself(cache, monkeypatch):
    spawned = []

    def popen(args, **kwargs):
        spawned.append(args[3:])
        raise OSError("no child in this test")

    monkeypatch.setattr(compiled.subprocess, "Popen", popen)
    assert list(compiled.compile_in_child(["classic", "general"])) == []
    assert spawned == [["classic", "general"]]
