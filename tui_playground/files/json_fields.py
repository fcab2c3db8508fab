"""Checking the fields of a parsed JSON file, one readable line per bad field.

Shared by the two formats spiral-tui reads back, sessions (files/session_format.py)
and sweep results (sweeps/store_format.py): each raises its own error class, so a
`FieldCheck` is made with that class and its checks raise it.
"""

from __future__ import annotations

import json
import math
from typing import Any, TypeGuard

# What a type is called in a message ("must be an object"); a tuple of types is a number.
TYPE_NAMES: dict[type, str] = {dict: "an object", list: "a list", str: "a string", bool: "true or false",
                               int: "a whole number"}


class FieldCheck:
    """`field`, `whole_number` and `version` of one file format, raising its `error` class."""

    def __init__(self, error: type[ValueError]):
        self.error = error

    def field(self, d: dict, key: str, types: type | tuple[type, ...], where: str = "") -> Any:
        """d[key], which must be there and of `types` (true and false count as
        booleans only, not as the whole numbers Python makes them)."""
        if key not in d:
            raise self.error(f"{where}{key} is missing")
        value = d[key]
        bool_ok = types is bool or (isinstance(types, tuple) and bool in types)
        if not isinstance(value, types) or (isinstance(value, bool) and not bool_ok):
            raise self.error(f"{where}{key} must be {type_name(types)} (got {short(value)})")
        return value

    def whole_number(self, d: dict, key: str, low: int, high: int, where: str = "") -> int:
        """d[key], a whole number from low to high."""
        value: int = self.field(d, key, int, where)
        if not low <= value <= high:
            raise self.error(f"{where}{key} must be a whole number from {low} to {high:,} (got {short(value)})")
        return value

    def version(self, d: dict, newest: int, newer: str) -> int:
        """d's "version": a whole number from 1 to `newest`. Above it the file is
        from a later spiral-tui: `newer` says so, with {version} in it."""
        version = d.get("version")
        if not is_int(version) or version < 1:
            raise self.error(f"version must be a whole number from 1 (got {short(version)})")
        if version > newest:
            raise self.error(newer.format(version=short(version)))
        return version


def is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object, finite: bool = True) -> bool:
    """An int or float, not a bool; with `finite`, not NaN or infinite either."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        number = float(value)
    except OverflowError:  # a huge int is a number, but not one a float can hold
        return False
    return not finite or math.isfinite(number)


def type_name(types: type | tuple[type, ...]) -> str:
    if isinstance(types, tuple):
        return "a number"
    return TYPE_NAMES.get(types, types.__name__)


def short(value: object, limit: int = 40) -> str:
    """A value as JSON, cut to a readable length (a 5,000-digit number, a long list)."""
    try:
        text = json.dumps(value)
    except (ValueError, RecursionError, TypeError):  # ints beyond the digit limit; no JSON value
        text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."
