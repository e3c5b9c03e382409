//! The floor under any lexicon rule, for `bench/run.sh`: parse each JSONL record's text with
//! serde_json and search it for a list of phrases with one Aho-Corasick DFA, ASCII case
//! ignored, as the corpus issue's reference figure did. Prints the number of records with a
//! phrase, or with `--all` the number of hits, for which every record is read to its end (as
//! a rule must read it).
//!
//! `scan_baseline PHRASES CORPUS [--all]`

use std::borrow::Cow;
use std::io::BufRead;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

#[derive(serde::Deserialize)]
struct Record<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (phrases, corpus, all) = match args.as_slice() {
        [phrases, corpus] => (phrases, corpus, false),
        [phrases, corpus, flag] if flag == "--all" => (phrases, corpus, true),
        _ => return Err("usage: scan_baseline PHRASES CORPUS [--all]".into()),
    };
    let phrases = std::fs::read_to_string(phrases)?;
    let automaton = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::LeftmostFirst)
        .ascii_case_insensitive(true)
        .build(phrases.lines().filter(|l| !l.is_empty()))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(corpus)?);
    let (mut line, mut found) = (String::new(), 0usize);
    while reader.read_line(&mut line)? > 0 {
        let record: Record<'_> = serde_json::from_str(&line)?;
        let text = record.text.as_ref();
        found += if all {
            automaton.find_iter(text).count()
        } else {
            usize::from(automaton.is_match(text))
        };
        line.clear();
    }
    println!("{found}");
    Ok(())
}
