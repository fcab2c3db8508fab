"""`spiral-tui lesson`: list, open, check, play and reset lessons (docs/lessons.md).

    spiral-tui lesson                          the built-in lessons, with your progress
    spiral-tui lesson NAME|FILE                open one in the app (a panel over the main screen)
    spiral-tui lesson NAME|FILE --check        train each step's answer headless (exit 0/1/2)
    spiral-tui lesson NAME|FILE --play         apply each answer by itself, like the tour
    spiral-tui lesson --reset-progress NAME    forget your progress in one lesson

The lesson itself is tui_playground/lessons/; the app's panel ui/lessons/.
"""

from __future__ import annotations

import argparse
import json

from .args import Parser, UsageError, check_files, exit_now, need_terminal, positive_number
from .recording import add_recording_flags, recording_setup
from .safe_text import printable

EXAMPLES = """examples:
  spiral-tui lesson                          # the built-in lessons and what you have done
  spiral-tui lesson first-network            # open a lesson in the app
  spiral-tui lesson --check examples/one-neuron.toml
  spiral-tui lesson learning-rate --play --record lr.cast
  spiral-tui lesson --reset-progress first-network"""


def build_lesson_parser() -> argparse.ArgumentParser:
    p = Parser(prog="spiral-tui lesson", epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
               description="Exercises over the playground with goals the app checks as you train.\n"
                           "Without a lesson: the list of built-in lessons and your progress.")
    p.add_argument("lesson", nargs="?", metavar="NAME|FILE", help="a built-in lesson's name or a lesson file (.toml)")
    p.add_argument("--check", action="store_true",
                   help="train each step's answer on its setup and seed for its epochs; "
                        "exit 0 when every goal is met, 1 when one is not, 2 for a bad file")
    p.add_argument("--json", action="store_true", help="with --check or the list: JSON on stdout")
    p.add_argument("--play", action="store_true", help="play the lesson by itself, applying each answer (like the tour)")
    p.add_argument("--step-seconds", type=positive_number, default=6.0, metavar="N",
                   help="with --play: seconds per step (default 6)")
    p.add_argument("--reset-progress", metavar="NAME|FILE", help="forget your progress in this lesson")
    p.add_argument("--max-kbps", type=positive_number, help="cap the app's output to N kilobytes/s")
    add_recording_flags(p)
    return p


def run_lesson_command(argv: list[str]) -> int:
    args = build_lesson_parser().parse_args(argv)
    _check_combination(args)
    if args.reset_progress is not None:
        return reset_progress(args.reset_progress)
    if args.lesson is None:
        return list_lessons(args.json)
    lesson = _load(args.lesson)
    if args.check:
        return check(lesson, args.json)
    if args.play:
        return play(lesson, args)
    return open_in_app(lesson, args)


def _check_combination(args: argparse.Namespace) -> None:
    """Flags that make no sense together fail before any work."""
    if args.reset_progress is not None and (args.lesson is not None or args.check or args.play):
        raise UsageError("--reset-progress takes the lesson's name itself; give it alone")
    if args.check and args.play:
        raise UsageError("--check trains headless and --play on screen: give one")
    if (args.check or args.play) and args.lesson is None:
        raise UsageError(f"{'--check' if args.check else '--play'} needs a lesson: a built-in name or a .toml file")
    if args.json and args.lesson is not None and not args.check:
        raise UsageError("--json goes with --check or with the list (no lesson given)")
    if args.record and not args.play and (args.check or args.lesson is None):
        raise UsageError("--record records the app: give it with a lesson to open or --play")


def _load(name: str):
    from ..lessons.lesson_file import LessonError, load_lesson

    try:
        return load_lesson(name)
    except LessonError as exc:
        raise UsageError(str(exc)) from None


# ---- the list ---------------------------------------------------------------------


def list_lessons(as_json: bool) -> int:
    from ..lessons.lesson_file import builtin_names, load_lesson
    from ..lessons.progress import Progress

    progress = Progress()
    rows: list[dict] = []
    for name in builtin_names():
        lesson = load_lesson(name)
        rows.append({"name": name, "title": lesson.title, "steps": len(lesson.steps),
                     "done": len(progress.done(lesson.key) & set(range(1, len(lesson.steps) + 1)))})
    if as_json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{'lesson':<20} {'title':<52} {'steps':>5}  done")
    for r in rows:
        print(f"{r['name']:<20} {r['title'][:52]:<52} {r['steps']:>5}  {r['done']}/{r['steps']}")
    print("open one: spiral-tui lesson NAME   (or a .toml file of your own: see docs/lessons.md)")
    return 0


def reset_progress(name: str) -> int:
    from ..lessons.progress import Progress

    lesson = _load(name)
    had = Progress().reset(lesson.key)
    print(f"progress in {printable(lesson.name, 60)} {'cleared' if had else 'was empty already'}")
    return 0


# ---- the check --------------------------------------------------------------------


def check(lesson, as_json: bool) -> int:
    from ..lessons.check import check_lesson

    if not as_json:
        print(f"lesson {printable(lesson.name, 60)}: {printable(lesson.title, 80)}", flush=True)
    on_result = None if as_json else (lambda r: print(printable(r.line()), flush=True))
    results = check_lesson(lesson, prepare=_pick_kernels, on_result=on_result)
    missed = [r.number for r in results if not r.ok]
    if as_json:
        print(json.dumps({"lesson": lesson.name, "title": lesson.title, "ok": not missed,
                          "steps": [r.to_dict() for r in results]}, indent=1))
    elif missed:
        print(f"{len(missed)} of {lesson.goal_steps} goals missed: step {', '.join(map(str, missed))}")
    else:
        print(f"every goal met ({lesson.goal_steps} goal steps, {len(results) - lesson.goal_steps} watch steps)")
    return 1 if missed else 0


def _pick_kernels(trainer, epochs: int) -> None:
    """Long steps load (or compile, with a notice) the kernels first; short ones train uncompiled."""
    from ..lessons.check import pick_kernels
    from .train import compile_notice

    pick_kernels(trainer, epochs, on_slow=compile_notice)


# ---- on screen --------------------------------------------------------------------


def open_in_app(lesson, args: argparse.Namespace) -> int:
    check_files([("--record", args.record)])
    need_terminal()  # after the flags and the file: their errors come first
    from ..ui.app import run

    profile, pipe = recording_setup(args, "spiral-tui lesson")
    exit_now(run(lesson.steps[0].config, max_kbps=args.max_kbps, profile=profile, pipe=pipe, lesson=lesson))


def play(lesson, args: argparse.Namespace) -> int:
    check_files([("--record", args.record)])
    need_terminal()
    from ..ui.lessons.play import play_lesson

    profile, pipe = recording_setup(args, "spiral-tui lesson --play")
    exit_now(play_lesson(lesson, args.step_seconds, args.max_kbps, profile=profile, pipe=pipe))
