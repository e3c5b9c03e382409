//! Scoring paragraphs and grouping them into banners.

use std::ops::Range;

use boilerlint_lexicon::{is_cjk, LineSet};
use boilerlint_plugin::Document;

use crate::lexicon::{Category, Lexicon, Tag, LANGUAGES};

/// A banner found in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    /// From its first line (residue included) to the end of its last line.
    pub range: Range<usize>,
    /// How many paragraphs it touches.
    pub paragraphs: usize,
    /// Confidence.
    pub score: f64,
    /// Whether deleting it is a safe fix.
    pub confident: bool,
    /// The language most of its phrases come from.
    pub lexicon_language: &'static str,
}

/// The longest paragraph, in words, still scored as part of a notice: consent notices are
/// short, articles that discuss cookies are not.
const MAX_NOTICE_WORDS: usize = 300;
/// A line this long with no evidence at the edge of a banner is article text glued to it.
const MAX_UNEXPLAINED_EDGE_LINE: usize = 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    None,
    /// Only interface residue ("X", "Accept all").
    Residue,
    /// Some evidence: joins a banner next to it.
    Weak,
    /// A notice on its own.
    Strong,
}

#[derive(Clone, Debug, Default)]
struct Evidence {
    categories: u8,
    /// Distinct phrases hit: (phrase, language, category).
    phrases: Vec<Tag>,
    words: usize,
}

impl Evidence {
    fn has(&self, category: Category) -> bool {
        self.categories & category.bit() != 0
    }

    fn count(&self, category: Category) -> usize {
        self.phrases
            .iter()
            .filter(|t| t.category == category)
            .count()
    }

    /// How many kinds of supporting evidence (besides a cookie term) it holds.
    fn support(&self) -> usize {
        [
            Category::Consent,
            Category::Purpose,
            Category::Partner,
            Category::Policy,
            Category::Address,
        ]
        .iter()
        .filter(|&&c| self.has(c))
        .count()
    }

    fn merge(&mut self, other: &Evidence) {
        self.categories |= other.categories;
        self.phrases.extend_from_slice(&other.phrases);
        self.words += other.words;
    }
}

/// Finds the banners of `doc`.
pub fn find_banners(doc: &Document<'_>, lexicon: &Lexicon, ui: &LineSet) -> Vec<Banner> {
    let text = doc.text();
    let count = doc.paragraph_count();
    if count == 0 {
        return Vec::new();
    }
    let starts: Vec<usize> = doc.paragraphs().map(|p| p.start()).collect();
    let line_starts: Vec<usize> = doc.lines().map(|l| l.range().start).collect();
    let mut evidence = vec![Evidence::default(); count];
    let mut line_hit = vec![false; line_starts.len()];
    for hit in lexicon.matcher.hits(text) {
        let Some(p) = starts
            .partition_point(|&s| s <= hit.range.start)
            .checked_sub(1)
        else {
            continue;
        };
        let e = &mut evidence[p];
        e.categories |= hit.tag.category.bit();
        if !e.phrases.iter().any(|t| t.phrase == hit.tag.phrase) {
            e.phrases.push(hit.tag);
        }
        if hit.tag.category != Category::Negative {
            if let Some(l) = line_starts
                .partition_point(|&s| s <= hit.range.start)
                .checked_sub(1)
            {
                line_hit[l] = true;
            }
        }
    }

    let classes: Vec<Class> = doc
        .paragraphs()
        .zip(evidence.iter_mut())
        .map(|(paragraph, e)| {
            e.words = words(paragraph.text());
            let residue =
                paragraph.line_count() <= 6 && paragraph.lines().all(|l| is_residue(l.text(), ui));
            classify(e, residue)
        })
        .collect();

    let mut banners = Vec::new();
    let mut i = 0;
    while i < count {
        if classes[i] == Class::None {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < count && classes[j] != Class::None {
            j += 1;
        }
        // Paragraphs i..j form a run; it is a banner if it holds a strong paragraph.
        if classes[i..j].contains(&Class::Strong) {
            // Residue or weak paragraphs at the edges join only through a strong neighbour
            // chain, which the run already is.
            let mut total = Evidence::default();
            for e in &evidence[i..j] {
                total.merge(e);
            }
            let strong = classes[i..j]
                .iter()
                .filter(|&&c| c == Class::Strong)
                .count();
            let first = doc.paragraph(i);
            let last = doc.paragraph(j - 1);
            let start = first
                .lines()
                .find(|l| {
                    line_hit[l.index()]
                        || is_residue(l.text(), ui)
                        || l.text().chars().count() <= MAX_UNEXPLAINED_EDGE_LINE
                })
                .map_or(first.start(), |l| l.range().start);
            let end = last
                .lines()
                .filter(|l| {
                    line_hit[l.index()]
                        || is_residue(l.text(), ui)
                        || l.text().chars().count() <= MAX_UNEXPLAINED_EDGE_LINE
                })
                .last()
                .map_or(last.range().end, |l| l.range().end);
            let negatives = total.count(Category::Negative);
            let confident = negatives == 0
                && total.words <= 3 * MAX_NOTICE_WORDS
                && (strong >= 2 || total.support() >= 4);
            let score = (0.5 + 0.1 * total.support() as f64 + 0.05 * strong.min(3) as f64
                - 0.1 * negatives as f64)
                .clamp(0.0, 1.0);
            banners.push(Banner {
                range: start..end.max(start),
                paragraphs: j - i,
                score,
                confident,
                lexicon_language: majority_language(&total),
            });
        }
        i = j;
    }
    banners
}

fn classify(e: &Evidence, residue: bool) -> Class {
    if residue {
        return Class::Residue;
    }
    if e.words > MAX_NOTICE_WORDS {
        return Class::None;
    }
    let cookie = e.has(Category::Cookie);
    let support = e.support();
    let negatives = e.count(Category::Negative);
    let address = e.has(Category::Address);
    // A notice: a cookie term, the site speaking to the reader, and at least two more kinds of
    // evidence; article vocabulary must be outweighed.
    if cookie && address && support >= 3 && negatives == 0
        || cookie && address && support >= 4 && negatives <= 1
    {
        return Class::Strong;
    }
    if negatives == 0 && (cookie || support >= 3 && e.has(Category::Consent)) {
        return Class::Weak;
    }
    Class::None
}

/// A line a closed banner leaves behind: a close glyph or a button label.
fn is_residue(line: &str, ui: &LineSet) -> bool {
    let trimmed = line.trim();
    matches!(
        trimmed,
        "X" | "x" | "×" | "✕" | "✖" | "✗" | "⨯" | "╳" | "OK" | "Ok" | "ok"
    ) || ui.contains_line(trimmed)
}

/// Words in `text`; Chinese and Japanese characters count as half a word each.
fn words(text: &str) -> usize {
    let spaced = text.split_whitespace().count();
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    spaced.max(cjk / 2)
}

fn majority_language(e: &Evidence) -> &'static str {
    let mut votes = [0usize; 64];
    for tag in e
        .phrases
        .iter()
        .filter(|t| t.category != Category::Negative)
    {
        votes[tag.language as usize % 64] += 1;
    }
    let best = (0..LANGUAGES.len()).max_by_key(|&i| votes[i]).unwrap_or(0);
    LANGUAGES[best].0
}
