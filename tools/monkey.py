#!/usr/bin/env python3
"""Run the app's monkey for long: random keys from a seed, invariants checked.

    python tools/monkey.py --keys 20000 --seed 7
    python tools/monkey.py --keys 5000 --seeds 1-10

Runs in a temporary folder (the dialogs write session and export files).
Prints one line per run: keys survived, checks passed, screens visited; at the
first failure the seed and the traceback, exit status 1. The short version
runs in the test suite (tests/ui/test_monkey.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ui"))

from monkey import monkey  # noqa: E402


def seeds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--keys", type=int, default=5000, help="keys per run (default 5000)")
    p.add_argument("--seed", type=int, help="one seed")
    p.add_argument("--seeds", type=seeds, default=None, help="a range of seeds, e.g. 1-10")
    p.add_argument("--every", type=int, default=5, help="check the invariants every N keys")
    args = p.parse_args()
    runs = [args.seed] if args.seed is not None else (args.seeds or [1])
    os.chdir(tempfile.mkdtemp(prefix="spiral-monkey-"))
    total = 0
    for seed in runs:
        started = time.monotonic()
        last = [started]

        def progress(tally, seed=seed):
            if time.monotonic() - last[0] > 30:
                last[0] = time.monotonic()
                print(f"  seed {seed}: {tally.keys} keys so far", flush=True)

        try:
            tally = asyncio.run(monkey(args.keys, seed, every=args.every, progress=progress))
        except BaseException:
            print(f"seed {seed}: FAILED after the keys above", flush=True)
            traceback.print_exc()
            return 1
        total += tally.keys
        screens = ", ".join(f"{k} {v}" for k, v in sorted(tally.screens.items(), key=lambda kv: -kv[1]))
        print(f"seed {seed}: {tally.keys} keys, {tally.checks} checks, {tally.quits} quits disarmed, "
              f"{time.monotonic() - started:.0f} s; screens: {screens}", flush=True)
    print(f"survived {total} keys over {len(runs)} run(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
