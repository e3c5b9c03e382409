//! Any line: the JSONL record reader never panics; a record it accepts rewrites to a line
//! that parses back to the same record with the new text, every other byte unchanged.

#![no_main]

use boilerlint_corpus::jsonl;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields = jsonl::Fields {
        text: "text".into(),
        id: "id".into(),
        url: "url".into(),
        lang: "lang".into(),
    };
    let Ok(record) = jsonl::parse(data, &fields) else {
        return;
    };
    let text = record.text.to_string();
    // Rewriting with the same text parses back to the same value; with another text, only
    // the text field's bytes change.
    for new_text in [text.as_str(), "", "x\n\u{e7}\u{1F600}\""] {
        let line = jsonl::rewrite(data, &record, new_text);
        let again = jsonl::parse(&line, &fields).expect("a rewritten record parses");
        assert_eq!(again.text, new_text);
        assert_eq!(again.id, record.id);
        assert_eq!(&line[..record.text_span.start], &data[..record.text_span.start]);
        assert_eq!(
            &line[line.len() - (data.len() - record.text_span.end)..],
            &data[record.text_span.end..]
        );
    }
});
