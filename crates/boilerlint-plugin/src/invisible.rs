//! Characters that render as nothing inside words, and accents written apart from their
//! letters: a plugin reads text without the first and with the second composed.
//!
//! A page's HTML breaks long words with soft hyphens (`Daten&shy;schutz&shy;erklärung`),
//! glues or splits words with zero-width characters and sets the direction of Arabic, Hebrew
//! and Persian text with direction marks (`&rlm;`), and text extractors keep them: to a plugin
//! matching phrases, `Coo\u{AD}kies` is not `Cookies`. Pages also write accented letters as a
//! letter and a combining accent (Unicode's decomposed form, NFD: Vietnamese sites, text from
//! macOS), which no lexicon or function-word list spells so: `cookie\u{301}` is not
//! `cookié`. Converters and twice-escaping sites leave more between a reader and the words:
//! Markdown's link and bold marks (`[Accept all](https://…)`), HTML character references
//! (`&nbsp;`, `&amp;`) and no-break spaces. The SDK hands every plugin the document without the
//! invisible characters and Markdown's marks, with its accents composed (NFC), its references
//! decoded and its spaces plain, and maps the byte ranges it reports back onto the text the
//! host holds, so no plugin has to know of them.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::{char::canonical_combining_class, is_nfc_quick, IsNormalized};

/// The spaces a plugin reads as a plain space (U+0020): the no-break space (`&nbsp;`, which
/// pages put between the words of buttons and names and, in French, before `:`, `;`, `!`
/// and `?`), the narrow no-break space, the medium mathematical space, and the spaces of
/// U+2000 to U+200A (en, em, thin, hair and the rest). A lexicon's phrase of several words
/// (`ملفات تعريف الارتباط`, "cookies" in Arabic) is written with plain spaces.
pub const SPACES: [char; 14] = [
    '\u{A0}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}',
    '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{202F}', '\u{205F}',
];

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

/// A text as a plugin reads it (see [`visible`]), and where its bytes came from.
#[derive(Debug)]
pub struct Visible {
    /// The text as the plugin reads it.
    pub text: String,
    /// Where the byte offsets of `text` stop running in step with the original's, sorted by
    /// `at`: from each anchor to the next, `text[at + k]` is the original's `end + k`.
    anchors: Vec<Anchor>,
}

/// A place of [`Visible::text`] where it stops running in step with the original: after
/// characters left out (at the byte they stood before) or after a composed letter.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Anchor {
    /// The byte offset in the visible text.
    at: usize,
    /// Where a range starting at `at` starts in the original: before the characters left out
    /// there, so that a range takes them in.
    start: usize,
    /// Where a range ending at `at` ends in the original, and where `at` runs in step from:
    /// after the characters left out there.
    end: usize,
}

/// `text` as a plugin reads it (see [`Visible`]), or `None` when it reads as it is (most
/// texts: found by a scan for the lead bytes of the invisible characters' and the combining
/// accents' UTF-8 encodings, for the marks of Markdown's links and bold text, and for HTML
/// character references).
pub fn visible(text: &str) -> Option<Visible> {
    let bytes = text.as_bytes();
    // (A lead byte is never a continuation byte, so the positions found are those of whole
    // characters.) The combining accents of U+0300 to U+036F begin with 0xCC or 0xCD; the
    // other combining marks are letters' own (Indic vowel signs) and stay as they are.
    let accents = memchr::memchr2(0xCC, 0xCD, bytes).is_some();
    let hidden_or_spaced = memchr::memchr3_iter(0xC2, 0xE2, 0xEF, bytes)
        .any(|i| invisible_at(text, i) || space_at(text, i));
    let markup = markdown_marks(text);
    let mut entities = html_entities(text);
    // (An entity inside a link's address is the address's.)
    entities.retain(|(e, _)| !markup.iter().any(|m| m.start < e.end && e.start < m.end));
    if !hidden_or_spaced && !accents && markup.is_empty() && entities.is_empty() {
        return None;
    }
    let mut out = Visible {
        text: String::with_capacity(text.len()),
        anchors: Vec::new(),
    };
    // The text is read in pieces that compose alone: each starts at a character that never
    // composes with the one before it (a starter whose NFC quick check says yes), so that a
    // letter and the accents after it are one piece. An invisible character, a space, a mark
    // of Markdown and a character reference are pieces of their own, left out or replaced.
    // (`piece` is where the piece being read starts: the characters of a mark or reference
    // before it are skipped.)
    let mut piece = 0;
    let mut marks = markup.into_iter().peekable();
    let mut entities = entities.into_iter().peekable();
    for (at, c) in text.char_indices() {
        if at < piece {
            continue;
        }
        if let Some(mark) = marks.next_if(|m| m.start == at) {
            out.push_piece(text, piece..at, accents);
            out.leave_out(mark.clone());
            piece = mark.end;
        } else if let Some((entity, decoded)) = entities.next_if(|(e, _)| e.start == at) {
            out.push_piece(text, piece..at, accents);
            out.read_as(entity.clone(), &decoded);
            piece = entity.end;
        } else if SPACES.contains(&c) {
            out.push_piece(text, piece..at, accents);
            out.replace(at..at + c.len_utf8(), " ");
            piece = at + c.len_utf8();
        } else if INVISIBLE.contains(&c) {
            // (Between a letter and its accent, it is left out of the piece they compose.)
            let inside = accents
                && text[at + c.len_utf8()..]
                    .chars()
                    .find(|n| !INVISIBLE.contains(n))
                    .is_some_and(|n| !starts_a_piece(n));
            if !inside {
                out.push_piece(text, piece..at, accents);
                out.leave_out(at..at + c.len_utf8());
                piece = at + c.len_utf8();
            }
        } else if accents && at > piece && starts_a_piece(c) {
            out.push_piece(text, piece..at, accents);
            piece = at;
        }
    }
    out.push_piece(text, piece..text.len(), accents);
    Some(out)
}

/// The marks of Markdown that a reader of the rendered text does not see, which text
/// converters (html2text, markdownify) write around a page's words: a link's brackets and
/// address (`[Accept all](https://example.com/#accept)` reads `Accept all`, an image's
/// `![Advertisement](ad.png)` its description) and the asterisks of bold text
/// (`**We use cookies**`), each within one line. Sorted, never overlapping.
pub fn markdown_marks(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut marks: Vec<Range<usize>> = Vec::new();
    // (Most texts hold neither a closing bracket nor an asterisk.)
    if memchr::memchr2(b']', b'*', bytes).is_none() {
        return marks;
    }
    for close in memchr::memmem::find_iter(bytes, b"](") {
        // The link's text: from the last '[' of its line before it, holding no bracket.
        let line_start = memchr::memrchr(b'\n', &bytes[..close]).map_or(0, |n| n + 1);
        let Some(open) = memchr::memrchr(b'[', &bytes[line_start..close]).map(|o| line_start + o)
        else {
            continue;
        };
        if open + 1 == close || memchr::memchr(b']', &bytes[open + 1..close]).is_some() {
            continue;
        }
        // Its address: up to a ')', without white space.
        let address = &bytes[close + 2..];
        let Some(end) = address
            .iter()
            .position(|&b| b == b')' || b.is_ascii_whitespace())
        else {
            continue;
        };
        if end == 0 || address[end] != b')' {
            continue;
        }
        let start = if open > line_start && bytes[open - 1] == b'!' {
            open - 1
        } else {
            open
        };
        if marks.last().is_some_and(|m| m.end > start) {
            continue;
        }
        marks.push(start..open + 1);
        marks.push(close..close + 2 + end + 1);
    }
    // Bold text: `**` opening a word (after white space, punctuation or the line's start, before
    // a letter) and `**` closing one on the same line (after a letter, before white space,
    // punctuation or the line's end): not `2 ** 3`, `x**2 + y**2` or `**kwargs`.
    let mut bold: Vec<Range<usize>> = Vec::new();
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80);
    let mut opened: Option<usize> = None;
    for at in memchr::memmem::find_iter(bytes, b"**") {
        let (before, after) = (
            at.checked_sub(1).and_then(|i| bytes.get(i)),
            bytes.get(at + 2),
        );
        match opened {
            Some(open)
                if memchr::memchr(b'\n', &bytes[open..at]).is_none()
                    && word(before)
                    && !word(after) =>
            {
                bold.push(open..open + 2);
                bold.push(at..at + 2);
                opened = None;
            }
            _ => opened = (!word(before) && word(after)).then_some(at),
        }
    }
    if !bold.is_empty() {
        // (Bold marks inside a link's address are the address's.)
        bold.retain(|b| !marks.iter().any(|m| m.start < b.end && b.start < m.end));
        marks.extend(bold);
        marks.sort_by_key(|m| m.start);
    }
    marks
}

/// The longest character reference read, `&` and `;` included (`&CounterClockwiseContourIntegral;`
/// is 33 bytes).
const MAX_ENTITY_BYTES: usize = 40;

/// The HTML character references a page's text kept undecoded (`&nbsp;`, `&amp;`, `&#39;`,
/// `&#x2019;`), as a reader of the page never saw them: each one's range and the text it
/// stands for, by the HTML5 table of named references. Only a reference closed by `;` is read
/// (`AT&T` and `&c` stay as written). Sorted, never overlapping.
pub fn html_entities(text: &str) -> Vec<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'&', &bytes[from..]).map(|i| from + i) {
        from = at + 1;
        let window = &bytes[at + 1..bytes.len().min(at + MAX_ENTITY_BYTES)];
        let Some(semicolon) = memchr::memchr(b';', window) else {
            continue;
        };
        let name = &window[..semicolon];
        let well_formed = match name {
            [b'#', b'x' | b'X', hex @ ..] => {
                !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit)
            }
            [b'#', digits @ ..] => !digits.is_empty() && digits.iter().all(u8::is_ascii_digit),
            _ => !name.is_empty() && name.iter().all(u8::is_ascii_alphanumeric),
        };
        if !well_formed {
            continue;
        }
        let end = at + 1 + semicolon + 1;
        let reference = &text[at..end];
        let decoded = html_escape::decode_html_entities(reference);
        if decoded != reference && !decoded.is_empty() {
            found.push((at..end, decoded.into_owned()));
            from = end;
        }
    }
    found
}

/// Whether `c` never composes with the character before it: a starter (combining class 0)
/// whose NFC quick check is yes.
fn starts_a_piece(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Whether an [`INVISIBLE`] character starts at byte `i` of `text` (a lead byte), read from
/// its UTF-8 bytes: U+00AD is `C2 AD`; U+200B, U+200E, U+200F and U+202A to U+202E are
/// `E2 80 8B`, `8E`, `8F` and `AA` to `AE`; U+2060 and U+2066 to U+2069 `E2 81 A0` and `A6` to
/// `A9`; U+FEFF `EF BB BF`. (Most lead bytes found begin quotation marks and dashes.)
fn invisible_at(text: &str, i: usize) -> bool {
    let bytes = &text.as_bytes()[i..];
    match *bytes {
        [0xC2, 0xAD, ..] => true,
        [0xE2, 0x80, b, ..] => matches!(b, 0x8B | 0x8E | 0x8F | 0xAA..=0xAE),
        [0xE2, 0x81, b, ..] => matches!(b, 0xA0 | 0xA6..=0xA9),
        [0xEF, 0xBB, 0xBF, ..] => true,
        _ => false,
    }
}

/// Whether one of the [`SPACES`] starts at byte `i` of `text` (a lead byte): U+00A0 is `C2 A0`;
/// U+2000 to U+200A and U+202F are `E2 80 80` to `8A` and `AF`; U+205F `E2 81 9F`.
fn space_at(text: &str, i: usize) -> bool {
    let bytes = &text.as_bytes()[i..];
    match *bytes {
        [0xC2, 0xA0, ..] => true,
        [0xE2, 0x80, b, ..] => matches!(b, 0x80..=0x8A | 0xAF),
        [0xE2, 0x81, 0x9F, ..] => true,
        _ => false,
    }
}

impl Visible {
    /// Appends what the original's `range` reads as, `reads` (a character reference's text):
    /// nothing for an [`INVISIBLE`] character, a plain space for one of the [`SPACES`].
    fn read_as(&mut self, range: Range<usize>, reads: &str) {
        let mut chars = reads.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if INVISIBLE.contains(&c) => self.leave_out(range),
            (Some(c), None) if SPACES.contains(&c) => self.replace(range, " "),
            _ => self.replace(range, reads),
        }
    }

    /// Appends `with` for the original's `range` (a space for a no-break space, a character
    /// for its HTML reference): a range that starts or ends inside `with` takes in all of
    /// `range`.
    fn replace(&mut self, range: Range<usize>, with: &str) {
        let before = self.text.len();
        self.text.push_str(with);
        for (i, _) in with.char_indices().skip(1) {
            self.anchor(before + i, range.start, range.end);
        }
        self.anchor(self.text.len(), range.end, range.end);
    }

    /// Appends `text[range]`, composed when `compose` is set and it is not already.
    fn push_piece(&mut self, text: &str, range: Range<usize>, compose: bool) {
        let piece = &text[range.clone()];
        if piece.is_empty() {
            return;
        }
        // (A piece holds an invisible character only between a letter and its accent.)
        let holds_invisible = compose && piece.chars().any(|c| INVISIBLE.contains(&c));
        if !compose || !holds_invisible && is_nfc_quick(piece.chars()) == IsNormalized::Yes {
            self.text.push_str(piece);
            return;
        }
        // (A range that starts or ends inside what the piece became, between a letter composed
        // and an accent that did not compose with it, takes in the whole piece.)
        let composed: String = piece
            .chars()
            .filter(|c| !INVISIBLE.contains(c))
            .nfc()
            .collect();
        if composed == piece {
            self.text.push_str(piece);
        } else {
            self.replace(range, &composed);
        }
    }

    /// Leaves out the original's `range` at the end of the text so far.
    fn leave_out(&mut self, range: Range<usize>) {
        self.anchor(self.text.len(), range.start, range.end);
    }

    /// Adds an anchor at `at`, merged with one already there (runs of characters left out one
    /// after another, or after a composed letter).
    fn anchor(&mut self, at: usize, start: usize, end: usize) {
        match self.anchors.last_mut() {
            Some(last) if last.at == at => last.end = end,
            _ => self.anchors.push(Anchor { at, start, end }),
        }
    }

    /// Where byte `at` of the visible text is in the original: as a range's start (`end` unset)
    /// or end.
    fn map(&self, at: usize, end: bool) -> usize {
        let k = self.anchors.partition_point(|a| a.at <= at);
        match k.checked_sub(1).map(|k| self.anchors[k]) {
            None => at,
            Some(a) if a.at == at => {
                if end {
                    a.end
                } else {
                    a.start
                }
            }
            Some(a) => a.end + (at - a.at),
        }
    }

    /// The range of the original text that a range of the visible text covers: with the
    /// invisible characters inside it and at its two edges (a line's range takes those at the
    /// line's start and end, so that deleting it leaves none behind), and each composed letter
    /// as the letter and accents it was composed of.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.map(range.start, false);
        let end = self.map(range.end, true);
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invisible_characters_and_spaces_are_read_from_their_bytes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(invisible_at(&text, 1), INVISIBLE.contains(&c), "{c:?}");
            assert_eq!(space_at(&text, 1), SPACES.contains(&c), "{c:?}");
        }
        // Every one of them is a space to Rust, and a separator of words to Unicode.
        assert!(SPACES.iter().all(|c| c.is_whitespace()));
    }

    #[test]
    fn spaces_read_as_plain_spaces() {
        let text = "ملفات\u{A0}تعريف\u{A0}الارتباط\nAccepter\u{202F}!";
        let v = visible(text).unwrap();
        assert_eq!(v.text, "ملفات تعريف الارتباط\nAccepter !");
        assert_ranges_map_onto_characters(text, &v);
        let second = v.text.find('\n').unwrap() + 1..v.text.len();
        assert_eq!(&text[v.original(second)], "Accepter\u{202F}!");
    }

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

    /// Every range of the visible text on character boundaries maps onto character
    /// boundaries of `text`, in order, and the whole visible text onto the whole of `text`.
    fn assert_ranges_map_onto_characters(text: &str, v: &Visible) {
        for s in 0..=v.text.len() {
            for e in s..=v.text.len() {
                if v.text.is_char_boundary(s) && v.text.is_char_boundary(e) {
                    let r = v.original(s..e);
                    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    assert!(r.start <= r.end && r.end <= text.len(), "{s}..{e}: {r:?}");
                }
            }
        }
        assert_eq!(v.original(0..v.text.len()), 0..text.len());
    }

    #[test]
    fn accents_written_apart_are_composed() {
        // Vietnamese and French written decomposed, with a soft hyphen after a composed letter.
        let text =
            "Chu\u{301}ng to\u{302}i su\u{31b}\u{309} du\u{323}ng cookie\nCafe\u{301}\u{AD}s";
        let v = visible(text).unwrap();
        assert_eq!(v.text, "Chúng tôi sử dụng cookie\nCafés");
        assert_ranges_map_onto_characters(text, &v);
        // The second line, and a word ending in a composed letter with the soft hyphen after
        // it.
        let line = v.text.find('\n').unwrap() + 1;
        assert_eq!(&text[v.original(line..v.text.len())], "Cafe\u{301}\u{AD}s");
        let cafe = line..line + "Café".len();
        assert_eq!(&text[v.original(cafe)], "Cafe\u{301}\u{AD}");
        // A letter one accent composes with and another does not: a range inside takes in
        // the whole letter.
        let text = "e\u{327}\u{301}x";
        let v = visible(text).unwrap();
        assert_eq!(v.text, "\u{229}\u{301}x");
        assert_ranges_map_onto_characters(text, &v);
        let text = "q\u{301}\u{AD}e\u{301}\u{328}\u{200B}";
        let v = visible(text).unwrap();
        assert_ranges_map_onto_characters(text, &v);
        // An invisible character between a sign and an accent that does not compose with it.
        let text = "*\u{2060}\u{305}";
        let v = visible(text).unwrap();
        assert_eq!(v.text, "*\u{305}");
        assert_ranges_map_onto_characters(text, &v);
    }

    #[test]
    fn markdown_links_and_bold_read_as_their_words() {
        let text = "**We use cookies** to improve your experience.\n\
                    [Accept all](https://example.com/#accept) · [Settings](/privacy)\n\
                    ![Advertisement](https://ads.example.com/a.png)\n";
        let v = visible(text).unwrap();
        assert_eq!(
            v.text,
            "We use cookies to improve your experience.\nAccept all · Settings\nAdvertisement\n"
        );
        assert_ranges_map_onto_characters(text, &v);
        // The second line, as a finding on it covers it: its marks with it.
        let second = v.text.find("Accept").unwrap()..v.text.find("Settings").unwrap() + 8;
        assert_eq!(
            &text[v.original(second)],
            "[Accept all](https://example.com/#accept) · [Settings](/privacy)"
        );
        // Not marks: brackets without an address, an address with a space, an empty link,
        // a lone or spaced asterisk pair, marks across lines.
        for plain in [
            "See [1] and [2].",
            "[a link](not an address)",
            "[](https://example.com)",
            "2 ** 3 = 8 and x ** y",
            "x**2 + y**2",
            "def f(*args, **kwargs): return g(**kwargs)",
            "**bold\nacross lines**",
            "__init__ and __bold__",
        ] {
            assert!(markdown_marks(plain).is_empty(), "{plain}");
        }
    }

    #[test]
    fn html_references_read_as_what_they_stand_for() {
        let text =
            "We&nbsp;use cookies &amp; similar tools&#8230; Don&#x2019;t\nCoo&shy;kies AT&T &c";
        let v = visible(text).unwrap();
        assert_eq!(
            v.text,
            "We use cookies & similar tools… Don’t\nCookies AT&T &c"
        );
        assert_ranges_map_onto_characters(text, &v);
        let second = v.text.find('\n').unwrap() + 1..v.text.find(" AT").unwrap();
        assert_eq!(&text[v.original(second)], "Coo&shy;kies");
        // Not references: no `;`, unknown names, an empty one.
        for plain in [
            "AT&T and R&D",
            "&unknownname;",
            "&;",
            "&#;",
            "&#xZZ;",
            "a & b; c",
        ] {
            assert!(html_entities(plain).is_empty(), "{plain}");
        }
    }

    #[test]
    fn a_text_of_them_alone_is_empty() {
        let text = "\u{FEFF}\u{200B}";
        let v = visible(text).unwrap();
        assert_eq!(v.text, "");
        assert_eq!(v.original(0..0), 0..text.len());
    }
}
