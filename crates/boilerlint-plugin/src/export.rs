//! The machinery behind [`crate::export_plugin!`]: the C exports of a Rust plugin.
//!
//! Not part of the public API; plugin authors only call the macro.

use std::any::Any;
use std::cell::RefCell;
use std::ffi::c_void;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Once, OnceLock};

use crate::{abi, invisible, segment, Document, Metadata, Plugin, Reporter};

/// The static home of a plugin's table, filled on the first call of the entry function.
pub struct TableCell(OnceLock<Table>);

struct Table {
    table: abi::PluginTable,
    // Owns what `table` points to.
    _rules: Box<[abi::RuleMeta]>,
    _strings: Vec<String>,
}

// SAFETY: the table is built once and never mutated afterwards; its raw pointers point into
// `'static` data or into the boxes the cell owns, which are never freed while the library is
// loaded. Sharing read-only pointers between threads is sound.
unsafe impl Sync for TableCell {}
// SAFETY: as above.
unsafe impl Send for Table {}
// SAFETY: as above.
unsafe impl Sync for Table {}

impl TableCell {
    /// An empty cell.
    pub const fn new() -> TableCell {
        TableCell(OnceLock::new())
    }
}

impl Default for TableCell {
    fn default() -> Self {
        TableCell::new()
    }
}

/// Builds (once) and returns the plugin table of `P`; null if that panicked.
pub fn entry<P: Plugin>(cell: &'static TableCell, unwinds: bool) -> *const abi::Header {
    install_panic_hook();
    let built = catch(|| {
        let table = cell.0.get_or_init(|| build_table::<P>(unwinds));
        &table.table.header as *const abi::Header
    });
    built.unwrap_or(std::ptr::null())
}

fn build_table<P: Plugin>(unwinds: bool) -> Table {
    let mut strings = Vec::new();
    let rules: Box<[abi::RuleMeta]> = P::RULES
        .iter()
        .map(|rule| {
            let docs = dedent(rule.docs);
            let meta = abi::RuleMeta {
                id: abi::StrRef::new(rule.id),
                summary: abi::StrRef::new(rule.summary()),
                docs: abi::StrRef::new(&docs),
                default_severity: rule.severity.to_abi(),
                fix_availability: rule.fix.to_abi(),
            };
            strings.push(docs); // moving a String does not move its heap buffer
            meta
        })
        .collect();
    let build_info = format!(
        "boilerlint-plugin {} (ABI {})",
        env!("CARGO_PKG_VERSION"),
        abi::ABI_VERSION
    );
    let mut flags = abi::FLAG_THREAD_SAFE;
    if unwinds {
        flags |= abi::FLAG_PANIC_CONTAINED;
    }
    let table = abi::PluginTable {
        header: abi::Header {
            magic: abi::MAGIC,
            abi_version: abi::ABI_VERSION,
            table_size: abi::TABLE_SIZE,
            reserved: 0,
        },
        flags,
        name: abi::StrRef::new(P::NAME),
        version: abi::StrRef::new(P::VERSION),
        build_info: abi::StrRef::new(&build_info),
        rules: rules.as_ptr(),
        rules_len: rules.len(),
        create: Some(create::<P>),
        check: Some(check::<P>),
        destroy: Some(destroy::<P>),
    };
    strings.push(build_info);
    Table {
        table,
        _rules: rules,
        _strings: strings,
    }
}

/// Removes the one space that `///` leaves at the start of each line.
pub(crate) fn dedent(docs: &str) -> String {
    let mut out = String::with_capacity(docs.len());
    for line in docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

unsafe extern "C" fn create<P: Plugin>(
    config: abi::StrRef,
    errors: *const abi::ErrorSink,
    out: *mut *mut c_void,
) -> u32 {
    let result = catch(|| {
        // SAFETY: the host passes a valid string for the duration of the call.
        let Some(config) = (unsafe { config.to_str() }) else {
            return Err("the configuration is not valid UTF-8".to_string());
        };
        P::new(config).map(|plugin| Box::into_raw(Box::new(plugin)) as *mut c_void)
    });
    match result {
        Ok(Ok(instance)) => {
            if !out.is_null() {
                // SAFETY: the host passes a writable out-pointer.
                unsafe { *out = instance };
            }
            abi::STATUS_OK
        }
        Ok(Err(message)) => {
            // SAFETY: `errors` comes from the host for the duration of the call.
            unsafe { report_error(errors, &message) };
            abi::STATUS_ERROR
        }
        // SAFETY: as above.
        Err(message) => unsafe { report_panic(errors, &message) },
    }
}

unsafe extern "C" fn check<P: Plugin>(
    instance: *const c_void,
    document: *const abi::Document,
    sink: *const abi::FindingSink,
    errors: *const abi::ErrorSink,
) -> u32 {
    let result = catch(|| {
        if instance.is_null() || document.is_null() || sink.is_null() {
            return Err("null instance, document or sink".to_string());
        }
        // SAFETY: the host passes the instance `create` made and a document and sink valid
        // for this call; every field is checked before use.
        let (plugin, sink) = unsafe { (&*(instance as *const P), &*sink) };
        // SAFETY: as above; the document is read only as far as its `size` says.
        let raw = &unsafe { read_document(document) }?;
        // SAFETY: as above.
        let doc = unsafe { document_from_abi(raw) }?;
        check_visible(plugin, &doc, sink);
        Ok(())
    });
    match result {
        Ok(Ok(())) => abi::STATUS_OK,
        Ok(Err(message)) => {
            // SAFETY: `errors` comes from the host for the duration of the call.
            unsafe { report_error(errors, &message) };
            abi::STATUS_ERROR
        }
        // SAFETY: as above.
        Err(message) => unsafe { report_panic(errors, &message) },
    }
}

/// Has `plugin` check `doc` as plugins read it (see [`crate::invisible`]), its findings mapped
/// back onto the host's text.
pub(crate) fn check_visible<P: Plugin>(plugin: &P, doc: &Document<'_>, sink: &abi::FindingSink) {
    match invisible::visible(doc.text()) {
        None => plugin.check(doc, &mut Reporter::new(sink, P::RULES)),
        Some(visible) => {
            let segments = segment(&visible.text);
            let clean =
                Document::new(&visible.text, doc.path(), &segments).with_metadata(doc.metadata());
            plugin.check(&clean, &mut Reporter::for_visible(sink, P::RULES, &visible));
        }
    }
}

unsafe extern "C" fn destroy<P: Plugin>(instance: *mut c_void) {
    if instance.is_null() {
        return;
    }
    // A panicking destructor leaks the instance rather than unwinding into the host.
    let _ = catch(|| {
        // SAFETY: `instance` was made by `create::<P>` and the host destroys it once.
        drop(unsafe { Box::from_raw(instance as *mut P) });
    });
}

/// Copies the host's document, reading only as many bytes as its `size` says: the fields an
/// older host does not pass (those after [`abi::DOCUMENT_SIZE_V1`]) are left empty.
///
/// # Safety
///
/// `document` must point to at least `size` readable bytes, `size` being its first field.
pub(crate) unsafe fn read_document(
    document: *const abi::Document,
) -> Result<abi::Document, String> {
    const V1: usize = abi::DOCUMENT_SIZE_V1 as usize;
    const FULL: usize = std::mem::size_of::<abi::Document>();
    // SAFETY: every host writes at least the first field.
    let size = unsafe { std::ptr::addr_of!((*document).size).read() } as usize;
    if size < V1 {
        return Err(format!(
            "the host's document is {size} bytes, less than the {V1} of the oldest layout"
        ));
    }
    // Newer fields are string references; copy whole ones only.
    let step = std::mem::size_of::<abi::StrRef>();
    let copied = if size >= FULL {
        FULL
    } else {
        V1 + (size - V1) / step * step
    };
    let mut doc = abi::Document {
        size: 0,
        reserved: 0,
        text: abi::StrRef::EMPTY,
        path: abi::StrRef::EMPTY,
        lines: std::ptr::null(),
        lines_len: 0,
        paragraphs: std::ptr::null(),
        paragraphs_len: 0,
        url: abi::StrRef::EMPTY,
        id: abi::StrRef::EMPTY,
        language: abi::StrRef::EMPTY,
    };
    // SAFETY: the caller guarantees `size >= copied` readable bytes; `doc` is a plain
    // `repr(C)` value of at least `copied` bytes, and the two do not overlap.
    unsafe {
        std::ptr::copy_nonoverlapping(
            document as *const u8,
            &mut doc as *mut abi::Document as *mut u8,
            copied,
        )
    };
    Ok(doc)
}

/// Rebuilds the SDK's view of a document handed over the ABI.
///
/// # Safety
///
/// `raw`'s pointers must be valid for the lifetime `'a` of the call.
unsafe fn document_from_abi<'a>(raw: &'a abi::Document) -> Result<Document<'a>, String> {
    // SAFETY: forwarded from the caller.
    let text = unsafe { raw.text.to_str() }.ok_or("the document text is not valid UTF-8")?;
    // SAFETY: forwarded from the caller.
    let path = unsafe { raw.path.to_str() }.unwrap_or("");
    // SAFETY: forwarded from the caller.
    let lines = unsafe { slice(raw.lines, raw.lines_len) };
    // SAFETY: forwarded from the caller.
    let paragraphs = unsafe { slice(raw.paragraphs, raw.paragraphs_len) };
    let field = |s: abi::StrRef| -> Option<&'a str> {
        // SAFETY: forwarded from the caller. An invalid string is treated as unknown: it is
        // information about the text, not the text checked.
        unsafe { s.to_str() }.filter(|s| !s.is_empty())
    };
    let metadata = Metadata {
        url: field(raw.url),
        id: field(raw.id),
        language: field(raw.language),
    };
    Ok(Document::from_parts(text, path, lines, paragraphs).with_metadata(metadata))
}

/// # Safety
///
/// `ptr` must be null with `len` 0, or point to `len` valid values for `'a`.
pub(crate) unsafe fn slice<'a, T>(ptr: *const T, len: usize) -> &'a [T] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: forwarded from the caller.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

/// # Safety
///
/// `errors` must be null or a sink valid for this call.
unsafe fn report_error(errors: *const abi::ErrorSink, message: &str) {
    // SAFETY: forwarded from the caller.
    if let Some(sink) = unsafe { errors.as_ref() } {
        if let Some(report) = sink.report {
            // SAFETY: the host's callback accepts any string valid during the call.
            unsafe { report(sink.ctx, abi::StrRef::new(message)) };
        }
    }
}

/// # Safety
///
/// As for [`report_error`].
unsafe fn report_panic(errors: *const abi::ErrorSink, message: &str) -> u32 {
    // SAFETY: forwarded from the caller.
    unsafe { report_error(errors, message) };
    abi::STATUS_PANIC
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces this library's panic hook (its own copy of `std`'s, not the host's) with one that
/// records the message and location for the host instead of printing: plugins never print.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        panic::set_hook(Box::new(|info| {
            let message = payload_message(info.payload());
            let text = match info.location() {
                Some(at) => format!("{message} (at {}:{}:{})", at.file(), at.line(), at.column()),
                None => message,
            };
            let _ = LAST_PANIC.try_with(|slot| {
                if let Ok(mut slot) = slot.try_borrow_mut() {
                    *slot = Some(text);
                }
            });
        }));
    });
}

/// Runs `f`, turning a panic into its message (with location when the hook recorded it).
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Ok(value),
        Err(payload) => {
            let recorded = LAST_PANIC
                .try_with(|slot| slot.try_borrow_mut().ok().and_then(|mut s| s.take()))
                .ok()
                .flatten();
            let message = recorded.unwrap_or_else(|| payload_message(&*payload));
            // Dropping a payload can itself panic; never let that escape.
            if let Err(inner) = panic::catch_unwind(AssertUnwindSafe(|| drop(payload))) {
                std::mem::forget(inner);
            }
            Err(message)
        }
    }
}

fn payload_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`abi::Document`] as it was before record metadata: what an older host passes.
    #[repr(C)]
    struct DocumentV1 {
        size: u32,
        reserved: u32,
        text: abi::StrRef,
        path: abi::StrRef,
        lines: *const abi::Span,
        lines_len: usize,
        paragraphs: *const abi::Paragraph,
        paragraphs_len: usize,
    }

    #[test]
    fn a_document_from_an_older_host_has_no_metadata() {
        assert_eq!(
            std::mem::size_of::<DocumentV1>(),
            abi::DOCUMENT_SIZE_V1 as usize
        );
        let old = DocumentV1 {
            size: abi::DOCUMENT_SIZE_V1,
            reserved: 0,
            text: abi::StrRef::new("Hello"),
            path: abi::StrRef::new("a.txt"),
            lines: std::ptr::null(),
            lines_len: 0,
            paragraphs: std::ptr::null(),
            paragraphs_len: 0,
        };
        // SAFETY: `old` is a whole first-layout document, as its size says.
        let raw =
            unsafe { read_document(&old as *const DocumentV1 as *const abi::Document) }.unwrap();
        // SAFETY: its strings are 'static.
        let doc = unsafe { document_from_abi(&raw) }.unwrap();
        assert_eq!((doc.text(), doc.path()), ("Hello", "a.txt"));
        assert_eq!(doc.metadata(), Metadata::default());
    }

    #[test]
    fn a_document_from_this_host_carries_its_metadata() {
        let new = abi::Document {
            size: std::mem::size_of::<abi::Document>() as u32,
            reserved: 0,
            text: abi::StrRef::new("Hello"),
            path: abi::StrRef::new("a.jsonl:3"),
            lines: std::ptr::null(),
            lines_len: 0,
            paragraphs: std::ptr::null(),
            paragraphs_len: 0,
            url: abi::StrRef::new("https://example.com/a"),
            id: abi::StrRef::new("doc-3"),
            language: abi::StrRef::EMPTY,
        };
        // SAFETY: `new` is a whole document.
        let raw = unsafe { read_document(&new) }.unwrap();
        // SAFETY: its strings are 'static.
        let doc = unsafe { document_from_abi(&raw) }.unwrap();
        assert_eq!(doc.url(), Some("https://example.com/a"));
        assert_eq!(doc.id(), Some("doc-3"));
        assert_eq!(doc.language(), None, "an empty field is unknown");
        let short = abi::Document { size: 12, ..new };
        // SAFETY: as above.
        assert!(unsafe { read_document(&short) }.is_err());
    }
}
