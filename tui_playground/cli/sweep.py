"""`spiral-tui sweep`: many networks headless, a table of how they did.

Every setting flag takes several values and the cross product is swept, each
variant once per member seed; `--preset video` starts from the founding video's
variants (flags then override them). Prints a table per variant (rich on a
terminal, aligned plain text otherwise), or one JSON object; `--csv` writes one
row per network. Bad specs are rejected before any training, exit code 2.

`--out FILE` keeps each finished network in a results file (sweep_store),
`--resume` continues one, `--from` prints one again; `--scheduler` runs the
networks on a Dask cluster (sweep_dask) instead of this machine's threads
(sweep_runner). This module only wires flags to those.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from contextlib import nullcontext
from pathlib import Path

from ..config import (
    ACTIVATIONS,
    DATASETS,
    DEFAULTS,
    FEATURE_NAMES,
    LOSSES,
    LR_SCHEDULE_USAGE,
    OPTIMIZERS,
    REGULARIZATIONS,
    Config,
    ConfigError,
    check_schedule,
    from_url,
    parse_activation,
    parse_features,
    parse_layers,
)
from ..sweeps.core import (
    DEFAULT_SUCCESS,
    EXPERIMENT_TITLES,
    EXPERIMENTS,
    MAX_MEMBERS,
    SweepResult,
    SweepSpec,
    VariantStats,
    build_spec,
    format_setting,
    member_seeds,
    preset_spec,
    setting,
    summarize,
)
from ..sweeps.dask import SchedulerError
from ..sweeps.store import StoreError
from .args import (
    Parser,
    UsageError,
    batch_size,
    check_files,
    config_type,
    noise_percent,
    non_negative_int,
    number,
    train_percent,
    whole_number,
)

DEFAULT_EPOCHS = 1000
DEFAULT_SEEDS = 10
DEFAULT_SEED_BASE = "1"
# flag dest -> (Config field, argparse options); every one takes several values.
SWEEP_FLAGS = {
    "dataset": ("dataset", dict(choices=DATASETS + ("blobs",),
                                help="data sets (a reg- set implies regression; blobs has 3..6 classes)")),
    "classes": ("classes", dict(type=non_negative_int, help="class counts, 2..6 (3 or more: blobs or spiral)")),
    "noise": ("noise", dict(type=noise_percent, help="noise percents, 0..50")),
    "train_pct": ("train_pct", dict(type=train_percent, help="percents of points for training, 10..90")),
    "features": ("features", dict(type=config_type(parse_features),
                                  help=f"feature lists, each a comma list of {','.join(FEATURE_NAMES)} or 'all'")),
    "layers": ("layers", dict(type=config_type(lambda t: parse_layers("" if t == "none" else t)),
                              help="hidden shapes, e.g. 1 2 4 8,2 8,8 ('none' for no hidden layer)")),
    "activation": ("activation", dict(type=config_type(parse_activation),
                                      help=f"hidden activations ({', '.join(ACTIVATIONS)}), or comma lists "
                                           "with one per hidden layer")),
    "lr": ("lr", dict(type=number, help="learning rates")),
    "reg": ("reg", dict(choices=REGULARIZATIONS, help="regularizations")),
    "reg_rate": ("reg_rate", dict(type=number, help="regularization rates")),
    "batch": ("batch", dict(type=batch_size, help="batch sizes, 1..30")),
    # beyond the playground
    "loss": ("loss", dict(choices=LOSSES, help="losses (cross-entropy: classification only)")),
    "optimizer": ("optimizer", dict(choices=OPTIMIZERS, help="optimizers")),
    "momentum": ("momentum", dict(type=number, help="momentum's mu values, 0 <= mu < 1")),
    "rms_alpha": ("rms_alpha", dict(type=number, help="rmsprop decays, 0 <= alpha < 1")),
    "beta1": ("beta1", dict(type=number, help="adam beta1 values, 0 <= b1 < 1")),
    "beta2": ("beta2", dict(type=number, help="adam beta2 values, 0 <= b2 < 1")),
    "eps": ("eps", dict(type=number, help="rmsprop/adam epsilons > 0")),
    "lr_schedule": ("lr_schedule", dict(type=config_type(check_schedule), help=f"schedules: {LR_SCHEDULE_USAGE}")),
    "until_loss": ("until_loss", dict(type=number, help="stop rules: stop at test loss <= X")),
    "patience": ("patience", dict(type=whole_number(1), help="stop rules: epochs without improvement")),
    "min_delta": ("min_delta", dict(type=number, help="improvements that count for --patience")),
    "max_epochs": ("max_epochs", dict(type=whole_number(1), help="stop rules: stop at epoch N")),
}
EXAMPLES = """examples:
  spiral-tui sweep --dataset spiral --features all --activation relu --lr 0.01 \\
      --reg L1 --reg-rate 0.001 --batch 1 --layers 1 2 4 6 8 8,2 8,4 8,6 8,8 --seeds 20
  spiral-tui sweep --dataset circle xor --lr 0.003 0.01 0.03 --epochs 300 --json
  spiral-tui sweep --preset video --seeds 5 --epochs 300 --csv video.csv
  spiral-tui sweep --preset video --seeds 50 --out video.jsonl    (Ctrl-C, then add --resume)
  spiral-tui sweep --preset video --seeds 50 --scheduler tcp://HOST:8786 --out video.jsonl
  spiral-tui sweep --from video.jsonl --csv video.csv"""


def build_sweep_parser() -> argparse.ArgumentParser:
    p = Parser(prog="spiral-tui sweep", epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
                description="Train many networks headless (every combination of the given values,\n"
                            "each with several seeds) and report how each variant did.")
    g = p.add_argument_group("settings: give several values to sweep them (defaults are the playground's)")
    g.add_argument("--preset", choices=list(EXPERIMENTS),
                   help="start from a named experiment's variants: " + "; ".join(
                       f"{k}: {v}" for k, v in EXPERIMENT_TITLES.items()))
    g.add_argument("--url", help="a playground link as the base setup (not with --preset)")
    for dest, (_, options) in SWEEP_FLAGS.items():
        g.add_argument("--" + dest.replace("_", "-"), nargs="+", metavar="V", **options)
    g.add_argument("--init-zero", action="store_true", default=None, help="start all weights and biases at 0")
    r = p.add_argument_group("seeds and run")
    r.add_argument("--seeds", type=whole_number(1), help=f"member seeds per variant (default {DEFAULT_SEEDS})")
    r.add_argument("--seed", help=f"seed base: members use BASE-1 ... BASE-N (default {DEFAULT_SEED_BASE!r})")
    r.add_argument("--seed-list", nargs="+", metavar="S", help="exact seed strings instead of --seeds/--seed")
    r.add_argument("--epochs", type=non_negative_int, default=DEFAULT_EPOCHS,
                   help=f"epochs per network (default {DEFAULT_EPOCHS})")
    r.add_argument("--success", type=number, default=DEFAULT_SUCCESS,
                   help=f"'learned it' means final test loss below this (default {DEFAULT_SUCCESS})")
    r.add_argument("--workers", type=whole_number(1), help="threads (default: one per core)")
    r.add_argument("--scheduler", metavar="ADDR",
                   help="run on a Dask cluster: tcp://HOST:8786, or local:N for N worker processes here "
                        "(needs spiral-tui[dask])")
    o = p.add_argument_group("output")
    o.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    o.add_argument("--csv", metavar="FILE", help="write one row per network")
    o.add_argument("--out", metavar="FILE", help="append each finished network to FILE (JSON lines) as it finishes")
    o.add_argument("--resume", action="store_true", help="continue the --out file: train only the networks not in it")
    o.add_argument("--from", dest="from_file", metavar="FILE",
                   help="print the tables of a finished --out file again, without training")
    return p


def spec_from_args(args: argparse.Namespace) -> SweepSpec:
    """The validated sweep. Raises ConfigError or UsageError (one line)."""
    if args.seed_list and (args.seeds is not None or args.seed is not None):
        raise UsageError("--seed-list gives the seeds itself; drop --seeds/--seed")
    captions: tuple[str, ...] = ()
    if args.preset:
        if args.url:
            raise UsageError("--url and --preset cannot be combined")
        bases, captions = preset_spec(args.preset, args.seed or DEFAULT_SEED_BASE)
    else:  # a link's seed is the seed base unless --seed is given
        default = Config(seed=DEFAULT_SEED_BASE)
        bases = [from_url(args.url, default) if args.url else default]
    count = DEFAULT_SEEDS if args.seeds is None else args.seeds
    if count > MAX_MEMBERS:
        raise ConfigError(f"{count} seeds; at most {MAX_MEMBERS} networks per sweep")
    seeds = tuple(args.seed_list or member_seeds(args.seed or bases[0].seed, count))
    axes = {field: getattr(args, dest) for dest, (field, _) in SWEEP_FLAGS.items() if getattr(args, dest)}
    if args.init_zero:
        axes["init_zero"] = [True]
    return build_spec(bases, axes, seeds, args.epochs, args.success, args.preset, captions)


def run_sweep_command(argv: list[str]) -> int:
    args = build_sweep_parser().parse_args(argv)
    try:
        return _run(args, argv)
    except (StoreError, SchedulerError) as exc:
        raise UsageError(str(exc)) from None


def _run(args: argparse.Namespace, argv: list[str]) -> int:
    from ..sweeps import store as sweep_store
    from ..sweeps.runner import complete

    if args.from_file is not None:
        return _report_file(args)
    if args.resume and args.out is None:
        raise UsageError("--resume continues an --out file: give --out FILE")
    if args.scheduler is not None and args.workers:
        raise UsageError("--workers sets threads here; a --scheduler cluster has its own workers")
    spec = spec_from_args(args)
    check_files([("--csv", args.csv), ("--out", args.out)])
    csv_path = Path(args.csv) if args.csv else None
    out = Path(args.out) if args.out else None
    contents = sweep_store.prepare(out, spec, args.resume) if out else None
    finished = contents is not None and not contents.pending(spec)
    with _cluster(None if finished else args.scheduler, args.workers) as runner:  # no cluster for nothing
        store = sweep_store.ResultsFile.open(out, spec, ["spiral-tui", "sweep", *argv], contents) if out else None
        runs = dict(store.contents.runs) if store else {}
        pending = [k for k, key in enumerate(spec.members()) if key not in runs]
        try:
            with _progress_bar(spec, len(runs)) as update:
                result = complete(spec, runs, pending, lambda p, sink, prog: runner(spec, p, sink, prog),
                                  store.append if store else None, update)
        except KeyboardInterrupt:
            print(_interrupted(spec, store, argv), file=sys.stderr)
            return 130
        finally:
            if store:
                store.close()
    if out:  # what is printed is what the file holds, resumed or not
        result = summarize(spec, sweep_store.read(out).members(), result.seconds, result.network_epochs,
                           result.from_file, result.trained_epochs)
    _print(result, args, csv_path)
    return 0


def _cluster(scheduler: str | None, workers: int | None):
    """A context giving runner(spec, pending, sink, progress): local threads, or a Dask cluster."""
    from contextlib import contextmanager

    from ..sweeps.runner import run_local

    from .train import compile_notice

    @contextmanager
    def local():
        yield lambda spec, pending, sink, progress: run_local(spec, pending, sink, progress, workers, compile_notice)

    if scheduler is None:
        return local()
    from ..sweeps.dask import connect, parse_scheduler, require_dask, run_dask

    parse_scheduler(scheduler)
    require_dask()

    @contextmanager
    def dask():
        with connect(scheduler) as client:
            yield lambda spec, pending, sink, progress: run_dask(spec, pending, sink, progress, client)

    return dask()


def _interrupted(spec: SweepSpec, store, argv: list[str]) -> str:
    import shlex

    from ..sweeps.store import read

    if store is None:
        return "spiral-tui: interrupted; nothing was kept (--out FILE keeps every finished network)"
    again = ["spiral-tui", "sweep", *argv] + ([] if "--resume" in argv else ["--resume"])
    kept = len(read(store.path).runs)  # the file itself: Ctrl-C may have come between a write and its count
    return (f"spiral-tui: interrupted; {kept} of {spec.size} networks are in {store.path}; "
            f"resume with: {shlex.join(again)}")


def _report_file(args: argparse.Namespace) -> int:
    """--from: the tables of a finished results file, nothing trained."""
    import shlex

    from ..sweeps import store as sweep_store

    defaults = build_sweep_parser().parse_args([])
    extra = [k for k, v in vars(args).items() if k not in ("from_file", "json", "csv") and v != getattr(defaults, k)]
    if extra:
        raise UsageError(f"--from prints a results file as it is; drop --{extra[0].replace('_', '-')}")
    check_files([("--csv", args.csv)], [("--from", args.from_file)])
    csv_path = Path(args.csv) if args.csv else None
    contents = sweep_store.read(Path(args.from_file))
    spec = contents.spec
    if not contents.finished:
        again = contents.command + ([] if "--resume" in contents.command else ["--resume"])
        raise UsageError(f"{args.from_file} has {len(contents.runs)} of {spec.size} networks; "
                         f"finish it with: {shlex.join(again)}")
    members = contents.members()
    _print(summarize(spec, members, 0.0, sum(m.epochs for m in members), len(members), 0), args, csv_path)
    return 0


def _print(result: SweepResult, args: argparse.Namespace, csv_path: Path | None) -> None:
    try:
        if csv_path:
            write_csv(csv_path, result)
    finally:  # the results are shown even when the CSV could not be written
        if args.json:
            print(json.dumps(result_dict(result)))
        elif sys.stdout.isatty():
            print_rich(result)
        else:
            print(plain_report(result))


# ---- progress ------------------------------------------------------------------


def _progress_bar(spec: SweepSpec, done: int = 0):
    """A transient bar on stderr when it is a terminal; yields progress(networks done now)."""
    if not sys.stderr.isatty():
        return nullcontext(None)
    from contextlib import contextmanager

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    @contextmanager
    def bar():
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(f"{spec.size} networks x {spec.epochs} epochs", total=spec.size,
                                     completed=done)
            yield lambda runs: progress.update(task, completed=done + runs)

    return bar()


# ---- text ----------------------------------------------------------------------

STAT_HEADERS = ("median", "q1-q3", "best", "seed", "worst", "seed", "learned", "epochs", "accuracy")


def loss_text(value: float) -> str:
    return f"{value:.3f}" if math.isfinite(value) else "diverged"


def stat_cells(s: VariantStats) -> list[str]:
    return [
        loss_text(s.median),
        f"{loss_text(s.q1)}-{loss_text(s.q3)}",
        loss_text(s.best), s.best_seed, loss_text(s.worst), s.worst_seed,
        f"{s.learned}/{s.seeds}",
        "-" if s.median_epochs is None else f"{s.median_epochs:g}",
        "-" if s.median_accuracy is None else f"{s.median_accuracy:.1%}",
    ]


def setting_cells(spec: SweepSpec, v: int) -> list[str]:
    return [format_setting(f, setting(spec.variants[v], f)) for f in spec.varied]


def headline(spec: SweepSpec) -> str:
    """The fixed settings, then the seeds, epochs and what 'learned' means."""
    fixed = spec.fixed
    words = {
        "dataset": lambda v: v, "activation": lambda v: v,
        "noise": lambda v: f"noise {v}%", "train_pct": lambda v: f"{v}% train",
        "features": lambda v: f"features {format_setting('features', v)}",
        "layers": lambda v: f"layers {format_setting('layers', v)}",
        "lr": lambda v: f"lr {v:g}", "batch": lambda v: f"batch {v}",
        "reg": lambda v: "no regularization" if v == "none" else v,
        "reg_rate": lambda v: f"rate {v:g}", "init_zero": lambda v: "init zero" if v else "",
        "classes": lambda v: f"{v} classes" if v > 2 else "",
    }
    for name in SWEEP_FLAGS:  # beyond the playground: said only when not the default
        if name not in words:
            words[name] = lambda v, name=name: "" if v == DEFAULTS[name] else (
                f"{name.replace('_', '-')} {format_setting(name, v)}")
    if "reg" in fixed and "reg_rate" in fixed:  # "L1 0.001", or nothing more for none
        rate = fixed.pop("reg_rate")
        fixed["reg"] = "none" if fixed["reg"] == "none" else f"{fixed['reg']} {rate:g}"
    parts = [text for f, v in fixed.items() if (text := words[f](v))]
    seeds = spec.seeds
    seed_text = ", ".join(seeds) if len(seeds) <= 3 else f"{seeds[0]} ... {seeds[-1]}"
    title = f"{EXPERIMENT_TITLES[spec.preset]}\n" if spec.preset else ""
    return (f"{title}{', '.join(parts)}\n{len(seeds)} seeds ({seed_text}) x {spec.epochs} epochs; "
            f"learned = final test loss < {spec.success:g}; epochs = median first epoch below it; "
            f"accuracy = median final test accuracy")


def footer(result: SweepResult) -> str:
    size = result.spec.size
    if result.from_file == size:
        return f"{size} networks, {result.network_epochs} network-epochs (from a results file)"
    speed = f"in {result.seconds:.1f} s ({result.network_epochs_per_second:.0f} network-epochs/s)"
    if result.from_file:
        return (f"{size} networks, {result.network_epochs} network-epochs; {result.from_file} networks from the "
                f"results file, {result.trained_epochs} network-epochs trained {speed}")
    return f"{size} networks, {result.network_epochs} network-epochs {speed}"


def table_rows(result: SweepResult) -> tuple[list[str], list[list[str]]]:
    spec = result.spec
    headers = [f.replace("_", "-") for f in spec.varied] + list(STAT_HEADERS)
    rows = [setting_cells(spec, s.variant) + stat_cells(s) for s in result.stats]
    return headers, rows


def plain_report(result: SweepResult) -> str:
    """Headline, an aligned table (text left, numbers right), footer."""
    headers, rows = table_rows(result)
    n_text = len(result.spec.varied)
    widths = [max(len(r[c]) for r in [headers, *rows]) for c in range(len(headers))]
    align = lambda c, text: text.ljust(widths[c]) if c < n_text else text.rjust(widths[c])  # noqa: E731
    lines = ["  ".join(align(c, t) for c, t in enumerate(r)).rstrip() for r in [headers, *rows]]
    return "\n".join([headline(result.spec), "", *lines, "", footer(result)])


def print_rich(result: SweepResult) -> None:
    from rich.console import Console
    from rich.table import Table

    headers, rows = table_rows(result)
    n_text = len(result.spec.varied)
    table = Table(title=headline(result.spec), caption=footer(result), title_justify="left", caption_justify="left")
    for c, h in enumerate(headers):
        table.add_column(h, justify="left" if c < n_text else "right", no_wrap=True)
    for stats, row in zip(result.stats, rows):
        style = "bold" if stats.learned_share >= 0.5 else ("dim" if stats.learned == 0 else None)
        table.add_row(*row, style=style)
    Console().print(table)


# ---- JSON and CSV --------------------------------------------------------------


def _finite(x):
    return x if x is None or math.isfinite(x) else None  # JSON has no inf/NaN


def result_dict(result: SweepResult) -> dict:
    spec = result.spec
    variants = []
    for s in result.stats:
        config = spec.variants[s.variant]
        variants.append({
            "index": s.variant,
            "label": spec.label(s.variant),
            "caption": spec.captions[s.variant] if spec.captions else None,
            "config": config.to_dict(),
            "seeds": s.seeds,
            "test_loss": {"median": _finite(s.median), "q1": _finite(s.q1), "q3": _finite(s.q3),
                          "best": _finite(s.best), "worst": _finite(s.worst)},
            "best_seed": s.best_seed,
            "worst_seed": s.worst_seed,
            "learned": s.learned,
            "learned_share": s.learned_share,
            "reached": s.reached,
            "median_epochs_to_success": s.median_epochs,
            "median_test_accuracy": s.median_accuracy,
            "diverged": s.diverged,
        })
    members = [{"variant": m.variant, "seed": m.seed, "epochs": m.epochs, "train_loss": _finite(m.train_loss),
                "test_loss": _finite(m.test_loss), "diverged": m.diverged, "first_success_epoch": m.first_success,
                "best_train_loss": _finite(m.best_train_loss), "best_test_loss": _finite(m.best_test_loss),
                "best_test_epoch": m.best_test_epoch, **m.metrics}
               for m in result.members]
    return {"spec": spec.to_dict(), "variants": variants, "members": members,
            "network_epochs": result.network_epochs, "from_file": result.from_file,
            "network_epochs_per_second": round(result.network_epochs_per_second, 1),
            "seconds": round(result.seconds, 4)}


CSV_HEADER = ["variant", "label", "seed", "epochs", "train_loss", "test_loss", "diverged", "learned",
              "first_success_epoch", "url"]


def write_csv(path: Path, result: SweepResult) -> None:
    """One row per network, written atomically."""
    from ..files.exports import csv_text, write_atomic

    spec = result.spec
    rows = ([m.variant, spec.label(m.variant), m.seed, m.epochs, repr(m.train_loss), repr(m.test_loss),
             m.diverged, m.test_loss < spec.success, "" if m.first_success is None else m.first_success,
             spec.variants[m.variant].replace(seed=m.seed).to_url()]
            for m in result.members)
    try:
        write_atomic(path, csv_text(CSV_HEADER, rows, lineterminator="\r\n"))  # the csv module's default ending
    except OSError as exc:  # checked before the run; a disk can still fill up meanwhile
        raise UsageError(f"can't write --csv {path}: {exc.strerror or exc}") from None
