"""`spiral-tui train`: one experiment without a terminal UI.

Prints a human summary (default) or one JSON object (`--json`), optionally
writes the loss history as CSV and draws it with plotext.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from .safe_text import printable


EXIT_DIVERGED = 1
SLICE_EPOCHS = 200  # epochs per call into the kernel between progress updates


def check_writable(path: str, flag: str = "--csv") -> Path:
    """Fail before training, not after, when an output file cannot be written."""
    from .safe_write import check_run_files

    check_run_files([(flag, path)], [])
    return Path(path)


def train(trainer, epochs: int, every: int, progress=None) -> np.ndarray:
    """Train until epoch `epochs`; return (n, 3) rows (epoch, train, test) at the
    start and every `every` epochs (and the last one)."""
    rows = [(trainer.epoch, trainer.train_loss, trainer.test_loss)]
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


def run_train(args, make_trainer) -> int:
    """`spiral-tui train`; make_trainer() builds (or loads) the Trainer."""
    from .cli import UsageError
    from .safe_write import check_run_files
    from .session import SessionError

    if args.json and args.plot:
        raise UsageError("--json prints only the JSON on stdout; --plot would draw after it: give one of them")
    check_run_files([("--csv", args.csv), ("--save", args.save), ("--export-grid", args.export_grid)],
                    [("--data", args.data), ("--load", args.load)], may_replace=(("--save", "--load"),))
    _warm_up_with_notice()
    try:
        trainer = make_trainer()
    except SessionError as exc:
        raise UsageError(str(exc)) from None
    start_epoch = trainer.epoch
    with _progress_bar(args.epochs) as bar:
        update = None
        if bar is not None:
            task = bar.add_task("training", total=args.epochs)
            update = lambda epoch: bar.update(task, completed=epoch - start_epoch)  # noqa: E731
        start = time.perf_counter()
        rows = train(trainer, start_epoch + args.epochs, max(1, args.every), update)
        seconds = time.perf_counter() - start
    result = _result(trainer, rows, seconds, trainer.epoch - start_epoch)
    failed = _write_outputs(args, trainer, rows)
    print(json.dumps(result) if args.json else _summary(result))
    if args.plot:
        print(_plot(rows))
    if failed:  # checked before training, but a disk can fill up meanwhile
        raise UsageError("; ".join(failed))
    if trainer.diverged:
        print(f"spiral-tui: training diverged at epoch {trainer.epoch} (loss is not finite); "
              "try a lower learning rate", file=sys.stderr)
        return EXIT_DIVERGED
    return 0


def _write_outputs(args, trainer, rows: np.ndarray) -> list[str]:
    """Write what was asked for; one message per output that could not be written
    (the others are still written, and the results still shown)."""
    from .session import SessionError, save_session

    writes = (("--save", args.save, lambda p: save_session(trainer, p)),
              ("--csv", args.csv, lambda p: write_loss_csv(Path(p), rows)),
              ("--export-grid", args.export_grid, lambda p: _write_grid(Path(p), trainer)))
    failed = []
    for flag, path, write in writes:
        if not path:
            continue
        try:
            write(path)
        except SessionError as exc:
            failed.append(f"--save: {exc}")
        except OSError as exc:
            failed.append(f"can't write {flag} {path}: {exc.strerror or exc}")
    return failed


def _finite(x: float):
    return x if math.isfinite(x) else None  # JSON has no NaN


def _result(trainer, rows: np.ndarray, seconds: float, trained: int) -> dict:
    c = trainer.config
    return {
        "config": c.to_dict(),
        "data": c.data_name,
        "url": c.to_url(),
        "seed": c.seed,
        "epochs": trainer.epoch,
        "train_loss": _finite(trainer.train_loss),
        "test_loss": _finite(trainer.test_loss),
        "diverged": trainer.diverged,
        "history": [[int(e), _finite(tr), _finite(te)] for e, tr, te in rows],
        "seconds": round(seconds, 4),
        "epochs_per_second": round(trained / seconds, 1) if seconds > 0 and trained else None,
    }


def _summary(r: dict) -> str:
    c = r["config"]
    reg = "no regularization" if c["reg"] == "none" else f"{c['reg']} {c['reg_rate']:g}"
    layers = ",".join(map(str, c["layers"])) or "none"
    speed = f"{r['epochs_per_second']:.0f} epochs/s" if r["epochs_per_second"] else ""
    loss = lambda v: "nan" if v is None else f"{v:.3f}"  # noqa: E731
    shown = lambda text: printable(text, 80)  # noqa: E731 (file names and seeds are the user's)
    return "\n".join([
        f"{shown(r['data'])} ({c['problem']}, noise {c['noise']}%, {c['train_pct']}% train), "
        f"features {','.join(c['features'])}, layers {layers}",
        f"{c['activation']}, lr {c['lr']:g}, {reg}, batch {c['batch']}, seed {shown(r['seed'])}",
        f"epoch {r['epochs']}: train loss {loss(r['train_loss'])}, test loss {loss(r['test_loss'])}"
        f"  ({r['seconds']:.2f} s, {speed})",
        f"playground link: {r['url']}"
        + (" (without your data: the playground has no way to load it)" if c["data_file"] else ""),
    ])


def _csv_text(header: list[str], rows) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def write_loss_csv(path: Path, rows: np.ndarray) -> None:
    """rows: (n, 3) epoch, train loss, test loss -> CSV, written atomically."""
    from .session import write_atomic

    lines = ([int(e), repr(float(tr)), repr(float(te))] for e, tr, te in rows)
    write_atomic(path, _csv_text(["epoch", "train_loss", "test_loss"], lines))


def grid_csv(trainer, resolution: int = 100) -> str:
    """The network's output over [-6, 6]^2 as CSV rows x, y, output (row 0 is y = +6)."""
    from .engine.boundary import grid_axis, output_grid

    snap = trainer.snapshot()
    out = output_grid(snap.network, snap.config, resolution)
    axis = grid_axis(resolution)
    rows = ([f"{x:.6g}", f"{y:.6g}", f"{out[r, c]:.6g}"]
            for r, y in enumerate(axis[::-1]) for c, x in enumerate(axis))
    return _csv_text(["x", "y", "output"], rows)


def _write_grid(path: Path, trainer) -> None:
    from .session import write_atomic

    write_atomic(path, grid_csv(trainer))


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
