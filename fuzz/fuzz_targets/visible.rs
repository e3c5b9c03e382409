//! Any bytes that are UTF-8: the text plugins read (without the characters that render as
//! nothing and Markdown's marks, accents composed) maps every range back onto the text, and
//! never panics.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(problem) = boilerlint_plugin::invariants::check_visible(text) {
            panic!("{problem}: {text:?}");
        }
    }
});
