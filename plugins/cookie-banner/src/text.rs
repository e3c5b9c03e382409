//! Text helpers of the line evidence: quotations, interface residue, word counts.

use std::ops::Range;

use boilerlint_lexicon::{count_words, CjkWords, LineSet};

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

/// Words a button label holds at most, for a label no lexicon lists whole (see
/// [`is_button_row`]).
const MAX_BUTTON_WORDS: usize = 5;

/// A line of interface controls: one or more labels (joined by `|`, `·`, `•`, `/` or two
/// spaces, as a scraper flattens a row of buttons), each a known label or made only of the
/// words of known labels ("Refuser tous les cookies", "Alle ablehnen | Einstellungen").
/// A sentence is none: it ends with a full stop.
pub(crate) fn is_button_row(line: &str, ui: &LineSet) -> bool {
    let trimmed = line.trim();
    if trimmed.ends_with(['.', '。', ':', ',']) {
        return false;
    }
    let mut labels = 0;
    for label in trimmed
        .split(['|', '·', '•', '/'])
        .flat_map(|part| part.split("  "))
    {
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
    use super::quoted_spans;

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
