//! JSON Lines records: find the text, id and url fields without building a tree, and rewrite
//! the text field in place so that every other byte of the record stays as it was.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

/// The field names to look for.
#[derive(Clone, Debug)]
pub struct Fields {
    pub text: String,
    pub id: String,
    pub url: String,
    /// The field holding the record's declared language.
    pub lang: String,
}

/// A parsed record, borrowing from its line.
#[derive(Debug)]
pub struct Record<'a> {
    /// The text field's value, unescaped.
    pub text: Cow<'a, str>,
    /// The byte range of the text field's JSON string literal in the line.
    pub text_span: Range<usize>,
    /// Whether that literal escapes every non-ASCII character (as Python's `json.dumps` does).
    pub ascii_only: bool,
    /// The id field's JSON value, as written.
    pub id: Option<&'a str>,
    /// The url field's value, if it is a string.
    pub url: Option<Cow<'a, str>>,
    /// The language field's value, if it is a string.
    pub language: Option<Cow<'a, str>>,
}

impl Record<'_> {
    /// The id as plugins get it: a string's value, or any other JSON value as written.
    pub fn id_text(&self) -> Option<Cow<'_, str>> {
        let id = self.id?;
        Some(serde_json::from_str::<Cow<'_, str>>(id).unwrap_or(Cow::Borrowed(id)))
    }
}

/// Parses one line; errors say what is wrong with the record.
pub fn parse<'a>(line: &'a [u8], fields: &Fields) -> Result<Record<'a>, String> {
    // One fast validation of the whole line, after which parsing from `&str` validates nothing
    // again. A line with invalid UTF-8 somewhere goes to the byte parser, which reports it
    // only where it matters (in the fields read).
    let found = match simdutf8::basic::from_utf8(line) {
        Ok(line) => find_fields(&mut serde_json::Deserializer::from_str(line), fields),
        Err(_) => find_fields(&mut serde_json::Deserializer::from_slice(line), fields),
    }
    .map_err(|e| format!("invalid JSON: {e}"))?;
    let raw = found
        .text
        .ok_or_else(|| format!("no `{}` field", fields.text))?;
    let literal = raw.get();
    let text: Cow<'a, str> = serde_json::from_str(literal).map_err(|_| {
        format!(
            "the `{}` field is not a string (it is {})",
            fields.text,
            kind_of_json(literal)
        )
    })?;
    let start = literal.as_ptr() as usize - line.as_ptr() as usize;
    let string = |raw: Option<&'a RawValue>| {
        raw.and_then(|raw| serde_json::from_str::<Cow<'a, str>>(raw.get()).ok())
    };
    Ok(Record {
        ascii_only: literal.is_ascii() && !text.is_ascii(),
        text,
        text_span: start..start + literal.len(),
        id: found.id.map(RawValue::get),
        url: string(found.url),
        language: string(found.lang),
    })
}

fn kind_of_json(literal: &str) -> &'static str {
    match literal.trim_start().as_bytes().first() {
        Some(b'"') => "a string that is not valid Unicode (a lone surrogate escape)",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        _ => "a number",
    }
}

/// The line with its text field replaced by `text`, written in the literal's style.
pub fn rewrite(line: &[u8], record: &Record<'_>, text: &str) -> Vec<u8> {
    let mut literal = serde_json::to_string(text).expect("a string serialises");
    if record.ascii_only {
        literal = escape_non_ascii(&literal);
    }
    let mut out = Vec::with_capacity(line.len());
    out.extend_from_slice(&line[..record.text_span.start]);
    out.extend_from_slice(literal.as_bytes());
    out.extend_from_slice(&line[record.text_span.end..]);
    out
}

/// Escapes every non-ASCII character of a JSON string literal as `\uXXXX`.
fn escape_non_ascii(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len() + literal.len() / 2);
    for c in literal.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn find_fields<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    fields: &Fields,
) -> serde_json::Result<Found<'de>> {
    let found = de.deserialize_map(FieldVisitor { fields })?;
    de.end()?;
    Ok(found)
}

struct Found<'a> {
    text: Option<&'a RawValue>,
    id: Option<&'a RawValue>,
    url: Option<&'a RawValue>,
    lang: Option<&'a RawValue>,
}

struct FieldVisitor<'f> {
    fields: &'f Fields,
}

impl<'de> Visitor<'de> for FieldVisitor<'_> {
    type Value = Found<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found<'de>, A::Error> {
        let mut found = Found {
            text: None,
            id: None,
            url: None,
            lang: None,
        };
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let slot = if key == self.fields.text {
                &mut found.text
            } else if key == self.fields.id {
                &mut found.id
            } else if key == self.fields.url {
                &mut found.url
            } else if key == self.fields.lang {
                &mut found.lang
            } else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let value: &'de RawValue = map.next_value()?;
            if slot.is_some() {
                return Err(de::Error::custom(format!("duplicate field `{key}`")));
            }
            *slot = Some(value);
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        Fields {
            text: "text".into(),
            id: "id".into(),
            url: "url".into(),
            lang: "lang".into(),
        }
    }

    #[test]
    fn finds_fields_and_rewrites_only_the_text() {
        let line = br#"{"id": 7, "meta": {"text": "nested"}, "text": "A\nB \u00e7", "url": "https://x.org/a", "lang": "tr"}"#;
        let record = parse(line, &fields()).unwrap();
        assert_eq!(record.text, "A\nB ç");
        assert_eq!(record.id, Some("7"));
        assert_eq!(record.id_text().as_deref(), Some("7"));
        assert_eq!(record.language.as_deref(), Some("tr"));
        assert_eq!(record.url.as_deref(), Some("https://x.org/a"));
        assert!(record.ascii_only);
        let out = rewrite(line, &record, "A\nç");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"id": 7, "meta": {"text": "nested"}, "text": "A\n\u00e7", "url": "https://x.org/a", "lang": "tr"}"#
        );
    }

    #[test]
    fn raw_utf8_stays_raw() {
        let line = "{\"text\":\"çerez\",\"id\":\"a\\u00e7\"}".as_bytes();
        let record = parse(line, &fields()).unwrap();
        assert!(!record.ascii_only);
        assert_eq!(record.id_text().as_deref(), Some("aç"));
        assert_eq!(
            rewrite(line, &record, "ç"),
            "{\"text\":\"ç\",\"id\":\"a\\u00e7\"}".as_bytes()
        );
    }

    #[test]
    fn bad_records_say_what_is_wrong() {
        assert!(parse(b"{\"text\": 3}", &fields())
            .unwrap_err()
            .contains("not a string (it is a number)"));
        assert_eq!(
            parse(b"{\"body\": \"x\"}", &fields()).unwrap_err(),
            "no `text` field"
        );
        assert!(parse(b"{\"text\": \"x\"", &fields())
            .unwrap_err()
            .starts_with("invalid JSON"));
        assert!(parse(b"[1]", &fields())
            .unwrap_err()
            .starts_with("invalid JSON"));
        assert!(parse(b"{\"text\":\"a\",\"text\":\"b\"}", &fields())
            .unwrap_err()
            .contains("duplicate field"));
    }
}
