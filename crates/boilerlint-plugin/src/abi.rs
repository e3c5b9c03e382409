//! The C ABI between the boilerlint host and a rule plugin.
//!
//! Everything in this module is `#[repr(C)]` data or an `extern "C"` function type: this is the
//! whole contract, and a plugin written in C (or any language with a C FFI) implements it from
//! this page alone. Rust plugin authors never touch it: they implement [`crate::Plugin`] and call
//! [`crate::export_plugin!`].
//!
//! # Loading
//!
//! A plugin is a shared library that exports one symbol, [`ENTRY_SYMBOL`]
//! (`boilerlint_plugin_entry`), of type [`EntryFn`]: a function taking no argument that returns a
//! pointer to a static [`PluginTable`] (or null if it could not build one). The host calls it
//! once, right after loading, and then reads the table's [`Header`] before anything else:
//!
//! 1. `magic` must be [`MAGIC`] (the bytes `BLPL`), else the library is not a boilerlint plugin;
//! 2. `abi_version` must be [`ABI_VERSION`], else the host refuses it and names both versions;
//! 3. `table_size` must be at least the size of the [`PluginTable`] the host knows. A newer
//!    plugin may append fields after those; the host ignores what it does not know.
//!
//! The table and everything it points to (names, rule metadata) must stay valid and unchanged
//! for as long as the library is loaded. The host never unloads a plugin library.
//!
//! # Calls
//!
//! - [`PluginTable::create`] builds an instance from the plugin's configuration: the plugin's
//!   table of the user's `boilerlint.toml`, serialised as TOML text (empty when there is none).
//! - [`PluginTable::check`] checks one [`Document`] and reports each finding through the host's
//!   [`FindingSink`]. With [`FLAG_THREAD_SAFE`] set, the host calls `check` on the same instance
//!   from several threads at once (on different documents); without it, calls are serialised.
//! - [`PluginTable::destroy`] frees an instance. The host calls it at most once per instance.
//!
//! Each returns a status: [`STATUS_OK`], [`STATUS_ERROR`] (a message was given to the
//! [`ErrorSink`]) or [`STATUS_PANIC`] (the plugin caught a crash of its own code; the message says
//! what and where). After `STATUS_PANIC` the host never calls that instance again.
//!
//! # Memory and strings
//!
//! - Strings are [`StrRef`]s: a pointer and a length in bytes, UTF-8, *not* NUL-terminated. A
//!   null pointer is allowed only with length 0.
//! - Whatever one side allocates, that side frees. Pointers the host passes into a call
//!   (document, text, sinks) are valid only during that call. Pointers the plugin passes to
//!   [`FindingSink::emit`] (message, edits) are valid only during `emit`: the host copies what it
//!   keeps before `emit` returns.
//! - Offsets are byte offsets into the document text, `start <= end <= text.len`, and must fall on
//!   UTF-8 character boundaries. The host validates every field it receives and rejects the
//!   finding (and reports the plugin) when one is wrong.
//! - Enumerations are `u32` constants; a receiver validates them before use.
//!
//! # Panics
//!
//! No unwinding may cross the boundary: a Rust plugin catches every panic in every exported
//! function (the SDK does this) and returns [`STATUS_PANIC`]. A plugin compiled so that a panic
//! aborts the process cannot honour that, so only a plugin that sets [`FLAG_PANIC_CONTAINED`] is
//! loaded by default (a C plugin that never unwinds sets it too).
//!
//! # Versioning
//!
//! Adding fields at the end of [`PluginTable`] or of [`Document`] (whose `size` field says which
//! fields a host filled: a plugin reads a newer field only when `size` covers it), or new
//! constants that an older host rejects cleanly, is compatible and keeps [`ABI_VERSION`]. Any other change (a field moved, resized
//! or re-typed; a changed meaning) bumps `ABI_VERSION`, and the SDK's major version with it.
//! [`Header`] never changes.

use std::ffi::c_void;

/// `b"BLPL"` read as a little-endian `u32`: the first field of every plugin table.
pub const MAGIC: u32 = u32::from_le_bytes(*b"BLPL");

/// The version of this ABI. A host loads only plugins built for the same version.
pub const ABI_VERSION: u32 = 1;

/// The version of the `boilerlint-plugin` crate that defines this ABI, for messages.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The name of the one symbol a plugin library exports, of type [`EntryFn`].
pub const ENTRY_SYMBOL: &str = "boilerlint_plugin_entry";

/// The plugin's `check` may be called from several threads at once on the same instance.
pub const FLAG_THREAD_SAFE: u64 = 1 << 0;
/// A crash inside the plugin is caught by the plugin and returned as [`STATUS_PANIC`]: it never
/// aborts the host's process. Rust plugins built with `panic = "abort"` lack this flag.
pub const FLAG_PANIC_CONTAINED: u64 = 1 << 1;

/// The call succeeded.
pub const STATUS_OK: u32 = 0;
/// The call failed; the plugin reported why through the [`ErrorSink`].
pub const STATUS_ERROR: u32 = 1;
/// The plugin crashed and caught it; the message (with its location) went to the [`ErrorSink`].
pub const STATUS_PANIC: u32 = 2;

/// Severity `0` in a [`Finding`]: use the rule's default severity.
pub const SEVERITY_DEFAULT: u32 = 0;
/// Informational: reported, but does not make `check` exit with 1 on its own.
pub const SEVERITY_INFO: u32 = 1;
/// The default for contamination.
pub const SEVERITY_WARNING: u32 = 2;
/// A finding the user must act on.
pub const SEVERITY_ERROR: u32 = 3;

/// The rule never offers a fix.
pub const FIX_NEVER: u32 = 0;
/// The rule offers a fix for some findings.
pub const FIX_SOMETIMES: u32 = 1;
/// The rule offers a fix for every finding.
pub const FIX_ALWAYS: u32 = 2;

/// A finding without a fix (its edits are ignored).
pub const APPLICABILITY_NONE: u32 = 0;
/// The fix is safe: `--fix` applies it.
pub const APPLICABILITY_SAFE: u32 = 1;
/// The fix may remove wanted text: only `--unsafe-fixes` applies it.
pub const APPLICABILITY_UNSAFE: u32 = 2;

/// Returned by [`FindingSink::emit`]: go on reporting.
pub const EMIT_CONTINUE: u32 = 0;
/// Returned by [`FindingSink::emit`]: stop reporting and return from `check` soon; the host
/// will ignore further findings for this document.
pub const EMIT_STOP: u32 = 1;

/// The frozen start of every plugin table. Its layout never changes, whatever the ABI version.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Always [`MAGIC`].
    pub magic: u32,
    /// The ABI version the plugin was built for: [`ABI_VERSION`] for this one.
    pub abi_version: u32,
    /// `size_of` the whole table in bytes, header included.
    pub table_size: u32,
    /// Zero.
    pub reserved: u32,
}

/// A borrowed UTF-8 string: pointer and length in bytes, not NUL-terminated.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct StrRef {
    /// The first byte; may be null only when `len` is 0.
    pub ptr: *const u8,
    /// The length in bytes.
    pub len: usize,
}

impl StrRef {
    /// The empty string.
    pub const EMPTY: StrRef = StrRef {
        ptr: std::ptr::null(),
        len: 0,
    };

    /// Borrows `s`. The result is valid as long as `s` is.
    pub const fn new(s: &str) -> StrRef {
        StrRef {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }

    /// The bytes this refers to.
    ///
    /// # Safety
    ///
    /// `ptr` must be null with `len` 0, or point to `len` readable bytes that stay valid and
    /// unchanged for `'a`.
    pub unsafe fn as_bytes<'a>(self) -> &'a [u8] {
        if self.len == 0 {
            &[]
        } else if self.ptr.is_null() {
            // A null pointer with a length is a protocol error; the receiver sees invalid UTF-8
            // instead of reading through it.
            &[0xFF]
        } else {
            // SAFETY: the caller guarantees `len` readable bytes at `ptr` for `'a`.
            unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
        }
    }

    /// The string this refers to, or `None` if it is not valid UTF-8.
    ///
    /// # Safety
    ///
    /// As for [`StrRef::as_bytes`].
    pub unsafe fn to_str<'a>(self) -> Option<&'a str> {
        // SAFETY: forwarded to the caller.
        simdutf8::basic::from_utf8(unsafe { self.as_bytes() }).ok()
    }
}

/// A byte range `start..end` (end exclusive) into a document's text.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
}

/// One paragraph of a document: a maximal run of non-blank lines.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// From the start of its first line to the end of its last line's content (terminator
    /// excluded).
    pub span: Span,
    /// Index of its first line in [`Document::lines`].
    pub first_line: u64,
    /// How many lines it has (at least 1).
    pub line_count: u64,
}

/// A document handed to [`PluginTable::check`], segmented once by the host.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Document {
    /// `size_of::<Document>()` as the host knows it; fields past the ones a plugin knows are
    /// newer additions it may ignore.
    pub size: u32,
    /// Zero.
    pub reserved: u32,
    /// The whole text, UTF-8. A leading byte-order mark is part of the text but of no line.
    pub text: StrRef,
    /// Where the text came from, for messages only: a file path, or `path:record` for a JSONL
    /// record. May be empty.
    pub path: StrRef,
    /// Every line, in order: the span of its content, its terminator (`\n` or `\r\n`) excluded.
    pub lines: *const Span,
    /// Number of lines.
    pub lines_len: usize,
    /// Every paragraph, in order.
    pub paragraphs: *const Paragraph,
    /// Number of paragraphs.
    pub paragraphs_len: usize,
    // Fields added after the first layout ([`DOCUMENT_SIZE_V1`] bytes). A plugin reads one only
    // when `size` covers it: an older host passes a shorter document.
    /// The record's URL (a JSONL field or Parquet column named by `--url-field`), or empty when
    /// unknown.
    pub url: StrRef,
    /// The record's id as text (a JSON string unquoted, a number as written), or empty.
    pub id: StrRef,
    /// The language the record declares (`--lang-field`) as written, e.g. `en` or `pt-BR`, or
    /// empty.
    pub language: StrRef,
}

/// `size_of` the first layout of [`Document`] (up to `paragraphs_len`): what hosts before
/// record metadata pass, and what plugins built then know.
pub const DOCUMENT_SIZE_V1: u32 = std::mem::offset_of!(Document, url) as u32;

/// One edit of a fix: replace `span` with `replacement` (empty for a deletion).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// What replaces them.
    pub replacement: StrRef,
}

/// A finding, reported through [`FindingSink::emit`].
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Finding {
    /// `size_of::<Finding>()` as the plugin knows it.
    pub size: u32,
    /// Index of the rule in [`PluginTable::rules`].
    pub rule_index: u32,
    /// One of the `SEVERITY_*` constants; [`SEVERITY_DEFAULT`] for the rule's default.
    pub severity: u32,
    /// One of the `APPLICABILITY_*` constants; [`APPLICABILITY_NONE`] when there is no fix.
    pub applicability: u32,
    /// What was found.
    pub span: Span,
    /// One line for the user: what was found, e.g. "cookie-consent notice (tr), 4 paragraphs".
    pub message: StrRef,
    /// ISO 639-1 code of the flagged text's language, or empty when unknown.
    pub language: StrRef,
    /// Confidence in `0.0..=1.0`.
    pub score: f64,
    /// The fix's edits (ignored without an applicability); may be null when `edits_len` is 0.
    pub edits: *const Edit,
    /// Number of edits.
    pub edits_len: usize,
}

/// Metadata of one rule, in the plugin's static table.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct RuleMeta {
    /// The rule's id, kebab-case and unique across plugins, e.g. `cookie-banner`.
    pub id: StrRef,
    /// One line: what the rule finds.
    pub summary: StrRef,
    /// Its documentation in Markdown: what it finds, why it matters, examples, options.
    pub docs: StrRef,
    /// One of `SEVERITY_INFO`, `SEVERITY_WARNING`, `SEVERITY_ERROR`.
    pub default_severity: u32,
    /// One of `FIX_NEVER`, `FIX_SOMETIMES`, `FIX_ALWAYS`.
    pub fix_availability: u32,
}

/// Where a plugin sends findings. Owned by the host.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FindingSink {
    /// Opaque to the plugin; passed back to `emit`.
    pub ctx: *mut c_void,
    /// Reports one finding; returns [`EMIT_CONTINUE`] or [`EMIT_STOP`]. Never unwinds.
    pub emit: Option<unsafe extern "C" fn(ctx: *mut c_void, finding: *const Finding) -> u32>,
}

/// Where a plugin sends an error message. Owned by the host.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ErrorSink {
    /// Opaque to the plugin; passed back to `report`.
    pub ctx: *mut c_void,
    /// Records one message (the host keeps the last). Never unwinds.
    pub report: Option<unsafe extern "C" fn(ctx: *mut c_void, message: StrRef)>,
}

/// Builds an instance from TOML configuration text; writes it to `*out` and returns
/// [`STATUS_OK`], or reports why not.
pub type CreateFn = unsafe extern "C" fn(
    config_toml: StrRef,
    errors: *const ErrorSink,
    out: *mut *mut c_void,
) -> u32;

/// Checks one document, reporting findings to `sink`.
pub type CheckFn = unsafe extern "C" fn(
    instance: *const c_void,
    document: *const Document,
    sink: *const FindingSink,
    errors: *const ErrorSink,
) -> u32;

/// Frees an instance made by [`CreateFn`].
pub type DestroyFn = unsafe extern "C" fn(instance: *mut c_void);

/// The type of the exported [`ENTRY_SYMBOL`]. Returns a pointer to the plugin's [`PluginTable`],
/// cast to its [`Header`], or null on failure.
pub type EntryFn = unsafe extern "C" fn() -> *const Header;

/// Everything the host knows of a plugin: static, valid while the library is loaded.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PluginTable {
    /// Read and checked first.
    pub header: Header,
    /// `FLAG_*` bits.
    pub flags: u64,
    /// The plugin's name, kebab-case, e.g. `cookie-banner`. It is the plugin's identity.
    pub name: StrRef,
    /// The plugin's own version, e.g. `0.1.0`.
    pub version: StrRef,
    /// Free text for diagnostics, e.g. the SDK version and compiler that built it.
    pub build_info: StrRef,
    /// The rules this plugin implements.
    pub rules: *const RuleMeta,
    /// Number of rules (at least 1).
    pub rules_len: usize,
    /// See [`CreateFn`]; must not be null.
    pub create: Option<CreateFn>,
    /// See [`CheckFn`]; must not be null.
    pub check: Option<CheckFn>,
    /// See [`DestroyFn`]; must not be null.
    pub destroy: Option<DestroyFn>,
}

/// `size_of::<PluginTable>()` as a `u32`, for [`Header::table_size`].
pub const TABLE_SIZE: u32 = std::mem::size_of::<PluginTable>() as u32;
