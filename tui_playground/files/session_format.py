"""The session file format, and checking a file of it before anything is built.

A session is JSON written by spiral-tui, but the file may be anything: damaged,
hand-edited, or made to hurt. `parse_session` reads it with a bounded size
and nesting; `check_session` checks every field's type, range and shape, so a
bad file is one line naming the field, never a traceback, a hang, or a
Trainer that fails later (a history stride of 0 divided by zero on the first
step). Weights may be non-finite only in a session that had diverged.
"""

from __future__ import annotations

import json
import os

from ..config import MAX_CLASSES, OPTIMIZERS
from ..engine.datafile import MAX_COORDINATE, MAX_ROWS
from ..engine.file_reading import UnreadableFile, read_regular_file  # noqa: F401 (callers catch it)
from .json_fields import FieldCheck, is_int, is_number, short

FORMAT = "spiral-tui session"
VERSION = 1
MAX_BYTES = 64 << 20  # 100,000 points of data take about 7 MB
MAX_EPOCH = 10**15
MAX_HISTORY_ROWS = 100_000  # the app keeps at most 4,096
MAX_STRIDE = 2**50
MAX_UPDATES = 2**53  # optimizer updates so far: counted in a float64
ARC4_WIDTH = 256


class SessionFormatError(ValueError):
    """What is wrong with a session file; one line without the path."""


_CHECK = FieldCheck(SessionFormatError)  # the shared field checks, raising this format's error
_field, _int = _CHECK.field, _CHECK.whole_number


def parse_session(path: str | os.PathLike) -> dict:
    """The JSON object in a session file. Raises UnreadableFile (not a regular
    file, too big, can't be opened) or SessionFormatError."""
    raw = read_regular_file(path, MAX_BYTES)
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some Windows editors save, is no error
    except UnicodeDecodeError:
        raise SessionFormatError("not a spiral-tui session (not text)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SessionFormatError(f"not a spiral-tui session, or truncated (bad JSON at line {exc.lineno})") from None
    except RecursionError:
        raise SessionFormatError("not a spiral-tui session (brackets nested too deep)") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise SessionFormatError("not a spiral-tui session (a number with too many digits)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionFormatError("not a spiral-tui session file")
    return data


def check_session(data: dict) -> None:
    """Every field of a parsed session, except the config's values (Config checks
    those). Raises SessionFormatError naming the first bad field."""
    _CHECK.version(data, VERSION, f"saved by a newer spiral-tui (session version {{version}}; this one reads {VERSION})")
    config = _field(data, "config", dict)
    for key in ("features", "layers"):
        if key in config and not isinstance(config[key], list):
            raise SessionFormatError(f"config.{key} must be a list (got {short(config[key])})")
    _int(data, "epoch", 0, MAX_EPOCH)
    diverged = _field(data, "diverged", bool)
    sizes = _sizes(data)
    finite = not diverged
    _layers(data, "weights", sizes, matrix=True, finite=finite)
    _layers(data, "biases", sizes, matrix=False, finite=finite)
    _layers(data, "dead", sizes, matrix=True, finite=True, flags=True)
    acc = _field(data, "accumulated", dict)
    _layers(acc, "weights", sizes, matrix=True, finite=finite, where="accumulated.")
    _layers(acc, "biases", sizes, matrix=False, finite=finite, where="accumulated.")
    count = _field(acc, "count", (int, float), "accumulated.")
    if not (is_number(count, finite=True) and count >= 0):
        raise SessionFormatError(f"accumulated.count must be a number >= 0 (got {short(count)})")
    if "optimizer" in data:  # absent in sessions saved before the optimizers
        _optimizer(_field(data, "optimizer", dict), sizes, finite)
    if "stop_watch" in data:
        _stop_watch(_field(data, "stop_watch", dict))
    _rng(_field(data, "rng", dict))
    _history(_field(data, "history", dict), data["epoch"])
    _data(_field(data, "data", dict))


# ---- fields ----------------------------------------------------------------------


def _sizes(data: dict) -> list[int]:
    sizes = _field(data, "sizes", list)
    if not 2 <= len(sizes) <= 8 or not all(is_int(n) and 1 <= n <= 8 for n in sizes):
        raise SessionFormatError(f"sizes must be 2 to 8 whole numbers from 1 to 8 (got {short(sizes)})")
    return sizes


def _layers(d: dict, key: str, sizes: list[int], matrix: bool, finite: bool, flags: bool = False,
            where: str = "") -> None:
    """Per layer l: a sizes[l] x sizes[l+1] matrix, or a sizes[l+1] vector, of numbers."""
    layers = _field(d, key, list, where)
    if len(layers) != len(sizes) - 1:
        raise SessionFormatError(f"{where}{key} must have {len(sizes) - 1} layers (got {len(layers)})")
    for l, values in enumerate(layers):
        name = f"{where}{key}[{l}]"
        rows = values if matrix else [values]
        shape = (sizes[l], sizes[l + 1]) if matrix else (1, sizes[l + 1])
        if not isinstance(values, list) or len(rows) != shape[0]:
            raise SessionFormatError(f"{name} must be {_shape_text(shape, matrix)}")
        for row in rows:
            if not isinstance(row, list) or len(row) != shape[1] or not all(is_number(v, finite) for v in row):
                raise SessionFormatError(f"{name} must be {_shape_text(shape, matrix)}"
                                         + (" (finite)" if finite and not flags else ""))
            if flags and not all(v in (0, 1) for v in row):
                raise SessionFormatError(f"{name} must hold only 0 and 1")


def _optimizer(opt: dict, sizes: list[int], finite: bool) -> None:
    name = opt.get("name", "sgd")  # absent in sessions saved before it
    if not (isinstance(name, str) and name in OPTIMIZERS):
        raise SessionFormatError(f"optimizer.name must be one of {', '.join(OPTIMIZERS)} (got {short(name)})")
    for key in ("weights_1", "weights_2"):
        _layers(opt, key, sizes, matrix=True, finite=finite, where="optimizer.")
    for key in ("biases_1", "biases_2"):
        _layers(opt, key, sizes, matrix=False, finite=finite, where="optimizer.")
    updates = _field(opt, "updates", (int, float), "optimizer.")
    if not (is_number(updates, True) and 0 <= updates <= MAX_UPDATES and float(updates).is_integer()):
        raise SessionFormatError(f"optimizer.updates must be a whole number from 0 to {MAX_UPDATES:,} "
                                 f"(got {short(updates)})")


def _stop_watch(watch: dict) -> None:
    best = _field(watch, "best", (int, float), "stop_watch.")
    if isinstance(best, bool) or not is_number(best, False):
        raise SessionFormatError(f"stop_watch.best must be a number (got {short(best)})")
    _int(watch, "since", 0, MAX_EPOCH, "stop_watch.")
    reason = watch.get("reason")
    if reason not in (None, "until-loss", "patience", "max-epochs"):
        raise SessionFormatError(f"stop_watch.reason must be null, until-loss, patience or max-epochs "
                                 f"(got {short(reason)})")


def _rng(rng: dict) -> None:
    _field(rng, "seed", str, "rng.")
    s = _field(rng, "s", list, "rng.")
    if sorted(v for v in s if is_int(v)) != list(range(ARC4_WIDTH)):
        raise SessionFormatError(f"rng.s must be the numbers 0 to {ARC4_WIDTH - 1} in some order")
    _int(rng, "i", 0, ARC4_WIDTH - 1, "rng.")
    _int(rng, "j", 0, ARC4_WIDTH - 1, "rng.")


def _history(history: dict, epoch: int) -> None:
    _int(history, "stride", 1, MAX_STRIDE, "history.")
    rows = _field(history, "rows", list, "history.")
    if len(rows) > MAX_HISTORY_ROWS:
        raise SessionFormatError(f"history.rows: at most {MAX_HISTORY_ROWS:,} rows (got {len(rows):,})")
    for n, row in enumerate(rows):
        # losses may be NaN/inf (a diverged run); the epoch is a whole number up to the session's
        if not (isinstance(row, list) and len(row) == 3 and all(is_number(v, False) for v in row)
                and float(row[0]).is_integer() and 0 <= row[0] <= epoch):
            raise SessionFormatError(f"history.rows[{n}] must be [epoch, train loss, test loss] "
                                     f"with epoch 0 to {epoch} (got {short(row)})")


def _data(data: dict) -> None:
    _field(data, "name", str, "data.")
    _int(data, "noise", 0, 50, "data.")
    _int(data, "train_pct", 10, 90, "data.")
    total = 0
    for key in ("train", "test"):
        points = _field(data, key, list, "data.")
        if not points:
            raise SessionFormatError(f"data.{key} has no points")
        total += len(points)
        if total > MAX_ROWS:
            raise SessionFormatError(f"data: more than {MAX_ROWS:,} points")
        for n, p in enumerate(points):
            if not (isinstance(p, list) and len(p) == 3 and all(is_number(v, True) for v in p)
                    and abs(p[0]) <= MAX_COORDINATE and abs(p[1]) <= MAX_COORDINATE):
                raise SessionFormatError(f"data.{key}[{n}] must be [x, y, label]: finite numbers, "
                                         f"x and y at most {MAX_COORDINATE:g} in size (got {short(p)})")
    if "units" in data:  # absent for generated data and in sessions saved before it
        _units(_field(data, "units", dict, "data."), len(data["train"]), len(data["test"]))


MAX_CLASS_NAME = 200  # characters of one class name


def _units(units: dict, n_train: int, n_test: int) -> None:
    """A points file's own units (session._units_dict): finite numbers, a scale
    that is not 0, at most MAX_CLASSES short names, and one row per point."""
    for key in ("offset", "scale"):
        pair = _field(units, key, list, "data.units.")
        if not (len(pair) == 2 and all(is_number(v, True) for v in pair)) or (key == "scale" and 0 in pair):
            raise SessionFormatError(f"data.units.{key} must be two finite numbers"
                                     f"{' other than 0' if key == 'scale' else ''} (got {short(pair)})")
    names = _field(units, "class_names", list, "data.units.")
    if len(names) > MAX_CLASSES or not all(isinstance(n, str) and 0 < len(n) <= MAX_CLASS_NAME for n in names):
        raise SessionFormatError(f"data.units.class_names must be at most {MAX_CLASSES} names "
                                 f"of 1 to {MAX_CLASS_NAME} characters (got {short(names)})")
    span = units.get("label_range")
    if span is not None and not (isinstance(span, list) and len(span) == 2 and all(is_number(v, True) for v in span)):
        raise SessionFormatError(f"data.units.label_range must be null or two finite numbers (got {short(span)})")
    for key, count in (("train", n_train), ("test", n_test)):
        rows = units.get(key)
        if rows is None:
            continue
        width = 2 if span is None else 3
        if not (isinstance(rows, list) and len(rows) == count):
            raise SessionFormatError(f"data.units.{key} must be null or one row per {key} point ({count})")
        for n, row in enumerate(rows):
            if not (isinstance(row, list) and len(row) == width and all(is_number(v, True) for v in row)):
                raise SessionFormatError(f"data.units.{key}[{n}] must be {width} finite numbers (got {short(row)})")


def _shape_text(shape: tuple[int, int], matrix: bool) -> str:
    if matrix:
        return f"{shape[0]} lists of {shape[1]} numbers"
    return f"a list of {shape[1]} numbers"
