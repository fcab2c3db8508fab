"""Files spiral-tui writes for other programs: loss, grid and points CSVs and the
trained model (.npz, .onnx), atomically.

One place for both front ends: `spiral-tui train` and the app's export key
write the very same files, and nothing else is clobbered (`write_atomic`):
- A symlink is written through: its target gets the new contents, the link
  stays a link (a dangling link's target is created).
- Only regular files are replaced: a directory, device (`/dev/stdout`,
  `/dev/full`), FIFO or socket at the path is refused, as is a read-only file.
- A path that is this process's own stdout or stderr, redirected to a file
  (`--csv /dev/stdout >> log.txt`), is written into that stream, after what it
  already holds: replacing the file would drop the log's earlier lines and
  everything printed after.
- Atomic: the text goes to a uniquely named temp file next to the target,
  which is then renamed over it, so a crash leaves the old file or the new
  one; the temp file is removed on any failure.
- A replaced file keeps its permissions (and owner, where allowed); a new file
  gets the umask's mode like any other program's (the kernel applies it).
- `check_output` / `check_run_files` find an output that can't be written, or
  one that would overwrite an input, before the work starts.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..engine.file_reading import kind_of

if TYPE_CHECKING:
    import numpy as np

    from ..engine.datasets import Dataset
    from ..engine.training import Trainer

LOSS_HEADER = ["epoch", "train_loss", "test_loss"]
GRID_HEADER = ["x", "y", "output"]
Flagged = list[tuple[str, "str | None"]]  # (flag, path or None when not given)


class OutputError(OSError):
    """An output path that can't or mustn't be written; the message is one line
    without the path (callers put it in front)."""


def output_target(path: str | os.PathLike) -> Path:
    """The regular file a write to `path` lands in (symlinks followed). Raises OutputError."""
    text = os.fspath(path)
    if not text.strip():
        raise OutputError("an empty file name")
    if "\0" in text:
        raise OutputError("a file name can't contain a NUL character")
    if text.endswith(os.sep):
        raise OutputError("names a folder; give a file name")
    try:
        target = Path(os.path.realpath(text))
        st = os.stat(text)  # the path itself: /dev/stdout on a pipe resolves to no real name
    except FileNotFoundError:
        st = None
    except OSError as exc:  # a symlink loop, a name too long, a folder we can't look into
        raise OutputError(exc.strerror or str(exc)) from None
    except ValueError:  # a name that can't be encoded (a lone surrogate outside argv's range)
        raise OutputError("not a valid file name") from None
    if st is not None:
        kind = kind_of(st.st_mode)
        if kind:
            raise OutputError(f"is {kind}; only a regular file can be written")
        if not st.st_mode & 0o222:
            raise OutputError("is a read-only file")
    if not target.parent.is_dir():
        raise OutputError(f"folder {target.parent} does not exist")
    return target


def check_output(path: str | os.PathLike) -> Path:
    """`output_target`, and proof that a file can be created next to it (a temp
    file is made and removed: this sees read-only file systems and root-proof
    folders such as /sys, which permission bits alone don't). Raises OutputError."""
    target = output_target(path)
    try:
        fd, tmp = _create_temp(target)
    except OSError as exc:
        raise OutputError(f"can't write in folder {target.parent} ({exc.strerror or exc})") from None
    os.close(fd)
    tmp.unlink(missing_ok=True)
    return target


def write_atomic(path: str | os.PathLike, text: str | bytes) -> Path:
    """Write `text` (str as UTF-8) to `path` as described above; returns the file
    written. Raises OutputError or OSError."""
    target = output_target(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd = _standard_stream_at(target)
    if fd is not None:
        _write_to_stream(fd, data)
        return target
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    fd, tmp = _create_temp(target)
    try:
        with os.fdopen(fd, "wb") as f:
            if old is not None:
                _keep_mode_and_owner(f.fileno(), old)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _standard_stream_at(target: Path) -> int | None:
    """1 or 2 when that descriptor is the regular file `target`, else None."""
    try:
        st = os.stat(target)
    except OSError:
        return None
    for fd in (1, 2):
        try:
            own = os.fstat(fd)
        except OSError:
            continue
        if stat.S_ISREG(own.st_mode) and (own.st_dev, own.st_ino) == (st.st_dev, st.st_ino):
            return fd
    return None


def _write_to_stream(fd: int, data: bytes) -> None:
    """`data` into descriptor 1 or 2, after what Python's stream for it holds."""
    import sys

    stream = sys.stdout if fd == 1 else sys.stderr
    if stream is not None:
        stream.flush()
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def check_run_files(outputs: Flagged, inputs: Flagged, may_replace: tuple[tuple[str, str], ...] = ()) -> None:
    """Before any work: no empty names; every output writable (`check_output`);
    no two outputs on one file; no output on an input (pairs in `may_replace`,
    (output flag, input flag), excepted: `--save` over `--load` updates a
    session, which is read in full before anything is written). Raises
    OutputError; the message names the flag."""
    for flag, path in inputs + outputs:
        if path is not None and not path.strip():
            raise OutputError(f"{flag}: an empty file name")
    given = [(flag, path) for flag, path in outputs if path]
    for flag, path in given:
        try:
            check_output(path)
        except OutputError as exc:
            raise OutputError(f"{flag} {path}: {exc}") from None
    for n, (flag, path) in enumerate(given):
        for other, other_path in given[n + 1:]:
            if same_file(path, other_path):
                raise OutputError(f"{flag} and {other} name the same file ({other_path}); give each its own")
        for source, source_path in inputs:
            if source_path and (flag, source) not in may_replace and same_file(path, source_path):
                raise OutputError(f"{flag} {path} is the {source} file; writing it would destroy the input, "
                                  "give another name")


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name one file: the same target once symlinks and `..`
    are resolved, or the same inode (hard links, bind mounts)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): different files
        return False


def _create_temp(target: Path) -> tuple[int, Path]:
    """A new, uniquely named file next to `target`, opened for writing. Mode
    0o666 so that the umask decides, as for any file a program creates."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    prefix = "." + target.name[:80]  # a long name + suffix must stay under NAME_MAX
    for _ in range(100):
        tmp = target.with_name(f"{prefix}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name next to {target}")


def _keep_mode_and_owner(fd: int, old: os.stat_result) -> None:
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except OSError:  # only root may give a file away; keeping our own is fine
        pass


def csv_text(header: list[str], rows: Iterable, lineterminator: str = "\n") -> str:
    """A header and rows as CSV text (the csv module's quoting)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator=lineterminator)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def loss_csv(rows: np.ndarray, metrics: list[dict] | None = None) -> str:
    """rows: (n, 3) epoch, train loss, test loss -> CSV; losses with repr (exact).
    metrics: per row a dict of more columns (engine.metrics.columns), same keys."""
    lines = [[int(e), repr(float(tr)), repr(float(te))] for e, tr, te in rows]
    header = list(LOSS_HEADER)
    if metrics:
        header += list(metrics[0])
        for line, m in zip(lines, metrics):
            line += [repr(float(v)) if isinstance(v, float) else v for v in m.values()]
    return csv_text(header, lines)


def write_loss_csv(path: str | Path, rows: np.ndarray, metrics: list[dict] | None = None) -> None:
    """The loss CSV (see loss_csv), written atomically."""
    write_atomic(path, loss_csv(rows, metrics))


def grid_csv(trainer: Trainer, resolution: int = 100) -> str:
    """The network's output over [-6, 6]^2 as CSV rows x, y, output (row 0 is
    y = +6); with K classes x, y, p0..p(K-1), the class probabilities."""
    from ..engine.boundary import grid_axis, neuron_grids

    snap = trainer.snapshot()
    maps = neuron_grids(snap.network, snap.config, resolution)[-1]  # (outputs, res, res)
    header = GRID_HEADER if len(maps) == 1 else ["x", "y", *(f"p{k}" for k in range(len(maps)))]
    axis = grid_axis(resolution)
    rows = ([f"{x:.6g}", f"{y:.6g}", *(f"{m[r, c]:.6g}" for m in maps)]
            for r, y in enumerate(axis[::-1]) for c, x in enumerate(axis))
    return csv_text(header, rows)


def write_grid_csv(path: str | Path, trainer: Trainer) -> None:
    """The grid CSV (see grid_csv), written atomically."""
    write_atomic(path, grid_csv(trainer))


# ---- the data and the trained model ---------------------------------------------

POINTS_HEADER = ["x", "y", "label", "split"]
PLANE_HEADER = ["plane_x", "plane_y"]  # where each point sits on the plane (the `m` editor's L reads them)
MODEL_SUFFIXES = (".npz", ".onnx")


def points_csv(trainer: Trainer) -> str:
    """The train and test points as CSV x, y, label, split, plane_x, plane_y
    (train first, in training order): the format `--data` reads, in the data
    file's own coordinates and label names, exact (repr), so that `--data`
    reads it back to the same run; plane_x, plane_y are the trained-on points."""
    snap = trainer.snapshot()
    return dataset_csv(snap.data, snap.config.problem)


def dataset_csv(d: Dataset, problem: str) -> str:
    """A data set's points as in `points_csv` (points placed by hand, too)."""
    rows = []
    for split, xy, own_xy, own_labels in _own_units(d, problem):
        rows += [[repr(float(x)), repr(float(y)), label, split, repr(float(px)), repr(float(py))]
                 for (x, y), label, (px, py) in zip(own_xy, own_labels, xy)]
    return csv_text(POINTS_HEADER + PLANE_HEADER, rows)


def _own_units(d: Dataset, problem: str):
    """(split, plane xy, own xy, own label texts) of both splits."""
    from ..engine.datasets import Units

    units = d.units or Units()
    for split, xy, labels, own_xy, own_labels in (("train", d.train_xy, d.train_y, units.train_xy, units.train_label),
                                                  ("test", d.test_xy, d.test_y, units.test_xy, units.test_label)):
        if own_xy is None or len(own_xy) != len(xy):
            own_xy = units.to_file(xy)
        yield split, xy, own_xy, _label_texts(labels, own_labels, problem, units)


def _label_texts(labels, own_labels, problem: str, units) -> list[str]:
    """Class names (the file's, else -1/1 or 0..K-1) or regression values exactly."""
    if problem != "classification":
        values = own_labels if own_labels is not None and len(own_labels) == len(labels) else units.label_to_file(labels)
        return [repr(float(v)) for v in values]
    names = units.class_names
    if not names:
        return [str(int(v)) for v in labels]
    two = len(names) == 2
    return [names[(1 if v > 0 else 0) if two else int(v)] for v in labels]


def write_points_csv(path: str | Path, trainer: Trainer) -> None:
    """The points CSV (see points_csv), written atomically."""
    write_atomic(path, points_csv(trainer))


class ModelExportError(ValueError):
    """A model that can't be written as asked; the message is one line."""


def check_model_path(path: str | Path) -> str:
    """The format ('.npz' or '.onnx') a model path asks for; for .onnx, that
    the onnx package is there. Raises ModelExportError (before any training)."""
    suffix = Path(path).suffix.lower()
    if suffix not in MODEL_SUFFIXES:
        raise ModelExportError(f"{path}: a model file name ends in .npz or .onnx")
    if suffix == ".onnx":
        from ..engine.onnx_export import OnnxMissing, require_onnx

        try:
            require_onnx()
        except OnnxMissing as exc:
            raise ModelExportError(str(exc)) from None
    return suffix


def model_bytes(trainer: Trainer, suffix: str) -> bytes:
    """The trained network as a .npz or .onnx file's bytes."""
    from ..engine.model_export import model_spec, npz_bytes

    snap = trainer.snapshot()
    spec = model_spec(snap.network, snap.config, snap.data.units)
    if suffix == ".npz":
        return npz_bytes(spec)
    from ..engine.onnx_export import onnx_bytes

    try:
        return onnx_bytes(spec)
    except (RuntimeError, ValueError) as exc:
        raise ModelExportError(str(exc)) from None


def write_model(path: str | Path, trainer: Trainer) -> None:
    """The trained network, in the format the path's suffix names, atomically.
    Raises ModelExportError, OSError."""
    write_atomic(path, model_bytes(trainer, check_model_path(path)))
