//! The README's rule table is generated from the plugins' own metadata; this test fails when
//! the two drift, and prints the table to paste.

use boilerlint_core::host::{load, LoadOptions};
use boilerlint_tests::{artifacts, root};

const SHIPPED: &[&str] = &[
    "boilerlint-plugin-cookie-banner",
    "boilerlint-plugin-ad-notice",
    "boilerlint-plugin-off-language",
    "boilerlint-plugin-site-rules",
];

#[test]
fn readme_rule_table_matches_the_plugins() {
    let mut table =
        String::from("| rule | plugin | what it finds | fix |\n| --- | --- | --- | --- |\n");
    for package in SHIPPED {
        let plugin = load(artifacts().cdylib(package), LoadOptions::default()).unwrap();
        for rule in &plugin.rules {
            assert!(
                rule.docs.contains("## Why is this bad?") && rule.docs.contains("## Options"),
                "rule {} lacks the documented headings",
                rule.id
            );
            table.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                rule.id,
                plugin.name,
                rule.summary,
                rule.fix.as_str()
            ));
        }
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("README has the rules markers")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").unwrap();
    assert_eq!(
        &readme[start..end],
        table,
        "the README's rule table is out of date; replace it with:\n{table}"
    );
}
