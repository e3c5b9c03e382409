//! A plugin whose table says a panic in it would abort the process, as for a plugin built with
//! `panic = "abort"`: the host must refuse it unless told otherwise.

#![deny(unsafe_code)]

use boilerlint_plugin::abi::Header;
use boilerlint_plugin::export::{entry, TableCell};
use boilerlint_plugin::{declare_rule, Document, Plugin, Reporter, Rule};

declare_rule! {
    /// Flags nothing (a test fixture).
    pub Nothing { id: "abort-nothing", severity: Warning, fix: Never }
}

struct Abort;

impl Plugin for Abort {
    const NAME: &'static str = "abort";
    const VERSION: &'static str = "0.0.0";
    const RULES: &'static [Rule] = &[Nothing::RULE];

    fn new(_config: &str) -> Result<Self, String> {
        Ok(Abort)
    }

    fn check(&self, _doc: &Document<'_>, _report: &mut Reporter<'_>) {}
}

/// The entry point, built as if `panic = "abort"`.
#[allow(unsafe_code)]
#[no_mangle]
pub extern "C" fn boilerlint_plugin_entry() -> *const Header {
    static TABLE: TableCell = TableCell::new();
    entry::<Abort>(&TABLE, false)
}
