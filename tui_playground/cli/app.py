"""`spiral-tui`: the app by default; `train`, `sweep`, `tour` and `lesson` are commands.

`main` sends the command line to the command's module and turns bad input
into one line on stderr and exit code 2. Commands and the UI are imported
only when chosen, so `spiral-tui --help` loads neither NumPy nor numba.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext

from .. import __version__
from ..config import ConfigError
from .args import (
    EXIT_USAGE,
    Parser,
    UsageError,
    add_config_flags,
    check_files,
    config_from_args,
    exit_now,
    need_terminal,
    positive_number,
    trainer_from_args,
)
from .ctrl_c import check_ctrl_c, ctrl_c_noted
from .recording import add_recording_flags, recording_setup
from .streams import StdoutError, discard_stdout, encode_safely, reopen_closed, tell, writing_stdout

COMMANDS = ("train", "sweep", "tour", "lesson")


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="spiral-tui",
        description="TensorFlow Playground in the terminal. With no command, opens the app.",
        epilog="commands: train (headless run; see 'spiral-tui train --help'), "
               "sweep (many networks, a table per variant; see 'spiral-tui sweep --help'), "
               "tour (the founding video's experiment, played by itself; see 'spiral-tui tour --help'), "
               "lesson (exercises with goals checked as you train; see 'spiral-tui lesson --help')",
    )
    p.add_argument("--version", action="version", version=f"spiral-tui {__version__}")
    p.add_argument("--max-kbps", type=positive_number, help="cap the app's output to N kilobytes/s (default: 1000, or 100 over SSH)")
    add_recording_flags(p)
    add_config_flags(p)
    return p


def main(argv: list[str] | None = None) -> int:
    from ..engine.datafile import DataFileError
    from ..files.exports import OutputError
    from .safe_text import one_line

    argv = list(sys.argv[1:] if argv is None else argv)
    closed = reopen_closed()
    encode_safely()
    try:
        if 1 in closed and argv[:1] in (["train"], ["sweep"]):
            raise UsageError("standard output is closed (>&-), so the results would be lost; "
                             "send them to a file, or to /dev/null")
        with ctrl_c_noted() if argv[:1] in (["train"], ["sweep"]) else nullcontext():
            code = _dispatch(argv)
            if code == 0:  # a Ctrl-C whose KeyboardInterrupt was dropped (cli.ctrl_c): never 0 after Ctrl-C
                check_ctrl_c()
        with writing_stdout():  # a full disk or /dev/full shows here, not in the interpreter's exit
            sys.stdout.flush()
        return code
    except (UsageError, ConfigError, DataFileError, OutputError) as exc:
        # one printable line: values echoed in the message are the user's, maybe long or with escapes
        tell(f"spiral-tui: error: {one_line(str(exc))}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        tell("spiral-tui: interrupted")
        return 130
    except BrokenPipeError:  # e.g. `spiral-tui train --json | head`
        discard_stdout()
        return 0
    except StdoutError as exc:  # > /dev/full, or a disk that filled up
        discard_stdout()  # else the interpreter's own flush at exit fails again, with a warning
        tell(f"spiral-tui: error: can't write standard output: {exc.strerror}")
        return EXIT_USAGE


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] == "tour":
        from .tour import run_tour_command

        return run_tour_command(argv[1:])
    if argv and argv[0] == "sweep":
        from .sweep import run_sweep_command

        return run_sweep_command(argv[1:])
    if argv and argv[0] == "lesson":
        from .lesson import run_lesson_command

        return run_lesson_command(argv[1:])
    if argv and argv[0] == "train":
        from .train import run_train_command

        return run_train_command(argv[1:])
    if argv and not argv[0].startswith("-"):
        raise UsageError(f"unknown command {argv[0]!r}; the commands are {', '.join(COMMANDS)} "
                         "(or none, for the app; see spiral-tui --help)")
    return run_app(build_parser().parse_args(argv))


def run_app(args: argparse.Namespace) -> int:
    """Open the app on the flags' setup (or the `--load`ed session)."""
    # `--data ''` is a mistake, not 'none'; a recording never lands on an input
    check_files([("--record", args.record)], [("--data", args.data), ("--load", args.load)])
    if args.load:
        trainer = _session_or_usage_error(lambda: trainer_from_args(args))
        config = trainer.config
    else:
        trainer, config = None, config_from_args(args)
    need_terminal()  # after the flags and files: their errors come first
    from ..ui.app import run

    profile, pipe = recording_setup(args, "spiral-tui")
    code = run(config, max_kbps=args.max_kbps, trainer=trainer, profile=profile, pipe=pipe)
    exit_now(code)


def _session_or_usage_error(load):
    from ..files.session import SessionError

    try:
        return load()
    except SessionError as exc:
        raise UsageError(str(exc)) from None
