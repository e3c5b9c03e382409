//! Text helpers of the line evidence: quotations, interface residue, word counts.

use std::ops::Range;

use boilerlint_lexicon::{count_words, layout, quotations, CjkWords, LineSet};

/// Byte ranges (absolute) of quotations in a paragraph that also has enough words outside
/// them to be a sentence about the quote; empty otherwise.
pub(crate) fn quoted_spans(text: &str, offset: usize) -> Vec<Range<usize>> {
    let mut spans = quotations(text);
    if spans.is_empty() {
        return spans;
    }
    let quoted: usize = spans.iter().map(|r| words(&text[r.clone()])).sum();
    if words(text).saturating_sub(quoted) < 8 {
        return Vec::new();
    }
    for span in &mut spans {
        *span = offset + span.start..offset + span.end;
    }
    spans
}

/// A mark of one or two characters that a button leaves ("X", "×", "OK", "Ad"): a letter,
/// digit or close glyph among them. A list's bullet or a row's separator ("-", "|", "»") is
/// none: pages are full of them, and no notice of the corpus leaves one.
pub(crate) fn is_mark(line: &str) -> bool {
    let trimmed = line.trim();
    // One or two characters: a longer line is not counted to its end.
    (1..=2).contains(&trimmed.chars().take(3).count()) && has_sign(trimmed)
}

/// A line of nothing but punctuation and symbols (`-`, `|`, `***`, `»`), not blank: a list's
/// bullet, a row's separator, a rule, which a page's layout leaves between its lines.
pub(crate) fn is_separator(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !has_sign(trimmed)
}

/// Whether `text` holds a letter, a digit or a close glyph.
fn has_sign(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_alphanumeric() || layout::CLOSE_GLYPHS.contains(&c))
}

/// A line a closed banner leaves behind: a close glyph or a button label.
pub(crate) fn is_residue(line: &str, ui: &LineSet) -> bool {
    let trimmed = line.trim();
    let mut chars = trimmed.chars();
    let one_glyph = chars
        .next()
        .is_some_and(|c| layout::CLOSE_GLYPHS.contains(&c))
        && chars.next().is_none();
    one_glyph || matches!(trimmed, "X" | "x" | "OK" | "Ok" | "ok") || ui.contains_line(trimmed)
}

/// Words a button label holds at most, for a label no lexicon lists whole (see
/// [`is_button_row`]).
const MAX_BUTTON_WORDS: usize = 5;

/// A line of interface controls: one or more labels (joined by `|`, `·`, `•`, `/` or two
/// spaces, as a scraper flattens a row of buttons), each a known label or two or more words of
/// known labels ("Refuser tous les cookies", "Alle ablehnen | Einstellungen"); one word of a
/// label alone ("Ja", "alle") is as often a table's cell.
/// A sentence is none: it ends with a full stop.
pub(crate) fn is_button_row(line: &str, ui: &LineSet) -> bool {
    let trimmed = line.trim();
    if trimmed.ends_with(['.', '。', ':', ',']) {
        return false;
    }
    // Every word of a row of labels is a word of the labels: most lines are sentences, and
    // fail on one of their first words without being split.
    if !ui.has_only_known_words(trimmed) {
        return false;
    }
    let mut labels = 0;
    for label in labels_of(trimmed) {
        if boilerlint_lexicon::trim_decoration(label).is_empty() {
            continue;
        }
        labels += 1;
        if !ui.is_label(label, MAX_BUTTON_WORDS) {
            return false;
        }
    }
    labels > 0
}

/// The labels of a row of controls: `row` split at each `|`, `·`, `•`, `/` and two spaces,
/// as `row.split(['|', '·', '•', '/']).flat_map(|part| part.split("  "))` splits it, in one pass
/// over its bytes that goes only as far as the labels asked for.
fn labels_of(row: &str) -> impl Iterator<Item = &str> {
    let bytes = row.as_bytes();
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let mut i = from;
        while i < bytes.len() {
            let separator = match bytes[i] {
                b'|' | b'/' => 1,
                b' ' if bytes.get(i + 1) == Some(&b' ') => 2,
                // '·' (U+00B7) and '•' (U+2022).
                0xC2 if bytes.get(i + 1) == Some(&0xB7) => 2,
                0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xA2]) => 3,
                _ => 0,
            };
            if separator > 0 {
                start = Some(i + separator);
                return Some(&row[from..i]);
            }
            i += 1;
        }
        start = None;
        Some(&row[from..])
    })
}

/// Words in `text`; Chinese and Japanese characters count as half a word each.
pub(crate) fn words(text: &str) -> usize {
    count_words(text, CjkWords::HalfPerCharacter)
}

/// Whether `next` continues the sentence of `line`, the line above it in the same paragraph:
/// `line` ends without closing a sentence and `next` opens with a lowercase letter (a text
/// wrapped at a fixed width). A consent notice is a block of its own: it never starts or ends
/// inside a sentence of the text around it.
pub(crate) fn continues(line: &str, next: &str) -> bool {
    let closes = line.trim_end().chars().last().is_none_or(|c| {
        matches!(
            c,
            '.' | '!'
                | '?'
                | ':'
                | ';'
                | '…'
                | '。'
                | '！'
                | '？'
                | '|'
                | '×'
                | ')'
                | '"'
                | '”'
                | '»'
        )
    });
    !closes
        && next
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::{labels_of, quoted_spans};

    #[test]
    fn labels_are_split_as_the_separators_split_them() {
        for row in [
            "Alle ablehnen | Einstellungen",
            "Accept·Reject • Settings / More",
            "a   b    c| |d//e",
            "  Tout refuser  ",
            "",
            "|",
            "Ok  ",
            "x · y ·· z •• w — v ‒ u",
        ] {
            let expected: Vec<&str> = row
                .split(['|', '·', '•', '/'])
                .flat_map(|part| part.split("  "))
                .collect();
            assert_eq!(labels_of(row).collect::<Vec<_>>(), expected, "{row:?}");
        }
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
