"""`spiral-tui tour`: the founding video's experiment, played step by step.

Deterministic for a given --seed (each step trains a fixed number of epochs at
a steady pace), ends by itself; made to be recorded as a terminal demo.
"""

from __future__ import annotations

import argparse

from .args import Parser, check_files, exit_now, need_terminal, number, positive_number, whole_number
from .recording import add_recording_flags, recording_setup

EXAMPLES = """keys: space pause/play, left/p back a step, right/n next step, q quit
examples:
  spiral-tui tour                       # seed 1, about 8 s per step
  spiral-tui tour --seed 7 --step-seconds 5
  spiral-tui tour --record tour.cast    # an asciinema cast, ~2 MB; play it with asciinema play"""


MAX_STEP_SECONDS = 3600.0  # an hour per step; more is a mistake (and overflows the schedule's ticks)
MAX_EPOCHS = 100_000  # per step: about what the kernels train in a long step on the spiral


def _seconds(text: str) -> float:
    value = number(text)
    if not 0 < value <= MAX_STEP_SECONDS:
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0 and <= {MAX_STEP_SECONDS:g}, got {text!r}")
    return value


def build_tour_parser() -> argparse.ArgumentParser:
    p = Parser(prog="spiral-tui tour", epilog=EXAMPLES,
                description="Play the founding video's experiment step by step, captioned; it moves on\n"
                            "and ends on a summary table by itself, the same pictures for the same seed.",
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", default="1", help="seed of every step's data and weights (default 1)")
    p.add_argument("--step-seconds", type=_seconds, default=8.0, metavar="N",
                   help="seconds per step: 80%% training, then the result (default 8)")
    p.add_argument("--epochs", type=whole_number(1, MAX_EPOCHS), metavar="N",
                   help=f"epochs per step, 1..{MAX_EPOCHS} (default: 200 on circle, 1000 on spiral)")
    p.add_argument("--max-kbps", type=positive_number, help="cap the output to N kilobytes/s (default: 1000, or 100 over SSH)")
    add_recording_flags(p)
    return p


def run_tour_command(argv: list[str]) -> int:
    args = build_tour_parser().parse_args(argv)
    check_files([("--record", args.record)])
    need_terminal()  # after the flags and files: their errors come first
    from ..ui.tour.app import run_tour

    profile, pipe = recording_setup(args, "spiral-tui tour")
    exit_now(run_tour(args.seed, args.step_seconds, args.max_kbps, args.epochs, profile=profile, pipe=pipe))
