//! JSONL shards end to end: findings per record, cleaned shards that change only what was
//! flagged, compression, Dolma attributes, statistics, and the same output on 1 or 2 threads.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use boilerlint_tests::{boilerlint, root, run};
use serde_json::Value;

/// Records from corpus documents, plus lines that are not records.
fn shard_lines() -> Vec<String> {
    let files = [
        "en/02-championship-match-cookie-end.txt",
        "de/01-landtag-ganztagsschule-clean.txt",
        "fr/04-immobilier-taux-credit-ad.txt",
        "pl/05-medyka-przejscie-off-language.txt",
        "tr/06-kvkk-cerez-cezasi-hard-negative.txt",
    ];
    let mut lines: Vec<String> = files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let text: String = fs::read_to_string(root().join("tests/corpus").join(file))
                .unwrap()
                .lines()
                .filter(|l| !l.starts_with("# "))
                .map(|l| format!("{}\n", l.get(2..).unwrap_or("")))
                .collect();
            serde_json::json!({
                "id": format!("doc-{i}"),
                "url": format!("https://www.news{}.example/article/{i}", i % 2),
                "text": text,
                "meta": {"source": file},
            })
            .to_string()
        })
        .collect();
    // The seed article, escaped the way Python's json.dumps writes it (ASCII only).
    let seed = fs::read_to_string(root().join("tests/fixtures/seed-article.txt")).unwrap();
    let escaped: String = serde_json::to_string(&seed)
        .unwrap()
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                let mut units = [0u16; 2];
                c.encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect()
            }
        })
        .collect();
    lines.push(format!(
        "{{\"id\": 99, \"text\": {escaped}, \"lang\": \"en\"}}"
    ));
    lines.push("{\"id\": \"broken\", \"text\": ".to_string());
    lines.push("{\"id\": \"number\", \"text\": 42}".to_string());
    lines.push(
        serde_json::json!({"id": "only-banner", "text": "We use cookies and similar technologies to personalise ads and analyse our traffic. By clicking Accept all you agree to the use of cookies by us and our partners. You can change your settings at any time in our cookie policy.\n\nAccept all\n"})
            .to_string(),
    );
    lines
}

fn write_shard(dir: &Path, name: &str) -> Vec<u8> {
    let mut bytes = shard_lines().join("\n").into_bytes();
    bytes.push(b'\n');
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    if name.ends_with(".gz") {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&bytes).unwrap();
        fs::write(path, e.finish().unwrap()).unwrap();
    } else if name.ends_with(".zst") {
        fs::write(path, zstd::encode_all(&bytes[..], 3).unwrap()).unwrap();
    } else {
        fs::write(path, &bytes).unwrap();
    }
    bytes
}

fn read_shard(path: &Path) -> Vec<u8> {
    let raw = fs::read(path).unwrap();
    let name = path.to_string_lossy();
    if name.ends_with(".gz") {
        let mut out = Vec::new();
        // A reader that stops after the first gzip member (as many do) must read it all.
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .unwrap();
        out
    } else if name.ends_with(".zst") {
        zstd::decode_all(&raw[..]).unwrap()
    } else {
        raw
    }
}

fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

#[test]
fn findings_name_the_record_and_its_id() {
    let dir = tempfile::tempdir().unwrap();
    write_shard(dir.path(), "shard.jsonl");
    let output = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--format",
        "jsonl",
        "--threads",
        "1",
        "shard.jsonl",
    ]));
    insta::assert_snapshot!(output);
}

#[test]
fn fixing_shards_changes_only_flagged_text_and_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.jsonl", "b.jsonl.gz", "c.jsonl.zst"] {
        let original = write_shard(dir.path(), name);
        let report = run(boilerlint()
            .current_dir(dir.path())
            .args(["check", "--fix", "--output", "clean", name]));
        assert!(
            report.starts_with("exit: 2\n"),
            "malformed records are errors:\n{report}"
        );
        let cleaned = read_shard(&dir.path().join("clean").join(name));
        let (before, after) = (lines(&original), lines(&cleaned));
        assert_eq!(
            before.len(),
            after.len(),
            "{name}: record count in equals out"
        );
        let mut changed = 0;
        for (b, a) in before.iter().zip(&after) {
            if b == a {
                continue;
            }
            changed += 1;
            let (b, a): (Value, Value) = (
                serde_json::from_slice(b).unwrap(),
                serde_json::from_slice(a).unwrap(),
            );
            let others = |v: &Value| {
                let mut v = v.clone();
                v.as_object_mut().unwrap().remove("text");
                v
            };
            assert_eq!(
                others(&b),
                others(&a),
                "{name}: only the text field changes"
            );
            assert!(a["text"].as_str().unwrap().len() < b["text"].as_str().unwrap().len());
        }
        assert_eq!(changed, 5, "{name}: the five contaminated records changed");
        // The Python-style record keeps its escaping; the seed's English text survives.
        let seed = after
            .iter()
            .find(|l| l.starts_with(b"{\"id\": 99"))
            .unwrap();
        assert!(seed.is_ascii());
        let seed: Value = serde_json::from_slice(seed).unwrap();
        assert!(seed["text"]
            .as_str()
            .unwrap()
            .ends_with("negotiations with Moscow.\n"));
        // Malformed records are passed through byte for byte.
        assert!(after.contains(&&b"{\"id\": \"broken\", \"text\": \n"[..]));
    }
}

#[test]
fn fixing_in_place_leaves_clean_shards_alone_and_drop_empty_drops_emptied_records() {
    let dir = tempfile::tempdir().unwrap();
    let clean = "{\"id\":1,\"text\":\"Nothing to see here.\\n\"}\n";
    fs::write(dir.path().join("clean.jsonl"), clean).unwrap();
    let lines_in: Vec<String> = shard_lines()
        .into_iter()
        .filter(|l| l.contains("only-banner") || l.contains("doc-1"))
        .collect();
    fs::write(dir.path().join("mixed.jsonl"), lines_in.join("\n") + "\n").unwrap();
    let report = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--fix",
        "--drop-empty",
        "clean.jsonl",
        "mixed.jsonl",
    ]));
    assert!(report.starts_with("exit: 0\n"), "{report}");
    assert_eq!(
        fs::read_to_string(dir.path().join("clean.jsonl")).unwrap(),
        clean
    );
    let mixed = fs::read_to_string(dir.path().join("mixed.jsonl")).unwrap();
    assert_eq!(
        mixed.lines().count(),
        1,
        "the emptied record is dropped:\n{mixed}"
    );
    assert!(mixed.contains("\"id\":\"doc-1\""), "{mixed}");
}

#[test]
fn attributes_follow_the_dolma_layout_with_character_offsets() {
    let dir = tempfile::tempdir().unwrap();
    write_shard(dir.path(), "docs/shard.jsonl.gz");
    let report = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--format",
        "attributes",
        "--output",
        "attributes/boilerlint",
        "docs/shard.jsonl.gz",
    ]));
    let attributes = read_shard(&dir.path().join("attributes/boilerlint/docs/shard.jsonl.gz"));
    let text = String::from_utf8(attributes).unwrap();
    assert_eq!(
        text.lines().count(),
        shard_lines().len(),
        "one line per record"
    );
    // Offsets count characters: they slice the Unicode text as Dolma's tools do.
    let seed_line: Value =
        serde_json::from_str(text.lines().find(|l| l.contains("\"id\":99")).unwrap()).unwrap();
    let span = &seed_line["attributes"]["boilerlint__cookie-banner"][0];
    let seed = fs::read_to_string(root().join("tests/fixtures/seed-article.txt")).unwrap();
    let chars: Vec<char> = seed.chars().collect();
    let (start, end) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    let flagged: String = chars[start..end].iter().collect();
    assert!(flagged.starts_with("X\nSitelerimizde") && flagged.ends_with("isteriz."));
    insta::assert_snapshot!(format!("{report}--- attributes\n{text}"));
}

#[test]
fn stats_measure_boilerplate_per_rule_language_and_site() {
    let dir = tempfile::tempdir().unwrap();
    write_shard(dir.path(), "shard.jsonl.zst");
    insta::assert_snapshot!(run(boilerlint()
        .current_dir(dir.path())
        .args(["stats", "shard.jsonl.zst"])));
    let json = boilerlint()
        .current_dir(dir.path())
        .args(["stats", "--format", "json", "shard.jsonl.zst"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        json["total"]["documents"], 7,
        "unreadable records are errors, not documents"
    );
    assert_eq!(json["errors"], 2);
}

#[test]
fn output_is_the_same_on_one_thread_and_on_two() {
    let dir = tempfile::tempdir().unwrap();
    write_shard(dir.path(), "a.jsonl");
    write_shard(dir.path(), "b.jsonl.gz");
    fs::copy(
        root().join("tests/fixtures/seed-article.txt"),
        dir.path().join("c.txt"),
    )
    .unwrap();
    let with = |threads: &str| {
        boilerlint()
            .current_dir(dir.path())
            .args(["check", "--format", "jsonl", "--threads", threads, "."])
            .output()
            .unwrap()
            .stdout
    };
    let one = with("1");
    assert!(!one.is_empty());
    assert_eq!(one, with("2"));
    // Compressed outputs too, to the byte: their compression runs on the worker threads.
    write_shard(dir.path(), "d.jsonl.zst");
    for threads in ["1", "2"] {
        boilerlint()
            .current_dir(dir.path())
            .args(["check", "--fix", "--threads", threads, "--output"])
            .args([
                format!("out{threads}"),
                "b.jsonl.gz".into(),
                "d.jsonl.zst".into(),
            ])
            .output()
            .unwrap();
    }
    for name in ["b.jsonl.gz", "d.jsonl.zst"] {
        let fixed = fs::read(dir.path().join("out1").join(name)).unwrap();
        assert_eq!(fixed, fs::read(dir.path().join("out2").join(name)).unwrap());
        assert_ne!(read_shard(&dir.path().join("out1").join(name)), b"");
    }
}

#[test]
fn an_interrupted_run_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    write_shard(dir.path(), "a.jsonl");
    write_shard(dir.path(), "b.jsonl");
    let first = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--output", "out", "a.jsonl"]));
    assert!(first.contains("Fixed"), "{first}");
    let second = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--output", "out", "a.jsonl", "b.jsonl"]));
    assert!(
        second.contains("a.jsonl: skipped: out/a.jsonl was written by an earlier run"),
        "{second}"
    );
    assert!(dir.path().join("out/b.jsonl").exists());
}

#[test]
fn filter_writes_one_line_per_input_line_in_order() {
    let lines = shard_lines();
    let input = lines.join("\n") + "\n";
    let run_filter = |args: &[&str]| {
        let mut child = boilerlint()
            .args(["filter", "--threads", "2"])
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let bytes = input.clone().into_bytes();
        let writer = std::thread::spawn(move || stdin.write_all(&bytes).unwrap());
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap();
        output
    };
    let cleaned = run_filter(&[]);
    assert_eq!(
        cleaned.status.code(),
        Some(2),
        "malformed records are errors"
    );
    let out = String::from_utf8(cleaned.stdout).unwrap();
    assert_eq!(out.lines().count(), lines.len());
    for (before, after) in lines.iter().zip(out.lines()) {
        // Same record, in the same place: ids line up.
        let id = |l: &str| {
            serde_json::from_str::<Value>(l)
                .map(|v| v["id"].clone())
                .ok()
        };
        assert_eq!(id(before), id(after));
    }
    let stderr = String::from_utf8(cleaned.stderr).unwrap();
    assert!(stderr.contains("<stdin>:7: invalid JSON"), "{stderr}");

    let annotated = run_filter(&["--attributes", "--drop-empty"]);
    let out = String::from_utf8(annotated.stdout).unwrap();
    assert_eq!(out.lines().count(), lines.len());
    assert!(out.lines().all(|l| l.starts_with("{\"id\":")));
}
