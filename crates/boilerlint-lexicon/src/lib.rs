//! Multilingual phrase lexicons for boilerlint rule plugins.
//!
//! Rules that look for boilerplate (cookie banners, ad labels, a site's footer) are mostly
//! phrase lists, and they must be lists a native speaker can review: so they live in plain text
//! files, one per language, and this crate turns them into one fast matcher.
//!
//! Matching is case-insensitive, accent-insensitive and bounded by words, without lowercasing
//! the text: each phrase is compiled into the spellings it takes in real text (as written,
//! without diacritics, capitalised, title-cased, upper-cased; Turkish dotted and dotless i), and
//! one Aho-Corasick automaton, ASCII-case-insensitive, finds them all, searched from each place
//! a phrase may begin (a word's start). A hit counts only at word boundaries, except at the edge of a Chinese or Japanese
//! character, and except at the end of a stem (`çerez*` matches `çerezler`).
//!
//! # File format
//!
//! ```text
//! # comment
//! [section]
//! phrase one
//! stem*
//! ```
//!
//! Sections group phrases by what they are evidence of; the plugin gives them meaning.

#![deny(missing_docs)]

pub mod layout;
pub mod model;
#[cfg(feature = "train")]
pub mod training;
mod words;

pub use words::{count_words, count_words_up_to, more_words_than, CjkWords};

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use unicode_normalization::UnicodeNormalization;

/// Compiles a plugin's lexicon files into it: `include_lexicons!("lexicon": "de", "en")` is a
/// `&[(&str, &str)]` of language codes and the text of `lexicon/de.txt` and `lexicon/en.txt`
/// (relative to the plugin crate's root).
#[macro_export]
macro_rules! include_lexicons {
    ($dir:literal: $($code:literal),+ $(,)?) => {
        &[$((
            $code,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $dir, "/", $code, ".txt")),
        )),+]
    };
}

/// Checks a plugin's `disable-languages` option against its lexicons (from
/// [`include_lexicons!`]): an error names the unknown code and the known ones.
pub fn check_languages(codes: &[String], lexicons: &[(&str, &str)]) -> Result<(), String> {
    match codes
        .iter()
        .find(|c| !lexicons.iter().any(|(lang, _)| lang == c))
    {
        None => Ok(()),
        Some(code) => Err(format!(
            "`disable-languages`: no lexicon for language {code:?} (known: {})",
            lexicons
                .iter()
                .map(|(l, _)| *l)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// One phrase of a lexicon file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The section it is in, without brackets.
    pub section: &'a str,
    /// The phrase, without the stem marker.
    pub phrase: &'a str,
    /// Ends with `*`: the last word matches any ending.
    pub stem: bool,
    /// 1-based line in the file.
    pub line: usize,
}

/// Parses a lexicon file. Errors name the line.
pub fn parse(text: &str) -> Result<Vec<Entry<'_>>, String> {
    let mut section = None;
    let mut entries = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Some(name.trim());
            continue;
        }
        let section =
            section.ok_or_else(|| format!("line {}: phrase before any [section]", i + 1))?;
        let (phrase, stem) = match line.strip_suffix('*') {
            Some(p) => (p.trim_end(), true),
            None => (line, false),
        };
        if phrase.is_empty() {
            return Err(format!("line {}: empty phrase", i + 1));
        }
        entries.push(Entry {
            section,
            phrase,
            stem,
            line: i + 1,
        });
    }
    Ok(entries)
}

/// Folds text for comparison: lowercase, no diacritics, one kind of apostrophe, single spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for_each_folded(text, |c| {
        if c.is_whitespace() {
            space = !out.is_empty();
            return;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    });
    out
}

/// `text` with its accents composed (Unicode NFC) if any is written as a separate mark
/// (U+0300 to U+036F, as in `e\u{301}`), and without the vowel points that Arabic and Hebrew
/// text may carry or leave out (`مُموَّل` is `مموّل`, see `is_optional_point`); borrowed when
/// it has none of them. The spellings a lexicon compiles are composed and unpointed, so such
/// text must be made so before they can be found in it.
pub fn composed(text: &str) -> Cow<'_, str> {
    // These lead bytes begin those marks, and a few rare Greek letters (U+0370 to U+037F)
    // that composing leaves as they are.
    let decomposed = memchr::memchr2(0xcc, 0xcd, text.as_bytes()).is_some();
    // These begin Hebrew (U+0591 to U+05FF) and Arabic (U+0600 to U+06FF) characters.
    let pointed = memchr::memchr3(0xd6, 0xd7, 0xd9, text.as_bytes()).is_some()
        && text.chars().any(is_optional_point);
    match (decomposed, pointed) {
        (false, false) => Cow::Borrowed(text),
        (true, false) => Cow::Owned(text.nfc().collect()),
        (_, true) => Cow::Owned(text.nfc().filter(|&c| !is_optional_point(c)).collect()),
    }
}

/// Whether `c` is a vowel point or cantillation mark that Arabic (harakat: fatha, damma,
/// kasra, sukun, tanwin, the dagger alif; not the shadda, which spellings keep) or Hebrew
/// (niqqud, cantillation) text may leave out.
fn is_optional_point(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0650}' | '\u{0652}'..='\u{065F}' | '\u{0670}' | '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}' | '\u{05C2}' | '\u{05C4}' | '\u{05C5}' | '\u{05C7}')
}

/// [`fold`]s text and keeps only its words: punctuation, dashes and symbols become single
/// spaces, so `Mainos – artikkeli jatkuu alla` and `mainos artikkeli jatkuu alla` compare equal.
pub fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_words_into(text, &mut out, usize::MAX);
    out
}

/// The first `max_words` words of [`fold_words`]`(text)`, and perhaps one more, into `out`
/// (cleared first): the rest of the text is not folded.
pub fn fold_words_up_to(text: &str, max_words: usize, out: &mut String) {
    out.clear();
    fold_words_into(text, out, max_words);
}

/// Appends the words of [`fold_words`]`(text)` to `out`, a space before each but at the start
/// of `out`, until `max_words` are appended (then perhaps one more); returns how many.
fn fold_words_into(text: &str, out: &mut String, max_words: usize) -> usize {
    let mut count = 0;
    if max_words == 0 {
        return 0;
    }
    if text.is_ascii() {
        // Most short lines are ASCII: one pass over bytes, no tables.
        let mut word = 0..0;
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b.is_ascii_alphanumeric() || b == b'\'' || b == b'`' {
                if word.is_empty() {
                    word.start = i;
                }
                word.end = i + 1;
            } else if !word.is_empty() {
                count += push_ascii_word(&bytes[word.clone()], out);
                if count >= max_words {
                    return count;
                }
                word = 0..0;
            }
        }
        count += push_ascii_word(&bytes[word], out);
        return count;
    }
    // Each word is folded onto the end of `out`, after a separating space, and trimmed of its
    // apostrophes there. ASCII bytes are folded as they are read (most characters of text in
    // Latin letters are ASCII), the others from the tables (as [`for_each_folded`] does).
    let table = &*FOLDED_BMP;
    let mut word: Option<(usize, bool)> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            let c = fold_simple(b.to_ascii_lowercase() as char);
            if !fold_word_char(c, out, &mut word, &mut count, max_words) {
                return count;
            }
            continue;
        }
        let c = text[i..].chars().next().expect("at a character boundary");
        i += c.len_utf8();
        match table.get(c as usize - 0x80).copied() {
            Some(FOLDS_TO_NOTHING) => {}
            Some(one) if one != FOLDS_TO_SEVERAL => {
                let d = char::from_u32(one).expect("a folded character");
                if !fold_word_char(d, out, &mut word, &mut count, max_words) {
                    return count;
                }
            }
            _ => {
                let mut go = true;
                fold_slowly(c, &mut |d| {
                    go = go && fold_word_char(d, out, &mut word, &mut count, max_words);
                });
                if !go {
                    return count;
                }
            }
        }
    }
    if let Some((start, spaced)) = word {
        count += finish_word(out, start, spaced);
    }
    count
}

/// Adds the folded character `c` to the words of [`fold_words_into`] at the end of `out`: to
/// the word being folded (`word`: its start in `out`, and whether a space is before it), a new
/// word, or, for a character that is no letter, digit or apostrophe, the end of the word being
/// folded, which `count` counts if it is kept. Returns `false` once `max_words` are counted.
#[inline(always)]
fn fold_word_char(
    c: char,
    out: &mut String,
    word: &mut Option<(usize, bool)>,
    count: &mut usize,
    max_words: usize,
) -> bool {
    if is_alphanumeric(c) || c == '\'' {
        if word.is_none() {
            let spaced = !out.is_empty();
            if spaced {
                out.push(' ');
            }
            *word = Some((out.len(), spaced));
        }
        out.push(c);
    } else if let Some((start, spaced)) = word.take() {
        *count += finish_word(out, start, spaced);
        return *count < max_words;
    }
    true
}

/// Trims the apostrophes of the word at `out[start..]` (after a space at `start - 1` if
/// `spaced`), or removes it (and its space) when nothing else is left; returns 1 for a word
/// kept.
fn finish_word(out: &mut String, start: usize, spaced: bool) -> usize {
    let raw = &out[start..];
    // Most words neither begin nor end with one: nothing to trim.
    if !raw.starts_with('\'') && !raw.ends_with('\'') {
        return 1;
    }
    let trail = raw.len() - raw.trim_end_matches('\'').len();
    let lead = raw.len() - raw.trim_start_matches('\'').len();
    if lead == raw.len() {
        out.truncate(start - usize::from(spaced));
        return 0;
    }
    out.truncate(out.len() - trail);
    if lead > 0 {
        out.drain(start..start + lead);
    }
    1
}

fn push_ascii_word(word: &[u8], out: &mut String) -> usize {
    let is_apostrophe = |b: &u8| *b == b'\'' || *b == b'`';
    let Some(first) = word.iter().position(|b| !is_apostrophe(b)) else {
        return 0;
    };
    let last = word
        .iter()
        .rposition(|b| !is_apostrophe(b))
        .unwrap_or(first);
    if !out.is_empty() {
        out.push(' ');
    }
    for &b in &word[first..=last] {
        out.push(if b == b'`' {
            '\''
        } else {
            b.to_ascii_lowercase() as char
        });
    }
    1
}

/// Calls `f` with each character of `text` folded: lowercase, decomposed without its marks,
/// one kind of apostrophe.
fn for_each_folded(text: &str, mut f: impl FnMut(char)) {
    let table = &*FOLDED_BMP;
    for c in text.chars() {
        if c.is_ascii() {
            // Most text is ASCII: no case table, no decomposition.
            f(fold_simple(c.to_ascii_lowercase()));
            continue;
        }
        match table.get(c as usize - 0x80).copied() {
            Some(FOLDS_TO_NOTHING) => {}
            Some(one) if one != FOLDS_TO_SEVERAL => {
                f(char::from_u32(one).expect("a folded character"));
            }
            _ => fold_slowly(c, &mut f),
        }
    }
}

/// The fold of one character from the case and decomposition tables.
fn fold_slowly(c: char, f: &mut impl FnMut(char)) {
    for d in c.to_lowercase().nfd() {
        if !is_combining_mark(d) {
            f(fold_simple(d));
        }
    }
}

fn fold_simple(c: char) -> char {
    match c {
        'ı' => 'i',
        'ł' => 'l',
        'đ' => 'd',
        'ø' => 'o',
        '’' | '‘' | 'ʼ' | '`' => '\'',
        other => other,
    }
}

/// A [`FOLDED_BMP`] entry: the character folds to no character (it is a mark).
const FOLDS_TO_NOTHING: u32 = 0x11_0000;
/// A [`FOLDED_BMP`] entry: the character folds to several characters (`ǅ` to `dz`), or is a
/// surrogate code point; such characters are folded from the tables each time.
const FOLDS_TO_SEVERAL: u32 = 0x11_0001;

/// The folded form of every character from U+0080 to U+FFFF (Latin with diacritics, Greek,
/// Cyrillic, Arabic, Hebrew, the Indic scripts, Thai, kana, Chinese, Hangul...) that folds to
/// at most one character, computed once (256 KiB): the case and decomposition tables are slow
/// to search for every character.
static FOLDED_BMP: std::sync::LazyLock<Box<[u32]>> = std::sync::LazyLock::new(|| {
    (0x80u32..0x1_0000)
        .map(|code| {
            let Some(c) = char::from_u32(code) else {
                return FOLDS_TO_SEVERAL;
            };
            let mut folded = Vec::new();
            fold_slowly(c, &mut |d| folded.push(d));
            match folded[..] {
                [] => FOLDS_TO_NOTHING,
                [one] => one as u32,
                _ => FOLDS_TO_SEVERAL,
            }
        })
        .collect()
});

/// One bit per character below U+10000: whether it is alphanumeric ([`char::is_alphanumeric`],
/// whose tables are slow to search outside ASCII), computed once (8 KiB).
static ALPHANUMERIC_BMP: std::sync::LazyLock<Box<[u64]>> = std::sync::LazyLock::new(|| {
    let mut bits = vec![0u64; 0x1_0000 / 64];
    for c in (0u32..0x1_0000).filter_map(char::from_u32) {
        if c.is_alphanumeric() {
            bits[c as usize / 64] |= 1 << (c as usize % 64);
        }
    }
    bits.into_boxed_slice()
});

/// [`char::is_alphanumeric`], from a table below U+10000.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match ALPHANUMERIC_BMP.get(c as usize / 64) {
        Some(bits) => bits & (1 << (c as usize % 64)) != 0,
        None => c.is_alphanumeric(),
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whether `c` is a Chinese or Japanese character: such text has no spaces between words, so
/// no word boundary is required next to it.
///
/// By block, not by the Unicode Script property (`unicode-script`'s Han, Hiragana, Katakana):
/// the property puts the prolonged sound mark `ー` (U+30FC, in `クッキー`, "cookie"), the middle
/// dot `・`, the voicing marks and half-width `ｰ` in Common or Inherited, so words that hold
/// them would need word boundaries inside; it also adds radicals, `々` and archaic kana that
/// the lexicons never meet.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x2FFFF) // CJK extensions B and later
}

/// A character of a script that does not space its words: Chinese, Japanese ([`is_cjk`]),
/// Thai, Lao, Khmer and Myanmar. A phrase that begins or ends with one needs no word boundary
/// there: its words run on into the next ones.
pub fn is_unspaced(c: char) -> bool {
    is_cjk(c)
        || matches!(c as u32,
            0x0E00..=0x0EFF      // Thai, Lao
            | 0x1000..=0x109F    // Myanmar
            | 0x1780..=0x17FF    // Khmer
            | 0x19E0..=0x19FF) // Khmer symbols
}

/// A character that continues a word: a letter or digit of a script that spaces its words.
fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) && !is_unspaced(c)
}

/// The pairs of bytes that begin a spelling of `patterns`, in either ASCII case (the automata
/// ignore it): one bit per pair, the first byte's 256 bits in a row. A spelling of one byte
/// begins every pair that starts with its byte.
fn first_pairs<'p>(patterns: impl IntoIterator<Item = &'p String>) -> Box<[u64]> {
    let mut pairs = vec![0u64; 256 * 256 / 64];
    let mut set = |a: u8, b: u8| {
        for a in [a.to_ascii_lowercase(), a.to_ascii_uppercase()] {
            for b in [b.to_ascii_lowercase(), b.to_ascii_uppercase()] {
                let pair = usize::from(a) << 8 | usize::from(b);
                pairs[pair / 64] |= 1 << (pair % 64);
            }
        }
    };
    for pattern in patterns {
        match *pattern.as_bytes() {
            [] => {}
            [a] => (0..=255).for_each(|b| set(a, b)),
            [a, b, ..] => set(a, b),
        }
    }
    pairs.into_boxed_slice()
}

/// Calls `f` with every offset from `from` on where a phrase may begin: a character that
/// begins some spelling (its first two bytes are in `pairs`, see [`first_pairs`]) and that either needs no word boundary
/// before it (an unspaced script's, see [`is_unspaced`]) or has none (the text's start, or a
/// character that is not a [`is_word_char`] before it). Stops when `f` returns `true`, and
/// returns that offset.
///
/// These are all the places where a hit of a [`Matcher`] can start: searching from each of them
/// alone (anchored) finds what one unanchored search over the whole text finds and then keeps,
/// at a fraction of the cost, since most search paths end after a byte or two.
fn find_word_start(
    text: &str,
    from: usize,
    pairs: &[u64],
    mut f: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let begins = |i: usize| {
        let pair = usize::from(bytes[i]) << 8 | usize::from(bytes.get(i + 1).copied().unwrap_or(0));
        pairs[pair / 64] & (1 << (pair % 64)) != 0
    };
    let mut i = from;
    while !text.is_char_boundary(i) {
        i += 1;
    }
    let mut after_word = text[..i].chars().next_back().is_some_and(is_word_char);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !after_word && begins(i) && f(i) {
                return Some(i);
            }
            after_word = b.is_ascii_alphanumeric();
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("at a character boundary");
        let unspaced = is_unspaced(c);
        if (!after_word || unspaced) && begins(i) && f(i) {
            return Some(i);
        }
        after_word = !unspaced && is_alphanumeric(c);
        i += c.len_utf8();
    }
    None
}

/// How a language upper-cases `i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Casing {
    /// `i` ↔ `I`.
    Default,
    /// Turkish and Azerbaijani: `i` ↔ `İ`, `ı` ↔ `I`.
    Turkic,
}

impl Casing {
    /// How the language with this ISO 639-1 code upper-cases `i`.
    pub fn of_language(code: &str) -> Casing {
        if matches!(code, "tr" | "az") {
            Casing::Turkic
        } else {
            Casing::Default
        }
    }
}

/// A set of whole-line phrases, compared folded (see [`fold`]) after trimming punctuation, and
/// the words they are made of (see [`LineSet::made_of_words`]).
#[derive(Clone, Debug, Default)]
pub struct LineSet {
    // Looked up for most short lines of every document: a fast hash (fixed, so that nothing
    // depends on a process's random state).
    phrases: HashSet<String, foldhash::fast::FixedState>,
    words: HashSet<String, foldhash::fast::FixedState>,
}

impl LineSet {
    /// Adds a phrase.
    pub fn insert(&mut self, phrase: &str) {
        let core = trim_decoration(phrase);
        self.phrases.insert(fold(core));
        for word in fold_words(core).split(' ').filter(|w| !w.is_empty()) {
            self.words.insert(word.to_string());
        }
    }

    /// Whether `line`, trimmed of decoration, is two to `max_words` words each of which is a
    /// word of the phrases: a new combination of their words ("Refuser tous les cookies" from
    /// "Tout refuser" and "Accepter tous les cookies"). One word alone is no combination: a
    /// word of a label ("Yes" of "Yes, I agree", "all" of "Accept all") is as often a table's
    /// cell or a heading's word; a one-word label is one that a phrase is whole. Nor are
    /// single letters alone ("A a", "A X": keys in a table of shortcuts), though labels hold
    /// them ("Přijmout a zavřít", a close mark "X").
    pub fn made_of_words(&self, line: &str, max_words: usize) -> bool {
        let core = trim_decoration(line);
        if core.is_empty() || core.len() > 200 {
            return false;
        }
        // Word by word: most lines fail on their first words, and are not folded further.
        let (mut count, mut longer) = (0, false);
        for piece in core.split_whitespace() {
            for word in fold_words(piece).split(' ').filter(|w| !w.is_empty()) {
                count += 1;
                if count > max_words || !self.words.contains(word) {
                    return false;
                }
                longer |= word.chars().nth(1).is_some();
            }
        }
        count >= 2 && longer
    }

    /// Whether `line`, trimmed of whitespace, bullets, dashes, brackets and similar decoration,
    /// is one of the phrases.
    pub fn contains_line(&self, line: &str) -> bool {
        let core = trim_decoration(line);
        // A line whose words are not all words of the phrases is none of them (the words of a
        // text are those of its fold): most lines fail on a word, and are not folded whole.
        !core.is_empty()
            && core.len() <= 200
            && for_each_word(core, |word| self.words.contains(word))
            && self.phrases.contains(&fold(core))
    }

    /// `self.contains_line(label) || self.made_of_words(label, max_words)`, in one pass over
    /// the words that stops at the first word no phrase has: a phrase's words are all in the
    /// set, so a label with another word is neither.
    pub fn is_label(&self, label: &str, max_words: usize) -> bool {
        let core = trim_decoration(label);
        if core.is_empty() || core.len() > 200 {
            return false;
        }
        let (mut count, mut longer) = (0, false);
        let known = for_each_word(core, |word| {
            count += 1;
            longer |= word.chars().nth(1).is_some();
            self.words.contains(word)
        });
        if !known {
            return false;
        }
        if (2..=max_words).contains(&count) && longer {
            return true;
        }
        // One word, too many words to be a combination, or none: only a phrase itself, folded
        // whole only now that every word is known to be a word of the phrases.
        self.phrases.contains(&fold(core))
    }

    /// Whether every word of `text` (see [`fold_words`]) is a word of the phrases, read up to
    /// the first that is not. A text with another word is no phrase, no new combination of
    /// their words, and no row of such labels (its parts cut at punctuation hold that word).
    pub fn has_only_known_words(&self, text: &str) -> bool {
        for_each_word(text, |word| self.words.contains(word))
    }

    /// The number of phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

/// Calls `f` with each word of [`fold_words`]`(text)`, in order, while it returns `true`;
/// returns whether it always did. Folds one piece between white space at a time (a word never
/// spans white space).
fn for_each_word(text: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    let mut buf = String::new();
    for piece in text.split_whitespace() {
        buf.clear();
        if fold_words_into(piece, &mut buf, usize::MAX) > 0 && !buf.split(' ').all(&mut f) {
            return false;
        }
    }
    true
}

/// The byte ranges of the quotations in `text`, each from its opening mark to (not
/// including) its closing one: `"…"`, `“…”`, `„…“`, `«…»`, `»…«`, `「…」`, `『…』`, `‚…‘`. A mark
/// left open quotes nothing.
pub fn quotations(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    // Every mark below (opening or closing) is '"' or begins with one of these bytes: a text
    // without them (most) is not read, and the characters between them are skipped unread.
    let bytes = text.as_bytes();
    if memchr::memchr3(b'"', 0xC2, 0xE2, bytes).is_none() && memchr::memchr(0xE3, bytes).is_none() {
        return spans;
    }
    let mut open: Option<(usize, &'static [char])> = None;
    let marks = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'"' | 0xC2 | 0xE2 | 0xE3));
    for (i, _) in marks {
        let c = text[i..].chars().next().expect("a mark begins a character");
        match open {
            Some((start, closers)) if closers.contains(&c) => {
                spans.push(start..i);
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
    spans
}

/// `text` cut to its first `max` characters, with an ellipsis when cut: for quoting text in a
/// finding's message.
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
    }
}

/// `line` without the whitespace, punctuation and symbols around it: `- Advertisement -` and
/// `[ Anzeige ]` become `Advertisement` and `Anzeige`.
pub fn trim_decoration(line: &str) -> &str {
    line.trim_matches(|c: char| !is_alphanumeric(c))
}

/// Builds a [`Matcher`].
#[derive(Clone, Debug)]
pub struct MatcherBuilder<T> {
    patterns: Vec<String>,
    info: Vec<PatternInfo>,
    tags: Vec<T>,
    seen: HashSet<(String, usize), foldhash::fast::FixedState>,
}

#[derive(Clone, Copy, Debug)]
struct PatternInfo {
    tag: u32,
    /// No word boundary needed after the match (a stem, or ends with a CJK character).
    open_end: bool,
}

impl<T: Copy> Default for MatcherBuilder<T> {
    fn default() -> Self {
        MatcherBuilder::new()
    }
}

impl<T: Copy> MatcherBuilder<T> {
    /// An empty builder.
    pub fn new() -> MatcherBuilder<T> {
        MatcherBuilder {
            patterns: Vec::new(),
            info: Vec::new(),
            tags: Vec::new(),
            seen: HashSet::default(),
        }
    }

    /// Adds a phrase (written lowercase, as in a lexicon file) with its tag, reported on every
    /// hit.
    pub fn add(&mut self, phrase: &str, stem: bool, casing: Casing, tag: T) {
        let tag_index = self.tags.len();
        self.tags.push(tag);
        for spelling in spellings(phrase, casing) {
            if !self.seen.insert((spelling.clone(), tag_index)) {
                continue;
            }
            let open_end = stem || spelling.chars().next_back().is_some_and(is_unspaced);
            self.patterns.push(spelling);
            self.info.push(PatternInfo {
                tag: tag_index as u32,
                open_end,
            });
        }
    }

    /// Compiles the automaton.
    ///
    /// # Panics
    ///
    /// If the automaton exceeds the `aho-corasick` crate's size limits (millions of phrases).
    pub fn build(self) -> Matcher<T> {
        // Searched only from the places where a hit may start (see `find_word_start`), so a
        // trie does: no failure transitions to compute.
        Matcher {
            first: first_pairs(&self.patterns),
            automaton: Trie::new(&self.patterns),
            info: self.info,
            tags: self.tags,
        }
    }

    /// Compiles a [`Gate`]: a fast test of whether a text may hold any of the phrases.
    pub fn build_gate(self) -> Gate {
        Gate::new(self.patterns)
    }
}

/// How many characters of each spelling a [`Gate`] looks for.
pub const GATE_PREFIX_CHARS: usize = 12;

/// The prefixes a [`Gate`] searches for: the first [`GATE_PREFIX_CHARS`] characters of each
/// spelling, but those that another one begins.
fn gate_prefixes(patterns: Vec<String>) -> Vec<String> {
    let patterns = distinct_prefixes(patterns);
    // A spelling that another one begins adds nothing to the gate. The others are distinct
    // (ignoring ASCII case), so one begins a spelling when it is one of its shorter prefixes.
    let lowered: HashSet<Vec<u8>, foldhash::fast::FixedState> = patterns
        .iter()
        .map(|p| p.as_bytes().to_ascii_lowercase())
        .collect();
    patterns
        .into_iter()
        .filter(|pattern| {
            let lower = pattern.as_bytes().to_ascii_lowercase();
            !(0..lower.len()).any(|end| lowered.contains(&lower[..end]))
        })
        .collect()
}

/// The first [`GATE_PREFIX_CHARS`] characters of each spelling, sorted and distinct ignoring
/// ASCII case. Only a spelling's first characters are searched for: fewer states, a smaller DFA.
fn distinct_prefixes(mut patterns: Vec<String>) -> Vec<String> {
    for pattern in &mut patterns {
        if let Some((end, _)) = pattern.char_indices().nth(GATE_PREFIX_CHARS) {
            pattern.truncate(end);
        }
    }
    patterns.sort_by_cached_key(|s| s.to_ascii_lowercase());
    patterns.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    patterns
}

/// A quick test of whether a text can hold any phrase of a lexicon, run over whole documents
/// so that most of them are never searched in detail.
///
/// It answers "maybe" for every text in which a [`Matcher`] of the same phrases finds a hit,
/// and for some more: it ignores word boundaries and looks only for the first
/// [`GATE_PREFIX_CHARS`] characters of each spelling, and a spelling that begins with another
/// is dropped ("cookie policy" begins with "cookie"). That keeps the automaton small enough to
/// be a DFA, the fastest kind to search (cookie-banner's 1 635 cookie-term spellings make a
/// 10 MiB DFA of 1 034 prefixes).
#[derive(Clone, Debug)]
pub struct Gate {
    automaton: AhoCorasick,
}

impl Gate {
    fn new(patterns: Vec<String>) -> Gate {
        let kept = gate_prefixes(patterns);
        // Leftmost matches: a hit that does not begin a word hides none that starts before it.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&kept)
            .expect("gate automaton within size limits");
        Gate { automaton }
    }

    /// Whether `text` may hold a phrase: `false` means it holds none.
    pub fn may_match(&self, text: &str) -> bool {
        self.automaton.is_match(text)
    }

    /// The first place at or after byte `from` of `text` where a phrase may start: the
    /// offset of the leftmost hit that begins a word.
    pub fn next_word_start(&self, text: &str, mut from: usize) -> Option<usize> {
        while from < text.len() {
            let hit = self
                .automaton
                .find(Input::new(text).span(from..text.len()))?;
            let start = hit.start();
            // A character of an unspaced script begins every spelling that starts there.
            let open_start = text[start..].chars().next().is_some_and(is_unspaced);
            if open_start || !text[..start].chars().next_back().is_some_and(is_word_char) {
                return Some(start);
            }
            // No hit further left: the next word-start hit begins after this one's start.
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// The number of spellings searched.
    pub fn pattern_count(&self) -> usize {
        self.automaton.patterns_len()
    }

    /// The automaton's heap size in bytes.
    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }
}

/// The spellings a lowercase phrase takes in text.
fn spellings(phrase: &str, casing: Casing) -> Vec<String> {
    let phrase = phrase.trim();
    let mut bases = vec![phrase.to_string()];
    let bare = strip_accents(phrase);
    if bare != phrase {
        bases.push(bare);
    }
    let mut out = Vec::new();
    for base in bases {
        let forms = [
            base.clone(),
            capitalize_words(&base, casing, true),
            capitalize_words(&base, casing, false),
            upper(&base, casing),
        ];
        for form in forms {
            if form.contains('\'') {
                out.push(form.replace('\'', "’"));
            }
            out.push(form);
        }
    }
    // The automaton ignores ASCII case: spellings that differ only in it are one pattern.
    out.sort_by_cached_key(|s| s.to_ascii_lowercase());
    out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    out
}

fn strip_accents(s: &str) -> String {
    s.nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| match c {
            'ı' => 'i',
            'ł' => 'l',
            'đ' => 'd',
            'ø' => 'o',
            other => other,
        })
        .collect()
}

fn upper_char(c: char, casing: Casing, out: &mut String) {
    match (c, casing) {
        ('i', Casing::Turkic) => out.push('İ'),
        ('ı', Casing::Turkic) => out.push('I'),
        _ => out.extend(c.to_uppercase()),
    }
}

fn upper(s: &str, casing: Casing) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        upper_char(c, casing, &mut out);
    }
    out
}

/// Capitalises the first word (`first_only`) or every word.
fn capitalize_words(s: &str, casing: Casing, first_only: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_word_start = true;
    let mut done = false;
    for c in s.chars() {
        if at_word_start && c.is_alphabetic() && !done {
            upper_char(c, casing, &mut out);
            at_word_start = false;
            done = first_only;
        } else {
            out.push(c);
            if c.is_whitespace() {
                at_word_start = true;
            } else if c.is_alphanumeric() {
                at_word_start = false;
            }
        }
    }
    out
}

/// The spellings of a [`Matcher`] as a trie over their bytes, ASCII letters folded to
/// lowercase: the spellings that begin a text at a given place are read off one path.
#[derive(Clone, Debug)]
struct Trie {
    /// Per node, its children: `edges[node]` indexes `labels` and `targets`.
    edges: Vec<Range<u32>>,
    /// The byte of each edge (sorted within a node's range).
    labels: Vec<u8>,
    /// The node each edge leads to.
    targets: Vec<u32>,
    /// Per node, the spellings that end there: `ends[node]` indexes `patterns`.
    ends: Vec<Range<u32>>,
    patterns: Vec<u32>,
    /// The root's children, one per byte (0: none).
    root: Box<[u32; 256]>,
}

impl Trie {
    fn new(spellings: &[String]) -> Trie {
        // Read in the order of their folded bytes, the spellings share their path with the one
        // before up to their first difference, and every node past it is new.
        let folded = |i: u32| {
            spellings[i as usize]
                .bytes()
                .map(|b| b.to_ascii_lowercase())
        };
        let mut order: Vec<u32> = (0..spellings.len() as u32).collect();
        order.sort_by(|&a, &b| folded(a).cmp(folded(b)));
        // Edges (parent, byte, child) and ends (node, spelling), in the order found: a node's
        // children are found in the order of their bytes.
        let mut edges: Vec<(u32, u8, u32)> = Vec::new();
        let mut ends: Vec<(u32, u32)> = Vec::with_capacity(spellings.len());
        let mut path: Vec<u32> = vec![0];
        let mut nodes = 1u32;
        let mut previous: &[u8] = &[];
        for &id in &order {
            let bytes = spellings[id as usize].as_bytes();
            let common = bytes
                .iter()
                .zip(previous)
                .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
                .count();
            path.truncate(common + 1);
            for &b in &bytes[common..] {
                let parent = *path.last().expect("the root stays");
                edges.push((parent, b.to_ascii_lowercase(), nodes));
                path.push(nodes);
                nodes += 1;
            }
            ends.push((*path.last().expect("the root stays"), id));
            previous = bytes;
        }
        let nodes = nodes as usize;
        // Laid out flat: a node's edges (ends) together, by counting.
        let ranges = |keys: &mut dyn Iterator<Item = u32>| {
            let mut count = vec![0u32; nodes + 1];
            for k in keys {
                count[k as usize + 1] += 1;
            }
            for i in 1..=nodes {
                count[i] += count[i - 1];
            }
            count
        };
        let edge_at = ranges(&mut edges.iter().map(|e| e.0));
        let end_at = ranges(&mut ends.iter().map(|e| e.0));
        let mut labels = vec![0u8; edges.len()];
        let mut targets = vec![0u32; edges.len()];
        let mut next = edge_at.clone();
        let mut root = Box::new([0u32; 256]);
        for &(parent, b, child) in &edges {
            let slot = &mut next[parent as usize];
            labels[*slot as usize] = b;
            targets[*slot as usize] = child;
            *slot += 1;
            if parent == 0 {
                root[usize::from(b)] = child;
            }
        }
        let mut patterns = vec![0u32; ends.len()];
        let mut next = end_at.clone();
        for &(node, id) in &ends {
            let slot = &mut next[node as usize];
            patterns[*slot as usize] = id;
            *slot += 1;
        }
        Trie {
            edges: (0..nodes).map(|n| edge_at[n]..edge_at[n + 1]).collect(),
            labels,
            targets,
            ends: (0..nodes).map(|n| end_at[n]..end_at[n + 1]).collect(),
            patterns,
            root,
        }
    }

    /// Calls `f(end, spelling)` for every spelling that `text[start..]` begins with.
    #[inline]
    fn prefixes_at(&self, text: &[u8], start: usize, mut f: impl FnMut(usize, u32)) {
        let report = |node: usize, end: usize, f: &mut dyn FnMut(usize, u32)| {
            let r = &self.ends[node];
            for &id in &self.patterns[r.start as usize..r.end as usize] {
                f(end, id);
            }
        };
        report(0, start, &mut f);
        let Some(&first) = text.get(start) else {
            return;
        };
        let mut node = self.root[usize::from(first.to_ascii_lowercase())] as usize;
        let mut i = start + 1;
        while node != 0 {
            report(node, i, &mut f);
            let Some(&b) = text.get(i) else {
                return;
            };
            let b = b.to_ascii_lowercase();
            let r = &self.edges[node];
            let (lo, hi) = (r.start as usize, r.end as usize);
            // A node's labels are sorted and distinct, and nodes near the root have dozens
            // (every letter that follows `c` in a spelling, every second byte of a Cyrillic
            // letter): searched by halves, not read from the first.
            node = match self.labels[lo..hi].binary_search(&b) {
                Ok(k) => self.targets[lo + k] as usize,
                Err(_) => 0,
            };
            i += 1;
        }
    }

    fn memory_usage(&self) -> usize {
        self.edges.len() * std::mem::size_of::<Range<u32>>()
            + self.labels.len()
            + self.targets.len() * 4
            + self.ends.len() * std::mem::size_of::<Range<u32>>()
            + self.patterns.len() * 4
            + 256 * 4
    }
}

/// Finds every phrase of a lexicon in a text, in one pass.
#[derive(Clone, Debug)]
pub struct Matcher<T> {
    automaton: Trie,
    /// The pairs of bytes a spelling begins with.
    first: Box<[u64]>,
    info: Vec<PatternInfo>,
    tags: Vec<T>,
}

/// A phrase found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit<T> {
    /// Where, in bytes.
    pub range: Range<usize>,
    /// The phrase's tag.
    pub tag: T,
}

impl<T: Copy> Matcher<T> {
    /// Every hit in `text`, overlapping hits included, in order of their end (hits that end
    /// together: the longest first, then in the order the phrases were added).
    pub fn hits<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Hit<T>> + 't {
        // Searched from each place a hit may start, anchored there; sorted after as one
        // unanchored overlapping search reports them.
        let mut found: Vec<(usize, usize, u32)> = Vec::new();
        find_word_start(text, 0, &self.first, |start| {
            self.automaton
                .prefixes_at(text.as_bytes(), start, |end, pattern| {
                    // A spelling is valid UTF-8, so its end is a character boundary.
                    let info = self.info[pattern as usize];
                    if info.open_end || !text[end..].chars().next().is_some_and(is_word_char) {
                        found.push((end, start, pattern));
                    }
                });
            false
        });
        found.sort_unstable();
        found.into_iter().map(move |(end, start, pattern)| Hit {
            range: start..end,
            tag: self.tags[self.info[pattern as usize].tag as usize],
        })
    }

    /// Whether `text` holds any phrase (at word boundaries).
    pub fn is_match(&self, text: &str) -> bool {
        self.hits(text).next().is_some()
    }

    /// The number of spellings compiled.
    pub fn pattern_count(&self) -> usize {
        self.info.len()
    }

    /// The automaton's heap size in bytes.
    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }

    /// The automaton's kind and heap size, for diagnostics and benchmarks.
    pub fn describe(&self) -> String {
        format!(
            "trie of {} nodes, {} patterns, {} KiB",
            self.automaton.edges.len(),
            self.info.len(),
            self.automaton.memory_usage() / 1024
        )
    }
}

/// The ISO 639-1 code of an ISO 639-3 language code (as language identifiers such as
/// `whatlang` give them), for the languages boilerlint's plugins know; `None` for others.
#[rustfmt::skip]
pub fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "afr" => "af", "aka" => "ak", "amh" => "am", "ara" | "arb" => "ar", "aze" | "azj" => "az",
        "bel" => "be", "ben" => "bn", "bul" => "bg", "cat" => "ca", "ces" => "cs",
        "cmn" | "zho" => "zh", "dan" => "da", "deu" => "de", "ell" => "el", "eng" => "en",
        "epo" => "eo", "est" | "ekk" => "et", "fin" => "fi", "fra" => "fr", "guj" => "gu",
        "heb" => "he", "hin" => "hi", "hrv" => "hr", "hun" => "hu", "hye" => "hy",
        "ind" => "id", "ita" => "it", "jav" => "jv", "jpn" => "ja", "kan" => "kn", "kat" => "ka",
        "khm" => "km", "kor" => "ko", "lat" => "la", "lav" | "lvs" => "lv", "lit" => "lt",
        "mal" => "ml", "mar" => "mr", "mkd" => "mk", "mya" => "my", "nep" => "ne", "nld" => "nl",
        "nob" | "nor" => "nb", "ori" => "or", "pan" => "pa", "pes" | "fas" => "fa", "pol" => "pl",
        "por" => "pt", "ron" => "ro", "rus" => "ru", "sin" => "si", "slk" => "sk", "slv" => "sl",
        "sna" => "sn", "spa" => "es", "srp" => "sr", "swe" => "sv", "tam" => "ta", "tel" => "te",
        "tgl" => "tl", "tha" => "th", "tuk" => "tk", "tur" => "tr", "ukr" => "uk", "urd" => "ur",
        "uzb" | "uzn" => "uz", "vie" => "vi", "yid" => "yi", "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(phrases: &[(&str, bool)], casing: Casing) -> Matcher<usize> {
        let mut b = MatcherBuilder::new();
        for (i, (p, stem)) in phrases.iter().enumerate() {
            b.add(p, *stem, casing, i);
        }
        b.build()
    }

    fn found(m: &Matcher<usize>, text: &str) -> Vec<String> {
        m.hits(text).map(|h| text[h.range].to_string()).collect()
    }

    #[test]
    fn parses_sections_and_stems() {
        let entries = parse("# c\n[cookie]\nçerez*\n\n[ui]\nkabul et\n").unwrap();
        assert_eq!(entries[0].section, "cookie");
        assert_eq!(entries[0].phrase, "çerez");
        assert!(entries[0].stem);
        assert_eq!(entries[1].phrase, "kabul et");
        assert_eq!(entries[1].line, 6);
        assert!(parse("orphan\n").unwrap_err().starts_with("line 1"));
    }

    #[test]
    fn matches_case_and_accent_insensitively_at_word_boundaries() {
        let m = matcher(
            &[("cookie", true), ("ad", false), ("çerez", true)],
            Casing::Turkic,
        );
        assert_eq!(found(&m, "We use COOKIES."), ["COOKIE"]);
        assert_eq!(found(&m, "Add an ad."), ["ad"]);
        assert_eq!(found(&m, "Çerezler ve cerezler"), ["Çerez", "cerez"]);
        assert!(found(&m, "biscookie").is_empty());
    }

    #[test]
    fn turkish_dotted_capital_i() {
        let m = matcher(&[("internet sitemiz", true)], Casing::Turkic);
        assert_eq!(found(&m, "İnternet sitemizin"), ["İnternet sitemiz"]);
        assert_eq!(found(&m, "INTERNET SITEMIZ"), ["INTERNET SITEMIZ"]);
    }

    #[test]
    fn cjk_needs_no_word_boundary() {
        let m = matcher(&[("本网站使用", false), ("cookie", false)], Casing::Default);
        assert_eq!(
            found(&m, "注意本网站使用cookie。"),
            ["本网站使用", "cookie"]
        );
    }

    #[test]
    fn thai_and_khmer_need_no_word_boundary_either() {
        let m = matcher(&[("คุกกี้", false), ("ខូគី", false)], Casing::Default);
        assert_eq!(found(&m, "เราใช้คุกกี้และเทคโนโลยี"), ["คุกกี้"]);
        assert_eq!(found(&m, "យើងប្រើខូគីដើម្បី"), ["ខូគី"]);
    }

    #[test]
    fn a_line_set_knows_new_combinations_of_its_words() {
        let mut set = LineSet::default();
        for phrase in ["Tout refuser", "Accepter les cookies", "Paramètres"] {
            set.insert(phrase);
        }
        assert!(set.contains_line("[ Tout refuser ]"));
        assert!(!set.contains_line("Refuser les cookies"));
        assert!(set.made_of_words("Refuser les cookies", 5));
        assert!(set.made_of_words("PARAMÈTRES cookies", 5));
        assert!(set.contains_line("PARAMÈTRES"));
        // One word of a phrase alone, a word no phrase has, or more words than asked, is not a
        // combination.
        assert!(!set.made_of_words("refuser", 5));
        assert!(!set.is_label("cookies", 5));
        assert!(set.is_label("Paramètres", 5));
        assert!(!set.made_of_words("Refuser les biscuits", 5));
        assert!(!set.made_of_words("tout refuser les cookies paramètres tout", 5));
        assert!(!set.made_of_words(" - ", 5));
        // Single letters of the labels ("a" of "Přijmout a zavřít", a close mark "X") are no
        // combination alone.
        let mut letters = LineSet::default();
        letters.insert("Přijmout a zavřít");
        letters.insert("X");
        assert!(!letters.made_of_words("^A ^X", 5));
        assert!(!letters.is_label("A a", 5));
        assert!(letters.is_label("zavřít a X", 5));
        assert!(set.has_only_known_words("Tout refuser | PARAMÈTRES"));
        assert!(!set.has_only_known_words("Tout refuser | Fermer"));
    }

    #[test]
    fn a_gate_passes_every_text_its_matcher_finds_something_in() {
        let phrases = [
            ("cookie", true),
            ("cookie policy", false),
            ("çerezler ve benzeri teknolojiler", false),
            ("本网站使用", false),
        ];
        let mut builder = MatcherBuilder::new();
        for (phrase, stem) in phrases {
            builder.add(phrase, stem, Casing::Turkic, ());
        }
        let gate = builder.clone().build_gate();
        let matcher = builder.build();
        // "cookie policy" begins with "cookie"; the Turkish phrase, cut to its first characters,
        // keeps four spellings: "çerezler ve ", "Çerezler ve ", "ÇEREZLER VE ", "cerezler ve ".
        assert_eq!(gate.pattern_count(), 1 + 4 + 1);
        for text in [
            "We use COOKIES.",
            "Çerezler ve benzeri teknolojiler kullanıyoruz.",
            "ÇEREZLER VE BENZERI TEKNOLOJILER",
            "本网站使用Cookie",
            "Read our Cookie Policy",
        ] {
            assert!(matcher.is_match(text), "{text}");
            assert!(gate.may_match(text), "{text}");
        }
        // Maybe: no word boundary is checked.
        assert!(!matcher.is_match("fortunecookies"));
        assert!(gate.may_match("fortunecookies"));
        assert!(!gate.may_match("A recipe for shortbread biscuits."));
        // Where a phrase may begin: at the start of a word, or anywhere for Chinese.
        let text = "fortunecookies, then cookies; 网站使用本网站使用";
        assert_eq!(gate.next_word_start(text, 0), Some(21));
        assert_eq!(gate.next_word_start(text, 22), Some(42));
        assert_eq!(gate.next_word_start(text, 43), None);
    }

    /// The plain two-pass definitions the fast folds must agree with.
    fn reference_fold(text: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in text.chars() {
            for d in c.to_lowercase().nfd().filter(|&d| !is_combining_mark(d)) {
                if d.is_whitespace() {
                    space = !out.is_empty();
                    continue;
                }
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(fold_simple(d));
            }
        }
        out
    }

    fn reference_fold_words(text: &str) -> String {
        reference_fold(text)
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .map(|w| w.trim_matches('\''))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    proptest::proptest! {
        #[test]
        fn fast_folds_agree_with_their_definitions(
            text in "[a-zA-Z0-9 '`’\\-–.:\t\u{80}-\u{7ff}İıŁłØøÆæẞß\u{300}-\u{36f}한국어广告]{0,40}"
        ) {
            proptest::prop_assert_eq!(fold(&text), reference_fold(&text));
            proptest::prop_assert_eq!(fold_words(&text), reference_fold_words(&text));
        }
    }

    #[test]
    fn the_tables_agree_with_the_definitions_for_every_character() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            let mut fast = String::new();
            for_each_folded(c.encode_utf8(&mut [0; 4]), |d| fast.push(d));
            let reference: String = c
                .to_lowercase()
                .nfd()
                .filter(|&d| !is_combining_mark(d))
                .map(fold_simple)
                .collect();
            assert_eq!(fast, reference, "{c:?}");
        }
    }

    /// Phrases for the search tests: stems, overlaps, phrases sharing a spelling, unspaced
    /// scripts.
    const SEARCHED: &[(&str, bool)] = &[
        ("cookie", true),
        ("cookie policy", false),
        ("cookie", false),
        ("policy", false),
        ("ad", false),
        ("ads", false),
        ("we use", false),
        ("use", false),
        ("çerez", true),
        ("本网站使用", false),
        ("网站", false),
        ("คุกกี้", false),
        ("l'usage", false),
        ("e-mail", false),
    ];

    /// Hits as one unanchored overlapping search finds and keeps them: the plain definition.
    fn reference_hits(builder: &MatcherBuilder<usize>, text: &str) -> Vec<(Range<usize>, usize)> {
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&builder.patterns)
            .unwrap();
        automaton
            .find_overlapping_iter(text)
            .filter(|m| {
                let pattern = &builder.patterns[m.pattern().as_usize()];
                let info = builder.info[m.pattern().as_usize()];
                let open_start = pattern.chars().next().is_some_and(is_unspaced);
                let before_ok = open_start
                    || !text[..m.start()]
                        .chars()
                        .next_back()
                        .is_some_and(is_word_char);
                let after_ok =
                    info.open_end || !text[m.end()..].chars().next().is_some_and(is_word_char);
                before_ok && after_ok
            })
            .map(|m| {
                (
                    m.range(),
                    builder.tags[builder.info[m.pattern().as_usize()].tag as usize],
                )
            })
            .collect()
    }

    /// The gate's next word start as a leftmost unanchored search finds it.
    fn reference_next_word_start(
        patterns: &[String],
        text: &str,
        mut from: usize,
    ) -> Option<usize> {
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .ascii_case_insensitive(true)
            .build(gate_prefixes(patterns.to_vec()))
            .unwrap();
        while from < text.len() {
            let hit = automaton.find(Input::new(text).span(from..text.len()))?;
            let start = hit.start();
            let open_start = text[start..].chars().next().is_some_and(is_unspaced);
            if open_start || !text[..start].chars().next_back().is_some_and(is_word_char) {
                return Some(start);
            }
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// The gate's prefixes as an overlapping search of every prefix among the others found
    /// them (the former way).
    fn reference_gate_prefixes(patterns: Vec<String>) -> Vec<String> {
        let patterns = distinct_prefixes(patterns);
        let all = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(&patterns)
            .unwrap();
        patterns
            .iter()
            .enumerate()
            .filter(|&(i, pattern)| {
                !all.find_overlapping_iter(pattern.as_str())
                    .any(|m| m.start() == 0 && m.pattern().as_usize() != i)
            })
            .map(|(_, pattern)| pattern.clone())
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn the_trie_finds_every_spelling_a_text_begins_with(
            spellings in proptest::collection::vec("[aAbé本]{0,6}", 0..30),
            text in "[aAbBé本 ]{0,20}",
        ) {
            let trie = Trie::new(&spellings);
            for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let mut found = Vec::new();
                trie.prefixes_at(text.as_bytes(), start, |end, id| found.push((end, id)));
                found.sort_unstable();
                let rest = &text.as_bytes()[start..];
                let mut expected: Vec<(usize, u32)> = spellings
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| {
                        rest.len() >= s.len() && rest[..s.len()].eq_ignore_ascii_case(s.as_bytes())
                    })
                    .map(|(id, s)| (start + s.len(), id as u32))
                    .collect();
                expected.sort_unstable();
                proptest::prop_assert_eq!(found, expected);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn gate_prefixes_agree_with_an_overlapping_search(
            patterns in proptest::collection::vec("[aAbBé本][abAB é本]{0,14}", 0..40),
        ) {
            proptest::prop_assert_eq!(
                gate_prefixes(patterns.clone()),
                reference_gate_prefixes(patterns)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn anchored_searches_find_what_one_unanchored_search_finds(
            text in "((cookie|Cookies|COOKIE POLICY|Cookie Policy|policy|ad|ads|Ads|we use|We use|use|Çerezler|ÇEREZ|本网站使用|网站|คุกกี้|l'usage|L’usage|e-mail|fortunecookie|bad)[ ,.\\-'’:]{0,2}|[a-zé本ค ]{0,3}){0,12}",
            from in 0usize..40,
        ) {
            let mut builder = MatcherBuilder::new();
            for (i, (phrase, stem)) in SEARCHED.iter().enumerate() {
                builder.add(phrase, *stem, Casing::Turkic, i);
            }
            let expected = reference_hits(&builder, &text);
            let patterns = builder.patterns.clone();
            let gate = builder.clone().build_gate();
            let matcher = builder.build();
            let found: Vec<(Range<usize>, usize)> =
                matcher.hits(&text).map(|h| (h.range, h.tag)).collect();
            proptest::prop_assert_eq!(found, expected);
            let mut from = from.min(text.len());
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            proptest::prop_assert_eq!(
                gate.next_word_start(&text, from),
                reference_next_word_start(&patterns, &text, from)
            );
        }
    }

    /// The label tests as first written: the whole line folded and looked up, then word by
    /// word.
    fn reference_contains_line(set: &LineSet, line: &str) -> bool {
        let core = trim_decoration(line);
        !core.is_empty() && core.len() <= 200 && set.phrases.contains(&fold(core))
    }

    proptest::proptest! {
        #[test]
        fn label_tests_agree_with_their_definitions(
            phrases in proptest::collection::vec("[a-zA-Zéİı'’ ]{1,14}|OK|x|×|1/2|l'homme|Tout refuser|Paramètres", 0..6),
            line in "(Tout|refuser|Paramètres|PARAMETRES|l'homme|'|’|ok|x|1|2|[a-zé]{1,3})([ /'’\\-·]{1,2}(Tout|refuser|Paramètres|l'homme|ok|x|[a-zé]{1,3})){0,7}[ .]?",
            max_words in 0usize..7,
        ) {
            let mut set = LineSet::default();
            for phrase in &phrases {
                set.insert(phrase);
            }
            let mut lines = vec![line.clone()];
            lines.extend(phrases.iter().cloned());
            for line in &lines {
                let contains = reference_contains_line(&set, line);
                proptest::prop_assert_eq!(set.contains_line(line), contains, "{:?}", line);
                proptest::prop_assert_eq!(
                    set.is_label(line, max_words),
                    contains || set.made_of_words(line, max_words),
                    "{:?}", line
                );
            }
        }

        #[test]
        fn fold_words_up_to_keeps_the_first_words(
            text in "[a-zA-Z0-9 '`’\\-–.:\t\u{80}-\u{7ff}İıŁłØøÆæẞß\u{300}-\u{36f}한국어广告ǅ]{0,60}",
            max_words in 0usize..12,
        ) {
            let all = fold_words(&text);
            let mut out = String::from("stale");
            fold_words_up_to(&text, max_words, &mut out);
            let expected: Vec<&str> = all.split(' ').filter(|w| !w.is_empty()).take(max_words).collect();
            let found: Vec<&str> = out.split(' ').filter(|w| !w.is_empty()).take(max_words).collect();
            proptest::prop_assert_eq!(found, expected);
            proptest::prop_assert!(all.starts_with(out.as_str()));
        }
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(composed("Publicite\u{301}"), "Publicité");
        assert_eq!(composed("Qua\u{309}ng ca\u{301}o"), "Quảng cáo");
        assert!(matches!(composed("Quảng cáo, Реклама"), Cow::Borrowed(_)));
        // Arabic and Hebrew vowel points go; the shadda and the letters stay.
        assert_eq!(composed("إعلان مُموَّل"), "إعلان مموّل");
        assert_eq!(composed("פִּרְסֹמֶת"), "פרסמת");
        assert!(matches!(composed("إعلان ممول، פרסומת"), Cow::Borrowed(_)));
    }

    #[test]
    fn fold_words_keeps_only_words() {
        assert_eq!(
            fold_words("Mainos – artikkeli jatkuu ALLA:"),
            "mainos artikkeli jatkuu alla"
        );
        assert_eq!(fold_words("【PR】50代から"), "pr 50代から");
        assert_eq!(fold_words("L’article continue"), "l'article continue");
    }

    #[test]
    fn line_sets_ignore_decoration_case_and_accents() {
        let mut set = LineSet::default();
        set.insert("publicité");
        set.insert("accept all");
        assert!(set.contains_line("- PUBLICITE -"));
        assert!(set.contains_line("  [Accept All]"));
        assert!(!set.contains_line("Accept all cookies to continue"));
        assert!(!set.contains_line("---"));
    }
}
