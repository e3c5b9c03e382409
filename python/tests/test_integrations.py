"""The integrations, each against the real library on small data."""

from __future__ import annotations

import json
import subprocess

from conftest import ROOT, SEED, read_text, require

CLEAN = "A plain paragraph of an article about rivers.\n\nAnother one about their deltas.\n"


def documents():
    return [read_text(SEED), CLEAN, read_text(SEED)]


def test_datatrove_filter_drops_and_counts_in_datatrove_stats(boilerlint, tmp_path):
    require("datatrove", "datatrove")
    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor

    from boilerlint.integrations.datatrove import BoilerlintFilter

    docs = [Document(text=t, id=str(i)) for i, t in enumerate(documents())]
    step = BoilerlintFilter(boilerlint.Linter(isolated=True, threads=1), batch_size=2)
    kept = list(step.run(iter(docs)))
    assert [d.id for d in kept] == ["1"]
    stats = step.stats.to_dict()["stats"]
    assert stats["boilerlint_cookie-banner"] == 2
    assert stats["dropped_cookie-banner"] == 2
    assert stats["forwarded"] == 1
    # Only the named rules drop documents.
    ads_only = BoilerlintFilter(boilerlint.Linter(isolated=True), rules=["ad-notice"])
    assert len(list(ads_only.run(iter(docs)))) == 3
    # The step runs in datatrove's executor (which pickles it into its task).
    executor = LocalPipelineExecutor(
        pipeline=[docs, BoilerlintFilter(boilerlint.Linter(isolated=True, threads=1))],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()


def test_datatrove_formatter_cleans_and_counts(boilerlint):
    require("datatrove", "datatrove")
    from datatrove.data import Document

    from boilerlint.integrations.datatrove import BoilerlintFormatter

    linter = boilerlint.Linter(isolated=True)
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(documents())]
    step = BoilerlintFormatter(linter)
    out = list(step.run(iter(docs)))
    assert [d.text for d in out] == [linter.fix(t) for t in documents()]
    assert out[1].text == CLEAN
    stats = step.stats.to_dict()["stats"]
    assert stats["boilerlint_cookie-banner"] == 2
    assert stats["boilerlint_fixed_docs"] == 2
    removed = 2 * (len(read_text(SEED)) - len(linter.fix(read_text(SEED))))
    assert stats["boilerlint_removed_chars"]["total"] == removed
    empty = list(BoilerlintFormatter(linter, drop_empty=True).run(iter([Document(text="", id="e")])))
    assert empty == []


def test_datasets_map_batched(boilerlint, tmp_path):
    require("datasets", "datasets")
    import datasets

    from boilerlint.integrations.hf import DatasetsMap

    linter = boilerlint.Linter(isolated=True)
    dataset = datasets.Dataset.from_dict({"text": documents(), "n": [0, 1, 2]})
    cleaned = dataset.map(DatasetsMap(linter), batched=True, batch_size=2)
    assert cleaned["text"] == [linter.fix(t) for t in documents()]
    assert cleaned["boilerlint_rules"] == [["cookie-banner"], [], ["cookie-banner"]]
    assert cleaned["n"] == [0, 1, 2]
    annotated = dataset.map(DatasetsMap(linter, fix=False), batched=True)
    assert annotated["text"] == documents()
    # Two processes: the function pickles as its settings.
    parallel = dataset.map(DatasetsMap(linter), batched=True, batch_size=1, num_proc=2)
    assert parallel["text"] == cleaned["text"]


def test_dolma_attributes_equal_the_clis(boilerlint):
    from boilerlint.integrations.dolma import attribute_records

    records = [{"id": f"doc-{i}", "text": t} for i, t in enumerate(documents())]
    records.append({"id": 7, "text": read_text(next((ROOT / "corpus/test/docs/tr").glob("*.txt")))})
    lines = "".join(json.dumps(r) + "\n" for r in records)
    cli = subprocess.run(
        ["boilerlint", "--isolated", "filter", "--attributes"],
        input=lines, capture_output=True, text=True, check=True,
    )
    expected = [json.loads(line) for line in cli.stdout.splitlines()]
    linter = boilerlint.Linter(isolated=True)
    assert list(attribute_records(linter, records, batch_size=2)) == expected
    assert "boilerlint__cookie-banner" in expected[0]["attributes"]
