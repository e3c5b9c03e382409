#!/usr/bin/env python3
"""The datatrove baseline: JSONL reader -> C4 policy-line filter only -> JSONL writer, one task."""

import sys
import tempfile

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import C4QualityFilter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter


def main(path):
    out = tempfile.mkdtemp()
    pipeline = [
        JsonlReader(data_folder=".", paths_file=None, glob_pattern=path, text_key="text"),
        # Only the policy-line removal: the other C4 heuristics are switched off.
        C4QualityFilter(
            split_paragraph=True,
            remove_citations=False,
            filter_no_terminal_punct=False,
            min_num_sentences=-1,
            min_words_per_line=-1,
            max_word_length=-1,
            filter_lorem_ipsum=False,
            filter_javascript=False,
            filter_curly_bracket=False,
            filter_policy=True,
        ),
        JsonlWriter(out, compression=None),
    ]
    LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1, logging_dir=out + "/logs").run()


if __name__ == "__main__":
    main(sys.argv[1])
