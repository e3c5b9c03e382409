//! Counting words: the one word counter of the shipped plugins.
//!
//! A word is a run of characters that are not whitespace (as [`str::split_whitespace`] splits).
//! Chinese and Japanese are written without spaces, so a whole notice may be one such "word";
//! the callers differ in what they need there, and say so with [`CjkWords`]:
//!
//! - `cookie-banner` asks whether a line is long enough to be a sentence: a Chinese notice must
//!   count as long, so each Chinese or Japanese character counts as half a word
//!   ([`CjkWords::HalfPerCharacter`]);
//! - `ad-notice` and `site-rules` (`max-words`) ask whether a line is short enough to be a
//!   label or a heading, with thresholds chosen (and documented to users) as
//!   `split_whitespace` counts ([`CjkWords::Spaced`]).
//!
//! Both count eight bytes at a time where no byte may begin a space outside ASCII (nor, for
//! [`CjkWords::HalfPerCharacter`], a Chinese or Japanese character), and stop as soon as the
//! answer is known ([`more_words_than`]), so a long paragraph costs little.

use crate::is_cjk;

/// How Chinese and Japanese characters count, see the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CjkWords {
    /// Only whitespace separates words: exactly `text.split_whitespace().count()`.
    Spaced,
    /// The larger of the spaced count and half the Chinese and Japanese characters
    /// ([`is_cjk`]), rounded down.
    HalfPerCharacter,
}

/// The number of words in `text`.
pub fn count_words(text: &str, cjk: CjkWords) -> usize {
    count_up_to(text, cjk, usize::MAX)
}

/// Whether `text` has more than `max` words, read only as far as needed.
pub fn more_words_than(text: &str, max: usize, cjk: CjkWords) -> bool {
    count_up_to(text, cjk, max) > max
}

/// The number of words in `text` if it has at most `max`, `max + 1` otherwise, read only as far
/// as needed: for a caller that compares it with `max` and with smaller bounds too.
pub fn count_words_up_to(text: &str, max: usize, cjk: CjkWords) -> usize {
    count_up_to(text, cjk, max).min(max.saturating_add(1))
}

/// The number of words in `text`, or any number above `stop_above` once it is exceeded.
fn count_up_to(text: &str, cjk: CjkWords, stop_above: usize) -> usize {
    let half = cjk == CjkWords::HalfPerCharacter;
    let bytes = text.as_bytes();
    let (mut words, mut cjk_chars, mut in_word, mut i) = (0, 0, false, 0);
    let count = |words: usize, cjk_chars: usize| {
        if half {
            words.max(cjk_chars / 2)
        } else {
            words
        }
    };
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            // Any chunk without a byte that may begin a space outside ASCII (and, for Half, a
            // Chinese or Japanese character): its other bytes are all inside words.
            let fast = if half {
                wide_space_or_cjk_leads(x) == 0
            } else {
                wide_space_leads(x) == 0
            };
            if fast {
                let space = ascii_spaces(x);
                // A word starts at a byte that is not a space after one that is.
                let after_space = (space << 8) | (u64::from(!in_word) << 7);
                words += (!space & after_space & HIGH).count_ones() as usize;
                if count(words, cjk_chars) > stop_above {
                    return count(words, cjk_chars);
                }
                in_word = space >> 63 == 0;
                i += 8;
                continue;
            }
        }
        let (space, len) = match bytes[i] {
            b'\t'..=b'\r' | b' ' => (true, 1),
            b if b < 0x80 => (false, 1),
            // U+0085, U+00A0, U+1680, U+2000..U+205F, U+3000 begin with these, and for Half the
            // Chinese and Japanese characters ([`is_cjk`]) with these or 0xE4 to 0xE9, 0xEF,
            // 0xF0; every other byte is inside a word (lead and continuation bytes alike).
            b if !(matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) || half && is_cjk_lead(b)) => (false, 1),
            // At a character's start: the bytes above are lead bytes, and the characters they
            // begin are stepped over whole.
            _ => {
                let c = text[i..].chars().next().expect("at a character boundary");
                if half && is_cjk(c) {
                    cjk_chars += 1;
                }
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if !space && !in_word {
            words += 1;
        }
        if count(words, cjk_chars) > stop_above {
            return count(words, cjk_chars);
        }
        in_word = !space;
        i += len;
    }
    count(words, cjk_chars)
}

/// The high bit of every byte of a `u64`.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// One in every byte of a `u64`.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` whose low seven bits are in `lo..=hi` (below 0x80): each
/// byte's low bits plus a constant below 0x80 cannot carry into the next byte.
fn low_bits_in(x: u64, lo: u8, hi: u8) -> u64 {
    let low = x & !HIGH;
    (low + ONES * u64::from(0x80 - lo)) & !(low + ONES * u64::from(0x7f - hi)) & HIGH
}

/// The high bit of each byte of `x` that is an ASCII space (`\t` to `\r`, or ` `).
fn ascii_spaces(x: u64) -> u64 {
    (low_bits_in(x, b'\t', b'\r') | low_bits_in(x, b' ', b' ')) & !x & HIGH
}

/// The high bit of each byte of `x` that may begin a space outside ASCII: 0xC2, 0xE1 to 0xE3.
fn wide_space_leads(x: u64) -> u64 {
    (low_bits_in(x, 0x42, 0x42) | low_bits_in(x, 0x61, 0x63)) & x & HIGH
}

/// The high bit of each byte of `x` that may begin a space outside ASCII or a Chinese or
/// Japanese character ([`is_cjk`]): 0xC2, 0xE1 to 0xE9, 0xEF, 0xF0.
fn wide_space_or_cjk_leads(x: u64) -> u64 {
    (low_bits_in(x, 0x42, 0x42) | low_bits_in(x, 0x61, 0x69) | low_bits_in(x, 0x6F, 0x70))
        & x
        & HIGH
}

/// Whether `b` may begin a Chinese or Japanese character ([`is_cjk`]): U+3040 to U+9FFF begin
/// with 0xE3 to 0xE9, U+F900 to U+FF9F with 0xEF, U+20000 to U+2FFFF with 0xF0.
pub(crate) fn is_cjk_lead(b: u8) -> bool {
    matches!(b, 0xE3..=0xE9 | 0xEF | 0xF0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counts as the plugins wrote them before they shared this counter.
    fn reference(text: &str, cjk: CjkWords) -> usize {
        let spaced = text.split_whitespace().count();
        match cjk {
            CjkWords::Spaced => spaced,
            CjkWords::HalfPerCharacter => {
                spaced.max(text.chars().filter(|&c| is_cjk(c)).count() / 2)
            }
        }
    }

    #[test]
    fn counts_words_and_chinese_characters() {
        let half = CjkWords::HalfPerCharacter;
        assert_eq!(count_words("  We use\tcookies.\n", half), 3);
        assert_eq!(
            count_words("Wir verwenden Cookies\u{a0}und Tracking", half),
            5
        );
        assert_eq!(count_words("a\u{3000}b", half), 2);
        // Eight Chinese characters count as four words, or as one where only spaces count.
        assert_eq!(count_words("本网站使用小型文件", half), 4);
        assert_eq!(count_words("本网站使用小型文件", CjkWords::Spaced), 1);
        assert_eq!(count_words("", half), 0);
    }

    #[test]
    fn counts_words_as_split_whitespace_does() {
        let spaces = [
            " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}",
            "\u{200a}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}",
        ];
        let words = [
            "a",
            "ü",
            "Ä",
            "→",
            "\u{2010}",
            "\u{200b}",
            "广告",
            "\u{e100}",
            "😀",
            "本网站使用小型文件",
        ];
        // Found by proptest: a word ending right at an eight-byte chunk.
        let mut texts = vec!["aaaaaa \ta".to_string()];
        for space in spaces {
            for word in words {
                texts.push(format!("{word}{space}{word}{space}{space}{word}"));
                texts.push(format!("{space}{word}{space}"));
                texts.push(format!("{space}{space}"));
            }
        }
        for text in &texts {
            for cjk in [CjkWords::Spaced, CjkWords::HalfPerCharacter] {
                let count = reference(text, cjk);
                assert_eq!(count_words(text, cjk), count, "{text:?} {cjk:?}");
                for max in 0..4 {
                    assert_eq!(
                        more_words_than(text, max, cjk),
                        count > max,
                        "{text:?} {max}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn counts_words_as_the_reference_does_at_any_length(
            text in "([a-z]{0,7}[ \t\n]{0,2}|[é\u{a0}\u{85}\u{2003}\u{3000}—’ᚠ、广本ア\u{1680}дΩ한ไｱ😀𠀀\u{feff}]{1,9}){0,24}",
        ) {
            for cjk in [CjkWords::Spaced, CjkWords::HalfPerCharacter] {
                let count = reference(&text, cjk);
                proptest::prop_assert_eq!(count_words(&text, cjk), count);
                for max in 0..=count + 1 {
                    proptest::prop_assert_eq!(more_words_than(&text, max, cjk), count > max);
                    proptest::prop_assert_eq!(count_words_up_to(&text, max, cjk), count.min(max + 1));
                }
            }
        }
    }
}
