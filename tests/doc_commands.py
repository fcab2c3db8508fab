"""The commands of the README and the user guide, as a reader would copy them.

`commands(doc)` finds every `spiral-tui ...` line in the Markdown code blocks of a
document (a trailing backslash continues a line; `# ...` is a comment), and, in a
block written as a transcript (`$ spiral-tui ...` followed by what it prints), the
output shown under it. `run(...)` runs one the way a user would: headless commands
with pipes, the app and the tour in a pseudo-terminal for about a second and then
`q`. `cut_down(...)` shortens the work (epochs, seeds) without changing what is
exercised; the docs are never edited for the tests' sake.

Blocks fenced as ```text, ```python, ```toml or ```json are not commands.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shlex
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parents[1]
SHELL_BLOCKS = {"", "sh", "shell", "bash", "console"}
FENCE = re.compile(r"^```(\S*)\s*$")
HEADLESS = {"train", "sweep"}  # subcommands that need no terminal
MAX_EPOCHS = {"train": 5, "sweep": 3}
MAX_SEEDS = 2
TAIL = 1200  # characters of stderr/screen shown in a failure


@dataclass(frozen=True)
class Command:
    doc: Path
    line: int  # 1-based line of the command's first line in doc
    text: str  # as written, continuation lines joined
    output: tuple[str, ...] | None = None  # what a transcript block shows under it

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(ROOT) if self.doc.is_relative_to(ROOT) else self.doc}:{self.line}"

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.text, comments=True)


def code_blocks(text: str) -> list[tuple[int, str, list[str]]]:
    """(line of the block's first content line, info string, lines) per fenced block."""
    blocks, current, info, start = [], None, "", 0
    for number, line in enumerate(text.splitlines(), 1):
        fence = FENCE.match(line.strip()) if line.lstrip().startswith("```") else None
        if current is None and fence:
            current, info, start = [], fence.group(1), number + 1
        elif current is not None and line.strip() == "```":
            blocks.append((start, info, current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def logical_lines(start: int, lines: list[str]) -> list[tuple[int, str]]:
    """Lines with their backslash continuations joined, each with its first line's number."""
    out: list[tuple[int, str]] = []
    pending, first = "", 0
    for offset, line in enumerate(lines):
        if not pending:
            first = start + offset
        if line.rstrip().endswith("\\"):
            pending += (line.strip() if pending else line.rstrip())[:-1].rstrip() + " "
            continue
        out.append((first, pending + (line.strip() if pending else line)))
        pending = ""
    if pending:
        out.append((first, pending))
    return out


def is_command(text: str) -> bool:
    return text == "spiral-tui" or text.startswith("spiral-tui ")


def commands(doc: Path) -> list[Command]:
    found: list[Command] = []
    for start, info, lines in code_blocks(doc.read_text(encoding="utf-8")):
        if info not in SHELL_BLOCKS:
            continue
        joined = logical_lines(start, lines)
        if any(text.startswith("$ ") for _, text in joined):
            found += transcript(doc, joined)
        else:
            found += [Command(doc, n, text.strip()) for n, text in joined if is_command(text.strip())]
    return found


def transcript(doc: Path, joined: list[tuple[int, str]]) -> list[Command]:
    """`$ command` lines, each with the lines up to the next `$` as its output."""
    found: list[Command] = []
    for i, (number, text) in enumerate(joined):
        if not text.startswith("$ "):
            continue
        output = []
        for _, later in joined[i + 1:]:
            if later.startswith("$ "):
                break
            output.append(later)
        command = text[2:].strip()
        if is_command(command):
            found.append(Command(doc, number, command, tuple(output)))
    return found


def documents(root: Path = ROOT) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


# --- cutting the work down -------------------------------------------------------------

def subcommand(argv: list[str]) -> str:
    """'train', 'sweep', 'tour', ... or 'app' (no subcommand)."""
    return argv[1] if len(argv) > 1 and not argv[1].startswith("-") else "app"


def cut_down(argv: list[str]) -> list[str]:
    """The same command with at most a few epochs and seeds: what runs is what the
    docs show (flags, files, data sets), only shorter."""
    argv = list(argv)
    sub = subcommand(argv)
    if sub not in MAX_EPOCHS or "--from" in argv:
        return argv
    argv = cap(argv, "--epochs", MAX_EPOCHS[sub])
    if sub == "sweep" and "--seed-list" not in argv:
        argv = cap(argv, "--seeds", MAX_SEEDS)
    return argv


def cap(argv: list[str], flag: str, most: int) -> list[str]:
    if flag in argv:
        i = argv.index(flag) + 1
        if i < len(argv) and argv[i].isdigit():
            argv[i] = str(min(int(argv[i]), most))
        return argv
    return [*argv, flag, str(most)]


def needs_terminal(argv: list[str]) -> bool:
    """Whether it may need one: not `train`, `sweep`, `--help` or `--version`."""
    if any(a in ("--help", "-h", "--version") for a in argv):
        return False
    if subcommand(argv) == "lesson":  # the list, --check and --reset-progress print; a lesson opened, --play draw
        return "--play" in argv or ("--check" not in argv and "--reset-progress" not in argv
                                    and any(not a.startswith("-") for a in argv[2:]))
    return subcommand(argv) not in HEADLESS


# --- running ---------------------------------------------------------------------------

@dataclass
class Result:
    argv: list[str]
    returncode: int | None  # None: killed after the timeout
    stdout: str
    stderr: str  # in a pty: everything the terminal got
    notes: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        found = list(self.notes)
        if self.returncode is None:
            found.append("did not finish in time (killed)")
        elif self.returncode != 0:
            found.append(f"exit code {self.returncode}")
        if "Traceback (most recent call last)" in self.stdout + self.stderr:
            found.append("printed a traceback")
        return found


def entry(argv: list[str]) -> list[str]:
    """`spiral-tui` as this interpreter's `python -m tui_playground.cli` (the same
    entry point as the installed script, and the code under test whatever PATH says)."""
    assert argv[0] == "spiral-tui"
    return [sys.executable, "-m", "tui_playground.cli", *argv[1:]]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SSH_CONNECTION", None)
    env.pop("ASCIINEMA_REC", None)
    env.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
    paths = [str(ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def run_piped(argv: list[str], cwd: Path, timeout: float) -> Result:
    try:
        done = subprocess.run(entry(argv), cwd=cwd, env=environment(), capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as late:
        return Result(argv, None, decode(late.stdout), decode(late.stderr))
    return Result(argv, done.returncode, done.stdout, done.stderr)


def decode(data: bytes | str | None) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return data or ""


def run_in_terminal(argv: list[str], cwd: Path, timeout: float, shown_for: float = 1.0,
                    program: list[str] | None = None, env: dict[str, str] | None = None) -> Result:
    """Start it in a 120x40 pseudo-terminal, let it draw for `shown_for` seconds after
    its first output, press q (again every 10 s) and wait for it to end. `program`
    replaces `spiral-tui` (default: this interpreter's), `env` the environment."""
    main, sub = os.openpty()
    fcntl.ioctl(sub, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    args = entry(argv) if program is None else [*program, *argv[1:]]
    proc = subprocess.Popen(args, cwd=cwd, env=environment() if env is None else env, stdin=sub, stdout=sub,
                            stderr=sub, start_new_session=True, close_fds=True)
    os.close(sub)
    screen = bytearray()
    started, first_output, last_q = time.monotonic(), None, None
    try:
        while proc.poll() is None and time.monotonic() - started < timeout:
            ready, _, _ = select.select([main], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the other side closed
                    chunk = b""
                screen += chunk
                if chunk and first_output is None:
                    first_output = time.monotonic()
            now = time.monotonic()
            due = first_output is not None and now - first_output >= shown_for
            if due and (last_q is None or now - last_q >= 10):
                os.write(main, b"q")
                last_q = now
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return Result(argv, None, "", terminal_text(screen))
        screen += drain(main)
        return Result(argv, proc.returncode, "", terminal_text(screen))
    finally:
        os.close(main)


def drain(fd: int) -> bytes:
    out = bytearray()
    while select.select([fd], [], [], 0.2)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    return bytes(out)


def terminal_text(raw: bytes) -> str:
    """The terminal's bytes without escape sequences: enough to find a traceback."""
    text = raw.decode("utf-8", "replace")
    return re.sub(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)", "", text)


TERMINAL_TIMEOUT = 180  # a screen that ignores q fails in minutes, not at the suite's timeout
PROBE_TIMEOUT = 30  # a command that neither finishes nor asks for a terminal by then gets one
NEEDS_TERMINAL = "needs a terminal"  # what the app and the tour say without one (exit 2)


def run(argv: list[str], cwd: Path, timeout: float = 600) -> Result:
    """Headless commands with pipes; the others first with pipes too (`lesson --check`
    prints and ends), and in a pseudo-terminal if they say they need one or do not
    end by themselves."""
    if not needs_terminal(argv):
        return run_piped(argv, cwd, timeout)
    probe = run_piped(argv, cwd, PROBE_TIMEOUT)
    if probe.returncode is not None and not (probe.returncode == 2 and NEEDS_TERMINAL in probe.stderr):
        return probe
    return run_in_terminal(argv, cwd, min(timeout, TERMINAL_TIMEOUT))


def report(command: Command, result: Result, ran: list[str] | None = None) -> str:
    """One failure, precise enough to fix without re-running: where, what, why, the tail."""
    ran_text = "" if ran is None or ran == command.argv else f"\n  ran as: {shlex.join(ran)}"
    tail = (result.stderr or result.stdout)[-TAIL:].rstrip()
    return (f"{command.where}: {command.text}{ran_text}\n  {'; '.join(result.problems())}\n"
            + "\n".join("  | " + line for line in tail.splitlines()))


# --- comparing outputs -----------------------------------------------------------------

TIMING = [
    (re.compile(r"\d+(\.\d+)? (network-)?epochs/s"), "<rate>"),
    (re.compile(r"\b\d+(\.\d+)? s\b"), "<seconds>"),
]
TIMING_KEYS = {"seconds", "epochs_per_second", "network_epochs_per_second", "kernel"}  # the machine's, not the run's


def without_timing(line: str) -> str:
    for pattern, mask in TIMING:
        line = pattern.sub(mask, line)
    return line.rstrip()


def output_differences(shown: tuple[str, ...], printed: str) -> list[str]:
    """What the docs show against what the command printed, timings masked: a JSON
    object is compared by its keys (and values outside TIMING_KEYS that the docs give),
    anything else line by line."""
    text = "\n".join(shown).strip()
    if text.startswith("{"):
        return json_differences(json.loads(text), json.loads(printed))
    want = [without_timing(line) for line in text.splitlines()]
    got = [without_timing(line) for line in printed.strip().splitlines()]
    if want == got:
        return []
    diff = [f"line {i + 1}: docs {w!r}\n           now  {g!r}"
            for i, (w, g) in enumerate(zip(want, got)) if w != g]
    if len(want) != len(got):
        diff.append(f"docs show {len(want)} lines, the command printed {len(got)}")
        extra = got[len(want):] if len(got) > len(want) else want[len(got):]
        diff += [f"  {'now' if len(got) > len(want) else 'docs'}: {line!r}" for line in extra[:5]]
    return diff


def json_differences(shown, printed, path: str = "") -> list[str]:
    if isinstance(shown, dict):
        if not isinstance(printed, dict):
            return [f"{path or 'the output'}: docs show an object, the command printed {type(printed).__name__}"]
        diff = [f"{path}{k}: shown in the docs, not printed" for k in shown if k not in printed]
        diff += [f"{path}{k}: printed, not shown in the docs" for k in printed if k not in shown]
        for key in shown.keys() & printed.keys():
            if key not in TIMING_KEYS:
                diff += json_differences(shown[key], printed[key], f"{path}{key}.")
        return diff
    if isinstance(shown, list):
        if shown and printed and isinstance(printed, list):
            return json_differences(shown[0], printed[0], f"{path}[0].")
        return []
    if shown != printed:
        return [f"{path.rstrip('.')}: docs show {shown!r}, the command printed {printed!r}"]
    return []


# --- pip lines ---------------------------------------------------------------------------

def pip_lines(doc: Path) -> list[tuple[int, str]]:
    """Every `pip install ...` in the doc's shell blocks (also after `&&`)."""
    found = []
    for start, info, lines in code_blocks(doc.read_text(encoding="utf-8")):
        if info not in SHELL_BLOCKS:
            continue
        for number, text in logical_lines(start, lines):
            text = text.removeprefix("$ ")
            for part in re.split(r"&&|;|\|", text):
                part = part.strip()
                if re.match(r"(python3? -m )?pip install\b", part):
                    found.append((number, part))
    return found


def main(args: list[str]) -> int:
    """`python tests/doc_commands.py docs/train.md[:LINE]`: run a page's commands (or the
    one at LINE) as the tests do, in a temporary folder, and print what fails; for a
    transcript, what the command prints now (to paste into the page)."""
    import tempfile

    failed = 0
    for arg in args:
        path, _, line = arg.partition(":")
        chosen = [c for c in commands(ROOT / path) if not line or c.line == int(line)]
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("examples", "screenshots"):
                (Path(tmp) / name).symlink_to(ROOT / name)
            for command in chosen:
                argv = command.argv if command.output else cut_down(command.argv)
                result = run(argv, Path(tmp))
                diff = output_differences(command.output, result.stdout) if command.output and not result.problems() else []
                failed += bool(result.problems() or diff)
                print(report(command, result, argv) if result.problems() else f"{command.where}: ok" if not diff
                      else f"{command.where}: differs:\n" + "\n".join(diff) + "\nprints now:\n" + result.stdout)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
