"""Sweep speed: network-epochs/s for one sweep via the built-in threads and via Dask `local:2`.

Run: python benchmarks/sweep_dask.py [--seeds N] [--epochs E] [--rounds R]   (about a minute)
Needs spiral-tui[dask]. The sweep: spiral, all 7 features, relu, batch 1, lr 0.01,
layers 4 and 8,8, N seeds each. Threads and Dask take turns, R rounds, so both see
the same machine load; the cluster's start-up is timed apart (a sweep pays it once).
Also checks that both give the same numbers.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import time

from tui_playground.config import Config
from tui_playground.engine.features import FEATURE_NAMES
from tui_playground.sweeps.dask import run_dask
from tui_playground.sweeps.runner import complete, run_local
from tui_playground.sweeps.spec import build_spec, member_seeds


def spec(seeds: int, epochs: int):
    base = Config(seed="1", dataset="spiral", features=FEATURE_NAMES, activation="relu", lr=0.01, batch=1)
    return build_spec([base], {"layers": [(4,), (8, 8)]}, member_seeds("b", seeds), epochs)


def timed(sweep, runner) -> tuple[float, list]:
    start = time.perf_counter()
    result = complete(sweep, {}, list(range(sweep.size)), runner)
    return sweep.size * sweep.epochs / (time.perf_counter() - start), [
        dataclasses.replace(m, seconds=0.0) for m in result.members]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=32)
    p.add_argument("--epochs", type=int, default=300)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    from loadinfo import load_line

    print(load_line())
    from distributed import Client, LocalCluster

    from tui_playground.engine.compiled import load

    load()
    sweep = spec(args.seeds, args.epochs)
    print(f"{sweep.size} networks x {sweep.epochs} epochs (spiral, 7 features, relu, batch 1, layers 4 and 8,8); "
          f"{os.cpu_count()} cores")
    start = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.run(load)
        print(f"local:2 start-up (2 worker processes, kernels loaded): {time.perf_counter() - start:.1f} s")
        ratios = []
        for r in range(args.rounds):
            threads, here = timed(sweep, lambda pending, sink, progress: run_local(sweep, pending, sink, progress, 2))
            dask, there = timed(sweep, lambda pending, sink, progress: run_dask(sweep, pending, sink, progress, client))
            assert here == there, "Dask and threads disagree"
            ratios.append(dask / threads)
            print(f"round {r + 1}: threads {threads:7.0f} network-epochs/s   local:2 {dask:7.0f} network-epochs/s"
                  f"   ratio {dask / threads:.2f}")
    ratios.sort()
    print(f"local:2 / threads, median of {len(ratios)} rounds: {ratios[len(ratios) // 2]:.2f}x (same results: yes)")


if __name__ == "__main__":
    main()
