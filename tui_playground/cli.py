"""`spiral-tui`: the app by default; `train` runs one experiment headless.

Every playground setting has a flag; `--url` takes a playground link and
explicit flags override it. Bad input gives one line on stderr and exit code 2.
Heavy imports (numba, textual) happen only in the command that needs them, so
`spiral-tui --help` stays fast.
"""

from __future__ import annotations

import argparse
import math
import os
import sys

from . import __version__
from .config import (
    ACTIVATIONS,
    DATASETS,
    PROBLEMS,
    REGULARIZATIONS,
    Config,
    ConfigError,
    from_url,
    parse_features,
    parse_layers,
)
from .engine.features import FEATURE_NAMES

SUBCOMMANDS = ("train", "sweep", "tour")
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad command-line input: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)  # `--ep 3` is a typo, not --epochs
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # one line instead of usage + message
        raise UsageError(f"{message} (see {self.prog} --help)")


def _typed(parse):
    """Wrap a ConfigError-raising parser so argparse reports its message."""

    def convert(text: str):
        try:
            return parse(text)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = parse.__name__
    return convert


def whole_number(minimum: int = 0, maximum: int | None = None):
    """An argparse type: a whole number from minimum (to maximum); errors name the range."""
    allowed = f"a whole number >= {minimum}" if maximum is None else f"a whole number {minimum}..{maximum}"

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {allowed}, got {text!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(f"expected {allowed}, got {text!r}")
        return value

    return convert


_positive_int = whole_number(0)
NOISE, TRAIN_PCT, BATCH = whole_number(0, 50), whole_number(10, 90), whole_number(1, 30)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def positive_number(text: str) -> float:
    """An argparse type: a finite number > 0 (a rate, a cap)."""
    value = _number(text)
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


def add_config_flags(p: argparse.ArgumentParser) -> None:
    """The playground settings. Defaults are None: 'not given, keep the URL's or
    the playground's default'."""
    g = p.add_argument_group("experiment (defaults are the playground's)")
    g.add_argument("--url", help="a playground link or '#hash'; other flags override it")
    g.add_argument("--problem", choices=PROBLEMS)
    g.add_argument("--dataset", choices=DATASETS, help="circle (default), xor, gauss, spiral, reg-plane, reg-gauss")
    g.add_argument("--noise", type=NOISE, help="percent, 0..50 (default 0)")
    g.add_argument("--train-pct", type=TRAIN_PCT, help="percent of points for training, 10..90 (default 50)")
    g.add_argument("--features", type=_typed(parse_features),
                   help=f"comma list of {','.join(FEATURE_NAMES)} or 'all' (playground keys x,y,xSquared,... work too; default x1,x2)")
    g.add_argument("--layers", type=_typed(parse_layers),
                   help="neurons per hidden layer, e.g. 8,8; 0..6 layers of 1..8; '' for none (default 4,2)")
    g.add_argument("--activation", choices=ACTIVATIONS, help="hidden activation (default tanh)")
    g.add_argument("--lr", type=_number, help="learning rate (default 0.03)")
    g.add_argument("--reg", choices=REGULARIZATIONS, help="regularization (default none)")
    g.add_argument("--reg-rate", type=_number, help="regularization rate (default 0)")
    g.add_argument("--batch", type=BATCH, help="batch size 1..30 (default 10)")
    g.add_argument("--seed", help="seed string, as in the playground (default: a fresh one)")
    g.add_argument("--init-zero", action="store_true", default=None, help="start with all weights and biases at 0")
    d = p.add_argument_group("your own data and saved sessions")
    d.add_argument("--data", metavar="FILE",
                   help="points CSV: columns x, y, label (header optional); labels -1/1, 0/1 or two "
                        "names for classification, other numbers for regression")
    d.add_argument("--no-rescale", action="store_true", help="keep the file's coordinates (default: fit them into the plane)")
    d.add_argument("--load", metavar="FILE", help="continue a saved session exactly where it stopped")


_FLAG_TO_FIELD = {
    "noise": "noise", "train_pct": "train_pct", "features": "features", "layers": "layers",
    "activation": "activation", "lr": "lr", "reg": "reg", "reg_rate": "reg_rate",
    "batch": "batch", "seed": "seed", "init_zero": "init_zero",
}


# Settings that may change when a saved session continues (the others would
# need new data or a new network, which is not continuing).
LIVE_FIELDS = ("activation", "lr", "reg", "reg_rate", "batch")


def config_from_args(args: argparse.Namespace) -> Config:
    """Defaults, then the URL, then explicit flags. Raises ConfigError, DataFileError."""
    if args.url is not None and not args.url.strip():
        raise UsageError("--url: an empty link")
    config = from_url(args.url) if args.url else Config()
    changes = {f: getattr(args, a) for a, f in _FLAG_TO_FIELD.items() if getattr(args, a) is not None}
    config = config.replace(**changes)
    if args.data:
        return _with_data_file(config, args)
    if args.dataset is not None:
        config = config.with_data(args.dataset)
        if args.problem is not None and args.problem != config.problem:
            raise ConfigError(f"dataset {args.dataset} is a {config.problem} data set, not {args.problem}")
    elif args.problem is not None:
        config = config.replace(problem=args.problem)
    return config


def _with_data_file(config: Config, args: argparse.Namespace) -> Config:
    from .engine.datafile import load_points

    if args.dataset is not None:
        raise UsageError("--data and --dataset both choose the data: give one")
    points = load_points(args.data, not args.no_rescale, args.problem)
    return config.replace(data_file=args.data, rescale=not args.no_rescale, problem=points.problem)


def trainer_from_args(args: argparse.Namespace):
    """A new Trainer for the flags, or the `--load`ed one with live settings
    (lr, activation, regularization, batch) changed by flags."""
    if not args.load:
        from .engine.training import Trainer

        return Trainer(config_from_args(args))
    from .session import load_session

    given = [a for a, f in _FLAG_TO_FIELD.items() if getattr(args, a) is not None and f not in LIVE_FIELDS]
    given += [a for a in ("url", "dataset", "problem", "data") if getattr(args, a) is not None]
    if given:
        flags = ", ".join("--" + a.replace("_", "-") for a in given)
        raise UsageError(f"--load continues a saved session with its own data and network; "
                         f"only {', '.join('--' + f.replace('_', '-') for f in LIVE_FIELDS)} may change (got {flags})")
    trainer = load_session(args.load)
    live = {f: getattr(args, f) for f in LIVE_FIELDS if getattr(args, f) is not None}
    trainer.apply(trainer.config.replace(**live))
    return trainer


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="spiral-tui",
        description="TensorFlow Playground in the terminal. With no command, opens the app.",
        epilog="commands: train (headless run; see 'spiral-tui train --help'), "
               "sweep (many networks, a table per variant; see 'spiral-tui sweep --help'), "
               "tour (the founding video's experiment, played by itself; see 'spiral-tui tour --help')",
    )
    p.add_argument("--version", action="version", version=f"spiral-tui {__version__}")
    p.add_argument("--max-kbps", type=positive_number, help="cap the app's output to N kilobytes/s (default: 1000, or 100 over SSH)")
    add_config_flags(p)
    return p


def build_train_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="spiral-tui train", description="Train one network headless and report the losses.")
    add_config_flags(p)
    o = p.add_argument_group("run and output")
    o.add_argument("--epochs", type=_positive_int, default=100, help="epochs to train (default 100)")
    o.add_argument("--every", type=whole_number(1), default=1, help="record the loss every N epochs (default 1)")
    o.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    o.add_argument("--csv", metavar="FILE", help="write the loss history as CSV")
    o.add_argument("--plot", action="store_true", help="end with the loss curves drawn in the terminal")
    o.add_argument("--save", metavar="FILE", help="save the session at the end (continue it with --load)")
    o.add_argument("--export-grid", metavar="FILE",
                   help="write the network's output on a 100x100 grid over [-6, 6]^2 as CSV (x, y, output)")
    return p


def main(argv: list[str] | None = None) -> int:
    from .engine.datafile import DataFileError
    from .safe_text import one_line
    from .safe_write import OutputError

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(argv)
    except (UsageError, ConfigError, DataFileError, OutputError) as exc:
        print(f"spiral-tui: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("spiral-tui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `spiral-tui train --json | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] == "tour":
        from .tour_cli import run_tour_command

        return run_tour_command(argv[1:])
    if argv and argv[0] == "sweep":
        from .sweep import run_sweep_command

        return run_sweep_command(argv[1:])
    if argv and argv[0] == "train":
        args = build_train_parser().parse_args(argv[1:])
        from .headless import run_train

        return run_train(args, lambda: trainer_from_args(args))
    if argv and not argv[0].startswith("-"):
        raise UsageError(f"unknown command {argv[0]!r}; the commands are {', '.join(SUBCOMMANDS)} "
                         "(or none, for the app; see spiral-tui --help)")
    args = build_parser().parse_args(argv)
    check_input_names(args)
    if args.load:
        trainer = _session_or_usage_error(lambda: trainer_from_args(args))
        config = trainer.config
    else:
        trainer, config = None, config_from_args(args)
    from .ui.app import run

    code = run(config, max_kbps=args.max_kbps, trainer=trainer)
    # The terminal is restored; skip the interpreter's teardown of numba and
    # the training thread (~0.45 s), so that `q` feels instant.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def check_input_names(args: argparse.Namespace) -> None:
    """`--data ''` or `--load ''` is a mistake, not 'no file'."""
    from .safe_write import check_run_files

    check_run_files([], [("--data", args.data), ("--load", args.load)])


def _session_or_usage_error(load):
    from .session import SessionError

    try:
        return load()
    except SessionError as exc:
        raise UsageError(str(exc)) from None


if __name__ == "__main__":
    sys.exit(main())
