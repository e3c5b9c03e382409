"""The module: findings equal the command line's, offsets slice the text, fixes, batches,
errors and stubs."""

from __future__ import annotations

import pickle
import threading
from pathlib import Path

import pytest

from conftest import CORPUS_TEST, ROOT, SEED, cli_json, findings_by_path, read_text


def test_seed_article_findings_equal_the_clis(boilerlint):
    linter = boilerlint.Linter(isolated=True)
    path = SEED.relative_to(ROOT)
    expected = findings_by_path(cli_json("--isolated", str(path)))[str(path)]
    found = linter.check(read_text(SEED), path=path)
    assert [f.to_json() for f in found] == expected
    assert [f.rule for f in found] == ["cookie-banner"]


def test_corpus_findings_equal_the_clis(boilerlint):
    linter = boilerlint.Linter(isolated=True)
    expected = findings_by_path(cli_json("--isolated", str(CORPUS_TEST.relative_to(ROOT))))
    paths = sorted(expected)
    assert len(paths) > 500, "the test part of the corpus is there"
    texts = [read_text(ROOT / p) for p in paths]
    batches = linter.check_batch(texts, paths=paths)
    mismatches = [
        p for p, found in zip(paths, batches) if [f.to_json() for f in found] != expected[p]
    ]
    assert mismatches == []
    assert sum(len(b) for b in batches) > 100, "the corpus has findings to compare"


def test_offsets_are_character_slices_and_byte_ranges(boilerlint):
    linter = boilerlint.Linter(isolated=True)
    texts = [read_text(p) for p in sorted(CORPUS_TEST.glob("*/*.txt"))]
    checked = 0
    for text, found in zip(texts, linter.check_batch(texts)):
        data = text.encode("utf-8")
        for f in found:
            assert text[f.start : f.end] == data[f.start_byte : f.end_byte].decode("utf-8")
            assert f.start <= f.end and f.line_start <= f.line_end
            if f.fix is not None:
                for e in f.fix.edits:
                    assert text[e.start : e.end].encode("utf-8") == data[e.start_byte : e.end_byte]
            checked += not text.isascii()
    assert checked > 50, "non-ASCII texts were checked"


def test_fix_equals_the_clis_fix(boilerlint, tmp_path):
    import shutil
    import subprocess

    copy = tmp_path / "seed-article.txt"
    shutil.copy(SEED, copy)
    subprocess.run(["boilerlint", "check", "--isolated", "--fix", "--quiet", str(copy)], check=False)
    linter = boilerlint.Linter(isolated=True)
    text = read_text(SEED)
    assert linter.fix(text) == read_text(copy)
    assert linter.fix_batch([text, "plain text\n"]) == [read_text(copy), "plain text\n"]
    assert linter.check(linter.fix(text)) == []


def test_select_and_ignore_take_lists_or_the_command_lines_strings(boilerlint):
    text = read_text(SEED)
    assert boilerlint.Linter(isolated=True, select="ad-notice, site-rules").check(text) == []
    only = boilerlint.Linter(isolated=True, select=["cookie-banner"]).check(text)
    assert [f.rule for f in only] == ["cookie-banner"]
    # Without cookie-banner, the Turkish paragraphs it covered are off-language findings.
    rest = {f.rule for f in boilerlint.Linter(isolated=True, ignore="cookie-banner").check(text)}
    assert rest == {"off-language"}
    rules = {r.id for r in boilerlint.Linter(isolated=True).rules}
    assert {"cookie-banner", "ad-notice", "off-language", "site-rules"} <= rules


def test_errors_are_exceptions_with_the_clis_messages(boilerlint, tmp_path):
    import subprocess

    with pytest.raises(boilerlint.BoilerlintError) as raised:
        boilerlint.Linter(isolated=True, select=["cookie-baner"])
    cli = subprocess.run(
        ["boilerlint", "check", "--isolated", "--select", "cookie-baner", str(SEED)],
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 2
    assert f"error: {raised.value}" in cli.stderr
    assert "did you mean `cookie-banner`?" in str(raised.value)

    config = tmp_path / "boilerlint.toml"
    config.write_text("[rules]\nselekt = []\n")
    with pytest.raises(boilerlint.BoilerlintError, match=r"boilerlint\.toml:2"):
        boilerlint.Linter(config=config)
    with pytest.raises(boilerlint.BoilerlintError, match="no such file"):
        boilerlint.Linter(isolated=True, plugins=[tmp_path / "libmissing.so"])
    with pytest.raises(boilerlint.BoilerlintError, match="no plugin found"):
        boilerlint.Linter(isolated=True, no_default_plugins=True)


def test_batches_release_the_gil(boilerlint):
    """Two Python threads each running a batch finish with the same results as one."""
    linter = boilerlint.Linter(isolated=True, threads=2)
    texts = [read_text(p) for p in sorted(CORPUS_TEST.glob("*/*.txt"))[:100]]
    alone = linter.check_batch(texts)
    results = {}

    def run(i):
        results[i] = linter.check_batch(texts)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == alone and results[1] == alone
    assert linter.threads == 2


def test_a_linter_pickles_as_its_arguments(boilerlint):
    linter = boilerlint.Linter(isolated=True, select=["cookie-banner"], threads=1)
    copy = pickle.loads(pickle.dumps(linter))
    text = read_text(SEED)
    assert copy.check(text) == linter.check(text)
    assert copy.threads == 1


def test_batch_paths_must_match_the_texts(boilerlint):
    with pytest.raises(ValueError, match="1 paths for 2 texts"):
        boilerlint.Linter(isolated=True).check_batch(["a", "b"], paths=["a.txt"])


def test_the_package_is_typed(boilerlint):
    package = Path(boilerlint.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_boilerlint.pyi").is_file()
    import typing

    assert typing.get_type_hints(boilerlint.Finding)["start"] is int
