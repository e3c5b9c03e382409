//! A shared library that is not a boilerlint plugin: it lacks the entry symbol.

/// Some unrelated export.
#[no_mangle]
pub extern "C" fn not_a_boilerlint_plugin() -> u32 {
    42
}
