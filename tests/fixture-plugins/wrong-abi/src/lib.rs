//! A library that claims a future plugin ABI version, to test the host's version check.

use boilerlint_plugin::abi::{Header, MAGIC};

static HEADER: Header = Header {
    magic: MAGIC,
    abi_version: 999,
    table_size: 16,
    reserved: 0,
};

/// Returns only a header, as a plugin of another ABI version would.
#[no_mangle]
pub extern "C" fn boilerlint_plugin_entry() -> *const Header {
    &HEADER
}
