//! The learned decision: every line is described by its evidence (lexicon categories of the
//! line, its paragraph and its neighbours, interface residue, shape, position, words), a
//! logistic-regression model trained on real consent notices (`model/weights.bin`, written by
//! `cargo run --release -p boilerlint-plugin-cookie-banner --example train`) scores it, and
//! runs of flagged lines become one notice each.

use std::ops::Range;

use boilerlint_lexicon::model::{Features, Model};
use boilerlint_lexicon::{clip, layout, LineSet};
use boilerlint_plugin::Document;

use crate::lexicon::{Category, Lexicon, Tag, LANGUAGES};
use crate::text;

/// Hash bits of the model: 2^18 weights (1 MiB).
pub const BITS: u32 = 18;
/// A line longer than this is never interface residue (the longest button labels of the
/// lexicons' `[ui]` sections are under 60 bytes).
const MAX_RESIDUE_BYTES: usize = 80;
/// A line longer than this is never a row of buttons (three labels of the `[ui]` sections).
const MAX_BUTTON_ROW_BYTES: usize = 160;
/// Paragraphs on each side of a paragraph with a cookie term or a residue line that are
/// scored with it (a notice's title above, its buttons below).
const NEIGHBOURS: usize = 2;
/// Words of a line used as word features: a notice's words are in its first sentences.
const MAX_WORDS: usize = 48;

const CATEGORIES: [(Category, &str); 7] = [
    (Category::Cookie, "cookie"),
    (Category::Consent, "consent"),
    (Category::Purpose, "purpose"),
    (Category::Partner, "partner"),
    (Category::Policy, "policy"),
    (Category::Address, "address"),
    (Category::Negative, "negative"),
];

/// The name of every set of categories (a line's `categories` bits, under 128) as two hex
/// digits, for features: set `n` is `CATEGORY_SETS[2 * n..2 * n + 2]`.
const CATEGORY_SETS: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\
                             202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\
                             404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f\
                             606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f";

/// What the lexicons and shapes say of one line.
#[derive(Clone, Debug, Default)]
pub struct LineFacts {
    /// The line's byte range.
    pub range: Range<usize>,
    /// Whether the line holds nothing but white space.
    pub blank: bool,
    /// Lexicon categories hit in the line, as bits.
    pub categories: u8,
    /// Distinct phrases hit in the line.
    pub phrases: Vec<(Tag, Range<usize>)>,
    /// The whole line is interface residue: a close mark or a button label of the lexicons.
    pub residue: bool,
    /// The line is a row of interface controls, known labels or labels made of their words
    /// (see [`text::is_button_row`]); every residue line but a close mark is one.
    pub buttons: bool,
    /// The line is a mark of one or two characters that a button leaves ("X", "×", "OK"; see
    /// [`text::is_mark`]).
    pub mark: bool,
    /// Words in the line (counted in candidate paragraphs only).
    pub words: usize,
    /// Its paragraph's index.
    pub paragraph: usize,
    /// Its paragraph's index as the features see paragraphs: in a document without a blank
    /// line whose lines read as paragraphs (one paragraph per line, as web corpora store text:
    /// see `boilerlint_lexicon::layout`), each line is one, as it would be between blank lines.
    pub unit: usize,
    /// Quotations inside a sentence in the line (absolute byte ranges): not evidence.
    pub quoted: Vec<Range<usize>>,
    /// The line is in a candidate paragraph (see [`facts`]); others are never scored.
    pub candidate: bool,
}

impl LineFacts {
    /// Whether the line is evidence of a notice on its own: a phrase of the lexicons (other
    /// than an article's vocabulary), interface residue or a row of buttons.
    pub fn has_evidence(&self) -> bool {
        self.shows_a_notice() || self.residue
    }

    /// Whether the line shows a notice whatever stands next to it: a phrase of the lexicons
    /// (other than an article's vocabulary) or a row of buttons. A close mark is residue only
    /// next to such lines.
    pub fn shows_a_notice(&self) -> bool {
        self.categories & !Category::Negative.bit() != 0 || self.buttons
    }
}

/// The facts of every line of `doc`.
pub fn facts(doc: &Document<'_>, lexicon: &Lexicon, ui: &LineSet) -> Vec<LineFacts> {
    let text = doc.text();
    let mut lines: Vec<LineFacts> = doc
        .lines()
        .map(|l| {
            let t = l.text();
            LineFacts {
                range: l.range(),
                blank: t.trim().is_empty(),
                mark: text::is_mark(t),
                residue: t.len() <= MAX_RESIDUE_BYTES && text::is_residue(t, ui),
                buttons: t.len() <= MAX_BUTTON_ROW_BYTES && text::is_button_row(t, ui),
                ..LineFacts::default()
            }
        })
        .collect();
    let one_per_line = doc.paragraph_count() == 1
        && doc
            .paragraphs()
            .next()
            .is_some_and(|p| layout::lines_are_paragraphs(p.lines().map(|l| l.text())));
    for p in doc.paragraphs() {
        for l in p.lines() {
            if let Some(facts) = lines.get_mut(l.index()) {
                facts.paragraph = p.index();
                facts.unit = if one_per_line { l.index() } else { p.index() };
            }
        }
    }
    // The candidate paragraphs: those where a cookie term may begin or that hold a residue
    // line, and their neighbours. Only they are searched for phrases and scored: a notice
    // names cookies or leaves a button or close mark, and its title and buttons stand next to
    // its text.
    let count = doc.paragraph_count();
    let mut candidate = vec![false; count];
    let mut mark = |p: usize| {
        let window = p.saturating_sub(NEIGHBOURS)..(p + NEIGHBOURS + 1).min(count);
        candidate[window].fill(true);
    };
    let paragraph_starts: Vec<usize> = doc.paragraphs().map(|p| p.start()).collect();
    let mut from = 0;
    while let Some(at) = lexicon.gate.next_word_start(text, from) {
        let Some(p) = paragraph_starts
            .partition_point(|&s| s <= at)
            .checked_sub(1)
        else {
            from = paragraph_starts
                .first()
                .copied()
                .unwrap_or(text.len())
                .max(at + 1);
            continue;
        };
        mark(p);
        match paragraph_starts.get(p + 1) {
            Some(&next) => from = next,
            None => break,
        }
    }
    for l in lines.iter().filter(|l| l.residue || l.buttons) {
        mark(l.paragraph);
    }
    for p in doc.paragraphs().filter(|p| candidate[p.index()]) {
        // In a sentence that quotes a notice ("a site that shows „We use cookies…“"), the
        // quoted words are not evidence: a notice does not quote itself. A quotation stays
        // inside its paragraph: in a block whose lines are paragraphs of their own (a page
        // stored one paragraph per line), inside its line. (A quote mark a page left open
        // above a notice, and one below it, made a CNN page's consent notice a quotation.)
        // (In a document of one paragraph, whether its lines are paragraphs is known.)
        let lines_apart = if count == 1 {
            one_per_line
        } else {
            layout::lines_are_paragraphs(p.lines().map(|l| l.text()))
        };
        let quotes = if lines_apart {
            p.lines()
                .flat_map(|l| text::quoted_spans(l.text(), l.range().start))
                .collect()
        } else {
            text::quoted_spans(p.text(), p.start())
        };
        for l in p.lines() {
            let facts = &mut lines[l.index()];
            facts.candidate = true;
            facts.words = text::words(l.text());
            let r = l.range();
            facts.quoted = quotes
                .iter()
                .filter(|q| q.start < r.end && q.end > r.start)
                .map(|q| q.start.max(r.start)..q.end.min(r.end))
                .collect();
        }
        for hit in lexicon.matcher.hits(p.text()) {
            let range = p.start() + hit.range.start..p.start() + hit.range.end;
            if quotes.iter().any(|q| q.contains(&range.start)) {
                continue;
            }
            let Some(l) = p.lines().find(|l| l.range().end >= range.start) else {
                continue;
            };
            let line = &mut lines[l.index()];
            line.categories |= hit.tag.category.bit();
            if !line.phrases.iter().any(|(t, _)| t.phrase == hit.tag.phrase) {
                line.phrases.push((hit.tag, range));
            }
        }
    }
    lines
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=12 => "7-12",
        13..=25 => "13-25",
        26..=50 => "26-50",
        51..=100 => "51-100",
        _ => "100+",
    }
}

fn add_categories(features: &mut Features, kind: &str, bits: u8) {
    for (category, name) in CATEGORIES {
        if bits & category.bit() != 0 {
            features.add(kind, name);
        }
    }
}

/// What the features need of the whole document, computed once per document.
pub struct Context {
    /// Lexicon categories of each paragraph.
    paragraph_bits: Vec<u8>,
    /// The non-blank lines, in order.
    nonblank: Vec<usize>,
    /// Each line's rank among the non-blank lines.
    rank: Vec<usize>,
    /// Lines naming cookies, and lines of article vocabulary.
    cookie_lines: usize,
    negative_lines: usize,
}

impl Context {
    /// The context of a document's lines.
    pub fn new(lines: &[LineFacts]) -> Context {
        let paragraphs = lines.iter().map(|l| l.unit + 1).max().unwrap_or(0);
        let mut paragraph_bits = vec![0u8; paragraphs];
        let mut nonblank = Vec::new();
        let mut rank = vec![0; lines.len()];
        for (i, l) in lines.iter().enumerate() {
            if !l.blank {
                paragraph_bits[l.unit] |= l.categories;
                rank[i] = nonblank.len();
                nonblank.push(i);
            }
        }
        let count = |c: Category| lines.iter().filter(|l| l.categories & c.bit() != 0).count();
        Context {
            paragraph_bits,
            nonblank,
            rank,
            cookie_lines: count(Category::Cookie),
            negative_lines: count(Category::Negative),
        }
    }
}

/// The features of line `i` (not blank) into `features`.
pub fn features(
    doc: &Document<'_>,
    lines: &[LineFacts],
    context: &Context,
    i: usize,
    features: &mut Features,
) {
    features.clear();
    let line = &lines[i];
    let text = &doc.text()[line.range.clone()];
    let trimmed = text.trim();

    // The line's own evidence.
    add_categories(features, "c", line.categories);
    for (a, name_a) in CATEGORIES {
        for (b, name_b) in CATEGORIES {
            if (a as u8) < (b as u8)
                && line.categories & a.bit() != 0
                && line.categories & b.bit() != 0
            {
                features.add_pair("cc", name_a, name_b);
            }
        }
    }
    let kinds = (line.categories & !Category::Negative.bit()).count_ones() as usize;
    features.add("kinds", bucket(kinds));
    features.add("phrases", bucket(line.phrases.len()));
    if line.residue {
        features.add("residue", "line");
    }
    if line.buttons {
        features.add("buttons", "line");
    }

    // Its paragraph's and its neighbours' evidence.
    add_categories(features, "p", context.paragraph_bits[line.unit]);
    let rank = context.rank[i];
    let previous = rank.checked_sub(1).map(|r| context.nonblank[r]);
    let next = context.nonblank.get(rank + 1).copied();
    for (kind, neighbour) in [("prev", previous), ("next", next)] {
        match neighbour {
            None => features.add(kind, "none"),
            Some(j) => {
                let n = &lines[j];
                add_categories(features, kind, n.categories);
                if n.residue {
                    features.add(kind, "residue");
                }
                if n.buttons {
                    features.add(kind, "buttons");
                }
                if n.unit == line.unit {
                    features.add(kind, "same-paragraph");
                }
                // Words are counted in candidate paragraphs only; a neighbour outside them is
                // counted here.
                let words = if n.candidate {
                    n.words
                } else {
                    text::words(&doc.text()[n.range.clone()])
                };
                features.add_pair(kind, "words", bucket(words));
            }
        }
    }

    // The document: notices are few; an article about cookies mentions them throughout.
    features.add("doc-cookie-lines", bucket(context.cookie_lines));
    features.add("doc-negative-lines", bucket(context.negative_lines));

    // Shape and position.
    features.add("words", bucket(line.words));
    features.add("ends", layout::ending(trimmed));
    if trimmed.contains(" | ") || trimmed.contains(" · ") || trimmed.contains("  ") {
        features.add("shape", "separators");
    }
    if line.mark {
        features.add("shape", "mark");
    }
    if trimmed.contains("://") || trimmed.contains("www.") {
        features.add("shape", "url");
    }
    let first_line = previous.is_none();
    let last_line = next.is_none();
    if first_line {
        features.add("pos", "first");
    }
    if last_line {
        features.add("pos", "last");
    }
    let from_end = context.nonblank.len() - rank - 1;
    features.add("pos-start", bucket(rank.min(7)));
    features.add("pos-end", bucket(from_end.min(7)));

    // Evidence by shape and place: a short line naming cookies at a document's edge is a
    // notice far more often than the same words inside a long paragraph.
    let edge = if from_end == 0 || rank == 0 {
        "edge"
    } else {
        "inside"
    };
    for (category, name) in CATEGORIES {
        if line.categories & category.bit() != 0 {
            features.add_pair("c-words", name, bucket(line.words));
            features.add_pair("c-place", name, edge);
        }
    }
    if line.categories & Category::Cookie.bit() != 0 {
        features.add_pair("cookie-with", "kinds", bucket(kinds));
    }
    // The whole set of categories, and for a paragraph of one line its length too: a short
    // paragraph of its own that names cookies and addresses the reader is a one-sentence
    // notice far more often than a sentence of an article with the same words.
    let n = usize::from(line.categories);
    let set = &CATEGORY_SETS[2 * n..2 * n + 2];
    features.add("set", set);
    let alone = previous.is_none_or(|j| lines[j].unit != line.unit)
        && next.is_none_or(|j| lines[j].unit != line.unit);
    if alone {
        features.add_pair("alone", set, bucket(line.words));
    }

    // The words, but those a sentence quotes.
    if line.quoted.is_empty() {
        features.add_words(trimmed, MAX_WORDS);
    } else {
        let mut unquoted = String::with_capacity(text.len());
        let mut at = line.range.start;
        for q in &line.quoted {
            unquoted.push_str(&doc.text()[at..q.start]);
            unquoted.push(' ');
            at = q.end;
        }
        unquoted.push_str(&doc.text()[at..line.range.end]);
        features.add_words(&unquoted, MAX_WORDS);
    }
}

/// A notice found by the model.
#[derive(Debug)]
pub struct Notice {
    /// Its lines (indices into the document's lines), first to last.
    pub lines: Range<usize>,
    /// The highest line probability in it.
    pub score: f32,
    /// The lower probability of its first and last lines, and that line.
    pub weakest: (f32, usize),
    /// Distinct phrases hit in its lines, with their ranges, for the message.
    pub phrases: Vec<(Tag, Range<usize>)>,
    /// Its lines of interface residue: close marks and rows of buttons.
    pub residue: Vec<usize>,
}

/// The thresholds of the decision (see `model/thresholds.rs`, chosen on the dev part).
#[derive(Clone, Copy, Debug)]
pub struct Thresholds {
    /// A line this probable is part of a notice.
    pub line: f32,
    /// A line next to a notice joins it when it is this probable.
    pub join: f32,
    /// The lines between two lines of a notice join it when each is this probable.
    pub sandwich: f32,
    /// A notice whose first and last lines are this probable gets a safe fix.
    pub safe: f32,
    /// The same for a notice that leaves interface controls (a row of buttons, a close mark).
    pub safe_controls: f32,
}

/// Line probabilities of `doc`.
pub fn probabilities(doc: &Document<'_>, lines: &[LineFacts], model: &Model) -> Vec<f32> {
    let mut f = Features::new(model.bits());
    let context = Context::new(lines);
    (0..lines.len())
        .map(|i| {
            if lines[i].blank || !lines[i].candidate {
                return 0.0;
            }
            features(doc, lines, &context, i, &mut f);
            model.probability(&f)
        })
        .collect()
}

/// Runs of probable lines, joined across blank lines and extended to neighbouring lines above
/// the join threshold; a run of close marks alone is none.
///
/// A line with no evidence of its own joins only in the language of the notice line it
/// joins: `identify` gives a text's ISO 639-1 language when the identifier is sure of it, and
/// an article sentence glued under a banner in another language (an English line under a
/// Turkish notice) stays out however probable its place makes it.
pub fn notices(
    text: &str,
    lines: &[LineFacts],
    p: &[f32],
    t: Thresholds,
    identify: impl Fn(&str) -> Option<&'static str>,
) -> Vec<Notice> {
    let nonblank: Vec<usize> = (0..lines.len()).filter(|&j| !lines[j].blank).collect();
    let mut member = vec![false; lines.len()];
    // A notice starts at a line with evidence of its own: a phrase of the lexicons (other than
    // an article's vocabulary) or interface residue. A line with neither, however probable its
    // place makes it (an article's last line under a banner), can only join one.
    for &j in &nonblank {
        member[j] = p[j] >= t.line && lines[j].has_evidence();
    }
    // Grow each run to the lines next to it that are probable enough to join, and take in
    // the lines between two of its lines at a lower probability: a notice's description
    // rarely holds an article sentence between its own paragraphs, and a run of lines between
    // two parts of one notice (the category panels between its text and its buttons) is
    // part of it when each of them is that probable.
    // The identifier's answer per line, asked once (see `other_language`).
    let mut identified: Vec<Option<Option<&'static str>>> = vec![None; lines.len()];
    let mut joins_in = |j: usize, neighbour: usize| {
        let mut identify_once = |line: &str| *identified[j].get_or_insert_with(|| identify(line));
        !other_language(text, lines, j, neighbour, &mut identify_once)
    };
    let mut changed = true;
    while changed {
        changed = false;
        for (k, &j) in nonblank.iter().enumerate() {
            // (A separator next to a notice, `-` or `|` alone, is the page's layout around it;
            // between two of its lines it may be the notice's own, and the sandwich below
            // takes it in.)
            if member[j] || p[j] < t.join || text::is_separator(&text[lines[j].range.clone()]) {
                continue;
            }
            let neighbour = if k > 0 && member[nonblank[k - 1]] {
                nonblank[k - 1]
            } else if k + 1 < nonblank.len() && member[nonblank[k + 1]] {
                nonblank[k + 1]
            } else {
                continue;
            };
            if joins_in(j, neighbour) {
                member[j] = true;
                changed = true;
            }
        }
        // The runs of lines between two lines of a notice.
        let mut k = 0;
        while k < nonblank.len() {
            if member[nonblank[k]] {
                k += 1;
                continue;
            }
            let start = k;
            while k < nonblank.len() && !member[nonblank[k]] {
                k += 1;
            }
            if start == 0 || k == nonblank.len() {
                continue;
            }
            let above = nonblank[start - 1];
            let run = &nonblank[start..k];
            if run.iter().all(|&j| p[j] >= t.sandwich) && run.iter().all(|&j| joins_in(j, above)) {
                for &j in run {
                    member[j] = true;
                }
                changed = true;
            }
        }
    }
    // A notice does not start or end inside a sentence of the text around it: lines at a
    // run's edges that continue a sentence from a line outside it, or go on into one, are
    // the article's wrapped text (a probable phrase in its last line), and leave the run.
    // (Blank lines are never members: the loops stop at a paragraph's edge.)
    let line_text = |j: usize| &text[lines[j].range.clone()];
    for &j in &nonblank {
        let mut at = j;
        while member[at]
            && at > 0
            && !member[at - 1]
            && !lines[at - 1].blank
            && text::continues(line_text(at - 1), line_text(at))
        {
            member[at] = false;
            at += 1;
            if at == lines.len() {
                break;
            }
        }
    }
    for &j in nonblank.iter().rev() {
        let mut at = j;
        while member[at]
            && at + 1 < lines.len()
            && !member[at + 1]
            && !lines[at + 1].blank
            && text::continues(line_text(at), line_text(at + 1))
        {
            member[at] = false;
            if at == 0 {
                break;
            }
            at -= 1;
        }
    }
    let mut out: Vec<Notice> = Vec::new();
    let mut k = 0;
    while k < nonblank.len() {
        if !member[nonblank[k]] {
            k += 1;
            continue;
        }
        let first = nonblank[k];
        let mut last = first;
        let mut notice = Notice {
            lines: first..first + 1,
            score: 0.0,
            weakest: (1.0, first),
            phrases: Vec::new(),
            residue: Vec::new(),
        };
        // Its lines' probabilities, blank lines left out, for the fix's safety.
        let mut run: Vec<f32> = Vec::new();
        while k < nonblank.len() && member[nonblank[k]] {
            let j = nonblank[k];
            last = j;
            run.push(p[j]);
            notice.score = notice.score.max(p[j]);
            notice.phrases.extend(lines[j].phrases.iter().cloned());
            if lines[j].residue || lines[j].buttons {
                notice.residue.push(j);
            }
            k += 1;
        }
        notice.lines = first..last + 1;
        // A close mark is residue only next to a notice: alone ("x"), or among lines that show
        // none (an "X" in a table's column, with the numbers and names of its row), it is no
        // notice.
        if notice
            .lines
            .clone()
            .all(|i| lines[i].blank || lines[i].mark || !lines[i].shows_a_notice())
        {
            continue;
        }
        // A notice's edges are where article text can be glued to it: the weaker of its two
        // ends decides the fix's safety (see [`run_score`]).
        let (head, tail) = ends(&run);
        notice.weakest = if tail < head {
            (tail, last)
        } else {
            (head, first)
        };
        out.push(notice);
    }
    out
}

/// The scores of a run of notice lines' two ends (blank lines left out): each end's line, or
/// its inner neighbour when that is more probable. A notice's title or last button is often
/// less probable than the description beside it; an article line glued to a notice's edge
/// has none such beside it on the outside, and its inner neighbour is the notice's own edge.
pub fn ends(run: &[f32]) -> (f32, f32) {
    match run {
        [] => (0.0, 0.0),
        [only] => (*only, *only),
        _ => {
            let n = run.len();
            (run[0].max(run[1]), run[n - 1].max(run[n - 2]))
        }
    }
}

/// The score of a run of notice lines that decides whether deleting it is safe: its weaker
/// end (see `ends`). In cross-validation on the dev part, at the 98% precision a safe fix
/// needs, it holds 709 of the 785 true lines flagged against 643 for the weaker edge line alone.
pub fn run_score(run: &[f32]) -> f32 {
    let (head, tail) = ends(run);
    head.min(tail)
}

/// A line this long is asked its language before it joins a notice on its probability alone
/// (see [`notices`]): shorter lines say too little.
const MIN_JOIN_LANGUAGE_CHARS: usize = 40;

/// Whether line `j`, with no evidence of its own, is reliably in another language than the
/// phrases of notice line `member`.
fn other_language(
    text: &str,
    lines: &[LineFacts],
    j: usize,
    member: usize,
    identify: &mut impl FnMut(&str) -> Option<&'static str>,
) -> bool {
    let l = &lines[j];
    if l.has_evidence() || l.mark {
        return false;
    }
    let line = text[l.range.clone()].trim();
    if line.chars().count() < MIN_JOIN_LANGUAGE_CHARS {
        return false;
    }
    let votes = language_votes(&lines[member].phrases);
    let Some(best) = (0..LANGUAGES.len())
        .filter(|&i| votes[i] > 0)
        .max_by_key(|&i| votes[i])
    else {
        return false;
    };
    identify(line).is_some_and(|found| found != LANGUAGES[best].0)
}

/// Phrases (but an article's vocabulary) per language of [`LANGUAGES`].
fn language_votes(phrases: &[(Tag, Range<usize>)]) -> [usize; 64] {
    let mut votes = [0usize; 64];
    for (tag, _) in phrases {
        if tag.category != Category::Negative {
            votes[tag.language as usize % 64] += 1;
        }
    }
    votes
}

/// The language most of a notice's phrases come from (`None` when no phrase names one: a row
/// of buttons alone), and whether it stands out. A phrase several lexicons share ("Privacy
/// Policy", "Cookie Policy") is most often English borrowed by the others, so a tie that
/// English is in goes to English; another tie, to the first of the tied in the lexicons'
/// order.
pub fn language(notice: &Notice) -> (Option<&'static str>, bool) {
    let votes = language_votes(&notice.phrases);
    let top = votes.iter().copied().max().unwrap_or(0);
    if top == 0 {
        return (None, false);
    }
    let tied = || (0..LANGUAGES.len()).filter(|&i| votes[i] == top);
    let best = tied()
        .find(|&i| LANGUAGES[i].0 == "en")
        .or_else(|| tied().next())
        .unwrap_or(0);
    let runner_up = (0..LANGUAGES.len())
        .filter(|&i| i != best)
        .map(|i| votes[i])
        .max()
        .unwrap_or(0);
    (Some(LANGUAGES[best].0), top >= 2 && top >= 2 * runner_up)
}

/// Characters of a phrase or button a message quotes at most.
const CLIP_CHARS: usize = 40;

/// Kinds of phrases a message names at most (then a button, if any).
const MAX_EVIDENCE: usize = 3;

/// The evidence a message names: the first phrase of each kind, and a residue line.
pub fn evidence(text: &str, lines: &[LineFacts], notice: &Notice) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (category, name) in [
        (Category::Cookie, "cookie term"),
        (Category::Consent, "consent"),
        (Category::Purpose, "purpose"),
        (Category::Partner, "partners"),
        (Category::Policy, "policy"),
        (Category::Address, "addresses the reader"),
    ] {
        if parts.len() == MAX_EVIDENCE {
            break;
        }
        if let Some((_, range)) = notice.phrases.iter().find(|(t, _)| t.category == category) {
            parts.push(format!(
                "{name} '{}'",
                clip(&text[range.clone()], CLIP_CHARS)
            ));
        }
    }
    if let Some(&j) = notice.residue.first() {
        parts.push(format!(
            "button '{}'",
            clip(text[lines[j].range.clone()].trim(), CLIP_CHARS)
        ));
    }
    parts.join(", ")
}

/// The words (or character pairs) that weighed most for the notice's most probable line.
pub fn weighty_words(
    doc: &Document<'_>,
    lines: &[LineFacts],
    notice: &Notice,
    p: &[f32],
    model: &Model,
) -> String {
    let best = notice
        .lines
        .clone()
        .max_by(|&a, &b| p[a].total_cmp(&p[b]))
        .unwrap_or(notice.lines.start);
    let mut f = Features::recording(model.bits());
    features(doc, lines, &Context::new(lines), best, &mut f);
    let words: Vec<String> = model
        .top_features(&f, 64)
        .into_iter()
        .filter(|(name, weight)| {
            *weight > 0.0 && (name.starts_with("w:") || name.starts_with("c:"))
        })
        .take(3)
        .map(|(name, _)| format!("'{}'", &name[2..]))
        .collect();
    if words.is_empty() {
        "the shape and place of a notice".into()
    } else {
        format!("words of notices {}", words.join(", "))
    }
}

/// The longest run of consecutive sentences of a line (see [`layout::sentence_ends`]) that
/// hold no phrase of the lexicons but an article's vocabulary, in characters.
pub fn longest_bare_run(text: &str, line: &LineFacts) -> usize {
    let start_of_line = line.range.start;
    let t = &text[line.range.clone()];
    let (mut from, mut run, mut longest) = (0, 0, 0);
    for end in layout::sentence_ends(t).chain(std::iter::once(t.len())) {
        if end <= from {
            continue;
        }
        let (a, b) = (start_of_line + from, start_of_line + end);
        let evidence = line
            .phrases
            .iter()
            .any(|(tag, r)| tag.category != Category::Negative && r.start < b && r.end > a);
        if evidence {
            run = 0;
        } else {
            run += t[from..end].chars().count();
            longest = longest.max(run);
        }
        from = end;
    }
    longest
}
