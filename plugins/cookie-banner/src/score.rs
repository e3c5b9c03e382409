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
    /// Whether that language stands out from the others its phrases belong to.
    pub language_clear: bool,
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
    let count = doc.paragraph_count();
    // Every notice names cookies or tracking: the paragraphs where such a term may begin are
    // the only ones that can be notices, and only they and their neighbours are scored. Most
    // documents have none, and are done after one search.
    let Some(first) = lexicon.gate.next_word_start(doc.text(), 0) else {
        return Vec::new();
    };
    if count == 0 {
        return Vec::new();
    }
    let starts: Vec<usize> = doc.paragraphs().map(|p| p.start()).collect();
    let mut seeds = Vec::new();
    let mut hit = Some(first);
    while let Some(at) = hit {
        let from = match starts.partition_point(|&s| s <= at).checked_sub(1) {
            None => starts[0],
            Some(p) => {
                seeds.push(p);
                match starts.get(p + 1) {
                    Some(&next) => next,
                    None => break,
                }
            }
        };
        hit = lexicon.gate.next_word_start(doc.text(), from);
    }
    if seeds.is_empty() {
        return Vec::new();
    }
    let line_starts: Vec<usize> = doc.lines().map(|l| l.range().start).collect();
    let mut scorer = Scorer {
        doc,
        lexicon,
        ui,
        line_hit: vec![false; line_starts.len()],
        line_starts,
        evidence: vec![None; count],
        classes: vec![None; count],
        seen: vec![0; lexicon.phrases.div_ceil(64)],
    };

    let mut banners = Vec::new();
    let mut scored_up_to = 0;
    for &seed in &seeds {
        // Only a paragraph's own evidence makes it strong (its neighbours can only make it
        // weak), so a seed that is not strong on its own starts no banner.
        if seed < scored_up_to || scorer.own_class(seed) != Class::Strong {
            continue;
        }
        // The run of paragraphs that are part of a notice around this one.
        let (mut i, mut j) = (seed, seed + 1);
        while i > 0 && scorer.class(i - 1) != Class::None {
            i -= 1;
        }
        while j < count && scorer.class(j) != Class::None {
            j += 1;
        }
        scored_up_to = j;
        if let Some(banner) = scorer.banner(i..j, &seeds) {
            banners.push(banner);
        }
    }
    banners
}

/// Scores paragraphs on demand, each once.
struct Scorer<'d, 'a> {
    doc: &'d Document<'a>,
    lexicon: &'d Lexicon,
    ui: &'d LineSet,
    line_starts: Vec<usize>,
    /// Lines holding evidence (of the paragraphs scored).
    line_hit: Vec<bool>,
    evidence: Vec<Option<Evidence>>,
    /// Each paragraph's class on its own evidence.
    classes: Vec<Option<Class>>,
    /// The phrases found in the paragraph being scored, as bits (cleared after it).
    seen: Vec<u64>,
}

impl Scorer<'_, '_> {
    fn evidence(&mut self, p: usize) -> &Evidence {
        if self.evidence[p].is_none() {
            let e = self.score(p);
            self.evidence[p] = Some(e);
        }
        self.evidence[p].as_ref().expect("scored above")
    }

    fn score(&mut self, p: usize) -> Evidence {
        let paragraph = self.doc.paragraph(p);
        let offset = paragraph.start();
        // In a sentence that quotes a notice ("the banner said „We use cookies…“"), the quoted
        // words are not evidence: a notice does not quote itself at length.
        let quotes = quoted_spans(paragraph.text(), offset);
        let mut e = Evidence {
            words: words(paragraph.text()),
            ..Evidence::default()
        };
        for hit in self.lexicon.matcher.hits(paragraph.text()) {
            let start = offset + hit.range.start;
            if quotes.iter().any(|q| q.contains(&start)) {
                continue;
            }
            e.categories |= hit.tag.category.bit();
            let (word, bit) = (hit.tag.phrase as usize / 64, 1 << (hit.tag.phrase % 64));
            if self.seen[word] & bit == 0 {
                self.seen[word] |= bit;
                e.phrases.push(hit.tag);
            }
            if hit.tag.category != Category::Negative {
                if let Some(l) = self
                    .line_starts
                    .partition_point(|&s| s <= start)
                    .checked_sub(1)
                {
                    self.line_hit[l] = true;
                }
            }
        }
        for tag in &e.phrases {
            self.seen[tag.phrase as usize / 64] = 0;
        }
        e
    }

    /// A paragraph's class on its own evidence.
    fn own_class(&mut self, p: usize) -> Class {
        if let Some(class) = self.classes[p] {
            return class;
        }
        let paragraph = self.doc.paragraph(p);
        let residue = paragraph.line_count() <= 8
            && paragraph.lines().all(|l| looks_like_a_control(l.text()))
            && paragraph.lines().any(|l| is_residue(l.text(), self.ui));
        let class = classify(self.evidence(p), residue);
        self.classes[p] = Some(class);
        class
    }

    /// A paragraph's class in its document: a paragraph between two notice paragraphs, with
    /// some evidence of its own, is part of the notice ("If you are under 16 and wish to give
    /// consent...").
    fn class(&mut self, p: usize) -> Class {
        let own = self.own_class(p);
        if own != Class::None || p == 0 || p + 1 >= self.classes.len() {
            return own;
        }
        if self.own_class(p - 1) == Class::None || self.own_class(p + 1) == Class::None {
            return own;
        }
        let e = self.evidence(p);
        if e.categories & !Category::Negative.bit() != 0
            && e.count(Category::Negative) == 0
            && e.words <= MAX_NOTICE_WORDS / 2
        {
            Class::Weak
        } else {
            own
        }
    }

    /// The banner made of paragraphs `run` (a maximal run of notice paragraphs holding a
    /// strong one), unless it looks like part of an article; `seeds` are the paragraphs
    /// that can hold a cookie term.
    fn banner(&mut self, run: Range<usize>, seeds: &[usize]) -> Option<Banner> {
        let (i, j) = (run.start, run.end);
        let classes: Vec<Class> = run.clone().map(|p| self.class(p)).collect();
        let mut total = Evidence::default();
        for p in run.clone() {
            total.merge(self.evidence(p));
        }
        let strong = classes.iter().filter(|&&c| c == Class::Strong).count();
        // An article about cookies mentions them outside the candidate too; a notice is a
        // foreign body in its document.
        let topical = seeds
            .iter()
            .filter(|&&k| !run.contains(&k))
            .filter(|&&k| self.evidence(k).has(Category::Cookie))
            .count();
        let (doc, ui, line_hit) = (self.doc, self.ui, &self.line_hit);
        let first = doc.paragraph(i);
        let last = doc.paragraph(j - 1);
        let edge = |l: &boilerlint_plugin::Line<'_>| {
            line_hit[l.index()]
                || is_residue(l.text(), ui)
                || l.text().chars().count() <= MAX_UNEXPLAINED_EDGE_LINE
        };
        let start = first
            .lines()
            .find(|l| edge(l))
            .map_or(first.start(), |l| l.range().start);
        let end = last
            .lines()
            .filter(|l| edge(l))
            .last()
            .map_or(last.range().end, |l| l.range().end);
        let negatives = total.count(Category::Negative);
        let residue = classes.contains(&Class::Residue)
            || [&first, &last]
                .iter()
                .any(|p| p.lines().any(|l| is_residue(l.text(), ui)));
        // A notice speaks to the reader or leaves buttons behind; a paragraph of an article
        // about tracking does neither.
        let addressed = total.has(Category::Address);
        if topical >= 2 && !(residue && total.support() >= 4) || !addressed && !residue {
            return None;
        }
        let confident = negatives == 0
            && topical == 0
            && total.words <= 3 * MAX_NOTICE_WORDS
            && (strong >= 2 || total.support() >= 4);
        let score = (0.5 + 0.1 * total.support() as f64 + 0.05 * strong.min(3) as f64
            - 0.1 * negatives as f64)
            .clamp(0.0, 1.0);
        let (lexicon_language, language_clear) = majority_language(&total);
        Some(Banner {
            range: start..end.max(start),
            paragraphs: j - i,
            score,
            confident,
            lexicon_language,
            language_clear,
        })
    }
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
    let partner = e.has(Category::Partner);
    // A notice: a cookie term with the site speaking to the reader (or its partners named)
    // and more kinds of evidence; article vocabulary must be outweighed. A short notice
    // ("This website uses cookies to give you the best experience") needs less.
    let strong = negatives == 0 && cookie && support >= 3 && (address || partner)
        || negatives == 0 && cookie && address && support >= 2 && e.words <= 60
        || negatives <= 1 && cookie && support >= 4;
    if strong {
        return Class::Strong;
    }
    let any = e.categories & !Category::Negative.bit() != 0;
    if negatives == 0
        && (cookie || support >= 2 && e.has(Category::Consent) || any && e.words <= 12)
    {
        return Class::Weak;
    }
    Class::None
}

/// A line short enough to be a button or link label, not a sentence.
fn looks_like_a_control(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.chars().count() <= 50
        && line.split_whitespace().count() <= 6
        && !line.ends_with('.')
}

/// Byte ranges (absolute) of quotations in a paragraph that also has enough words outside
/// them to be a sentence about the quote; empty otherwise.
pub(crate) fn quoted_spans(text: &str, offset: usize) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    // Every opening mark below is '"' or begins with one of these three bytes: a paragraph
    // without them (most) is not read character by character.
    let bytes = text.as_bytes();
    if memchr::memchr3(b'"', 0xC2, 0xE2, bytes).is_none() && memchr::memchr(0xE3, bytes).is_none() {
        return spans;
    }
    let mut open: Option<(usize, &'static [char])> = None;
    for (i, c) in text.char_indices() {
        match open {
            Some((start, closers)) if closers.contains(&c) => {
                spans.push(offset + start..offset + i);
                open = None;
            }
            Some(_) => {}
            None => {
                let closers: &'static [char] = match c {
                    '"' => &['"'],
                    '“' => &['”', '“'],
                    '„' => &['“', '”'],
                    '”' => &['”'],
                    '«' => &['»'],
                    '»' => &['«'],
                    '「' => &['」'],
                    '『' => &['』'],
                    '‚' => &['‘', '’'],
                    _ => continue,
                };
                open = Some((i, closers));
            }
        }
    }
    if spans.is_empty() {
        return spans;
    }
    let quoted: usize = spans
        .iter()
        .map(|r| words(&text[r.start - offset..r.end - offset]))
        .sum();
    if words(text).saturating_sub(quoted) >= 8 {
        spans
    } else {
        Vec::new()
    }
}

/// A line a closed banner leaves behind: a close glyph or a button label.
pub(crate) fn is_residue(line: &str, ui: &LineSet) -> bool {
    let trimmed = line.trim();
    matches!(
        trimmed,
        "X" | "x" | "×" | "✕" | "✖" | "✗" | "⨯" | "╳" | "OK" | "Ok" | "ok"
    ) || ui.contains_line(trimmed)
}

/// Words in `text`; Chinese and Japanese characters count as half a word each.
pub(crate) fn words(text: &str) -> usize {
    if text.is_ascii() {
        // Words start where a non-space follows a space (or the start).
        let bytes = text.as_bytes();
        let space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
        let first = usize::from(bytes.first().is_some_and(|&b| !space(b)));
        return first
            + bytes
                .windows(2)
                .filter(|pair| space(pair[0]) && !space(pair[1]))
                .count();
    }
    let (mut spaced, mut cjk, mut in_word) = (0, 0, false);
    for c in text.chars() {
        if c.is_whitespace() {
            in_word = false;
        } else {
            if !in_word {
                spaced += 1;
                in_word = true;
            }
            if !c.is_ascii() && is_cjk(c) {
                cjk += 1;
            }
        }
    }
    spaced.max(cjk / 2)
}

/// The language most of a notice's phrases come from, and whether it stands out: it has at
/// least two phrases and twice as many as any other language (phrases shared by related
/// languages vote for each of them).
fn majority_language(e: &Evidence) -> (&'static str, bool) {
    let mut votes = [0usize; 64];
    for tag in e
        .phrases
        .iter()
        .filter(|t| t.category != Category::Negative)
    {
        votes[tag.language as usize % 64] += 1;
    }
    let best = (0..LANGUAGES.len()).max_by_key(|&i| votes[i]).unwrap_or(0);
    let runner_up = (0..LANGUAGES.len())
        .filter(|&i| i != best)
        .map(|i| votes[i])
        .max()
        .unwrap_or(0);
    let clear = votes[best] >= 2 && votes[best] >= 2 * runner_up;
    (LANGUAGES[best].0, clear)
}

#[cfg(test)]
mod tests {
    use super::{quoted_spans, words};

    #[test]
    fn counts_words_and_chinese_characters() {
        assert_eq!(words("  We use\tcookies.\n"), 3);
        assert_eq!(words("Wir verwenden Cookies\u{a0}und Tracking"), 5);
        assert_eq!(words("a\u{3000}b"), 2);
        // Eight Chinese characters count as four words.
        assert_eq!(words("本网站使用小型文件"), 4);
        assert_eq!(words(""), 0);
    }

    #[test]
    fn finds_quotations_inside_sentences_only() {
        let text = "The banner said \"We use cookies to improve your experience\" before the \
                    page loaded, according to the complaint filed last week.";
        let spans = quoted_spans(text, 10);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0], 26..68);
        let text = "Die Seite zeigte „Wir verwenden Cookies“ an, bevor der Artikel geladen wurde, \
                    so die Beschwerde.";
        assert_eq!(quoted_spans(text, 0).len(), 1);
        assert!(quoted_spans("We use cookies. Accept all?", 0).is_empty());
        // Almost all quotation: a notice in quotes, not a sentence about one.
        assert!(quoted_spans("\"We use cookies\"", 0).is_empty());
    }
}
