//! Learned line classifiers: hashed features, a logistic-regression model whose weights are data,
//! and its training.
//!
//! A rule describes each line by named features (`"cat:cookie"`, `"w:akzeptieren"`,
//! `"shape:words=2"`); [`Features`] hashes each name into one of `2^bits` slots (FNV-1a, which
//! never changes between builds or platforms, so weights trained once stay valid). The model is
//! one weight per slot plus a bias; a line's score is the logistic of the sum of its features'
//! weights. Weights ship as a small binary file embedded in the plugin ([`Model::from_bytes`])
//! and are written by the plugin's training example ([`train`]) from a labeled corpus, so the
//! decision is learned from data and reproducible with one command.
//!
//! The model is deliberately linear: it is fast (a few additions per feature), its decisions
//! can be explained by the features that weighed most ([`Model::top_features`]), and it trains
//! in a second on tens of thousands of lines.

use crate::fold_words_up_to;

/// The 64-bit FNV-1a hash: stable across builds, platforms and crate versions.
pub(crate) fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The features of one line, as hashed slot indices. Names are kept only when asked for (to
/// explain a decision or write the training report).
#[derive(Clone, Debug, Default)]
pub struct Features {
    mask: u32,
    /// Slot indices, one per feature occurrence (a repeated feature counts again).
    pub slots: Vec<u32>,
    /// The feature names, in the order of `slots`, when recording.
    pub names: Option<Vec<String>>,
    /// The folded words of the last [`Features::add_words`], kept for its allocation.
    folded: String,
}

impl Features {
    /// Empty features for a model of `2^bits` slots.
    pub fn new(bits: u32) -> Features {
        Features {
            mask: (1u32 << bits) - 1,
            slots: Vec::new(),
            names: None,
            folded: String::new(),
        }
    }

    /// Empty features that also record their names.
    pub fn recording(bits: u32) -> Features {
        Features {
            names: Some(Vec::new()),
            ..Features::new(bits)
        }
    }

    /// Clears the features, keeping the allocation.
    pub fn clear(&mut self) {
        self.slots.clear();
        if let Some(names) = &mut self.names {
            names.clear();
        }
    }

    /// The slot of the feature `kind:value`, without adding it.
    pub fn slot(&self, kind: &str, value: &str) -> u32 {
        (fnv1a(&[kind.as_bytes(), value.as_bytes()]) as u32) & self.mask
    }

    /// Adds the feature `kind:value`.
    pub fn add(&mut self, kind: &str, value: &str) {
        let slot = (fnv1a(&[kind.as_bytes(), value.as_bytes()]) as u32) & self.mask;
        self.slots.push(slot);
        if let Some(names) = &mut self.names {
            names.push(format!("{kind}:{value}"));
        }
    }

    /// Adds the feature `kind:a_b` for a pair of values without formatting them.
    pub fn add_pair(&mut self, kind: &str, a: &str, b: &str) {
        let slot = (fnv1a(&[kind.as_bytes(), a.as_bytes(), b.as_bytes()]) as u32) & self.mask;
        self.slots.push(slot);
        if let Some(names) = &mut self.names {
            names.push(format!("{kind}:{a}_{b}"));
        }
    }

    /// Adds the folded words of `text` (case, accents and punctuation ignored) as `w:` features
    /// and adjacent pairs as `b:` features, at most `max_words` words. Text in a script written
    /// without spaces (CJK) adds its character pairs instead, so that a line of Chinese is not
    /// one rare "word".
    pub fn add_words(&mut self, text: &str, max_words: usize) {
        // Only the first words are used: the rest of a long line is not folded.
        let mut folded = std::mem::take(&mut self.folded);
        fold_words_up_to(text, max_words, &mut folded);
        self.add_folded_words(&folded, max_words);
        self.folded = folded;
    }

    fn add_folded_words(&mut self, folded: &str, max_words: usize) {
        let mut previous: Option<&str> = None;
        for word in folded.split(' ').filter(|w| !w.is_empty()).take(max_words) {
            // Only a word with a byte that may begin a Chinese or Japanese character is read
            // character by character.
            if word.bytes().any(crate::words::is_cjk_lead) && word.chars().any(crate::is_cjk) {
                let chars: Vec<char> = word.chars().collect();
                let mut buf = [0u8; 8];
                for pair in chars.windows(2).take(max_words) {
                    let a = pair[0].encode_utf8(&mut buf[..4]).len();
                    let b = pair[1].encode_utf8(&mut buf[4..]).len();
                    let (first, second) = buf.split_at(4);
                    let (first, second) = (&first[..a], &second[..b]);
                    let slot = (fnv1a(&[b"c", first, second]) as u32) & self.mask;
                    self.slots.push(slot);
                    if let Some(names) = &mut self.names {
                        names.push(format!("c:{}{}", pair[0], pair[1]));
                    }
                }
                previous = None;
                continue;
            }
            self.add("w", word);
            if let Some(p) = previous {
                self.add_pair("b", p, word);
            }
            previous = Some(word);
        }
    }
}

/// Magic bytes opening a weights file.
const MAGIC: &[u8; 4] = b"BLLR";
/// The weights file format's version.
const FORMAT: u32 = 1;

/// A trained logistic-regression model over hashed features.
#[derive(Clone, Debug)]
pub struct Model {
    bits: u32,
    bias: f32,
    weights: Vec<f32>,
}

impl Model {
    /// A model of `2^bits` zero weights.
    pub fn zeros(bits: u32) -> Model {
        Model {
            bits,
            bias: 0.0,
            weights: vec![0.0; 1 << bits],
        }
    }

    /// The number of hash bits (the model has `2^bits` weights).
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Reads a weights file: `BLLR`, format version, bits, bias, then `2^bits` weights, all
    /// little-endian (`u32`, `u32`, `f32`, `f32`...).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let word = |i: usize| -> Result<[u8; 4], String> {
            bytes
                .get(4 * i..4 * i + 4)
                .map(|b| [b[0], b[1], b[2], b[3]])
                .ok_or_else(|| "weights file too short".to_string())
        };
        if word(0)? != *MAGIC {
            return Err("not a weights file (no BLLR magic)".into());
        }
        let format = u32::from_le_bytes(word(1)?);
        if format != FORMAT {
            return Err(format!("weights file format {format}, expected {FORMAT}"));
        }
        let bits = u32::from_le_bytes(word(2)?);
        if !(4..=24).contains(&bits) {
            return Err(format!("weights file with {bits} hash bits"));
        }
        let bias = f32::from_le_bytes(word(3)?);
        let n = 1usize << bits;
        if bytes.len() != 16 + 4 * n {
            return Err(format!(
                "weights file of {} bytes, expected {}",
                bytes.len(),
                16 + 4 * n
            ));
        }
        let weights = (0..n)
            .map(|i| word(4 + i).map(f32::from_le_bytes))
            .collect::<Result<Vec<f32>, String>>()?;
        Ok(Model {
            bits,
            bias,
            weights,
        })
    }

    /// The weights file's bytes (see [`Model::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 4 * self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&self.bias.to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// The raw score (log-odds) of a line with these features.
    pub fn logit(&self, features: &Features) -> f32 {
        self.bias
            + features
                .slots
                .iter()
                .map(|&s| self.weights[s as usize])
                .sum::<f32>()
    }

    /// The probability the model gives a line with these features.
    pub fn probability(&self, features: &Features) -> f32 {
        sigmoid(self.logit(features))
    }

    /// The recorded features that weighed most for (positive) the decision, with their
    /// weights, strongest first, at most `n`.
    pub fn top_features(&self, features: &Features, n: usize) -> Vec<(String, f32)> {
        let Some(names) = &features.names else {
            return Vec::new();
        };
        let mut out: Vec<(String, f32)> = names
            .iter()
            .zip(&features.slots)
            .map(|(name, &slot)| (name.clone(), self.weights[slot as usize]))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out.dedup_by(|a, b| a.0 == b.0);
        out.truncate(n);
        out
    }

    /// The weight of a feature slot.
    pub fn weight(&self, slot: u32) -> f32 {
        self.weights[slot as usize]
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// How a model is trained.
#[derive(Clone, Copy, Debug)]
pub struct TrainOptions {
    /// Hash bits of the model.
    pub bits: u32,
    /// Passes over the data.
    pub epochs: usize,
    /// The step size at the first pass (it decays as `1/sqrt(t)`: AdaGrad).
    pub learning_rate: f32,
    /// L2 penalty per example on each weight touched.
    pub l2: f32,
    /// Weight of a positive example relative to a negative one (positives are rare).
    pub positive_weight: f32,
    /// Seed of the shuffling.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            bits: 18,
            epochs: 12,
            learning_rate: 0.2,
            l2: 1e-6,
            positive_weight: 1.0,
            seed: 1,
        }
    }
}

/// Trains a logistic regression on `examples` (features, label) by stochastic gradient descent
/// with AdaGrad step sizes and L2 regularisation, in a shuffled order fixed by the seed. The
/// examples are sparse hashed features, which the dense solvers of linear-model crates do not
/// take; the loop is the textbook one (as Vowpal Wabbit's), and deterministic.
pub fn train(examples: &[(Features, bool)], options: &TrainOptions) -> Model {
    let mut model = Model::zeros(options.bits);
    let mut squares = vec![1e-8f32; model.weights.len()];
    let mut bias_square = 1e-8f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state = options.seed.max(1);
    for _ in 0..options.epochs {
        // Fisher-Yates with xorshift: deterministic, no dependency.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            let (features, label) = &examples[i];
            let p = model.probability(features);
            let y = if *label { 1.0 } else { 0.0 };
            let weight = if *label { options.positive_weight } else { 1.0 };
            let gradient = (p - y) * weight;
            for &slot in &features.slots {
                let s = slot as usize;
                let g = gradient + options.l2 * model.weights[s];
                squares[s] += g * g;
                model.weights[s] -= options.learning_rate * g / squares[s].sqrt();
            }
            bias_square += gradient * gradient;
            model.bias -= options.learning_rate * gradient / bias_square.sqrt();
        }
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_is_stable() {
        // The weights files depend on these values: they must never change.
        assert_eq!(fnv1a(&[b"w", b"cookies"]), 0xf805_696a_3731_d407);
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
    }

    #[test]
    fn weights_round_trip_and_bad_files_are_refused() {
        let mut model = Model::zeros(4);
        model.bias = -1.5;
        model.weights[3] = 2.25;
        let back = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.bias, -1.5);
        assert_eq!(back.weights[3], 2.25);
        assert!(Model::from_bytes(b"nope").is_err());
        assert!(Model::from_bytes(&model.to_bytes()[..20]).is_err());
    }

    #[test]
    fn training_separates_a_separable_set() {
        let example = |words: &str, label| {
            let mut f = Features::new(10);
            f.add_words(words, 10);
            (f, label)
        };
        let examples = vec![
            example("we use cookies", true),
            example("accept all cookies", true),
            example("the minister said", false),
            example("critics said the plan", false),
        ];
        let model = train(
            &examples,
            &TrainOptions {
                bits: 10,
                ..TrainOptions::default()
            },
        );
        for (features, label) in &examples {
            assert_eq!(model.probability(features) > 0.5, *label);
        }
    }

    #[test]
    fn cjk_text_gives_character_pairs() {
        let mut f = Features::recording(10);
        f.add_words("我们使用", 10);
        assert_eq!(f.names.unwrap(), ["c:我们", "c:们使", "c:使用"]);
    }
}
