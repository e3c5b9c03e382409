//! Characters that render as nothing inside words: a plugin reads text without them.
//!
//! A page's HTML breaks long words with soft hyphens (`Daten&shy;schutz&shy;erklärung`),
//! glues or splits words with zero-width characters and sets the direction of Arabic, Hebrew
//! and Persian text with direction marks (`&rlm;`), and text extractors keep them: to a plugin
//! matching phrases, `Coo\u{AD}kies` is not `Cookies`. The SDK hands every plugin the
//! document without them and maps the byte ranges it reports back onto the text the host
//! holds, so no plugin has to know of them.

use std::ops::Range;

/// The characters a plugin never sees: the soft hyphen, the zero-width space, the word joiner
/// and the zero-width no-break space (a byte-order mark inside text); and the marks that set
/// the direction of text without showing (the left-to-right and right-to-left marks, and the
/// embeddings, overrides and isolates of U+202A to U+202E and U+2066 to U+2069, with their
/// closing pop marks). The zero-width non-joiner and joiner stay: they shape Persian and Indic
/// words and emoji.
pub const INVISIBLE: [char; 15] = [
    '\u{AD}', '\u{200B}', '\u{2060}', '\u{FEFF}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}',
    '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// A text without its [`INVISIBLE`] characters, and where they were.
#[derive(Debug)]
pub struct Visible {
    /// The text without them.
    pub text: String,
    /// Each run of them removed: the position in `text` it was at (the byte it stood before),
    /// and the bytes removed there and before, all together. Sorted by position.
    removed: Vec<(usize, usize)>,
}

/// `text` without its [`INVISIBLE`] characters, or `None` when it holds none (most texts:
/// found by a scan for the lead bytes their UTF-8 encodings start with).
pub fn visible(text: &str) -> Option<Visible> {
    // (A lead byte is never a continuation byte, so the positions found are those of whole
    // characters, in order.)
    let mut found = memchr::memchr3_iter(0xC2, 0xE2, 0xEF, text.as_bytes())
        .filter(|&i| invisible_at(text, i))
        .peekable();
    found.peek()?;
    let mut out = String::with_capacity(text.len());
    let mut removed: Vec<(usize, usize)> = Vec::new();
    let (mut total, mut from) = (0, 0);
    for at in found {
        out.push_str(&text[from..at]);
        let len = text[at..]
            .chars()
            .next()
            .expect("an invisible character")
            .len_utf8();
        total += len;
        match removed.last_mut() {
            Some(last) if last.0 == out.len() => last.1 = total,
            _ => removed.push((out.len(), total)),
        }
        from = at + len;
    }
    out.push_str(&text[from..]);
    Some(Visible { text: out, removed })
}

/// Whether an [`INVISIBLE`] character starts at byte `i` of `text` (a lead byte).
fn invisible_at(text: &str, i: usize) -> bool {
    text.get(i..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| INVISIBLE.contains(&c))
}

impl Visible {
    /// The bytes removed before position `at` of the visible text: those of runs strictly
    /// before it, and, when `with_run_at` is set, the run that stood right before the byte at
    /// `at` too.
    fn shift(&self, at: usize, with_run_at: bool) -> usize {
        let runs = if with_run_at {
            self.removed.partition_point(|&(p, _)| p <= at)
        } else {
            self.removed.partition_point(|&(p, _)| p < at)
        };
        runs.checked_sub(1).map_or(0, |k| self.removed[k].1)
    }

    /// The range of the original text that a range of the visible text covers: with the
    /// invisible characters inside it and at its two edges (a line's range takes those at the
    /// line's start and end, so that deleting it leaves none behind).
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        let start = range.start + self.shift(range.start, false);
        let end = range.end + self.shift(range.end, true);
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_without_them_are_left_as_they_are() {
        assert!(visible("Wir verwenden Cookies. «Ja» – “OK” …").is_none());
        assert!(visible("").is_none());
    }

    #[test]
    fn they_are_removed_and_ranges_map_back() {
        let text = "A\n\u{AD}Coo\u{AD}kies\u{200B}\u{2060}\nB";
        let v = visible(text).unwrap();
        assert_eq!(v.text, "A\nCookies\nB");
        // The line "Cookies" (2..9) covers the soft hyphen before it, the one inside it and
        // the two zero-width characters after it: its whole line but the line break.
        let line = v.original(2..9);
        assert_eq!(&text[line.clone()], "\u{AD}Coo\u{AD}kies\u{200B}\u{2060}");
        assert_eq!(line.end, text.len() - 2);
        // The first and last lines keep their places.
        assert_eq!(v.original(0..1), 0..1);
        assert_eq!(&text[v.original(10..11)], "B");
        // A word inside the line: "kies" starts after the soft hyphen inside the word.
        assert_eq!(&text[v.original(5..9)], "\u{AD}kies\u{200B}\u{2060}");
        // Every mapped range lies on character boundaries.
        for s in 0..=v.text.len() {
            for e in s..=v.text.len() {
                if v.text.is_char_boundary(s) && v.text.is_char_boundary(e) {
                    let r = v.original(s..e);
                    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    assert!(r.start <= r.end && r.end <= text.len());
                }
            }
        }
    }

    #[test]
    fn direction_marks_are_removed() {
        // An Arabic line between right-to-left marks, a Latin word isolated in it.
        let text = "\u{200F}نستخدم \u{2066}cookies\u{2069} لتحسين تجربتك\u{200F}";
        let v = visible(text).unwrap();
        assert_eq!(v.text, "نستخدم cookies لتحسين تجربتك");
        assert_eq!(v.original(0..v.text.len()), 0..text.len());
    }

    #[test]
    fn a_text_of_them_alone_is_empty() {
        let text = "\u{FEFF}\u{200B}";
        let v = visible(text).unwrap();
        assert_eq!(v.text, "");
        assert_eq!(v.original(0..0), 0..text.len());
    }
}
