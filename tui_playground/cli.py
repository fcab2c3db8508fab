"""`spiral-tui`: the app by default; `train` runs one experiment headless.

Every playground setting has a flag; `--url` takes a playground link and
explicit flags override it. Bad input gives one line on stderr and exit code 2.
Heavy imports (numba, textual) happen only in the command that needs them, so
`spiral-tui --help` stays fast.
"""

from __future__ import annotations

import argparse
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

SUBCOMMANDS = ("train",)
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad command-line input: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
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


def whole_number(minimum: int = 0):
    """An argparse type: a whole number >= minimum."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a number >= {minimum}, got {text!r}")
        return value

    return convert


_positive_int = whole_number(0)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def add_config_flags(p: argparse.ArgumentParser) -> None:
    """The playground settings. Defaults are None: 'not given, keep the URL's or
    the playground's default'."""
    g = p.add_argument_group("experiment (defaults are the playground's)")
    g.add_argument("--url", help="a playground link or '#hash'; other flags override it")
    g.add_argument("--problem", choices=PROBLEMS)
    g.add_argument("--dataset", choices=DATASETS, help="circle (default), xor, gauss, spiral, reg-plane, reg-gauss")
    g.add_argument("--noise", type=_positive_int, help="percent, 0..50 (default 0)")
    g.add_argument("--train-pct", type=_positive_int, help="percent of points for training, 10..90 (default 50)")
    g.add_argument("--features", type=_typed(parse_features),
                   help=f"comma list of {','.join(FEATURE_NAMES)} or 'all' (playground keys x,y,xSquared,... work too; default x1,x2)")
    g.add_argument("--layers", type=_typed(parse_layers),
                   help="neurons per hidden layer, e.g. 8,8; 0..6 layers of 1..8; '' for none (default 4,2)")
    g.add_argument("--activation", choices=ACTIVATIONS, help="hidden activation (default tanh)")
    g.add_argument("--lr", type=_number, help="learning rate (default 0.03)")
    g.add_argument("--reg", choices=REGULARIZATIONS, help="regularization (default none)")
    g.add_argument("--reg-rate", type=_number, help="regularization rate (default 0)")
    g.add_argument("--batch", type=_positive_int, help="batch size 1..30 (default 10)")
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
    p.add_argument("--max-kbps", type=_number, help="cap the app's output to N kilobytes/s (default: 1000, or 100 over SSH)")
    add_config_flags(p)
    return p


def build_train_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="spiral-tui train", description="Train one network headless and report the losses.")
    add_config_flags(p)
    o = p.add_argument_group("run and output")
    o.add_argument("--epochs", type=_positive_int, default=100, help="epochs to train (default 100)")
    o.add_argument("--every", type=_positive_int, default=1, help="record the loss every N epochs (default 1)")
    o.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    o.add_argument("--csv", metavar="FILE", help="write the loss history as CSV")
    o.add_argument("--plot", action="store_true", help="end with the loss curves drawn in the terminal")
    o.add_argument("--save", metavar="FILE", help="save the session at the end (continue it with --load)")
    o.add_argument("--export-grid", metavar="FILE",
                   help="write the network's output on a 100x100 grid over [-6, 6]^2 as CSV (x, y, output)")
    return p


def main(argv: list[str] | None = None) -> int:
    from .engine.datafile import DataFileError

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(argv)
    except (UsageError, ConfigError, DataFileError) as exc:
        print(f"spiral-tui: error: {exc}", file=sys.stderr)
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
    args = build_parser().parse_args(argv)
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


def _session_or_usage_error(load):
    from .session import SessionError

    try:
        return load()
    except SessionError as exc:
        raise UsageError(str(exc)) from None


if __name__ == "__main__":
    sys.exit(main())
