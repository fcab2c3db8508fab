"""--demo and --record, shared by the app and `tour`.

--demo (or ASCIINEMA_REC=1, which asciinema sets) picks the recording display
profile (ui/recording.py); --record FILE.cast also writes what the app sends
to the terminal as an asciinema v2 cast, as it goes.
"""

from __future__ import annotations

import argparse

from .args import UsageError


def add_recording_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--demo", action="store_true",
                   help="the recording profile: at most 32 KB/s and 6 frames/s, only changed cells sent (also when ASCIINEMA_REC=1)")
    p.add_argument("--record", metavar="FILE.cast",
                   help="write what the app sends to the terminal as an asciinema cast (implies --demo)")


def recording_setup(args: argparse.Namespace, title: str):
    """(display profile, output pipe) for the flags; the cast file is created
    now, before the app starts (its path was checked by cli.args.check_files)."""
    from ..ui.output.cast import CastPathError, CastWriter
    from ..ui.output.recording import OutputPipe, choose_profile, terminal_size

    profile = choose_profile(args.demo or bool(args.record))
    cast = None
    if args.record:
        try:
            cast = CastWriter(args.record, *terminal_size(), title=title)
        except CastPathError as exc:
            raise UsageError(str(exc)) from None
    return profile, OutputPipe(profile.lean_output, cast)
