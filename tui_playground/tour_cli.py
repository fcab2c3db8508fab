"""`spiral-tui tour`: the founding video's experiment, played step by step.

Deterministic for a given --seed (each step trains a fixed number of epochs at
a steady pace), ends by itself; made to be recorded as a terminal demo.
"""

from __future__ import annotations

import argparse
import os
import sys

from .cli import UsageError, _number, _Parser, whole_number

EXAMPLES = """keys: space pause/play, left/p back a step, right/n next step, q quit
examples:
  spiral-tui tour                       # seed 1, about 8 s per step
  spiral-tui tour --seed 7 --step-seconds 5"""


def _seconds(text: str) -> float:
    value = _number(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, got {text!r}")
    return value


def build_tour_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="spiral-tui tour", epilog=EXAMPLES,
                description="Play the founding video's experiment step by step, captioned; it moves on\n"
                            "and ends by itself, the same pictures for the same seed.",
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", default="1", help="seed of every step's data and weights (default 1)")
    p.add_argument("--step-seconds", type=_seconds, default=8.0, metavar="N",
                   help="seconds per step: 80%% training, then the result (default 8)")
    p.add_argument("--epochs", type=whole_number(1), metavar="N",
                   help="epochs per step (default: 200 on circle, 1000 on spiral)")
    p.add_argument("--max-kbps", type=_number, help="cap the output to N kilobytes/s (default: 1000, or 100 over SSH)")
    p.add_argument("--demo", action="store_true", help="the recording profile (also when ASCIINEMA_REC=1)")
    p.add_argument("--record", metavar="FILE.cast", help="record an asciinema cast (uses the recording profile)")
    return p


def run_tour_command(argv: list[str]) -> int:
    args = build_tour_parser().parse_args(argv)
    from .ui.recording import OutputPipe, choose_profile, terminal_size
    from .ui.cast import CastPathError, CastWriter
    from .ui.tour_app import run_tour

    profile = choose_profile(args.demo or bool(args.record))
    try:
        cast = CastWriter(args.record, *terminal_size(), title="spiral-tui tour") if args.record else None
    except CastPathError as exc:
        raise UsageError(str(exc)) from None
    code = run_tour(args.seed, args.step_seconds, args.max_kbps, args.epochs, profile=profile,
                    pipe=OutputPipe(profile.lean_output, cast))
    # As the app: the terminal is restored, skip numba's and the threads' teardown.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
