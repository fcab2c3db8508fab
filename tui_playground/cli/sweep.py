"""`spiral-tui sweep`: many networks headless, a table of how they did.

Every setting flag takes several values and the cross product is swept, each
variant once per member seed; `--preset video` starts from the founding video's
variants (flags then override them). Prints a table per variant (rich on a
terminal, aligned plain text otherwise), or one JSON object; `--csv` writes one
row per network. Bad specs are rejected before any training, exit code 2.

`--out FILE` keeps each finished network in a results file (sweeps/store.py),
`--resume` continues one, `--from` prints one again; `--scheduler` runs the
networks on a Dask cluster (sweeps/dask.py) instead of this machine's threads
(sweeps/runner.py); the tables, JSON and CSV are sweeps/report.py's. This module
only wires flags to those.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from ..config import (
    ACTIVATIONS,
    FEATURE_NAMES,
    LR_SCHEDULE_USAGE,
    Config,
    ConfigError,
    from_url,
    parse_layers,
)
from ..sweeps import report
from ..sweeps.dask import SchedulerError
from ..sweeps.member import DEFAULT_SUCCESS, DEFAULT_SUCCESS_ACCURACY
from ..sweeps.presets import EXPERIMENT_TITLES, EXPERIMENTS, preset_spec
from ..sweeps.report import footer, headline, plain_report, result_dict, table_rows
from ..sweeps.results import SweepResult, summarize
from ..sweeps.spec import MAX_MEMBERS, SweepSpec, build_spec, member_seeds
from ..sweeps.store import StoreError
from .args import (
    VALUES,
    Parser,
    UsageError,
    check_files,
    check_loss_and_classes,
    config_type,
    non_negative_int,
    number,
    whole_number,
    with_data_file,
)
from .ctrl_c import check_ctrl_c
from .safe_text import printable, shell_join
from .streams import writing_stdout

DEFAULT_EPOCHS = 1000
DEFAULT_SEEDS = 10
DEFAULT_SEED_BASE = "1"
# flag dest (a Config field) -> help; each takes several values of what train takes one of (args.VALUES).
SWEEP_FLAGS = {
    "dataset": "data sets (a reg- set implies regression; blobs has 3..6 classes)",
    "classes": "class counts, 2..6 (3 or more: blobs or spiral)",
    "noise": "noise percents, 0..50",
    "train_pct": "percents of points for training, 10..90",
    "features": f"feature lists, each a comma list of {','.join(FEATURE_NAMES)} or 'all'",
    "layers": "hidden shapes, e.g. 1 2 4 8,2 8,8 ('none' for no hidden layer)",
    "activation": f"hidden activations ({', '.join(ACTIVATIONS)}), or comma lists with one per hidden layer",
    "lr": "learning rates",
    "reg": "regularizations",
    "reg_rate": "regularization rates",
    "batch": "batch sizes, 1..30",
    # beyond the playground
    "loss": "losses (cross-entropy: classification only)",
    "optimizer": "optimizers",
    "momentum": "momentum's mu values, 0 <= mu < 1",
    "rms_alpha": "rmsprop decays, 0 <= alpha < 1",
    "beta1": "adam beta1 values, 0 <= b1 < 1",
    "beta2": "adam beta2 values, 0 <= b2 < 1",
    "eps": "rmsprop/adam epsilons > 0",
    "lr_schedule": f"schedules: {LR_SCHEDULE_USAGE}",
    "until_loss": "stop rules: stop at test loss <= X",
    "patience": "stop rules: epochs without improvement",
    "min_delta": "improvements that count for --patience",
    "max_epochs": "stop rules: stop at epoch N",
}
# A shape per value: 'none' stands for train's '' (no hidden layer), which a list of values can't hold.
SWEEP_VALUES = {**VALUES, "layers": dict(type=config_type(lambda t: parse_layers("" if t == "none" else t)))}
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
    for dest, help_text in SWEEP_FLAGS.items():
        g.add_argument("--" + dest.replace("_", "-"), nargs="+", metavar="V", help=help_text, **SWEEP_VALUES[dest])
    g.add_argument("--init-zero", action="store_true", default=None, help="start all weights and biases at 0")
    g.add_argument("--data", metavar="FILE",
                   help="your points CSV for every network (as train --data reads it; its labels set the classes)")
    g.add_argument("--no-rescale", action="store_true", default=None,
                   help="keep the --data file's coordinates (default: fit them into the plane)")
    r = p.add_argument_group("seeds and run")
    r.add_argument("--seeds", type=whole_number(1), help=f"member seeds per variant (default {DEFAULT_SEEDS})")
    r.add_argument("--seed", help=f"seed base: members use BASE-1 ... BASE-N (default {DEFAULT_SEED_BASE!r})")
    r.add_argument("--seed-list", nargs="+", metavar="S", help="exact seed strings instead of --seeds/--seed")
    r.add_argument("--epochs", type=non_negative_int, default=DEFAULT_EPOCHS,
                   help=f"epochs per network (default {DEFAULT_EPOCHS})")
    r.add_argument("--success-accuracy", type=number, metavar="A",
                   help=f"'learned it' for classification: final test accuracy at or above A, a share 0..1 "
                        f"(default {DEFAULT_SUCCESS_ACCURACY})")
    r.add_argument("--success", type=number, metavar="LOSS",
                   help=f"'learned it' means final test loss below LOSS, for classification too "
                        f"(regression's default: {DEFAULT_SUCCESS})")
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


def _criterion(args: argparse.Namespace) -> tuple[float, float | None]:
    """(loss threshold, accuracy threshold or None): a loss given means the loss for all."""
    if args.success is not None and args.success_accuracy is not None:
        raise UsageError("--success (a test loss) and --success-accuracy both say what 'learned' means: give one")
    if args.success is not None:
        return args.success, None
    accuracy = DEFAULT_SUCCESS_ACCURACY if args.success_accuracy is None else args.success_accuracy
    return DEFAULT_SUCCESS, accuracy


def _on_data_file(args: argparse.Namespace, bases: list[Config], axes: dict) -> list[Config]:
    """--data: every base on the file, with its classes (a --classes value must be
    the file's); the data set and the class count are then not swept."""
    if args.preset or args.dataset:
        raise UsageError(f"--data and {'--preset' if args.preset else '--dataset'} both choose the data: give one")
    if args.classes and len(args.classes) > 1:
        raise UsageError("--data: the file's labels set the classes; give at most one --classes value")
    classes = axes.pop("classes", [None])[0]
    return [with_data_file(b, args.data, not args.no_rescale, None, classes) for b in bases]


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
    axes = {field: getattr(args, field) for field in SWEEP_FLAGS if getattr(args, field)}
    if args.data is not None:
        bases = _on_data_file(args, bases, axes)
    elif args.no_rescale:
        raise UsageError("--no-rescale keeps a --data file's coordinates: give --data FILE")
    if args.init_zero:
        axes["init_zero"] = [True]
    success, accuracy = _criterion(args)
    spec = build_spec(bases, axes, seeds, args.epochs, success, args.preset, captions, accuracy)
    if args.loss:
        check_loss_and_classes(" ".join(args.loss), max(v.classes for v in spec.variants))
    return spec


def run_sweep_command(argv: list[str]) -> int:
    args = build_sweep_parser().parse_args(argv)
    try:
        return _run(args, argv)
    except (StoreError, SchedulerError) as exc:
        raise UsageError(str(exc)) from None


def _run(args: argparse.Namespace, argv: list[str]) -> int:
    from ..sweeps import store as sweep_store

    if args.from_file is not None:
        return _report_file(args)
    if args.resume and args.out is None:
        raise UsageError("--resume continues an --out file: give --out FILE")
    if args.scheduler is not None and args.workers:
        raise UsageError("--workers sets threads here; a --scheduler cluster has its own workers")
    spec = spec_from_args(args)
    check_files([("--csv", args.csv), ("--out", args.out)], [("--data", args.data)])
    csv_path = Path(args.csv) if args.csv else None
    out = Path(args.out) if args.out else None
    with sweep_store.locked(out) if out else nullcontext():  # one sweep at a time per results file
        return _run_sweep(args, argv, spec, out, csv_path)


def _run_sweep(args: argparse.Namespace, argv: list[str], spec: SweepSpec, out: Path | None,
               csv_path: Path | None) -> int:
    from ..sweeps import store as sweep_store
    from ..sweeps.runner import complete

    contents = sweep_store.prepare(out, spec, args.resume) if out else None
    finished = contents is not None and not contents.pending(spec)
    with _cluster(None if finished else args.scheduler, args.workers) as (runner, path_text):  # no cluster for nothing
        store = None
        try:  # from the file's start: a Ctrl-C as the header is written still says how to resume
            store = sweep_store.ResultsFile.open(out, spec, ["spiral-tui", "sweep", *argv], contents) if out else None
            runs = dict(store.contents.runs) if store else {}
            pending = [k for k, key in enumerate(spec.members()) if key not in runs]
            with _progress_bar(spec, len(runs), path_text(spec, pending)) as update:
                result = complete(spec, runs, pending, lambda p, sink, prog: runner(spec, p, sink, prog),
                                  _checked(store.append if store else None), _checked(update, always=True))
            check_ctrl_c()  # a Ctrl-C whose KeyboardInterrupt was dropped on the way still stops the sweep
        except KeyboardInterrupt:
            print(_interrupted(spec, out, argv), file=sys.stderr)
            return 130
        except StoreError as exc:  # the disk filled up: what is in the file is kept
            if store is None:  # not even the header: nothing to resume
                raise
            raise UsageError(f"{exc}; {_kept_and_resume(spec, store.path, argv)}") from None
        finally:
            if store:
                store.close()
    if out:  # what is printed is what the file holds, resumed or not
        result = summarize(spec, sweep_store.read(out).members(), result.seconds, result.network_epochs,
                           result.from_file, result.trained_epochs)
    _print(result, args, csv_path)
    return 0


def _checked(hook, always: bool = False):
    """`hook` (or nothing, unless `always`), then a check for a Ctrl-C whose
    KeyboardInterrupt was lost (cli.ctrl_c): the runners call these often."""
    if hook is None and not always:
        return None

    def checked(value) -> None:
        if hook is not None:
            hook(value)
        check_ctrl_c()

    return checked


def _cluster(scheduler: str | None, workers: int | None):
    """A context giving (runner(spec, pending, sink, progress), path_text(spec, pending)): local
    threads, or a Dask cluster; path_text gives the progress bar's words for the kernels
    (sweeps.kernel_status), a function it calls at each refresh."""
    from contextlib import contextmanager

    from ..sweeps import kernel_status
    from ..sweeps.runner import run_local
    from ..sweeps.training import kernel_groups
    from .train import compile_notice

    notice = None if sys.stderr.isatty() else compile_notice  # on a terminal the bar tells it (_progress_bar)

    @contextmanager
    def local():
        yield ((lambda spec, pending, sink, progress: run_local(spec, pending, sink, progress, workers, notice)),
               lambda spec, pending: partial(kernel_status.path_text, kernel_groups(spec, pending)))

    if scheduler is None:
        return local()
    from ..sweeps.dask import connect, parse_scheduler, require_dask, run_dask
    from ..sweeps.training import kernels_for

    parse_scheduler(scheduler)
    require_dask()
    address = scheduler

    @contextmanager
    def dask() -> Iterator[tuple[Callable[..., None], Callable[[SweepSpec, list[int]], Callable[[], str]]]]:
        with connect(address) as client:
            paths: list[kernel_status.WorkerPaths] = []  # the bar's, once the spec is known

            def path_text(spec: SweepSpec, pending: list[int]) -> Callable[[], str]:
                paths.append(kernel_status.WorkerPaths(len(client.nthreads()), kernels_for(spec, pending)))
                return paths[-1].text

            def runner(spec, pending, sink, progress) -> None:
                run_dask(spec, pending, sink, progress, client, paths[-1].add if paths else None)

            yield runner, path_text

    return dask()


def _interrupted(spec: SweepSpec, out: Path | None, argv: list[str]) -> str:
    if out is None:
        return "spiral-tui: interrupted; nothing was kept (--out FILE keeps every finished network)"
    return f"spiral-tui: interrupted; {_kept_and_resume(spec, out, argv)}"


def _kept_and_resume(spec: SweepSpec, path: Path, argv: list[str]) -> str:
    """'N of M networks are in FILE; resume with: COMMAND', the command quoted
    for a shell and free of raw control codes (a seed may hold an escape)."""
    from ..sweeps.store import StoreError, read

    again = ["spiral-tui", "sweep", *argv] + ([] if "--resume" in argv else ["--resume"])
    try:
        kept = str(len(read(path).runs))  # the file itself: Ctrl-C may come between a write and its count
    except StoreError:
        kept = "some"
    return (f"{kept} of {spec.size} networks are in {printable(str(path))}; "
            f"resume with: {shell_join(again)}")


def _report_file(args: argparse.Namespace) -> int:
    """--from: the tables of a finished results file, nothing trained."""

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
                         f"finish it with: {shell_join(again)}")
    members = contents.members()
    _print(summarize(spec, members, 0.0, sum(m.epochs for m in members), len(members), 0), args, csv_path)
    return 0


def _print(result: SweepResult, args: argparse.Namespace, csv_path: Path | None) -> None:
    try:
        if csv_path:
            write_csv(csv_path, result)
    finally:  # the results are shown even when the CSV could not be written
        with writing_stdout():
            if args.json:
                print(json.dumps(result_dict(result)))
            elif sys.stdout.isatty():
                print_rich(result)
            else:
                print(plain_report(result))


# ---- progress ------------------------------------------------------------------


def _progress_bar(spec: SweepSpec, done: int = 0, path_text: Callable[[], str] | None = None):
    """A transient bar on stderr when it is a terminal; yields progress(networks done now).
    `path_text()`: which kernels train (and how far their compile is), read at each refresh."""
    if not sys.stderr.isatty():
        return nullcontext(None)
    from contextlib import contextmanager

    from rich.console import Console
    from rich.progress import Progress

    @contextmanager
    def bar():
        console = Console(stderr=True)
        with Progress(*bar_columns(path_text, console.width), console=console, transient=True) as progress:
            task = progress.add_task(bar_label(spec, console.width), total=spec.size, completed=done)
            yield lambda runs: progress.update(task, completed=done + runs)

    return bar()


def bar_label(spec: SweepSpec, width: int) -> str:
    """"12 networks x 2000 epochs"; under 100 columns "12 networks" (the epochs are the
    command's own, the kernels' words need the room)."""
    return f"{spec.size} networks" + (f" x {spec.epochs} epochs" if width >= 100 else "")


def bar_columns(path_text: Callable[[], str] | None = None, width: int = 120) -> tuple:
    """The sweep bar's columns: what, the bar, networks done, time left, then
    `path_text()` in parentheses, cut with "…" if the line is too short for it
    (called each time the bar is drawn: rich redraws it ten times a second, so a
    compile's progress moves between two chunks too)."""
    from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.table import Column
    from rich.text import Text

    class PathColumn(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"({path_text()})" if path_text else "", no_wrap=True, overflow="ellipsis")

    fixed = Column(no_wrap=True)  # only the kernels' words give way on a narrow terminal
    columns = (TextColumn("{task.description}", table_column=fixed), BarColumn(bar_width=max(10, min(40, width - 100))),
               MofNCompleteColumn(table_column=fixed), TimeRemainingColumn(table_column=fixed))
    return (*columns, PathColumn(table_column=Column(overflow="ellipsis"))) if path_text else columns


# ---- text ----------------------------------------------------------------------


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


def write_csv(path: Path, result: SweepResult) -> None:
    """One row per network, written atomically (sweeps.report.write_csv)."""
    try:
        report.write_csv(path, result)
    except OSError as exc:  # checked before the run; a disk can still fill up meanwhile
        raise UsageError(f"can't write --csv {path}: {exc.strerror or exc}") from None
