//! Every write whole or not at all, and never where it should not go: write errors fail one
//! output (the input untouched), resume redoes anything a completed run did not write,
//! links are followed and special files refused, in-place fixes keep the file's identity, and
//! outputs never collide with each other nor with the inputs. Each case checks that no byte
//! was lost.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{symlink, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use boilerlint_tests::{artifacts, boilerlint, root, run};

fn seed() -> String {
    fs::read_to_string(root().join("tests/fixtures/seed-article.txt")).unwrap()
}

/// The seed article without its notice: what a fix must leave.
fn seed_fixed() -> String {
    seed().split_inclusive('\n').take(17).collect()
}

/// A shard of `records` copies of the seed article (each with a notice to fix).
fn shard(records: usize) -> Vec<u8> {
    let seed = seed();
    (0..records)
        .map(|i| serde_json::json!({"id": i, "text": seed}).to_string() + "\n")
        .collect::<String>()
        .into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Names in `dir` (recursively) that a run left behind: its temporary files.
fn temporary_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(temporary_files(&path));
        } else if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".boilerlint-")
        {
            found.push(path.display().to_string());
        }
    }
    found
}

/// `boilerlint ARGS` in `dir` with a file size limit of `blocks` (as `ulimit -f` counts) and
/// SIGXFSZ ignored: a write past the limit fails with EFBIG, as on a full disk, without root.
fn run_limited(dir: &Path, blocks: u32, args: &str) -> String {
    let script = format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" {args}",);
    run(Command::new("sh")
        .args(["-c", &script])
        .arg(&artifacts().bin)
        .current_dir(dir)
        .env_remove("BOILERLINT_PLUGIN_PATH")
        .env("NO_COLOR", "1"))
}

// 1. Write errors fail one output, whole.

#[test]
fn a_write_error_in_place_leaves_the_shard_untouched_with_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let original = shard(1000);
    fs::write(dir.path().join("shard.jsonl"), &original).unwrap();
    fs::write(dir.path().join("small.txt"), seed()).unwrap();
    let output = run_limited(
        dir.path(),
        512,
        "check --fix --threads 1 --quiet shard.jsonl small.txt",
    );
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert_eq!(
        fs::read(dir.path().join("shard.jsonl")).unwrap(),
        original,
        "the shard is byte-identical to before"
    );
    assert_eq!(
        output.matches("error:").count(),
        1,
        "one error for the output, not one per record:\n{output}"
    );
    assert!(
        output.contains(
            "error: shard.jsonl: cannot write its fixed version: File too large (os error 27); \
             shard.jsonl was left as it was"
        ),
        "{output}"
    );
    // The run went on: the small file was fixed, and only its fix is counted.
    assert_eq!(
        fs::read_to_string(dir.path().join("small.txt")).unwrap(),
        seed_fixed()
    );
    assert!(output.contains("Fixed 1 finding.\n"), "{output}");
    assert!(
        output.contains("Not fixed: 1000 findings, in outputs that could not be written"),
        "{output}"
    );
    assert!(temporary_files(dir.path()).is_empty());
}

#[test]
fn a_write_error_under_output_leaves_no_output_for_any_kind() {
    let dir = tempfile::tempdir().unwrap();
    let original = shard(200);
    fs::write(dir.path().join("a.jsonl"), &original).unwrap();
    fs::write(dir.path().join("b.jsonl.gz"), gzip(&original)).unwrap();
    // A text file that needs no fix: its copy fails too.
    fs::write(dir.path().join("c.txt"), seed_fixed().repeat(10)).unwrap();
    let output = run_limited(
        dir.path(),
        1,
        "check --fix --threads 1 --quiet --output out a.jsonl b.jsonl.gz c.txt",
    );
    assert!(output.starts_with("exit: 2\n"), "{output}");
    for name in ["a.jsonl", "b.jsonl.gz", "c.txt"] {
        assert!(
            output.contains(&format!(
                "error: {name}: cannot write out/{name}: File too large (os error 27); nothing \
                 was written there"
            )),
            "{output}"
        );
        assert!(!dir.path().join("out").join(name).exists(), "{name}");
    }
    assert_eq!(output.matches("error:").count(), 3, "{output}");
    assert!(temporary_files(dir.path()).is_empty());
    // Nothing is marked done: the next run (with room) writes everything.
    let again = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--fix",
        "--quiet",
        "--output",
        "out",
        "a.jsonl",
        "b.jsonl.gz",
        "c.txt",
    ]));
    assert!(again.starts_with("exit: 0\n"), "{again}");
    assert!(!again.contains("skipped"), "{again}");
}

#[test]
fn attribute_files_fail_whole_too() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.jsonl"), shard(1000)).unwrap();
    let output = run_limited(
        dir.path(),
        8,
        "check --format attributes --threads 1 --quiet --output attrs a.jsonl",
    );
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert_eq!(output.matches("error:").count(), 1, "{output}");
    assert!(!dir.path().join("attrs/a.jsonl").exists());
    assert!(temporary_files(dir.path()).is_empty());
}

// 2. Resume skips only what a completed run wrote.

/// What a clean run writes for `names` (copied from `dir` into a new directory).
fn clean_run(dir: &Path, names: &[&str]) -> tempfile::TempDir {
    let clean = tempfile::tempdir().unwrap();
    for name in names {
        fs::copy(dir.join(name), clean.path().join(name)).unwrap();
    }
    let output = run(boilerlint()
        .current_dir(clean.path())
        .args(["check", "--fix", "--quiet", "--output", "out"])
        .args(names));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    clean
}

#[test]
fn broken_outputs_of_an_earlier_run_are_redone() {
    let dir = tempfile::tempdir().unwrap();
    let records = shard(50);
    fs::write(dir.path().join("a.jsonl"), &records).unwrap();
    fs::write(dir.path().join("b.jsonl.gz"), gzip(&records)).unwrap();
    fs::write(dir.path().join("c.txt"), seed_fixed()).unwrap();
    fs::write(dir.path().join("d.txt"), seed()).unwrap();
    let names = ["a.jsonl", "b.jsonl.gz", "c.txt", "d.txt"];
    // What a failed or older run left: a truncated shard, a corrupt gzip, a partial copy, and
    // an unfixed copy (as a run without plugins wrote), all newer than their inputs.
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("a.jsonl"), &records[..records.len() / 3]).unwrap();
    let gz = gzip(&records);
    fs::write(out.join("b.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    fs::write(out.join("c.txt"), &seed_fixed()[..100]).unwrap();
    fs::write(out.join("d.txt"), seed()).unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--quiet", "--output", "out"])
        .args(names));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    for name in names {
        assert!(
            output.contains(&format!(
                "{name}: redone: out/{name} is there, but no completed run wrote it"
            )),
            "{output}"
        );
    }
    let clean = clean_run(dir.path(), &names);
    for name in names {
        assert_eq!(
            fs::read(out.join(name)).unwrap(),
            fs::read(clean.path().join("out").join(name)).unwrap(),
            "{name} equals a clean run's"
        );
    }
    // Now they are complete: the next run skips them.
    let again = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--quiet", "--output", "out"])
        .args(names));
    for name in names {
        assert!(
            again.contains(&format!(
                "{name}: skipped: out/{name} was written by an earlier run"
            )),
            "{again}"
        );
    }
}

#[test]
fn outputs_made_with_other_settings_or_changed_since_are_redone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), seed()).unwrap();
    let fix = |extra: &[&str]| {
        run(boilerlint()
            .current_dir(dir.path())
            .args(["check", "--fix", "--quiet", "--output", "out", "a.txt"])
            .args(extra))
    };
    let first = fix(&["--select", "ad-notice"]);
    assert!(first.starts_with("exit: 0\n"), "{first}");
    assert_eq!(
        fs::read_to_string(dir.path().join("out/a.txt")).unwrap(),
        seed(),
        "ad-notice alone finds nothing: a copy"
    );
    let second = fix(&[]);
    assert!(
        second
            .contains("a.txt: redone: out/a.txt was written with other settings (plugins, rules)"),
        "{second}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("out/a.txt")).unwrap(),
        seed_fixed()
    );
    // An output changed after the run is redone.
    fs::write(dir.path().join("out/a.txt"), "edited\n").unwrap();
    let third = fix(&[]);
    assert!(
        third.contains("a.txt: redone: out/a.txt changed after a run completed it"),
        "{third}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("out/a.txt")).unwrap(),
        seed_fixed()
    );
}

#[test]
fn a_run_that_fails_to_set_up_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), seed()).unwrap();
    fs::write(dir.path().join("b.jsonl"), shard(3)).unwrap();
    // No plugin at all.
    let output = run(boilerlint().current_dir(dir.path()).args([
        "--no-default-plugins",
        "check",
        "--fix",
        "--output",
        "out",
        ".",
    ]));
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(output.contains("error: no plugin found"), "{output}");
    assert!(output.contains("error: nothing was written"), "{output}");
    assert!(!dir.path().join("out").exists());
    // A config error, fixing in place.
    fs::write(
        dir.path().join("boilerlint.toml"),
        "[rules]\nselect = [\"nope\"]\n",
    )
    .unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "a.txt", "b.jsonl"]));
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(output.contains("error: nothing was written"), "{output}");
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        seed()
    );
    assert_eq!(fs::read(dir.path().join("b.jsonl")).unwrap(), shard(3));
}

// 4. Links are followed, special files refused.

#[test]
fn write_baseline_follows_a_link_and_refuses_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), seed()).unwrap();
    fs::create_dir(dir.path().join("real")).unwrap();
    fs::write(dir.path().join("real/baseline.json"), "old").unwrap();
    symlink("real/baseline.json", dir.path().join("baseline.json")).unwrap();
    let output = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--write-baseline",
        "baseline.json",
        "a.txt",
    ]));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert!(
        output.contains("note: baseline.json is a symbolic link: its target"),
        "{output}"
    );
    assert!(
        dir.path().join("baseline.json").is_symlink(),
        "the link stays"
    );
    let written = fs::read_to_string(dir.path().join("real/baseline.json")).unwrap();
    assert!(written.contains("cookie-banner"), "{written}");

    let fifo = dir.path().join("fifo.json");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let output = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--write-baseline",
        "fifo.json",
        "a.txt",
    ]));
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(
        output.contains("error: cannot write the baseline fifo.json: fifo.json is a FIFO"),
        "{output}"
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(temporary_files(dir.path()).is_empty());
}

#[test]
fn a_fifo_at_an_output_path_is_refused_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), seed()).unwrap();
    fs::write(dir.path().join("b.txt"), seed()).unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    let made = Command::new("mkfifo")
        .arg(dir.path().join("out/a.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--output", "out", "a.txt", "b.txt"]));
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(
        output.contains("error: a.txt: cannot write out/a.txt: out/a.txt is a FIFO"),
        "{output}"
    );
    let kind = fs::symlink_metadata(dir.path().join("out/a.txt"))
        .unwrap()
        .file_type();
    assert!(kind.is_fifo());
    assert_eq!(
        fs::read_to_string(dir.path().join("out/b.txt")).unwrap(),
        seed_fixed()
    );
}

// 7. In-place fixes keep identity.

#[test]
fn a_linked_input_has_its_target_fixed_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("blobs")).unwrap();
    fs::write(dir.path().join("blobs/1234"), seed()).unwrap();
    fs::create_dir(dir.path().join("data")).unwrap();
    symlink("../blobs/1234", dir.path().join("data/a.txt")).unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "data/a.txt"]));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert!(
        output.contains("data/a.txt: data/a.txt is a symbolic link: its target"),
        "{output}"
    );
    assert!(dir.path().join("data/a.txt").is_symlink());
    assert_eq!(
        fs::read_to_string(dir.path().join("blobs/1234")).unwrap(),
        seed_fixed()
    );
}

#[test]
fn a_hard_linked_input_is_refused_and_left_whole() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), seed()).unwrap();
    fs::hard_link(dir.path().join("a.txt"), dir.path().join("b.txt")).unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "a.txt"]));
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(output.contains("a.txt has 2 hard links"), "{output}");
    let (a, b) = (
        fs::metadata(dir.path().join("a.txt")).unwrap(),
        fs::metadata(dir.path().join("b.txt")).unwrap(),
    );
    assert_eq!(
        (a.ino(), a.nlink()),
        (b.ino(), 2),
        "the links are not split"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        seed()
    );
    // A hard-linked shard that needs no fix is no error: nothing is written.
    let clean = "{\"id\": 1, \"text\": \"Nothing to fix.\\n\"}\n";
    fs::write(dir.path().join("c.jsonl"), clean).unwrap();
    fs::hard_link(dir.path().join("c.jsonl"), dir.path().join("d.jsonl")).unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "c.jsonl"]));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert_eq!(fs::metadata(dir.path().join("c.jsonl")).unwrap().nlink(), 2);
}

/// Whether this process may give files away (root, as in CI).
fn may_chown() -> bool {
    fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

#[test]
fn a_fixed_file_keeps_its_mode_owner_and_extended_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    let shard_path = dir.path().join("b.jsonl");
    fs::write(&path, seed()).unwrap();
    fs::write(&shard_path, shard(3)).unwrap();
    for file in [&path, &shard_path] {
        fs::set_permissions(file, fs::Permissions::from_mode(0o640)).unwrap();
        if may_chown() {
            std::os::unix::fs::chown(file, Some(1234), Some(5678)).unwrap();
        }
    }
    // Extended attributes where the file system has them (tmpfs before Linux 6.6 has not).
    let xattrs = xattr::set(&path, "user.origin", b"crawl-7").is_ok()
        && xattr::set(&shard_path, "user.origin", b"crawl-7").is_ok();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "a.txt", "b.jsonl"]));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert_eq!(fs::read_to_string(&path).unwrap(), seed_fixed());
    for file in [&path, &shard_path] {
        let meta = fs::metadata(file).unwrap();
        assert_eq!(meta.mode() & 0o7777, 0o640, "{}", file.display());
        if may_chown() {
            assert_eq!((meta.uid(), meta.gid()), (1234, 5678), "{}", file.display());
        }
        if xattrs {
            assert_eq!(
                xattr::get(file, "user.origin").unwrap().as_deref(),
                Some(&b"crawl-7"[..])
            );
        }
    }
}

#[test]
fn output_skips_links_that_lead_out_of_the_checked_directory() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("corpus/sub")).unwrap();
    fs::create_dir(dir.path().join("private")).unwrap();
    fs::write(dir.path().join("private/secret.txt"), "not to be copied\n").unwrap();
    fs::write(dir.path().join("corpus/a.txt"), seed()).unwrap();
    symlink(
        "../../private/secret.txt",
        dir.path().join("corpus/sub/b.txt"),
    )
    .unwrap();
    symlink("../a.txt", dir.path().join("corpus/sub/inside.txt")).unwrap();
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--output", "out", "corpus"]));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert!(
        output.contains("corpus/sub/b.txt: skipped: a symbolic link to")
            && output.contains("outside the checked directory corpus"),
        "{output}"
    );
    assert!(!dir.path().join("out/corpus/sub/b.txt").exists());
    assert_eq!(
        fs::read_to_string(dir.path().join("out/corpus/a.txt")).unwrap(),
        seed_fixed()
    );
}

// 8. Outputs never collide.

#[test]
fn the_same_file_named_twice_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("data")).unwrap();
    fs::create_dir_all(dir.path().join("project")).unwrap();
    fs::write(dir.path().join("data/a.jsonl"), shard(2)).unwrap();
    let output = run(boilerlint().current_dir(dir.path().join("project")).args([
        "check",
        "--fix",
        "--output",
        "../out",
        "../data/a.jsonl",
        "../project/../data/a.jsonl",
    ]));
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert!(output.contains("Fixed 2 findings."), "{output}");
}

#[test]
fn two_inputs_meeting_at_one_output_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("data")).unwrap();
    fs::create_dir_all(dir.path().join("project/data")).unwrap();
    fs::write(dir.path().join("data/a.jsonl"), shard(2)).unwrap();
    fs::write(dir.path().join("project/data/a.jsonl"), shard(3)).unwrap();
    let output = run(boilerlint().current_dir(dir.path().join("project")).args([
        "check",
        "--fix",
        "--output",
        "../out",
        "data/a.jsonl",
        "../data/a.jsonl",
    ]));
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(
        output.contains(
            "error: data/a.jsonl and ../data/a.jsonl would both be written to ../out/data/a.jsonl"
        ),
        "{output}"
    );
    assert!(output.contains("error: nothing was written"), "{output}");
    assert!(!dir.path().join("out").exists());
}

/// A Parquet shard's attribute file is `NAME.jsonl`: it must not land on a JSONL input nor on
/// the attribute file of the JSONL shard of the same name. The plan is refused before any file
/// is read, so the Parquet file need not be a real one here.
#[test]
fn a_parquet_shards_attribute_file_collides_with_neither_inputs_nor_other_outputs() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.jsonl"), shard(2)).unwrap();
    fs::write(dir.path().join("a.parquet"), "not read").unwrap();
    let both = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--format",
        "attributes",
        "--output",
        "attrs",
        "a.jsonl",
        "a.parquet",
    ]));
    assert!(both.starts_with("exit: 2\n"), "{both}");
    assert!(
        both.contains("error: a.jsonl and a.parquet would both be written to attrs/a.jsonl"),
        "{both}"
    );
    let onto_input = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--format",
        "attributes",
        "--output",
        ".",
        "a.parquet",
        "a.jsonl",
    ]));
    assert!(onto_input.starts_with("exit: 2\n"), "{onto_input}");
    assert!(
        onto_input
            .contains("error: a.parquet: its output ./a.jsonl would replace the input a.jsonl"),
        "{onto_input}"
    );
    assert!(!dir.path().join("attrs").exists());
    assert_eq!(fs::read(dir.path().join("a.jsonl")).unwrap(), shard(2));
}

#[test]
fn an_output_directory_inside_a_checked_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), seed()).unwrap();
    for out in [".", "clean", "./sub/clean"] {
        let output = run(boilerlint()
            .current_dir(dir.path())
            .args(["check", "--fix", "--output", out, "."]));
        assert!(output.starts_with("exit: 2\n"), "{out}: {output}");
        assert!(
            output.contains(&format!(
                "error: --output {out} is inside the checked directory .: its outputs would be \
                 checked (and nested again) on the next run; write them outside it"
            )),
            "{output}"
        );
    }
    // A file named with `--output .` would be its own output.
    let output = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--output", ".", "a.txt"]));
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(
        output.contains("error: a.txt: its output ./a.txt would replace the input a.txt"),
        "{output}"
    );
    let entries: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "nothing written: {entries:?}");
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        seed()
    );
}
