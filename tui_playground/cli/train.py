"""`spiral-tui train`: one experiment without a terminal UI.

Prints a human summary (default) or one JSON object (`--json`), optionally
writes the loss history as CSV and draws it with plotext.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from contextlib import nullcontext
from typing import TYPE_CHECKING

from .args import Parser, UsageError, add_config_flags, check_files, non_negative_int, trainer_from_args, whole_number
from .safe_text import printable

if TYPE_CHECKING:
    import numpy as np

EXIT_DIVERGED = 1
SLICE_EPOCHS = 200  # epochs per call into the kernel between progress updates
MAX_RECORDED = 10_000_000  # history rows kept in memory (about 1 GB); --every thins them


def build_train_parser() -> argparse.ArgumentParser:
    p = Parser(prog="spiral-tui train", description="Train one network headless and report the losses.")
    add_config_flags(p)
    o = p.add_argument_group("run and output")
    o.add_argument("--epochs", type=non_negative_int, default=100, help="epochs to train (default 100)")
    o.add_argument("--every", type=whole_number(1), default=1, help="record the loss every N epochs (default 1)")
    o.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    o.add_argument("--csv", metavar="FILE", help="write the loss history as CSV")
    o.add_argument("--plot", action="store_true", help="end with the loss curves drawn in the terminal")
    o.add_argument("--save", metavar="FILE", help="save the session at the end (continue it with --load)")
    o.add_argument("--export-grid", metavar="FILE",
                   help="write the network's output on a 100x100 grid over [-6, 6]^2 as CSV (x, y, output)")
    o.add_argument("--export-data", metavar="FILE",
                   help="write the train and test points as CSV (x, y, label, split), the format --data reads")
    o.add_argument("--export-model", metavar="FILE",
                   help="write the trained network: FILE.npz (NumPy arrays) or FILE.onnx (needs spiral-tui[onnx])")
    return p


def run_train_command(argv: list[str]) -> int:
    """`spiral-tui train ARGS`; returns the exit code."""
    args = build_train_parser().parse_args(argv)
    return run_train(args, lambda: trainer_from_args(args))


def train(trainer, epochs: int, every: int, progress=None) -> np.ndarray:
    """Train until epoch `epochs`; return (n, 3) rows (epoch, train, test) at the
    start and every `every` epochs (and the last one)."""
    import numpy as np

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


def compile_notice() -> None:
    print("spiral-tui: compiling the training kernels (first run only, ~20 s)...", file=sys.stderr)


def _pick_kernels(trainer, epochs: int) -> None:
    """Small jobs run uncompiled (same numbers); big ones load or compile the
    kernels first, with a notice if that takes long (engine.compiled)."""
    from ..engine import compiled

    if compiled.path_for([trainer], epochs) == "compiled":
        compiled.load(on_slow=compile_notice)


def run_train(args, make_trainer) -> int:
    """`spiral-tui train`; make_trainer() builds (or loads) the Trainer."""
    from ..session import SessionError

    if args.json and args.plot:
        raise UsageError("--json prints only the JSON on stdout; --plot would draw after it: give one of them")
    if args.epochs // args.every > MAX_RECORDED:
        raise UsageError(f"--epochs {args.epochs} with --every {args.every} would record {args.epochs // args.every:,} "
                         f"history rows; at most {MAX_RECORDED:,} fit in memory: raise --every")
    check_files(_outputs(args), [("--data", args.data), ("--load", args.load)],
                may_replace=(("--save", "--load"),))  # continuing a session and saving it back: meant
    if args.export_model:
        _check_model_path(args.export_model)
    try:
        trainer = make_trainer()
    except SessionError as exc:
        raise UsageError(str(exc)) from None
    _pick_kernels(trainer, args.epochs)
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


def _check_model_path(path: str) -> None:
    from ..exports import ModelExportError, check_model_path

    try:
        check_model_path(path)
    except ModelExportError as exc:
        raise UsageError(f"--export-model {exc}") from None


def _outputs(args) -> list[tuple[str, str | None]]:
    return [("--save", args.save), ("--csv", args.csv), ("--export-grid", args.export_grid),
            ("--export-data", args.export_data), ("--export-model", args.export_model)]


def _write_outputs(args, trainer, rows: np.ndarray) -> list[str]:
    """Write what was asked for (the session first: it is the run itself); one
    message per output that could not be written. The others are still written."""
    from ..exports import ModelExportError, write_grid_csv, write_loss_csv, write_model, write_points_csv
    from ..session import SessionError, save_session

    writers = {"--save": lambda p: save_session(trainer, p), "--csv": lambda p: write_loss_csv(p, rows),
               "--export-grid": lambda p: write_grid_csv(p, trainer),
               "--export-data": lambda p: write_points_csv(p, trainer),
               "--export-model": lambda p: write_model(p, trainer)}
    failed = []
    for flag, path in _outputs(args):
        if not path:
            continue
        try:
            writers[flag](path)
        except (SessionError, ModelExportError) as exc:
            failed.append(f"{flag}: {exc}")
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
        "kernel": trainer.path,
        "epochs_per_second": round(trained / seconds, 1) if seconds > 0 and trained else None,
        **_class_results(trainer),
    }


def _class_results(trainer) -> dict:
    """With 3 or more classes: accuracy and the KxK confusion matrix (rows: true
    class, columns: predicted) on the train and test sets."""
    if trainer.config.classes <= 2:
        return {}
    from ..engine.class_metrics import class_metrics

    snap = trainer.snapshot()
    d = snap.data
    sets = {"train": (d.train_xy, d.train_y), "test": (d.test_xy, d.test_y)}
    metrics = {name: class_metrics(snap.network, snap.config, xy, y) for name, (xy, y) in sets.items()}
    return {"accuracy": {name: m.accuracy for name, m in metrics.items()},
            "confusion": {name: m.confusion.tolist() for name, m in metrics.items()}}


def _summary(r: dict) -> str:
    c = r["config"]
    reg = "no regularization" if c["reg"] == "none" else f"{c['reg']} {c['reg_rate']:g}"
    layers = ",".join(map(str, c["layers"])) or "none"
    speed = f"{r['epochs_per_second']:.0f} epochs/s" if r["epochs_per_second"] else ""
    loss = lambda v: "nan" if v is None else f"{v:.3f}"  # noqa: E731
    shown = lambda text: printable(text, 80)  # noqa: E731 (file names and seeds are the user's: no raw escapes)
    kind = c["problem"] if c["classes"] == 2 else f"{c['classes']} classes"
    accuracy = (f", accuracy train {r['accuracy']['train']:.1%} test {r['accuracy']['test']:.1%}"
                if "accuracy" in r else "")
    return "\n".join([
        f"{shown(r['data'])} ({kind}, noise {c['noise']}%, {c['train_pct']}% train), "
        f"features {','.join(c['features'])}, layers {layers}",
        f"{c['activation']}, lr {c['lr']:g}, {reg}, batch {c['batch']}, seed {shown(r['seed'])}",
        f"epoch {r['epochs']}: train loss {loss(r['train_loss'])}, test loss {loss(r['test_loss'])}{accuracy}"
        f"  ({r['seconds']:.2f} s, {speed})",
        f"playground link: {r['url']}"
        + (" (without your data: the playground has no way to load it)" if c["data_file"] else "")
        + (" (more than two classes are spiral-tui's own: the playground ignores them)" if c["classes"] > 2 else ""),
    ])


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
