//! Cheap language evidence: the script of a paragraph and the function words it uses.
//!
//! A full language identifier reads every byte it is given and costs about a microsecond per
//! byte. Most paragraphs are in the document's language, and two cheap signals say so: their
//! script, and how many of their words are the main language's function words ("the", "of",
//! "und", "и"). Only a paragraph that fails both is sampled for the identifier.

use std::collections::HashMap;

/// Function-word lists: ISO 639-1 code and file text.
pub const STOPWORDS: &[(&str, &str)] = boilerlint_lexicon::include_lexicons!("stopwords":
    "af", "ar", "az", "be", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fa",
    "fi", "fr", "ga", "gl", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ka", "kk", "lt", "lv",
    "mk", "ms", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "th",
    "tl", "tr", "uk", "ur", "vi",
    // Learned from real text by corpus/build/learn_function_words.py.
    "br", "cy", "eo", "gd", "la", "mn", "oc", "tg",
);

/// Letters of an alphabet that at most three languages with a list use, per language
/// (lowercase): the letters that tell close relatives apart where their function words are
/// the same (Serbian and Russian, Ukrainian and Russian, Danish and Swedish). Vietnamese also
/// has the letters U+1EA0 to U+1EF9.
pub const MARKERS: &[(&str, &str)] = &[
    ("ru", "ыэё"),
    ("be", "ўіыэё"),
    ("uk", "іїєґ"),
    ("kk", "әғқңөұүһіыэё"),
    ("bg", "ъ"),
    ("sr", "ђћџјљњ"),
    ("mk", "ѓќѕџјљњ"),
    ("tr", "ığş"),
    ("az", "əığş"),
    ("ro", "ășțşţ"),
    ("pl", "ąęłńśźż"),
    ("lt", "ąęėįų"),
    ("lv", "āēīūķļņģ"),
    ("cs", "ěřů"),
    ("sk", "ľĺŕ"),
    ("hu", "őű"),
    ("pt", "ãõ"),
    ("et", "õ"),
    ("es", "ñ"),
    ("gl", "ñ"),
    ("ca", "ŀ"),
    ("da", "æøå"),
    ("nb", "æøå"),
    ("sv", "å"),
    ("is", "þðæ"),
    ("de", "ß"),
    ("fr", "œ"),
    ("vi", "ơưđ"),
];

/// The marker letters of the languages whose function-word lists are learned (Esperanto's
/// `ĉ`, Mongolian's `ө`), learned with them by `corpus/build/learn_function_words.py`: one
/// language per line, its code, a space, its letters.
const LEARNED_MARKERS: &str = include_str!("../stopwords/markers-learned.txt");

/// Every language's marker letters: [`MARKERS`], then the learned ones.
pub fn marker_letters() -> impl Iterator<Item = (&'static str, &'static str)> {
    MARKERS.iter().copied().chain(
        LEARNED_MARKERS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' ')),
    )
}

/// A writing system, as far as telling languages apart needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Han,
    Kana,
    Hangul,
    Devanagari,
    Thai,
    Bengali,
    Gurmukhi,
    Gujarati,
    Tamil,
    Telugu,
    Kannada,
    Malayalam,
    Sinhala,
    Lao,
    Myanmar,
    Georgian,
    Armenian,
    Ethiopic,
    Khmer,
    Oriya,
    Tibetan,
    Thaana,
    Syriac,
    Mongolian,
    Tifinagh,
    Cherokee,
    Syllabics,
    Other,
}

impl Script {
    /// The script of a letter; `None` for anything else. Scripts' blocks are matched by range
    /// first: the general Unicode letter tables are slow, and only other scripts need them.
    ///
    /// Not the Unicode Script property (`unicode-script`): over all of Unicode it differs from
    /// this table on 194 ranges of letters, among them the prolonged sound mark `ー` (Common
    /// there, kana here: Japanese words hold it), Hebrew points and Arabic marks (letters of
    /// their script there, not counted here), IPA, Latin Extended-C and `ª` (Latin there), and
    /// Coptic in the Greek block. Taking it would change which language a paragraph is found in.
    pub fn of(c: char) -> Option<Script> {
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then_some(Script::Latin);
        }
        let script = match c as u32 {
            0x00D7 | 0x00F7 => return None, // × ÷
            0x00C0..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
            0x0386..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
            0x0400..=0x0481 | 0x048A..=0x052F => Script::Cyrillic,
            0x05D0..=0x05EA | 0x05F0..=0x05F2 => Script::Hebrew,
            0x060C | 0x061B | 0x061F | 0x0660..=0x066D | 0x06D4 | 0x06F0..=0x06F9 => return None,
            0x0620..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
            0x0900..=0x0963 | 0x0971..=0x097F => Script::Devanagari,
            0x0E01..=0x0E3A | 0x0E40..=0x0E4E => Script::Thai,
            // The Brahmic scripts of South and South-East Asia and the alphabets of the
            // Caucasus and Ethiopia: each is one language's or a few, so the script alone
            // tells a paragraph in one of them from an article in another.
            0x0980..=0x09FF => Script::Bengali,
            0x0A00..=0x0A7F => Script::Gurmukhi,
            0x0A80..=0x0AFF => Script::Gujarati,
            0x0B80..=0x0BFF => Script::Tamil,
            0x0C00..=0x0C7F => Script::Telugu,
            0x0C80..=0x0CFF => Script::Kannada,
            0x0D00..=0x0D7F => Script::Malayalam,
            0x0D80..=0x0DFF => Script::Sinhala,
            0x0E80..=0x0EFF => Script::Lao,
            0x1000..=0x109F => Script::Myanmar,
            0x10A0..=0x10FF | 0x1C90..=0x1CBF => Script::Georgian,
            0x0531..=0x058F => Script::Armenian,
            0x1200..=0x139F | 0x2D80..=0x2DDF => Script::Ethiopic,
            0x1780..=0x17DD | 0x17E0..=0x17E9 | 0x19E0..=0x19FF => Script::Khmer,
            0x0B00..=0x0B7F => Script::Oriya,
            0x0F00..=0x0FFF => Script::Tibetan,
            0x0780..=0x07BF => Script::Thaana,
            0x0700..=0x074F => Script::Syriac,
            0x1800..=0x18AF => Script::Mongolian,
            0x2D30..=0x2D7F => Script::Tifinagh,
            0x13A0..=0x13FF | 0xAB70..=0xABBF => Script::Cherokee,
            0x1400..=0x167F => Script::Syllabics,
            0x3041..=0x3096
            | 0x309D..=0x309F
            | 0x30A1..=0x30FA
            | 0x30FC..=0x30FF
            | 0xFF66..=0xFF9F => Script::Kana,
            0x1100..=0x11FF | 0x3131..=0x318E | 0xAC00..=0xD7A3 => Script::Hangul,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => Script::Han,
            // Punctuation and symbols of the blocks used most in text.
            0x2000..=0x2BFF | 0x3000..=0x303F | 0xFF00..=0xFF65 => return None,
            _ if c.is_alphabetic() => Script::Other,
            _ => return None,
        };
        Some(script)
    }

    /// How many letters of an alphabet one character of this script is worth.
    pub fn weight(self) -> usize {
        match self {
            Script::Han | Script::Kana => 3,
            Script::Hangul => 2,
            _ => 1,
        }
    }

    /// The script's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Arabic => "Arabic",
            Script::Hebrew => "Hebrew",
            Script::Han => "Chinese",
            Script::Kana => "Japanese",
            Script::Hangul => "Hangul",
            Script::Devanagari => "Devanagari",
            Script::Thai => "Thai",
            Script::Bengali => "Bengali",
            Script::Gurmukhi => "Gurmukhi",
            Script::Gujarati => "Gujarati",
            Script::Tamil => "Tamil",
            Script::Telugu => "Telugu",
            Script::Kannada => "Kannada",
            Script::Malayalam => "Malayalam",
            Script::Sinhala => "Sinhala",
            Script::Lao => "Lao",
            Script::Myanmar => "Myanmar",
            Script::Georgian => "Georgian",
            Script::Armenian => "Armenian",
            Script::Ethiopic => "Ethiopic",
            Script::Khmer => "Khmer",
            Script::Oriya => "Odia",
            Script::Tibetan => "Tibetan",
            Script::Thaana => "Thaana",
            Script::Syriac => "Syriac",
            Script::Mongolian => "Mongolian",
            Script::Tifinagh => "Tifinagh",
            Script::Cherokee => "Cherokee",
            Script::Syllabics => "Canadian syllabic",
            Script::Other => "another",
        }
    }

    /// The script a language is written in (Serbian: Cyrillic, also written in Latin).
    pub fn of_language(code: &str) -> Option<Script> {
        Some(match code {
            "ru" | "uk" | "bg" | "sr" | "mk" | "be" | "kk" | "mn" | "tg" => Script::Cyrillic,
            "el" => Script::Greek,
            "ar" | "fa" | "ur" => Script::Arabic,
            "he" | "yi" => Script::Hebrew,
            "zh" => Script::Han,
            "ja" => Script::Kana,
            "ko" => Script::Hangul,
            "hi" | "mr" | "ne" => Script::Devanagari,
            "th" => Script::Thai,
            "bn" | "as" => Script::Bengali,
            "pa" => Script::Gurmukhi,
            "gu" => Script::Gujarati,
            "ta" => Script::Tamil,
            "te" => Script::Telugu,
            "kn" => Script::Kannada,
            "ml" => Script::Malayalam,
            "si" => Script::Sinhala,
            "lo" => Script::Lao,
            "my" => Script::Myanmar,
            "ka" => Script::Georgian,
            "hy" => Script::Armenian,
            "am" | "ti" => Script::Ethiopic,
            "km" => Script::Khmer,
            "or" => Script::Oriya,
            "bo" | "dz" => Script::Tibetan,
            "dv" => Script::Thaana,
            "syr" => Script::Syriac,
            "zgh" => Script::Tifinagh,
            "chr" => Script::Cherokee,
            "iu" | "cr" => Script::Syllabics,
            _ => Script::Latin,
        })
    }
}

/// The number of function-word lists (at most 64: a word's languages are a `u64` bit set).
pub const LISTS: usize = STOPWORDS.len();
const _: () = assert!(LISTS <= 64);

/// What a cheap look at a paragraph's sample says.
#[derive(Clone, Debug)]
pub struct Glance {
    /// Letters seen, weighted by [`Script::weight`].
    pub letters: usize,
    /// The most frequent script and its share of the letters.
    pub script: Option<Script>,
    pub script_share: f64,
    /// Words seen.
    pub words: usize,
    /// Words that are function words, per language index into [`STOPWORDS`].
    pub hits: [u32; LISTS],
    /// Words that are function words of that language alone.
    pub unique: [u32; LISTS],
    /// Words holding a letter of that language's alphabet that few others have
    /// (see [`MARKERS`]).
    pub marked: [u32; LISTS],
    /// Kana seen (Japanese), weighted.
    pub kana: usize,
    /// Han, Kana and Hangul letters seen, weighted: the share of a Chinese, Japanese or Korean
    /// text in a paragraph that another script's names and terms outweigh.
    pub cjk: usize,
    /// Share of words that start with a capital letter.
    pub capitalized: f64,
    /// Share of letters among the sample's non-space characters.
    pub letter_share: f64,
}

impl Default for Glance {
    fn default() -> Self {
        Glance {
            letters: 0,
            script: None,
            script_share: 0.0,
            words: 0,
            hits: [0; LISTS],
            unique: [0; LISTS],
            marked: [0; LISTS],
            kana: 0,
            cjk: 0,
            capitalized: 0.0,
            letter_share: 0.0,
        }
    }
}

impl Glance {
    /// The share of words that are function words of language `index`.
    pub fn ratio(&self, index: usize) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.hits[index] as f64 / self.words as f64
        }
    }

    /// How strongly the function words point at language `index`: every hit counts, and a
    /// word of that language's list alone counts three times, to tell related languages apart;
    /// so does every word with a letter of its alphabet that few others have (Serbian `ђ`,
    /// Ukrainian `ї`, Turkish `ı`).
    pub fn score(&self, index: usize) -> u32 {
        self.hits[index] + 2 * self.unique[index] + self.marked[index]
    }

    /// The best [`Glance::score`] of any language.
    pub fn best_score(&self) -> u32 {
        (0..self.hits.len())
            .map(|i| self.score(i))
            .max()
            .unwrap_or(0)
    }

    /// The language with the best [`Glance::score`], and its share of the words; of languages
    /// that score alike, the first in [`STOPWORDS`]' order. (A plain loop: every paragraph's
    /// quick language asks it, and a maximum by a key of score and reversed index took several
    /// times the instructions.)
    pub fn best(&self) -> Option<(usize, f64)> {
        let (mut index, mut best) = (0, 0);
        for i in 0..self.hits.len() {
            let score = self.score(i);
            if score > best {
                (index, best) = (i, score);
            }
        }
        (best > 0).then(|| (index, self.ratio(index)))
    }

    /// The language with the best [`Glance::score`] when no other scores as well.
    pub fn clear_best(&self) -> Option<usize> {
        let best = self.best_score();
        let mut tops = (0..self.hits.len()).filter(|&i| self.score(i) == best);
        match (tops.next(), tops.next()) {
            (Some(index), None) if best > 0 => Some(index),
            _ => None,
        }
    }

    /// The language a script alone implies, for scripts of one language.
    pub fn script_language(&self) -> Option<&'static str> {
        match self.script? {
            Script::Kana => Some("ja"),
            Script::Hangul => Some("ko"),
            Script::Han => Some("zh"),
            Script::Greek => Some("el"),
            Script::Hebrew => Some("he"),
            Script::Thai => Some("th"),
            Script::Gurmukhi => Some("pa"),
            Script::Gujarati => Some("gu"),
            Script::Tamil => Some("ta"),
            Script::Telugu => Some("te"),
            Script::Kannada => Some("kn"),
            Script::Malayalam => Some("ml"),
            Script::Sinhala => Some("si"),
            Script::Lao => Some("lo"),
            Script::Myanmar => Some("my"),
            Script::Georgian => Some("ka"),
            Script::Armenian => Some("hy"),
            Script::Khmer => Some("km"),
            Script::Oriya => Some("or"),
            Script::Tibetan => Some("bo"),
            Script::Thaana => Some("dv"),
            Script::Syriac => Some("syr"),
            Script::Mongolian => Some("mn"),
            Script::Tifinagh => Some("zgh"),
            Script::Cherokee => Some("chr"),
            Script::Syllabics => Some("iu"),
            _ => None,
        }
    }
}

/// Function words of every language, as one map from word to a bit set of languages.
pub struct Stopwords {
    words: HashMap<String, u64, foldhash::fast::FixedState>,
    /// The words of at most 8 bytes (most function words) again, keyed by their bytes packed
    /// into an integer (see [`packed`]): hashed and compared in a step, not byte by byte.
    short: HashMap<u64, u64, foldhash::fast::FixedState>,
    /// The longest word's length in characters: a longer word is not looked up (lowercasing
    /// never shortens a word's characters).
    longest: usize,
    /// Per length in bytes (below 64), the first bytes of the ASCII words that long: a word
    /// whose length and first letter no function word has is not looked up.
    ascii_starts: Vec<u128>,
    pub codes: Vec<&'static str>,
    /// Per character from U+0080 (to U+1FFF), the languages whose [`MARKERS`] hold it.
    markers: Vec<u64>,
    /// Per script, the languages with a list that are written in it.
    written_in: [u64; SCRIPTS.len()],
    /// Per character from U+0080 (to U+1FFF), what [`Stopwords::letter_slow`] says of it:
    /// Cyrillic, Greek and accented Latin text no longer searches the script ranges and the
    /// case tables for every letter.
    letters: Vec<Option<Letter>>,
}

/// What a glance needs to know of a letter.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Letter {
    script: Script,
    /// Whether it is uppercase.
    upper: bool,
    /// Whether lowercasing may change it (see [`lowercase_differs`]).
    not_lowercase: bool,
    /// The languages whose marker letters include it (see [`Stopwords::marker`]).
    markers: u64,
}

impl Stopwords {
    pub fn new() -> Stopwords {
        let mut words: HashMap<String, u64, _> = HashMap::default();
        let mut codes = Vec::new();
        for (index, (code, text)) in STOPWORDS.iter().enumerate() {
            codes.push(*code);
            for word in text.lines().map(str::trim) {
                if word.is_empty() || word.starts_with('#') {
                    continue;
                }
                *words.entry(word.to_lowercase()).or_default() |= 1 << index;
            }
        }
        let longest = words.keys().map(|w| w.chars().count()).max().unwrap_or(0);
        let short = words
            .iter()
            .filter_map(|(word, &mask)| Some((packed(word)?, mask)))
            .collect();
        let mut ascii_starts = vec![0u128; 64];
        for word in words.keys().filter(|w| w.is_ascii() && w.len() < 64) {
            ascii_starts[word.len()] |= 1 << word.as_bytes()[0];
        }
        let mut markers = vec![0u64; 0x2000 - 0x80];
        for (code, letters) in marker_letters() {
            let Some(index) = codes.iter().position(|c| *c == code) else {
                continue;
            };
            for c in letters.chars() {
                markers[c as usize - 0x80] |= 1 << index;
            }
        }
        if let Some(vi) = codes.iter().position(|c| *c == "vi") {
            for c in 0x1EA0..=0x1EF9 {
                markers[c - 0x80] |= 1 << vi;
            }
        }
        // Serbian is written in Latin letters too.
        let mut written_in = [0u64; SCRIPTS.len()];
        for (index, code) in codes.iter().enumerate() {
            if let Some(script) = Script::of_language(code) {
                written_in[script as usize] |= 1 << index;
            }
            if *code == "sr" {
                written_in[Script::Latin as usize] |= 1 << index;
            }
        }
        let mut stopwords = Stopwords {
            words,
            short,
            longest,
            ascii_starts,
            codes,
            markers,
            written_in,
            letters: Vec::new(),
        };
        stopwords.letters = (0x80u32..0x2000)
            .map(|code| stopwords.letter_slow(char::from_u32(code).expect("below U+D800")))
            .collect();
        stopwords
    }

    /// What `c` is as a letter, or `None` if it is none (see [`Script::of`]).
    fn letter(&self, c: char) -> Option<Letter> {
        match (c as usize)
            .checked_sub(0x80)
            .and_then(|i| self.letters.get(i))
        {
            Some(&letter) => letter,
            None => self.letter_slow(c),
        }
    }

    /// [`Stopwords::letter`] worked out from the Unicode tables.
    fn letter_slow(&self, c: char) -> Option<Letter> {
        Some(Letter {
            script: Script::of(c)?,
            // (Kana, Chinese characters and Hangul, past the table, have no case.)
            upper: !caseless(c) && c.is_uppercase(),
            not_lowercase: lowercase_differs(c),
            markers: self.marker(c),
        })
    }

    /// The languages whose marker letters include `c` (lowercased).
    fn marker(&self, c: char) -> u64 {
        let lower = (c as usize)
            .checked_sub(0x80)
            .and_then(|i| LOWER.get(i))
            .copied()
            .filter(|&l| l != '\0')
            .unwrap_or(c);
        (lower as usize)
            .checked_sub(0x80)
            .and_then(|i| self.markers.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// The index of a language's list.
    pub fn index(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| *c == code)
    }

    /// Looks at `sample`: scripts, function words, capitals.
    pub fn glance(&self, sample: &str) -> Glance {
        let mut glance = Glance::default();
        let mut tally = Tally::default();
        // Words are runs of letters, digits and apostrophes, without the apostrophes at their
        // edges; everything else that is not a space counts against the letter share. One pass
        // over the bytes: ASCII ones by a table, the others decoded once.
        let mut word = Word::default();
        let bytes = sample.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                // A run of ASCII letters and digits, the bulk of Latin-script text, in a
                // tight loop.
                let (start, mut letters, mut upper) = (i, 0, false);
                while i < bytes.len() {
                    match bytes[i] {
                        b'a'..=b'z' => letters += 1,
                        b'A'..=b'Z' => {
                            letters += 1;
                            upper = true;
                        }
                        b'0'..=b'9' => {}
                        _ => break,
                    }
                    i += 1;
                }
                tally.scripts[Script::Latin as usize] += letters;
                word.ascii_run(start, i, letters, b.is_ascii_uppercase(), upper);
                continue;
            }
            let (len, class) = if b < 0x80 {
                let class = match b {
                    b'\'' => Class::Apostrophe,
                    b'\t'..=b'\r' | b' ' => Class::Space,
                    _ => Class::Other,
                };
                (1, class)
            } else {
                let c = sample[i..].chars().next().expect("at a character boundary");
                let class = if c == '’' {
                    Class::Apostrophe
                } else if let Some(letter) = self.letter(c) {
                    word.not_lowercase |= letter.not_lowercase;
                    word.markers |= letter.markers;
                    Class::Letter(letter.script, word.core_start.is_none() && letter.upper)
                } else if is_space(c) {
                    Class::Space
                } else {
                    Class::Other
                };
                (c.len_utf8(), class)
            };
            match class {
                Class::Letter(script, upper) => {
                    let weight = script.weight();
                    tally.scripts[script as usize] += weight;
                    word.letters += weight;
                    word.letter(i, i + len, upper);
                }
                Class::Apostrophe => {
                    if word.core_start.is_some() {
                        word.pending_apostrophes += 1;
                        word.pending_non_ascii |= len > 1;
                    }
                }
                Class::Space | Class::Other => {
                    self.end_word(sample, &mut word, &mut glance, &mut tally);
                    if class == Class::Other {
                        tally.non_space += 1;
                    }
                }
            }
            i += len;
        }
        self.end_word(sample, &mut word, &mut glance, &mut tally);
        self.finish(glance, tally)
    }

    /// The shares and the main script, from the counts.
    fn finish(&self, mut glance: Glance, tally: Tally) -> Glance {
        let Tally {
            scripts,
            non_space,
            capitalized,
            ..
        } = tally;
        if let Some((index, &count)) = scripts.iter().enumerate().max_by_key(|(_, &n)| n) {
            if count > 0 {
                glance.script = Some(SCRIPTS[index]);
                glance.script_share = count as f64 / glance.letters.max(1) as f64;
            }
        }
        // Japanese mixes Han and Kana: any real share of Kana makes it Japanese.
        let (kana, han) = (
            scripts[Script::Kana as usize],
            scripts[Script::Han as usize],
        );
        glance.cjk = kana + han + scripts[Script::Hangul as usize];
        if matches!(glance.script, Some(Script::Han | Script::Kana))
            && kana >= 6
            && kana * 40 >= glance.letters
        {
            glance.script = Some(Script::Kana);
            glance.script_share = (kana + han) as f64 / glance.letters.max(1) as f64;
        }
        // Function words in another script than the paragraph's say nothing of its language:
        // `co` and `uk` in the domain names of an Arabic sentence are not Polish.
        if let Some(script) = glance.script.filter(|&s| s != Script::Other) {
            let writes = self.written_in[script as usize];
            for index in 0..self.codes.len() {
                if writes & (1 << index) == 0 {
                    glance.hits[index] = 0;
                    glance.unique[index] = 0;
                    glance.marked[index] = 0;
                }
            }
        }
        glance.kana = scripts[Script::Kana as usize];
        glance.capitalized = capitalized as f64 / glance.words.max(1) as f64;
        glance.letter_share = glance.letters as f64 / non_space.max(1) as f64;
        glance
    }
}

/// The lowercase of the characters U+0080 to U+1FFF (Latin with diacritics, Vietnamese
/// included, Greek, Cyrillic, Arabic, Hebrew...), or `'\0'` for those that lowercase to more
/// than one: searching the case tables for every letter of a Russian or Vietnamese text is slow.
static LOWER: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    (0x80u32..0x2000)
        .map(|code| {
            let mut lower = char::from_u32(code).expect("below U+D800").to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(one), None) => one,
                _ => '\0',
            }
        })
        .collect()
});

/// Whether Kana, a Chinese character or Hangul: no case.
fn caseless(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x9FFF | 0xAC00..=0xD7A3)
}

/// Whether lowercasing may change `c` (`true` when unsure).
fn lowercase_differs(c: char) -> bool {
    if caseless(c) {
        return false;
    }
    match (c as usize).checked_sub(0x80).and_then(|i| LOWER.get(i)) {
        Some(&lower) => lower != c,
        None if c.is_ascii() => c.is_ascii_uppercase(),
        None => true,
    }
}

/// Pushes `c` lowercased, as [`char::to_lowercase`] does.
fn push_lowercase(c: char, out: &mut String) {
    if caseless(c) {
        out.push(c);
        return;
    }
    if let Some(&lower) = (c as usize).checked_sub(0x80).and_then(|i| LOWER.get(i)) {
        if lower != '\0' {
            out.push(lower);
            return;
        }
    }
    out.extend(c.to_lowercase());
}

/// What a character is to a glance (ASCII letters and digits are read in runs, apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// A letter of a script, and whether it is uppercase.
    Letter(Script, bool),
    /// `'` or `’`: part of a word inside it, trimmed at its edges.
    Apostrophe,
    Space,
    /// Punctuation and symbols.
    Other,
}

/// The word being read.
#[derive(Default)]
struct Word {
    /// Where its first letter or digit starts (apostrophes before it are trimmed).
    core_start: Option<usize>,
    /// Where its last letter or digit ends.
    core_end: usize,
    first_upper: bool,
    /// Letters, weighted by [`Script::weight`].
    letters: usize,
    /// Digits and apostrophes between letters or digits.
    others: usize,
    /// Apostrophes since the last letter or digit: inside the word if one follows.
    pending_apostrophes: usize,
    /// Whether one of those is `’`.
    pending_non_ascii: bool,
    /// Whether the word (from its first letter or digit to its last) is not all ASCII.
    non_ascii: bool,
    /// Whether it holds an ASCII uppercase letter.
    ascii_upper: bool,
    /// Whether it may hold another letter that lowercasing changes.
    not_lowercase: bool,
    /// The languages whose marker letters it holds.
    markers: u64,
}

impl Word {
    /// A non-ASCII letter at `start..end`, uppercase or not.
    fn letter(&mut self, start: usize, end: usize, upper: bool) {
        self.extend(start, end, upper);
        self.non_ascii = true;
    }

    /// A run of ASCII letters and digits at `start..end`, `letters` of them letters, the
    /// first uppercase or not, some uppercase or none.
    fn ascii_run(&mut self, start: usize, end: usize, letters: usize, first: bool, upper: bool) {
        self.extend(start, end, first);
        self.letters += letters;
        self.others += end - start - letters;
        self.ascii_upper |= upper;
    }

    fn extend(&mut self, start: usize, end: usize, first_upper: bool) {
        if self.core_start.is_none() {
            self.core_start = Some(start);
            self.first_upper = first_upper;
        }
        self.core_end = end;
        self.others += std::mem::take(&mut self.pending_apostrophes);
        self.non_ascii |= std::mem::take(&mut self.pending_non_ascii);
    }
}

/// Counts gathered over a sample's words.
struct Tally {
    scripts: [usize; SCRIPTS.len()],
    non_space: usize,
    capitalized: usize,
    lower: String,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            scripts: [0; SCRIPTS.len()],
            non_space: 0,
            capitalized: 0,
            lower: String::new(),
        }
    }
}

impl Stopwords {
    /// Counts the word that just ended and looks it up.
    fn end_word(&self, sample: &str, word: &mut Word, glance: &mut Glance, tally: &mut Tally) {
        // Nothing read since the last word (a space after a comma): the word is as new, and
        // there is nothing to count or to reset.
        if word.core_start.is_none() {
            return;
        }
        let done = std::mem::take(word);
        let Some(start) = done.core_start else {
            return;
        };
        tally.non_space += done.letters + done.others;
        if done.letters == 0 {
            return;
        }
        glance.letters += done.letters;
        glance.words += 1;
        if done.first_upper {
            tally.capitalized += 1;
        }
        let mut markers = done.markers;
        while markers != 0 {
            glance.marked[markers.trailing_zeros() as usize] += 1;
            markers &= markers - 1;
        }
        // A word joined to another by a slash (`I/O`, `TCP/IP`, `km/h`) is a symbol, not a
        // function word: `I/O` is not Catalan's `i` and `o`.
        let bytes = sample.as_bytes();
        if bytes.get(done.core_end) == Some(&b'/') || start > 0 && bytes[start - 1] == b'/' {
            return;
        }
        self.look_up(
            &sample[start..done.core_end],
            !done.non_ascii,
            done.ascii_upper || done.not_lowercase,
            glance,
            tally,
        );
    }

    /// Adds a word's function-word hits.
    fn look_up(
        &self,
        word: &str,
        ascii: bool,
        upper: bool,
        glance: &mut Glance,
        tally: &mut Tally,
    ) {
        let key = if ascii {
            // No function word is this long and starts so: most words are not looked up.
            let first = word.as_bytes()[0].to_ascii_lowercase();
            if word.len() >= 64 || self.ascii_starts[word.len()] & (1 << first) == 0 {
                return;
            }
            if upper {
                tally.lower.clear();
                tally.lower.push_str(word);
                tally.lower.make_ascii_lowercase();
                tally.lower.as_str()
            } else {
                word
            }
        } else {
            if word.len() > self.longest && word.chars().count() > self.longest {
                return;
            }
            if !upper {
                word
            } else {
                tally.lower.clear();
                for c in word.chars() {
                    push_lowercase(c, &mut tally.lower);
                }
                tally.lower.as_str()
            }
        };
        let mask = match packed(key) {
            Some(key) => self.short.get(&key),
            None => self.words.get(key),
        };
        if let Some(&mask) = mask {
            if mask.count_ones() == 1 {
                glance.unique[mask.trailing_zeros() as usize] += 1;
            }
            let mut m = mask;
            while m != 0 {
                let i = m.trailing_zeros() as usize;
                glance.hits[i] += 1;
                m &= m - 1;
            }
        }
    }
}

/// A word of at most 8 bytes as an integer: its bytes, then zeros (no word holds a zero
/// byte, so two words have the same integer only if they are the same).
fn packed(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    let mut key = [0u8; 8];
    key.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u64::from_le_bytes(key))
}

/// Whether a character separates words: white space, and the zero-width space that Khmer,
/// Lao, Myanmar and Thai text puts between words where Latin puts a space.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}'
}

/// Every script, in the order of [`Script`]'s variants (indexes of the tallies).
const SCRIPTS: [Script; 33] = [
    Script::Latin,
    Script::Cyrillic,
    Script::Greek,
    Script::Arabic,
    Script::Hebrew,
    Script::Han,
    Script::Kana,
    Script::Hangul,
    Script::Devanagari,
    Script::Thai,
    Script::Bengali,
    Script::Gurmukhi,
    Script::Gujarati,
    Script::Tamil,
    Script::Telugu,
    Script::Kannada,
    Script::Malayalam,
    Script::Sinhala,
    Script::Lao,
    Script::Myanmar,
    Script::Georgian,
    Script::Armenian,
    Script::Ethiopic,
    Script::Khmer,
    Script::Oriya,
    Script::Tibetan,
    Script::Thaana,
    Script::Syriac,
    Script::Mongolian,
    Script::Tifinagh,
    Script::Cherokee,
    Script::Syllabics,
    Script::Other,
];
const _: () = assert!(SCRIPTS[Script::Other as usize] as usize == Script::Other as usize);

/// The size of a text for judging it, in characters, where a character of `script` counts as
/// [`Script::weight`] (a Chinese character carries about as much as a short word).
pub fn judged_size(text: &str, script: Option<Script>) -> usize {
    text.chars().count() * script.map_or(1, Script::weight)
}

/// The first `max` bytes of `text`, cut at a character boundary.
pub fn sample(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a word (with the apostrophes at its edges) touches a slash at its core's
    /// edges, given the text before and after it.
    fn slashed(before: &str, word: &str, after: &str) -> bool {
        let apostrophe = |c: char| c == '\'' || c == '’';
        let core = word.trim_matches(apostrophe);
        if core.is_empty() {
            return false;
        }
        let lead = &word[..word.len() - word.trim_start_matches(apostrophe).len()];
        let trail = &word[word.trim_end_matches(apostrophe).len()..];
        (lead.is_empty() && before.ends_with('/')) || (trail.is_empty() && after.starts_with('/'))
    }

    /// The glance as first written (two passes per word), which the one-pass glance must
    /// agree with.
    fn reference_glance(stopwords: &Stopwords, sample: &str) -> Glance {
        let mut glance = Glance::default();
        let mut tally = Tally::default();
        let mut word_start: Option<usize> = None;
        let tally_word = |word: &str, slashed: bool, glance: &mut Glance, tally: &mut Tally| {
            let word = word.trim_matches(|c| c == '\'' || c == '’');
            if word.is_empty() {
                return;
            }
            let mut letters = 0;
            for c in word.chars() {
                if let Some(script) = Script::of(c) {
                    tally.scripts[script as usize] += script.weight();
                    letters += script.weight();
                } else {
                    tally.non_space += 1;
                }
            }
            tally.non_space += letters;
            if letters == 0 {
                return;
            }
            glance.letters += letters;
            glance.words += 1;
            if word.chars().next().is_some_and(char::is_uppercase) {
                tally.capitalized += 1;
            }
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            let mut marked = 0u64;
            for c in lower.chars() {
                for (code, letters) in marker_letters() {
                    let vietnamese = code == "vi" && ('\u{1EA0}'..='\u{1EF9}').contains(&c);
                    if letters.contains(c) || vietnamese {
                        if let Some(i) = stopwords.index(code) {
                            marked |= 1 << i;
                        }
                    }
                }
            }
            for i in 0..LISTS {
                if marked & (1 << i) != 0 {
                    glance.marked[i] += 1;
                }
            }
            if slashed {
                return;
            }
            if let Some(&mask) = stopwords.words.get(lower.as_str()) {
                if mask.count_ones() == 1 {
                    glance.unique[mask.trailing_zeros() as usize] += 1;
                }
                for i in 0..LISTS {
                    if mask & (1 << i) != 0 {
                        glance.hits[i] += 1;
                    }
                }
            }
        };
        for (i, c) in sample.char_indices() {
            let word_char = c.is_ascii_alphanumeric()
                || c == '\''
                || c == '’'
                || (!c.is_ascii() && Script::of(c).is_some());
            if word_char {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(start) = word_start.take() {
                let slashed = slashed(&sample[..start], &sample[start..i], &sample[i..]);
                tally_word(&sample[start..i], slashed, &mut glance, &mut tally);
            }
            if !is_space(c) {
                tally.non_space += 1;
            }
        }
        if let Some(start) = word_start {
            let slashed = slashed(&sample[..start], &sample[start..], "");
            tally_word(&sample[start..], slashed, &mut glance, &mut tally);
        }
        stopwords.finish(glance, tally)
    }

    proptest::proptest! {
        #[test]
        fn the_one_pass_glance_agrees_with_the_reference(
            sample in "((the|The|of|и|В|de|la|Él|l'homme|l’homme|'quoted'|İki|son|日本の|한국어|في|Σας) |[a-zA-Z0-9 '’.,:!?/\\-–\t\n\u{a0}\u{300}İıÉéßДдЖжΣσςカナ日本語한국어العربيةשלוםกข१२]{0,6}){0,30}"
        ) {
            let stopwords = Stopwords::new();
            let fast = stopwords.glance(&sample);
            let reference = reference_glance(&stopwords, &sample);
            proptest::prop_assert_eq!(format!("{fast:?}"), format!("{reference:?}"));
        }
    }

    #[test]
    fn the_conjunction_wa_is_arabic_as_well_as_persian() {
        // Arabic writes `و` ("and") before the next word, often with a space in web text: it
        // is no mark of Persian there.
        let stopwords = Stopwords::new();
        let glance = stopwords.glance("الوب و عموميتها و إتاحتها");
        let (ar, fa) = (
            stopwords.index("ar").unwrap(),
            stopwords.index("fa").unwrap(),
        );
        assert_eq!((glance.hits[ar], glance.hits[fa]), (2, 2));
        assert_eq!((glance.unique[ar], glance.unique[fa]), (0, 0));
    }

    #[test]
    fn words_joined_by_a_slash_are_not_function_words() {
        let stopwords = Stopwords::new();
        let ca = stopwords.index("ca").unwrap();
        // Catalan's `i` and `o` ("and", "or"), unless they are the letters of `I/O`.
        assert_eq!(stopwords.glance("gat i gos o peix").hits[ca], 2);
        assert_eq!(stopwords.glance("tulostamaan I/O-tilastoja").hits[ca], 0);
        let glance = stopwords.glance("and/or the cat");
        let en = stopwords.index("en").unwrap();
        assert_eq!(glance.hits[en], 1);
        assert_eq!(glance.words, 4);
    }

    #[test]
    fn the_scripts_of_the_lists_are_those_of_their_languages() {
        let stopwords = Stopwords::new();
        for script in SCRIPTS {
            for (index, code) in stopwords.codes.iter().enumerate() {
                let writes = Script::of_language(code) == Some(script)
                    || (*code == "sr" && script == Script::Latin);
                assert_eq!(
                    stopwords.written_in[script as usize] & (1 << index) != 0,
                    writes,
                    "{code} {script:?}"
                );
            }
        }
    }

    #[test]
    fn lowercasing_agrees_with_the_standard_library_for_every_character() {
        let mut fast = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            fast.clear();
            push_lowercase(c, &mut fast);
            assert!(fast.chars().eq(c.to_lowercase()), "{c:?}");
            if !lowercase_differs(c) {
                assert!(c.to_lowercase().eq([c]), "{c:?}");
            }
        }
    }
}
