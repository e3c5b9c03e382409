//! boilerlint plugin `site-rules`: site-specific boilerplate described in `boilerlint.toml`,
//! with no code to write or build.
//!
//! Each `[[rules.site-rules.site]]` names a site, says which documents are its own (by path
//! glob, by domain) and lists rules: phrases or a regex flagging lines or paragraphs, or a
//! phrase opening a footer that runs to the end of the document. The plugin ABI declares rules
//! statically, so all of them are reported under the one rule id `site-rules`, with the user's
//! rule id at the start of the message: `[ht-footer] related-articles list`.
//!
//! A plugin in Rust (`boilerlint new-plugin`) is the way on when a site needs more than this.

#![deny(unsafe_code)]

mod config;

use boilerlint_lexicon::{more_words_than, CjkWords};
use boilerlint_plugin::{declare_rule, export_plugin, Document, Plugin, Report, Reporter, Rule};

use config::{DocPath, Fix, Matcher, Site, SiteRule};

declare_rule! {
    /// Finds the site-specific boilerplate that your own rules in `boilerlint.toml` describe.
    ///
    /// ## What it does
    /// Applies the rules you write under `[rules.site-rules]` to the documents of each site:
    /// lines or paragraphs holding one of your `phrases` (ignoring case, as whole words, any
    /// whitespace between words) or matching your `regex`, or, with `from`, everything from
    /// the first line that starts with one of the given phrases to the end of the document
    /// (footers: "Related articles", "More on this story"). A `from` footer never starts in the
    /// document's first paragraph, so a document is never flagged whole.
    ///
    /// A document belongs to a site when its path matches one of the site's `path` globs, or
    /// names one of its `domain`s (`example.com` matches `www.example.com/a.txt`,
    /// `example.com_2024-05-01.txt` and `news.example.com`, not `notexample.com`). A site
    /// with neither takes every document. A record's path is `FILE:RECORD` (globs also match
    /// `FILE`). When the record has a URL (`--url-field`, `url` by default), `domain` matches
    /// the URL's host (`example.com` matches `https://www.example.com/a`) and not the path.
    ///
    /// Every finding is reported as `site-rules` with your rule's id first in the message, so
    /// `--select` and `--ignore` switch all site rules at once.
    ///
    /// ## Why is this bad?
    /// Every site wraps its articles in its own furniture: newsletter boxes, "Read more" links,
    /// related-article lists, share bars, copyright lines. A scraper keeps them, and across a
    /// corpus they repeat thousands of times. You know your sites' furniture; this rule lets you
    /// say so without writing a plugin.
    ///
    /// ## Example
    /// With the options below, in `www.harbourtimes.example/council.txt`:
    /// ```text
    /// The council approved the budget on Tuesday.
    ///
    /// Sign up to Morning Harbour, our free newsletter.
    /// Get the day's news in your inbox.
    ///
    /// The vote was 9 to 4.
    ///
    /// Related articles
    /// Harbour dredging to start in May
    /// ```
    /// is reported as `[ht-newsletter] newsletter sign-up box` on lines 3-4 and
    /// `[ht-footer] related-articles list` on lines 8-9.
    ///
    /// ## Fix safety
    /// Each rule says: `fix = "safe"` (the default) deletes the flagged text with `--fix`,
    /// `"unsafe"` only with `--unsafe-fixes`, `"none"` reports without a fix.
    ///
    /// ## Options
    /// ```toml
    /// [rules.site-rules]                      # the plugin's table, before its sites
    ///
    /// [[rules.site-rules.site]]
    /// name = "harbour-times"                  # for messages
    /// domain = ["harbourtimes.example"]       # and/or: path = ["harbour-times/**"]
    ///
    /// [[rules.site-rules.site.rule]]
    /// id = "ht-newsletter"                    # kebab-case, unique across sites
    /// message = "newsletter sign-up box"
    /// phrases = ["Sign up to Morning Harbour"]   # and/or: regex = '^Photograph: \S+'
    /// scope = "paragraph"                     # "line" (default) or "paragraph"
    /// max-words = 60                          # longer lines or paragraphs are never flagged
    ///
    /// [[rules.site-rules.site.rule]]
    /// id = "ht-footer"
    /// message = "related-articles list"
    /// from = ["Related articles", "More from the Harbour Times"]
    /// fix = "unsafe"                          # "safe" (default), "unsafe" or "none"
    /// severity = "warning"                    # "info", "warning" (default) or "error"
    /// ```
    /// Regexes use the `regex` crate's syntax, are case-sensitive unless they start with
    /// `(?i)`, and may compile to at most 1 MiB. Globs are matched against the document's path
    /// as given to boilerlint; a relative glob matches at any depth. Every error names the
    /// site, the rule and the key.
    pub SiteRulesRule {
        id: "site-rules",
        severity: Warning,
        fix: Sometimes,
    }
}

/// The `site-rules` plugin: the sites of its configuration.
#[derive(Debug)]
pub struct SiteRules {
    sites: Vec<Site>,
}

impl Plugin for SiteRules {
    const NAME: &'static str = "site-rules";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const RULES: &'static [Rule] = &[SiteRulesRule::RULE];

    fn new(config_toml: &str) -> Result<Self, String> {
        Ok(SiteRules {
            sites: config::parse(config_toml)?,
        })
    }

    fn check(&self, doc: &Document<'_>, report: &mut Reporter<'_>) {
        if self.sites.is_empty() {
            return;
        }
        let path = DocPath::new(doc.path(), doc.url());
        for site in self.sites.iter().filter(|s| s.matches(&path)) {
            for rule in &site.rules {
                check_rule(rule, doc, report);
                if report.is_stopped() {
                    return;
                }
            }
        }
    }
}

fn check_rule(rule: &SiteRule, doc: &Document<'_>, report: &mut Reporter<'_>) {
    let short = |text: &str| {
        rule.max_words
            .is_none_or(|max| !more_words_than(text, max, CjkWords::Spaced))
    };
    match &rule.matcher {
        Matcher::Lines(regexes) => {
            for line in doc.lines() {
                let text = line.text();
                if !text.trim().is_empty()
                    && short(text)
                    && regexes.iter().any(|r| r.is_match(text))
                {
                    let finding = report.lines(&SiteRulesRule::RULE, &line, &line, &rule.message);
                    finish(finding, rule);
                }
            }
        }
        Matcher::Paragraphs(regexes) => {
            for paragraph in doc.paragraphs() {
                let text = paragraph.text();
                if short(text) && regexes.iter().any(|r| r.is_match(text)) {
                    let finding = report.paragraph(&SiteRulesRule::RULE, &paragraph, &rule.message);
                    finish(finding, rule);
                }
            }
        }
        Matcher::From(opening) => {
            let count = doc.paragraph_count();
            if count < 2 {
                return;
            }
            let end = doc.paragraph(count - 1).range().end;
            let Some(after_first) = doc.paragraph(1).lines().next().map(|l| l.index()) else {
                return;
            };
            let footer = doc
                .lines()
                .skip(after_first)
                .find(|line| short(line.text()) && opening.is_match(line.text()));
            if let Some(line) = footer {
                let start = line.range().start;
                let finding = report.report(&SiteRulesRule::RULE, start..end, &rule.message);
                finish(finding, rule);
            }
        }
    }
}

/// Adds the rule's severity and fix, and sends the finding.
fn finish(mut finding: Report<'_, '_>, rule: &SiteRule) {
    if let Some(severity) = rule.severity {
        finding = finding.severity(severity);
    }
    match rule.fix {
        Fix::Safe => finding.delete_safe().emit(),
        Fix::Unsafe => finding.delete_unsafe().emit(),
        Fix::None => finding.emit(),
    }
}

export_plugin!(SiteRules);

#[cfg(test)]
mod tests;
