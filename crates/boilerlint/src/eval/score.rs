//! Scoring: labeled lines against flagged lines, with no I/O and no printing.
//!
//! Only non-blank lines count. For a rule R scored on the labels of T (T = R for a rule; the
//! rule a baseline stands for otherwise), a line is
//!
//! - a true positive when it is labeled T and R flags it;
//! - a miss (false negative) when it is labeled T and R does not flag it;
//! - a false alarm (false positive) when it is unlabeled (clean) and R flags it;
//! - *cross* when it is labeled with another rule only and R flags it: neither right nor
//!   wrong for R (the line is contamination, of another kind), counted apart.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;

use boilerlint_core::fix::Changes;
use boilerlint_plugin::Segments;
use serde::Serialize;

use super::labels::Span;

/// What the fix check found a line became.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// No byte of its content changed.
    Kept,
    /// Every non-whitespace byte of it was deleted.
    Removed,
    /// Partly changed.
    Changed,
}

/// One line of a scored document.
#[derive(Clone, Debug)]
pub struct Line {
    pub text: String,
    pub blank: bool,
    /// The rules it is labeled with (empty: clean).
    pub labels: Vec<String>,
    /// The rules (and baselines) that flag it.
    pub flagged: Vec<String>,
    /// What the fixes did to it (`None`: no fix check).
    pub fate: Option<Fate>,
}

/// A document ready to score.
#[derive(Clone, Debug)]
pub struct Doc {
    /// How it is named in lists: `path`, or `path:record`.
    pub name: String,
    pub path: String,
    pub record: Option<u64>,
    pub id: Option<String>,
    pub lang: String,
    pub source: Option<String>,
    pub lines: Vec<Line>,
    /// The rules (and baselines) with at least one finding in it.
    pub found: BTreeSet<String>,
}

impl Doc {
    /// Builds a document from its text, its segmentation, its labels (checked to lie within
    /// its lines), the lines each rule flags, and what the fixes changed.
    pub fn new(
        text: &str,
        segments: &Segments,
        spans: &[Span],
        flagged: &[(String, RangeInclusive<usize>)],
        changes: Option<&Changes>,
    ) -> Doc {
        let lines = segments
            .lines
            .iter()
            .enumerate()
            .map(|(i, span)| {
                let number = i + 1;
                let range = span.start as usize..span.end as usize;
                let content = &text[range.clone()];
                let mut labels: Vec<String> = spans
                    .iter()
                    .filter(|s| (s.first..=s.last).contains(&number))
                    .map(|s| s.rule.clone())
                    .collect();
                labels.dedup();
                let mut rules: Vec<String> = flagged
                    .iter()
                    .filter(|(_, lines)| lines.contains(&number))
                    .map(|(rule, _)| rule.clone())
                    .collect();
                rules.sort();
                rules.dedup();
                Line {
                    text: content.to_string(),
                    blank: content.trim().is_empty(),
                    labels,
                    flagged: rules,
                    fate: changes.map(|c| fate(c, content, range.start)),
                }
            })
            .collect();
        Doc {
            name: String::new(),
            path: String::new(),
            record: None,
            id: None,
            lang: "?".into(),
            source: None,
            lines,
            found: flagged.iter().map(|(rule, _)| rule.clone()).collect(),
        }
    }
}

/// What the fixes did to a line whose content starts at `start` in the original text.
fn fate(changes: &Changes, content: &str, start: usize) -> Fate {
    if changes.is_unchanged(start..start + content.len()) {
        return Fate::Kept;
    }
    let removed = content
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .all(|(i, _)| changes.is_deleted(start + i));
    if removed {
        Fate::Removed
    } else {
        Fate::Changed
    }
}

/// A rule (or baseline) to score.
#[derive(Clone, Debug)]
pub struct Scored {
    pub name: String,
    /// For a baseline: the rule whose labels it is scored on.
    pub stands_for: Option<String>,
}

impl Scored {
    /// The rule whose labels count as this one's positives.
    pub fn target(&self) -> &str {
        self.stands_for.as_deref().unwrap_or(&self.name)
    }
}

/// Confusion counts, with the figures derived from them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: u64,
    pub fp: u64,
    pub fn_: u64,
    pub cross: u64,
}

impl Counts {
    /// `tp / (tp + fp)`; `None` when nothing was flagged.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`; `None` when nothing is labeled.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// `2tp / (2tp + fp + fn)`, the harmonic mean of precision and recall; `None` when nothing
    /// is labeled nor flagged.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    fn is_empty(&self) -> bool {
        *self == Counts::default()
    }
}

/// `part / whole`, `None` for an empty whole.
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The scores of one rule or baseline.
#[derive(Clone, Debug)]
pub struct RuleScore {
    pub rule: Scored,
    /// Line level.
    pub lines: Counts,
    /// Document level (`cross` unused).
    pub documents: Counts,
    pub by_language: BTreeMap<String, Counts>,
    pub by_source: BTreeMap<String, Counts>,
    /// Fix check, for a rule: (its labeled lines, of which removed).
    pub removed: Option<(u64, u64)>,
}

/// Why a line is listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Miss,
    FalseAlarm,
    Cross,
}

/// A line to look at: a miss, a false alarm or a cross line of a rule.
#[derive(Clone, Debug)]
pub struct Case {
    /// Index into the documents.
    pub doc: usize,
    /// 1-based line.
    pub line: usize,
    /// The rule (or baseline) it is a case of.
    pub rule: String,
    pub kind: Kind,
}

/// The false alarms of the rules on documents with no label at all.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clean {
    pub documents: u64,
    pub lines: u64,
    pub flagged: u64,
}

/// What the fixes removed and kept.
#[derive(Clone, Copy, Debug, Default)]
pub struct FixCheck {
    pub contaminated: u64,
    pub removed: u64,
    pub clean: u64,
    pub kept: u64,
}

/// Everything `eval` measured.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub documents: u64,
    /// Non-blank lines.
    pub lines: u64,
    pub rules: Vec<RuleScore>,
    pub clean: Clean,
    /// `None` when no document went through the fix check.
    pub fix: Option<FixCheck>,
    /// Misses, false alarms and cross lines, by rule (in `rules` order), then document and line.
    pub cases: Vec<Case>,
}

/// Scores `rules` on `docs`.
pub fn evaluate(docs: &[Doc], rules: &[Scored]) -> Evaluation {
    let mut evaluation = Evaluation {
        documents: docs.len() as u64,
        lines: docs
            .iter()
            .map(|d| d.lines.iter().filter(|l| !l.blank).count() as u64)
            .sum(),
        ..Evaluation::default()
    };
    for rule in rules {
        evaluation
            .rules
            .push(score_rule(docs, rule, &mut evaluation.cases));
    }
    let real: Vec<&str> = rules
        .iter()
        .filter(|r| r.stands_for.is_none())
        .map(|r| r.name.as_str())
        .collect();
    for doc in docs {
        let lines = || doc.lines.iter().filter(|l| !l.blank);
        if lines().all(|l| l.labels.is_empty()) {
            evaluation.clean.documents += 1;
            evaluation.clean.lines += lines().count() as u64;
            evaluation.clean.flagged += lines()
                .filter(|l| l.flagged.iter().any(|r| real.contains(&r.as_str())))
                .count() as u64;
        }
        for line in lines() {
            let Some(fate) = line.fate else { continue };
            let fix = evaluation.fix.get_or_insert_with(FixCheck::default);
            if line.labels.is_empty() {
                fix.clean += 1;
                fix.kept += u64::from(fate == Fate::Kept);
            } else {
                fix.contaminated += 1;
                fix.removed += u64::from(fate == Fate::Removed);
            }
        }
    }
    evaluation
}

fn score_rule(docs: &[Doc], rule: &Scored, cases: &mut Vec<Case>) -> RuleScore {
    let target = rule.target();
    let mut score = RuleScore {
        rule: rule.clone(),
        lines: Counts::default(),
        documents: Counts::default(),
        by_language: BTreeMap::new(),
        by_source: BTreeMap::new(),
        removed: None,
    };
    for (index, doc) in docs.iter().enumerate() {
        let mut counts = Counts::default();
        let mut positive = false;
        for (i, line) in doc.lines.iter().enumerate().filter(|(_, l)| !l.blank) {
            let labeled = line.labels.iter().any(|l| l == target);
            let flagged = line.flagged.contains(&rule.name);
            positive |= labeled;
            let kind = match (labeled, flagged) {
                (true, true) => {
                    counts.tp += 1;
                    None
                }
                (true, false) => {
                    counts.fn_ += 1;
                    Some(Kind::Miss)
                }
                (false, true) if line.labels.is_empty() => {
                    counts.fp += 1;
                    Some(Kind::FalseAlarm)
                }
                (false, true) => {
                    counts.cross += 1;
                    Some(Kind::Cross)
                }
                (false, false) => None,
            };
            if let Some(kind) = kind {
                cases.push(Case {
                    doc: index,
                    line: i + 1,
                    rule: rule.name.clone(),
                    kind,
                });
            }
            if labeled && rule.stands_for.is_none() {
                if let Some(fate) = line.fate {
                    let (lines, removed) = score.removed.get_or_insert((0, 0));
                    *lines += 1;
                    *removed += u64::from(fate == Fate::Removed);
                }
            }
        }
        add(&mut score.lines, counts);
        add(
            score.by_language.entry(doc.lang.clone()).or_default(),
            counts,
        );
        if let Some(source) = &doc.source {
            add(score.by_source.entry(source.clone()).or_default(), counts);
        }
        match (positive, doc.found.contains(&rule.name)) {
            (true, true) => score.documents.tp += 1,
            (true, false) => score.documents.fn_ += 1,
            (false, true) => score.documents.fp += 1,
            (false, false) => {}
        }
    }
    score.by_language.retain(|_, c| !c.is_empty());
    score.by_source.retain(|_, c| !c.is_empty());
    score
}

fn add(total: &mut Counts, counts: Counts) {
    total.tp += counts.tp;
    total.fp += counts.fp;
    total.fn_ += counts.fn_;
    total.cross += counts.cross;
}

#[cfg(test)]
mod tests {
    use super::*;
    use boilerlint_core::fix::{apply_fixes, Edit, Fix};
    use boilerlint_core::Applicability;
    use boilerlint_plugin::segment;

    fn span(rule: &str, first: usize, last: usize) -> Span {
        Span {
            rule: rule.into(),
            first,
            last,
        }
    }

    fn rule(name: &str) -> Scored {
        Scored {
            name: name.into(),
            stands_for: None,
        }
    }

    #[test]
    fn lines_are_true_positives_misses_false_alarms_or_cross() {
        // 1 article, 2 blank, 3-4 cookie banner, 5 ad label.
        let text = "Article.\n\nWe use cookies.\nAccept\nAdvertisement\n";
        let doc = Doc::new(
            text,
            &segment(text),
            &[span("cookie-banner", 2, 4), span("ad-notice", 5, 5)],
            &[
                ("cookie-banner".into(), 1..=3),
                ("cookie-banner".into(), 5..=5),
            ],
            None,
        );
        let evaluation = evaluate(&[doc], &[rule("cookie-banner"), rule("ad-notice")]);
        let cookie = &evaluation.rules[0];
        // Line 2 is blank: labeled, but not counted.
        assert_eq!(
            cookie.lines,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1,
                cross: 1
            }
        );
        assert_eq!(cookie.lines.f1(), Some(0.5));
        assert_eq!(cookie.documents.tp, 1);
        let ad = &evaluation.rules[1];
        assert_eq!((ad.lines.fn_, ad.documents.fn_), (1, 1));
        assert_eq!(ad.lines.precision(), None);
        let kinds: Vec<(usize, &str, Kind)> = evaluation
            .cases
            .iter()
            .map(|c| (c.line, c.rule.as_str(), c.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (1, "cookie-banner", Kind::FalseAlarm),
                (4, "cookie-banner", Kind::Miss),
                (5, "cookie-banner", Kind::Cross),
                (5, "ad-notice", Kind::Miss),
            ]
        );
    }

    #[test]
    fn the_fix_check_counts_removed_and_kept_lines() {
        // Lines: 1 article, 3-4 the banner (labeled), 6 a clean line with a glued ad label
        // (labeled clean) that the fix shortens.
        let text = "Article.\n\nCookies here.\nAccept all\n\nMore text. Ad\n";
        let delete = |needle: &str| {
            let start = text.find(needle).unwrap();
            Fix {
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    range: start..start + needle.len(),
                    replacement: String::new(),
                }],
            }
        };
        let (banner, glued) = (delete("Cookies here.\nAccept all"), delete(" Ad"));
        let fixed = apply_fixes(text, &[&banner, &glued]);
        assert_eq!(fixed.text, "Article.\n\nMore text.\n");
        let mut changes = Changes::new(text.len());
        changes.record(&fixed.edits);
        let doc = Doc::new(
            text,
            &segment(text),
            &[span("cookie-banner", 3, 4)],
            &[("cookie-banner".into(), 3..=4)],
            Some(&changes),
        );
        let fates: Vec<Option<Fate>> = doc.lines.iter().map(|l| l.fate).collect();
        assert_eq!(
            fates,
            [
                Some(Fate::Kept),
                Some(Fate::Kept), // blank lines are not counted
                Some(Fate::Removed),
                Some(Fate::Removed),
                Some(Fate::Removed),
                Some(Fate::Changed),
            ]
        );
        let evaluation = evaluate(&[doc], &[rule("cookie-banner")]);
        let fix = evaluation.fix.unwrap();
        assert_eq!((fix.contaminated, fix.removed), (2, 2));
        assert_eq!((fix.clean, fix.kept), (2, 1));
        assert_eq!(evaluation.rules[0].removed, Some((2, 2)));
    }
}
