//! A plugin for fuzzing the host: it reports whatever findings its configuration describes,
//! valid or not, so that the fuzzer reaches the host's validation of findings through the real
//! loader and C ABI.
//!
//! The configuration is not TOML but hex digits: the bytes of a list of [`Record`]s, decoded by
//! [`decode`] (which the fuzz target also calls, to know what the host should accept).

#![deny(unsafe_code)]

use std::ops::Range;

use boilerlint_plugin::{
    declare_rule, export_plugin, Applicability, Document, Plugin, Reporter, Rule, Severity,
};

declare_rule! {
    /// Reports what its configuration says (a fuzzing fixture).
    pub Echo { id: "fuzz-echo", severity: Warning, fix: Sometimes }
}

/// Replacements a fix may carry: none, text, line breaks, multi-byte characters.
pub const REPLACEMENTS: &[&str] = &["", "x", "\n", "\r\n", "ı", "⟦r⟧"];

/// The fix of a record.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordFix {
    /// No fix.
    None,
    /// Delete the finding's range, safely.
    Delete,
    /// Replace `range` with `replacement`, unsafely.
    Replace(Range<u64>, &'static str),
}

/// One finding to report, with offsets resolved against the document's length.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The finding's range (may be reversed, past the end or inside a character).
    pub span: Range<u64>,
    /// Its fix.
    pub fix: RecordFix,
    /// Its language code (may be too long).
    pub language: &'static str,
    /// Its score (may be NaN).
    pub score: f64,
    /// Its severity, if not the rule's default.
    pub severity: Option<Severity>,
}

/// An offset from one byte: small values as they are, the largest ones just past `len` or near
/// `u64::MAX`.
fn offset(byte: u8, len: usize) -> u64 {
    match byte {
        0..=0xf7 => u64::from(byte),
        0xf8..=0xfb => len as u64 + u64::from(byte - 0xf8),
        _ => u64::MAX - u64::from(byte - 0xfc),
    }
}

/// Decodes records of six bytes: flags, span start and end, fix start and end, replacement.
pub fn decode(bytes: &[u8], len: usize) -> Vec<Record> {
    bytes
        .chunks_exact(6)
        .map(|r| {
            let flags = r[0];
            Record {
                span: offset(r[1], len)..offset(r[2], len),
                fix: match flags & 3 {
                    0 => RecordFix::None,
                    1 => RecordFix::Delete,
                    _ => RecordFix::Replace(
                        offset(r[3], len)..offset(r[4], len),
                        REPLACEMENTS[usize::from(r[5]) % REPLACEMENTS.len()],
                    ),
                },
                language: match (flags >> 2) & 3 {
                    0 => "",
                    1 => "tr",
                    2 => "zh",
                    _ => "a-language-code-too-long",
                },
                score: match (flags >> 4) & 3 {
                    0 => 1.0,
                    1 => 0.5,
                    2 => f64::NAN,
                    _ => 7.0,
                },
                severity: (flags & 0x40 != 0).then_some(Severity::Error),
            }
        })
        .collect()
}

/// Hex-encodes `bytes` as a configuration.
pub fn config(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct FuzzEcho {
    bytes: Vec<u8>,
}

impl Plugin for FuzzEcho {
    const NAME: &'static str = "fuzz-echo";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const RULES: &'static [Rule] = &[Echo::RULE];

    fn new(config: &str) -> Result<Self, String> {
        let bytes = config
            .as_bytes()
            .chunks(2)
            .map(|pair| {
                std::str::from_utf8(pair)
                    .ok()
                    .and_then(|s| u8::from_str_radix(s, 16).ok())
                    .ok_or_else(|| format!("{pair:?} is not a hex byte"))
            })
            .collect::<Result<_, _>>()?;
        Ok(FuzzEcho { bytes })
    }

    fn check(&self, doc: &Document<'_>, report: &mut Reporter<'_>) {
        for record in decode(&self.bytes, doc.text().len()) {
            let span = record.span.start as usize..record.span.end as usize;
            let mut finding = report
                .report(&Echo::RULE, span.clone(), "echo")
                .language(record.language)
                .score(record.score);
            if let Some(severity) = record.severity {
                finding = finding.severity(severity);
            }
            finding = match record.fix {
                RecordFix::None => finding,
                RecordFix::Delete => finding.delete_safe(),
                RecordFix::Replace(range, replacement) => finding.replace(
                    Applicability::Unsafe,
                    range.start as usize..range.end as usize,
                    replacement,
                ),
            };
            finding.emit();
        }
    }
}

export_plugin!(FuzzEcho);
