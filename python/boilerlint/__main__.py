"""The ``boilerlint`` command: runs the release binary shipped inside this package.

The binary sits in ``boilerlint/bin/`` with the shipped plugins in ``bin/plugins/``, the layout
of the release archive, where it finds them by itself. This entry point only replaces the
Python process with it (``exec``), so exit codes, signals, pipes and the terminal behave exactly
as with a binary on the ``PATH``; it costs one interpreter start-up.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN_DIR = Path(__file__).resolve().parent / "bin"


def binary() -> Path:
    """The path of the ``boilerlint`` binary inside this package."""
    name = "boilerlint.exe" if sys.platform == "win32" else "boilerlint"
    return BIN_DIR / name


def main() -> None:
    exe = binary()
    if not exe.is_file():
        sys.stderr.write(
            f"error: the boilerlint binary is not in this install ({exe} is missing); "
            "install the wheel from the package index, or build one with scripts/build-wheel.sh\n"
        )
        sys.exit(2)
    args = [str(exe), *sys.argv[1:]]
    if sys.platform == "win32":
        # Windows has no exec: run it and pass its exit code on.
        sys.exit(subprocess.call(args))
    os.execv(str(exe), args)


if __name__ == "__main__":
    main()
