//! Nothing lost, nothing crashes: bad input gets a clear error naming the file (and record),
//! the run goes on with the rest, exits 2 at the end, and `--fix` never loses or half-writes
//! text. One case per kind of bad input; each checks the message and that no byte was lost.

use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use boilerlint_tests::{boilerlint, root, run};

fn seed() -> String {
    fs::read_to_string(root().join("tests/fixtures/seed-article.txt")).unwrap()
}

/// The seed article without its notice: what a fix must leave.
fn seed_fixed() -> String {
    seed().split_inclusive('\n').take(17).collect()
}

/// `boilerlint check --fix .` in `dir`, with the seed article beside the bad input, so the
/// run is seen to go on.
fn fix_dir(dir: &Path) -> String {
    fs::write(dir.join("good.txt"), seed()).unwrap();
    let output = run(boilerlint()
        .current_dir(dir)
        .args(["check", "--fix", "--threads", "1", "."]));
    assert_eq!(
        fs::read_to_string(dir.join("good.txt")).unwrap(),
        seed_fixed(),
        "the good file next to the bad one was fixed:\n{output}"
    );
    output
}

#[test]
fn invalid_utf8_is_reported_with_its_offset_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = seed().into_bytes();
    bytes[100] = 0xFF;
    fs::write(dir.path().join("latin1.txt"), &bytes).unwrap();
    let output = fix_dir(dir.path());
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(
        output.contains(
            "error: latin1.txt: not valid UTF-8 (at byte 100); not checked and never rewritten"
        ),
        "{output}"
    );
    assert_eq!(fs::read(dir.path().join("latin1.txt")).unwrap(), bytes);
}

#[test]
fn binary_files_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"\x7fELF\x02\x01\x00\x00\xff\xfe binary".to_vec();
    fs::write(dir.path().join("blob.txt"), &bytes).unwrap();
    let output = fix_dir(dir.path());
    assert!(output.contains("error: blob.txt: binary file"), "{output}");
    assert_eq!(fs::read(dir.path().join("blob.txt")).unwrap(), bytes);
}

#[test]
fn empty_files_files_without_a_final_newline_and_nul_bytes_are_fine() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("no-newline.txt"), "One line, no newline").unwrap();
    fs::write(
        dir.path().join("nul.txt"),
        "Text with a \0 NUL byte in it.\n",
    )
    .unwrap();
    let output = run(boilerlint().current_dir(dir.path()).args(["check", "."]));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert!(output.contains("No findings in 3 files."), "{output}");
}

#[test]
fn crlf_mixed_endings_and_a_bom_survive_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = format!("\u{feff}{}", seed().replace('\n', "\r\n"));
    fs::write(dir.path().join("crlf.txt"), &crlf).unwrap();
    // Mixed: CRLF in the article, LF in the notice.
    let seed = seed();
    let (article, notice) = seed.split_at(seed.find("\nX\n").unwrap());
    let mixed = format!("{}{notice}", article.replace('\n', "\r\n"));
    fs::write(dir.path().join("mixed.txt"), &mixed).unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "."]));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert_eq!(
        fs::read_to_string(dir.path().join("crlf.txt")).unwrap(),
        format!("\u{feff}{}", seed_fixed().replace('\n', "\r\n"))
    );
    // The article keeps its CRLF lines; the notice and the blank line before it go.
    let expected_mixed: String = article.replace('\n', "\r\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("mixed.txt")).unwrap(),
        expected_mixed
    );
}

#[test]
fn a_single_line_of_many_megabytes_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let line = "word ".repeat(4 << 20); // 20 MB, no line break
    fs::write(dir.path().join("long.txt"), &line).unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "long.txt"]));
    assert!(output.starts_with("exit: 0\n"), "{output}");
}

#[test]
fn broken_links_and_link_loops_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("missing.txt", dir.path().join("broken.txt")).unwrap();
    fs::create_dir(dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("loop/up")).unwrap();
    let output = fix_dir(dir.path());
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(output.contains("broken.txt"), "{output}");
    assert!(output.contains("loop"), "{output}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(dir.path().join(name), seed()).unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "."]));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert!(
        output.contains("caf\u{fffd}.txt") || output.contains("Fixed 1 finding"),
        "{output}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join(name)).unwrap(),
        seed_fixed()
    );
}

#[test]
fn bad_records_are_named_and_passed_through_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let good = serde_json::json!({"id": "a", "text": seed()}).to_string();
    let lines = [
        good.as_str(),
        "{\"id\": \"b\", \"text\": \"unterminated",
        "{\"id\": \"c\", \"body\": \"no text field\"}",
        "{\"id\": \"d\", \"text\": [\"not\", \"a string\"]}",
        good.as_str(),
        "not json at all",
    ];
    let input = lines.join("\n") + "\n";
    fs::write(dir.path().join("shard.jsonl"), &input).unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "shard.jsonl"]));
    insta::assert_snapshot!(output);
    let fixed = fs::read_to_string(dir.path().join("shard.jsonl")).unwrap();
    let fixed: Vec<&str> = fixed.lines().collect();
    assert_eq!(
        fixed.len(),
        lines.len(),
        "record count in equals record count out"
    );
    for i in [1, 2, 3, 5] {
        assert_eq!(fixed[i], lines[i], "record {} passed through", i + 1);
    }
    let record: serde_json::Value = serde_json::from_str(fixed[0]).unwrap();
    assert_eq!(record["text"].as_str().unwrap(), seed_fixed());
}

#[test]
fn a_truncated_compressed_shard_is_reported_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let record = serde_json::json!({"id": "a", "text": seed()}).to_string() + "\n";
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for _ in 0..200 {
        encoder.write_all(record.as_bytes()).unwrap();
    }
    let mut gz = encoder.finish().unwrap();
    gz.truncate(gz.len() / 2);
    fs::write(dir.path().join("cut.jsonl.gz"), &gz).unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "cut.jsonl.gz"]));
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(
        output.contains("error: cut.jsonl.gz: cannot read past record"),
        "{output}"
    );
    assert!(output.contains("the input was left as it was"), "{output}");
    assert_eq!(fs::read(dir.path().join("cut.jsonl.gz")).unwrap(), gz);
}

/// Many files with a notice each, for the interruption tests.
/// A long article (the seed's, thirty times) with the seed's notice at its end.
fn big_text() -> String {
    let seed = seed();
    let notice = &seed[seed_fixed().len()..];
    format!("{}{notice}", seed_fixed().repeat(30))
}

fn big_tree(dir: &Path) {
    let text = big_text();
    for i in 0..400 {
        fs::write(dir.join(format!("doc-{i:03}.txt")), &text).unwrap();
    }
}

/// Checks every file is either as it was or fully fixed, and counts the fixed ones.
fn every_file_whole(dir: &Path) -> (usize, usize) {
    let original = big_text();
    let fixed = {
        let scratch = tempfile::tempdir().unwrap();
        fs::write(scratch.path().join("one.txt"), &original).unwrap();
        boilerlint()
            .current_dir(scratch.path())
            .args(["check", "--fix", "one.txt"])
            .output()
            .unwrap();
        fs::read_to_string(scratch.path().join("one.txt")).unwrap()
    };
    assert_ne!(fixed, original);
    let (mut as_was, mut done) = (0, 0);
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with(".boilerlint-") {
            continue; // a temporary file a SIGKILL left behind: never the real file
        }
        let text = fs::read_to_string(&path).unwrap();
        if text == original {
            as_was += 1;
        } else if text == fixed {
            done += 1;
        } else {
            panic!("{name} is neither as it was nor fully fixed");
        }
    }
    (as_was, done)
}

fn interrupt(signal: &str) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    big_tree(dir.path());
    let child = boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--quiet", "--threads", "2", "."])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until some files are fixed, then interrupt.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while every_file_whole(dir.path()).1 == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (dir, output)
}

#[test]
fn a_killed_fix_run_leaves_every_file_as_it_was_or_fully_fixed() {
    let (dir, _) = interrupt("-KILL");
    let (as_was, done) = every_file_whole(dir.path());
    assert!(
        done > 0 && as_was + done == 400,
        "{as_was} as they were, {done} fixed"
    );
}

#[test]
fn an_interrupted_fix_run_stops_cleanly() {
    let (dir, output) = interrupt("-INT");
    let (as_was, done) = every_file_whole(dir.path());
    assert_eq!(as_was + done, 400);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Either the run finished before the signal arrived, or it stopped cleanly.
    if output.status.code() == Some(130) {
        assert!(stderr.contains("interrupted"), "{stderr}");
    }
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            name.starts_with(".boilerlint-").then_some(name)
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}
