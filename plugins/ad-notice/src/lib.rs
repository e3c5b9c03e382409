//! boilerlint plugin `ad-notice`: ad markers and sponsored-content notices.
//!
//! A line is a notice when it *is* one: a label standing alone ("Advertisement", "Anzeige",
//! "PUBLICIDAD", "广告"), a short line holding a notice phrase ("Story continues below
//! advertisement"), or a short line opening with a sponsor phrase ("Sponsored by Acme").
//! Lexicons: `lexicon/<lang>.txt`. Short lines no lexicon knows are scored by a trained model
//! (`model/`). A sentence that discusses advertising is never flagged: it is neither a bare
//! label nor short enough.

#![deny(unsafe_code)]

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use boilerlint_lexicon::model::{Features, Model};
use boilerlint_lexicon::{
    clip, composed, count_words_up_to, fold_words, is_cjk, is_unspaced, layout, parse,
    trim_decoration, Casing, CjkWords, Gate, MatcherBuilder,
};
use boilerlint_plugin::{declare_rule, export_plugin, Document, Line, Plugin, Reporter, Rule};
use serde::Deserialize;

/// Every language with a lexicon: ISO 639-1 code and file text.
pub const LANGUAGES: &[(&str, &str)] = boilerlint_lexicon::include_lexicons!("lexicon":
    "ar", "az", "be", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu", "fa",
    "fi", "fr", "gl", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kk", "km", "ko",
    "lt", "lv", "mk", "ms", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "sw",
    "ta", "th", "tr", "uk", "ur", "vi", "zh",
);

/// Hash bits of the line model: 2^16 weights.
pub const BITS: u32 = 16;

/// The decision's thresholds, chosen on the dev part of the real-text corpus by the `train`
/// example (`LINE`: a line the lexicons do not know this probable is an ad notice, `WORD`: when
/// its strongest word weighs this much in the model; `SAFE`: a line found by the model alone
/// this probable gets a safe fix).
mod thresholds {
    include!("../model/thresholds.rs");
}

/// The trained weights (see `model/REPORT.md`).
static WEIGHTS: &[u8] = include_bytes!("../model/weights.bin");

/// Lines the lexicons do not know are scored by the model only up to this many words: 99% of
/// the ad lines of the dev part have at most four (a label, "Sponsored by X").
const MAX_MODEL_WORDS: usize = 6;

/// ... and at most this many characters (a line of Chinese is one "word").
const MAX_MODEL_CHARS: usize = 40;
/// Words of a label opening or closing a short line, at most (see
/// [`AdNotice::edge_label`]): the lexicons' labels are one to three words long.
const MAX_EDGE_LABEL_WORDS: usize = 3;
/// A learned ad word that makes the evidence of a line has at least this many characters.
const MIN_LEARNED_WORD_CHARS: usize = 4;

/// Languages that write every noun with a capital: a form of a label (a noun) in them is one
/// only when written so.
const NOUNS_CAPITALIZED: [&str; 2] = ["de", "lb"];

/// The share of a one-word label's characters another form of it keeps as its prefix.
const FORM_PREFIX: f32 = 0.75;

/// Characters of a line a message quotes at most.
const CLIP_CHARS: usize = 40;

/// A notice line holds at most this many words.
const MAX_NOTICE_WORDS: usize = 15;
/// A sponsor line holds at most this many words.
const MAX_SPONSOR_WORDS: usize = 12;
/// A sponsor line this short is surely one: its deletion is a safe fix.
const SAFE_SPONSOR_WORDS: usize = 8;
/// A line opening with an ad label ("Mainos – artikkeli jatkuu alla") holds at most this many
/// words.
const MAX_LABELED_WORDS: usize = 20;
/// Longer lines are never looked at.
const MAX_LINE_BYTES: usize = 400;

declare_rule! {
    /// Finds ad markers and sponsored-content notices that a scraper left in the text.
    ///
    /// ## What it does
    /// Flags a line that is an ad label on its own ("Advertisement", "ADVERTISEMENT",
    /// "- Anzeige -", "Publicité", "Реклама", "广告"), a line that opens with one ("Mainos –
    /// artikkeli jatkuu alla", "【PR】…"), a short line holding an ad notice ("Story continues
    /// below advertisement", "Scroll to continue with content", "Weiter nach der Anzeige"), or
    /// a short line opening with a sponsor phrase ("Sponsored by Acme", "Patrocinado por").
    /// Lines are compared by their words, ignoring dashes, punctuation, case and accents (a
    /// label's longest word is first looked for as text writes it: lowercase, Capitalized or
    /// UPPERCASE, with all of its accents or none, composed or not). Only whole lines are
    /// flagged, never a sentence that discusses advertising.
    ///
    /// A short line (up to six words) that no lexicon knows is scored by a logistic-regression
    /// model trained on real ad and sponsor labels of browsers, players and apps in many
    /// languages (`model/`, from `cargo run --release -p boilerlint-plugin-ad-notice --example
    /// train`): its words, its length, case and ending, whether it stands alone, whether a
    /// label of the lexicons opens or closes it. It is reported when it is probable enough and
    /// holds a word the model weighs as an ad word, another form of a label, or a label opening
    /// or closing it as a heading's, which the message names (`ad label "Gesponsert" (learned
    /// ad word 'gesponsert')`, `ad label "Các lối tắt được tài trợ" (the label 'được tài trợ'
    /// closing it)`).
    ///
    /// Lexicon languages: ar bg ca cs da de el en es et fi fr he hr hu id it ja ko lt lv nb nl pl pt ro ru
    /// sk sl sr sv tr uk vi zh.
    ///
    /// ## Why is this bad?
    /// Ad slots leave their labels in extracted text, between the sentences of an article.
    /// They carry no content and repeat across a corpus.
    ///
    /// ## Example
    /// ```text
    /// The minister said the plan would be ready by June.
    ///
    /// Advertisement
    ///
    /// Critics called it too late.
    /// ```
    /// is reported as `ad marker "Advertisement" (en)` on the middle line.
    ///
    /// ## Fix safety
    /// Deleting a label or notice line is safe. Deleting a sponsor line is safe when it is short
    /// (at most 8 words), unsafe otherwise. A line found by the model alone is safe above the
    /// trained `SAFE` probability.
    ///
    /// ## Options
    /// ```toml
    /// [rules.ad-notice]
    /// disable-languages = ["nb"]   # lexicons not to use (ISO 639-1 codes)
    /// threshold = 0.65             # probability a line the lexicons do not know needs
    ///                              # (default: the trained one)
    /// ```
    ///
    /// ## Known problems
    /// Datelines, bylines and one-word headings that share a word with ad labels can be
    /// flagged by the model; labels in languages and wordings the dev part does not hold are
    /// found only when the lexicons know them.
    pub AdNoticeRule {
        id: "ad-notice",
        severity: Warning,
        fix: Always,
    }
}

/// The plugin's options, from `[rules.ad-notice]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Languages whose lexicons are not used.
    #[serde(default)]
    pub disable_languages: Vec<String>,
    /// The probability a line needs to be reported (default: the trained threshold). Lower
    /// finds more, higher is more precise.
    #[serde(default)]
    pub threshold: Option<f32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Notice,
    Sponsor,
}

#[derive(Clone, Copy, Debug)]
struct Tag {
    kind: Kind,
    language: &'static str,
    /// The lexicon's entry, as written: the evidence a message names.
    phrase: &'static str,
}

/// Records a label's language; a label of several languages ("реклама": bg, ru, uk) has no
/// single one (empty), unless one is English: loanwords are English.
fn add_label(labels: &mut HashMap<String, &'static str>, label: String, code: &'static str) {
    labels
        .entry(label)
        .and_modify(|known| {
            if *known != code && *known != "en" {
                *known = if code == "en" { "en" } else { "" };
            }
        })
        .or_insert(code);
}

/// `" (xx)"` for a known language, nothing otherwise.
fn in_language(language: &str) -> String {
    if language.is_empty() {
        String::new()
    } else {
        format!(" ({language})")
    }
}

/// The `ad-notice` plugin.
pub struct AdNotice {
    /// Folded labels and their language.
    labels: HashMap<String, &'static str>,
    /// Labels written with a colon in the lexicons (`anzeige:`): only these open a line
    /// before a colon, since `Advertising: spending rose…` is a headline.
    colon_labels: HashMap<String, &'static str>,
    /// Notice and sponsor phrases, folded and padded with spaces at word edges, matched
    /// against a line's folded words padded the same way.
    phrases: AhoCorasick,
    tags: Vec<Tag>,
    /// The longest word of every label and phrase: a line in which none begins a word is not
    /// compared with the lexicons.
    key_words: Gate,
    model: Model,
    threshold: f32,
    /// The first five characters of the one-word labels: a word that does not begin with one
    /// is no form of a label.
    label_prefixes: std::collections::HashSet<String>,
    /// The words of the ad lines the model was trained on (see [`learned_words`]): only these
    /// can be learned ad words. The model's weights are hashed, and a word it never saw can
    /// share its slot with an ad word ("md5sum" with one of them).
    ad_words: std::collections::HashSet<String>,
}

/// The words of the dev part's ad lines (`model/ad-words.txt`, written by the `train` example
/// with the weights).
static AD_WORDS: &str = include_str!("../model/ad-words.txt");

/// The words of `line` that can be learned ad words: folded, of at least four characters,
/// and not Chinese or Japanese (a run of such characters is one "word"). The `train` example
/// lists those of the dev part's ad lines.
pub fn learned_words(line: &str) -> Vec<String> {
    fold_words(line)
        .split(' ')
        .filter(|w| w.chars().count() >= MIN_LEARNED_WORD_CHARS && !w.chars().any(is_cjk))
        .map(str::to_string)
        .collect()
}

impl AdNotice {
    /// Builds the plugin with `options`.
    pub fn with_options(options: &Options) -> Result<AdNotice, String> {
        let ad_words: Vec<&str> = AD_WORDS
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        AdNotice::with_ad_words(options, &ad_words)
    }

    /// Builds the plugin with `options` and these words of ad lines as the only words the
    /// model can have learned as ad words: for the `train` example, whose folds know only the
    /// words of the documents they train on.
    pub fn with_ad_words(options: &Options, ad_words: &[&str]) -> Result<AdNotice, String> {
        boilerlint_lexicon::check_languages(&options.disable_languages, LANGUAGES)?;
        let mut labels = HashMap::new();
        let mut colon_labels = HashMap::new();
        let mut patterns = Vec::new();
        let mut tags = Vec::new();
        let mut key_words = MatcherBuilder::new();
        for (code, text) in LANGUAGES {
            if options.disable_languages.iter().any(|d| d == code) {
                continue;
            }
            let casing = Casing::of_language(code);
            for entry in parse(text).map_err(|e| format!("lexicon/{code}.txt: {e}"))? {
                // Every word of an entry is in a line that holds it; the longest is the rarest.
                if let Some(word) = entry
                    .phrase
                    .split(|c: char| !c.is_alphanumeric())
                    .max_by_key(|w| w.chars().count())
                    .filter(|w| !w.is_empty())
                {
                    key_words.add(word, true, casing, ());
                }
                let kind = match entry.section {
                    "standalone" => {
                        add_label(&mut labels, fold_words(entry.phrase), code);
                        continue;
                    }
                    "notice" => Kind::Notice,
                    // `anzeige:` is a label followed by its separator: matched as a label
                    // opening a line, never as bare words.
                    "prefix" if entry.phrase.ends_with([':', '：']) => {
                        add_label(&mut colon_labels, fold_words(entry.phrase), code);
                        continue;
                    }
                    "prefix" => Kind::Sponsor,
                    other => {
                        return Err(format!(
                            "lexicon/{code}.txt: line {}: unknown section [{other}]",
                            entry.line
                        ))
                    }
                };
                let words = fold_words(entry.phrase);
                if words.is_empty() {
                    continue;
                }
                let open_start = words.starts_with(is_unspaced);
                let open_end = entry.stem || words.ends_with(is_unspaced);
                patterns.push(format!(
                    "{}{words}{}",
                    if open_start { "" } else { " " },
                    if open_end { "" } else { " " }
                ));
                tags.push(Tag {
                    kind,
                    language: code,
                    phrase: entry.phrase,
                });
            }
        }
        let phrases = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| format!("ad-notice phrases: {e}"))?;
        let threshold = options.threshold.unwrap_or(thresholds::LINE);
        if !(0.0..=1.0).contains(&threshold) {
            return Err("`threshold` must be between 0 and 1".into());
        }
        let label_prefixes = labels
            .keys()
            .filter(|l| !l.contains(' ') && l.chars().count() >= 5)
            .map(|l| l.chars().take(5).collect())
            .collect();
        Ok(AdNotice {
            label_prefixes,
            labels,
            colon_labels,
            phrases,
            tags,
            key_words: key_words.build_gate(),
            model: Model::from_bytes(WEIGHTS).map_err(|e| format!("model/weights.bin: {e}"))?,
            threshold,
            ad_words: ad_words.iter().map(|w| w.to_string()).collect(),
        })
    }

    /// The features of every line of `text` (`None` for lines never judged: blank or long):
    /// for the `train` example.
    #[doc(hidden)]
    pub fn line_features(&self, text: &str) -> Vec<Option<Features>> {
        let segments = boilerlint_plugin::segment(text);
        let doc = Document::new(text, "", &segments);
        let lines: Vec<Line<'_>> = doc.lines().collect();
        (0..lines.len())
            .map(|i| {
                let (candidate, words) = self.candidate(lines[i].text())?;
                let found = self.lexicon_match(candidate.as_ref(), words);
                if found.is_none()
                    && (words > MAX_MODEL_WORDS
                        || candidate.trim().chars().count() > MAX_MODEL_CHARS)
                {
                    return None;
                }
                let known = match &found {
                    Some(found) => Some(Known::Match(found)),
                    None => self
                        .edge_label(candidate.as_ref())
                        .map(|_| Known::EdgeLabel),
                };
                let mut f = Features::new(BITS);
                self.features(&lines, i, candidate.as_ref(), words, known, &mut f);
                Some(f)
            })
            .collect()
    }

    /// A label of the lexicons opening or closing a short line that is not the label alone, as
    /// a heading names what it heads ("Sponsored shortcuts", "Các lối tắt được tài trợ"): the
    /// first or last words, up to [`MAX_EDGE_LABEL_WORDS`] of them, that the lexicons know as
    /// a label, longest first.
    fn edge_label(&self, text: &str) -> Option<String> {
        let words: Vec<&str> = trim_decoration(text).split_whitespace().collect();
        for n in (1..=MAX_EDGE_LABEL_WORDS.min(words.len().saturating_sub(1))).rev() {
            for (run, place) in [
                (&words[..n], "opening"),
                (&words[words.len() - n..], "closing"),
            ] {
                let candidate = run.join(" ");
                if self.label(&fold_words(&candidate)).is_some() {
                    return Some(format!("the label '{candidate}' {place} it"));
                }
            }
        }
        None
    }

    /// A word of `text` that is another form of a one-word label of the lexicons: it shares
    /// with the label a prefix of at least [`FORM_PREFIX`] of the label's characters, and at
    /// least five (`reklamy` for `reklama`, `advertenties` for `advertentie`), and, in a
    /// language that capitalizes its nouns, it is written with a capital.
    fn label_form(&self, text: &str) -> Option<String> {
        for piece in text.split_whitespace() {
            // Written with a capital, as a noun is in a language that capitalizes its nouns.
            let capitalized = piece
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase);
            if let Some(form) = self.label_form_of(piece, capitalized) {
                return Some(form);
            }
        }
        None
    }

    /// [`AdNotice::label_form`] for the words of one piece of a line between white space.
    fn label_form_of(&self, piece: &str, capitalized: bool) -> Option<String> {
        let folded = fold_words(piece);
        for word in folded.split(' ').filter(|w| w.chars().count() >= 5) {
            let prefix: String = word.chars().take(5).collect();
            if !self.label_prefixes.contains(&prefix) {
                continue;
            }
            // The labels sit in a hash map, whose order changes from one process to the next:
            // of the labels the word is a form of, the message names the smallest, so that it
            // is the same on every run.
            let form_of = self
                .labels
                .iter()
                // In German a lower-case form is a verb: "anzeigen" is "show", "Anzeigen" ads.
                .filter(|(l, language)| {
                    !l.contains(' ') && (capitalized || !NOUNS_CAPITALIZED.contains(language))
                })
                .map(|(l, _)| l)
                .filter(|label| {
                    let n = label.chars().count();
                    let common = word
                        .chars()
                        .zip(label.chars())
                        .take_while(|(a, b)| a == b)
                        .count();
                    let needed = ((n as f32 * FORM_PREFIX).ceil() as usize).max(5);
                    n >= 5 && common >= needed
                })
                .min();
            if let Some(label) = form_of {
                return Some(format!("a form of the label '{label}'"));
            }
        }
        None
    }

    /// The language of `words` if they are an ad label.
    fn label(&self, words: &str) -> Option<&'static str> {
        self.labels.get(words).copied()
    }

    /// A line that opens with a label and a separator (`Mainos – …`, `Anzeige: …`, `【PR】…`,
    /// `Ad · example.com`) or with an upper-case label (`AD …`).
    fn leading_label(&self, line: &str) -> Option<&'static str> {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(['【', '[', '(', '（']) {
            let end = rest.find(['】', ']', ')', '）'])?;
            return self.label(&fold_words(&rest[..end]));
        }
        if let Some(at) = trimmed.find([':', '：']) {
            let head = fold_words(&trimmed[..at]);
            if let Some(language) = self.colon_labels.get(&head) {
                return Some(language);
            }
        }
        // (` · ` and ` • `: a search or social network's `Ad · example.com`, `Sponsored ·
        // Paid for by …`.)
        for separator in [" – ", " — ", " - ", " | ", " · ", " • "] {
            if let Some((head, _)) = trimmed.split_once(separator) {
                if let Some(language) = self.label(&fold_words(head)) {
                    return Some(language);
                }
            }
        }
        let first = trimmed.split_whitespace().next()?;
        let upper = first.chars().count() >= 2 && first.chars().all(char::is_uppercase);
        if upper {
            return self.label(&fold_words(first));
        }
        None
    }
}

impl Plugin for AdNotice {
    const NAME: &'static str = "ad-notice";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const RULES: &'static [Rule] = &[AdNoticeRule::RULE];

    fn new(config_toml: &str) -> Result<Self, String> {
        // The whole error: its line (in the options handed over) lets the host name the key.
        let options: Options = toml::from_str(config_toml).map_err(|e| e.to_string())?;
        AdNotice::with_options(&options)
    }

    fn check(&self, doc: &Document<'_>, report: &mut Reporter<'_>) {
        let decision = Decision {
            model: &self.model,
            line: self.threshold,
            word: thresholds::WORD,
        };
        for flag in self.flag(doc, decision) {
            let line = doc.line(flag.line);
            let text = composed(line.text());
            let (message, language, safe, score) = match flag.found {
                Some(found) => (found.message, found.language, found.safe, 1.0),
                None => (
                    format!(
                        "ad label \"{}\" ({})",
                        clip(trim_decoration(text.as_ref()), CLIP_CHARS),
                        flag.learned_word
                    ),
                    "",
                    flag.p >= thresholds::SAFE,
                    f64::from(flag.p),
                ),
            };
            let mut finding = report.lines(&AdNoticeRule::RULE, &line, &line, &message);
            if !language.is_empty() {
                finding = finding.language(language);
            }
            if safe {
                finding.score(score).delete_safe().emit();
            } else {
                finding.score(score.min(0.6)).delete_unsafe().emit();
            }
        }
    }
}

/// The model and thresholds of a decision (the shipped ones, or a training fold's).
#[derive(Clone, Copy)]
pub struct Decision<'m> {
    /// The line model.
    pub model: &'m Model,
    /// The probability a line the lexicons do not know needs.
    pub line: f32,
    /// The weight its strongest word needs in the model.
    pub word: f32,
}

/// A line flagged.
struct Flag {
    line: usize,
    found: Option<Found>,
    p: f32,
    learned_word: String,
}

impl AdNotice {
    /// The lines of `doc` that are ad notices: the lexicons decide when they match (a label
    /// alone, a notice or sponsor phrase); the model decides the rest.
    fn flag(&self, doc: &Document<'_>, decision: Decision<'_>) -> Vec<Flag> {
        let lines: Vec<Line<'_>> = doc.lines().collect();
        let mut features = Features::new(BITS);
        let mut flags = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            // A notice is a short line: longer ones are never read to their end.
            let Some((text, words)) = self.candidate(line.text()) else {
                continue;
            };
            let text = text.as_ref();
            if let Some(found) = self.lexicon_match(text, words) {
                flags.push(Flag {
                    line: i,
                    found: Some(found),
                    p: 1.0,
                    learned_word: String::new(),
                });
                continue;
            }
            // Labels are short: the model looks only at short lines the lexicons do not know.
            if words > MAX_MODEL_WORDS || text.trim().chars().count() > MAX_MODEL_CHARS {
                continue;
            }
            let edge_label = self.edge_label(text);
            let known = edge_label.as_ref().map(|_| Known::EdgeLabel);
            self.features(&lines, i, text, words, known, &mut features);
            let p = decision.model.probability(&features);
            if p < decision.line {
                continue;
            }
            // Such a line is reported only for a word the model learned as an ad word: the
            // shape of a line alone (short, standing alone) is also the shape of titles,
            // bylines and datelines.
            // The heaviest whole word of at least four letters (short words and character
            // pairs are shared with too much else: "por", "by") that the ad lines of its
            // training held.
            let learned = learned_words(text)
                .into_iter()
                .filter(|w| self.ad_words.contains(w))
                .map(|w| (decision.model.weight(features.slot("w", &w)), w))
                .filter(|(weight, _)| *weight >= decision.word)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, w)| format!("learned ad word '{w}'"));
            // Or a word that is a form of a label the lexicons know ("Reklamy", "Advertenties"),
            // or a label among the line's words ("Sponsored shortcuts", "Các lối tắt được tài
            // trợ").
            let Some(word) = learned.or_else(|| self.label_form(text)).or(edge_label) else {
                continue;
            };
            flags.push(Flag {
                line: i,
                found: None,
                p,
                learned_word: word,
            });
        }
        flags
    }

    /// The lines flagged with another model and thresholds: for the `train` example.
    #[doc(hidden)]
    pub fn decide(&self, text: &str, decision: Decision<'_>) -> Vec<bool> {
        let segments = boilerlint_plugin::segment(text);
        let doc = Document::new(text, "", &segments);
        let mut flagged = vec![false; doc.lines().len()];
        for flag in self.flag(&doc, decision) {
            flagged[flag.line] = true;
        }
        flagged
    }
}

/// What the lexicons know of a line, for the model's features: a match (see
/// [`AdNotice::lexicon_match`]), or a label opening or closing it (see
/// [`AdNotice::edge_label`]).
#[derive(Clone, Copy)]
enum Known<'f> {
    Match(&'f Found),
    EdgeLabel,
}

/// What the lexicons say of a line.
struct Found {
    message: String,
    language: &'static str,
    safe: bool,
    /// `label`, `notice`, `sponsor` or `leading-label`: a feature of the model.
    kind: &'static str,
}

impl AdNotice {
    /// The line's text, without the mark of a list item (see [`layout::without_list_mark`]) and
    /// with decomposed accents composed, and its words (as [`str::split_whitespace`] counts
    /// them), if it is short enough to be a notice and not blank. The words are counted once,
    /// here, for every later test of the line's length.
    fn candidate<'t>(&self, text: &'t str) -> Option<(std::borrow::Cow<'t, str>, usize)> {
        if text.len() > MAX_LINE_BYTES || text.trim().is_empty() {
            return None;
        }
        let text = composed(layout::without_list_mark(text));
        let words = count_words_up_to(text.as_ref(), MAX_LABELED_WORDS, CjkWords::Spaced);
        (words <= MAX_LABELED_WORDS).then_some((text, words))
    }

    /// The hand-built lexicon match of a line of `words` words: a label alone, a notice
    /// phrase, a sponsor phrase opening it, or a label opening it.
    fn lexicon_match(&self, text: &str, words: usize) -> Option<Found> {
        // Only lines in which a label's or phrase's key word may begin are folded and compared.
        self.key_words.next_word_start(text, 0)?;
        let words = words.max(1);
        let folded = fold_words(text);
        if let Some(language) = self.label(&folded) {
            let label = trim_decoration(text);
            return Some(Found {
                message: format!("ad marker \"{label}\"{}", in_language(language)),
                language,
                safe: true,
                kind: "label",
            });
        }
        let padded = format!(" {folded} ");
        let mut best: Option<Tag> = None;
        for m in self.phrases.find_overlapping_iter(&padded) {
            let tag = self.tags[m.pattern().as_usize()];
            match tag.kind {
                Kind::Notice if words <= MAX_NOTICE_WORDS => best = Some(tag),
                // (At the line's start: only the padding space before it, which a phrase in a
                // script written without spaces does not take in.)
                Kind::Sponsor
                    if padded[..m.start()].trim().is_empty() && words <= MAX_SPONSOR_WORDS =>
                {
                    match best {
                        None => best = Some(tag),
                        // A phrase of several lexicons ("sponsored by" in German text too) is
                        // English, as loanword labels are.
                        Some(b) if b.phrase == tag.phrase && tag.language == "en" => {
                            best = Some(tag)
                        }
                        Some(_) => {}
                    }
                }
                _ => {}
            }
        }
        match best {
            Some(Tag {
                kind: Kind::Notice,
                language,
                phrase,
            }) => Some(Found {
                message: format!("ad notice ({language}): phrase '{phrase}'"),
                language,
                safe: true,
                kind: "notice",
            }),
            Some(Tag {
                kind: Kind::Sponsor,
                language,
                phrase,
            }) => Some(Found {
                message: format!("sponsored-content notice ({language}): phrase '{phrase}'"),
                language,
                safe: words <= SAFE_SPONSOR_WORDS,
                kind: "sponsor",
            }),
            None => self.leading_label(text).map(|language| Found {
                message: format!("ad label and teaser{}", in_language(language)),
                language,
                safe: true,
                kind: "leading-label",
            }),
        }
    }

    /// The model's features of line `i` (short, not blank; `text` is its composed text, of
    /// `words` words), with what the lexicons know of it.
    fn features(
        &self,
        lines: &[Line<'_>],
        i: usize,
        text: &str,
        words: usize,
        known: Option<Known<'_>>,
        f: &mut Features,
    ) {
        f.clear();
        if let Some(Known::Match(found)) = known {
            f.add("lexicon", found.kind);
        }
        let trimmed = trim_decoration(text);
        f.add("words", bucket(words));
        let blank = |j: Option<usize>| j.is_none_or(|j| lines[j].text().trim().is_empty());
        let (before, after) = (
            blank(i.checked_sub(1)),
            blank(Some(i + 1).filter(|&j| j < lines.len())),
        );
        f.add_pair(
            "alone",
            if before { "blank" } else { "text" },
            if after { "blank" } else { "text" },
        );
        if i == 0 || lines[..i].iter().all(|l| l.text().trim().is_empty()) {
            f.add("pos", "first");
        }
        if lines[i + 1..].iter().all(|l| l.text().trim().is_empty()) {
            f.add("pos", "last");
        }
        if is_upper_case(trimmed) {
            f.add("case", "upper");
        }
        f.add("ends", layout::ending(trimmed));
        if trimmed.len() < text.trim().len() {
            f.add("shape", "decorated");
        }
        if let Some(Known::EdgeLabel) = known {
            // (Named `label:inside` when the model was trained: the weights are hashed by it.)
            f.add("label", "inside");
        }
        f.add_words(text, MAX_LABELED_WORDS);
    }
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=10 => "7-10",
        _ => "11+",
    }
}

/// Whether `text` is written in capitals: at least two letters, none lower-case and one
/// upper-case at least. Read up to its first lower-case letter, without collecting them.
fn is_upper_case(text: &str) -> bool {
    let (mut letters, mut upper) = (0, false);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters += 1;
        upper |= c.is_uppercase();
    }
    letters >= 2 && upper
}

export_plugin!(AdNotice);

#[cfg(test)]
mod tests;
