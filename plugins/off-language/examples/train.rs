//! Trains off-language's identifier for close relatives (`src/langid.rs`) and writes
//! `model/langid.bin` and `model/REPORT.md`:
//!
//! ```text
//! cargo run --release -p boilerlint-plugin-off-language --example train
//! ```
//!
//! Then rebuild the plugin (the model is embedded in it). The training text is real prose: the
//! dev part's prose sources of the corpus (`corpus/dev/prose-units.jsonl` names them) and the
//! language-identification pool (`corpus/pools/langid/`, packages the corpus does not use).
//! The test part's prose is never read. The report cross-validates by source on the same text
//! and scores whatlang, restricted to the same candidates, on the same paragraphs.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use boilerlint_plugin_off_language::langid::{self, LangId, MAX_N, VERSION};
use boilerlint_plugin_off_language::{candidates, whatlang_lang};
use serde::Deserialize;

/// N-grams kept per language: the most frequent ones.
const TOP_PER_LANGUAGE: usize = 12_000;
/// Additive smoothing of the n-gram counts. Chosen by the cross-validation below (all
/// paragraphs): 0.02: 0.969, 0.05: 0.970, 0.1: 0.970, 0.2: 0.971, 0.3: 0.970, 0.5: 0.967.
/// Less smoothing favours the languages with less text (bs 0.46 -> 0.60, nn 0.73 -> 0.87,
/// ms 0.77 -> 0.87 from 0.5 to 0.2) at a smaller cost to their larger relatives (hr 0.86 ->
/// 0.78). More n-grams per language (25 000, 50 000) change nothing or lose.
const ALPHA: f64 = 0.2;
/// The step of the quantized weights, in nats.
const STEP: f32 = 1.0 / 16.0;
/// A language with less training text than this (characters) is left out.
const MIN_CHARS: usize = 5_000;
/// Characters of training text per language at most, spread over its sources.
const MAX_CHARS: usize = 400_000;
/// Folds of the cross-validation by source.
const FOLDS: u64 = 4;
/// Paragraphs shorter than this (characters) are not scored by the report: the rule judges
/// from 40 characters up.
const REPORT_MIN_CHARS: usize = 40;

#[derive(Deserialize)]
struct Record {
    lang: String,
    source: String,
    #[serde(default)]
    doc: Option<String>,
    text: String,
    #[serde(default)]
    kind: Option<String>,
    /// The script, for a language written in two (Serbian in Latin: `Latn`).
    #[serde(default)]
    variant: Option<String>,
}

#[derive(Deserialize, PartialEq, Eq, Hash)]
struct Unit {
    lang: String,
    source: String,
    doc: Option<String>,
}

/// A paragraph of training text.
struct Para {
    lang: String,
    /// The split unit it belongs to (source package, or file of one), for cross-validation.
    unit: String,
    /// Its file in the package.
    doc: String,
    text: String,
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Vec<T> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

fn jsonl_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "jsonl"));
    files.sort();
    files
}

/// The languages of `corpus/build/probe_languages.py`, which puts paragraphs of the pool in them
/// into the parts' documents: of these, only the packages of the probe's dev half are trained on
/// (af and ms, learned from every package before the probe split the pool, excepted, so that
/// their model stays what it was measured as).
const PROBE_LANGUAGES: [&str; 11] = [
    "br", "cy", "gd", "oc", "wa", "eo", "la", "is", "ga", "sq", "az",
];

/// The half of the language probe a pool package belongs to, as `probe_languages.py` splits
/// them: a third, by the first byte of the SHA-256 of its source, to the test half.
fn probe_half(source: &str) -> &'static str {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(source.as_bytes());
    if digest[0] % 3 == 0 {
        "test"
    } else {
        "dev"
    }
}

/// The training paragraphs: the dev part's prose and the language-identification pool.
fn training_text(corpus: &Path) -> Vec<Para> {
    let dev: HashSet<Unit> = read_jsonl::<Unit>(&corpus.join("dev/prose-units.jsonl"))
        .into_iter()
        .collect();
    let mut paras = Vec::new();
    for file in jsonl_files(&corpus.join("pools/prose")) {
        for r in read_jsonl::<Record>(&file) {
            if r.kind.as_deref() == Some("code") {
                continue;
            }
            let package = Unit {
                lang: r.lang.clone(),
                source: r.source.clone(),
                doc: None,
            };
            let file_unit = Unit {
                doc: r.doc.clone(),
                lang: r.lang.clone(),
                source: r.source.clone(),
            };
            let unit = if dev.contains(&package) {
                r.source.clone()
            } else if dev.contains(&file_unit) {
                format!("{}!{}", r.source, r.doc.as_deref().unwrap_or(""))
            } else {
                continue; // the test part's
            };
            paras.push(Para {
                lang: r.lang,
                unit,
                doc: r.doc.unwrap_or_default(),
                text: r.text,
            });
        }
    }
    for file in jsonl_files(&corpus.join("pools/langid")) {
        for r in read_jsonl::<Record>(&file) {
            // Serbian in Latin script is left out: the packages' Latin pages are
            // transliterations of the Cyrillic ones, and on short text their n-grams are
            // Croatian's (trained as a class of their own, they took most Croatian
            // paragraphs). Serbian is told from Croatian by its script.
            if r.variant.is_some() {
                continue;
            }
            // The language probe's languages (`corpus/build/probe_languages.py`) are learned
            // from the pool's packages of its dev half only: its test half stays unseen.
            if PROBE_LANGUAGES.contains(&r.lang.as_str()) && probe_half(&r.source) == "test" {
                continue;
            }
            let lang = r.lang;
            paras.push(Para {
                lang,
                unit: r.source,
                doc: r.doc.unwrap_or_default(),
                text: r.text,
            });
        }
    }
    // Only the languages with close relatives: the model is asked only among them.
    paras.retain(|p| !candidates(&p.lang).is_empty());
    // At most MAX_CHARS per language, taken evenly over its paragraphs.
    let mut by_lang: BTreeMap<String, Vec<Para>> = BTreeMap::new();
    for p in paras {
        by_lang.entry(p.lang.clone()).or_default().push(p);
    }
    let mut out = Vec::new();
    for (_, mut ps) in by_lang {
        let total: usize = ps.iter().map(|p| p.text.len()).sum();
        if total < MIN_CHARS {
            continue;
        }
        if total > MAX_CHARS {
            let keep = MAX_CHARS as f64 / total as f64;
            let mut credit = 0.0;
            ps.retain(|_| {
                credit += keep;
                if credit >= 1.0 {
                    credit -= 1.0;
                    true
                } else {
                    false
                }
            });
        }
        out.extend(ps);
    }
    out
}

/// Trains a model on `paras` and returns its file's bytes.
fn train(paras: &[&Para]) -> Vec<u8> {
    let mut counts: BTreeMap<&str, HashMap<u32, u64>> = BTreeMap::new();
    for p in paras {
        let c = counts.entry(p.lang.as_str()).or_default();
        langid::ngrams(&p.text, |h| *c.entry(h).or_default() += 1);
    }
    // The vocabulary: each language's most frequent n-grams.
    let mut kept: BTreeMap<u32, Vec<(u8, u64)>> = BTreeMap::new();
    for c in counts.values() {
        let mut top: Vec<(u32, u64)> = c.iter().map(|(&h, &n)| (h, n)).collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(TOP_PER_LANGUAGE);
        for (h, _) in top {
            kept.entry(h).or_default();
        }
    }
    for (i, (_, c)) in counts.iter().enumerate() {
        for (h, entries) in kept.iter_mut() {
            if let Some(&n) = c.get(h) {
                entries.push((i as u8, n));
            }
        }
    }
    let vocabulary = kept.len() as f64;
    let mut out = Vec::new();
    out.extend_from_slice(langid::MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&STEP.to_le_bytes());
    out.extend_from_slice(&(counts.len() as u32).to_le_bytes());
    for (i, code) in counts.keys().enumerate() {
        // The language's n-grams within the vocabulary: n-grams outside it are not scored.
        let total: u64 = kept
            .values()
            .flat_map(|entries| entries.iter())
            .filter(|&&(l, _)| usize::from(l) == i)
            .map(|&(_, n)| n)
            .sum();
        let floor = (ALPHA / (total as f64 + ALPHA * vocabulary)).ln() as f32;
        out.push(code.len() as u8);
        out.extend_from_slice(code.as_bytes());
        out.extend_from_slice(&floor.to_le_bytes());
    }
    // The entries, then the table of slots pointing into them (at most half full).
    let mut entries_bytes: Vec<u8> = Vec::new();
    let mut offsets: Vec<(u32, u32)> = Vec::with_capacity(kept.len());
    for (&h, entries) in &kept {
        let quantized: Vec<(u8, u8)> = entries
            .iter()
            .map(|&(i, n)| {
                let gain = ((n as f64 + ALPHA) / ALPHA).ln() as f32 / STEP;
                (i, gain.round().clamp(0.0, 255.0) as u8)
            })
            .filter(|&(_, w)| w > 0)
            .collect();
        offsets.push((h, entries_bytes.len() as u32));
        entries_bytes.push(quantized.len() as u8);
        for (i, w) in quantized {
            entries_bytes.push(i);
            entries_bytes.push(w);
        }
    }
    let bits = (2 * kept.len()).next_power_of_two().trailing_zeros().max(1);
    let mask = (1usize << bits) - 1;
    let mut slots = vec![(0u32, langid::EMPTY); 1 << bits];
    for (h, offset) in offsets {
        let mut at = langid::slot(h, bits);
        while slots[at].1 != langid::EMPTY {
            at = (at + 1) & mask;
        }
        slots[at] = (h, offset);
    }
    out.extend_from_slice(&bits.to_le_bytes());
    for (h, offset) in slots {
        out.extend_from_slice(&h.to_le_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
    }
    out.extend_from_slice(&(entries_bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&entries_bytes);
    out
}

/// The cross-validation folds: within each language, its sources dealt round the folds in a
/// stable order, so that every fold trains on some of each language; a language with a single
/// source is dealt by file.
fn folds(paras: &[Para]) -> Vec<u64> {
    let fnv = |s: &str| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in s.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    let mut sources: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    for p in paras {
        sources.entry(&p.lang).or_default().insert(&p.unit);
    }
    let key = |p: &Para| -> String {
        if sources[p.lang.as_str()].len() >= 2 {
            p.unit.clone()
        } else {
            format!("{}!{}", p.unit, p.doc)
        }
    };
    let mut units: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for p in paras {
        units.entry(&p.lang).or_default().push(key(p));
    }
    let mut fold_of: HashMap<(String, String), u64> = HashMap::new();
    for (lang, mut keys) in units {
        keys.sort_by_key(|k| (fnv(k), k.clone()));
        keys.dedup();
        for (i, k) in keys.into_iter().enumerate() {
            fold_of.insert((lang.to_string(), k), i as u64 % FOLDS);
        }
    }
    paras
        .iter()
        .map(|p| fold_of[&(p.lang.clone(), key(p))])
        .collect()
}

fn whatlang_choice(text: &str, candidates: &[&str]) -> Option<String> {
    let langs: Vec<whatlang::Lang> = candidates.iter().filter_map(|c| whatlang_lang(c)).collect();
    if langs.len() < 2 {
        return None;
    }
    let info = whatlang::Detector::with_allowlist(langs).detect(text)?;
    boilerlint_lexicon::iso639_1(info.lang().code()).map(str::to_string)
}

#[derive(Default)]
struct Score {
    paragraphs: usize,
    model: usize,
    whatlang: usize,
    /// The model's wrong answers.
    confused: BTreeMap<String, usize>,
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../../corpus");
    let paras = training_text(&corpus);
    let mut languages: BTreeMap<&str, (usize, HashSet<&str>)> = BTreeMap::new();
    for p in &paras {
        let e = languages.entry(p.lang.as_str()).or_default();
        e.0 += p.text.chars().count();
        e.1.insert(p.unit.as_str());
    }

    // Cross-validation by source: each fold's model never saw the sources it is scored on.
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let fold_of = folds(&paras);
    for fold in 0..FOLDS {
        let train_on: Vec<&Para> = paras
            .iter()
            .zip(&fold_of)
            .filter_map(|(p, &f)| (f != fold).then_some(p))
            .collect();
        let bytes = train(&train_on);
        let model = LangId::from_bytes(&bytes).expect("a model just written");
        for (p, _) in paras.iter().zip(&fold_of).filter(|&(_, &f)| f == fold) {
            if p.text.chars().count() < REPORT_MIN_CHARS {
                continue;
            }
            let base = p.lang.split('-').next().unwrap_or(&p.lang);
            let group: Vec<&str> = candidates(base)
                .into_iter()
                .filter(|c| languages.contains_key(c))
                .collect();
            if !group.contains(&base) {
                continue;
            }
            if group.len() < 2 {
                continue;
            }
            let s = scores.entry(p.lang.clone()).or_default();
            s.paragraphs += 1;
            match model.choose(&p.text, &group) {
                Some(c) if c.language == base => s.model += 1,
                Some(c) => *s.confused.entry(c.language.to_string()).or_default() += 1,
                None => {}
            }
            if whatlang_choice(&p.text, &group).as_deref() == Some(base) {
                s.whatlang += 1;
            }
        }
    }

    let all: Vec<&Para> = paras.iter().collect();
    let bytes = train(&all);
    let model = LangId::from_bytes(&bytes).expect("a model just written");
    std::fs::write(root.join("model/langid.bin"), &bytes).expect("write model/langid.bin");

    let mut report = String::new();
    let _ = writeln!(
        report,
        "# off-language: the identifier for close relatives\n\n\
         Written by `cargo run --release -p boilerlint-plugin-off-language --example train`.\n\n\
         - **Method:** multinomial Naive Bayes over the character 1- to {MAX_N}-grams of the \
         lowercased words (each padded with a space), uniform priors; the {TOP_PER_LANGUAGE} \
         most frequent n-grams of each language, additive smoothing {ALPHA}, log-probabilities \
         quantized in steps of {STEP} nats.\n\
         - **Data:** the dev part's prose sources (`corpus/dev/prose-units.jsonl`) and the \
         language-identification pool (`corpus/pools/langid/`), at most {MAX_CHARS} bytes per \
         language spread over its paragraphs; languages with under {MIN_CHARS} bytes are left \
         out. The test part's prose is never read.\n\
         - **Model:** {} languages, {} bytes.\n\
         - **Use:** the rule asks it only among a few candidates (the main language, the \
         languages the other evidence named and their close relatives).\n",
        model.languages().count(),
        bytes.len(),
    );
    let _ = writeln!(
        report,
        "## Cross-validation by source ({FOLDS} folds)\n\n\
         Each paragraph of {REPORT_MIN_CHARS} characters or more, of a language with close \
         relatives, is put to the fold's model and to whatlang, both choosing among the language \
         and its close relatives (the candidates the model knows).\n\n\
         | language | chars | sources | candidates | paragraphs | model | whatlang | model's errors |\n\
         |---|---|---|---|---|---|---|---|"
    );
    let (mut n, mut m, mut w) = (0, 0, 0);
    for (lang, s) in &scores {
        let (chars, units) = &languages[lang.as_str()];
        let _ = writeln!(
            report,
            "| {lang} | {chars} | {} | {} | {} | {:.3} | {:.3} | {} |",
            units.len(),
            candidates(lang.split('-').next().unwrap_or(lang))
                .into_iter()
                .filter(|c| languages.contains_key(c))
                .collect::<Vec<_>>()
                .join(" "),
            s.paragraphs,
            s.model as f64 / s.paragraphs.max(1) as f64,
            s.whatlang as f64 / s.paragraphs.max(1) as f64,
            s.confused
                .iter()
                .map(|(l, n)| format!("{l} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        n += s.paragraphs;
        m += s.model;
        w += s.whatlang;
    }
    let _ = writeln!(
        report,
        "| all | | | | {n} | {:.3} | {:.3} | |\n",
        m as f64 / n.max(1) as f64,
        w as f64 / n.max(1) as f64
    );
    let _ = writeln!(report, "## Languages\n");
    for (lang, (chars, units)) in &languages {
        let _ = writeln!(
            report,
            "- {lang}: {chars} characters from {} sources",
            units.len()
        );
    }
    std::fs::write(root.join("model/REPORT.md"), &report).expect("write model/REPORT.md");
    print!("{report}");
}
