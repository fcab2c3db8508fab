"""Getting the compiled kernels without waiting: which path a job takes, numba's
cache from a child process, and cold starts (each cold start pays one compile,
so one module-wide compile serves the tests that need a filled cache)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from tui_playground.config import Config
from tui_playground.engine import compiled
from tui_playground.engine.features import FEATURE_NAMES

SMALL_JOB = ["--dataset", "spiral", "--features", "all", "--layers", "8,8", "--batch", "1",
             "--epochs", "50", "--seed", "3", "--json"]
BIG_JOB = ["--dataset", "spiral", "--features", "all", "--layers", "8,8", "--batch", "1",
           "--epochs", "2000", "--every", "500", "--seed", "3", "--json"]


def _env(cache_dir: Path, **extra) -> dict:
    return {**os.environ, "NUMBA_CACHE_DIR": str(cache_dir), **extra}


def _train(cache_dir: Path, args: list[str], **extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui_playground.cli", "train", *args], capture_output=True,
                          text=True, timeout=600, env=_env(cache_dir, **extra))


def _index_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*/kernels.*.nbi"))


# ---- choosing the path ---------------------------------------------------------


class Unasked(Exception):
    pass


def _no_cache_check(groups=()):
    raise Unasked("the cache was checked")


class NoCompile:
    """The real kernels, loaded without compiling anything (warm_up does nothing)."""

    def __init__(self, warmed: list | None = None):
        self.warmed = warmed if warmed is not None else []

    def warm_up(self, names) -> None:
        self.warmed.append(next(g for g, kernels in compiled.GROUPS.items() if kernels == names))

    def __getattr__(self, name):
        from tui_playground.engine import kernels

        return getattr(kernels, name)


def test_tiny_jobs_stay_uncompiled_without_looking_at_the_cache():
    cache = compiled.KernelCache(is_warm=_no_cache_check)
    assert cache.choose_path(compiled.LOAD_SECONDS / 2) == "numpy"
    assert cache.choose_path(compiled.COMPILE_SECONDS["classic"] * 1.1) == "compiled"


@pytest.mark.parametrize("warm, path", [(True, "compiled"), (False, "numpy")])
def test_middle_sized_jobs_compile_only_on_a_warm_cache(warm, path):
    asked = []
    cache = compiled.KernelCache(is_warm=lambda groups: asked.append(groups) or warm)
    assert cache.choose_path((compiled.LOAD_SECONDS + compiled.COMPILE_SECONDS["classic"]) / 2) == path
    assert asked == [{"classic"}]


def test_each_group_has_its_own_compile_time():
    """A job that would outlast the playground's compile but not the general
    kernels' compiles only if it is a playground job."""
    cache = compiled.KernelCache(is_warm=lambda groups: False)
    seconds = (compiled.COMPILE_SECONDS["classic"] + compiled.COMPILE_SECONDS["general"]) / 2
    assert compiled.COMPILE_SECONDS["classic"] < seconds < compiled.COMPILE_SECONDS["general"]
    assert cache.choose_path(seconds, {"classic"}) == "compiled"
    assert cache.choose_path(seconds, {"general"}) == "numpy"
    assert cache.choose_path(seconds, {"classic", "softmax"}) == "numpy"  # both to compile: longer


@pytest.mark.parametrize("warm", [True, False])
def test_only_a_compile_is_announced_not_a_slow_load_from_a_warm_cache(monkeypatch, warm):
    fake = NoCompile()
    cache = compiled.KernelCache(importer=lambda: fake, is_warm=lambda groups: warm)
    timers, real_timer = [], threading.Timer
    monkeypatch.setattr(compiled.threading, "Timer", lambda *args: timers.append(args) or real_timer(*args))
    assert cache.load("classic", on_slow=lambda seconds: None, slow_after=5.0) is fake
    assert cache.ready("classic") is fake and fake.warmed == ["classic"]
    if warm:
        assert timers == []
    else:
        assert [(after, args) for after, _, args in timers] == [(5.0, (compiled.COMPILE_SECONDS["classic"],))]


def test_loaded_kernels_are_always_used():
    cache = compiled.KernelCache(importer=NoCompile, is_warm=_no_cache_check)
    cache.load("classic")
    assert cache.choose_path(0.0, {"classic"}) == "compiled"
    assert compiled.KernelCache(is_warm=lambda groups: False).choose_path(0.0, {"classic"}) == "numpy"  # another's


class Recorded(compiled.KernelCache):
    """A KernelCache that records what a headless job asked of it."""

    def __init__(self, warm: bool):
        super().__init__(importer=NoCompile, is_warm=lambda groups: warm)
        self.asked: list = []

    def load(self, *groups, **_):
        self.asked.append(("load", groups))
        return super().load(*groups)

    def warm_in_background(self, on_change=None, first=None, only_first=False, only=None):
        self.asked.append(("background", first, tuple(only)))


def test_a_headless_job_starts_at_once_whatever_the_cache():
    """Tiny: uncompiled, nothing looked at. Warm cache: loaded now. Cold: a
    job shorter than the compile stays uncompiled; a longer one starts the
    compile in the background, says so once and starts uncompiled."""
    heard = []
    classic = compiled.COMPILE_SECONDS["classic"]
    tiny, middle, big = compiled.LOAD_SECONDS / 2, classic / 5, classic / 2
    assert compiled.KernelCache(is_warm=_no_cache_check).prepare(["classic"], tiny, heard.append) == "numpy"
    warm = Recorded(warm=True)
    assert warm.prepare(["classic"], middle, heard.append) == "compiled" and warm.asked == [("load", ("classic",))]
    cold = Recorded(warm=False)
    assert cold.prepare(["classic"], middle, heard.append) == "numpy" and cold.asked == [] and heard == []
    assert cold.prepare({"general", "classic"}, big * 3, heard.append) == "switching"
    assert cold.asked == [("background", "classic", ("classic", "general"))]
    assert heard == [compiled.compile_seconds(["classic", "general"])]


def test_each_config_calls_its_own_group():
    base = Config(seed="1")
    assert compiled.group_for(base) == "classic"
    assert compiled.group_for(base.replace(activation="relu", reg="L1")) == "classic"
    assert compiled.group_for(base.replace(optimizer="adam")) == "general"
    assert compiled.group_for(base.replace(loss="cross-entropy")) == "general"
    assert compiled.group_for(base.replace(dataset="spiral", classes=3)) == "softmax"


def test_the_numpy_time_guess_grows_with_the_work():
    small = Config(seed="1")
    guess = lambda config, n=250, epochs=100: compiled.numpy_seconds(config, n, epochs)  # noqa: E731
    assert guess(small, epochs=200) == pytest.approx(2 * guess(small))
    assert guess(small.replace(batch=1)) > 3 * guess(small)  # ten times the batches
    assert guess(small.replace(layers=(8, 8, 8))) > guess(small)
    assert guess(small.replace(activation="relu")) < guess(small)
    assert guess(small, n=1000) > 3 * guess(small)
    assert guess(small.replace(optimizer="adam")) > guess(small)  # its state to update too
    assert guess(small.replace(activation="sine")) > 2 * guess(small)  # fdmath per value
    assert guess(small.replace(activation="relu,softplus")) > guess(small.replace(activation="relu"))
    spiral = Config(seed="1", dataset="spiral", features=FEATURE_NAMES, layers=(8, 8), batch=1)
    assert guess(spiral, epochs=50) < compiled.COMPILE_SECONDS["classic"] < guess(spiral, epochs=2000)


def test_an_empty_cache_dir_is_cold_without_importing_numba(tmp_path):
    code = ("import sys; from tui_playground.engine import compiled; "
            "print(compiled.cache_is_warm(), 'numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env=_env(tmp_path))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("locators", [{}, {"NUMBA_CACHE_LOCATOR_CLASSES": "UserProvidedCacheLocator"}],
                         ids=["ours", "numba's"])
def test_no_writable_cache_anywhere_is_not_an_error(tmp_path, locators):
    """numba raises when no locator can cache (ours: none of cache_dirs() is
    writable); the kernels then compile uncached, and the cache-filling child
    says so at once (exit 3)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = _env(blocker, **locators)
    code = "from tui_playground.engine import kernels; print(kernels.CACHED)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False"]
    child = subprocess.run([sys.executable, "-m", "tui_playground.engine.compiled"], capture_output=True,
                           text=True, timeout=120, env=env)
    assert child.returncode == 3, child.stderr


# ---- cold starts ---------------------------------------------------------------


BEYOND_SMALL_JOB = [*SMALL_JOB[:-5], "--epochs", "20", "--optimizer", "adam", "--loss", "cross-entropy",
                    "--activation", "elu", "--lr", "0.01", "--lr-schedule", "exp:0.95", "--seed", "3", "--json"]


@pytest.mark.parametrize("job", [SMALL_JOB, BEYOND_SMALL_JOB], ids=["playground", "beyond"])
def test_small_job_on_a_cold_cache_runs_uncompiled_with_the_same_numbers(tmp_path, capsys, job):
    from tui_playground.cli import main

    cold = _train(tmp_path, job)
    assert cold.returncode == 0, cold.stderr
    assert cold.stderr == ""
    assert list(tmp_path.iterdir()) == []  # numba never even looked at its cache
    r = json.loads(cold.stdout)
    assert r["kernel"] == "numpy" and r["epochs"] == int(job[job.index("--epochs") + 1])
    compiled.load()  # in this process: the compiled kernels, from the suite's cache
    assert main(["train", *job]) == 0
    warm = json.loads(capsys.readouterr().out)
    assert warm["kernel"] == "compiled"
    assert warm["history"] == r["history"]


@pytest.fixture(scope="module")
def compiled_cache(tmp_path_factory):
    """A cache dir filled by a big job on a cold cache: (dir, that job's run).
    The job may end before its background compile has (it trains uncompiled
    meanwhile); the child fills the cache all the same, and is waited for here."""
    cache_dir = tmp_path_factory.mktemp("numba-cache")
    run = _train(cache_dir, BIG_JOB)
    subprocess.run([sys.executable, "-m", "tui_playground.engine.compiled", "classic"], capture_output=True,
                   timeout=1800, env=_env(cache_dir), check=True)
    return cache_dir, run


def test_big_job_on_a_cold_cache_starts_at_once_and_switches_with_a_one_line_notice(compiled_cache):
    """No waiting for the compiler: it trains uncompiled while its group
    compiles in the background, says so in one line, and switches when the
    kernels load (or ends uncompiled if it finishes first): the same numbers."""
    cache_dir, run = compiled_cache
    assert run.returncode == 0, run.stderr
    seconds = compiled.COMPILE_SECONDS["classic"]
    assert run.stderr.splitlines() == [
        f"spiral-tui: compiling the training kernels in the background (first run only, ~{seconds:.0f} s); "
        "training uncompiled until they are ready (same numbers)"]
    r = json.loads(run.stdout)
    assert r["kernel"] in ("compiled", "numpy") and r["epochs"] == 2000
    assert set(compiled.GROUPS["classic"]) <= _cached_names(cache_dir)  # the playground's kernels...
    assert not {"train", "train_epochs_softmax"} & _cached_names(cache_dir)  # ...and no other group's
    warm = _train(cache_dir, BIG_JOB)
    assert warm.returncode == 0 and warm.stderr == ""
    again = json.loads(warm.stdout)
    assert again["kernel"] == "compiled" and again["history"] == r["history"]
    assert again["history_metrics"] == r["history_metrics"]


def _cached_names(cache_dir: Path) -> set[str]:
    """The kernels with an index in the cache ("kernels.train_epochs-352.py311.nbi": train_epochs)."""
    return {p.name.split("-")[0].removeprefix("kernels.") for p in _index_files(cache_dir)}


def test_the_child_names_each_group_once_cached_and_refuses_unknown_ones(compiled_cache):
    cache_dir, _ = compiled_cache
    child = [sys.executable, "-m", "tui_playground.engine.compiled"]
    out = subprocess.run([*child, "classic"], capture_output=True, text=True, timeout=600, env=_env(cache_dir))
    assert (out.returncode, out.stdout) == (0, "classic\n"), out.stderr
    bad = subprocess.run([*child, "classic", "fast"], capture_output=True, text=True, timeout=120,
                         env=_env(cache_dir))
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.splitlines() == ["no kernel group 'fast'; groups: classic, softmax, general"]


BACKGROUND = """
import json, sys
from tui_playground.config import Config
from tui_playground.engine import compiled
from tui_playground.engine.training import Trainer

config = Config(seed="bg", dataset="xor", layers=(6, 3), batch=1, train_pct=55)
mixed = Trainer(config)
compiled.warm_in_background(first=compiled.group_for(config), only_first=True)
paths = []
while compiled.status("classic") == "warming":
    paths.append(mixed.path)
    mixed.step(1)
for _ in range(3):
    paths.append(mixed.path)
    mixed.step(1)
plain = Trainer(config)
plain.step(mixed.epoch, path="compiled")
kernels = compiled.ready("classic")
print(json.dumps({
    "status": [compiled.status(g) for g in compiled.GROUPS], "failure": compiled.failure(), "paths": paths,
    "same": mixed.history.array().tolist() == plain.history.array().tolist()
            and mixed.network.W.tolist() == plain.network.W.tolist(),
    "hits": sum(kernels.train_epochs_kept.stats.cache_hits.values()),
    "misses": sum(kernels.train_epochs_kept.stats.cache_misses.values()),
}))
"""


def test_background_warm_up_loads_the_childs_cache_and_switches_without_changing_numbers(compiled_cache):
    cache_dir, _ = compiled_cache
    before = {p: p.stat().st_mtime_ns for p in _index_files(cache_dir)}
    out = subprocess.run([sys.executable, "-c", BACKGROUND], capture_output=True, text=True, timeout=600,
                         env=_env(cache_dir))
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["status"] == ["compiled", "numpy", "numpy"] and r["failure"] is None  # only the group asked for
    switch = r["paths"].index("compiled")
    assert r["paths"][:switch] == ["numpy"] * switch and switch >= 1
    assert set(r["paths"][switch:]) == {"compiled"}
    assert r["same"]
    assert r["hits"] >= 1 and r["misses"] == 0  # this process loaded, the child had cached
    assert {p: p.stat().st_mtime_ns for p in _index_files(cache_dir)} == before


def test_groups_come_first_needed_first_and_each_is_announced_as_it_loads():
    """The child is told the order; each group it has cached is loaded at
    once; what it could not cache (here: it stops after the first) is
    compiled in this process, in order."""
    told, loaded, heard = [], [], []
    release, announced = threading.Event(), threading.Event()

    def child(order, watch):
        told.append(order)
        release.wait(60)
        yield order[0]

    cache = compiled.KernelCache(importer=lambda: NoCompile(loaded), child=child)

    def hear():
        heard.append((cache.status("softmax"), cache.status("classic")))
        announced.set()

    cache.warm_in_background(hear, first="softmax")
    assert cache.status("softmax") == "warming" and cache.ready("softmax") is None
    release.set()
    assert announced.wait(60)
    cache.join(60)
    assert told == [["softmax", "classic", "general"]]
    assert loaded == ["softmax", "classic", "general"]
    assert heard[0] == ("compiled", "warming")  # the first group's kernels, while the rest still come
    assert heard[1:] == [("compiled", "compiled")] * 3  # two more groups, then the end
    assert cache.status() == "compiled" and isinstance(cache.ready(), NoCompile)


def test_it_tells_whether_the_compile_goes_on_after_a_group():
    """compiling_after(group): the warm-up compiles more groups once `group`
    is loaded (the app's promise of the rate then keeps the loss passes on
    the training's core, engine.loss_thread: the compiler holds the other)."""
    first, rest = threading.Event(), threading.Event()
    loaded: list = []

    def child(order, watch):
        yield order[0]
        first.set()
        rest.wait(60)
        yield from order[1:]

    cache = compiled.KernelCache(importer=lambda: NoCompile(loaded), child=child)
    assert not cache.compiling_after("classic")  # no warm-up
    cache.warm_in_background(first="classic")
    assert first.wait(60)
    assert cache.compiling_after("classic") and not cache.compiling_after("general")  # general: the last
    rest.set()
    cache.join(60)
    assert loaded == ["classic", "softmax", "general"] and not cache.compiling_after("classic")
    only = compiled.KernelCache(importer=lambda: NoCompile([]), child=lambda order, watch: iter(order))
    only.warm_in_background(first="classic", only=["classic"])  # a headless job's: its own group only
    assert not only.compiling_after("classic")
    only.join(60)


def test_warm_up_callbacks_run_once_it_ends_or_at_once_if_it_has():
    """Every caller hears when the background warm-up ends, however late it asks."""
    release, heard = threading.Event(), []

    def no_compiler():
        raise RuntimeError("no compiler here")

    cache = compiled.KernelCache(importer=no_compiler, child=lambda order, watch: iter(()) if release.wait(60) else iter(()))
    cache.warm_in_background(lambda: heard.append(("first", cache.status())))
    cache.warm_in_background(lambda: heard.append(("second", cache.status())))
    thread = cache._thread
    assert cache.status() == "warming" and heard == []
    release.set()
    cache.join(60)
    assert heard == [("first", "failed"), ("second", "failed")]
    assert cache.failure() == "RuntimeError: no compiler here"
    cache.warm_in_background(lambda: heard.append(("late", cache.status())))
    assert heard[-1] == ("late", "failed") and cache._thread is thread  # no second warm-up


def test_the_compile_status_counts_the_compilers_cpu_seconds_down():
    """While a child compiles, the share done is its CPU time over the group's
    compile time, and the seconds left count down at its recent pace (a fake
    wall clock and CPU clock: no sleeps)."""
    release, cpu, wall, watched = threading.Event(), [0.0], [100.0], threading.Event()

    def child(order, watch):
        watch(lambda: cpu[0])
        watched.set()
        release.wait(60)
        return iter(())

    cache = compiled.KernelCache(importer=NoCompile, child=child, clock=lambda: wall[0])
    cache.warm_in_background(first="classic", only_first=True)
    assert watched.wait(60)
    assert cache.compile_status("classic").short() == "numpy, compiling 0%"  # the pace not known yet
    estimate = compiled.COMPILE_SECONDS["classic"]
    for _ in range(10):  # ten wall seconds at half a core
        wall[0] += 1.0
        cpu[0] += 0.5
        cache.compile_status("classic")
    status = cache.compile_status("classic")
    assert status.state == "warming" and status.fraction == pytest.approx(5.0 / estimate)
    assert status.seconds_left == pytest.approx((estimate - 5.0) / 0.5)
    shown = replace(status, rate_after=4321.0)
    assert shown.text() == f"uncompiled; compiling {5 / estimate:.0%} ~{round((estimate - 5) * 2)} s, then ~4300 epochs/s"
    assert shown.short() == f"numpy, compiling {5 / estimate:.0%} ~{round((estimate - 5) * 2)} s → ~4300/s"
    release.set()
    cache.join(60)
    assert cache.compile_status("classic").text() == "compiled"


def test_the_cache_folder_is_named_by_every_compiled_modules_source(tmp_path):
    """An edit to fdmath.py (inlined into the kernels) moves the cache to a new
    folder, so nothing stale is loaded; and SOURCES lists every engine module
    the kernels import."""
    code = ("import sys; from tui_playground.engine import kernels, compiled; "
            "print(sorted(m.rsplit('.', 1)[1] + '.py' for m in sys.modules if m.startswith('tui_playground.engine.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=_env(tmp_path))
    assert out.returncode == 0, out.stderr
    not_compiled = {"compiled.py", "compile_progress.py", "compile_lock.py", "kernel_sources.py", "halves.py"}
    imported = set(eval(out.stdout)) - not_compiled
    assert imported <= set(compiled.SOURCES)
    copy = tmp_path / "pkg"
    subprocess.run(["cp", "-r", str(Path(compiled.__file__).parent), str(copy)], check=True)
    hash_of = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location('c', sys.argv[1]); "
               "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); print(m.source_hash())")
    before = subprocess.run([sys.executable, "-c", hash_of, str(copy / "kernel_sources.py")], capture_output=True,
                            text=True, check=True).stdout
    assert before.strip() == compiled.source_hash()
    with open(copy / "fdmath.py", "a") as f:
        f.write("# an edit\n")
    after = subprocess.run([sys.executable, "-c", hash_of, str(copy / "kernel_sources.py")], capture_output=True,
                           text=True, check=True).stdout
    assert after != before
    assert compiled.cache_dirs()[0].endswith(f"kernels-{compiled.source_hash()}")


def test_the_compiled_speed_guess_grows_with_the_work():
    """compiled_seconds (the app's "then ~N epochs/s" before the share scaling):
    no term costs less than nothing, and more links, points, epochs or updates
    never make an epoch quicker; batch 10 beats batch 1."""
    assert all(c >= 0.0 for c in compiled.MODEL_SECONDS)
    base = Config(seed="guess", dataset="spiral", layers=(4,), batch=10)

    def seconds(config: Config, n_train: int = 250, epochs: int = 1) -> float:
        return compiled.compiled_seconds(config, n_train, 500 - n_train, epochs)

    assert seconds(base.replace(layers=(8, 8))) > seconds(base) > 0.0
    assert seconds(base, n_train=400) > seconds(base, n_train=100)
    assert seconds(base.replace(batch=1)) > seconds(base)  # batch 10 is quicker in every measured shape
    assert seconds(base, epochs=3) == pytest.approx(3 * seconds(base))


def test_with_the_loss_thread_an_epoch_takes_its_longer_half():
    """compiled_seconds(..., loss_thread=True): the training and the loss
    passes side by side (engine.loss_thread), plus the hand-overs."""
    config = Config(seed="guess", dataset="spiral", layers=(8, 8), batch=1)
    terms = compiled.model_terms(config, 250, 250)
    weighed = [t * c for t, c in zip(terms, compiled.MODEL_SECONDS)]
    training, losses = sum(weighed[:-compiled.LOSS_TERMS]), sum(weighed[-compiled.LOSS_TERMS:])
    assert training > 0 and losses > 0
    assert compiled.compiled_seconds(config, 250, 250, 1) == pytest.approx(training + losses)
    assert compiled.compiled_seconds(config, 250, 250, 2, loss_thread=True) == pytest.approx(
        2 * (max(training, losses) + compiled.LOSS_THREAD_SECONDS))
    few_train = compiled.compiled_seconds(config.replace(batch=30), 50, 450, 1, loss_thread=True)
    w30 = [t * c for t, c in zip(compiled.model_terms(config.replace(batch=30), 50, 450), compiled.MODEL_SECONDS)]
    assert sum(w30[-compiled.LOSS_TERMS:]) > sum(w30[:-compiled.LOSS_TERMS])  # the loss passes are the longer half
    assert few_train == pytest.approx(sum(w30[-compiled.LOSS_TERMS:]) + compiled.LOSS_THREAD_SECONDS)
