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
from .ctrl_c import check_ctrl_c
from .safe_text import printable
from .streams import can_encode, writing_stdout

if TYPE_CHECKING:
    import numpy as np

EXIT_DIVERGED = 1
SLICE_EPOCHS = 1000  # epochs per call into the kernel between progress updates, at most
FIRST_SLICE = 20  # the first call's: the path's pace is not known yet (numpy: a few epochs/s at batch 1)
SLICE_SECONDS = 0.25  # ...and about this long: the uncompiled path switches when the kernels load
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


def train(trainer, epochs: int, every: int, progress=None, metrics: list | None = None) -> np.ndarray:
    """Train until epoch `epochs` (or a stop rule holds, see trainer.stop_reason);
    return (n, 3) rows (epoch, train, test) at the start and every `every`
    epochs (and the last one). With a `metrics` list, append to it the metric
    columns (engine.metrics.columns) of each row: counted by the kernels' loss
    pass of every epoch (Trainer.step_measured), so measuring costs nothing."""
    import numpy as np

    rows = [(trainer.epoch, trainer.train_loss, trainer.test_loss)]
    measure = (lambda: metrics.append(_metric_columns(trainer))) if metrics is not None else (lambda: None)
    measure()
    size = FIRST_SLICE
    while trainer.epoch < epochs and not trainer.diverged and not trainer.stop_reason:
        start = trainer.epoch
        began = time.perf_counter()
        losses, counts = trainer.step_measured(min(start + size, epochs) - start)
        size = _next_slice(len(losses), time.perf_counter() - began)
        for k, (tr, te) in enumerate(losses.tolist(), start=start + 1):
            if k % every == 0 or k == epochs or not (math.isfinite(tr) and math.isfinite(te)):
                rows.append((k, tr, te))
                if metrics is not None:
                    metrics.append(trainer.metric_columns_of(counts[k - start - 1]))
        if progress:
            progress(trainer.epoch)
        check_ctrl_c()  # a Ctrl-C whose KeyboardInterrupt was dropped (cli.ctrl_c) ends the run here
    if rows[-1][0] != trainer.epoch:
        rows.append((trainer.epoch, trainer.train_loss, trainer.test_loss))
        measure()
    return np.array(rows)


def _next_slice(done: int, seconds: float) -> int:
    """Epochs for the next slice: ~SLICE_SECONDS of work at the pace of the
    last one, at most SLICE_EPOCHS. The uncompiled path (a few epochs/s at
    batch 1) thus switches to the compiled kernels soon after they load."""
    if done <= 0 or seconds <= 0:
        return SLICE_EPOCHS
    return max(1, min(SLICE_EPOCHS, int(done * SLICE_SECONDS / seconds)))


def _metric_columns(trainer) -> dict:
    return _columns(trainer.metrics())


def _columns(measured) -> dict:
    from ..engine.metrics import columns

    return columns(*measured)


def stopped_because(trainer) -> str:
    """Why `train` ended: a stop rule's name, "diverged", or "epochs" (all done)."""
    if trainer.diverged:
        return "diverged"
    return trainer.stop_reason or "epochs"


def _progress_bar(total: int):
    """A transient progress bar on stderr when it is a terminal and the run is long."""
    if not sys.stderr.isatty() or total < 2000:
        return nullcontext(None)
    from rich.progress import Progress

    return Progress(transient=True, console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def compile_notice(seconds: float) -> None:
    """KernelCache.prepare's on_cold: one line when a cold job starts compiling
    (`seconds`: its rough time) and trains uncompiled meanwhile."""
    print(f"spiral-tui: compiling the training kernels in the background (first run only, ~{seconds:.0f} s); "
          "training uncompiled until they are ready (same numbers)", file=sys.stderr)


def _pick_kernels(trainer, epochs: int, bar) -> str:
    """Small jobs run uncompiled (same numbers); others load the compiled
    kernels from a warm cache, or on a cold one start compiling them in the
    background and train uncompiled until they are ready (KernelCache.prepare).
    Without a progress bar to show it, a cold start says so on stderr."""
    from ..engine.compiled import numpy_seconds

    seconds = numpy_seconds(trainer.config, len(trainer.data.train_y), epochs)
    return trainer.kernels.prepare([trainer.kernel_group], seconds, on_cold=None if bar else compile_notice)


def path_text(trainer) -> str:
    """Which kernels train now, for the progress bar: "compiled", "uncompiled",
    or while they compile "uncompiled; compiling 40% ~20 s, then ~4000 epochs/s"."""
    return "compiled" if trainer.path == "compiled" else trainer.kernel_status().text()


def run_train(args, make_trainer) -> int:
    """`spiral-tui train`; make_trainer() builds (or loads) the Trainer."""
    from ..files.session import SessionError

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
    start_epoch = trainer.epoch
    with _progress_bar(args.epochs) as bar:
        _pick_kernels(trainer, args.epochs, bar)
        update = None
        if bar is not None:
            task = bar.add_task(f"training ({path_text(trainer)})", total=args.epochs)
            update = lambda epoch: bar.update(task, completed=epoch - start_epoch,  # noqa: E731
                                              description=f"training ({path_text(trainer)})")
        start = time.perf_counter()
        metrics: list[dict] | None = [] if (args.json or args.csv) and trainer.config.classes == 2 else None
        rows = train(trainer, start_epoch + args.epochs, max(1, args.every), update, metrics)
        seconds = time.perf_counter() - start
    result = _result(trainer, rows, seconds, trainer.epoch - start_epoch, metrics)
    failed = _write_outputs(args, trainer, rows, metrics)
    with writing_stdout():
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
    from ..files.exports import ModelExportError, check_model_path

    try:
        check_model_path(path)
    except ModelExportError as exc:
        raise UsageError(f"--export-model {exc}") from None


def _outputs(args) -> list[tuple[str, str | None]]:
    return [("--save", args.save), ("--csv", args.csv), ("--export-grid", args.export_grid),
            ("--export-data", args.export_data), ("--export-model", args.export_model)]


def _write_outputs(args, trainer, rows: np.ndarray, metrics: list | None = None) -> list[str]:
    """Write what was asked for (the session first: it is the run itself); one
    message per output that could not be written. The others are still written."""
    from ..files.exports import ModelExportError, write_grid_csv, write_loss_csv, write_model, write_points_csv
    from ..files.session import SessionError, save_session

    writers = {"--save": lambda p: save_session(trainer, p), "--csv": lambda p: write_loss_csv(p, rows, metrics),
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


def _finite_dict(d: dict) -> dict:
    return {k: _finite(v) if isinstance(v, float) else v for k, v in d.items()}


def _result(trainer, rows: np.ndarray, seconds: float, trained: int, metrics: list | None = None) -> dict:
    c = trainer.config
    two = c.classes == 2  # K classes report their own accuracy and confusion (_class_results)
    measured = _final_metrics(trainer) if two else None
    return {
        "config": c.to_dict(),
        "loss": c.loss if c.classes == 2 else "softmax cross-entropy",  # what training minimized
        "data": c.data_name,
        "url": c.to_url(),
        "seed": c.seed,
        "epochs": trainer.epoch,
        "train_loss": _finite(trainer.train_loss),
        "test_loss": _finite(trainer.test_loss),
        "diverged": trainer.diverged,
        "history": [[int(e), _finite(tr), _finite(te)] for e, tr, te in rows],
        "stopped_because": stopped_because(trainer),
        "metrics": measured,
        "history_metrics": None if metrics is None else [_finite_dict(m) for m in metrics],
        "learning_rate": trainer.current_lr,
        "seconds": round(seconds, 4),
        "kernel": trainer.path,
        "epochs_per_second": round(trained / seconds, 1) if seconds > 0 and trained else None,
        "class_names": _class_names(trainer),
        **_class_results(trainer),
    }


def _final_metrics(trainer) -> dict:
    """Two classes: the train and test metrics now (JSON has no NaN: None)."""
    train_m, test_m = trainer.metrics()
    return {"train": _finite_dict(train_m.to_dict()), "test": _finite_dict(test_m.to_dict())}


def _class_names(trainer) -> list[str]:
    """The classes as the exported model names them: the data file's labels
    (two classes: output < 0 first), else -1, 1 or 0..K-1; [] for regression."""
    from ..engine.model_export import default_class_names

    units = trainer.data.units
    return list(units.class_names if units is not None and units.class_names else default_class_names(trainer.config))


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
    speed = f", {r['epochs_per_second']:.0f} epochs/s" if r["epochs_per_second"] else ""  # none after 0 epochs
    loss = lambda v: "nan" if v is None else f"{v:.3f}"  # noqa: E731
    shown = lambda text: printable(text, 80)  # noqa: E731 (file names and seeds are the user's: no raw escapes)
    kind = c["problem"] if c["classes"] == 2 else f"{c['classes']} classes"
    accuracy = (f", accuracy train {r['accuracy']['train']:.1%} test {r['accuracy']['test']:.1%}"
                if "accuracy" in r else "")
    return "\n".join([
        f"{shown(r['data'])} ({kind}, noise {c['noise']}%, {c['train_pct']}% train), "
        f"features {','.join(c['features'])}, layers {layers}",
        f"{c['activation']}, lr {c['lr']:g}, {reg}, batch {c['batch']}, seed {shown(r['seed'])}",
        *_beyond_line(c),
        f"epoch {r['epochs']}: train loss {loss(r['train_loss'])}, test loss {loss(r['test_loss'])}{accuracy}"
        f"  ({r['seconds']:.2f} s{speed})" + _stop_text(r["stopped_because"]),
        *([_metrics_line(r["metrics"])] if r["metrics"] else []),
        *_confusion_lines(r),
        f"playground link: {r['url']}"
        + (" (without your data: the playground has no way to load it)" if c["data_file"] else "")
        + (" (more than two classes are spiral-tui's own: the playground ignores them)" if c["classes"] > 2 else ""),
    ])


def _beyond_line(c: dict) -> list[str]:
    """The settings beyond the playground, when any is set (one line)."""
    parts = []
    if c["loss"] != "square":
        parts.append(f"loss {c['loss']}")
    if c["optimizer"] != "sgd":
        hyper = {"momentum": ("momentum",), "rmsprop": ("rms_alpha", "eps"), "adam": ("beta1", "beta2", "eps")}
        parts.append(f"{c['optimizer']} (" + ", ".join(f"{k} {c[k]:g}" for k in hyper[c["optimizer"]]) + ")")
    if c["lr_schedule"] != "constant":
        parts.append(f"lr schedule {c['lr_schedule']}")
    stops = [f"{k.replace('_', '-')} {c[k]:g}" for k in ("until_loss", "patience", "max_epochs") if c[k] is not None]
    if c["patience"] is not None and c["min_delta"]:
        stops.append(f"min-delta {c['min_delta']:g}")
    if stops:
        parts.append("stop rules: " + ", ".join(stops))
    return ["beyond the playground: " + "; ".join(parts)] if parts else []


def _stop_text(reason: str) -> str:
    return "" if reason in ("epochs", "diverged") else f"; stopped by {reason}"


def _metrics_line(m: dict) -> str:
    fmt = lambda v, spec: "nan" if v is None else format(v, spec)  # noqa: E731
    tr, te = m["train"], m["test"]
    R2 = "R²" if can_encode("R²") else "R^2"  # noqa: N806 (PYTHONIOENCODING=ascii)
    if "accuracy" in te:
        return f"accuracy: train {fmt(tr['accuracy'], '.1%')}, test {fmt(te['accuracy'], '.1%')}"
    return (f"RMSE: train {fmt(tr['rmse'], '.3f')}, test {fmt(te['rmse'], '.3f')}; "
            f"{R2}: train {fmt(tr['r2'], '.3f')}, test {fmt(te['r2'], '.3f')}")


def _confusion_lines(r: dict) -> list[str]:
    """The test set's confusion matrix as the app draws it: rows the true class,
    columns the predicted one, -1 (orange) before +1 (blue), or classes 0..K-1;
    each named by its label (the data file's names, when it had them)."""
    if r["metrics"] and "tp" in r["metrics"]["test"]:
        te = r["metrics"]["test"]
        matrix = [[te["tn"], te["fp"]], [te["fn"], te["tp"]]]
    elif "confusion" in r:
        matrix = r["confusion"]["test"]
    else:
        return []
    names = [printable(n, 20) for n in r["class_names"]]
    if names == ["-1", "1"]:
        names = ["-1", "+1"]
    label = max(map(len, names))
    width = max(len(n) for n in [*names, *(str(c) for row in matrix for c in row)]) + 2
    head = " " * (7 + label) + "".join(n.rjust(width) for n in names)
    rows = [f"  true {name.ljust(label)}" + "".join(str(c).rjust(width) for c in row) for name, row in zip(names, matrix)]
    return ["test confusion (rows: true class, columns: predicted):", head, *rows]


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
