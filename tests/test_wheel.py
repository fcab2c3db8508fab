"""The wheel of docs/install.md works where there is no clone (a Dask worker).

Built from a copy of the sources (`python -m build --wheel --no-isolation`: the build
backend is the test venv's setuptools, so no index is needed and nothing is written into
the clone), installed with `pip install --no-deps` into a fresh venv that sees the test
venv's packages (numpy, numba, textual, ...) but not its editable spiral-tui, then run
there: `spiral-tui --version`, a small `train`, and the app for a second in a
pseudo-terminal (its stylesheet must be in the wheel).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import doc_commands as dc
import pytest

ROOT = Path(__file__).parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
WHEEL = f"{PROJECT['name'].replace('-', '_')}-{PROJECT['version']}-py3-none-any.whl"
SKIP_FILES = shutil.ignore_patterns("__pycache__", "*.pyc", "*.nbi", "*.nbc", "*.egg-info")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def run(args: list, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=900, **kw)
    assert done.returncode == 0, f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "tui_playground", src / "tui_playground", ignore=SKIP_FILES)
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, src])
    return dist / WHEEL


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh venv; a .pth line puts the test venv's site-packages after its own (a
    plain path: the editable install's own .pth hooks there are not run)."""
    home = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", home])
    site = Path(run([home / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "test-venv-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run([home / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel])
    return home


def clean_env(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.update(TERM="xterm-256color")
    return env


def test_the_wheel_holds_every_module_and_data_file_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = [p.relative_to(ROOT).as_posix() for p in (ROOT / "tui_playground").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".nbi", ".nbc")]
    assert sorted(set(package) - names) == []
    assert f"{PROJECT['name'].replace('-', '_')}-{PROJECT['version']}.dist-info/entry_points.txt" in names


def test_the_installed_wheel_runs_without_the_clone(venv, tmp_path):
    env = clean_env(venv)
    where = run([venv / "bin" / "python", "-c", "import tui_playground; print(tui_playground.__file__)"],
                env=env, cwd=tmp_path).stdout.strip()
    assert where.startswith(str(venv)), f"spiral-tui came from {where}, not from the wheel"
    version = run([venv / "bin" / "spiral-tui", "--version"], env=env, cwd=tmp_path).stdout
    assert version.split() == ["spiral-tui", PROJECT["version"]]
    out = run([venv / "bin" / "spiral-tui", "train", "--dataset", "xor", "--epochs", "3", "--seed", "1", "--json"],
              env=env, cwd=tmp_path).stdout
    report = json.loads(out)
    assert (report["epochs"], report["diverged"], report["config"]["dataset"]) == (3, False, "xor")


def test_the_installed_app_starts_and_quits(venv, tmp_path):
    result = dc.run_in_terminal(["spiral-tui"], tmp_path, timeout=120,
                                program=[str(venv / "bin" / "spiral-tui")], env=clean_env(venv))
    assert result.problems() == [], result.stderr[-1500:]
