//! The `site-rules` plugin through the real binary and loader, configured by
//! `examples/site-rules.toml`, on the documents of `tests/fixtures/site-rules/` (their
//! README says where each comes from and which site it belongs to).

use std::fs;
use std::path::Path;

use boilerlint_tests::{artifacts, boilerlint, root, run};

const EXAMPLE: &str = "examples/site-rules.toml";
const FIXTURES: &str = "tests/fixtures/site-rules";

/// `boilerlint --no-default-plugins --plugin site-rules --config CONFIG ARGS...`.
fn site_rules(config: &Path, args: &[&str]) -> String {
    let mut command = boilerlint();
    command
        .args(["--no-default-plugins", "--plugin"])
        .arg(artifacts().cdylib("boilerlint-plugin-site-rules"))
        .arg("--config")
        .arg(config)
        .args(args);
    run(&mut command)
}

/// One snapshot per fixture, named after the plugin, the site and the language.
#[test]
fn the_example_rules_on_each_site() {
    let config = root().join(EXAMPLE);
    for (snapshot, file) in [
        (
            "site-rules-harbour-times-en",
            "www.harbourtimes.example/council-budget.txt",
        ),
        (
            "site-rules-courrier-du-sud-fr",
            "courrierdusud.example_2024-03-12_tramway.txt",
        ),
        (
            "site-rules-rheinblick-de",
            "rheinblick.example/radweg-rheinufer.txt",
        ),
        (
            "site-rules-valley-gazette-en",
            "archive/valley-gazette/2019/flood-defences.txt",
        ),
        (
            "site-rules-no-site-en",
            "notharbourtimes.example/letters-page.txt",
        ),
    ] {
        let path = format!("{FIXTURES}/{file}");
        insta::assert_snapshot!(snapshot, site_rules(&config, &["check", &path]));
    }
}

#[test]
fn unsafe_fixes_remove_the_boilerplate_and_keep_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("rheinblick.example");
    fs::create_dir(&site).unwrap();
    let file = site.join("radweg-rheinufer.txt");
    fs::copy(
        root()
            .join(FIXTURES)
            .join("rheinblick.example/radweg-rheinufer.txt"),
        &file,
    )
    .unwrap();
    let config = root().join(EXAMPLE);
    let mut command = boilerlint();
    command
        .current_dir(dir.path())
        .args(["--no-default-plugins", "--plugin"])
        .arg(artifacts().cdylib("boilerlint-plugin-site-rules"))
        .arg("--config")
        .arg(&config)
        .args(["check", "--fix", "--unsafe-fixes", "rheinblick.example"]);
    let report = run(&mut command);
    let fixed = fs::read_to_string(&file).unwrap();
    insta::assert_snapshot!(format!("{report}--- fixed text\n{fixed}"));
}

#[test]
fn the_rule_prints_its_documentation() {
    insta::assert_snapshot!(site_rules(&root().join(EXAMPLE), &["rule", "site-rules"]));
}

#[test]
fn config_errors_name_the_site_the_rule_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("boilerlint.toml");
    fs::write(
        &config,
        r#"
[rules.site-rules]

[[rules.site-rules.site]]
name = "harbour-times"
domain = "harbourtimes.example"

[[rules.site-rules.site.rule]]
id = "ht-credit"
message = "photo credit"
regex = '^Photograph: (\S+'

[[rules.site-rules.site.rule]]
id = "ht-newsletter"
message = "newsletter box"
phrases = ["Sign up to Morning Harbour"]
scope = "box"
max-wrds = 60
"#,
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), "Text.\n").unwrap();
    let mut command = boilerlint();
    command
        .current_dir(dir.path())
        .args(["--no-default-plugins", "--plugin"])
        .arg(artifacts().cdylib("boilerlint-plugin-site-rules"))
        .args(["check", "a.txt"]);
    insta::assert_snapshot!(run(&mut command));
}
