"""The lesson file: TOML (read with tomllib), checked whole before anything runs.

    title = "A first network"
    about = "..."                          # optional
    [[step]]
    text = "..."                           # required
    setup = "#dataset=xor&networkShape=1"  # optional: a playground link or bare #hash
    goal = "test_loss <= 0.3"              # optional: without it, a watch step
    limits = "neurons <= 4"                # optional
    hint = "..."                           # optional
    answer = "#networkShape=3"             # optional: settings on top of the setup
    epochs = 500                           # optional (default 300): how long the answer trains
    seed = "1"                             # optional: the seed of the step

Each step's setup applies to the previous step's settings (its answer's, when
it has one; the first step's to the playground's defaults with seed "1"), so a
step without setup keeps the network the last one ended with. docs/lessons.md
is the writer's guide. Any problem is one `LessonError` line that names the
file, the step and the key.
"""

from __future__ import annotations

import os
import stat
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..config import Config, ConfigError, from_url
from .goals import GOAL_NAMES, LIMIT_NAMES, Expression, ExpressionError, parse_expression

MAX_BYTES = 1_000_000  # a lesson is text: anything bigger is a mistake (or worse)
MAX_STEPS = 100
MAX_TEXT = 4000  # characters in one text, about, hint
MAX_EPOCHS = 100_000
DEFAULT_EPOCHS = 300
FIRST_SEED = "1"
LESSON_KEYS = ("title", "about", "step")
STEP_KEYS = ("text", "setup", "goal", "limits", "hint", "answer", "epochs", "seed")
BUILTIN_PACKAGE = "tui_playground.lessons.builtin"


class LessonError(ValueError):
    """A lesson that cannot be used; the message is one line naming the problem."""


@dataclass(frozen=True)
class LessonStep:
    """One step. `config`: the setup applied to what came before (seed
    included); `answer_config`: the answer on top of it, or None."""

    text: str
    goal: Expression
    limits: Expression
    hint: str
    epochs: int
    config: Config
    answer_config: Config | None
    setup: str = ""
    answer: str = ""

    @property
    def is_watch(self) -> bool:
        """A step without a goal: read, watch, move on."""
        return not self.goal

    @property
    def final_config(self) -> Config:
        """What the next step starts from (and what the check trains)."""
        return self.answer_config or self.config


@dataclass(frozen=True)
class Lesson:
    name: str  # a built-in's name, or the file's name without .toml
    title: str
    about: str
    steps: tuple[LessonStep, ...]
    source: str  # "builtin" or the file's path
    key: str  # where its progress is kept: the built-in's name, or "file:" + the real path

    @property
    def goal_steps(self) -> int:
        return sum(not s.is_watch for s in self.steps)


# ---- finding a lesson -------------------------------------------------------------


def builtin_names() -> tuple[str, ...]:
    """The built-in lessons, in the order a course would take them."""
    from . import builtin

    return builtin.ORDER


def load_lesson(name_or_path: str) -> Lesson:
    """A built-in lesson by name, or a lesson file. Raises LessonError."""
    if name_or_path in builtin_names():
        text = resources.files(BUILTIN_PACKAGE).joinpath(f"{name_or_path}.toml").read_text(encoding="utf-8")
        return parse_lesson(text, name_or_path, "builtin", name_or_path)
    if os.sep not in name_or_path and not name_or_path.endswith(".toml") and not os.path.lexists(name_or_path):
        raise LessonError(f"no lesson named {name_or_path!r} (built-in: {', '.join(builtin_names())}; "
                          "or give a .toml file)")
    text = read_lesson_file(name_or_path)
    name = Path(name_or_path).stem
    return parse_lesson(text, name, name_or_path, "file:" + os.path.realpath(name_or_path))


def read_lesson_file(path: str) -> str:
    """The text of a lesson file: a regular file, at most MAX_BYTES, UTF-8."""
    where = repr(path)
    try:
        info = os.stat(path)  # before opening: opening a FIFO would wait for a writer
        if not stat.S_ISREG(info.st_mode):
            raise LessonError(f"{where} is not a regular file")
        if info.st_size > MAX_BYTES:
            raise LessonError(f"{where} is over 1 MB ({info.st_size} bytes); a lesson is a small text file")
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LessonError(f"cannot read {where}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # it grew since stat
        raise LessonError(f"{where} is over 1 MB; a lesson is a small text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LessonError(f"{where} is not UTF-8 text (byte {exc.start})") from None


# ---- parsing ----------------------------------------------------------------------


def parse_lesson(text: str, name: str, source: str, key: str) -> Lesson:
    """A Lesson from TOML text. Raises LessonError naming `source`, step and key."""
    where = "built-in lesson " + name if source == "builtin" else repr(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonError(f"{where}: not valid TOML: {exc}") from None
    try:
        return _lesson(data, name, source, key)
    except LessonError as exc:
        raise LessonError(f"{where}: {exc}") from None


def _lesson(data: dict[str, Any], name: str, source: str, key: str) -> Lesson:
    _known_keys(data, LESSON_KEYS, "")
    title = _text(data, "title", "", required=True)
    about = _text(data, "about", "")
    tables = data.get("step")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise LessonError("needs at least one [[step]] table")
    if len(tables) > MAX_STEPS:
        raise LessonError(f"has {len(tables)} steps; at most {MAX_STEPS}")
    steps, before = [], Config(seed=FIRST_SEED)
    for number, table in enumerate(tables, start=1):
        try:
            step = _step(table, before)
        except LessonError as exc:
            raise LessonError(f"step {number}: {exc}") from None
        steps.append(step)
        before = step.final_config
    return Lesson(name, title, about, tuple(steps), source, key)


def _step(table: dict[str, Any], before: Config) -> LessonStep:
    _known_keys(table, STEP_KEYS, "step ")
    setup, answer = _text(table, "setup", ""), _text(table, "answer", "")
    config = _apply_link(before, setup, "setup")
    seed = table.get("seed")
    if seed is not None:
        config = _with_seed(config, seed)
    goal = _expression(table, "goal", GOAL_NAMES)
    epochs = table.get("epochs", DEFAULT_EPOCHS)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or not 1 <= epochs <= MAX_EPOCHS:
        raise LessonError(f"epochs must be a whole number from 1 to {MAX_EPOCHS} (got {epochs!r})")
    return LessonStep(
        text=_text(table, "text", "", required=True), goal=goal,
        limits=_expression(table, "limits", LIMIT_NAMES), hint=_text(table, "hint", ""), epochs=epochs,
        config=config, answer_config=_apply_link(config, answer, "answer") if answer else None,
        setup=setup, answer=answer)


def _known_keys(table: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise LessonError(f"unknown {what}key {unknown[0]!r} (keys: {', '.join(allowed)})")


def _text(table: dict[str, Any], key: str, default: str, required: bool = False) -> str:
    """A text value: a string, printable (newlines and tabs allowed), not too long."""
    if key not in table:
        if required:
            raise LessonError(f"{key} is missing")
        return default
    value = table[key]
    if not isinstance(value, str):
        raise LessonError(f"{key} must be a string (got {type(value).__name__})")
    if required and not value.strip():
        raise LessonError(f"{key} is empty")
    if len(value) > MAX_TEXT:
        raise LessonError(f"{key} is {len(value)} characters long; at most {MAX_TEXT}")
    bad = next((ch for ch in value if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf", "Cs")), None)
    if bad is not None:  # escape codes would reach the terminal
        raise LessonError(f"{key} has a control character (U+{ord(bad):04X})")
    return value.strip()


def _expression(table: dict[str, Any], key: str, names: tuple[str, ...]) -> Expression:
    text = _text(table, key, "")
    if key not in table:
        return Expression()
    try:
        return parse_expression(text, names)
    except ExpressionError as exc:
        raise LessonError(f"{key}: {exc}") from None


def _apply_link(config: Config, link: str, key: str) -> Config:
    if not link:
        return config
    try:
        return from_url(link, config)
    except ConfigError as exc:
        raise LessonError(f"{key}: {exc}") from None


def _with_seed(config: Config, seed: object) -> Config:
    if not isinstance(seed, (str, int)) or isinstance(seed, bool):
        raise LessonError(f"seed must be a string like \"1\" (got {type(seed).__name__})")
    try:
        return config.replace(seed=str(seed))
    except ConfigError as exc:
        raise LessonError(f"seed: {exc}") from None
