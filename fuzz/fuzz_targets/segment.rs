//! Any bytes that are UTF-8: segmentation covers the text consistently and never panics.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(problem) = boilerlint_plugin::invariants::check_segments(text) {
            panic!("{problem}: {text:?}");
        }
    }
});
