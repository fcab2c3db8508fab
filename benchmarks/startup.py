"""Startup benchmark: what a first run costs, with an empty numba cache.

Runs `spiral-tui train` in fresh processes with NUMBA_CACHE_DIR set to a new
empty folder: a small job cold (it runs uncompiled), a big job cold (it
compiles first), then both again warm; plus the cache-filling child alone
and epochs/s of the uncompiled and compiled paths. Prints one JSON object.

    python benchmarks/startup.py

Wall times include Python's start-up; the machine is shared and noisy, so
compare numbers of one run. UI figures (time to first frame, to the first
trained epoch, key latency during the compile) are in benchmarks/ui.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

SMALL = ["--dataset", "spiral", "--features", "all", "--layers", "8,8", "--batch", "1",
         "--epochs", "50", "--seed", "3", "--json"]
BIG = ["--dataset", "spiral", "--features", "all", "--layers", "8,8", "--batch", "1",
       "--epochs", "3000", "--every", "1000", "--seed", "3", "--json"]
DEFAULT = ["--dataset", "circle", "--layers", "4,2", "--batch", "10", "--epochs", "300", "--seed", "3", "--json"]


def run(args: list[str], env: dict) -> tuple[float, dict, str]:
    """(wall seconds, JSON result or {}, stderr) of one command in a fresh process."""
    start = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=900)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {out.stderr.strip()}")
    return wall, (json.loads(out.stdout) if out.stdout.strip() else {}), out.stderr.strip()


def train(args: list[str], env: dict) -> dict:
    wall, r, err = run([sys.executable, "-m", "tui_playground.cli", "train", *args], env)
    return {"wall_s": round(wall, 2), "kernel": r["kernel"], "epochs_per_s": r["epochs_per_second"],
            "final": r["history"][-1], "notice": err or None}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        report = {"small_job": "train " + " ".join(SMALL), "big_job": "train " + " ".join(BIG)}
        report["small_cold"] = train(SMALL, env)
        report["default_setup_cold"] = train(DEFAULT, env)
        report["big_cold"] = train(BIG, env)  # compiles into the empty cache
        report["small_warm"] = train(SMALL, env)
        report["default_setup_warm"] = train(DEFAULT, env)
        report["big_warm"] = train(BIG, env)
        for job in ("small", "default_setup", "big"):
            assert report[f"{job}_cold"].pop("final") == report[f"{job}_warm"].pop("final"), "numbers changed"
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        child = [sys.executable, "-m", "tui_playground.engine.compiled"]
        report["child_compile_cold_s"] = round(run(child, env)[0], 2)
        report["child_load_warm_s"] = round(run(child, env)[0], 2)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
