"""The wheel: its size, and `pip install` of it into a fresh virtual environment, then the
`boilerlint` command and the module, with no Rust toolchain on the PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import SEED

MAX_WHEEL_BYTES = 15 * 1024 * 1024


def test_the_wheel_is_small_and_carries_the_binary_and_plugins(wheel):
    assert wheel.stat().st_size < MAX_WHEEL_BYTES, f"{wheel.stat().st_size} bytes"
    names = zipfile.ZipFile(wheel).namelist()
    assert "boilerlint/bin/boilerlint" in names
    plugins = [n for n in names if n.startswith("boilerlint/bin/plugins/")]
    assert len(plugins) == 4, plugins
    assert "boilerlint/py.typed" in names and "boilerlint/_boilerlint.pyi" in names


def test_pip_install_then_check_without_rust(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / "bin"
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "--quiet", "--no-index",
         "--disable-pip-version-check", str(wheel)],
        check=True,
    )
    path = os.pathsep.join([str(bindir), "/usr/bin", "/bin"])
    assert shutil.which("cargo", path=path) is None and shutil.which("rustc", path=path) is None
    env = {"PATH": path, "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    work = tmp_path / "work"  # no boilerlint.toml above it
    work.mkdir()
    shutil.copy(SEED, work / "seed-article.txt")
    run = subprocess.run(
        ["boilerlint", "check", "seed-article.txt"],
        cwd=work, env=env, capture_output=True, text=True,
    )
    assert run.returncode == 1, run.stderr
    assert "warning[cookie-banner]" in run.stdout
    assert "Found 1 finding (cookie-banner: 1)" in run.stdout
    plugins = subprocess.run(
        ["boilerlint", "plugins"], cwd=work, env=env, capture_output=True, text=True, check=True
    )
    for name in ["cookie-banner", "ad-notice", "off-language", "site-rules"]:
        assert f"\n{name} " in "\n" + plugins.stdout
    module = subprocess.run(
        ["python", "-c",
         "import boilerlint; print([f.rule for f in boilerlint.Linter().check("
         "open('seed-article.txt', encoding='utf-8').read())])"],
        cwd=work, env=env, capture_output=True, text=True,
    )
    assert module.returncode == 0, module.stderr
    assert module.stdout.strip() == "['cookie-banner']"
