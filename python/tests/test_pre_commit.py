"""The wheel-based pre-commit hooks (pre-commit-wheel/) with the real pre-commit, a local
directory of wheels standing in for the package index, and no Rust on the PATH."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEED, need, require

HOOKS = ROOT / "pre-commit-wheel"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd, check=True, capture_output=True,
    )


def test_the_hooks_pin_this_version(boilerlint):
    assert f'dependencies = ["boilerlint=={boilerlint.__version__}"]' in (
        HOOKS / "pyproject.toml"
    ).read_text()


def test_pre_commit_installs_the_wheel_and_runs_the_hooks(wheel, tmp_path):
    require("pre_commit", "pre-commit")
    virtualenv = require("virtualenv", "virtualenv (pre-commit depends on it)")
    # The hooks repository's own build needs setuptools: virtualenv ships its wheel.
    embedded = glob.glob(
        os.path.join(os.path.dirname(virtualenv.__file__), "seed/wheels/embed/setuptools-*.whl")
    )
    need(bool(embedded), "virtualenv ships no setuptools wheel to build the hooks repository")
    index = tmp_path / "index"
    index.mkdir()
    shutil.copy(wheel, index)
    shutil.copy(embedded[0], index)

    hooks = tmp_path / "hooks"
    shutil.copytree(HOOKS, hooks)
    git(hooks, "init", "-q")
    git(hooks, "add", ".")
    git(hooks, "commit", "-q", "-m", "hooks")
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hooks, capture_output=True, text=True, check=True
    ).stdout.strip()

    data = tmp_path / "data"
    data.mkdir()
    (data / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: boilerlint\n"
        "      - id: boilerlint-fix\n        stages: [manual]\n"
    )
    shutil.copy(SEED, data / "article.txt")
    git(data, "init", "-q")
    git(data, "add", ".")

    path = os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"])
    assert shutil.which("cargo", path=path) is None
    env = {
        "PATH": path,
        "HOME": str(tmp_path),
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PIP_FIND_LINKS": str(index),
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "LANG": "C.UTF-8",
    }
    pre_commit = [sys.executable, "-m", "pre_commit"]
    run = subprocess.run(
        [*pre_commit, "run", "--all-files"], cwd=data, env=env, capture_output=True, text=True
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "cookie-banner" in run.stdout
    fix = subprocess.run(
        [*pre_commit, "run", "--all-files", "--hook-stage", "manual", "boilerlint-fix"],
        cwd=data, env=env, capture_output=True, text=True,
    )
    assert fix.returncode == 1, fix.stdout + fix.stderr  # files were modified
    assert "Sitelerimizde" not in (data / "article.txt").read_text(encoding="utf-8")
    again = subprocess.run(
        [*pre_commit, "run", "--all-files"], cwd=data, env=env, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stdout + again.stderr
