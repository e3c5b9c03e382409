//! A small trained language identifier for close relatives: multinomial Naive Bayes over the
//! character 1- to 4-grams of a text's words, trained on real prose (`examples/train.rs`) and
//! shipped as `model/langid.bin`.
//!
//! whatlang ranks languages by a fixed profile of common trigrams and confuses close relatives
//! on short text (Danish and Norwegian, Croatian and Serbian, Czech and Slovak). This model is
//! asked only among a few candidates (the main language, what the other evidence named, and
//! their close relatives), and only for paragraphs the cheap evidence leaves unsure.
//!
//! ## The file
//!
//! Little-endian: the magic `BLLANGID`, the format version (u32), the step of the quantized
//! weights (f32), the number of languages (u32), then per language its code (u8 length, bytes)
//! and its floor (f32, the log-probability of an n-gram it never showed). Then the n-grams as
//! an open-addressing hash table read where it lies, so that loading the model costs nothing:
//! its size as a power of two (u32 `bits`), `2^bits` slots of a hash (u32) and an offset into
//! the entries (u32, `u32::MAX` for an empty slot; a hash's slot is [`slot`], then the next ones
//! in turn), the entries' length in bytes (u32), and the entries: per n-gram their number (u8)
//! and each as a language index (u8) and a weight (u8). An entry's log-probability is the
//! language's floor plus `weight * step`.

/// The magic bytes that open a model file.
pub const MAGIC: &[u8; 8] = b"BLLANGID";
/// The format version this code reads and writes.
pub const VERSION: u32 = 2;
/// An empty slot's offset.
pub const EMPTY: u32 = u32::MAX;
/// The longest n-gram, in characters.
pub const MAX_N: usize = 4;

/// The model, embedded in the plugin.
static MODEL_BYTES: &[u8] = include_bytes!("../model/langid.bin");

/// A trained model, ready to score texts.
pub struct LangId<'a> {
    codes: Vec<String>,
    floors: Vec<f32>,
    step: f32,
    /// log2 of the number of slots.
    bits: u32,
    /// The slots: a hash and an offset into `entries` each, 8 bytes.
    slots: &'a [u8],
    /// Per n-gram, the number of its entries and the entries.
    entries: &'a [u8],
}

/// The first slot of a hash in a table of `2^bits` slots.
pub fn slot(hash: u32, bits: u32) -> usize {
    (u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// The model's choice among candidates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Choice<'a> {
    /// The best candidate.
    pub language: &'a str,
    /// Its lead over the runner-up, in nats per n-gram (0 when there was only one candidate
    /// or no n-gram).
    pub margin: f32,
}

/// A character n-gram's feature hash: its code points packed 21 bits each, mixed down to 32
/// bits. Stable across builds and platforms (the model file stores these).
pub fn hash(chars: &[char]) -> u32 {
    let packed = chars
        .iter()
        .fold(0u128, |key, &c| (key << 21) | u128::from(u32::from(c)));
    mix(packed, chars.len())
}

/// Mixes a packed n-gram and its length down to 32 bits (a multiply-xorshift: every bit of
/// the input moves the output's high bits).
fn mix(packed: u128, n: usize) -> u32 {
    let folded = (packed as u64) ^ ((packed >> 64) as u64).rotate_left(29) ^ (n as u64) << 60;
    let x = folded.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let x = (x ^ (x >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (x >> 32) as u32
}

/// Calls `f` with the hash of every character n-gram (1 to [`MAX_N`]) of `text`'s words,
/// lowercased, each word padded with a space on both sides; anything but a letter separates
/// words. Returns how many n-grams there were.
pub fn ngrams(text: &str, mut f: impl FnMut(u32)) -> usize {
    // The last MAX_N characters packed 21 bits each, and how many of them are the word's.
    const SPACE: u128 = b' ' as u128;
    const MASK: u128 = (1 << (21 * MAX_N)) - 1;
    let mut packed: u128 = SPACE;
    let mut filled = 1; // the leading space of the first word
    let mut in_word = false;
    let mut count = 0;
    let mut push = |c: char, packed: &mut u128, filled: &mut usize| {
        *packed = ((*packed << 21) | u128::from(u32::from(c))) & MASK;
        *filled = (*filled + 1).min(MAX_N);
        let first = if c == ' ' { 2 } else { 1 }; // a space alone says nothing
        for n in first..=*filled {
            let gram = *packed & ((1u128 << (21 * n)) - 1);
            f(mix(gram, n));
            count += 1;
        }
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            if c.is_ascii() {
                push(c.to_ascii_lowercase(), &mut packed, &mut filled);
            } else {
                for lower in c.to_lowercase() {
                    push(lower, &mut packed, &mut filled);
                }
            }
            in_word = true;
        } else if in_word {
            push(' ', &mut packed, &mut filled);
            // A new word starts after this space: n-grams do not span words.
            packed = SPACE;
            filled = 1;
            in_word = false;
        }
    }
    if in_word {
        push(' ', &mut packed, &mut filled);
    }
    count
}

impl<'a> LangId<'a> {
    /// The model shipped with the plugin.
    pub fn shipped() -> &'static LangId<'static> {
        static SHIPPED: std::sync::LazyLock<LangId<'static>> = std::sync::LazyLock::new(|| {
            LangId::from_bytes(MODEL_BYTES).expect("the shipped language model is valid")
        });
        &SHIPPED
    }

    /// Reads a model file, checking every slot and entry so that looking up never fails.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<LangId<'a>, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return Err("not a language model file".into());
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(format!(
                "language model version {version}, expected {VERSION}"
            ));
        }
        let step = r.f32()?;
        let languages = r.u32()? as usize;
        let mut codes = Vec::with_capacity(languages);
        let mut floors = Vec::with_capacity(languages);
        for _ in 0..languages {
            let len = r.u8()? as usize;
            let code = std::str::from_utf8(r.take(len)?).map_err(|e| e.to_string())?;
            codes.push(code.to_string());
            floors.push(r.f32()?);
        }
        let bits = r.u32()?;
        if !(1..=30).contains(&bits) {
            return Err("language model table size out of range".into());
        }
        let slots = r.take(8usize << bits)?;
        let len = r.u32()? as usize;
        let entries = r.take(len)?;
        if r.at != bytes.len() {
            return Err("language model file has trailing bytes".into());
        }
        let mut empty = false;
        for slot in slots.chunks_exact(8) {
            let offset = u32::from_le_bytes(slot[4..8].try_into().expect("4 bytes"));
            if offset == EMPTY {
                empty = true;
                continue;
            }
            let at = offset as usize;
            let n = *entries
                .get(at)
                .ok_or("language model offset out of range")? as usize;
            let pairs = entries
                .get(at + 1..at + 1 + 2 * n)
                .ok_or("language model entries out of range")?;
            if pairs
                .chunks_exact(2)
                .any(|p| usize::from(p[0]) >= languages)
            {
                return Err("language model entry names no language".into());
            }
        }
        if !empty {
            return Err("language model table has no empty slot".into());
        }
        Ok(LangId {
            codes,
            floors,
            step,
            bits,
            slots,
            entries,
        })
    }

    /// The entries of an n-gram's hash (language index, weight pairs), if it has any.
    fn entries_of(&self, hash: u32) -> Option<&'a [u8]> {
        let mask = (1usize << self.bits) - 1;
        let mut at = slot(hash, self.bits);
        loop {
            let s = &self.slots[8 * at..8 * at + 8];
            let offset = u32::from_le_bytes(s[4..8].try_into().expect("4 bytes"));
            if offset == EMPTY {
                return None;
            }
            if u32::from_le_bytes(s[..4].try_into().expect("4 bytes")) == hash {
                let at = offset as usize;
                let n = usize::from(self.entries[at]);
                return Some(&self.entries[at + 1..at + 1 + 2 * n]);
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether the model knows a language.
    pub fn knows(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c == code)
    }

    /// The languages the model knows.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.codes.iter().map(String::as_str)
    }

    /// The n-grams of `text` that the model knows, summed per language: what choosing among
    /// any candidates needs, so that a paragraph asked about several sets of candidates is
    /// read once.
    pub fn tally(&self, text: &str) -> Tally {
        // Summed per language index, a byte: an array of 256 takes every entry without a
        // bounds check (an n-gram has an entry for most languages).
        let mut gains = [0u32; 256];
        // Only n-grams of the vocabulary are scored: one no language showed often says nothing.
        let mut n = 0;
        ngrams(text, |h| {
            if let Some(pairs) = self.entries_of(h) {
                n += 1;
                for pair in pairs.chunks_exact(2) {
                    gains[usize::from(pair[0])] += u32::from(pair[1]);
                }
            }
        });
        let gains = (0..self.codes.len())
            .map(|i| gains.get(i).copied().unwrap_or(0))
            .collect();
        Tally { gains, n }
    }

    /// The log-likelihood of a tallied text's n-grams that the model knows under each of
    /// `candidates` (codes the model does not know are left out).
    fn scores_of<'c>(&self, tally: &Tally, candidates: &[&'c str]) -> Vec<(&'c str, f32)> {
        candidates
            .iter()
            .filter_map(|&c| Some((c, self.codes.iter().position(|k| k == c)?)))
            .map(|(code, i)| {
                let gain = tally.gains.get(i).copied().unwrap_or(0);
                (
                    code,
                    tally.n as f32 * self.floors[i] + gain as f32 * self.step,
                )
            })
            .collect()
    }

    /// The most likely of `candidates` for `text`, and its lead over the runner-up; `None`
    /// when the model knows none of them or the text has no letters.
    pub fn choose<'c>(&self, text: &str, candidates: &[&'c str]) -> Option<Choice<'c>> {
        self.choose_tallied(&self.tally(text), candidates)
    }

    /// [`LangId::choose`] for a text already tallied.
    pub fn choose_tallied<'c>(&self, tally: &Tally, candidates: &[&'c str]) -> Option<Choice<'c>> {
        let mut scores = self.scores_of(tally, candidates);
        if tally.n == 0 || scores.is_empty() {
            return None;
        }
        scores.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let margin = scores
            .get(1)
            .map_or(0.0, |second| (scores[0].1 - second.1) / tally.n as f32);
        Some(Choice {
            language: scores[0].0,
            margin,
        })
    }
}

/// A text's n-grams known to a model: per language (in the model's order) the sum of their
/// quantized weights, and their number. Made by [`LangId::tally`].
#[derive(Clone, Debug)]
pub struct Tally {
    gains: Vec<u32>,
    n: usize,
}

/// A cursor over a model file's bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or("language model file is truncated")?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_padded_and_lowercased_and_grams_do_not_span_words() {
        let mut got = Vec::new();
        let n = ngrams("Ab, c", |h| got.push(h));
        let h = |s: &str| hash(&s.chars().collect::<Vec<_>>());
        // " ab " then " c ": grams of 1 to 4 characters ending at each character.
        let want = vec![
            h("a"),
            h(" a"),
            h("b"),
            h("ab"),
            h(" ab"),
            h("b "),
            h("ab "),
            h(" ab "),
            h("c"),
            h(" c"),
            h("c "),
            h(" c "),
        ];
        assert_eq!(got, want);
        assert_eq!(n, want.len());
        assert_eq!(ngrams("12 -- !", |_| {}), 0);
    }

    #[test]
    fn the_shipped_model_tells_close_relatives_apart() {
        let model = LangId::shipped();
        // Everyday sentences, one per language, where the function words are shared.
        let cases = [
            (
                "Vi har ikke hørt noe fra dem siden i går.",
                "nb",
                ["da", "nb", "sv"],
            ),
            (
                "Vi har inte hört något från dem sedan igår.",
                "sv",
                ["da", "nb", "sv"],
            ),
            (
                "Nemůžeme to udělat, protože nemáme čas.",
                "cs",
                ["cs", "sk", "pl"],
            ),
            (
                "Nemôžeme to urobiť, pretože nemáme čas.",
                "sk",
                ["cs", "sk", "pl"],
            ),
        ];
        for (text, want, candidates) in cases {
            let choice = model.choose(text, &candidates).expect("letters");
            assert_eq!(choice.language, want, "{text}");
            assert!(choice.margin > 0.0);
        }
    }

    #[test]
    fn bad_model_files_are_errors_not_panics() {
        assert!(LangId::from_bytes(b"").is_err());
        assert!(LangId::from_bytes(b"BLLANGID\x02\0\0\0").is_err());
        // One language, a table of two slots, one pointing past the entries.
        let mut bad = MAGIC.to_vec();
        bad.extend_from_slice(&VERSION.to_le_bytes());
        bad.extend_from_slice(&0.0625f32.to_le_bytes());
        bad.extend_from_slice(&1u32.to_le_bytes());
        bad.extend_from_slice(&[2, b'd', b'a']);
        bad.extend_from_slice(&(-12.0f32).to_le_bytes());
        bad.extend_from_slice(&1u32.to_le_bytes());
        bad.extend_from_slice(&7u32.to_le_bytes());
        bad.extend_from_slice(&100u32.to_le_bytes());
        bad.extend_from_slice(&0u32.to_le_bytes());
        bad.extend_from_slice(&EMPTY.to_le_bytes());
        bad.extend_from_slice(&0u32.to_le_bytes());
        assert!(LangId::from_bytes(&bad).is_err());
        let mut truncated = MODEL_BYTES.to_vec();
        truncated.truncate(truncated.len() - 1);
        assert!(LangId::from_bytes(&truncated).is_err());
    }
}
