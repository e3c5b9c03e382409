use boilerlint_plugin::testing::{self, finding};
use boilerlint_plugin::{Applicability, Metadata, Plugin, Severity};

use crate::config::{host_of, names_domain, DocPath};
use crate::SiteRules;

/// A plugin with one site that takes every document, holding `rules` (TOML of
/// `[[site.rule]]` tables).
fn everywhere(rules: &str) -> SiteRules {
    SiteRules::new(&format!("[[site]]\nname = \"any\"\n{rules}")).unwrap()
}

/// The error for a config.
fn error(config: &str) -> String {
    SiteRules::new(config).unwrap_err()
}

#[test]
fn without_configuration_it_finds_nothing() {
    let plugin = SiteRules::new("").unwrap();
    // No site is configured: the shipped plugin is silent by default.
    testing::assert_valid(&plugin, "Related articles\n\nSign up to our newsletter\n");
}

#[test]
fn phrases_flag_lines_ignoring_case_and_spacing() {
    let plugin = everywhere(
        r#"
        [[site.rule]]
        id = "read-also"
        message = "read-also link"
        phrases = ["Read also", "Lire aussi"]
        "#,
    );
    // Whole words only: "Spread also" is not "read also".
    testing::assert_valid(&plugin, "Spread also the word.\nThreads also broke.\n");
    let text = "Intro.\n\nREAD ALSO: the budget\nlire\u{a0}aussi : le tram\n\nEnd.\n";
    testing::assert_invalid(
        &plugin,
        text,
        &[
            finding("site-rules", 3)
                .message("[read-also] read-also link")
                .fix(Applicability::Safe),
            finding("site-rules", 4),
        ],
    );
    testing::assert_fixed(&plugin, text, "Intro.\n\nEnd.\n");
}

#[test]
fn phrases_in_unspaced_scripts_match_inside_a_run_of_letters() {
    let plugin = everywhere(
        r#"
        [[site.rule]]
        id = "zh-ad"
        message = "ad"
        phrases = ["广告"]
        "#,
    );
    testing::assert_invalid(
        &plugin,
        "新闻。\n\n这是广告内容\n",
        &[finding("site-rules", 3)],
    );
    // Half-width katakana and Korean particles too: `ｸｯｷｰ` ("cookie") inside a run of
    // kana, `쿠키` before its particle `를`.
    let plugin = everywhere(
        r#"
        [[site.rule]]
        id = "cookies"
        message = "cookie notice"
        phrases = ["ｸｯｷｰ", "쿠키"]
        "#,
    );
    testing::assert_invalid(
        &plugin,
        "記事。\n\nこのｻｲﾄはｸｯｷｰを使います\n\n쿠키를 사용합니다\n",
        &[finding("site-rules", 3), finding("site-rules", 5)],
    );
}

#[test]
fn paragraph_scope_flags_the_whole_paragraph_up_to_max_words() {
    let plugin = everywhere(
        r#"
        [[site.rule]]
        id = "newsletter"
        message = "newsletter box"
        phrases = "our free newsletter"
        scope = "paragraph"
        max-words = 20
        "#,
    );
    // A long paragraph that mentions the newsletter is article text.
    testing::assert_valid(
        &plugin,
        "The editor said our free newsletter had grown to forty thousand readers in a year, \
         more than the paper sells on a weekday, and that it would stay free.\n",
    );
    let text = "Article.\n\nGet our free newsletter\nEvery morning at 7.\n\nMore article.\n";
    testing::assert_invalid(&plugin, text, &[finding("site-rules", 3..=4)]);
}

#[test]
fn regex_rules_are_case_sensitive_and_may_mix_with_phrases() {
    let plugin = everywhere(
        r#"
        [[site.rule]]
        id = "credit"
        message = "photo credit"
        regex = '^Photograph: \S+'
        phrases = ["Illustration by"]
        "#,
    );
    testing::assert_valid(&plugin, "photograph: lowercase is not the credit line\n");
    testing::assert_invalid(
        &plugin,
        "Photograph: A. Smith\n\nText.\n\nillustration BY Jo\n",
        &[finding("site-rules", 1), finding("site-rules", 5)],
    );
}

#[test]
fn from_flags_to_the_end_but_never_the_first_paragraph() {
    let plugin = everywhere(
        r#"
        [[site.rule]]
        id = "footer"
        message = "related articles"
        from = ["Related articles", "More from us"]
        max-words = 4
        "#,
    );
    // The first paragraph is the article's own: a document is never flagged whole.
    testing::assert_valid(&plugin, "Related articles are the theme.\nSecond line.\n");
    // The opening line has more words than `max-words`: a sentence, not a heading.
    testing::assert_valid(
        &plugin,
        "Title.\n\nRelated articles by other papers disagreed.\n",
    );
    let text = "Title.\n\nBody.\n\n  related ARTICLES:\nOne\n\nTwo\n\n\n";
    let findings = testing::assert_invalid(&plugin, text, &[finding("site-rules", 5..=8)]);
    assert!(findings[0].text.ends_with("Two"), "{:?}", findings[0].text);
    testing::assert_fixed(&plugin, text, "Title.\n\nBody.\n");
}

#[test]
fn fix_and_severity_follow_the_rule() {
    let plugin = everywhere(
        r#"
        [[site.rule]]
        id = "counter"
        message = "comment counter"
        regex = '^\d+ comments$'
        fix = "none"
        severity = "info"

        [[site.rule]]
        id = "paywall"
        message = "paywall box"
        phrases = ["Subscribe to read on"]
        fix = "unsafe"
        "#,
    );
    let text = "Story.\n\n12 comments\n\nSubscribe to read on.\n";
    let findings = testing::assert_invalid(
        &plugin,
        text,
        &[
            finding("site-rules", 3).no_fix(),
            finding("site-rules", 5)
                .message("[paywall] paywall box")
                .fix(Applicability::Unsafe),
        ],
    );
    assert_eq!(findings[0].severity, Some(Severity::Info));
    assert_eq!(findings[1].severity, None);
    testing::assert_fixed(&plugin, text, text);
    testing::assert_fixed_unsafe(&plugin, text, "Story.\n\n12 comments\n");
}

#[test]
fn sites_take_their_documents_by_path_or_domain() {
    let plugin = SiteRules::new(
        r#"
        [[site]]
        name = "gazette"
        path = ["valley-gazette/**"]
        [[site.rule]]
        id = "gazette-copyright"
        message = "copyright"
        regex = '^© \d{4}'

        [[site]]
        name = "harbour"
        domain = "HarbourTimes.example"
        [[site.rule]]
        id = "harbour-copyright"
        message = "copyright"
        regex = '^© \d{4}'
        "#,
    )
    .unwrap();
    let text = "News.\n\n© 2024 Someone\n";
    let rule_ids = |path: &str| -> Vec<String> {
        testing::check_at(&plugin, path, text)
            .into_iter()
            .map(|f| f.message)
            .collect()
    };
    assert_eq!(
        rule_ids("valley-gazette/2019/a.txt"),
        ["[gazette-copyright] copyright"]
    );
    assert_eq!(
        rule_ids("./data/valley-gazette/a.txt"),
        ["[gazette-copyright] copyright"]
    );
    assert_eq!(
        rule_ids("/srv/valley-gazette/a.jsonl:17"),
        ["[gazette-copyright] copyright"]
    );
    assert_eq!(
        rule_ids("www.harbourtimes.example/a.txt"),
        ["[harbour-copyright] copyright"]
    );
    assert!(rule_ids("other/a.txt").is_empty());
    assert!(rule_ids("notharbourtimes.example/a.txt").is_empty());
}

#[test]
fn a_record_with_a_url_belongs_to_the_site_of_its_host() {
    let plugin = SiteRules::new(
        r#"
        [[site]]
        name = "harbour"
        domain = "harbourtimes.example"
        [[site.rule]]
        id = "harbour-copyright"
        message = "copyright"
        regex = '^© \d{4}'
        "#,
    )
    .unwrap();
    let text = "News.\n\n© 2024 Someone\n";
    let flagged = |path: &str, url: &str| {
        let metadata = Metadata {
            url: Some(url),
            ..Metadata::default()
        };
        !testing::check_record(&plugin, path, metadata, text).is_empty()
    };
    // In a corpus, the path names the shard, and the URL the site.
    assert!(flagged(
        "cc/shard-0001.jsonl:5",
        "https://www.HarbourTimes.example/a?b=c"
    ));
    assert!(flagged(
        "cc/shard-0001.jsonl:5",
        "http://user@harbourtimes.example:8080/"
    ));
    assert!(flagged(
        "cc/shard-0001.jsonl:5",
        "harbourtimes.example/2024/a"
    ));
    // The URL decides: another site's record in a shard named after this one does not match.
    assert!(!flagged(
        "harbourtimes.example.jsonl:5",
        "https://other.example/a"
    ));
    assert!(!flagged("a.jsonl:1", "https://notharbourtimes.example/a"));
    assert!(!flagged(
        "a.jsonl:1",
        "https://other.example/harbourtimes.example"
    ));
}

#[test]
fn a_url_host_is_read_without_scheme_credentials_port_or_path() {
    assert_eq!(
        host_of("https://News.Example.com:8443/a/b?c#d"),
        "news.example.com"
    );
    assert_eq!(host_of("http://u:p@example.com./x"), "example.com");
    assert_eq!(host_of("example.com/a"), "example.com");
    assert_eq!(host_of("http://[::1]:80/a"), "::1");
}

#[test]
fn a_domain_is_named_by_a_host_in_the_path() {
    let named = |path: &str| names_domain(&DocPath::new(path, None).lowercase, "example.com");
    for yes in [
        "example.com/a.txt",
        "scrapes/www.example.com/2024/a.txt",
        "example.com_2024-05-01_article.txt",
        "example.com.txt",
        "example.com.jsonl:12",
        "https://news.example.com/a/b",
        "EXAMPLE.COM/A.TXT",
    ] {
        assert!(named(yes), "{yes}");
    }
    for no in [
        "notexample.com/a.txt",
        "example.community/a.txt",
        "example.com.au/a.txt",
        "my-example.com/a.txt",
        "example/com.txt",
    ] {
        assert!(!named(no), "{no}");
    }
}

#[test]
fn errors_name_the_site_the_rule_and_the_key() {
    let bad_regex = error(
        "[[site]]\nname = \"harbour\"\n[[site.rule]]\nid = \"credit\"\nmessage = \"m\"\n\
         regex = '(unclosed'\n",
    );
    assert_eq!(
        bad_regex,
        "site \"harbour\", rule \"credit\", key `regex`: invalid regex `(unclosed`: unclosed group"
    );
    let unknown = error(
        "[[site]]\nname = \"harbour\"\n[[site.rule]]\nid = \"credit\"\nmessage = \"m\"\n\
         phrases = [\"x\"]\nscop = \"line\"\n",
    );
    assert_eq!(
        unknown,
        "site \"harbour\", rule \"credit\", key `scop`: unknown key; did you mean `scope`?"
    );
    let scope = error(
        "[[site]]\nname = \"harbour\"\n[[site.rule]]\nid = \"credit\"\nmessage = \"m\"\n\
         phrases = [\"x\"]\nscope = \"page\"\n",
    );
    assert_eq!(
        scope,
        "site \"harbour\", rule \"credit\", key `scope`: expected \"line\" or \"paragraph\", \
         found \"page\""
    );
    let site_key = error("[[site]]\nname = \"h\"\ndomains = [\"h.example\"]\n[[site.rule]]\nid = \"a\"\nmessage = \"m\"\nphrases = \"x\"\n");
    assert_eq!(
        site_key,
        "site \"h\", key `domains`: unknown key; did you mean `domain`?"
    );
}

#[test]
fn every_problem_is_listed_at_once() {
    let message = error(
        r#"
        files = ["site-rules/*.toml"]
        [[site]]
        domain = "https://example.com/news"
        [[site.rule]]
        id = "Footer"
        from = "Related"
        scope = "line"
        [[site.rule]]
        id = "dup"
        message = "m"
        [[site]]
        name = "other"
        [[site.rule]]
        id = "dup"
        message = "m"
        phrases = []
        "#,
    );
    assert_eq!(
        message,
        "9 problems:\n  \
         - key `files`: unknown key (expected one of: site); rules are written inline, as \
         `[[rules.site-rules.site]]` tables\n  \
         - site #1: missing key `name` (the site's name, used in messages)\n  \
         - site #1, key `domain`: \"https://example.com/news\" is not a domain: write the host \
         name only, e.g. \"example.com\"\n  \
         - site #1, rule #1, key `id`: \"Footer\" is not kebab-case (lowercase letters, digits \
         and single dashes, e.g. \"example-footer\")\n  \
         - site #1, rule #1: missing key `message` (one line saying what was found, shown with \
         each finding)\n  \
         - site #1, rule #1, key `scope`: does not apply to a `from` rule, which always reaches \
         the end of the document\n  \
         - site #1, rule \"dup\": says nothing to match: give `phrases`, `regex` or `from`\n  \
         - site \"other\", rule \"dup\", key `phrases`: the list is empty\n  \
         - site \"other\", rule \"dup\": says nothing to match: give `phrases`, `regex` or `from`"
    );
}

#[test]
fn rule_ids_are_unique_across_sites() {
    let rule = "[[site.rule]]\nid = \"footer\"\nmessage = \"m\"\nfrom = \"More\"\n";
    let message = error(&format!(
        "[[site]]\nname = \"a\"\n{rule}[[site]]\nname = \"b\"\n{rule}"
    ));
    assert_eq!(
        message,
        "site \"b\", rule \"footer\": the id is already used by a rule of site \"a\"; rule ids \
         must be unique, since findings are reported by them"
    );
}

#[test]
fn huge_regexes_are_refused() {
    let message = error(
        "[[site]]\nname = \"a\"\n[[site.rule]]\nid = \"big\"\nmessage = \"m\"\n\
         regex = '\\w{1000}\\w{1000}\\w{1000}'\n",
    );
    assert!(
        message.starts_with("site \"a\", rule \"big\", key `regex`: the regex is too large"),
        "{message}"
    );
}

/// The shipped example is valid, and its sites find what its comments promise.
#[test]
fn the_example_configuration_loads() {
    let example: toml::Table = include_str!("../../../examples/site-rules.toml")
        .parse()
        .unwrap();
    let table = &example["rules"]["site-rules"];
    let plugin = SiteRules::new(&toml::to_string(table).unwrap()).unwrap();
    let text = "Il faudra lire aussi le rapport.\n\nLire aussi : le tramway\n\n12 commentaires\n";
    let findings = testing::check_at(&plugin, "courrierdusud.example_2024-03-12.txt", text);
    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "[cds-lire-aussi] \"Lire aussi\" link",
            "[cds-comments] comment counter"
        ]
    );
}

/// The rule's documentation is true: its Options, as a boilerlint.toml, report its Example as
/// it says.
#[test]
fn the_documented_example_holds() {
    let docs = crate::SiteRulesRule::RULE.docs;
    let block = |after: &str, fence: &str| -> String {
        let start = docs.find(after).unwrap() + after.len();
        let start = docs[start..].find(fence).unwrap() + start + fence.len();
        let end = docs[start..].find("```").unwrap() + start;
        // The doc comment's lines keep the space after `///`.
        docs[start..end]
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let options: toml::Table = block("## Options", "```toml\n").parse().unwrap();
    let plugin =
        SiteRules::new(&toml::to_string(&options["rules"]["site-rules"]).unwrap()).unwrap();
    let example = block("## Example", "```text\n") + "\n";
    let found: Vec<(String, (usize, usize))> =
        testing::check_at(&plugin, "www.harbourtimes.example/council.txt", &example)
            .into_iter()
            .map(|f| (f.message, f.lines))
            .collect();
    assert_eq!(
        found,
        [
            ("[ht-newsletter] newsletter sign-up box".to_string(), (3, 4)),
            ("[ht-footer] related-articles list".to_string(), (8, 9)),
        ]
    );
}

/// A value of the wrong type stops the reading: the error names the site, the rule and the
/// key as the other problems do, and says what was expected.
#[test]
fn a_value_of_the_wrong_type_is_named_by_its_path() {
    let rule = |line: &str| {
        error(&format!(
            "[[site]]\nname = \"harbour\"\n[[site.rule]]\nid = \"credit\"\nmessage = \"m\"\n\
             phrases = [\"x\"]\n{line}\n"
        ))
    };
    assert_eq!(
        rule("max-words = \"ten\""),
        "site \"harbour\", rule \"credit\", key `max-words`: invalid type: string \"ten\", \
         expected a positive integer"
    );
    assert_eq!(
        rule("regex = 5"),
        "site \"harbour\", rule \"credit\", key `regex`: invalid type: integer `5`, expected \
         a string"
    );
    assert_eq!(
        rule("scope = [\"line\", 2]"),
        "site \"harbour\", rule \"credit\", key `scope`: expected a string or a list of strings"
    );
    assert_eq!(
        error("site = \"harbour\"\n"),
        "key `site`: invalid type: string \"harbour\", expected a sequence"
    );
    assert_eq!(
        error("site = [1]\n"),
        "site #1: invalid type: integer `1`, expected a table `[[rules.site-rules.site]]`"
    );
    assert_eq!(
        error("[[site]]\nname = 5\n"),
        "site #1, key `name`: invalid type: integer `5`, expected a string"
    );
    // A rule without an id is named by its number.
    assert_eq!(
        error("[[site]]\nname = \"h\"\nrule = [\"x\"]\n"),
        "site \"h\", rule #1: invalid type: string \"x\", expected a table \
         `[[rules.site-rules.site.rule]]`"
    );
}
