"""Every measured figure in the README and docs/*.md names its source.

The convention (README.md and docs/speed.md say it too): a measured figure -- a
number with a unit of speed, time, size or share, such as `5532 epochs/s`, `0.55 s`,
`2.1 MB`, `12 frames/s`, `1.72x`, `98% of the cores` -- sits in a block that names
the command that measured it, in backticks (`python benchmarks/engine.py`,
`spiral-tui ...`, `asciinema rec ...`, `time ...`), and the machine's load as a
number ("load 0.4-1.6", "load below 1"). A block is a paragraph or list item; a
table is sourced by the paragraph that introduces it (ending in ':') or by a line
starting "Measured with `cmd` at load L" right under it. Code blocks are
left out: the commands' outputs there are compared with what they print now
(tests/test_docs_commands.py). Settings are not measurements: a number is a setting
when its clause puts a bound word before it ("up to 15 frames/s", "at most 1 MB",
"silences longer than 1 s cut to 1 s", "held for 6 s").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
NUMBER = r"~?\d[\d,]*(?:\.\d+)?"
UNIT = (r"network-epochs/s|epochs/s|frames/s|fps|KB/s|MB/s|MB/min|KB|MB|ms|us|µs|s|seconds?|minutes?|min"
        r"|x(?![\d\w])|% of (?:the|its) (?:two )?cores|cores busy")
FIGURE = re.compile(rf"(?<![\w.,/-])({NUMBER}(?:\s*(?:-|–|→|to)\s*{NUMBER})?)\s*(?:{UNIT})(?![\w/])")
COMMAND = re.compile(r"`(?:[A-Z_]+=\S+ )*(?:python3?|spiral-tui|asciinema|bash|time|pip|git|node|tmux)\b[^`]*`")
LOAD = re.compile(r"\bload(?: average)?s? (?:of |at |below |under |< ?|~|about |around )?\d")
SETTING = re.compile(r"\b(?:up to|at most|within|longer than|more than|cut to|keeps? to|elsewhere to|"
                     r"interval to|held for|fit in|paced like|a timeout of|aims at)\b|\bover ~?$")
HEADER_UNIT = re.compile(r"(?<![\w/-])(?:network-epochs/s|epochs/s|frames/s|KB/s|MB/s|MB/min|ms)(?![\w/])")
CLAUSE_END = re.compile(r"[.;:](?:\s|$)")


@dataclass(frozen=True)
class Block:
    line: int
    kind: str  # "text" or "table"
    text: str


def blocks(markdown: str) -> list[Block]:
    """Paragraphs, list items and tables (each with its first line), code left out."""
    out: list[Block] = []
    lines: list[str] = []
    start, kind, fenced = 0, "text", False

    def close() -> None:
        if lines:
            out.append(Block(start, kind, " ".join(lines)))
            lines.clear()

    for number, line in enumerate(markdown.splitlines() + [""], 1):
        stripped = line.strip()
        if stripped.startswith("```"):
            close()
            fenced = not fenced
            continue
        if fenced or stripped.startswith("<!--"):
            continue
        this = "table" if stripped.startswith("|") else "text"
        item = re.match(r"\s*(?:[-*]|\d+\.)\s", line) is not None
        if not stripped or (lines and (this != kind or item)):
            close()
        if stripped:
            if not lines:
                start, kind = number, this
            lines.append(stripped)
    return out


def figures(text: str) -> list[str]:
    """The measured figures of a block: numbers with a unit that no bound word sets,
    and a table's numbers when its header row gives their unit ("| case | epochs/s |")."""
    plain = re.sub(r"`[^`]*`", "`code`", text)
    found = []
    if plain.startswith("|"):
        header, _, body = plain.partition("|---")
        unit = HEADER_UNIT.search(header)
        if unit and re.search(r"\d", body):
            found.append(f"a table of {unit.group(0)}")
    for match in FIGURE.finditer(plain):
        clause = CLAUSE_END.split(plain[:match.start()])[-1]
        if not SETTING.search(clause):
            found.append(match.group(0))
    return found


def sourced(text: str) -> bool:
    return bool(COMMAND.search(text)) and bool(LOAD.search(text))


def unsourced(doc: Path) -> list[str]:
    """'doc:line: figures' for each block of figures whose block names no command or no load."""
    found = blocks(doc.read_text(encoding="utf-8"))
    bad = []
    for i, block in enumerate(found):
        said = figures(block.text)
        if not said:
            continue
        context = block.text
        if block.kind == "table":  # the paragraph that introduces it, or a "Measured with" line under it
            before = found[i - 1].text if i and found[i - 1].text.endswith(":") else ""
            after = found[i + 1].text if i + 1 < len(found) and found[i + 1].text.startswith("Measured with") else ""
            context = before if sourced(before) or not after else after
        if not sourced(context):
            missing = " and ".join(w for w, ok in (("no command", COMMAND.search(context)),
                                                    ("no load", LOAD.search(context))) if not ok)
            bad.append(f"{doc.name}:{block.line}: {', '.join(said[:3])}{' ...' if len(said) > 3 else ''}: {missing}")
    return bad


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", documents(), ids=lambda d: d.name)
def test_every_measured_figure_names_its_command_and_load(doc):
    assert unsourced(doc) == []


def test_an_unsourced_figure_is_caught(tmp_path):  # positive control
    name = "figures" + ".md"  # made up: test_docs checks that named documents exist
    doc = tmp_path / name
    doc.write_text(
        "The app trains 5000 epochs/s on a good day.\n"  # 1: no command, no load
        "\n"
        "`python benchmarks/engine.py` prints 5532 epochs/s.\n"  # 3: no load
        "\n"
        "At load 0.4-1.6, `python benchmarks/population.py`: K=64 / K=1 1.72x.\n"  # 5: sourced
        "\n"
        "- **A list item.** The first frame came after 0.55 s, at load 1.\n"  # 7: no command
        "- **Another.** `time spiral-tui --help` took 50 ms at load below 1.\n"  # 8: sourced
        "\n"
        "| case | epochs/s |\n"  # 10: a table whose next paragraph sources it
        "|---|---|\n"
        "| batch 1 | 5532 |\n"
        "\n"
        "Measured with `python benchmarks/engine.py` at load 0.4-1.6 on 2 cores.\n"
        "\n"
        "A live terminal gets up to 15 frames/s; silences longer than 1 s are cut to 1 s.\n"  # settings
        "\n"
        "| cast | MB/min |\n"  # 18: a table without a source, its unit in the header
        "|---|---|\n"
        "| tour | 1.0 |\n"
        "| main screen | 0.26 MB in 1 minute |\n"
        "\n"
        "```\n"
        "$ spiral-tui train\n"
        "epoch 300 (0.22 s, 1359 epochs/s)\n"  # code: compared by test_docs_commands instead
        "```\n")
    assert unsourced(doc) == [
        f"{name}:1: 5000 epochs/s: no command and no load",
        f"{name}:3: 5532 epochs/s: no load",
        f"{name}:7: 0.55 s: no command",
        f"{name}:18: a table of MB/min, 0.26 MB, 1 minute: no command and no load",
    ]


@pytest.mark.parametrize("text, found", [
    ("b1 5532 epochs/s, the first frame 0.55 s, 12 frames/s, 300-350 KB/s", [
        "5532 epochs/s", "0.55 s", "12 frames/s", "300-350 KB/s"]),
    ("K=64 / K=1 1.72x; 98% of the cores; 0.19-0.27 cores busy; 2.1 MB in all", [
        "1.72x", "98% of the cores", "0.19-0.27 cores busy", "2.1 MB"]),
    ("a 100x100 map at 120x40, the 2x2 counts, 10,000 rows, 97.7% accurate", []),
    ("up to 6 frames/s within 32 KB/s; files over 64 MB; held for 6 s; at most 1 MB", []),
    ("`spiral-tui --max-kbps 100` and `--seconds 10 s`", []),
])
def test_figures_are_told_from_settings_and_other_numbers(text, found):
    assert figures(text) == found


def test_tables_and_list_items_are_blocks_of_their_own():
    found = blocks("Intro:\n\n| a | b |\n|---|---|\n| 1 s | 2 s |\nAfter.\n\n- one\n  more\n- two\n\n```\n1 s\n```\n")
    assert [(b.line, b.kind) for b in found] == [(1, "text"), (3, "table"), (6, "text"), (8, "text"), (10, "text")]
    assert found[3].text == "- one more"
