"""Hostile files given to `train` and `sweep` (issue 11): outputs that are
symlinks, FIFOs, folders, devices, read-only, unwritable, an input, or another
output; points files and sessions that are not what they claim.

Devices are only ever named through a symlink in the scratch folder: run as
root, a regression must not replace a real /dev node.

Each case runs the command in a scratch folder and asserts the exit code, that
an error is exactly one line on stderr (no traceback), and that no file other
than the intended output changed: the folder's names, kinds, contents, modes,
mtimes and link targets are compared before and after.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from tui_playground.cli import main

POINTS = "".join(f"{i % 11 - 5},{(i * 7) % 13 - 6},{'a' if i % 2 else 'b'}\n" for i in range(40))
TRAIN = ["--epochs", "2"]


@pytest.fixture(scope="module")
def session_text(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("session") / "s.json"
    assert main(["train", "--seed", "1", "--layers", "3", "--epochs", "3", "--save", str(path)]) == 0
    return path.read_text()


def snapshot(folder: Path) -> dict[str, tuple]:
    """Everything in `folder` a write could change (a folder's own mtime aside:
    creating the intended output changes it)."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            key = os.path.relpath(path, folder)
            if stat.S_ISLNK(st.st_mode):
                out[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                out[key] = ("file", stat.S_IMODE(st.st_mode), st.st_ino, st.st_mtime_ns, Path(path).read_bytes())
            else:
                out[key] = ("other", st.st_mode)
    return out


def changed(before: dict, after: dict) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


@dataclass
class Case:
    name: str
    args: list[str]  # "{d}" is the scratch folder
    code: int
    words: str = ""  # in the one stderr line, for errors
    setup: Callable[[Path, str], None] = lambda d, s: None  # (folder, a saved session's text)
    changes: set[str] = field(default_factory=set)  # the intended outputs, relative to the folder
    check: Callable[[Path], None] = lambda d: None  # more about the outputs


def points(name="pts.csv"):
    return lambda d, s: (d / name).write_text(POINTS)


def session(name="s.json", edit=None):
    def make(d, s):
        data = json.loads(s)
        if edit:
            edit(data)
        (d / name).write_text(json.dumps(data))
    return make


def both(*setups):
    return lambda d, s: [f(d, s) for f in setups]


def set_in(path: str, value):
    def edit(data):
        *parents, last = [int(k) if k.isdigit() else k for k in path.split(".")]
        for k in parents:
            data = data[k]
        data[last] = value
    return edit


def write(name, text, mode=None):
    def make(d, s):
        (d / name).write_text(text)
        if mode is not None:
            (d / name).chmod(mode)
    return make


def exported_labels(path: Path, expected: list[float]) -> None:
    labels = sorted(float(line.split(",")[2]) for line in path.read_text().splitlines()[1:])
    assert labels == expected


def link(name, target):
    return lambda d, s: (d / name).symlink_to(target)


OUTPUTS = [
    Case("symlink to a file: written through", ["--csv", "{d}/link.csv"], 0,
         setup=both(write("real.csv", "old"), link("link.csv", "real.csv")), changes={"real.csv"}),
    Case("dangling symlink: its target is made", ["--csv", "{d}/link.csv"], 0,
         setup=link("link.csv", "made.csv"), changes={"made.csv"}),
    Case("a user's .tmp file next to the output is kept", ["--csv", "{d}/out.csv"], 0,
         setup=write("out.csv.tmp", "mine"), changes={"out.csv"}),
    Case("FIFO", ["--csv", "{d}/out.csv"], 2, "is a FIFO", setup=lambda d, s: os.mkfifo(d / "out.csv")),
    Case("directory", ["--export-grid", "{d}/out"], 2, "is a directory",
         setup=lambda d, s: (d / "out").mkdir()),
    Case("symlink to /dev/null", ["--save", "{d}/null.json"], 2, "is a device", setup=link("null.json", "/dev/null")),
    Case("symlink to /dev/full", ["--csv", "{d}/full.csv"], 2, "--csv {d}/full.csv: is a device",
         setup=link("full.csv", "/dev/full")),
    Case("read-only file", ["--csv", "{d}/ro.csv"], 2, "is a read-only file", setup=write("ro.csv", "keep", 0o444)),
    Case("a folder nobody may write in, root included", ["--csv", "/sys/spiral-tui.csv"], 2,
         "can't write in folder /sys"),
    Case("missing folder", ["--csv", "{d}/no/out.csv"], 2, "does not exist"),
    Case("empty name", ["--csv", ""], 2, "--csv: an empty file name"),
    Case("output is the --data file", ["--data", "{d}/pts.csv", "--csv", "{d}/pts.csv"], 2,
         "--csv {d}/pts.csv is the --data file", setup=points()),
    Case("output is the --data file through a symlink", ["--data", "{d}/pts.csv", "--save", "{d}/l.json"], 2,
         "--save {d}/l.json is the --data file", setup=both(points(), link("l.json", "pts.csv"))),
    Case("output is a hard link of the --data file", ["--data", "{d}/pts.csv", "--export-grid", "{d}/h.csv"], 2,
         "--export-grid {d}/h.csv is the --data file",
         setup=both(points(), lambda d, s: os.link(d / "pts.csv", d / "h.csv"))),
    Case("--export-data over the --data file it came from", ["--data", "{d}/pts.csv", "--export-data", "{d}/pts.csv"],
         2, "--export-data {d}/pts.csv is the --data file", setup=points()),
    Case("--export-model into a FIFO", ["--export-model", "{d}/m.npz"], 2, "is a FIFO",
         setup=lambda d, s: os.mkfifo(d / "m.npz")),
    Case("two outputs on one path", ["--csv", "{d}/a.csv", "--export-grid", "{d}/sub/../a.csv"], 2,
         "--csv and --export-grid name the same file", setup=lambda d, s: (d / "sub").mkdir()),
    Case("--save over the --load file updates the session (meant)", ["--load", "{d}/s.json", "--save", "{d}/s.json"],
         0, setup=session(), changes={"s.json"}),
    Case("--csv over the --load file", ["--load", "{d}/s.json", "--csv", "{d}/s.json"], 2,
         "--csv {d}/s.json is the --load file", setup=session()),
]

INPUTS = [
    Case("points: FIFO", ["--data", "{d}/p.csv"], 2, "is a FIFO", setup=lambda d, s: os.mkfifo(d / "p.csv")),
    Case("points: folder", ["--data", "{d}"], 2, "is a directory"),
    Case("points: /dev/zero", ["--data", "{d}/z.csv"], 2, "is a device", setup=link("z.csv", "/dev/zero")),
    Case("points: empty name", ["--data", ""], 2, "--data: an empty file name"),
    Case("points: labels 1 and 1.0 are one class", ["--data", "{d}/p.csv"], 2, "2 to 6 distinct labels, found 1 (1)",
         setup=write("p.csv", "0,0,1\n1,1,1.0\n2,2,1\n")),
    Case("points: huge coordinates kept", ["--data", "{d}/p.csv", "--no-rescale"], 2, "too large to keep as given",
         setup=write("p.csv", "0,0,a\n1e300,1,b\n")),
    Case("points: near the float limit rescale and train", ["--data", "{d}/p.csv", "--csv", "{d}/out.csv"], 0,
         setup=write("p.csv", "1.7e308,1.7e308,a\n1.6e308,1.6e308,b\n1.65e308,1.7e308,a\n"), changes={"out.csv"}),
    Case("points: regression labels spanning -1e308..1e308 train and export as written",
         ["--data", "{d}/p.csv", "--problem", "regression", "--export-data", "{d}/ex.csv"], 0,
         setup=write("p.csv", "0,0,1e308\n1,1,-1e308\n2,0,5e307\n0,2,-3e307\n1,2,0\n"), changes={"ex.csv"},
         check=lambda d: exported_labels(d / "ex.csv", [-1e308, -3e307, 0.0, 5e307, 1e308])),
    Case("points: a 200 KB field", ["--data", "{d}/p.csv"], 2, "line 1: field larger than field limit",
         setup=write("p.csv", "0,0," + "a" * 200_000 + "\n1,1,b\n")),
    Case("points: binary", ["--data", "{d}/p.csv"], 2, "not a readable CSV",
         setup=lambda d, s: (d / "p.csv").write_bytes(b"\xff\xfe\x00\x81" * 50)),
    Case("session: 100,000 nested brackets", ["--load", "{d}/s.json"], 2, "nested too deep",
         setup=write("s.json", "[" * 100_000 + "]" * 100_000)),
    Case("session: a 5,000-digit version", ["--load", "{d}/s.json"], 2, "a number with too many digits",
         setup=write("s.json", '{"format": "spiral-tui session", "version": ' + "7" * 5000 + "}")),
    Case("session: history stride 0", ["--load", "{d}/s.json"], 2, "history.stride must be a whole number from 1",
         setup=session(edit=set_in("history.stride", 0))),
    Case("session: NaN weights, not diverged", ["--load", "{d}/s.json"], 2, "weights[0] must be",
         setup=session(edit=set_in("weights.0.0.0", float("nan")))),
    Case("session: wrong shape", ["--load", "{d}/s.json"], 2, "biases[1] must be a list of 1 numbers",
         setup=session(edit=set_in("biases.1", [0.0, 0.0]))),
    Case("session: a seed with an escape sequence", ["--load", "{d}/s.json"], 2, "seed must be",
         setup=session(edit=set_in("config.seed", "\x1b[2J"))),
    Case("session: FIFO", ["--load", "{d}/s.json"], 2, "is a FIFO", setup=lambda d, s: os.mkfifo(d / "s.json")),
    Case("session: empty name", ["--load", ""], 2, "--load: an empty file name"),
    Case("session: a UTF-8 byte-order mark is no error", ["--load", "{d}/s.json"], 0,
         setup=lambda d, s: (d / "s.json").write_bytes(b"\xef\xbb\xbf" + s.encode())),
    Case("session: a negative adam second moment", ["--load", "{d}/s.json"], 2,
         "optimizer.weights_2: adam's second moment can't be negative",
         setup=session(edit=lambda data: [set_in("config.optimizer", "adam")(data),
                                          set_in("optimizer.name", "adam")(data),
                                          set_in("optimizer.weights_2.0.0.0", -1.0)(data)])),
    Case("session: one optimizer's state under another's name", ["--load", "{d}/s.json"], 2,
         "the optimizer state is sgd's, but config.optimizer is adam", setup=session(edit=set_in("config.optimizer",
                                                                                                  "adam"))),
    Case("session: a two-class label 5.0", ["--load", "{d}/s.json"], 2, "data labels must be -1 or 1 (two classes)",
         setup=session(edit=set_in("data.train.0.2", 5.0))),
    Case("session: a two-class label 0.0", ["--load", "{d}/s.json"], 2, "(found 0)",
         setup=session(edit=set_in("data.test.0.2", 0.0))),
    Case("--no-rescale without --data is not ignored", ["--no-rescale"], 2, "--no-rescale keeps the coordinates"),
    Case("--no-rescale with --load", ["--load", "{d}/s.json", "--no-rescale"], 2, "(got --no-rescale)",
         setup=session()),
    Case("--loss square with 3 classes would be reported, not used", ["--classes", "3", "--loss", "square"], 2,
         "with 3 classes training uses softmax cross-entropy"),
]

SWEEP = ["--dataset", "circle", "--layers", "2", "--seeds", "2", "--epochs", "3"]
SWEEPS = [
    Case("sweep: a user's .tmp file next to the CSV is kept", ["--csv", "{d}/out.csv"], 0,
         setup=write("out.csv.tmp", "mine"), changes={"out.csv"}),
    Case("sweep: symlink written through", ["--csv", "{d}/link.csv"], 0,
         setup=both(write("real.csv", "old"), link("link.csv", "real.csv")), changes={"real.csv"}),
    Case("sweep: FIFO", ["--csv", "{d}/out.csv"], 2, "is a FIFO", setup=lambda d, s: os.mkfifo(d / "out.csv")),
    Case("sweep: device", ["--csv", "{d}/null.csv"], 2, "is a device", setup=link("null.csv", "/dev/null")),
    Case("sweep: blobs with 2 classes (train refuses it too)", ["--classes", "2", "3", "--dataset", "spiral", "blobs"],
         2, "data set blobs needs 3 to 6 classes"),
    Case("sweep: circle with 3 classes", ["--classes", "3", "--dataset", "circle"], 2,
         "data set circle has 2 classes"),
    Case("sweep: --loss square with 3 classes", ["--dataset", "blobs", "--classes", "3", "--loss", "square"], 2,
         "with 3 classes training uses softmax cross-entropy"),
]


def results(edits=(), name="r.jsonl", extra=""):
    """A results file from a real sweep (SWEEP, 2 networks) with `edits`:
    (line number from 1, field path, value) each, or (line, None, raw text)."""
    def make(d, text):
        lines = [json.loads(line) for line in text.splitlines()]
        raws = [None] * len(lines)
        for n, path, value in edits:
            if path is None:
                raws[n - 1] = value
            else:
                set_in(path, value)(lines[n - 1])
        body = "".join((raw if raw is not None else json.dumps(line)) + "\n" for line, raw in zip(lines, raws))
        (d / name).write_text(body + extra)
    return make


FROM = ["--from", "{d}/r.jsonl", "--json"]
RESULTS = [
    Case("results: as written", FROM, 0, setup=results()),
    Case("results: epochs 1e400 on the first line", FROM, 2, "spec.epochs must be a whole number",
         setup=results([(1, "spec.epochs", 1e400)])),
    Case("results: an unknown preset", FROM, 2, "spec.preset must be null or one of video",
         setup=results([(1, "spec.preset", "x")])),
    Case("results: 100,000 nested brackets", FROM, 2, "line 2 is damaged (brackets nested too deep)",
         setup=results([(2, None, "[" * 100_000 + "]" * 100_000)])),
    Case("results: first_success_epoch 'abc'", FROM, 2, "line 2: first_success_epoch must be a whole number",
         setup=results([(2, "first_success_epoch", "abc")])),
    Case("results: seeds [[1]]", FROM, 2, "spec.seeds must be distinct seed strings",
         setup=results([(1, "spec.seeds", [[1]])])),
    Case("results: command 5", FROM, 2, "command must be a list of words", setup=results([(1, "command", 5)])),
    Case('results: diverged "no"', FROM, 2, "line 3: diverged must be true or false",
         setup=results([(3, "diverged", "no")])),
    Case("results: diverged true with finite losses", FROM, 2, "line 2: diverged is true but the losses are",
         setup=results([(2, "diverged", True)])),
    Case('results: version "1"', FROM, 2, 'version must be a whole number from 1 (got "1")',
         setup=results([(1, "version", "1")])),
    Case("results: a newer version", FROM, 2, "written by a newer spiral-tui (results version 2; this one reads 1)",
         setup=results([(1, "version", 2)])),
    Case("results: header says fewer epochs than the runs had", FROM, 2,
         "line 2: epochs must be a whole number from 0 to 2 (got 3)", setup=results([(1, "spec.epochs", 2)])),
    Case("results: a run that stopped early without a reason", FROM, 2,
         "line 2: epochs 1: the sweep trains every network 3 epochs", setup=results([(2, "epochs", 1)])),
    Case("results: a run's config is not its variant's", FROM, 2, "line 2: config is not variant 1's",
         setup=results([(2, "config.lr", 0.5)])),
    Case("results: a variant beyond the sweep", FROM, 2, "line 2: variant must be a whole number from 0 to 0",
         setup=results([(2, "variant", 99)])),
    Case("results: a seed not of the sweep", FROM, 2, "line 2: seed \"x\" is not one of the sweep's",
         setup=results([(2, "seed", "x")])),
    Case("results: a negative loss", FROM, 2, "line 2: test_loss must be a finite number >= 0",
         setup=results([(2, "test_loss", -1)])),
    Case("results: a loss that is a word", FROM, 2, "line 3: train_loss must be a number or one of nan, inf, -inf",
         setup=results([(3, "train_loss", "abc")])),
    Case("results: a run that is a list", FROM, 2, "line 2: a run must be an object", setup=results([(2, None, "[1]")])),
    Case("results: /dev/zero", ["--from", "{d}/z.jsonl"], 2, "is a device", setup=link("z.jsonl", "/dev/zero")),
    Case("results: FIFO", ["--from", "{d}/f.jsonl"], 2, "is a FIFO", setup=lambda d, s: os.mkfifo(d / "f.jsonl")),
    Case("results: a folder", ["--from", "{d}"], 2, "is a directory"),
    Case("results: over the size limit", FROM, 2, "at most 64 MB can be read",
         setup=both(results(), lambda d, s: os.truncate(d / "r.jsonl", 65 << 20))),
    Case("results: a cut last line is forgiven", FROM, 0, setup=results(extra='{"variant": 0, "se')),
    Case("results: a UTF-8 byte-order mark is no error", FROM, 0,
         setup=lambda d, s: (d / "r.jsonl").write_bytes(b"\xef\xbb\xbf" + s.encode())),
]
RESUMES = [
    Case("resume: a file saying 2 epochs for runs of 3 is refused", ["--epochs", "2", "--out", "{d}/r.jsonl",
                                                                      "--resume"], 2,
         "line 2: epochs must be a whole number from 0 to 2 (got 3)", setup=results([(1, "spec.epochs", 2)])),
    Case("resume: an --out file another sweep holds", ["--out", "{d}/r.jsonl", "--resume"], 2,
         f"is being written by another sweep (process {os.getpid()})", setup=lambda d, s: _hold(d / "r.jsonl", s)),
]
HELD: list[int] = []


def _hold(path: Path, text: str) -> None:
    """Lock `path` as a running sweep does (flock on a descriptor of our own)."""
    import fcntl

    path.write_text(text)
    fd = os.open(path, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    HELD.append(fd)


@pytest.fixture(scope="module")
def results_text(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("results") / "r.jsonl"
    assert main(["sweep", *SWEEP, "--out", str(path), "--json"]) == 0
    return path.read_text()


@pytest.mark.parametrize("case", RESULTS, ids=lambda c: c.name)
def test_sweep_from_a_hostile_results_file(case, tmp_path, results_text, capsys):
    run_case(case, ["sweep"], tmp_path, results_text, capsys)


@pytest.mark.parametrize("case", RESUMES, ids=lambda c: c.name)
def test_sweep_resuming_a_hostile_results_file(case, tmp_path, results_text, capsys):
    try:
        run_case(case, ["sweep", *SWEEP], tmp_path, results_text, capsys)
    finally:
        while HELD:
            os.close(HELD.pop())


def run_case(case: Case, command: list[str], tmp_path: Path, session_text: str, capsys) -> None:
    case.setup(tmp_path, session_text)
    before = snapshot(tmp_path)
    args = [a.replace("{d}", str(tmp_path)) for a in case.args]
    code = main([*command, *args])  # an exception here is the traceback the user would see
    out, err = capsys.readouterr()
    after = snapshot(tmp_path)
    lines = err.splitlines()
    assert code == case.code, err
    if code == 2:
        assert len(lines) == 1 and case.words.replace("{d}", str(tmp_path)) in lines[0], err
        assert out == ""  # refused before any training
    else:
        assert lines == [], err
    assert changed(before, after) == case.changes
    case.check(tmp_path)


@pytest.mark.parametrize("case", OUTPUTS + INPUTS, ids=lambda c: c.name)
def test_train_with_a_hostile_file(case, tmp_path, session_text, capsys):
    run_case(case, ["train", *TRAIN], tmp_path, session_text, capsys)


@pytest.mark.parametrize("case", SWEEPS, ids=lambda c: c.name)
def test_sweep_with_a_hostile_file(case, tmp_path, session_text, capsys):
    run_case(case, ["sweep", *SWEEP], tmp_path, session_text, capsys)


def test_written_outputs_keep_the_mode_of_the_file_they_replace_and_new_ones_follow_the_umask(tmp_path, capsys):
    (tmp_path / "old.csv").write_text("old")
    (tmp_path / "old.csv").chmod(0o604)
    old_umask = os.umask(0o077)
    try:
        assert main(["train", *TRAIN, "--csv", str(tmp_path / "old.csv"), "--save", str(tmp_path / "new.json")]) == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "old.csv").stat().st_mode) == 0o604
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o600
    assert (tmp_path / "old.csv").read_text().startswith("epoch,train_loss,test_loss")


def test_a_real_process_prints_one_line_and_no_traceback(tmp_path):
    """Through the console entry point: what a user's terminal shows."""
    os.mkfifo(tmp_path / "pts.csv")
    (tmp_path / "s.json").write_text("[" * 100_000)
    for args in (["--data", str(tmp_path / "pts.csv")], ["--load", str(tmp_path / "s.json")]):
        proc = subprocess.run([sys.executable, "-c", "import sys; from tui_playground.cli import main; sys.exit(main())",
                               "train", *args], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2 and proc.stdout == ""
        assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr


# ---- standard streams (issue 25) ------------------------------------------------
# Each case is a shell line run in a scratch folder; $T is the command. Closed
# and full streams give one line on stderr (when stderr is there) and exit 2.

T = f"{sys.executable} -m tui_playground.cli"
QUICK = "--epochs 2 --seed 1"
SWEEP_QUICK = "--epochs 2 --seeds 1 --layers 2"


@dataclass
class Stream:
    name: str
    shell: str
    code: int
    words: str = ""  # in the one stderr line ("" with stderr closed: nothing can be said)
    check: Callable[[Path, str], None] = lambda d, out: None  # (folder, stdout)


def log_kept_and_appended(name):
    def check(d, out):
        text = (d / name).read_text()
        assert text.startswith("earlier line\n")  # not replaced
        assert "epoch,train_loss,test_loss" in text or '"format":"spiral-tui session"' in text
    return check


def summary_after_csv(d, out):
    text = (d / "log.txt").read_text()
    assert text.index("epoch,train_loss") < text.index("playground link:"), text


STREAMS = [
    Stream("train --json > /dev/full", f"$T train {QUICK} --json > /dev/full", 2,
           "can't write standard output: No space left on device"),
    Stream("sweep > /dev/full", f"$T sweep {SWEEP_QUICK} > /dev/full", 2, "can't write standard output"),
    Stream("sweep --json > /dev/full", f"$T sweep {SWEEP_QUICK} --json > /dev/full", 2, "can't write standard output"),
    Stream("train with stderr closed runs", f"$T train {QUICK} --json 2>&-", 0,
           check=lambda d, out: json.loads(out)),
    Stream("sweep with stderr closed runs", f"$T sweep {SWEEP_QUICK} --json 2>&-", 0,
           check=lambda d, out: json.loads(out)),
    Stream("sweep with stdout closed", f"$T sweep {SWEEP_QUICK} >&-", 2, "standard output is closed"),
    Stream("train with stdout closed", f"$T train {QUICK} >&-", 2, "standard output is closed"),
    Stream("tour with stderr closed says nothing on stdout", "$T tour 2>&-", 2),
    Stream("an error with stderr full exits 2 quietly", "$T train --lr x 2>/dev/full", 2),
    Stream("train --csv /dev/stdout >> log appends", f"echo 'earlier line' > log.txt; $T train {QUICK} "
           "--csv /dev/stdout >> log.txt", 0, check=lambda d, out: (log_kept_and_appended("log.txt")(d, out),
                                                                   summary_after_csv(d, out))),
    Stream("train --save /dev/stderr 2>> log appends", f"echo 'earlier line' > e.txt; $T train {QUICK} "
           "--save /dev/stderr 2>> e.txt", 0, check=log_kept_and_appended("e.txt")),
    Stream("train --csv /dev/stdout into a pipe is refused", f"$T train {QUICK} --csv /dev/stdout | cat", 2,
           "is a FIFO"),
    Stream("R² under PYTHONIOENCODING=ascii", f"PYTHONIOENCODING=ascii $T train {QUICK} --dataset reg-plane", 0,
           check=lambda d, out: "R^2: train" in out),
    Stream("non-ASCII seeds under PYTHONIOENCODING=ascii",
           "PYTHONIOENCODING=ascii $T sweep --epochs 2 --layers 2 --seed-list \u00e9 x", 0,
           check=lambda d, out: "\\xe9" in out),
]


@pytest.mark.parametrize("case", STREAMS, ids=lambda c: c.name)
def test_a_hostile_stream(case, tmp_path):
    shell = case.shell.replace("\\u00e9", "\u00e9")
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", shell], cwd=tmp_path, env={**os.environ, "T": T}, capture_output=True,
                          timeout=300)
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == case.code, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    lines = [line for line in err.splitlines() if not line.startswith("spiral-tui: compiling")]
    if case.words:
        assert len(lines) == 1 and case.words in lines[0], err
    elif case.code == 2:
        assert out == "" and lines == [], (out, err)
    case.check(tmp_path, out)


# ---- a disk that fills up (issue 25) ---------------------------------------------
# A 64 KiB tmpfs stands for a full disk (CI runs as root); where mounting is not
# allowed, the results file's writes fail with ENOSPC past 60 KiB instead.


@pytest.fixture
def tiny_disk(tmp_path, monkeypatch):
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                             capture_output=True).returncode == 0
    if not mounted:
        import errno

        from tui_playground.sweeps import store

        real, written = store._write_all, [0]

        def filling(fd, data):
            written[0] += len(data)
            if written[0] > 60 << 10:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real(fd, data)

        monkeypatch.setattr(store, "_write_all", filling)
    yield folder
    if mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_sweep_whose_disk_fills_keeps_every_whole_line_and_says_how_to_resume(tiny_disk, capsys):
    from tui_playground.sweeps.store import read

    out = tiny_disk / "r.jsonl"
    code = main(["sweep", "--layers", "2", "--seeds", "80", "--epochs", "1", "--out", str(out)])
    err = capsys.readouterr().err.splitlines()
    assert code == 2 and len(err) == 1, err
    assert "can't write --out" in err[0] and "No space left on device" in err[0] and "--resume" in err[0]
    kept = read(out)  # valid to its last whole line
    assert 0 < len(kept.runs) < 80 and f"{len(kept.runs)} of 80 networks are in" in err[0]
    assert out.read_bytes().endswith(b"\n")
