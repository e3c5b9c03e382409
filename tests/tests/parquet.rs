//! Parquet shards, written and read back by pyarrow: a fixed shard keeps its schema, codecs,
//! row groups and every other column; null texts and nested text columns; bad files are errors
//! naming the file and are never written over.
//!
//! Without Python's pyarrow the tests say so and pass (CI installs it).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use boilerlint_tests::{artifacts, boilerlint, root};

/// Runs a Python script with pyarrow in `dir`; `None` (saying why) when pyarrow is missing.
fn python(dir: &Path, script: &str) -> Option<String> {
    let probe = Command::new("python3")
        .args(["-c", "import pyarrow"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 with pyarrow is needed (pip install pyarrow)");
        return None;
    }
    let output = Command::new("python3")
        .current_dir(dir)
        .args(["-c", script])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

/// The canonical contaminated article (Turkish cookie notice at its end).
fn seed() -> String {
    fs::read_to_string(root().join("tests/fixtures/seed-article.txt"))
        .expect("the seed article fixture")
}

/// Writes `shard.parquet` in `dir`: 8 rows in row groups of 3, a seed article in rows 1 and 6,
/// null texts in rows 3 and 7, a nested struct, a list, a timestamp, field and schema
/// metadata, zstd for the text and snappy for the rest.
const WRITE_SHARD: &str = r#"
import datetime, pyarrow as pa, pyarrow.parquet as pq
seed = open("seed.txt", encoding="utf-8").read()
texts = [seed, "A clean paragraph.\n", None, "Another clean one.\n\nTwo paragraphs.\n",
         "Third.\n", seed, None, "Last.\n"]
schema = pa.schema([
    pa.field("id", pa.int64(), nullable=False),
    pa.field("text", pa.string(), metadata={"role": "document"}),
    pa.field("meta", pa.struct([("url", pa.string()), ("lang", pa.string())])),
    pa.field("tags", pa.list_(pa.string())),
    pa.field("score", pa.float64()),
    pa.field("seen", pa.timestamp("ms", tz="UTC")),
], metadata={"dataset": "boilerlint-test"})
rows = len(texts)
table = pa.table({
    "id": list(range(1, rows + 1)),
    "text": texts,
    "meta": [{"url": f"https://site{i}.example/a", "lang": "en"} for i in range(rows)],
    "tags": [["a", "b"][: i % 3] for i in range(rows)],
    "score": [i / 4 for i in range(rows)],
    "seen": [datetime.datetime(2024, 1, 1 + i, tzinfo=datetime.timezone.utc) for i in range(rows)],
}, schema=schema)
pq.write_table(table, "shard.parquet", row_group_size=3,
               compression={"id": "snappy", "text": "zstd", "meta.url": "gzip",
                            "meta.lang": "snappy", "tags.list.element": "snappy",
                            "score": "snappy", "seen": "snappy"})
"#;

/// Compares `fixed` with `shard.parquet`: prints one line per difference, then `checked`.
const COMPARE: &str = r#"
import sys, pyarrow.parquet as pq
source, fixed = pq.ParquetFile("shard.parquet"), pq.ParquetFile(sys.argv[1])
a, b = source.read(), fixed.read()
out = []
if not a.schema.equals(b.schema, check_metadata=True):
    out.append(f"schema: {a.schema} != {b.schema}")
if a.schema.field("text").metadata != b.schema.field("text").metadata:
    out.append("text field metadata differs")
if a.num_rows != b.num_rows:
    out.append(f"rows: {a.num_rows} != {b.num_rows}")
ga = [source.metadata.row_group(i).num_rows for i in range(source.num_row_groups)]
gb = [fixed.metadata.row_group(i).num_rows for i in range(fixed.num_row_groups)]
if ga != gb:
    out.append(f"row groups: {ga} != {gb}")
for i in range(source.metadata.num_columns):
    ca = source.metadata.row_group(0).column(i)
    cb = fixed.metadata.row_group(0).column(i)
    if (ca.path_in_schema, ca.compression) != (cb.path_in_schema, cb.compression):
        out.append(f"codec: {ca.path_in_schema} {ca.compression} != {cb.compression}")
for name in a.column_names:
    if name != "text" and not a.column(name).equals(b.column(name)):
        out.append(f"column {name} differs")
ta, tb = a.column("text").to_pylist(), b.column("text").to_pylist()
for row, (x, y) in enumerate(zip(ta, tb), 1):
    if x is None or y is None:
        if x is not y:
            out.append(f"row {row}: null {x is None} -> {y is None}")
    elif "çerez" in x:
        if "çerez" in y or not y.startswith(x[:200]):
            out.append(f"row {row}: not cleaned as expected")
    elif x != y:
        out.append(f"row {row}: a clean text changed")
print("\n".join(out + ["checked"]))
"#;

fn check(dir: &Path, args: &[&str]) -> Output {
    boilerlint()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_fixed_shard_keeps_everything_but_the_cleaned_text() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("seed.txt"), seed()).unwrap();
    if python(dir.path(), WRITE_SHARD).is_none() {
        return;
    }
    // Checked: the two seed articles are found, the null texts passed over.
    let checked = check(dir.path(), &["--format", "json", "shard.parquet"]);
    assert_eq!(checked.status.code(), Some(1), "{}", text(&checked));
    let report: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let records: Vec<_> = findings.iter().map(|f| f["record"].as_u64()).collect();
    assert_eq!(records, [Some(1), Some(6)]);
    assert_eq!(findings[0]["id"], 1);

    // Fixed into an output directory, and in place.
    let fixed = check(dir.path(), &["--fix", "--output", "out", "shard.parquet"]);
    assert_eq!(fixed.status.code(), Some(0), "{}", text(&fixed));
    let compare = |path: &str| {
        let script = COMPARE.replace("sys.argv[1]", &format!("{path:?}"));
        python(dir.path(), &script).unwrap()
    };
    assert_eq!(compare("out/shard.parquet"), "checked\n");
    fs::copy(
        dir.path().join("shard.parquet"),
        dir.path().join("copy.parquet"),
    )
    .unwrap();
    let in_place = check(dir.path(), &["--fix", "copy.parquet"]);
    assert_eq!(in_place.status.code(), Some(0), "{}", text(&in_place));
    assert_eq!(compare("copy.parquet"), "checked\n");

    // Fixing again changes nothing: the file is left alone.
    let before = fs::read(dir.path().join("copy.parquet")).unwrap();
    let again = check(dir.path(), &["--fix", "copy.parquet"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    assert_eq!(fs::read(dir.path().join("copy.parquet")).unwrap(), before);

    // A second run into the same directory skips the completed output.
    let resumed = check(dir.path(), &["--fix", "--output", "out", "shard.parquet"]);
    assert!(text(&resumed).contains("skipped"), "{}", text(&resumed));
}

#[test]
fn attributes_stats_and_nested_columns() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("seed.txt"), seed()).unwrap();
    if python(dir.path(), WRITE_SHARD).is_none() {
        return;
    }
    // Dolma attributes: one JSON line per row, nulls included, in a `.jsonl` file.
    let out = check(
        dir.path(),
        &[
            "--format",
            "attributes",
            "--output",
            "attrs",
            "shard.parquet",
        ],
    );
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", text(&out));
    let attributes = fs::read_to_string(dir.path().join("attrs/shard.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = attributes
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 8);
    assert_eq!(lines[5]["id"], 6);
    assert!(lines[5]["attributes"]["boilerlint__cookie-banner"].is_array());
    assert_eq!(lines[2]["attributes"], serde_json::json!({}));

    let stats = boilerlint()
        .current_dir(dir.path())
        .args(["stats", "shard.parquet"])
        .output()
        .unwrap();
    assert_eq!(stats.status.code(), Some(0), "{}", text(&stats));
    assert!(text(&stats).contains("cookie-banner"), "{}", text(&stats));

    // A nested text column, and the URL and language the plugins get, from nested columns.
    let nested = r#"
import pyarrow as pa, pyarrow.parquet as pq
doc = pa.array([{"body": "@@metadata@@\n", "url": "https://www.harbourtimes.example/a"},
                None, {"body": None, "url": None}])
pq.write_table(pa.table({"doc": doc, "key": ["k1", "k2", "k3"], "language": ["de", None, None]}),
               "nested.parquet")
"#;
    python(dir.path(), nested).unwrap();
    let output = boilerlint()
        .current_dir(dir.path())
        .args(["--no-default-plugins", "--plugin"])
        .arg(artifacts().cdylib("blfixture-faulty"))
        .args([
            "check",
            "--format",
            "json",
            "--text-field",
            "doc.body",
            "--url-field",
            "doc.url",
            "--id-field",
            "key",
            "nested.parquet",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(
        findings[0]["message"],
        "url=https://www.harbourtimes.example/a id=k1 language=de"
    );
    assert_eq!(findings[0]["id"], "k1");
}

#[test]
fn a_site_plugin_in_a_parquet_corpus_matches_by_url() {
    let dir = tempfile::tempdir().unwrap();
    let script = r#"
import pyarrow as pa, pyarrow.parquet as pq
text = "The council approved the budget.\n\nSign up to Morning Harbour today.\n"
pq.write_table(pa.table({"text": [text] * 3, "url": [
    "https://www.harbourtimes.example/council", "https://other.example/council", None]}),
    "harbourtimes.example.parquet")
"#;
    if python(dir.path(), script).is_none() {
        return;
    }
    fs::write(
        dir.path().join("boilerlint.toml"),
        r#"
[rules.site-rules]
[[rules.site-rules.site]]
name = "harbour-times"
domain = "harbourtimes.example"
[[rules.site-rules.site.rule]]
id = "ht-newsletter"
message = "newsletter box"
phrases = ["Sign up to Morning Harbour"]
"#,
    )
    .unwrap();
    let output = boilerlint()
        .current_dir(dir.path())
        .args(["--no-default-plugins", "--plugin"])
        .arg(artifacts().cdylib("boilerlint-plugin-site-rules"))
        .args(["--config", "boilerlint.toml", "check", "--format", "json"])
        .arg("harbourtimes.example.parquet")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let records: Vec<_> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["record"].as_u64().unwrap())
        .collect();
    // The first record by its URL; the third, without a URL, by the shard's name.
    assert_eq!(records, [1, 3]);
}

#[test]
fn bad_parquet_files_are_errors_naming_the_file_and_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("seed.txt"), seed()).unwrap();
    if python(dir.path(), WRITE_SHARD).is_none() {
        return;
    }
    let script = r#"
import pyarrow as pa, pyarrow.parquet as pq
pq.write_table(pa.table({"text": [1, 2]}), "numbers.parquet")
pq.write_table(pa.table({"body": ["x"]}), "no-text.parquet")
data = open("shard.parquet", "rb").read()
open("truncated.parquet", "wb").write(data[: len(data) // 2])
damaged = bytearray(data)
for i in range(100, len(data) // 2):
    damaged[i] ^= 0x5A
open("damaged.parquet", "wb").write(bytes(damaged))
open("not-parquet.parquet", "w").write("id,text\n1,hello\n")
pq.write_table(pa.table({"text": ["x"]}), "lz4.parquet", compression="lz4")
"#;
    python(dir.path(), script).unwrap();
    let bad = [
        ("numbers.parquet", "column `text` holds Int64, not strings"),
        ("no-text.parquet", "no column `text` (columns: body)"),
        ("truncated.parquet", "not a Parquet file, or a damaged one"),
        ("damaged.parquet", "row group 0"),
        (
            "not-parquet.parquet",
            "not a Parquet file, or a damaged one",
        ),
        (
            "lz4.parquet",
            "column `text` is compressed with LZ4_RAW, a codec boilerlint does not read",
        ),
    ];
    let before: Vec<Vec<u8>> = bad
        .iter()
        .map(|(name, _)| fs::read(dir.path().join(name)).unwrap())
        .collect();
    let mut args = vec!["--fix"];
    args.extend(bad.iter().map(|(name, _)| *name));
    args.push("shard.parquet");
    let output = check(dir.path(), &args);
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(2), "{shown}");
    for ((name, problem), bytes) in bad.iter().zip(&before) {
        let line = shown
            .lines()
            .find(|l| l.starts_with(&format!("error: {name}: ")))
            .unwrap_or_else(|| panic!("no error for {name}:\n{shown}"));
        assert!(line.contains(problem), "{line}");
        assert!(line.ends_with("the input was left as it was"), "{line}");
        assert_eq!(&fs::read(dir.path().join(name)).unwrap(), bytes, "{name}");
    }
    // The run went on: the good shard was fixed.
    let fixed = python(
        dir.path(),
        r#"import pyarrow.parquet as pq; print(sum("çerez" in (t or "") for t in pq.read_table("shard.parquet").column("text").to_pylist()))"#,
    )
    .unwrap();
    assert_eq!(fixed, "0\n");
}
