//! The floor under any lexicon rule, for `bench/run.sh`: parse each JSONL record's text with
//! serde_json and search it for a list of phrases with one Aho-Corasick DFA, ASCII case
//! ignored, as the corpus issue's reference figure did. Prints the number of records with a
//! phrase.
//!
//! `scan_baseline PHRASES CORPUS`

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
    let [phrases, corpus] = args.as_slice() else {
        return Err("usage: scan_baseline PHRASES CORPUS".into());
    };
    let phrases = std::fs::read_to_string(phrases)?;
    let automaton = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::LeftmostFirst)
        .ascii_case_insensitive(true)
        .build(phrases.lines().filter(|l| !l.is_empty()))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(corpus)?);
    let (mut line, mut matching) = (String::new(), 0usize);
    while reader.read_line(&mut line)? > 0 {
        let record: Record<'_> = serde_json::from_str(&line)?;
        matching += usize::from(automaton.is_match(record.text.as_ref()));
        line.clear();
    }
    println!("{matching}");
    Ok(())
}
