"""What every command shares: the one-line usage error, the parser, argument
types, the playground-setting flags and how they make a Config or a Trainer,
output checks, and the quick exit after a full-screen app.

Every playground setting has a flag; `--url` takes a playground link and
explicit flags override it. Bad input gives one line on stderr and exit code 2.
Only config is imported up front: the engine (numba) and the UI (textual) load
in the command that needs them, so `spiral-tui --help` stays fast.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from ..config import (
    ACTIVATIONS,
    DATASETS,
    FEATURE_NAMES,
    LOSSES,
    LR_SCHEDULE_USAGE,
    MAX_CLASSES,
    OPTIMIZERS,
    PROBLEMS,
    REGULARIZATIONS,
    Config,
    ConfigError,
    check_schedule,
    from_url,
    parse_activation,
    parse_features,
    parse_layers,
)

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad command-line input: reported as one line, exit code 2."""


NEGATIVE_NUMBER = re.compile(r"^-(?:(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:e[+-]?\d+)?|inf|infinity|nan)$", re.I)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one UsageError line, not usage + message,
    and that takes no abbreviated flags (`--ep 3` is a typo, not --epochs)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)
        # argparse takes only -3 and -.5 for values; `--lr -1e-3` or `--lr -inf`
        # became "expected one argument" instead of the number's own error
        self._negative_number_matcher = NEGATIVE_NUMBER

    def error(self, message: str):
        raise UsageError(f"{message} (see {self.prog} --help)")


def config_type(parse):
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


non_negative_int = whole_number(0)
# The playground's ranges (Config checks them too; here the flag's error names them).
noise_percent, train_percent, batch_size = whole_number(0, 50), whole_number(10, 90), whole_number(1, 30)


def number(text: str) -> float:
    """An argparse type: any float Python reads."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def positive_number(text: str) -> float:
    """An argparse type: a finite number > 0 (a rate, a cap)."""
    value = number(text)
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


# The value of each setting flag, as argparse reads it (type or choices): `train`
# takes one, `sweep` several (cli/sweep.py); Config checks the values again.
VALUES: dict[str, dict[str, Any]] = {
    "dataset": dict(choices=DATASETS + ("blobs",)),
    "classes": dict(type=non_negative_int),
    "noise": dict(type=noise_percent),
    "train_pct": dict(type=train_percent),
    "features": dict(type=config_type(parse_features)),
    "layers": dict(type=config_type(parse_layers)),
    "activation": dict(type=config_type(parse_activation)),
    "lr": dict(type=number),
    "reg": dict(choices=REGULARIZATIONS),
    "reg_rate": dict(type=number),
    "batch": dict(type=batch_size),
    "loss": dict(choices=LOSSES),
    "optimizer": dict(choices=OPTIMIZERS),
    **{name: dict(type=number) for name in ("momentum", "rms_alpha", "beta1", "beta2", "eps")},
    "lr_schedule": dict(type=config_type(check_schedule)),
    "until_loss": dict(type=number),
    "patience": dict(type=whole_number(1)),
    "min_delta": dict(type=number),
    "max_epochs": dict(type=whole_number(1)),
}

def add_config_flags(p: argparse.ArgumentParser) -> None:
    """The playground settings. Defaults are None: 'not given, keep the URL's or
    the playground's default'."""
    g = p.add_argument_group("experiment (defaults are the playground's)")
    g.add_argument("--url", help="a playground link or '#hash'; other flags override it")
    g.add_argument("--problem", choices=PROBLEMS)
    g.add_argument("--dataset", **VALUES["dataset"],
                   help="circle (default), xor, gauss, spiral, reg-plane, reg-gauss; blobs (3..6 classes)")
    g.add_argument("--classes", **VALUES["classes"],
                   help="2 (default, the playground's) or 3..6: K outputs with softmax, on blobs or spiral "
                        "(a two-class data set becomes spiral); with --data, the file's labels say it")
    g.add_argument("--noise", **VALUES["noise"], help="percent, 0..50 (default 0)")
    g.add_argument("--train-pct", **VALUES["train_pct"], help="percent of points for training, 10..90 (default 50)")
    g.add_argument("--features", **VALUES["features"],
                   help=f"comma list of {','.join(FEATURE_NAMES)} or 'all' (playground keys x,y,xSquared,... work too; default x1,x2)")
    g.add_argument("--layers", **VALUES["layers"],
                   help="neurons per hidden layer, e.g. 8,8; 0..6 layers of 1..8; '' for none (default 4,2)")
    g.add_argument("--activation", **VALUES["activation"],
                   help=f"hidden activation, or a comma list with one per hidden layer: {', '.join(ACTIVATIONS)} "
                        "(default tanh; past linear: beyond the playground)")
    g.add_argument("--lr", **VALUES["lr"], help="learning rate (default 0.03)")
    g.add_argument("--reg", **VALUES["reg"], help="regularization (default none)")
    g.add_argument("--reg-rate", **VALUES["reg_rate"], help="regularization rate (default 0)")
    g.add_argument("--batch", **VALUES["batch"], help="batch size 1..30 (default 10)")
    g.add_argument("--seed", help="seed string, as in the playground (default: a fresh one)")
    g.add_argument("--init-zero", action="store_true", default=None, help="start with all weights and biases at 0")
    add_beyond_flags(p)
    d = p.add_argument_group("your own data and saved sessions")
    d.add_argument("--data", metavar="FILE",
                   help="points CSV: columns x, y, label (header optional); labels -1/1, 0/1 or 2..6 "
                        "names for classification (as many classes), other numbers for regression")
    d.add_argument("--no-rescale", action="store_true", help="keep the file's coordinates (default: fit them into the plane)")
    d.add_argument("--load", metavar="FILE", help="continue a saved session exactly where it stopped")


def add_beyond_flags(p: argparse.ArgumentParser) -> None:
    """Settings beyond the playground (docs/beyond.md); Config checks the values."""
    b = p.add_argument_group("beyond the playground (defaults: the playground's own behaviour)")
    b.add_argument("--loss", **VALUES["loss"], help="square (default) or cross-entropy (classification: sigmoid output)")
    b.add_argument("--optimizer", **VALUES["optimizer"], help="sgd (default), momentum, rmsprop or adam")
    b.add_argument("--momentum", **VALUES["momentum"], help="momentum's mu, 0 <= mu < 1 (default 0.9)")
    b.add_argument("--rms-alpha", **VALUES["rms_alpha"], help="rmsprop's decay, 0 <= alpha < 1 (default 0.99)")
    b.add_argument("--beta1", **VALUES["beta1"], help="adam's beta1, 0 <= b1 < 1 (default 0.9)")
    b.add_argument("--beta2", **VALUES["beta2"], help="adam's beta2, 0 <= b2 < 1 (default 0.999)")
    b.add_argument("--eps", **VALUES["eps"], help="rmsprop's and adam's epsilon > 0 (default 1e-8)")
    b.add_argument("--lr-schedule", **VALUES["lr_schedule"],
                   help=f"learning rate by epoch: {LR_SCHEDULE_USAGE} (default constant)")
    s = p.add_argument_group("stop rules (default: none)")
    s.add_argument("--until-loss", **VALUES["until_loss"], metavar="X", help="stop once the test loss is at or below X")
    s.add_argument("--patience", **VALUES["patience"], metavar="N",
                   help="stop after N epochs without the test loss improving (by more than --min-delta)")
    s.add_argument("--min-delta", **VALUES["min_delta"], metavar="D", help="what counts as an improvement for --patience (default 0)")
    s.add_argument("--max-epochs", **VALUES["max_epochs"], metavar="N", help="stop at epoch N")


BEYOND_FLAGS = ("loss", "optimizer", "momentum", "rms_alpha", "beta1", "beta2", "eps", "lr_schedule",
                "until_loss", "patience", "min_delta", "max_epochs")
FLAG_TO_FIELD = {
    "noise": "noise", "train_pct": "train_pct", "features": "features", "layers": "layers",
    "activation": "activation", "lr": "lr", "reg": "reg", "reg_rate": "reg_rate",
    "batch": "batch", "seed": "seed", "init_zero": "init_zero", **{f: f for f in BEYOND_FLAGS},
}


# Settings that may change when a saved session continues (the others would
# need new data or a new network, which is not continuing).
LIVE_FIELDS = ("activation", "lr", "reg", "reg_rate", "batch", *BEYOND_FLAGS)


def config_from_args(args: argparse.Namespace) -> Config:
    """Defaults, then the URL, then explicit flags. Raises ConfigError, DataFileError."""
    config = _config_from_args(args)
    check_loss_and_classes(args.loss, config.classes)
    return config


def check_loss_and_classes(loss: str | None, classes: int) -> None:
    """K classes always train on softmax cross-entropy: a --loss asked for would
    be reported but not used. Raises UsageError."""
    if loss is not None and classes > 2:
        raise UsageError(f"--loss {loss}: with {classes} classes training uses softmax cross-entropy "
                         "(one output per class); --loss is for two classes or regression")


def _config_from_args(args: argparse.Namespace) -> Config:
    if args.url is not None and not args.url.strip():
        raise UsageError("--url: an empty link")
    if args.no_rescale and not args.data:  # silently ignored before: the user meant some file's units
        raise UsageError("--no-rescale keeps the coordinates of a --data file; give --data FILE (or drop it)")
    config = from_url(args.url) if args.url else Config()
    changes = {f: getattr(args, a) for a, f in FLAG_TO_FIELD.items() if getattr(args, a) is not None}
    config = config.replace(**changes)
    if args.data:
        return _with_data_file(config, args)
    if args.dataset is not None:
        config = config.with_data(args.dataset)
        if args.problem is not None and args.problem != config.problem:
            raise ConfigError(f"dataset {args.dataset} is a {config.problem} data set, not {args.problem}")
        if args.loss is not None:  # regression data bring square back; a loss asked for stays (or is an error)
            config = config.replace(loss=args.loss)
    elif args.problem is not None:
        config = config.replace(problem=args.problem)
    return _with_classes(config, args)


def _with_classes(config: Config, args: argparse.Namespace) -> Config:
    """--classes K: a named data set must have K classes; otherwise a two-class
    one becomes spiral (with_classes)."""
    if args.classes is None:
        return config
    if args.dataset is not None or config.problem == "regression":
        return config.replace(classes=args.classes)
    return config.with_classes(args.classes)


def _with_data_file(config: Config, args: argparse.Namespace) -> Config:
    """--data: the classes are the file's (--classes, when given, must agree)."""
    if args.dataset is not None:
        raise UsageError("--data and --dataset both choose the data: give one")
    return with_data_file(config, args.data, not args.no_rescale, args.problem, args.classes)


def with_data_file(config: Config, path: str, rescale: bool, problem: str | None = None,
                   classes: int | None = None) -> Config:
    """`config` on a points file, with the file's problem and class count (a
    count asked for must be the file's: one line naming both otherwise)."""
    from ..engine.datafile import ClassCountError, load_points

    if classes is not None and not 2 <= classes <= MAX_CLASSES:
        raise ConfigError(f"classes must be a whole number from 2 to {MAX_CLASSES} (got {classes})")
    problem = problem or (None if classes is None else "classification")
    try:
        points = load_points(path, rescale, problem, classes)
    except ClassCountError as exc:
        raise UsageError(f"--classes {exc.asked}, but {path} has {exc.found} labels ({exc.names})") from None
    return config.replace(data_file=path, rescale=rescale, problem=points.problem, classes=points.classes)


def trainer_from_args(args: argparse.Namespace):
    """A new Trainer for the flags, or the `--load`ed one with live settings
    (lr, activation, regularization, batch) changed by flags."""
    if not args.load:
        from ..engine.training import Trainer

        return Trainer(config_from_args(args))
    from ..files.session import load_session

    given = [a for a, f in FLAG_TO_FIELD.items() if getattr(args, a) is not None and f not in LIVE_FIELDS]
    given += [a for a in ("url", "dataset", "problem", "data", "classes") if getattr(args, a) is not None]
    given += ["no_rescale"] if args.no_rescale else []
    if given:
        flags = ", ".join("--" + a.replace("_", "-") for a in given)
        raise UsageError(f"--load continues a saved session with its own data and network; "
                         f"only {', '.join('--' + f.replace('_', '-') for f in LIVE_FIELDS)} may change (got {flags})")
    trainer = load_session(args.load)
    live = {f: getattr(args, f) for f in LIVE_FIELDS if getattr(args, f) is not None}
    trainer.apply(trainer.config.replace(**live))
    return trainer


def check_files(outputs: list[tuple[str, str | None]], inputs: Sequence[tuple[str, str | None]] = (),
                may_replace: tuple[tuple[str, str], ...] = ()) -> None:
    """Before any work: names not empty, outputs writable, none on an input or
    on another output (exports.check_run_files). Raises UsageError."""
    from ..files.exports import OutputError, check_run_files

    try:
        check_run_files(list(outputs), list(inputs), may_replace)
    except OutputError as exc:
        raise UsageError(str(exc)) from None


def need_terminal(streams=None) -> None:
    """A full-screen command reads keys from stdin and draws on stderr (Textual's
    output): without a terminal there it would wait for keys that never come or
    write escape codes into a pipe. Raises UsageError pointing at `train`."""
    missing = [name for name, fd in streams or (("stdin", 0), ("stdout", 1), ("stderr", 2))
               if not _is_terminal(fd, must_be_tty=name != "stdout")]
    if missing:
        names = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
        raise UsageError(f"the app needs a terminal ({names} {'is' if len(missing) == 1 else 'are'} not one); "
                         "to train without a screen use 'spiral-tui train' (see spiral-tui train --help)")


def _is_terminal(fd: int, must_be_tty: bool) -> bool:
    """stdin and stderr must be a terminal; stdout only open (`> log` is fine, closed is not)."""
    from .streams import CLOSED

    try:
        os.fstat(fd)
    except OSError:
        return False
    if fd in CLOSED:  # /dev/null stands in for it (streams.reopen_closed)
        return False
    return os.isatty(fd) or not must_be_tty


def exit_now(code: int) -> NoReturn:
    """The terminal is restored; skip the interpreter's teardown of numba and
    the training thread (~0.45 s), so that `q` feels instant."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
