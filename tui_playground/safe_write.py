"""Writing files the user named without clobbering anything else.

- A symlink is written through: its target gets the new contents, the link
  stays a link (a dangling link's target is created).
- Only regular files are replaced: a directory, device (`/dev/stdout`,
  `/dev/full`), FIFO or socket at the path is refused, as is a read-only file.
- Atomic: the text goes to a uniquely named temp file next to the target,
  which is then renamed over it, so a crash leaves the old file or the new
  one; the temp file is removed on any failure.
- A replaced file keeps its permissions (and owner, where allowed); a new file
  gets the umask's mode like any other program's (the kernel applies it).
- `check_output` finds an output that can't be written before the work starts.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from .engine.file_reading import kind_of

__all__ = ["OutputError", "check_output", "check_run_files", "output_target", "same_file", "write_atomic"]

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
        st = os.stat(target)
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
        for other, other_path in inputs:
            if other_path and (flag, other) not in may_replace and same_file(path, other_path):
                raise OutputError(f"{flag} {path} is the {other} file; writing it would destroy the input, "
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
