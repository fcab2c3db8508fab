"""Goal and limit expressions: `name op number`, joined by `and`.

    "test_loss <= 0.177 and epoch <= 300"  ->  (Condition("test_loss", "<=", 0.177),
                                               Condition("epoch", "<=", 300.0))

A tiny parser of its own: lesson files come from anyone, so nothing in them is
ever evaluated as Python. Names come from a fixed list per kind (GOAL_NAMES,
LIMIT_NAMES); the operators are OPERATORS; numbers are finite decimals.
A condition over a value that is not known (NaN, e.g. accuracy in regression)
does not hold.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from typing import Callable, Mapping

# What a goal may speak of: the trainer's metrics as it trains.
GOAL_NAMES = ("test_loss", "train_loss", "test_accuracy", "train_accuracy", "epoch", "dead_links")
# What a limit may speak of: the size of the network and the time it takes.
LIMIT_NAMES = ("neurons", "layers", "features", "epoch")
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt, "==": operator.eq,
}
# Names whose values are counts: shown without decimals.
COUNTS = ("epoch", "dead_links", "neurons", "layers", "features")
MAX_CONDITIONS = 8

_CONDITION = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|<|>)\s*(\S+)\s*")
_AND = re.compile(r"\s+and\s+")


class ExpressionError(ValueError):
    """A goal or limit that does not parse; the message is one line."""


@dataclass(frozen=True)
class Condition:
    """One comparison of a named value with a number."""

    name: str
    op: str
    value: float

    def holds(self, values: Mapping[str, float]) -> bool:
        actual = values.get(self.name, math.nan)
        return not math.isnan(actual) and OPERATORS[self.op](actual, self.value)

    @property
    def label(self) -> str:
        """The name as the panel says it: 'test loss'."""
        return self.name.replace("_", " ")

    def text(self) -> str:
        """As written in a lesson file: 'test_loss <= 0.177'."""
        return f"{self.name} {self.op} {format_value(self.name, self.value)}"


@dataclass(frozen=True)
class Expression:
    """Conditions that must all hold; empty: always holds."""

    conditions: tuple[Condition, ...] = ()

    def holds(self, values: Mapping[str, float]) -> bool:
        return all(c.holds(values) for c in self.conditions)

    def failing(self, values: Mapping[str, float]) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if not c.holds(values))

    @property
    def names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.conditions)

    def text(self) -> str:
        return " and ".join(c.text() for c in self.conditions)

    def __bool__(self) -> bool:
        return bool(self.conditions)


def parse_expression(text: str, names: tuple[str, ...]) -> Expression:
    """`text` ('a <= 1 and b > 2') over `names` -> Expression. Raises ExpressionError."""
    if not text.strip():
        raise ExpressionError("is empty (write conditions like test_loss <= 0.2)")
    parts = _AND.split(text.strip())
    if len(parts) > MAX_CONDITIONS:
        raise ExpressionError(f"has {len(parts)} conditions; at most {MAX_CONDITIONS}")
    return Expression(tuple(_condition(part, names) for part in parts))


def _condition(part: str, names: tuple[str, ...]) -> Condition:
    match = _CONDITION.fullmatch(part)
    if match is None:
        raise ExpressionError(f"{_clip(part)} is not 'name op number' (op: {', '.join(OPERATORS)})")
    name, op, number = match.groups()
    if name not in names:
        raise ExpressionError(f"unknown name {_clip(name)} (names: {', '.join(names)})")
    return Condition(name, op, _number(number))


def _number(text: str) -> float:
    # float() also reads 'nan', 'inf', '1_000': a decimal only, finite
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        raise ExpressionError(f"{_clip(text)} is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise ExpressionError(f"{_clip(text)} is not a finite number")
    return value


def format_value(name: str, value: float) -> str:
    """A value as the panel and the check show it: counts whole, the rest to 3 decimals."""
    if math.isnan(value):
        return "-"
    if name in COUNTS and value == int(value):
        return str(int(value))
    return f"{value:.3f}" if name.endswith(("loss", "accuracy")) else f"{value:g}"


def _clip(text: str, limit: int = 40) -> str:
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "..."
