"""Every command in the README and the user guide works as written, prints what the
docs show, and every `pip install` line is one that works from a clone.

The command runs are slow (dozens of processes, the app in a pseudo-terminal), so
they carry the `slow` marker; the parsing and the pip lines are checked in the quick
lane. A failure names the file and line, the command, what went wrong and the tail
of what it printed. How commands are found and run: `tests/doc_commands.py`, which
also runs one page's commands by hand (`python tests/doc_commands.py docs/train.md`,
or `docs/train.md:LINE` for one) and prints a transcript's current output to paste.
"""

from __future__ import annotations

import re
import shlex
import shutil
import tomllib
from pathlib import Path

import doc_commands as dc
import pytest
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

ROOT = dc.ROOT
DOCS = dc.documents()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LINKED_FOLDERS = ("examples", "screenshots")  # what the docs' relative paths read


def doc_id(doc: Path) -> str:
    return doc.relative_to(ROOT).as_posix()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder like a clone's for the commands: they read examples/ and write here."""
    for name in LINKED_FOLDERS:
        if (ROOT / name).exists():
            (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


# --- the quick lane: what the docs say can be parsed and installed -----------------------

def test_the_docs_have_commands_and_every_one_parses():
    found = {doc_id(d): dc.commands(d) for d in DOCS}
    assert len(found["README.md"]) >= 5, "the README shows one example per command"
    bad = []
    for command in (c for cs in found.values() for c in cs):
        try:
            assert command.argv[0] == "spiral-tui"
        except ValueError as err:  # shlex: an unclosed quote
            bad.append(f"{command.where}: {command.text}: {err}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_every_pip_install_line_works_from_a_clone(doc):
    bad = [f"{doc_id(doc)}:{n}: {line}: {why}" for n, line in dc.pip_lines(doc)
           for why in pip_problems(line)]
    assert not bad, "\n".join(bad)


def pip_problems(line: str) -> list[str]:
    """Why `pip install ...` would not work from a clone (or a wheel built from one)."""
    args = shlex.split(line, comments=True)
    args = args[args.index("install") + 1:]
    targets, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in ("-e", "--editable"):
            continue
        elif a in ("--find-links", "-f", "--index-url", "-i", "-r", "-c", "--target", "-t"):
            skip = True
        elif not a.startswith("-"):
            targets.append(a)
    if not targets:
        return ["installs nothing"]
    return [why for t in targets for why in target_problems(t)]


def target_problems(target: str) -> list[str]:
    project = PYPROJECT["project"]
    extras_known = set(project.get("optional-dependencies", {}))
    local = re.fullmatch(r"(\.|[\w./-]*\.whl)(?:\[([\w,\s-]+)\])?", target)
    if local:
        path, extras = local.group(1), local.group(2) or ""
        problems = [f"extra {e!r} is not in pyproject.toml's optional-dependencies (has {sorted(extras_known)})"
                    for e in (x.strip() for x in extras.split(",")) if e and e not in extras_known]
        if path.endswith(".whl"):
            name = Path(path).name
            want = f"{project['name'].replace('-', '_')}-{project['version']}-py3-none-any.whl"
            if name != want:
                problems.append(f"the wheel built from this clone is {want}, not {name}")
        return problems
    try:
        req = Requirement(target)
    except InvalidRequirement as err:
        return [f"not a requirement pip understands: {err}"]
    if canonicalize_name(req.name) == canonicalize_name(project["name"]):
        return [f"{project['name']} is on no package index: install it from a clone (pip install -e .) or a wheel"]
    if canonicalize_name(req.name) not in declared_packages():
        return [f"{req.name} is not among pyproject.toml's dependencies or extras (the tested versions)"]
    return []


def declared_packages() -> set[str]:
    project = PYPROJECT["project"]
    lines = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return {canonicalize_name(Requirement(line).name) for line in lines}


# --- positive controls: the checks can fail ------------------------------------------------

SAMPLE = """# Sample

```
spiral-tui train --dataset spiral \\
    --layers 8,8 --epochs 500   # a comment
pip install -e '.[onnx]' && spiral-tui --version
```

```text
spiral-tui this is not a command
```

```
$ spiral-tui train --seed 1 --epochs 2
epoch 2: train loss 0.250, test loss 0.251  (0.01 s, 200 epochs/s)
$ spiral-tui --version
spiral-tui 0.1.0
```
"""


def test_the_collector_reads_blocks_continuations_and_transcripts(tmp_path):
    doc = tmp_path / ("sample" + ".md")  # a made-up doc: test_docs looks for named ones
    doc.write_text(SAMPLE)
    found = dc.commands(doc)
    assert [(c.line, c.argv) for c in found] == [
        (4, ["spiral-tui", "train", "--dataset", "spiral", "--layers", "8,8", "--epochs", "500"]),
        (14, ["spiral-tui", "train", "--seed", "1", "--epochs", "2"]),
        (16, ["spiral-tui", "--version"]),
    ]
    assert found[1].output == ("epoch 2: train loss 0.250, test loss 0.251  (0.01 s, 200 epochs/s)",)
    assert dc.pip_lines(doc) == [(6, "pip install -e '.[onnx]'")]


def test_cutting_down_keeps_the_command_and_shortens_the_work():
    assert dc.cut_down(["spiral-tui", "train", "--epochs", "500"]) == ["spiral-tui", "train", "--epochs", "5"]
    assert dc.cut_down(["spiral-tui", "train", "--dataset", "xor"])[-2:] == ["--epochs", "5"]
    assert dc.cut_down(["spiral-tui", "sweep", "--seeds", "50"]) == ["spiral-tui", "sweep", "--seeds", "2", "--epochs", "3"]
    assert dc.cut_down(["spiral-tui", "sweep", "--from", "x.jsonl"]) == ["spiral-tui", "sweep", "--from", "x.jsonl"]
    assert dc.cut_down(["spiral-tui", "--dataset", "spiral"]) == ["spiral-tui", "--dataset", "spiral"]
    assert dc.needs_terminal(["spiral-tui", "tour"]) and not dc.needs_terminal(["spiral-tui", "tour", "--help"])


def test_pip_lines_that_would_fail_are_found():
    assert pip_problems("pip install -e '.[onnx]'") == []
    version = PYPROJECT["project"]["version"]
    assert pip_problems(f"pip install 'dist/spiral_tui-{version}-py3-none-any.whl[dask]'") == []
    assert pip_problems("pip install 'asciinema>=2.4,<3'") == []
    assert "on no package index" in pip_problems("pip install 'spiral-tui[onnx]'")[0]
    assert "extra 'gpu'" in pip_problems("pip install -e '.[gpu]'")[0]
    assert "not among" in pip_problems("pip install leftpad")[0]
    assert pip_problems("pip install spiral_tui-9.9-py3-none-any.whl") == [
        f"the wheel built from this clone is spiral_tui-{version}-py3-none-any.whl, not spiral_tui-9.9-py3-none-any.whl"]


def test_outputs_are_compared_with_timings_masked():
    shown = ("epoch 2: train loss 0.250, test loss 0.251  (0.01 s, 200 epochs/s)",
             "70 networks, 21000 network-epochs in 4.8 s (4335 network-epochs/s)")
    same = "epoch 2: train loss 0.250, test loss 0.251  (3.20 s, 1 epochs/s)\n70 networks, 21000 network-epochs in 293.2 s (72 network-epochs/s)\n"
    assert dc.output_differences(shown, same) == []
    other = same.replace("0.251", "0.252")
    assert dc.output_differences(shown, other) == [
        "line 1: docs 'epoch 2: train loss 0.250, test loss 0.251  (<seconds>, <rate>)'\n"
        "           now  'epoch 2: train loss 0.250, test loss 0.252  (<seconds>, <rate>)'"]
    assert dc.output_differences(("{\"seed\": \"1\", \"seconds\": 1.0}",), '{"seed": "1", "seconds": 9, "url": "u"}') == [
        "url: printed, not shown in the docs"]


@pytest.mark.slow
def test_a_failing_command_is_reported_with_its_place_and_stderr(tmp_path, workdir):
    doc = tmp_path / ("bad" + ".md")
    doc.write_text("```\nspiral-tui train --epochs many\n```\n")
    (command,) = dc.commands(doc)
    result = dc.run(dc.cut_down(command.argv), workdir)
    text = dc.report(command, result)
    assert text.startswith(f"{command.where}: spiral-tui train --epochs many\n  exit code 2")
    assert "--epochs" in text.splitlines()[-1]


# --- the slow lane: run them ----------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_every_command_in_the_docs_runs(doc, workdir, dask_scheduler):
    """In the order written, in one folder per document (a later line may read what an
    earlier one wrote: `--save run.json`, then `--load run.json`)."""
    failures = []
    for command in dc.commands(doc):
        argv = with_scheduler(dc.cut_down(command.argv), dask_scheduler)
        result = dc.run(argv, workdir)
        if result.problems():
            failures.append(dc.report(command, result, argv))
    assert not failures, f"{len(failures)} command(s) in {doc_id(doc)} failed:\n\n" + "\n\n".join(failures)


def transcripts() -> list:
    return [pytest.param(c, id=f"{doc_id(c.doc)}:{c.line}") for d in DOCS for c in dc.commands(d) if c.output]


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("command", transcripts())
def test_every_output_shown_is_what_the_command_prints(command, workdir):
    """Run as written (no cutting down: the numbers must be the docs' own)."""
    result = dc.run(command.argv, workdir, timeout=1700)
    assert not result.problems(), dc.report(command, result)
    diff = dc.output_differences(command.output, result.stdout)
    assert not diff, f"{command.where}: {command.text}\n  the output shown differs from what it prints now:\n" + \
        "\n".join("  " + d for d in diff)


# --- a Dask scheduler for the docs' `tcp://HOST:8786` -------------------------------------

PLACEHOLDER_SCHEDULER = "tcp://HOST:8786"


def with_scheduler(argv: list[str], address: str | None) -> list[str]:
    return [address if a == PLACEHOLDER_SCHEDULER and address else a for a in argv]


@pytest.fixture(scope="module")
def dask_scheduler():
    """A one-worker cluster on this machine, started only if some doc names a scheduler
    the reader runs themselves (`dask scheduler` / `dask worker` in the docs)."""
    wanted = any(PLACEHOLDER_SCHEDULER in c.text for d in DOCS for c in dc.commands(d))
    if not wanted or shutil.which("dask") is None and not _has_distributed():
        yield None
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, protocol="tcp",
                      host="127.0.0.1", dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def _has_distributed() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_no_merge_conflict_is_left_in_the_docs(doc):
    marks = [f"{doc_id(doc)}:{n}: {line}" for n, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1)
             if re.match(r"(<{7}|>{7}|={7})( |$)", line)]
    assert not marks, "\n".join(marks)
