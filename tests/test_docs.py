"""Every document the code, the tests or the README names exists, and every
section they point at ('docs/playground.md, "Training"') is a heading there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
DOC_NAME = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.md)\b")
SECTION_REF = re.compile(r"\b(docs/[\w-]+\.md)(?:, | \(|,\s+)((?:\"[^\"]+\"(?:,\s*| and )?)+)")
LOCAL_LINK = re.compile(r"\]\((?!https?:)([^)#\s]*)(?:#([\w-]+))?\)")
CODE_SPAN = re.compile(r"`([^`]+)`")
FENCED = re.compile(r"^```.*?^```[ \t]*$", re.S | re.M)
# Names a reader would look up: ClassNames, CONSTANTS and snake_case_names.
CODE_NAME = re.compile(r"\b(?:[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*|[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z]{3,}|_?[a-z][a-z0-9]*_[a-z0-9_]+)\b")
NOT_OURS = {"True", "False", "None"}


def sources(root: Path = ROOT) -> list[Path]:
    """README, docs, pyproject and every Python file of the package, tests and
    benchmarks (but this module: its controls name made-up documents)."""
    files = [root / "README.md", root / "pyproject.toml", *sorted((root / "docs").glob("*.md"))]
    for folder in ("tui_playground", "tests", "benchmarks"):
        files += sorted((root / folder).rglob("*.py"))
    return [f for f in files if f.exists() and f != Path(__file__)]


def headings(doc: Path) -> list[str]:
    return [line.lstrip("#").strip() for line in doc.read_text().splitlines() if line.startswith("#")]


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def missing_documents(root: Path = ROOT) -> list[str]:
    missing = []
    for f in sources(root):
        for name in DOC_NAME.findall(f.read_text(encoding="utf-8")):
            if not ((root / name).exists() or (f.parent / name).exists()):
                missing.append(f"{f.relative_to(root)} names {name}")
    return missing


def missing_sections(root: Path = ROOT) -> list[str]:
    missing = []
    for f in sources(root):
        for doc, refs in SECTION_REF.findall(f.read_text(encoding="utf-8")):
            known = headings(root / doc) if (root / doc).exists() else []
            missing += [f"{f.relative_to(root)}: {doc} has no section {s!r}"
                        for s in re.findall(r"\"([^\"]+)\"", refs) if s not in known]
    return missing


def broken_links(root: Path = ROOT) -> list[str]:
    """Markdown links to files of the repo (and their #anchors) that lead nowhere."""
    broken = []
    for f in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        for target, fragment in LOCAL_LINK.findall(f.read_text(encoding="utf-8")):
            path = (f.parent / target) if target else f
            if not path.exists():
                broken.append(f"{f.relative_to(root)} links to {target}")
            elif fragment and path.suffix == ".md" and fragment not in map(anchor, headings(path)):
                broken.append(f"{f.relative_to(root)} links to {target}#{fragment}")
    return broken


def path_exists(span: str, root: Path, here: Path) -> bool:
    """A path from the repo, the package or the doc's folder; a bare name
    (`app.py`, `screens/`, said of the folder in the sentence) anywhere in the package or tests."""
    name = span.rstrip("/")
    if "/" not in name:
        return any(p.name == name for folder in ("tui_playground", "tests") for p in (root / folder).rglob(name))
    return any((base / span).exists() for base in (root, root / "tui_playground", here))


def unknown_code_names(doc: Path, root: Path = ROOT) -> list[str]:
    """Names and paths in `doc`'s code spans that the package's source does not have:
    a renamed class or a moved module then fails here, not in a reader's head.
    Spans with placeholders (`cli/<name>.py`, `action_*`) are patterns, skipped."""
    package = root / "tui_playground"
    words = set(re.findall(r"\w+", " ".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))))
    words |= {p.stem for folder in ("benchmarks", "tools") for p in (root / folder).glob("*.py")}  # `python benchmarks/x.py`
    unknown = []
    prose = FENCED.sub("", doc.read_text(encoding="utf-8"))  # code blocks are run by test_docs_commands
    for span in CODE_SPAN.findall(prose):
        if "<" in span or "*" in span or span.startswith("-"):
            continue
        if re.fullmatch(r"[\w./-]+\.(py|tcss|md|js|json)|[\w/]+/", span):
            if not path_exists(span, root, doc.parent):
                unknown.append(span)
            continue
        unknown += [n for n in CODE_NAME.findall(span) if n not in words and n not in NOT_OURS]
    return sorted(set(unknown))


@pytest.mark.parametrize("doc", ["README.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))])
def test_names_and_paths_in_the_docs_exist_in_the_code(doc):
    assert unknown_code_names(ROOT / doc if doc == "README.md" else ROOT / "docs" / doc) == []


def test_every_named_document_exists():
    assert missing_documents() == []


def test_every_named_section_is_a_heading_of_its_document():
    assert missing_sections() == []


def test_links_in_the_readme_and_docs_lead_somewhere():
    assert broken_links() == []


def test_the_docs_cover_the_engine_and_the_architecture():
    assert {"The random stream", "Data sets", "Shuffle and split", "Initial weights", "Training",
            "Arithmetic"} <= set(headings(ROOT / "docs/playground.md"))
    readme = (ROOT / "README.md").read_text()
    assert "docs/playground.md" in readme and "docs/architecture.md" in readme


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\n## Setup\n\nSee [setup](#setup).\n")
    (tmp_path / "tui_playground").mkdir()
    return tmp_path


def test_the_checks_find_a_missing_document_section_and_link(small_repo):  # positive controls
    gone = "gone" + ".md"
    (small_repo / "README.md").write_text(f"Read [the guide](docs/guide.md#setup) and [this]({gone}).\n")
    (small_repo / "tui_playground" / "m.py").write_text(
        f'"""See docs/guide.md, "Setup" and "Teardown"; also {gone}."""\n')
    assert missing_documents(small_repo) == [f"README.md names {gone}", f"tui_playground/m.py names {gone}"]
    assert missing_sections(small_repo) == ["tui_playground/m.py: docs/guide.md has no section 'Teardown'"]
    assert broken_links(small_repo) == [f"README.md links to {gone}"]
    (small_repo / "README.md").write_text("Read [the guide](docs/guide.md#install).\n")
    assert broken_links(small_repo) == ["README.md links to docs/guide.md#install"]


def test_a_renamed_class_or_moved_module_in_the_docs_is_found(small_repo):  # positive control
    (small_repo / "tui_playground" / "worker.py").write_text("class TrainingWorker:\n    def submit(self): ...\n")
    doc = small_repo / "docs" / "guide.md"
    doc.write_text("`TrainingWorker.submit(command)` in `worker.py`; `cli/<name>.py`.\n")
    assert unknown_code_names(doc, small_repo) == []
    doc.write_text("`TrainingWorker` posts `FrameReady` via `post_frame()`, in `ui/worker.py` and `screens/`.\n")
    assert unknown_code_names(doc, small_repo) == ["FrameReady", "post_frame", "screens/", "ui/worker.py"]
    (small_repo / "tui_playground" / "ui" / "screens").mkdir(parents=True)
    (small_repo / "tui_playground" / "ui" / "worker.py").write_text("FrameReady = post_frame = None\n")
    assert unknown_code_names(doc, small_repo) == []


def readme_keys(root: Path = ROOT) -> list[str]:
    """The keys of the README's key table ('1…7' as 1 and 7)."""
    text = (root / "README.md").read_text(encoding="utf-8")
    table = text.split("## The keys that matter most", 1)[1].split("\n\n", 2)[1]
    keys = []
    for row in table.splitlines()[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        for cell in cells[0::2]:
            keys += [k for span in CODE_SPAN.findall(cell) for k in span.split("…")]
    return keys


def test_the_readme_s_keys_are_the_main_screen_s():
    from tui_playground.ui.playground.keys import KEYS, key_label

    bound = {label for key in KEYS for label in key_label(key.keys).split()} | {"…"}  # '1 … 7'
    textual = {"Tab"}  # Textual's own: focus the next panel
    keys = readme_keys()
    assert len(keys) >= 15 and [k for k in keys if k not in bound | textual] == []
