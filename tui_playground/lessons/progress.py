"""Which lesson steps a user has done, kept in the XDG state folder.

    $XDG_STATE_HOME/spiral-tui/lessons.json   (default ~/.local/state/...)
    {"version": 1, "lessons": {"first-network": {"done": [1, 2]}, "file:/abs/x.toml": {...}}}

Steps are numbered from 1. A file that cannot be read as this is kept aside
(lessons.json.bad) the first time progress is written, never silently lost.
Writes are atomic (files.exports.write_atomic): a crash leaves the old file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from ..files.exports import write_atomic

FILE_NAME = "lessons.json"
VERSION = 1


def state_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """spiral-tui's state folder: $XDG_STATE_HOME (if absolute, as the spec
    asks) or ~/.local/state, then spiral-tui."""
    base = environ.get("XDG_STATE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path(environ.get("HOME") or Path.home()) / ".local" / "state"
    return root / "spiral-tui"


class Progress:
    """Done steps per lesson key (Lesson.key), read once and written on each change."""

    def __init__(self, path: Path | None = None, environ: Mapping[str, str] = os.environ) -> None:
        self.path = path if path is not None else state_dir(environ) / FILE_NAME
        self._lessons, self._bad = self._read()

    def done(self, key: str) -> frozenset[int]:
        return frozenset(self._lessons.get(key, ()))

    def mark(self, key: str, number: int) -> None:
        """Step `number` of lesson `key` is done (saved now; raises OSError)."""
        if number in self._lessons.get(key, ()):
            return
        self._lessons.setdefault(key, set()).add(number)
        self._write()

    def reset(self, key: str) -> bool:
        """Forget lesson `key`'s progress; whether there was any."""
        had = bool(self._lessons.pop(key, None))
        if had:
            self._write()
        return had

    def _read(self) -> tuple[dict[str, set[int]], bool]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            lessons = data["lessons"]
            return {str(k): {int(n) for n in v["done"] if isinstance(n, int) and n > 0}
                    for k, v in lessons.items()}, False
        except FileNotFoundError:
            return {}, False
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}, True

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._bad and self.path.exists():
            os.replace(self.path, self.path.with_name(FILE_NAME + ".bad"))
            self._bad = False
        data = {"version": VERSION, "lessons": {k: {"done": sorted(v)} for k, v in sorted(self._lessons.items())}}
        write_atomic(self.path, json.dumps(data, indent=1) + "\n")
