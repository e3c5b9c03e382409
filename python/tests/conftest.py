"""Shared set-up of the Python tests.

They test the installed package (the wheel scripts/python-tests.sh builds and installs), never
the sources beside them. What they need and may lack (the package itself, the built wheel, an
integration's library) makes them skip with the reason, unless CI is set: there a missing tool
is a failure, never a silent pass.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed-article.txt"
CORPUS_TEST = ROOT / "corpus" / "test" / "docs"


def need(condition: bool, reason: str) -> None:
    """Skips the test with `reason` when `condition` is false; under CI, fails it."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)


def require(module: str, install: str) -> Any:
    """Imports `module`, or skips (fails under CI) saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        need(False, f"{module} is not installed ({error}): pip install {install}")


@pytest.fixture(scope="session")
def boilerlint() -> Any:
    return require("boilerlint", "the wheel: scripts/python-tests.sh builds and installs it")


@pytest.fixture(scope="session")
def wheel() -> Path:
    path = os.environ.get("BOILERLINT_WHEEL")
    need(
        bool(path) and Path(path).is_file(),
        "BOILERLINT_WHEEL does not name a built wheel: run scripts/python-tests.sh",
    )
    return Path(path)


def read_text(path: Path) -> str:
    """A file's text as the command line reads it: UTF-8, line endings kept."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def cli_json(*args: str, cwd: Path = ROOT) -> Dict[str, Any]:
    """`boilerlint check --output-format json ARGS` with the installed command."""
    out = subprocess.run(
        ["boilerlint", "check", "--output-format", "json", "--exit-zero", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def findings_by_path(report: Dict[str, Any]) -> Dict[str, List[Dict[str, Any]]]:
    return {f["path"]: f["findings"] for f in report["files"]}
