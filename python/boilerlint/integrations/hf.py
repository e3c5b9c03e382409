"""Hugging Face ``datasets``: clean or annotate a dataset with ``Dataset.map(batched=True)``.

>>> from boilerlint.integrations.hf import DatasetsMap
>>> cleaned = dataset.map(DatasetsMap(), batched=True, batch_size=1000)

Each batch is checked (and fixed) on the linter's worker threads. The function pickles as its
settings, so ``num_proc`` and the datasets cache work with it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from .. import Linter


class DatasetsMap:
    """A batched map function: adds ``boilerlint_rules`` (the rules that found something, one
    per finding) to each row, and with ``fix=True`` (the default) replaces the text column with
    the fixed text (``unsafe=True``: unsafe fixes too). ``fix=False`` only annotates."""

    def __init__(
        self,
        linter: Optional[Linter] = None,
        *,
        column: str = "text",
        fix: bool = True,
        unsafe: bool = False,
        rules_column: str = "boilerlint_rules",
    ) -> None:
        self.linter = linter if linter is not None else Linter()
        self.column = column
        self.fix = fix
        self.unsafe = unsafe
        self.rules_column = rules_column

    def __call__(self, batch: Dict[str, List[Any]]) -> Dict[str, List[Any]]:
        texts = batch[self.column]
        found = self.linter.check_batch(texts)
        out: Dict[str, List[Any]] = {self.rules_column: [[f.rule for f in fs] for fs in found]}
        if self.fix:
            # Only the texts with something to fix go through the fixer.
            dirty = [i for i, fs in enumerate(found) if any(f.fix is not None for f in fs)]
            fixed = self.linter.fix_batch([texts[i] for i in dirty], self.unsafe)
            column = list(texts)
            for i, text in zip(dirty, fixed):
                column[i] = text
            out[self.column] = column
        return out
