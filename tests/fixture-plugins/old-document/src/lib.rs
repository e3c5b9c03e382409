//! A plugin as it was built before documents carried record metadata: it declares the first
//! layout of the document struct itself (as a plugin compiled against that version of the ABI
//! has it), and uses nothing of the SDK but the unchanged types. The host passes it a longer
//! document; it must go on working, reading the fields it knows.
//!
//! It flags the first line of every document, with a message naming the document's path and
//! counting its lines and paragraphs, which shows that every field it knows was read right.

use std::ffi::c_void;

use boilerlint_plugin::abi::{
    self, ErrorSink, Finding, FindingSink, Header, Paragraph, PluginTable, RuleMeta, Span, StrRef,
};

/// The document as the first layout of the ABI had it, field for field.
#[repr(C)]
struct DocumentV1 {
    size: u32,
    reserved: u32,
    text: StrRef,
    path: StrRef,
    lines: *const Span,
    lines_len: usize,
    paragraphs: *const Paragraph,
    paragraphs_len: usize,
}

struct Table(PluginTable);
// SAFETY: the table holds pointers to 'static data only; it is never written.
unsafe impl Sync for Table {}

struct Rules([RuleMeta; 1]);
// SAFETY: as above.
unsafe impl Sync for Rules {}

static RULES: Rules = Rules([RuleMeta {
    id: StrRef::new("first-line"),
    summary: StrRef::new("Flags the first line (a test fixture of the old document layout)."),
    docs: StrRef::new("Flags the first line of every document."),
    default_severity: abi::SEVERITY_WARNING,
    fix_availability: abi::FIX_NEVER,
}]);

static TABLE: Table = Table(PluginTable {
    header: Header {
        magic: abi::MAGIC,
        abi_version: 1,
        table_size: std::mem::size_of::<PluginTable>() as u32,
        reserved: 0,
    },
    flags: abi::FLAG_THREAD_SAFE | abi::FLAG_PANIC_CONTAINED,
    name: StrRef::new("old-document"),
    version: StrRef::new("0.0.0"),
    build_info: StrRef::new("first document layout"),
    rules: &RULES.0 as *const RuleMeta,
    rules_len: 1,
    create: Some(create),
    check: Some(check),
    destroy: Some(destroy),
});

/// The plugin's entry point.
#[no_mangle]
pub extern "C" fn boilerlint_plugin_entry() -> *const Header {
    &TABLE.0.header
}

unsafe extern "C" fn create(
    _config: StrRef,
    _errors: *const ErrorSink,
    out: *mut *mut c_void,
) -> u32 {
    // A non-null instance that is never dereferenced.
    // SAFETY: the host passes a valid `out`.
    unsafe { *out = std::ptr::NonNull::<u8>::dangling().as_ptr() as *mut c_void };
    abi::STATUS_OK
}

unsafe extern "C" fn destroy(_instance: *mut c_void) {}

unsafe extern "C" fn check(
    _instance: *const c_void,
    // Typed with today's struct only to fit the table's field; read as the first layout.
    document: *const abi::Document,
    sink: *const FindingSink,
    _errors: *const ErrorSink,
) -> u32 {
    // SAFETY: the host passes a document of at least the first layout's size, and a sink,
    // valid for this call. Nothing here can panic.
    let (doc, sink) = unsafe { (&*(document as *const DocumentV1), &*sink) };
    if doc.lines_len == 0 || doc.lines.is_null() {
        return abi::STATUS_OK;
    }
    // SAFETY: as above.
    let (first, path) = unsafe { (*doc.lines, doc.path.to_str().unwrap_or("?")) };
    let message = format!(
        "first line of {path} ({} lines, {} paragraphs)",
        doc.lines_len, doc.paragraphs_len
    );
    let finding = Finding {
        size: std::mem::size_of::<Finding>() as u32,
        rule_index: 0,
        severity: abi::SEVERITY_DEFAULT,
        applicability: abi::APPLICABILITY_NONE,
        span: first,
        message: StrRef::new(&message),
        language: StrRef::EMPTY,
        score: 1.0,
        edits: std::ptr::null(),
        edits_len: 0,
    };
    if let Some(emit) = sink.emit {
        // SAFETY: the host's callback, with its context and a finding valid during the call.
        unsafe { emit(sink.ctx, &finding) };
    }
    abi::STATUS_OK
}
