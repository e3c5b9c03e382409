//! The document a plugin checks: text, lines and paragraphs with byte ranges.

use std::ops::Range;

use crate::abi;

const BOM: &str = "\u{feff}";

/// The segmentation of a text: every line and every paragraph, as byte ranges.
///
/// The host segments each document once, with this function, and hands the result to every
/// plugin; plugins never re-split.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Segments {
    /// The content of every line, terminator (`\n` or `\r\n`) excluded. A leading byte-order
    /// mark belongs to no line.
    pub lines: Vec<abi::Span>,
    /// Every maximal run of non-blank lines. A blank line is empty or holds only whitespace.
    pub paragraphs: Vec<abi::Paragraph>,
}

/// Splits `text` into lines and paragraphs.
///
/// A text of `n` line terminators has `n + 1` lines, except that a final terminator does not
/// open an empty last line. The empty text has no line.
pub fn segment(text: &str) -> Segments {
    let mut segments = Segments::default();
    let bytes = text.as_bytes();
    let mut start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let mut paragraph: Option<(usize, usize)> = None; // (first line index, start offset)
    while start < bytes.len() {
        let newline = memchr_newline(&bytes[start..]).map(|i| start + i);
        let (content_end, next) = match newline {
            Some(i) if i > start && bytes[i - 1] == b'\r' => (i - 1, i + 1),
            Some(i) => (i, i + 1),
            None => (bytes.len(), bytes.len()),
        };
        let index = segments.lines.len();
        segments.lines.push(span(start, content_end));
        let blank = text[start..content_end].trim().is_empty();
        match (blank, paragraph) {
            (false, None) => paragraph = Some((index, start)),
            (true, Some((first, para_start))) => {
                close_paragraph(&mut segments, first, para_start, index);
                paragraph = None;
            }
            _ => {}
        }
        start = next;
    }
    if let Some((first, para_start)) = paragraph {
        let end = segments.lines.len();
        close_paragraph(&mut segments, first, para_start, end);
    }
    segments
}

fn close_paragraph(segments: &mut Segments, first: usize, start: usize, end_line: usize) {
    let end = segments.lines[end_line - 1].end;
    segments.paragraphs.push(abi::Paragraph {
        span: abi::Span {
            start: start as u64,
            end,
        },
        first_line: first as u64,
        line_count: (end_line - first) as u64,
    });
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes)
}

fn span(start: usize, end: usize) -> abi::Span {
    abi::Span {
        start: start as u64,
        end: end as u64,
    }
}

/// What a record says about itself, where the host knows it: its URL, id and declared
/// language. Each is `None` when unknown (a text file, a record without the field, or an older
/// host).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Metadata<'a> {
    /// The record's URL.
    pub url: Option<&'a str>,
    /// The record's id, as text.
    pub id: Option<&'a str>,
    /// The language the record declares, as written (`en`, `pt-BR`, ...).
    pub language: Option<&'a str>,
}

/// A document as a plugin sees it: the text with its lines and paragraphs, and what the record
/// says about itself.
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    text: &'a str,
    path: &'a str,
    lines: &'a [abi::Span],
    paragraphs: &'a [abi::Paragraph],
    metadata: Metadata<'a>,
}

impl<'a> Document<'a> {
    /// A document over `text` with the given segmentation. Ranges that do not fit the text are
    /// skipped when iterating, never trusted.
    pub fn new(text: &'a str, path: &'a str, segments: &'a Segments) -> Document<'a> {
        Document {
            text,
            path,
            lines: &segments.lines,
            paragraphs: &segments.paragraphs,
            metadata: Metadata::default(),
        }
    }

    /// The same document, carrying `metadata` (as a record's document does).
    pub fn with_metadata(self, metadata: Metadata<'a>) -> Document<'a> {
        Document { metadata, ..self }
    }

    pub(crate) fn from_parts(
        text: &'a str,
        path: &'a str,
        lines: &'a [abi::Span],
        paragraphs: &'a [abi::Paragraph],
    ) -> Document<'a> {
        Document {
            text,
            path,
            lines,
            paragraphs,
            metadata: Metadata::default(),
        }
    }

    /// The whole text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Where it came from (a path, or `path:record`), for messages only.
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// The record's URL, where known: for a site-specific rule, the host names the site.
    pub fn url(&self) -> Option<&'a str> {
        self.metadata.url
    }

    /// The record's id, where known.
    pub fn id(&self) -> Option<&'a str> {
        self.metadata.id
    }

    /// The language the record declares, where known, as written (`en`, `pt-BR`, ...): data,
    /// not a verdict; a record can be mislabelled.
    pub fn language(&self) -> Option<&'a str> {
        self.metadata.language
    }

    /// Everything the record says about itself.
    pub fn metadata(&self) -> Metadata<'a> {
        self.metadata
    }

    /// Every paragraph, in order.
    pub fn paragraphs(&self) -> impl ExactSizeIterator<Item = Paragraph<'a>> + '_ {
        let doc = *self;
        (0..self.paragraphs.len()).map(move |i| doc.paragraph(i))
    }

    /// The number of paragraphs.
    pub fn paragraph_count(&self) -> usize {
        self.paragraphs.len()
    }

    /// Paragraph `index`.
    ///
    /// # Panics
    ///
    /// If `index >= paragraph_count()`.
    pub fn paragraph(&self, index: usize) -> Paragraph<'a> {
        let raw = self.paragraphs[index];
        let range = self.range(raw.span);
        let first = (raw.first_line as usize).min(self.lines.len());
        let last = first
            .saturating_add(raw.line_count as usize)
            .min(self.lines.len());
        Paragraph {
            doc: *self,
            index,
            range,
            lines: first..last,
        }
    }

    /// Every line, in order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = Line<'a>> + Clone + '_ {
        let doc = *self;
        (0..self.lines.len()).map(move |i| doc.line(i))
    }

    /// Line `index` (0-based).
    ///
    /// # Panics
    ///
    /// If `index` is not a line of the document.
    pub fn line(&self, index: usize) -> Line<'a> {
        Line {
            index,
            range: self.range(self.lines[index]),
            text: self.text,
        }
    }

    /// Turns a span from the host into a range of `text`; an invalid one becomes empty.
    fn range(&self, span: abi::Span) -> Range<usize> {
        let (start, end) = (span.start as usize, span.end as usize);
        if start <= end && self.text.get(start..end).is_some() {
            start..end
        } else {
            0..0
        }
    }
}

/// A paragraph: a maximal run of non-blank lines.
#[derive(Clone, Debug)]
pub struct Paragraph<'a> {
    doc: Document<'a>,
    index: usize,
    range: Range<usize>,
    lines: Range<usize>,
}

impl<'a> Paragraph<'a> {
    /// Its position among the document's paragraphs.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Its text, without the final line terminator.
    pub fn text(&self) -> &'a str {
        &self.doc.text[self.range.clone()]
    }

    /// Its byte range in the document.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    /// Byte offset of its start in the document: add it to an offset into [`Paragraph::text`].
    pub fn start(&self) -> usize {
        self.range.start
    }

    /// Its lines.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = Line<'a>> + Clone + '_ {
        let doc = self.doc;
        self.lines.clone().map(move |i| doc.line(i))
    }

    /// The number of its lines.
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }
}

/// One line: its content, terminator excluded.
#[derive(Clone, Debug)]
pub struct Line<'a> {
    index: usize,
    range: Range<usize>,
    text: &'a str,
}

impl<'a> Line<'a> {
    /// Its position among the document's lines (0-based).
    pub fn index(&self) -> usize {
        self.index
    }

    /// Its content.
    pub fn text(&self) -> &'a str {
        &self.text[self.range.clone()]
    }

    /// Its byte range in the document.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        segment(text)
            .lines
            .iter()
            .map(|s| &text[s.start as usize..s.end as usize])
            .collect()
    }

    fn paragraphs(text: &str) -> Vec<&str> {
        segment(text)
            .paragraphs
            .iter()
            .map(|p| &text[p.span.start as usize..p.span.end as usize])
            .collect()
    }

    #[test]
    fn lines_exclude_terminators_and_bom() {
        assert_eq!(lines("a\r\nb\n\nc"), ["a", "b", "", "c"]);
        assert_eq!(lines("a\n"), ["a"]);
        assert_eq!(lines("\u{feff}a\nb\n"), ["a", "b"]);
        assert!(lines("").is_empty());
        assert_eq!(lines("\n"), [""]);
        assert_eq!(lines("a\rb"), ["a\rb"]);
    }

    #[test]
    fn paragraphs_are_runs_of_non_blank_lines() {
        assert_eq!(
            paragraphs("Title\n\nOne\ntwo\n  \t\nThree\r\n\r\n\r\n"),
            ["Title", "One\ntwo", "Three"]
        );
        let s = segment("x\n\ny\nz");
        assert_eq!(s.paragraphs[1].first_line, 2);
        assert_eq!(s.paragraphs[1].line_count, 2);
    }

    #[test]
    fn document_iterates_paragraph_lines() {
        let text = "X\nSitelerimizde çerezler\n\nBu çerezler";
        let segments = segment(text);
        let doc = Document::new(text, "a.txt", &segments);
        let first = doc.paragraphs().next().unwrap();
        let texts: Vec<_> = first.lines().map(|l| l.text()).collect();
        assert_eq!(texts, ["X", "Sitelerimizde çerezler"]);
        assert_eq!(doc.paragraph(1).text(), "Bu çerezler");
    }
}
