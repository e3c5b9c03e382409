//! Findings from a plugin, valid or not, through the real loader, C ABI and host: the host
//! accepts exactly the documents whose findings are all valid, and what it accepts is located
//! and applies without panicking.
//!
//! The plugin is the `echo-plugin` library of this workspace, built beforehand (see the README);
//! it reports what its configuration describes. The first byte is the text's length; the text
//! follows (lossily UTF-8), then the plugin's records (six bytes each).

#![no_main]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use boilerlint_core::fix::{apply_fixes, Fix};
use boilerlint_core::host::{self, HostDocument, Instance, LoadOptions, LoadedPlugin};
use boilerlint_core::CallError;
use boilerlint_plugin::segment;
use boilerlint_plugin_fuzz_echo::{config, decode, RecordFix};
use libfuzzer_sys::fuzz_target;

fn plugin() -> &'static Arc<LoadedPlugin> {
    static PLUGIN: OnceLock<Arc<LoadedPlugin>> = OnceLock::new();
    PLUGIN.get_or_init(|| {
        let path = std::env::var_os("BOILERLINT_FUZZ_PLUGIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let name = format!(
                    "{}boilerlint_plugin_fuzz_echo{}",
                    std::env::consts::DLL_PREFIX,
                    std::env::consts::DLL_SUFFIX
                );
                [env!("CARGO_MANIFEST_DIR"), "target", "release", &name]
                    .iter()
                    .collect()
            });
        host::load(&path, LoadOptions::default()).unwrap_or_else(|e| {
            panic!(
                "{e}: build it first with `cargo build --release -p boilerlint-plugin-fuzz-echo`"
            )
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&len, rest)) = data.split_first() else {
        return;
    };
    let (text, records) = rest.split_at(usize::from(len).min(rest.len()));
    let text = String::from_utf8_lossy(text);
    let instance = Instance::new(plugin().clone(), &config(records)).expect("hex config");
    let segments = segment(&text);
    let result = instance.check(&HostDocument {
        text: &text,
        path: "fuzz",
        segments: &segments,
        metadata: Default::default(),
    });

    let expected = decode(records, text.len());
    let valid = |r: &std::ops::Range<u64>| boilerlint_fuzz::valid_range(&text, r);
    let all_valid = expected.iter().all(|r| {
        valid(&r.span).is_some()
            && r.score.is_finite()
            && r.language.len() <= 16
            && match &r.fix {
                RecordFix::Replace(range, _) => valid(range).is_some(),
                _ => true,
            }
    });
    match result {
        Ok(findings) => {
            assert!(
                all_valid,
                "the host accepted invalid findings: {expected:?}"
            );
            assert_eq!(findings.len(), expected.len());
            for (finding, record) in findings.iter().zip(&expected) {
                assert_eq!(Some(finding.range.clone()), valid(&record.span));
                // Every accepted range has a location, also in an empty or BOM-only text.
                let location = boilerlint_core::locate(&text, &segments, &finding.range);
                assert!(location.line_start >= 1 && location.line_start <= location.line_end);
                for edit in finding.fix.iter().flat_map(|f| &f.edits) {
                    assert!(text.get(edit.range.clone()).is_some());
                }
            }
            let fixes: Vec<Fix> = findings.into_iter().filter_map(|f| f.fix).collect();
            let fixed = apply_fixes(&text, &fixes.iter().collect::<Vec<_>>());
            // The echo plugin's replacements repeat: their count is not checked.
            let checked = boilerlint_plugin::invariants::check_fixed(&text, &fixes, &fixed, false);
            if let Err(problem) = checked {
                panic!("{problem}: {text:?} with {fixes:?}");
            }
        }
        Err(CallError::Protocol { .. }) => {
            assert!(!all_valid, "the host rejected valid findings: {expected:?}");
        }
        Err(e) => panic!("unexpected error: {e}"),
    }
});
