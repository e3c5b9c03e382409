"""boilerlint in Python: find and remove cookie banners, ad notices and off-language paragraphs
in scraped article text, with the engine and plugins of the ``boilerlint`` command.

>>> import boilerlint
>>> linter = boilerlint.Linter()                 # loads the shipped plugins once
>>> findings = linter.check(text)                # list[Finding]
>>> cleaned = linter.fix(text)                   # safe fixes applied
>>> batches = linter.check_batch(texts)          # worker threads, without the GIL

Offsets: ``Finding.start``/``end`` are character offsets (``text[f.start:f.end]`` is the
flagged text); ``start_byte``/``end_byte`` are the command line's UTF-8 byte offsets.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple, Union

from ._boilerlint import BoilerlintError, Engine, __version__

__all__ = [
    "BoilerlintError",
    "BoilerlintWarning",
    "Edit",
    "Finding",
    "Fix",
    "Linter",
    "Rule",
    "__version__",
]

#: Where the shipped binary and plugins are (``bin/plugins/``), as in the release archive.
_BIN_DIR = Path(__file__).resolve().parent / "bin"

PathLike = Union[str, "os.PathLike[str]"]
Names = Union[str, Sequence[str], None]


class BoilerlintWarning(UserWarning):
    """A warning of boilerlint's set-up (a shadowed plugin, a config that may not load code)."""


class Edit(NamedTuple):
    """One edit of a fix: replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    start_byte: int
    end_byte: int
    replacement: str


class Fix(NamedTuple):
    """A finding's fix: ``"safe"`` ones are applied by ``fix()``, ``"unsafe"`` ones with
    ``unsafe=True`` only."""

    applicability: str
    edits: Tuple[Edit, ...]


class Finding(NamedTuple):
    """What a rule found.

    ``start``/``end`` are character offsets into the checked text, end exclusive (use them as a
    slice); ``start_byte``/``end_byte`` are UTF-8 byte offsets, as the command line reports
    them. Lines are 1-based and inclusive; ``column`` is the 1-based character column of the
    start. ``score`` is the rule's confidence, 0 to 1.
    """

    rule: str
    plugin: str
    severity: str
    message: str
    start: int
    end: int
    start_byte: int
    end_byte: int
    line_start: int
    line_end: int
    column: int
    language: Optional[str]
    score: float
    fix: Optional[Fix]

    def to_json(self) -> Dict[str, Any]:
        """The finding as ``boilerlint check --output-format json`` writes it (byte offsets)."""
        fix = None
        if self.fix is not None:
            fix = {
                "applicability": self.fix.applicability,
                "edits": [
                    {"start": e.start_byte, "end": e.end_byte, "replacement": e.replacement}
                    for e in self.fix.edits
                ],
            }
        return {
            "rule": self.rule,
            "plugin": self.plugin,
            "severity": self.severity,
            "message": self.message,
            "start": self.start_byte,
            "end": self.end_byte,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "language": self.language,
            "fix": fix,
        }


class Rule(NamedTuple):
    """A rule of a loaded plugin (``boilerlint rule ID`` prints its documentation)."""

    id: str
    plugin: str
    severity: str
    summary: str
    fix: str


def _finding(values: tuple) -> Finding:
    fix = values[13]
    if fix is not None:
        fix = Fix(fix[0], tuple(Edit(*edit) for edit in fix[1]))
    return Finding(*values[:13], fix)


def _texts(texts: Iterable[str]) -> List[str]:
    return texts if isinstance(texts, list) else list(texts)


def _paths(paths: Optional[Iterable[Optional[PathLike]]]) -> Optional[List[Optional[str]]]:
    if paths is None:
        return None
    return [None if p is None else str(p) for p in paths]


class Linter:
    """The selected rules of the loaded plugins, configured once, with worker threads.

    The arguments are the command line's: ``select``, ``extend_select`` and ``ignore`` take
    rule ids or plugin names (a list, or one comma-separated string); ``config`` is a
    ``boilerlint.toml`` (default: the one governing the working directory, as for the command
    line's standard input; ``isolated=True``: none); ``plugins`` are extra plugin files. The
    shipped plugins are found inside the package; ``BOILERLINT_PLUGIN_PATH`` adds directories.
    ``threads`` is the number of worker threads of the batch methods (default: one per core).

    Raises :class:`BoilerlintError` with the command line's messages when the config, a
    selector or a plugin is wrong. A linter is safe to share between threads, and pickles as
    its arguments (a process that unpickles it loads the plugins again).
    """

    def __init__(
        self,
        *,
        select: Names = None,
        extend_select: Names = None,
        ignore: Names = None,
        config: Optional[PathLike] = None,
        isolated: bool = False,
        plugins: Optional[Sequence[PathLike]] = None,
        no_default_plugins: bool = False,
        allow_panic_abort: bool = False,
        threads: Optional[int] = None,
    ) -> None:
        self._args: Dict[str, Any] = dict(
            select=select,
            extend_select=extend_select,
            ignore=ignore,
            config=None if config is None else str(config),
            isolated=isolated,
            plugins=None if plugins is None else [str(p) for p in plugins],
            no_default_plugins=no_default_plugins,
            allow_panic_abort=allow_panic_abort,
            threads=threads,
        )
        self._engine = Engine(**self._args, exe_dir=str(_BIN_DIR))
        for message in self._engine.warnings:
            warnings.warn(message, BoilerlintWarning, stacklevel=2)

    def __getstate__(self) -> Dict[str, Any]:
        return self._args

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._args.items() if v not in (None, False))
        return f"Linter({args})"

    @property
    def threads(self) -> int:
        """The number of worker threads the batch methods use."""
        return self._engine.threads

    @property
    def rules(self) -> List[Rule]:
        """The rules of the loaded plugins (whether selected or not)."""
        return [Rule(*r) for r in self._engine.rules()]

    def check(self, text: str, *, path: Optional[PathLike] = None) -> List[Finding]:
        """The findings in ``text``, ordered by position. ``path`` names the document for
        per-path overrides of the config and for plugins that match on it (``site-rules``)."""
        return [_finding(f) for f in self._engine.check(text, None if path is None else str(path))]

    def check_batch(
        self, texts: Iterable[str], *, paths: Optional[Iterable[Optional[PathLike]]] = None
    ) -> List[List[Finding]]:
        """``check`` on many texts at once, on the worker threads, without holding the GIL."""
        batches = self._engine.check_batch(_texts(texts), _paths(paths))
        return [[_finding(f) for f in found] for found in batches]

    def fix(self, text: str, unsafe: bool = False, *, path: Optional[PathLike] = None) -> str:
        """``text`` with the safe fixes applied (and the unsafe ones with ``unsafe=True``),
        as ``boilerlint check --fix`` would write it."""
        return self._engine.fix(text, unsafe, None if path is None else str(path))

    def fix_batch(
        self,
        texts: Iterable[str],
        unsafe: bool = False,
        *,
        paths: Optional[Iterable[Optional[PathLike]]] = None,
    ) -> List[str]:
        """``fix`` on many texts at once, on the worker threads, without holding the GIL."""
        return self._engine.fix_batch(_texts(texts), unsafe, _paths(paths))

