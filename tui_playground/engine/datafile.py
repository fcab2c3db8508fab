"""Your own data: points from a CSV file (columns x, y, label; header optional).

Classification labels may be -1/1, 0/1, or two distinct strings (the first in
sorted order becomes -1, orange); other numeric labels mean regression and are
scaled linearly onto [-1, 1]. Points are rescaled into the playground's plane
(centred, one factor for both axes so shapes keep their proportions, largest
half-range -> 5) unless `rescale` is off. Files over MAX_ROWS rows are refused:
the per-sample training loop would take seconds per epoch, and the picture
could not show them anyway.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass

from .file_reading import UnreadableFile, read_regular_file

MAX_ROWS = 100_000
MAX_BYTES = 32 << 20  # 100,000 rows of long numbers take about 6 MB
MAX_COORDINATE = 1e6  # kept coordinates beyond this would only overflow the features (x1^2, ...)
HALF_RANGE = 5.0  # rescaled points fill [-5, 5], inside the [-6, 6] view
MAX_REPORTED = 3  # bad rows named in the one-line error


class DataFileError(ValueError):
    """A data file that can't be used; the message is one line."""


@dataclass(frozen=True)
class PointFile:
    """Points ready for training. points: [(x, y, label)] after rescaling."""

    path: str
    problem: str
    points: tuple[tuple[float, float, float], ...]
    description: str  # how labels and coordinates were mapped, for the user
    # Per point True for a test point, when every row has a fourth column
    # `train` or `test` (the files spiral-tui writes); else None.
    test: tuple[bool, ...] | None = None


def load_points(path: str, rescale: bool = True, problem: str | None = None, classes: int = 2,
                keep_classes: bool = False) -> PointFile:
    """Read and check a points CSV. `problem` forces classification/regression;
    `classes` > 2 asks for that many distinct labels, numbered 0..K-1.
    `keep_classes` (points placed by hand, read back): class labels that are
    already class values (-1 and 1 for two classes, whole numbers 0..K-1 for
    K) stay as they are, even when some class has no point."""
    rows = _read_rows(path)
    xs, ys, labels, splits = _parse_rows(path, rows)
    kept = _kept_classes(labels, classes) if keep_classes and problem != "regression" else None
    if kept is not None:
        values, problem, label_note = kept, "classification", "class labels as written"
    elif classes > 2:
        values, problem, label_note = _class_numbers(path, labels, classes)
    else:
        values, problem, label_note = _labels(path, labels, problem)
    xs, ys, scale_note = _place(path, xs, ys, rescale)
    points = tuple(zip(xs, ys, values))
    name = os.path.basename(path)
    test = tuple(s == "test" for s in splits) if all(s in ("train", "test") for s in splits) else None
    return PointFile(path, problem, points, f"{name}: {len(points)} points, {label_note}, {scale_note}", test)


def _kept_classes(labels: list[str], classes: int) -> list[float] | None:
    """The labels as class values if they all are already (see load_points), else None."""
    allowed = {-1.0, 1.0} if classes == 2 else {float(k) for k in range(classes)}
    try:
        values = [float(v) for v in labels]
    except ValueError:
        return None
    return values if set(values) <= allowed else None


def _read_rows(path: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of the non-empty, non-comment lines."""
    try:
        text = read_regular_file(path, MAX_BYTES).decode("utf-8-sig")
        f = io.StringIO(text, newline="")
        dialect = _dialect(text[:4096])
        rows = []
        for fields in csv.reader(f, dialect):
            line = len(rows) + 1
            rows.append((line, [x.strip() for x in fields]))
            if len(rows) > MAX_ROWS + 1:
                raise DataFileError(f"{path}: more than {MAX_ROWS:,} rows; at most {MAX_ROWS:,} are supported")
    except UnreadableFile as exc:
        raise DataFileError(f"{path}: {exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(f"{path}: not a readable CSV text file ({exc.__class__.__name__})") from None
    return [(n, r) for n, r in rows if any(r) and not r[0].startswith("#")]


def _dialect(sample: str):
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _parse_rows(path: str, rows) -> tuple[list[float], list[float], list[str], list[str]]:
    """-> x, y, label and the fourth column (lower case, '' when missing) of each row."""
    if rows and not any(_is_number(f) for f in rows[0][1][:2]):
        rows = rows[1:]  # a header such as x,y,label
    if not rows:
        raise DataFileError(f"{path}: no data rows (expected columns x, y, label)")
    xs, ys, labels, splits, bad = [], [], [], [], []
    for line, fields in rows:
        problem = _row_problem(fields)
        if problem:
            bad.append(f"line {line}: {problem}")
            continue
        xs.append(float(fields[0]))
        ys.append(float(fields[1]))
        labels.append(fields[2])
        splits.append(fields[3].lower() if len(fields) > 3 else "")
    if bad:
        more = f" ({len(bad)} bad rows in all)" if len(bad) > MAX_REPORTED else ""
        raise DataFileError(f"{path}: {'; '.join(bad[:MAX_REPORTED])}{more}")
    return xs, ys, labels, splits


def _row_problem(fields: list[str]) -> str | None:
    if len(fields) < 3:
        return f"expected 3 columns x, y, label, found {len(fields)}"
    for name, text in zip("xy", fields):
        if not _is_number(text):
            return f"{name} is not a number ({text!r})"
        if not math.isfinite(float(text)):
            return f"{name} is {text}"
    if not fields[2]:
        return "empty label"
    return None


def _labels(path: str, labels: list[str], problem: str | None) -> tuple[list[float], str, str]:
    """Labels -> values in [-1, 1], the problem type, and a note on the mapping."""
    numeric = all(_is_number(v) for v in set(labels))
    if numeric:  # by value: 1 and 1.0 are one class
        labels = [float(v) for v in labels]
        if not all(map(math.isfinite, labels)):
            raise DataFileError(f"{path}: labels must be finite numbers")
    distinct = sorted(set(labels))
    if problem == "regression" or (problem is None and numeric and len(distinct) > 2):
        if not numeric:
            raise DataFileError(f"{path}: regression needs numeric labels (found {distinct[0]!r})")
        return _regression(path, labels)
    name = (lambda v: f"{v:g}") if numeric else str
    if len(distinct) != 2:
        found = ", ".join(name(v) for v in distinct[:5]) + (", ..." if len(distinct) > 5 else "")
        hint = f"; for {len(distinct)} classes add --classes {len(distinct)}" if 2 < len(distinct) <= 6 else ""
        raise DataFileError(f"{path}: classification needs exactly two classes, found {len(distinct)} ({found}){hint}")
    negative, positive = distinct
    values = [-1.0 if v == negative else 1.0 for v in labels]
    return values, "classification", f"class {name(negative)} -> -1 (orange), {name(positive)} -> +1 (blue)"


def _class_numbers(path: str, labels: list[str], classes: int) -> tuple[list[float], str, str]:
    """K distinct labels (numbers by value and in numeric order, else names in
    sorted order) -> class numbers 0..K-1."""
    numeric = all(_is_number(v) for v in set(labels))
    if numeric:  # 1 and 1.0 are one class
        labels = [float(v) for v in labels]
        if not all(map(math.isfinite, labels)):
            raise DataFileError(f"{path}: labels must be finite numbers")
    name = (lambda v: f"{v:g}") if numeric else str
    distinct = sorted(set(labels))
    if len(distinct) != classes:
        found = ", ".join(name(v) for v in distinct[:7]) + (", ..." if len(distinct) > 7 else "")
        raise DataFileError(f"{path}: {classes} classes need {classes} distinct labels, found {len(distinct)} ({found})")
    number = {v: float(k) for k, v in enumerate(distinct)}
    mapping = ", ".join(f"{name(v)} -> {k}" for k, v in enumerate(distinct))
    return [number[v] for v in labels], "classification", f"classes {mapping}"


def _regression(path: str, values: list[float]) -> tuple[list[float], str, str]:
    lo, hi = min(values), max(values)
    if lo == hi:
        raise DataFileError(f"{path}: all labels are {lo:g}; regression needs different values")
    scaled = [-1.0 + 2.0 * (v - lo) / (hi - lo) for v in values]
    return scaled, "regression", f"labels {lo:g}..{hi:g} scaled to -1..1"


def _place(path: str, xs: list[float], ys: list[float], rescale: bool) -> tuple[list[float], list[float], str]:
    """The coordinates to train on (rescaled, or as given if small enough)."""
    if not rescale:
        big = next((v for v in xs + ys if abs(v) > MAX_COORDINATE), None)
        if big is not None:
            raise DataFileError(f"{path}: coordinate {big:g} is too large to keep as given "
                                f"(at most {MAX_COORDINATE:g} in size); rescale the points instead")
        return xs, ys, "coordinates as given"
    xs, ys, note = _rescale(xs, ys)
    if not all(map(math.isfinite, xs + ys)):  # spread over the whole float range, or pinned to one spot
        raise DataFileError(f"{path}: the coordinates can't be rescaled into the plane "
                            "(their spread is too large or too small for floating point)")
    return xs, ys, note


def _rescale(xs: list[float], ys: list[float]) -> tuple[list[float], list[float], str]:
    cx, cy = _middle(xs), _middle(ys)
    half = max(max(xs) - cx, max(ys) - cy)
    factor = HALF_RANGE / half if half > 0 else 1.0
    note = f"coordinates centred on ({cx:g}, {cy:g}) and scaled x{factor:.4g}"
    return [(x - cx) * factor for x in xs], [(y - cy) * factor for y in ys], note


def _middle(values: list[float]) -> float:
    lo, hi = min(values), max(values)
    middle = (lo + hi) / 2
    return middle if math.isfinite(middle) else lo / 2 + hi / 2  # the sum overflowed
