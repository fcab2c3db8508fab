"""The numbers `--help` gives and the numbers the docs give say the same thing.

Every flag whose help text carries a number (a default, a range `A..B`, a quantity
such as `32 KB/s`) is looked up in the README and docs/*.md: where the docs mention
the flag, the numbers of the same kind next to it (up to the next flag or the end of
the sentence or table row) must be ones the help gives for that flag. And the help's
numbers for the recording and pacing budgets are the code's own constants.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tui_playground.cli.app import build_parser
from tui_playground.cli.sweep import build_sweep_parser
from tui_playground.cli.tour import build_tour_parser
from tui_playground.cli.train import build_train_parser

ROOT = Path(__file__).parents[1]
PARSERS = {"spiral-tui": build_parser, "train": build_train_parser, "sweep": build_sweep_parser,
           "tour": build_tour_parser}
NUMBER = r"~?(\d[\d,]*(?:\.\d+)?)"
UNITS = ["KB/s", "MB/s", "frames/s", "fps", "MB", "ms"]
FLAG = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")


@dataclass(frozen=True)
class Claim:
    kind: str  # "default", "range" or a unit
    value: tuple[float, ...]

    def __str__(self) -> str:
        numbers = "..".join(f"{v:g}" for v in self.value)
        return f"default {numbers}" if self.kind == "default" else numbers if self.kind == "range" else f"{numbers} {self.kind}"


def number(text: str) -> float:
    return float(text.replace(",", ""))


def claims(text: str) -> set[Claim]:
    found = {Claim("range", (number(a), number(b))) for a, b in re.findall(rf"{NUMBER}\s*\.\.\s*{NUMBER}", text)}
    found |= {Claim("default", (number(n),)) for n in re.findall(rf"\bdefault:?\s+{NUMBER}", text)}
    for unit in UNITS:
        found |= {Claim(unit, (number(n),)) for n in re.findall(rf"{NUMBER}\s*{re.escape(unit)}(?!\w)", text)}
    return found


def help_claims() -> dict[str, dict[Claim, list[str]]]:
    """flag -> {claim: the commands whose help says it}."""
    out: dict[str, dict[Claim, list[str]]] = {}
    for command, build in PARSERS.items():
        for action in build()._actions:
            if action.help in (None, argparse.SUPPRESS):
                continue
            for flag in action.option_strings:
                for claim in claims(action.help % {"default": action.default} if "%(" in action.help else action.help):
                    out.setdefault(flag, {}).setdefault(claim, []).append(command)
    return out


def paragraphs(doc: Path) -> list[tuple[int, str]]:
    """Prose paragraphs (lines joined) and table rows, with their first line; code left out."""
    out: list[tuple[int, str]] = []
    lines, start, fenced = [], 0, False
    for number_, line in enumerate(doc.read_text(encoding="utf-8").splitlines() + [""], 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        if line.startswith("|"):
            out.append((number_, line))
            continue
        if line.strip():
            start = start or number_
            lines.append(line.strip())
        elif lines:
            out.append((start, " ".join(lines)))
            lines, start = [], 0
    return out


def windows(text: str) -> list[tuple[str, str]]:
    """(flag, the words after it up to the next flag, the end of its sentence or table row)."""
    out = []
    marks = list(FLAG.finditer(text))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        tail = text[m.end():end]
        if not text.startswith("|"):  # prose: up to the end of the sentence
            tail = re.split(r"(?<=[a-z0-9)])\.\s", tail, maxsplit=1)[0]
        out.append((m.group(1), tail))
    return out


def disagreements(docs: list[Path], known: dict[str, dict[Claim, list[str]]]) -> list[str]:
    bad = []
    for doc in docs:
        for line, text in paragraphs(doc):
            for flag, tail in windows(text):
                said = known.get(flag)
                if not said:
                    continue
                for claim in claims(tail):
                    same_kind = [c for c in said if c.kind == claim.kind]
                    if same_kind and claim not in said:
                        helps = ", ".join(f"{c} ({', '.join(said[c])} --help)" for c in same_kind)
                        bad.append(f"{doc.relative_to(ROOT) if doc.is_relative_to(ROOT) else doc.name}:{line}: "
                                   f"{flag}: the docs say {claim}, the help says {helps}")
    return bad


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_the_docs_give_the_numbers_the_help_gives():
    assert disagreements(documents(), help_claims()) == []


def test_help_texts_with_numbers_are_found():
    known = help_claims()
    assert Claim("KB/s", (32,)) in known["--demo"]
    assert Claim("range", (1, 30)) in known["--batch"]
    assert Claim("default", (1000,)) in known["--epochs"] and Claim("default", (100,)) in known["--epochs"]


def test_a_docs_number_that_contradicts_the_help_is_found(tmp_path):  # positive control
    name = "guide" + ".md"  # made up: test_docs checks that named documents exist
    doc = tmp_path / name
    doc.write_text("With `--demo` the app keeps to 20 KB/s. `--batch` takes 1..30 (default 10).\n\n"
                   "| `--noise` | percent, 0..60 | 0 |\n")
    assert disagreements([doc], help_claims()) == [
        f"{name}:1: --demo: the docs say 20 KB/s, the help says 32 KB/s (spiral-tui, tour --help)",
        f"{name}:3: --noise: the docs say 0..60, the help says 0..50 (spiral-tui, train, sweep --help)",
    ]


def test_the_help_gives_the_code_s_own_budgets():
    from tui_playground.ui.output.recording import RECORDING
    from tui_playground.ui.runtime import pacing

    demo = help_claims()["--demo"]
    assert Claim("KB/s", (RECORDING.bytes_per_s / 1000,)) in demo
    assert Claim("frames/s", (RECORDING.fps,)) in demo
    kbps = build_parser()._option_string_actions["--max-kbps"].help
    assert f"default: {pacing.LOCAL_BYTES_PER_S // 1000:g}" in kbps
    assert f"or {pacing.SSH_BYTES_PER_S // 1000:g} over SSH" in kbps


@pytest.mark.parametrize("text, found", [
    ("at most 32 KB/s and 6 frames/s", {Claim("KB/s", (32,)), Claim("frames/s", (6,))}),
    ("percent, 0..50 (default 0)", {Claim("range", (0, 50)), Claim("default", (0,))}),
    ("at most 10,000,000 rows", set()),
])
def test_claims_are_read_from_text(text, found):
    assert claims(text) == found


@pytest.mark.slow
def test_the_readme_counts_the_tests_there_are():
    """'runs N tests' stays within a tenth of what pytest collects (the suite grows)."""
    said = re.search(r"runs (?:about )?([\d,]+) tests", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert said, "the README says how many tests `python -m pytest` runs"
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    collected = sum(int(n) for n in re.findall(r"^\S+\.py: (\d+)$", done.stdout, re.M))
    assert collected and abs(number(said.group(1)) - collected) <= collected / 10, \
        f"README.md says {said.group(1)} tests, pytest collects {collected}"


def test_the_app_page_gives_the_pacer_s_limits():
    from tui_playground.ui.runtime import pacing

    text = " ".join((ROOT / "docs/app.md").read_text(encoding="utf-8").split())
    assert (f"Over SSH (`SSH_CONNECTION` set) the app keeps to {pacing.SSH_BYTES_PER_S // 1000:g} KB/s of output "
            f"and {pacing.SSH_FPS:g} frames/s; elsewhere to {pacing.LOCAL_BYTES_PER_S // 1_000_000:g} MB/s "
            f"and {pacing.LOCAL_FPS:g} frames/s") in text


def test_the_recording_page_gives_the_recording_profile():
    from tui_playground.ui.output.recording import LIVE, RECORDING

    text = " ".join((ROOT / "docs/recording.md").read_text(encoding="utf-8").split())
    assert f"up to {RECORDING.fps:g} frames/s within {RECORDING.bytes_per_s / 1000:g} KB/s" in text
    assert f"heatmaps in {RECORDING.shade_levels} shades instead of {LIVE.shade_levels}" in text
    assert f"a frame repaints at most {RECORDING.cell_share:.0%} of a view's cells" in text
