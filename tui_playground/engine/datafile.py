"""Your own data: points from a CSV file (columns x, y, label; header optional).

Classification labels may be -1/1, 0/1, or two distinct strings (the first in
sorted order becomes -1, orange); 3..6 names are as many classes (numbered in
sorted order); other numeric labels mean regression and are scaled linearly
onto [-1, 1]. The file's own coordinates and label names are kept with the
points (datasets.Units), for exports in the user's units. Points are rescaled into the playground's plane
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..config import MAX_CLASSES
from .file_reading import UnreadableFile, read_regular_file

if TYPE_CHECKING:  # NumPy loads with the points, not with the error class (`spiral-tui --help` imports it)
    import numpy as np

    from .datasets import Dataset, Units
    from .rng import SeededRandom

MAX_ROWS = 100_000
MAX_BYTES = 32 << 20  # 100,000 rows of long numbers take about 6 MB
MAX_COORDINATE = 1e6  # kept coordinates beyond this would only overflow the features (x1^2, ...)
HALF_RANGE = 5.0  # rescaled points fill [-5, 5], inside the [-6, 6] view
MAX_REPORTED = 3  # bad rows named in the one-line error


class DataFileError(ValueError):
    """A data file that can't be used; the message is one line."""


@dataclass(frozen=True)
class PointFile:
    """Points ready for training. points: [(x, y, label)] after rescaling
    (plane = (file - offset) * scale); raw: the file's own (x, y) of each point."""

    path: str
    problem: str
    points: tuple[tuple[float, float, float], ...]
    description: str  # how labels and coordinates were mapped, for the user
    # Per point True for a test point, when every row has a fourth column
    # `train` or `test` (the files spiral-tui writes); else None.
    test: tuple[bool, ...] | None = None
    classes: int = 2  # 2 also for regression
    class_names: tuple[str, ...] = ()  # the file's label of each class value (-1, +1 or 0..K-1)
    offset: tuple[float, float] = (0.0, 0.0)
    scale: tuple[float, float] = (1.0, 1.0)
    raw: tuple[tuple[float, float], ...] = ()
    raw_labels: tuple[float, ...] | None = None  # regression: the file's own values
    label_range: tuple[float, float] | None = None  # regression: (lo, hi) -> -1..1

    def units(self, train: list[int], test: list[int]) -> Units:
        """The file's units, with the own coordinates of the points at these rows."""
        import numpy as np

        from .datasets import Units

        raw = np.array(self.raw, dtype=np.float64).reshape(-1, 2)
        labels = None if self.raw_labels is None else np.array(self.raw_labels, dtype=np.float64)
        pick: Callable[[np.ndarray | None, list[int]], np.ndarray | None] = (  # noqa: E731
            lambda a, rows: None if a is None else _frozen(a[rows]))
        return Units(self.offset, self.scale, self.class_names, self.label_range,
                     pick(raw, train), pick(raw, test), pick(labels, train), pick(labels, test))


class ClassCountError(DataFileError):
    """A class count was asked for and the file has another; `asked`, `found`
    and `names` (the file's labels, shortened) let the caller say it its way."""

    def __init__(self, path: str, asked: int, found: int, names: str):
        super().__init__(f"{path}: {asked} classes asked for, but the file has {found} labels ({names})")
        self.asked, self.found, self.names = asked, found, names


@dataclass(frozen=True)
class _Labels:
    values: list[float]
    problem: str
    note: str
    classes: int = 2
    names: tuple[str, ...] = ()
    label_range: tuple[float, float] | None = None


def load_points(path: str, rescale: bool = True, problem: str | None = None, classes: int | None = None,
                keep_classes: bool = False, plane_columns: bool = False) -> PointFile:
    """Read and check a points CSV. `problem` forces classification/regression;
    `classes` asks for that many distinct labels (ClassCountError if the file
    has another number); None: as many as the file has (names, or numbers with
    problem "classification"; other numbers mean regression).
    `keep_classes` (points placed by hand, read back): class labels that are
    already class values (-1 and 1 for two classes, whole numbers 0..K-1 for
    K) stay as they are, even when some class has no point. `plane_columns`:
    a file with columns plane_x, plane_y (spiral-tui writes them) is placed by
    those, exactly, instead of being rescaled."""
    rows = _read_rows(path)
    header, xs, ys, labels, splits, plane = _parse_rows(path, rows)
    mapped = _map_labels(path, labels, problem, classes, keep_classes)
    raw = tuple(zip(xs, ys))
    if plane_columns and plane is not None:
        offset, scale = _fitted_map(raw, plane)
        (xs, ys), scale_note = plane, "placed by its plane_x, plane_y columns"
    else:
        xs, ys, scale_note, offset, scale = _place(path, xs, ys, rescale)
    points = tuple(zip(xs, ys, mapped.values))
    name = os.path.basename(path)
    test = tuple(s == "test" for s in splits) if all(s in ("train", "test") for s in splits) else None
    raw_labels = tuple(float(v) for v in labels) if mapped.problem == "regression" else None
    return PointFile(path, mapped.problem, points, f"{name}: {len(points)} points, {mapped.note}, {scale_note}", test,
                     mapped.classes, mapped.names, offset, scale, raw, raw_labels, mapped.label_range)


def file_dataset(pf: PointFile, name: str, train_pct: int, rng: SeededRandom) -> Dataset:
    """The file's points shuffled with the stream (the playground's shuffle, as
    for a generated set) and split by the train share; a file that says each
    point's split (train/test, both present) keeps its own split and order, the
    stream still drawn as for a shuffle, so that a run written out by
    --export-data reads back to the same run."""
    import numpy as np

    from .datasets import Dataset

    n = len(pf.points)
    order = list(range(n))
    rng.shuffle(order)  # the very draws and swaps of shuffling the points themselves
    if pf.test is not None and 0 < sum(pf.test) < n:
        train = [k for k in range(n) if not pf.test[k]]
        test = [k for k in range(n) if pf.test[k]]
    else:
        split = math.floor(n * train_pct / 100)
        train, test = order[:split], order[split:]
    table = np.array(pf.points, dtype=np.float64).reshape(-1, 3)
    columns: Callable[[list[int]], tuple[np.ndarray, np.ndarray]] = (  # noqa: E731
        lambda rows: (_frozen(table[rows, :2]), _frozen(table[rows, 2])))
    (train_xy, train_y), (test_xy, test_y) = columns(train), columns(test)
    return Dataset(name, 0, train_pct, train_xy, train_y, test_xy, test_y, pf.units(train, test))


def _frozen(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    a.flags.writeable = False
    return a


def _map_labels(path: str, labels: list[str], problem: str | None, classes: int | None,
                keep_classes: bool) -> _Labels:
    kept = _kept_classes(labels, classes) if keep_classes and problem != "regression" else None
    if kept is not None:
        return kept
    numeric = all(_is_number(v) for v in set(labels))
    values: list[Any] = labels  # the labels' texts, or their numbers when all are numbers
    if numeric:  # by value: 1 and 1.0 are one class
        values = [float(v) for v in labels]
        if not all(map(math.isfinite, values)):
            raise DataFileError(f"{path}: labels must be finite numbers")
    distinct = sorted(set(values))
    regression = problem == "regression" or (problem is None and classes is None and numeric and len(distinct) > 2)
    if regression:
        if not numeric:
            raise DataFileError(f"{path}: regression needs numeric labels (found {distinct[0]!r})")
        return _regression(path, values)
    name = (lambda v: f"{v:g}") if numeric else str
    names = tuple(name(v) for v in distinct)
    _check_count(path, names, classes)
    return _class_values(values, distinct, names)


def _shown(names: tuple[str, ...], most: int = 7) -> str:
    return ", ".join(names[:most]) + (", ..." if len(names) > most else "")


def _check_count(path: str, names: tuple[str, ...], classes: int | None) -> None:
    found = len(names)
    if classes is not None and found != classes:
        raise ClassCountError(path, classes, found, _shown(names))
    if not 2 <= found <= MAX_CLASSES:
        raise DataFileError(f"{path}: classification needs 2 to {MAX_CLASSES} distinct labels, "
                            f"found {found} ({_shown(names)})")


def _class_values(values: list[Any], distinct: list[Any], names: tuple[str, ...]) -> _Labels:
    """Two classes: the first label in sorted order -> -1 (orange), the other
    +1 (blue); K classes: class numbers 0..K-1 in sorted order."""
    if len(distinct) == 2:
        negative = distinct[0]
        note = f"class {names[0]} -> -1 (orange), {names[1]} -> +1 (blue)"
        return _Labels([-1.0 if v == negative else 1.0 for v in values], "classification", note, 2, names)
    number = {v: float(k) for k, v in enumerate(distinct)}
    note = "classes " + ", ".join(f"{n} -> {k}" for k, n in enumerate(names))
    return _Labels([number[v] for v in values], "classification", note, len(distinct), names)


def _kept_classes(labels: list[str], classes: int | None) -> _Labels | None:
    """The labels as class values if they all are already (see load_points), else
    None. Without a class count: -1/1 only are kept (as two classes)."""
    allowed = {-1.0, 1.0} if classes in (None, 2) else {float(k) for k in range(classes)}
    try:
        values = [float(v) for v in labels]
    except ValueError:
        return None
    if not set(values) <= allowed:
        return None
    K = classes or 2
    names = ("-1", "1") if K == 2 else tuple(str(k) for k in range(K))
    return _Labels(values, "classification", "class labels as written", K, names)


def _read_rows(path: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of the non-empty, non-comment lines."""
    try:
        text = read_regular_file(path, MAX_BYTES).decode("utf-8-sig")
        f = io.StringIO(text, newline="")
        dialect = _dialect(text[:4096])
        rows: list[tuple[int, list[str]]] = []
        reader = csv.reader(f, dialect)
        for fields in reader:
            line = len(rows) + 1
            rows.append((line, [x.strip() for x in fields]))
            if len(rows) > MAX_ROWS + 1:
                raise DataFileError(f"{path}: more than {MAX_ROWS:,} rows; at most {MAX_ROWS:,} are supported")
    except UnreadableFile as exc:
        raise DataFileError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: not a readable CSV text file ({exc.__class__.__name__})") from None
    except csv.Error as exc:  # e.g. a 200 KB field: say which line and what, not just "(Error)"
        raise DataFileError(f"{path}: not a readable CSV text file (line {reader.line_num}: {exc})") from None
    return [(n, r) for n, r in rows if any(r) and not r[0].startswith("#")]


def _dialect(sample: str) -> type[csv.Dialect]:
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


def _parse_rows(path: str, rows: list[tuple[int, list[str]]]) -> tuple[
        tuple[str, ...], list[float], list[float], list[str], list[str], tuple[list[float], list[float]] | None]:
    """-> the header (lower case, () when none), x, y, label and the fourth
    column (lower case, '' when missing) of each row, and the plane_x, plane_y
    columns' numbers when the header names them (else None)."""
    header: tuple[str, ...] = ()
    if rows and not any(_is_number(f) for f in rows[0][1][:2]):
        header, rows = tuple(f.lower() for f in rows[0][1]), rows[1:]  # a header such as x,y,label
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
    return header, xs, ys, labels, splits, _plane_columns(header, rows)


def _plane_columns(header: tuple[str, ...],
                   rows: list[tuple[int, list[str]]]) -> tuple[list[float], list[float]] | None:
    """The plane_x, plane_y columns, when named and numbers in every row."""
    if "plane_x" not in header or "plane_y" not in header:
        return None
    cx, cy = header.index("plane_x"), header.index("plane_y")
    try:
        xs = [float(f[cx]) for _, f in rows]
        ys = [float(f[cy]) for _, f in rows]
    except (IndexError, ValueError):
        return None
    return (xs, ys) if all(map(math.isfinite, xs + ys)) else None


def _fitted_map(raw: Sequence[tuple[float, float]],
                plane: tuple[list[float], list[float]]) -> tuple[tuple[float, float], tuple[float, float]]:
    """offset, scale with plane = (raw - offset) * scale, per axis, from the two
    points farthest apart on it (the file's own units, for saving them back);
    the identity where they don't tell."""
    offset, scale = [0.0, 0.0], [1.0, 1.0]
    for axis in (0, 1):
        own = [p[axis] for p in raw]
        lo, hi = own.index(min(own)), own.index(max(own))
        if own[hi] > own[lo] and plane[axis][hi] != plane[axis][lo]:
            scale[axis] = (plane[axis][hi] - plane[axis][lo]) / (own[hi] - own[lo])
            offset[axis] = own[lo] - plane[axis][lo] / scale[axis]
    return (offset[0], offset[1]), (scale[0], scale[1])


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


def _regression(path: str, values: list[float]) -> _Labels:
    lo, hi = min(values), max(values)
    if lo == hi:
        raise DataFileError(f"{path}: all labels are {lo:g}; regression needs different values")
    if math.isfinite(hi - lo):
        scaled = [-1.0 + 2.0 * (v - lo) / (hi - lo) for v in values]
    else:  # a span beyond the largest float (-1e308..1e308): by the halves, which can't overflow
        scaled = [-1.0 + 2.0 * ((v / 2 - lo / 2) / (hi / 2 - lo / 2)) for v in values]
    return _Labels(scaled, "regression", f"labels {lo:g}..{hi:g} scaled to -1..1", label_range=(lo, hi))


def _place(path: str, xs: list[float], ys: list[float], rescale: bool) -> tuple[
        list[float], list[float], str, tuple[float, float], tuple[float, float]]:
    """The coordinates to train on (rescaled, or as given if small enough), a
    note, and the map's offset and scale (plane = (file - offset) * scale)."""
    if not rescale:
        big = next((v for v in xs + ys if abs(v) > MAX_COORDINATE), None)
        if big is not None:
            raise DataFileError(f"{path}: coordinate {big:g} is too large to keep as given "
                                f"(at most {MAX_COORDINATE:g} in size); rescale the points instead")
        return xs, ys, "coordinates as given", (0.0, 0.0), (1.0, 1.0)
    cx, cy = _middle(xs), _middle(ys)
    half = max(max(xs) - cx, max(ys) - cy)
    factor = HALF_RANGE / half if half > 0 else 1.0
    xs, ys = [(x - cx) * factor for x in xs], [(y - cy) * factor for y in ys]
    if not all(map(math.isfinite, xs + ys + [factor])):  # spread over the whole float range, or pinned to one spot
        raise DataFileError(f"{path}: the coordinates can't be rescaled into the plane "
                            "(their spread is too large or too small for floating point)")
    return xs, ys, f"coordinates centred on ({cx:g}, {cy:g}) and scaled x{factor:.4g}", (cx, cy), (factor, factor)


def _middle(values: list[float]) -> float:
    lo, hi = min(values), max(values)
    middle = (lo + hi) / 2
    return middle if math.isfinite(middle) else lo / 2 + hi / 2  # the sum overflowed
