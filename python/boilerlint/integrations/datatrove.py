"""datatrove pipeline steps: a filter that drops documents with findings, and a formatter that
removes what the fixes remove. Both check documents in batches on the linter's worker threads
and count findings per rule in datatrove's stats (``boilerlint_<rule>``).

>>> from boilerlint.integrations.datatrove import BoilerlintFilter, BoilerlintFormatter
>>> pipeline = [JsonlReader("data/"), BoilerlintFormatter(), JsonlWriter("clean/")]

A datatrove task usually runs one per core: give the linter ``threads=1`` there
(``Linter(threads=1)``), or run fewer tasks and more threads.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Union

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.utils.batching import batched
from datatrove.utils.typeshelper import StatHints

from .. import Finding, Linter


def _count(step, findings: Sequence[Finding]) -> None:
    for f in findings:
        step.stat_update(f"boilerlint_{f.rule}")


class BoilerlintFilter(BaseFilter):
    """Drops the documents in which the linter finds something (``rules``: only findings of
    these rules or plugins drop a document). The drop reason is the first finding's rule, so
    datatrove counts ``dropped_<rule>`` and an exclusion writer records it."""

    name = "🧹 boilerlint"

    def __init__(
        self,
        linter: Optional[Linter] = None,
        *,
        rules: Optional[Iterable[str]] = None,
        exclusion_writer=None,
        batch_size: int = 256,
    ) -> None:
        super().__init__(exclusion_writer=exclusion_writer, batch_size=batch_size)
        self.linter = linter if linter is not None else Linter()
        self.rules = None if rules is None else set(rules)

    def _drops(self, f: Finding) -> bool:
        return self.rules is None or f.rule in self.rules or f.plugin in self.rules

    def filter(self, doc: Document) -> Union[bool, tuple]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: List[Document]) -> List[Union[bool, tuple]]:
        results: List[Union[bool, tuple]] = []
        for findings in self.linter.check_batch([doc.text for doc in batch]):
            _count(self, findings)
            dropping = [f for f in findings if self._drops(f)]
            results.append((False, dropping[0].rule) if dropping else True)
        return results


class BoilerlintFormatter(BaseFormatter):
    """Removes from each document what boilerlint's safe fixes remove (``unsafe=True``: the
    unsafe ones too), and counts ``boilerlint_<rule>`` findings, ``boilerlint_fixed_docs`` and
    ``boilerlint_removed_chars``. ``drop_empty=True`` drops documents that fixing left empty
    (``dropped_empty``)."""

    name = "🧹 boilerlint"

    def __init__(
        self,
        linter: Optional[Linter] = None,
        *,
        unsafe: bool = False,
        drop_empty: bool = False,
        batch_size: int = 256,
    ) -> None:
        super().__init__()
        self.linter = linter if linter is not None else Linter()
        self.unsafe = unsafe
        self.drop_empty = drop_empty
        self.batch_size = batch_size

    def format(self, text: str) -> str:
        return self.linter.fix(text, self.unsafe)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for batch in batched(data, self.batch_size):
            with self.track_time("batch"):
                found = self.linter.check_batch([doc.text for doc in batch])
                dirty = [i for i, fs in enumerate(found) if any(f.fix is not None for f in fs)]
                fixed = self.linter.fix_batch([batch[i].text for i in dirty], self.unsafe)
            for fs in found:
                _count(self, fs)
            for i, text in zip(dirty, fixed):
                doc = batch[i]
                if text != doc.text:
                    self.stat_update("boilerlint_fixed_docs")
                    self.stat_update("boilerlint_removed_chars", value=len(doc.text) - len(text))
                    doc.text = text
            for doc in batch:
                self.stat_update(StatHints.total)
                if self.drop_empty and not doc.text.strip():
                    self.stat_update(StatHints.dropped)
                    self.stat_update("dropped_empty")
                    continue
                self.stat_update(StatHints.forwarded)
                yield doc
