"""Dolma attributes: ``{"id": ..., "attributes": {"boilerlint__<rule>": [[start, end, score]]}}``
with character offsets into the text, as Dolma's taggers write spans and as
``boilerlint filter --attributes`` and ``boilerlint check --output-format attributes`` write them.
Dolma's ``mix`` step can then drop or keep documents and spans on these attributes.
"""

from __future__ import annotations

import math
from typing import Any, Dict, Iterable, Iterator, List, Optional

from .. import Finding, Linter

PREFIX = "boilerlint__"


def _score(score: float) -> float:
    # Three decimals, halves away from zero: the command line's rounding.
    return math.floor(score * 1000 + 0.5) / 1000


def attributes(findings: Iterable[Finding]) -> Dict[str, List[List[float]]]:
    """The attributes of one document's findings: one key per rule that found something."""
    spans: Dict[str, List[List[float]]] = {}
    for f in findings:
        spans.setdefault(PREFIX + f.rule, []).append([f.start, f.end, _score(f.score)])
    return dict(sorted(spans.items()))


def attribute_records(
    linter: Linter,
    records: Iterable[Dict[str, Any]],
    *,
    text_field: str = "text",
    id_field: str = "id",
    batch_size: int = 1024,
) -> Iterator[Dict[str, Any]]:
    """One attributes record per document record (Dolma's ``documents/*.jsonl`` records), in
    order, checked in batches on the linter's threads. Write them as JSON lines to the
    ``attributes/<name>/`` file that mirrors the documents file."""
    batch: List[Dict[str, Any]] = []

    def flush() -> Iterator[Dict[str, Any]]:
        found = linter.check_batch([r[text_field] for r in batch])
        for record, findings in zip(batch, found):
            yield {"id": record.get(id_field), "attributes": attributes(findings)}
        batch.clear()

    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()


def document_attributes(
    linter: Linter, text: str, doc_id: Optional[Any] = None
) -> Dict[str, Any]:
    """The attributes record of one document."""
    return {"id": doc_id, "attributes": attributes(linter.check(text))}
