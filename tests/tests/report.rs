//! `boilerlint report`: the page shows `stats`' own figures, the same from a scan and from a
//! stats file, is the same on any number of threads, and shows hostile text as text.

use std::fs;
use std::path::Path;

use boilerlint_tests::{boilerlint, root};
use serde_json::Value;

/// A corpus of JSONL records (with URLs on three sites) from the labeled corpus, and two plain
/// text files.
fn write_corpus(dir: &Path) {
    let mut files: Vec<_> = fs::read_dir(root().join("tests/corpus/en"))
        .unwrap()
        .chain(fs::read_dir(root().join("tests/corpus/tr")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut shard = String::new();
    for (i, file) in files.iter().enumerate() {
        let text: String = fs::read_to_string(file)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("# "))
            .map(|l| format!("{}\n", l.get(2..).unwrap_or("")))
            .collect();
        let mut record = serde_json::json!({"id": i, "text": text});
        if i % 4 != 3 {
            record["url"] = format!("https://www.site{}.example/a/{i}", i % 3).into();
        }
        shard.push_str(&format!("{record}\n"));
    }
    fs::write(dir.join("shard.jsonl"), shard).unwrap();
    fs::copy(
        root().join("tests/fixtures/seed-article.txt"),
        dir.join("seed.txt"),
    )
    .unwrap();
    fs::write(dir.join("clean.txt"), "A short article.\n\nNothing else.\n").unwrap();
}

fn report(dir: &Path, args: &[&str]) -> String {
    let out = boilerlint()
        .current_dir(dir)
        .args(["report", "--output", "report.html"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read_to_string(dir.join("report.html")).unwrap()
}

fn stats(dir: &Path) -> Value {
    let out = boilerlint()
        .current_dir(dir)
        .args(["stats", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    fs::write(dir.join("stats.json"), &out.stdout).unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The page from the `id` of one section to the next's.
fn between<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let start = page.find(&format!("id=\"{from}\"")).unwrap();
    let end = page.find(&format!("id=\"{to}\"")).unwrap();
    &page[start..end]
}

fn percent(part: &Value, whole: &Value) -> String {
    let (part, whole) = (part.as_u64().unwrap(), whole.as_u64().unwrap());
    format!("{:.2}%", part as f64 * 100.0 / whole as f64)
}

#[test]
fn the_report_shows_the_figures_of_stats() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let stats = stats(dir.path());
    let page = report(dir.path(), &["."]);

    // Totals.
    let total = &stats["total"];
    assert!(total["documents"].as_u64().unwrap() > 10, "{stats}");
    assert!(total["findings"].as_u64().unwrap() > 10, "{stats}");
    let card = |value: String, label: &str| {
        format!("<div class=\"value\">{value}</div><div class=\"label\">{label}")
    };
    for expected in [
        card(total["documents"].to_string(), "documents"),
        card(total["findings"].to_string(), "findings"),
        card(
            percent(&total["documents_flagged"], &total["documents"]),
            &format!("of documents flagged ({})", total["documents_flagged"]),
        ),
        card(
            percent(&total["bytes_flagged"], &total["bytes"]),
            "of bytes flagged",
        ),
    ] {
        assert!(page.contains(&expected), "no {expected} in the totals");
    }
    // Per rule and per language: one table row each, with stats' numbers.
    for (section, key) in [("rules", "by_rule"), ("languages", "by_language")] {
        let part = between(
            &page,
            section,
            if section == "rules" {
                "languages"
            } else {
                "sites"
            },
        );
        let rows = stats[key].as_object().unwrap();
        assert!(!rows.is_empty());
        for (name, c) in rows {
            let row = format!(
                "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                c["documents_flagged"],
                percent(&c["documents_flagged"], &c["documents"]),
                c["findings"],
                c["bytes_flagged"],
                percent(&c["bytes_flagged"], &c["bytes"]),
            );
            assert!(part.contains(&row), "no {row} in {section}");
            assert!(
                part.contains(&format!(">{name}</text>")),
                "{name} has no bar"
            );
        }
    }
    // The sites stats lists, with their numbers.
    let sites = between(&page, "sites", "sizes");
    let top = stats["top_sites"].as_array().unwrap();
    assert_eq!(top.len(), 3);
    for site in top {
        let c = &site["counts"];
        let row = format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td>",
            site["site"].as_str().unwrap(),
            c["documents"],
            c["documents_flagged"]
        );
        assert!(sites.contains(&row), "no {row} in sites");
    }
    // Sizes and positions account for every finding.
    let shapes = stats["findings_by_rule"].as_object().unwrap();
    let (mut sized, mut placed) = (0, 0);
    for shape in shapes.values() {
        sized += shape["sizes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .sum::<u64>();
        placed += ["start", "middle", "end"]
            .iter()
            .map(|k| shape["positions"][k].as_u64().unwrap())
            .sum::<u64>();
    }
    assert_eq!(sized, total["findings"].as_u64().unwrap());
    assert_eq!(placed, total["findings"].as_u64().unwrap());
    // Examples: each rule's, with flagged lines marked; and what produced the report.
    let examples = between(&page, "examples", "produced-by");
    for rule in stats["by_rule"].as_object().unwrap().keys() {
        assert!(
            examples.contains(&format!("<h3>{rule} ")),
            "no examples of {rule}"
        );
    }
    assert!(examples.contains("<tr class=\"hit\">"));
    let produced = &page[page.find("id=\"produced-by\"").unwrap()..];
    assert!(produced.contains("<td>cookie-banner</td>"), "{produced}");

    // The same figures from the stats file, without rescanning.
    let from_file = report(dir.path(), &["--from-stats", "stats.json"]);
    assert_eq!(
        between(&page, "totals", "examples"),
        between(&from_file, "totals", "examples")
    );
    assert_eq!(
        page[page.find("id=\"produced-by\"").unwrap()..],
        from_file[from_file.find("id=\"produced-by\"").unwrap()..]
    );
    assert!(from_file.contains("A stats file holds no text"));
}

#[test]
fn the_report_is_the_same_on_one_thread_and_on_two_and_caps_the_examples() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let one = report(dir.path(), &["--threads", "1", "--examples", "2", "."]);
    let two = report(dir.path(), &["--threads", "2", "--examples", "2", "."]);
    assert_eq!(one, two);
    let examples = between(&one, "examples", "produced-by");
    assert!(examples.matches("class=\"example\"").count() <= 2 * 3);
    assert!(examples.contains("(2 of "), "{examples}");
    // Another seed draws other examples (the corpus has enough findings for that).
    let other = report(dir.path(), &["--examples", "2", "--seed", "7", "."]);
    assert_ne!(
        between(&one, "examples", "produced-by"),
        between(&other, "examples", "produced-by")
    );
}

#[test]
fn hostile_text_urls_and_file_names_come_out_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Match report: the home side won two to one after a late goal.\n\n\
                We use cookies and similar technologies to personalise ads. </textarea><script>alert(1)</script>\n\
                By clicking Accept all you agree to the use of cookies javascript:alert(2).\n\n\
                Accept all <img src=x onerror=alert(3)>\n";
    let record = serde_json::json!({
        "id": "<script>alert(4)</script>",
        "url": "https://www.evil.example/\"><script>alert(5)</script>?q=javascript:alert(6)",
        "text": text,
    });
    fs::write(dir.path().join("a.jsonl"), format!("{record}\n")).unwrap();
    let name = "<textarea><script>alert(7)<!-- javascript:x.txt";
    fs::write(dir.path().join(name), text).unwrap();
    let page = report(dir.path(), &["."]);
    // Both documents were flagged and sampled.
    assert!(page.contains("(2 of 2)"), "{page}");
    // Every tag is one the report writes, with no event handler and no URL in it: the
    // corpus's `<` all came out as `&lt;`.
    const TAGS: &[&str] = &[
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p",
        "code", "div", "strong", "span", "br", "table", "thead", "tbody", "tr", "th", "td", "svg",
        "text", "rect", "pre",
    ];
    for tag in page.split('<').skip(1) {
        let tag = &tag[..tag.find('>').expect("tags close")];
        let name = tag.trim_start_matches('/').split(' ').next().unwrap();
        assert!(TAGS.contains(&name), "<{tag}> got through");
        assert!(
            !tag.contains(" on") && !tag.contains("javascript:"),
            "<{tag}>"
        );
    }
    for escaped in [
        "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        "javascript:alert(2)",
        "&lt;img src=x onerror=alert(3)&gt;",
        "evil.example/&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;?q=javascript:alert(6)",
        "&lt;textarea&gt;&lt;script&gt;alert(7)&lt;!-- javascript:x.txt",
    ] {
        assert!(page.contains(escaped), "no {escaped}");
    }
    // No script may run and nothing may be fetched, whatever got in.
    assert!(page.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
    ));
}

#[test]
fn a_file_that_is_not_stats_output_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("x.json"), "{\"version\": 1}").unwrap();
    let out = boilerlint()
        .current_dir(dir.path())
        .args(["report", "-o", "r.html", "--from-stats", "x.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("x.json is not the output of `boilerlint stats --format json`"),
        "{stderr}"
    );
    assert!(!dir.path().join("r.html").exists());
}
