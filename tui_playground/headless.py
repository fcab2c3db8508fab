"""`spiral-tui train`: one experiment without a terminal UI.

Prints a human summary (default) or one JSON object (`--json`), optionally
writes the loss history as CSV and draws it with plotext.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from .config import Config

EXIT_DIVERGED = 1
SLICE_EPOCHS = 200  # epochs per call into the kernel between progress updates


def check_writable(path: str) -> Path:
    """Fail before training, not after, when the CSV cannot be written."""
    from .cli import UsageError

    p = Path(path)
    if p.is_dir():
        raise UsageError(f"--csv {path}: is a directory")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--csv {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise UsageError(f"--csv {path}: not writable")
    return p


def train(trainer, epochs: int, every: int, progress=None) -> np.ndarray:
    """Run `epochs` epochs; return (n, 3) rows (epoch, train, test) at epoch 0
    and every `every` epochs (and the last one)."""
    rows = [(0, trainer.train_loss, trainer.test_loss)]
    while trainer.epoch < epochs and not trainer.diverged:
        start = trainer.epoch
        losses = trainer.step(min(SLICE_EPOCHS, epochs - start))
        for k, (tr, te) in enumerate(losses, start=start + 1):
            if k % every == 0 or k == epochs or not (math.isfinite(tr) and math.isfinite(te)):
                rows.append((k, tr, te))
        if progress:
            progress(trainer.epoch)
    if rows[-1][0] != trainer.epoch:
        rows.append((trainer.epoch, trainer.train_loss, trainer.test_loss))
    return np.array(rows)


def _progress_bar(total: int):
    """A transient progress bar on stderr when it is a terminal and the run is long."""
    if not sys.stderr.isatty() or total < 2000:
        return nullcontext(None)
    from rich.progress import Progress

    return Progress(transient=True, console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _warm_up_with_notice() -> None:
    """Compile the kernels; say so on stderr if it takes long (first run only)."""
    import threading

    from .engine.kernels import warm_up

    notice = threading.Timer(1.0, lambda: print(
        "spiral-tui: compiling the training kernels (first run only, ~10 s)...", file=sys.stderr))
    notice.start()
    try:
        warm_up()
    finally:
        notice.cancel()


def run_train(args, config: Config) -> int:
    csv_path = check_writable(args.csv) if args.csv else None
    from .engine.training import Trainer

    _warm_up_with_notice()
    trainer = Trainer(config)
    with _progress_bar(args.epochs) as bar:
        update = None
        if bar is not None:
            task = bar.add_task("training", total=args.epochs)
            update = lambda epoch: bar.update(task, completed=epoch)  # noqa: E731
        start = time.perf_counter()
        rows = train(trainer, args.epochs, max(1, args.every), update)
        seconds = time.perf_counter() - start
    result = _result(trainer, rows, seconds)
    if csv_path:
        _write_csv(csv_path, rows)
    print(json.dumps(result) if args.json else _summary(result))
    if args.plot:
        print(_plot(rows))
    if trainer.diverged:
        print(f"spiral-tui: training diverged at epoch {trainer.epoch} (loss is not finite); "
              "try a lower learning rate", file=sys.stderr)
        return EXIT_DIVERGED
    return 0


def _finite(x: float):
    return x if math.isfinite(x) else None  # JSON has no NaN


def _result(trainer, rows: np.ndarray, seconds: float) -> dict:
    c = trainer.config
    epochs = trainer.epoch
    return {
        "config": c.to_dict(),
        "url": c.to_url(),
        "seed": c.seed,
        "epochs": epochs,
        "train_loss": _finite(trainer.train_loss),
        "test_loss": _finite(trainer.test_loss),
        "diverged": trainer.diverged,
        "history": [[int(e), _finite(tr), _finite(te)] for e, tr, te in rows],
        "seconds": round(seconds, 4),
        "epochs_per_second": round(epochs / seconds, 1) if seconds > 0 else None,
    }


def _summary(r: dict) -> str:
    c = r["config"]
    data = c["dataset"] if c["problem"] == "classification" else c["reg_dataset"]
    reg = "no regularization" if c["reg"] == "none" else f"{c['reg']} {c['reg_rate']:g}"
    layers = ",".join(map(str, c["layers"])) or "none"
    speed = f"{r['epochs_per_second']:.0f} epochs/s" if r["epochs_per_second"] else ""
    loss = lambda v: "nan" if v is None else f"{v:.3f}"  # noqa: E731
    return "\n".join([
        f"{data} ({c['problem']}, noise {c['noise']}%, {c['train_pct']}% train), "
        f"features {','.join(c['features'])}, layers {layers}",
        f"{c['activation']}, lr {c['lr']:g}, {reg}, batch {c['batch']}, seed {r['seed']}",
        f"epoch {r['epochs']}: train loss {loss(r['train_loss'])}, test loss {loss(r['test_loss'])}"
        f"  ({r['seconds']:.2f} s, {speed})",
        f"playground link: {r['url']}",
    ])


def _write_csv(path: Path, rows: np.ndarray) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "test_loss"])
        for e, tr, te in rows:
            w.writerow([int(e), repr(float(tr)), repr(float(te))])
    os.replace(tmp, path)


def _plot(rows: np.ndarray) -> str:
    """Train/test loss curves as terminal text (plotext); plain when not a colour terminal."""
    import plotext as plt

    plt.clear_figure()
    plt.theme("clear")
    plt.plot(rows[:, 0].tolist(), rows[:, 1].tolist(), label="train", color="blue")
    plt.plot(rows[:, 0].tolist(), rows[:, 2].tolist(), label="test", color="orange")
    plt.title("loss")
    plt.xlabel("epoch")
    columns = os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else 80
    plt.plotsize(min(columns, 100), 20)
    text = plt.build()
    plain = not sys.stdout.isatty() or os.environ.get("NO_COLOR")
    return plt.uncolorize(text) if plain else text
