//! Reading `[rules.site-rules]`: the sites and their rules, checked key by key.
//!
//! serde reads the table into types ([`RawTable`]); then each site and rule is checked, and
//! every problem is listed at once, each naming the site, the rule and the key it is about
//! (`site "harbour-times", rule "ht-footer", key `scope`: …`), also for a value of the wrong
//! type (the path `serde_path_to_error` gives, with names for numbers). The host hands the
//! plugin its table as TOML text, without the config file's line numbers: it adds the line of
//! the key an error names.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use boilerlint_lexicon::is_cjk;
use boilerlint_plugin::{is_kebab_case, Severity};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::{Table, Value};
use unicode_script::{Script, UnicodeScript};

/// The most memory one compiled regex may take.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// The most memory the lazy DFA of one regex may take.
const REGEX_DFA_SIZE_LIMIT: usize = 1 << 20;
/// How deeply a regex may nest groups and repetitions.
const REGEX_NEST_LIMIT: u32 = 64;

const TOP_KEYS: &[&str] = &["site"];
const SITE_KEYS: &[&str] = &["name", "path", "domain", "rule"];
const RULE_KEYS: &[&str] = &[
    "id",
    "message",
    "phrases",
    "regex",
    "from",
    "scope",
    "max-words",
    "fix",
    "severity",
];

/// One site: where its documents are, and its rules.
#[derive(Debug)]
pub struct Site {
    /// Its name, for messages.
    pub name: String,
    /// Globs the document path may match.
    paths: Option<GlobSet>,
    /// Domains (lowercase) the document path or URL may name.
    domains: Vec<String>,
    /// Its rules.
    pub rules: Vec<SiteRule>,
}

/// One rule of a site.
#[derive(Debug)]
pub struct SiteRule {
    /// The user's id, kebab-case.
    pub id: String,
    /// `[id] message`, as reported.
    pub message: String,
    /// What it flags.
    pub matcher: Matcher,
    /// A line or paragraph with more words is never flagged (for `from`: the opening line).
    pub max_words: Option<usize>,
    /// Whether its findings carry a fix, and which.
    pub fix: Fix,
    /// The severity of its findings, if not the default.
    pub severity: Option<Severity>,
}

/// What a rule flags.
#[derive(Debug)]
pub enum Matcher {
    /// Every line matching one of the regexes.
    Lines(Vec<Regex>),
    /// Every paragraph matching one of the regexes.
    Paragraphs(Vec<Regex>),
    /// From the first line matching, after the first paragraph, to the end of the document.
    From(Regex),
}

/// The fix a rule offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fix {
    /// Deleting the flagged text, applied by `--fix`.
    Safe,
    /// Deleting the flagged text, applied by `--unsafe-fixes` only.
    Unsafe,
    /// No fix: the finding is only reported.
    None,
}

impl Site {
    /// Whether a document at `path` belongs to this site. A site with neither `path` nor
    /// `domain` takes every document. A domain is matched against the host of the record's
    /// URL when the record has one, else looked for in the path.
    pub fn matches(&self, path: &DocPath) -> bool {
        if self.paths.is_none() && self.domains.is_empty() {
            return true;
        }
        let by_path = self.paths.as_ref().is_some_and(|globs| {
            globs.is_match(&path.normalized)
                || path
                    .without_record
                    .as_ref()
                    .is_some_and(|p| globs.is_match(p))
        });
        let by_domain = |d: &String| match &path.host {
            Some(host) => {
                host == d
                    || host
                        .strip_suffix(d.as_str())
                        .is_some_and(|h| h.ends_with('.'))
            }
            None => names_domain(&path.lowercase, d),
        };
        by_path || self.domains.iter().any(by_domain)
    }
}

/// A document's path, prepared once for every site's matching.
#[derive(Debug)]
pub struct DocPath {
    /// With `\` as `/` and without a leading `./`.
    normalized: String,
    /// Without a trailing `:record` (a JSONL record number), when there is one.
    without_record: Option<String>,
    /// Lowercase, for domains.
    pub(crate) lowercase: String,
    /// The host of the record's URL, lowercase, without a trailing dot; `None` without a URL.
    host: Option<String>,
}

impl DocPath {
    /// Prepares `path` (a file path or `path:record`) and the record's URL, if known.
    pub fn new(path: &str, url: Option<&str>) -> DocPath {
        let mut normalized = path.replace('\\', "/");
        while let Some(rest) = normalized.strip_prefix("./") {
            normalized = rest.to_string();
        }
        let without_record = normalized
            .rsplit_once(':')
            .filter(|(head, record)| {
                !head.is_empty() && !record.is_empty() && record.bytes().all(|b| b.is_ascii_digit())
            })
            .map(|(head, _)| head.to_string());
        DocPath {
            lowercase: normalized.to_lowercase(),
            normalized,
            without_record,
            host: url.map(host_of),
        }
    }
}

/// The host of a URL (`https://user@News.Example.com:8080/a?b` -> `news.example.com`); a URL
/// without a scheme (`example.com/a`) is read as starting with its host.
pub fn host_of(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6), // an IPv6 address keeps its colons
        None => host.split(':').next().unwrap_or(host),
    };
    host.trim_end_matches('.').to_lowercase()
}

/// File extensions that may follow a domain in a file name (`example.com.txt`).
const EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "json", "jsonl", "parquet", "html", "htm",
];

/// Whether `text` (lowercase) names `domain` or one of its subdomains: `domain` occurs with
/// nothing of a host name on its left (a `.` is allowed: a subdomain) nor on its right (a file
/// extension is allowed). `notexample.com`, `example.com.au` and `example.community` do not
/// name `example.com`; `www.example.com/a.txt`, `example.com_2024_a.txt`, `example.com.txt`
/// and `https://news.example.com/a` do.
pub fn names_domain(text: &str, domain: &str) -> bool {
    let in_host = |c: char| c.is_alphanumeric() || c == '-';
    text.match_indices(domain).any(|(at, _)| {
        let left_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c == '.' || !in_host(c));
        let rest = &text[at + domain.len()..];
        let right_ok = match rest.chars().next() {
            None => true,
            Some('.') => is_extension(&rest[1..]),
            Some(c) => !in_host(c),
        };
        left_ok && right_ok
    })
}

/// `txt`, `txt:12` or `txt/...`: an extension ending the file name.
fn is_extension(rest: &str) -> bool {
    let end = rest.find([':', '/', '?', '#']).unwrap_or(rest.len());
    EXTENSIONS.contains(&&rest[..end])
}

/// The table as TOML types it, read by serde: every key has its type here, and a value of
/// another type stops the reading with an error naming the key's path. What the values mean
/// (ids, regexes, globs, domains, the combinations of keys) is checked afterwards, by [`parse`],
/// which lists every problem at once. Unknown keys are gathered rather than refused, so that
/// they are listed with the rest, each with a "did you mean".
#[derive(Debug, Default, Deserialize)]
struct RawTable {
    #[serde(default)]
    site: Vec<RawSite>,
    #[serde(flatten)]
    unknown: BTreeMap<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a table `[[rules.site-rules.site]]`")]
struct RawSite {
    name: Option<String>,
    path: Option<Strings>,
    domain: Option<Strings>,
    rule: Option<Vec<RawRule>>,
    #[serde(flatten)]
    unknown: BTreeMap<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(
    rename_all = "kebab-case",
    expecting = "a table `[[rules.site-rules.site.rule]]`"
)]
struct RawRule {
    id: Option<String>,
    message: Option<String>,
    phrases: Option<Strings>,
    regex: Option<String>,
    from: Option<Strings>,
    scope: Option<Strings>,
    #[serde(default, deserialize_with = "integer")]
    max_words: Option<i64>,
    fix: Option<Strings>,
    severity: Option<Strings>,
    #[serde(flatten)]
    unknown: BTreeMap<String, Value>,
}

/// `max-words`: an integer (whether it is positive is checked with the other problems).
fn integer<'de, D: serde::Deserializer<'de>>(value: D) -> Result<Option<i64>, D::Error> {
    struct Integer;
    impl serde::de::Visitor<'_> for Integer {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a positive integer")
        }
        fn visit_i64<E>(self, n: i64) -> Result<i64, E> {
            Ok(n)
        }
    }
    value.deserialize_i64(Integer).map(Some)
}

/// A string or a list of strings (possibly empty: [`parse`] says so).
#[derive(Debug, Deserialize)]
// An untagged enum's `expecting` is its whole message.
#[serde(untagged, expecting = "expected a string or a list of strings")]
enum Strings {
    One(String),
    Many(Vec<String>),
}

impl Strings {
    fn into_vec(self) -> Vec<String> {
        match self {
            Strings::One(s) => vec![s],
            Strings::Many(v) => v,
        }
    }
}

/// Reads the plugin's table. Every problem found is reported, each naming its site, rule and
/// key; a value of the wrong type is reported alone (the reading stops there).
pub fn parse(config_toml: &str) -> Result<Vec<Site>, String> {
    let table: Table = config_toml
        .parse()
        .map_err(|e: toml::de::Error| e.message().trim().to_string())?;
    let raw: RawTable = serde_path_to_error::deserialize(Value::Table(table.clone()))
        .map_err(|e| type_error(&table, e))?;
    let mut errors = Errors::default();
    errors.unknown_keys("", &raw.unknown, TOP_KEYS);
    let mut sites = Vec::new();
    for (i, site) in raw.site.into_iter().enumerate() {
        if let Some(site) = parse_site(site, i, &mut errors) {
            sites.push(site);
        }
    }
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for site in &sites {
        for rule in &site.rules {
            match seen.iter().find(|(id, _)| *id == rule.id) {
                Some((_, other)) => errors.push(
                    format!("site {:?}, rule {:?}", site.name, rule.id),
                    format!(
                        "the id is already used by a rule of site {other:?}; rule ids must be \
                         unique, since findings are reported by them"
                    ),
                ),
                None => seen.push((&rule.id, &site.name)),
            }
        }
    }
    errors.into_result(sites)
}

/// A value of the wrong type, with its place named as the other problems name theirs: the
/// site by its name, the rule by its id (or by their numbers), then the key.
fn type_error(table: &Table, error: serde_path_to_error::Error<toml::de::Error>) -> String {
    use serde_path_to_error::Segment;
    let mut place: Vec<String> = Vec::new();
    let mut at: Option<&Value> = None;
    let mut parent_key = "";
    for segment in error.path().iter() {
        match segment {
            Segment::Seq { index } => {
                let item = at.and_then(|v| v.get(*index));
                let (kind, label_key) = if parent_key == "rule" {
                    ("rule", "id")
                } else {
                    ("site", "name")
                };
                place.pop(); // `key `site`` gives way to the site itself
                place.push(match item.and_then(|v| v.get(label_key)?.as_str()) {
                    Some(label) => format!("{kind} {label:?}"),
                    None => format!("{kind} #{}", index + 1),
                });
                at = item;
            }
            Segment::Map { key } => {
                at = match at {
                    None => table.get(key.as_str()),
                    Some(v) => v.get(key.as_str()),
                };
                parent_key = key;
                place.push(format!("key `{key}`"));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    let problem = error.inner().message().trim();
    if place.is_empty() {
        problem.to_string()
    } else {
        format!("{}: {problem}", place.join(", "))
    }
}

/// `values`, unless the list is empty.
fn non_empty(values: Option<Strings>, at: &str, errors: &mut Errors) -> Option<Vec<String>> {
    let values = values?.into_vec();
    if values.is_empty() {
        errors.push(at.to_string(), "the list is empty".into());
        return None;
    }
    Some(values)
}

fn parse_site(raw: RawSite, index: usize, errors: &mut Errors) -> Option<Site> {
    let name = match raw.name {
        Some(name) if !name.trim().is_empty() => Some(name),
        Some(_) => {
            errors.push(
                format!("site #{}, key `name`", index + 1),
                "expected a non-empty string".into(),
            );
            None
        }
        None => {
            errors.push(
                format!("site #{}", index + 1),
                "missing key `name` (the site's name, used in messages)".into(),
            );
            None
        }
    };
    let label = match &name {
        Some(name) => format!("site {name:?}"),
        None => format!("site #{}", index + 1),
    };
    errors.unknown_keys(&label, &raw.unknown, SITE_KEYS);

    let at = |key: &str| format!("{label}, key `{key}`");
    let paths = non_empty(raw.path, &at("path"), errors).and_then(|globs| {
        compile_globs(&globs)
            .map_err(|e| errors.push(at("path"), e))
            .ok()
    });
    let mut domains = Vec::new();
    for domain in non_empty(raw.domain, &at("domain"), errors).unwrap_or_default() {
        match check_domain(&domain) {
            Ok(domain) => domains.push(domain),
            Err(e) => errors.push(at("domain"), e),
        }
    }

    let mut rules = Vec::new();
    match raw.rule {
        Some(items) if !items.is_empty() => {
            for (i, rule) in items.into_iter().enumerate() {
                if let Some(rule) = parse_rule(rule, &label, i, errors) {
                    rules.push(rule);
                }
            }
        }
        _ => errors.push(
            label.clone(),
            "has no rules: add at least one `[[rules.site-rules.site.rule]]`".into(),
        ),
    }
    Some(Site {
        name: name?,
        paths,
        domains,
        rules,
    })
}

fn parse_rule(raw: RawRule, site: &str, index: usize, errors: &mut Errors) -> Option<SiteRule> {
    let id = match raw.id {
        Some(id) if is_kebab_case(&id) => Some(id),
        Some(id) => {
            errors.push(
                format!("{site}, rule #{}, key `id`", index + 1),
                format!(
                    "{id:?} is not kebab-case (lowercase letters, digits and single dashes, \
                     e.g. \"example-footer\")"
                ),
            );
            None
        }
        None => {
            errors.push(
                format!("{site}, rule #{}", index + 1),
                "missing key `id` (the rule's name in messages, kebab-case)".into(),
            );
            None
        }
    };
    let label = match &id {
        Some(id) => format!("{site}, rule {id:?}"),
        None => format!("{site}, rule #{}", index + 1),
    };
    let at = |key: &str| format!("{label}, key `{key}`");
    errors.unknown_keys(&label, &raw.unknown, RULE_KEYS);

    let message = match raw.message {
        Some(m) if !m.trim().is_empty() && !m.contains('\n') => Some(m),
        Some(_) => {
            errors.push(at("message"), "expected one non-empty line".into());
            None
        }
        None => {
            errors.push(
                label.clone(),
                "missing key `message` (one line saying what was found, shown with each \
                 finding)"
                    .into(),
            );
            None
        }
    };

    let phrases = non_empty(raw.phrases, &at("phrases"), errors);
    let from = non_empty(raw.from, &at("from"), errors);
    let regex = raw.regex;
    let mut one = |list: Option<Strings>, key: &str| match non_empty(list, &at(key), errors) {
        Some(mut values) if values.len() == 1 => values.pop(),
        Some(_) => {
            errors.push(at(key), "expected one string, not a list".into());
            None
        }
        None => None,
    };
    let scope = one(raw.scope, "scope");
    let fix = one(raw.fix, "fix");
    let severity = one(raw.severity, "severity");
    let fix = match fix.as_deref() {
        None | Some("safe") => Fix::Safe,
        Some("unsafe") => Fix::Unsafe,
        Some("none") => Fix::None,
        Some(other) => {
            errors.push(
                at("fix"),
                format!("expected \"safe\", \"unsafe\" or \"none\", found {other:?}"),
            );
            Fix::Safe
        }
    };
    let severity = match severity.as_deref() {
        None => None,
        Some("info") => Some(Severity::Info),
        Some("warning") => Some(Severity::Warning),
        Some("error") => Some(Severity::Error),
        Some(other) => {
            errors.push(
                at("severity"),
                format!("expected \"info\", \"warning\" or \"error\", found {other:?}"),
            );
            None
        }
    };
    let max_words = match raw.max_words {
        None => None,
        Some(n) if n >= 1 => Some(usize::try_from(n).unwrap_or(usize::MAX)),
        Some(n) => {
            errors.push(
                at("max-words"),
                format!("expected a positive integer, found the integer {n}"),
            );
            None
        }
    };

    let matcher = match (&from, &phrases, &regex) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            errors.push(
                label.clone(),
                "`from` cannot be combined with `phrases` or `regex`: a rule either flags the \
                 lines or paragraphs that match, or everything from a line on"
                    .into(),
            );
            None
        }
        (Some(_), None, None) if scope.is_some() => {
            errors.push(
                at("scope"),
                "does not apply to a `from` rule, which always reaches the end of the document"
                    .into(),
            );
            None
        }
        (Some(starts), None, None) => phrase_regex(starts, true)
            .map(Matcher::From)
            .map_err(|e| errors.push(at("from"), e))
            .ok(),
        (None, None, None) => {
            errors.push(
                label.clone(),
                "says nothing to match: give `phrases`, `regex` or `from`".into(),
            );
            None
        }
        (None, phrases, regex) => {
            let mut regexes = Vec::new();
            if let Some(phrases) = phrases {
                match phrase_regex(phrases, false) {
                    Ok(r) => regexes.push(r),
                    Err(e) => errors.push(at("phrases"), e),
                }
            }
            if let Some(pattern) = regex {
                match compile(pattern) {
                    Ok(r) => regexes.push(r),
                    Err(e) => errors.push(at("regex"), e),
                }
            }
            match scope.as_deref() {
                None | Some("line") => Some(Matcher::Lines(regexes)),
                Some("paragraph") => Some(Matcher::Paragraphs(regexes)),
                Some(other) => {
                    errors.push(
                        at("scope"),
                        format!("expected \"line\" or \"paragraph\", found {other:?}"),
                    );
                    None
                }
            }
        }
    };
    let id = id?;
    Some(SiteRule {
        message: format!("[{id}] {}", message?),
        id,
        matcher: matcher?,
        max_words,
        fix,
        severity,
    })
}

/// A regex matching any of `phrases`, ignoring case, with any run of whitespace for a space
/// and whole words at the phrase's edges; anchored at the start of the line (after blanks) when
/// `at_start`.
fn phrase_regex(phrases: &[String], at_start: bool) -> Result<Regex, String> {
    let mut alternatives = Vec::with_capacity(phrases.len());
    for phrase in phrases {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if words.is_empty() {
            return Err(format!("the phrase {phrase:?} is empty"));
        }
        let escaped: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        let mut alternative = String::new();
        if !at_start && phrase.chars().next().is_some_and(is_word_edge) {
            alternative.push_str(r"\b");
        }
        alternative.push_str(&escaped.join(r"\s+"));
        if phrase.chars().next_back().is_some_and(is_word_edge) {
            alternative.push_str(r"\b");
        }
        alternatives.push(alternative);
    }
    let anchor = if at_start { r"^\s*" } else { "" };
    compile(&format!("{anchor}(?i:{})", alternatives.join("|")))
}

/// A character that ends a word where `\b` can tell: a letter or digit of a script written
/// with spaces between words (not Chinese or Japanese, [`is_cjk`], nor Thai or Korean, where
/// a phrase may sit inside a run of letters or before a particle). Thai and Hangul by their
/// Unicode Script property: for letters and digits it is the Thai block, and Hangul adds the
/// jamo (compatibility and half-width too) to the syllables.
fn is_word_edge(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c) && !matches!(c.script(), Script::Thai | Script::Hangul)
}

fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .nest_limit(REGEX_NEST_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => format!(
                "the regex is too large (it would take more than {limit} bytes compiled); \
                 split it into several rules"
            ),
            other => format!(
                "invalid regex `{pattern}`: {}",
                one_line(&other.to_string())
            ),
        })
}

/// The regex crate's syntax errors span several lines (the pattern, a caret, the problem):
/// keep the problem.
fn one_line(message: &str) -> String {
    message
        .lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("error: "))
        .unwrap_or_else(|| message.trim())
        .to_string()
}

fn compile_globs(globs: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for pattern in globs {
        let glob = Glob::new(pattern).map_err(|e| format!("invalid glob {pattern:?}: {e}"))?;
        builder.add(glob);
        // A relative glob matches at any depth: the document path is as given to boilerlint.
        if !pattern.starts_with('/') && !pattern.starts_with("**") {
            if let Ok(glob) = Glob::new(&format!("**/{pattern}")) {
                builder.add(glob);
            }
        }
    }
    builder.build().map_err(|e| format!("invalid globs: {e}"))
}

/// A domain as written (`example.com`, `News.Example.com`), lowercased; never a URL or a
/// wildcard.
fn check_domain(domain: &str) -> Result<String, String> {
    let lower = domain.trim().to_lowercase();
    if lower.contains("://") || lower.contains('/') {
        return Err(format!(
            "{domain:?} is not a domain: write the host name only, e.g. \"example.com\""
        ));
    }
    if let Some(rest) = lower.strip_prefix("*.") {
        return Err(format!(
            "{domain:?}: write the bare domain {rest:?}; it matches its subdomains too"
        ));
    }
    let valid_label = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if lower.split('.').all(valid_label) {
        Ok(lower)
    } else {
        Err(format!(
            "{domain:?} is not a domain name (letters, digits, dashes and dots, e.g. \
             \"example.com\")"
        ))
    }
}

/// The problems found, each with where it is.
#[derive(Default)]
struct Errors(Vec<String>);

impl Errors {
    fn push(&mut self, place: String, problem: String) {
        self.0.push(format!("{place}: {problem}"));
    }

    fn unknown_keys(&mut self, place: &str, unknown: &BTreeMap<String, Value>, known: &[&str]) {
        for key in unknown.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let hint = known
                .iter()
                .find(|k| strsim::levenshtein(k, key) <= 2)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_else(|| format!(" (expected one of: {})", known.join(", ")));
            let place = if place.is_empty() {
                format!("key `{key}`")
            } else {
                format!("{place}, key `{key}`")
            };
            let mut problem = format!("unknown key{hint}");
            if place.starts_with("key") && key == "files" {
                problem
                    .push_str("; rules are written inline, as `[[rules.site-rules.site]]` tables");
            }
            self.push(place, problem);
        }
    }

    fn into_result<T>(self, value: T) -> Result<T, String> {
        match self.0.len() {
            0 => Ok(value),
            1 => Err(self.0.into_iter().next().unwrap_or_default()),
            n => {
                let mut message = format!("{n} problems:");
                for problem in self.0 {
                    let _ = write!(message, "\n  - {problem}");
                }
                Err(message)
            }
        }
    }
}
