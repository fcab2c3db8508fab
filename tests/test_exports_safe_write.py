"""Writing the user's files: through symlinks, never over what is not a regular
file, keeping permissions, unique temp names, nothing left behind (issue 11)."""

from __future__ import annotations

import os
import stat

import pytest

from tui_playground.files.exports import OutputError, check_output, same_file, write_atomic


def names(folder) -> list[str]:
    return sorted(os.listdir(folder))


def test_a_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "a.csv", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "a.csv").st_mode) == 0o640
    assert (tmp_path / "a.csv").read_text() == "x\n"


def test_a_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("old")
    path.chmod(0o604)
    write_atomic(path, "new")
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o604
    assert names(tmp_path) == ["a.csv"]


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to("real.csv")
    assert write_atomic(link, "new") == target
    assert link.is_symlink() and os.readlink(link) == "real.csv"
    assert target.read_text() == "new"


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "sub" / "made.csv")
    with pytest.raises(OutputError, match="folder .*sub does not exist"):
        check_output(link)
    (tmp_path / "sub").mkdir()
    write_atomic(link, "new")
    assert link.is_symlink() and (tmp_path / "sub" / "made.csv").read_text() == "new"


@pytest.mark.parametrize("make, words", [
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: os.mkfifo(p), "is a FIFO"),
    (lambda p: p.symlink_to("/dev/null"), "is a device"),
    (lambda p: (p.write_text("keep"), p.chmod(0o444)), "is a read-only file"),
])
def test_what_is_not_a_writable_regular_file_is_refused_and_kept(tmp_path, make, words):
    path = tmp_path / "out.csv"
    make(path)
    before = os.lstat(path)
    for attempt in (check_output, lambda p: write_atomic(p, "new")):
        with pytest.raises(OutputError, match=words):
            attempt(path)
    after = os.lstat(path)
    assert (after.st_mode, after.st_ino, after.st_mtime_ns) == (before.st_mode, before.st_ino, before.st_mtime_ns)
    assert names(tmp_path) == ["out.csv"]


@pytest.mark.parametrize("path, words", [
    ("", "empty file name"),
    ("   ", "empty file name"),
    ("/sys/spiral-tui-out.csv", "can't write in folder /sys"),  # refused even to root
])
def test_unwritable_outputs_are_found_before_writing(path, words):
    with pytest.raises(OutputError, match=words):
        check_output(path)


def test_a_folder_that_does_not_exist(tmp_path):
    with pytest.raises(OutputError, match="folder .*nope does not exist"):
        check_output(tmp_path / "nope" / "a.csv")
    with pytest.raises(OutputError, match="names a folder"):
        check_output(f"{tmp_path}/x/")


def test_temp_names_are_unique_and_a_users_tmp_file_is_untouched(tmp_path):
    path = tmp_path / "out.csv"
    mine = tmp_path / "out.csv.tmp"
    mine.write_text("the user's")
    write_atomic(path, "a")
    write_atomic(path, "b")
    assert mine.read_text() == "the user's"
    assert names(tmp_path) == ["out.csv", "out.csv.tmp"]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "out.csv"
    path.write_text("old")

    def failing_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, "new")
    assert path.read_text() == "old" and names(tmp_path) == ["out.csv"]


def test_check_output_leaves_nothing_behind(tmp_path):
    assert check_output(tmp_path / "a.csv") == tmp_path / "a.csv"
    assert names(tmp_path) == []


def test_same_file_sees_links_dots_and_hard_links(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("x")
    (tmp_path / "l.csv").symlink_to(a)
    os.link(a, tmp_path / "h.csv")
    assert same_file(a, tmp_path / "l.csv")
    assert same_file(a, tmp_path / "h.csv")
    assert same_file(a, f"{tmp_path}/sub/../a.csv")
    assert same_file(tmp_path / "new.csv", f"{tmp_path}/./new.csv")  # neither exists yet
    assert not same_file(a, tmp_path / "b.csv")
