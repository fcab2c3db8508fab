"""A sweep's results file: one JSON line per finished run, safe to interrupt.

The first line describes the sweep (its spec, and the command that started it);
every further line is one finished (variant, seed) run: its config, final and
best losses, first epoch under the success threshold, metrics and seconds.
Each batch of lines goes to disk with one write() and an fsync, so the file is
valid up to its last complete line whatever happens; a cut last line (a crash
mid-write) is ignored on reading and cut off before appending. A file written
for a different spec is refused, with what differs.

Non-finite losses (diverged runs) are stored as the strings "nan", "inf" and
"-inf", so the file is strict JSON and every float reads back bit for bit.
"""

from __future__ import annotations

import codecs
import fcntl
import json
import math
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.file_reading import UnreadableFile, open_regular_file
from .member import MemberResult
from .spec import SWEEP_FIELDS, SweepSpec, format_setting, setting
from .store_format import FORMAT, VERSION, RecordError, check_head, check_member, parse_line

MAX_LINE = 8 << 20  # the first line: up to 2,000 variants' settings (about 1.5 MB) and captions
MAX_BYTES = 64 << 20  # a finished sweep of 2,000 networks takes a few MB


class StoreError(Exception):
    """A results file that cannot be used; the message is one line."""


# ---- records -------------------------------------------------------------------


def _number(x: float):
    return x if math.isfinite(x) else repr(x)  # 'nan', 'inf', '-inf'


def spec_record(spec: SweepSpec) -> dict:
    return {"variants": [c.to_dict() for c in spec.variants], "seeds": list(spec.seeds), "epochs": spec.epochs,
            "success": spec.success, "success_accuracy": spec.success_accuracy, "preset": spec.preset,
            "captions": list(spec.captions)}


def member_record(spec: SweepSpec, m: MemberResult) -> dict:
    return {
        "variant": m.variant, "seed": m.seed, "config": spec.variants[m.variant].replace(seed=m.seed).to_dict(),
        "epochs": m.epochs, "train_loss": _number(m.train_loss), "test_loss": _number(m.test_loss),
        "best_train_loss": _number(m.best_train_loss), "best_test_loss": _number(m.best_test_loss),
        "best_test_epoch": m.best_test_epoch, "first_success_epoch": m.first_success, "diverged": m.diverged,
        "metrics": {k: _number(v) for k, v in m.metrics.items()}, "seconds": round(m.seconds, 6),
    }


def _line(record: dict) -> str:
    return json.dumps(record, allow_nan=False, separators=(",", ":")) + "\n"


# ---- what differs between two specs ----------------------------------------------


def spec_difference(old: SweepSpec, new: SweepSpec) -> str | None:
    """None when both sweeps run the same networks the same way; otherwise the
    first difference, 'X in the file, Y now'."""
    def both(what, a, b):
        return f"{what} {a} in the file, {b} now"

    if old.epochs != new.epochs:
        return both("epochs", old.epochs, new.epochs)
    if old.success != new.success:
        return both("success threshold", f"{old.success:g}", f"{new.success:g}")
    if old.success_accuracy != new.success_accuracy:
        return both("learned:", old.criterion, new.criterion)
    if old.seeds != new.seeds:
        if len(old.seeds) != len(new.seeds):
            return both("seeds:", len(old.seeds), len(new.seeds))
        k = next(k for k, (a, b) in enumerate(zip(old.seeds, new.seeds)) if a != b)
        return both(f"seed {k + 1}", repr(old.seeds[k]), repr(new.seeds[k]))
    if len(old.variants) != len(new.variants):
        return both("variants:", len(old.variants), len(new.variants))
    for v, (a, b) in enumerate(zip(old.variants, new.variants)):
        if a != b:
            fields = [f for f in SWEEP_FIELDS if setting(a, f) != setting(b, f)]
            if fields:
                f = fields[0]
                return both(f"variant {v + 1}: {f.replace('_', '-')}", format_setting(f, setting(a, f)),
                            format_setting(f, setting(b, f)))
            return f"variant {v + 1} has other settings than in the file"
    if old.preset != new.preset:
        return both("preset", old.preset or "none", new.preset or "none")
    return None


# ---- the file ------------------------------------------------------------------


@dataclass
class Contents:
    """What a results file holds: the sweep, its runs by (variant, seed), and
    the byte length of its valid part (up to the last complete line)."""

    spec: SweepSpec
    command: list[str]
    runs: dict[tuple[int, str], MemberResult] = field(default_factory=dict)
    valid_bytes: int = 0

    def pending(self, spec: SweepSpec) -> list[int]:
        """Positions in spec.members() of the runs not in the file yet."""
        return [k for k, key in enumerate(spec.members()) if key not in self.runs]

    def members(self) -> list[MemberResult]:
        """Every run in spec order; only for a finished file."""
        return [self.runs[key] for key in self.spec.members()]

    @property
    def finished(self) -> bool:
        return len(self.runs) == self.spec.size


def read(path: Path) -> Contents:
    """Parse a results file, line by line (a regular file of at most MAX_BYTES;
    every field checked: store_format). A last line cut short (no newline, or
    not JSON) is ignored; anything else that is wrong raises StoreError."""
    try:
        with open_regular_file(path, MAX_BYTES) as f:
            return _read_lines(path, f)
    except UnreadableFile as exc:
        raise StoreError(f"{path}: {exc}") from None
    except OSError as exc:
        raise StoreError(f"{path}: {exc.strerror or exc}") from None


def _read_lines(path: Path, f) -> Contents:
    contents, valid, n = None, 0, 0
    while valid <= MAX_BYTES:
        raw = f.readline(MAX_LINE + 1)
        n += 1
        if not raw.endswith(b"\n"):  # the end, or a line cut short by a crash
            if len(raw) > MAX_LINE:
                raise StoreError(f"{path} line {n} is longer than any results line ({MAX_LINE:,} bytes)")
            break
        if n == 1 and raw.startswith(codecs.BOM_UTF8):  # as some editors save
            raw = raw[len(codecs.BOM_UTF8):]
            valid += len(codecs.BOM_UTF8)
        try:
            record = parse_line(raw)
        except RecordError as exc:
            if not f.peek(1) and contents is not None:  # a cut line that got a newline: only the last is forgiven
                break
            raise StoreError(f"{path} line {n} is damaged ({exc})") from None
        contents = _take(path, n, record, contents, valid + len(raw))
        valid += len(raw)
    if contents is None:
        raise StoreError(f"{path} is not a spiral-tui sweep results file")
    return contents


def _take(path: Path, n: int, record, contents: Contents | None, valid: int) -> Contents:
    """`contents` with line n's record added (the first line makes it)."""
    try:
        if contents is None:
            spec, command = check_head(record)
            return Contents(spec, command, valid_bytes=valid)
        m = check_member(record, contents.spec)
    except RecordError as exc:
        where = "" if n == 1 and str(exc).startswith("not a spiral-tui") else f" line {n}"
        raise StoreError(f"{path}{where}: {exc}" if where else f"{path} is {exc}") from None
    contents.runs.setdefault((m.variant, m.seed), m)
    contents.valid_bytes = valid
    return contents


@contextmanager
def locked(path: Path):
    """Hold `path` (made if missing) for this sweep alone while it runs: a second
    sweep on the same --out would cut the file back under the first one's
    appends. Raises StoreError naming the process that holds it. A file this
    made and left empty is removed again."""
    made = not path.exists()
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise StoreError(f"--out {path}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = _lock_holder(os.fstat(fd))
        os.close(fd)
        raise StoreError(f"--out {path} is being written by another sweep ({holder}); "
                         "let it finish (or stop it), or give another file") from None
    try:
        yield
    finally:
        if made and os.fstat(fd).st_size == 0:
            path.unlink(missing_ok=True)
        os.close(fd)


def _lock_holder(st: os.stat_result) -> str:
    """'process 1234' from /proc/locks (Linux), else 'another process'."""
    want = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    try:
        with open("/proc/locks") as f:
            for line in f:
                parts = line.split()
                if len(parts) > 5 and parts[1] == "FLOCK" and parts[5] == want and parts[4].isdigit():
                    return f"process {parts[4]}"
    except OSError:
        pass
    return "another process"


def prepare(path: Path, spec: SweepSpec, resume: bool) -> Contents | None:
    """Check an --out file before any work, writing nothing: None to start it
    anew (no file, or an empty one), its contents to continue it. Raises
    StoreError when it exists without --resume, or holds another sweep."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    if not resume:
        raise StoreError(f"--out {path} exists: add --resume to continue it, or give another file")
    contents = read(path)
    difference = spec_difference(contents.spec, spec)
    if difference:
        raise StoreError(f"--resume: {path} holds a different sweep ({difference})")
    return contents


class ResultsFile:
    """A results file open for appending finished runs."""

    def __init__(self, path: Path, contents: Contents):
        self.path, self.contents = path, contents
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_APPEND)

    @classmethod
    def create(cls, path: Path, spec: SweepSpec, command: list[str]) -> "ResultsFile":
        """A new file holding only the sweep's description (replaces an old one)."""
        head = _line({"format": FORMAT, "version": VERSION, "command": command, "spec": spec_record(spec)})
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            _write_or_undo(fd, head.encode(), path)
        finally:
            os.close(fd)
        _sync_folder(path)
        return cls(path, Contents(spec, command, valid_bytes=len(head.encode())))

    @classmethod
    def open(cls, path: Path, spec: SweepSpec, command: list[str], contents: Contents | None) -> "ResultsFile":
        """Start `path` (contents None) or continue it (contents from prepare)."""
        if contents is None:
            return cls.create(path, spec, command)
        contents.spec = spec  # the same runs; this one may carry captions
        if path.stat().st_size != contents.valid_bytes:  # a cut last line: drop it before appending
            os.truncate(path, contents.valid_bytes)
        return cls(path, contents)

    def append(self, results: list[MemberResult]) -> None:
        """Add finished runs: one write(), then fsync (a signal cannot split it)."""
        spec = self.contents.spec
        text = "".join(_line(member_record(spec, m)) for m in results).encode()
        assert self._fd is not None, "append after close"
        _write_or_undo(self._fd, text, self.path)
        for m in results:
            self.contents.runs.setdefault((m.variant, m.seed), m)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "ResultsFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _write_or_undo(fd: int, data: bytes, path: Path) -> None:
    """`_write_all`, or (a full disk, an I/O error) the file cut back to where
    it was, so that it stays valid to its last whole line, and StoreError."""
    before = os.fstat(fd).st_size
    try:
        _write_all(fd, data)
    except OSError as exc:
        try:
            os.ftruncate(fd, before)
        except OSError:
            pass  # a cut last line is ignored on reading anyway
        raise StoreError(f"can't write --out {path}: {exc.strerror or exc}") from None


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data):]
    os.fsync(fd)


def _sync_folder(path: Path) -> None:
    """Make the new file's name itself durable (where the OS allows it)."""
    try:
        fd = os.open(path.parent if str(path.parent) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
