"""`spiral-tui train` with metrics on every row (--every 1, as --json or --csv
record them) against --every EPOCHS, on the compiled and the uncompiled path:
spiral, 7 features, [8,8], tanh, batch 1 and 10, best of N.

    python benchmarks/train_every.py [--before REV|DIR] [--repeats 3]

Each measurement is a fresh process running cli.train.train (the loop
`spiral-tui train` runs, metrics list and all) on this tree, and with --before
on git revision REV exported to /tmp/spiral-tui-before-REV (kept: its numba
cache stays warm between runs), taking turns so that the machine's load hits
both alike. The uncompiled path is what a process that never loaded the
kernels trains on. Prints one table; the load average is printed with it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from loadinfo import load_line

ROOT = Path(__file__).resolve().parents[1]
EPOCHS = {("compiled", 1): 3000, ("compiled", 10): 3000, ("numpy", 1): 60, ("numpy", 10): 300}

WORKER = """
import json, sys, time
from tui_playground.config import Config
from tui_playground.engine.training import Trainer
from tui_playground.cli.train import train

path, batch, epochs, every = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
config = Config(seed="1", dataset="spiral", features=("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"),
                layers=(8, 8), activation="tanh", batch=batch)
if path == "compiled":
    from tui_playground.engine import compiled
    compiled.load("classic")
trainer = Trainer(config)
trainer.step(2)
start = time.perf_counter()
metrics = []
train(trainer, trainer.epoch + epochs, every, None, metrics)
seconds = time.perf_counter() - start
print(json.dumps({"rate": epochs / seconds, "path": trainer.path, "rows": len(metrics)}))
"""


def export(rev: str) -> Path:
    """REV's package in /tmp/spiral-tui-before-REV (made once, kept); a
    directory holding a tui_playground package (another checkout) as it is."""
    if (Path(rev) / "tui_playground").is_dir():
        return Path(rev)
    target = Path(f"/tmp/spiral-tui-before-{rev}")
    if not (target / "tui_playground").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "tui_playground"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def rate(tree: Path, path: str, batch: int, every: int) -> float:
    epochs = EPOCHS[(path, batch)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", WORKER, path, str(batch), str(epochs), str(every or epochs)],
                         capture_output=True, text=True, env=env, timeout=1800)
    if out.returncode:
        raise SystemExit(out.stderr)
    result = json.loads(out.stdout)
    assert result["path"] == path, result
    return result["rate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", metavar="REV", help="also measure git revision REV (or the checkout in "
                        "directory DIR), taking turns")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--path", choices=("compiled", "numpy"), action="append", help="only this path (repeatable)")
    args = parser.parse_args()
    trees = {"after": ROOT}
    if args.before:
        trees = {"before": export(args.before), **trees}
    print(load_line())
    print(f"{'tree':7s} {'path':9s} {'batch':>5s} {'--every 1':>10s} {'--every N':>10s} {'ratio':>6s}   epochs/s, best of "
          f"{args.repeats}")
    for path in args.path or ("compiled", "numpy"):
        for batch in (1, 10):
            best = {(t, e): 0.0 for t in trees for e in (1, 0)}
            for _ in range(args.repeats):
                for name, tree in trees.items():
                    for every in (1, 0):
                        best[(name, every)] = max(best[(name, every)], rate(tree, path, batch, every))
            for name in trees:
                one, many = best[(name, 1)], best[(name, 0)]
                print(f"{name:7s} {path:9s} {batch:5d} {one:10.0f} {many:10.0f} {one / many:6.2f}")
    print(load_line())


if __name__ == "__main__":
    main()
