//! What reaches a terminal or a log: control characters in paths and text are shown escaped,
//! never written raw. A newline in a file name would start a line of its own (a forged
//! `::error file=...` annotation, a fake diagnostic), and escape sequences or a carriage return
//! in scraped text would drive the terminal. As ripgrep and ruff do with file names, they are
//! written as `\n`, `\r`, `\u{1b}`; tabs stay.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal raw: C0 and C1 controls (but tab), DEL, and the
/// Unicode line and paragraph separators and bidirectional overrides, which reorder or break
/// what is shown.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with its unsafe characters escaped.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text of several lines (a diff): each line's own line break (LF or CRLF) stays, every other
/// unsafe character is escaped, a lone CR too.
pub fn clean_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\r') && !has_lone_cr(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for line in s.split_inclusive('\n') {
        let body = line
            .strip_suffix("\r\n")
            .or_else(|| line.strip_suffix('\n'))
            .unwrap_or(line);
        out.push_str(&clean(body));
        out.push_str(&line[body.len()..]);
    }
    Cow::Owned(out)
}

/// A message that may have indented continuation lines (a list of problems): a line break is
/// kept when the next line is indented, so what starts a line is never data; every other
/// unsafe character, and any other line break, is escaped.
pub fn clean_message(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, piece) in s.split('\n').enumerate() {
        if i > 0 {
            out.push_str(if piece.starts_with([' ', '\t']) {
                "\n"
            } else {
                "\\n"
            });
        }
        out.push_str(&clean(piece));
    }
    Cow::Owned(out)
}

fn has_lone_cr(s: &str) -> bool {
    s.match_indices('\r')
        .any(|(i, _)| !s[i + 1..].starts_with('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_plain_text_is_borrowed() {
        assert!(matches!(clean("çerez\tok"), Cow::Borrowed(_)));
        assert_eq!(
            clean("a\n::error file=x::y\r\u{1b}[31m\u{9b}\u{202e}"),
            "a\\n::error file=x::y\\r\\u{1b}[31m\\u{9b}\\u{202e}"
        );
        assert_eq!(
            clean_lines("a\r\nb\u{1b}\nc\rd\n"),
            "a\r\nb\\u{1b}\nc\\rd\n"
        );
        assert!(matches!(clean_lines("a\r\nb\n"), Cow::Borrowed(_)));
        assert_eq!(
            clean_message("3 problems:\n  - a\n::error x\r\n  - b"),
            "3 problems:\n  - a\\n::error x\\r\n  - b"
        );
    }
}
