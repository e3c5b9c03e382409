//! The plugin host: loads rule plugins, checks their table, and calls them safely.
//!
//! A plugin is untrusted for stability. Everything it hands back is validated: its table before
//! it is used, every finding before it is kept. A plugin that panics is told off and never
//! called again; a plugin that returns a bad range has that document's findings dropped and an
//! error reported, and the rest of the run goes on. Libraries are never unloaded: unloading a
//! Rust library that ran threads or panicked can crash the process later.

use std::ffi::c_void;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use boilerlint_plugin::{
    abi, is_kebab_case, Applicability, FixAvailability, Metadata, Segments, Severity,
};

use crate::error::{CallError, LoadError};
use crate::fix::{Edit, Fix};

/// How many findings one plugin may report on one document before the host stops it.
pub const DEFAULT_MAX_FINDINGS: usize = 10_000;

/// A rule as its plugin describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Kebab-case id.
    pub id: String,
    /// One line.
    pub summary: String,
    /// Markdown documentation.
    pub docs: String,
    /// Default severity.
    pub severity: Severity,
    /// Whether it offers fixes.
    pub fix: FixAvailability,
}

/// A loaded plugin library, checked and ready to instantiate.
#[derive(Debug)]
pub struct LoadedPlugin {
    /// The file it was loaded from.
    pub path: PathBuf,
    /// Its name (its identity).
    pub name: String,
    /// Its version.
    pub version: String,
    /// What built it (SDK and ABI version), for diagnostics.
    pub build_info: String,
    /// Whether `check` may run concurrently on one instance.
    pub thread_safe: bool,
    /// Whether a crash inside it is contained (false: built with `panic = "abort"`).
    pub panic_contained: bool,
    /// Its rules, in table order.
    pub rules: Vec<RuleInfo>,
    table: abi::PluginTable,
}

// SAFETY: the table's pointers refer to static data of a library that is never unloaded, and
// its functions are called only as the ABI allows (see `Instance`).
unsafe impl Send for LoadedPlugin {}
// SAFETY: as above; the table is never mutated.
unsafe impl Sync for LoadedPlugin {}

/// Options for [`load`].
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Load plugins that cannot contain their panics (a crash in them aborts the process).
    pub allow_panic_abort: bool,
}

/// Loads the plugin library at `path` (made absolute, so the system's library search path is
/// never consulted) and checks its table.
pub fn load(path: &Path, options: LoadOptions) -> Result<Arc<LoadedPlugin>, LoadError> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let err_path = || path.clone();
    if !path.is_file() {
        return Err(LoadError::NotFound { path: err_path() });
    }
    // SAFETY: loading a library runs its initialisers. Plugins come only from places the user
    // named (command line, config, environment, the executable's own directory), never from
    // the tree being checked.
    let library =
        unsafe { libloading::Library::new(&path) }.map_err(|source| LoadError::NotALibrary {
            path: err_path(),
            reason: source.to_string(),
        })?;
    // SAFETY: the symbol is declared with the ABI's entry type; a library exporting the name
    // with another type breaks the documented contract.
    let entry: abi::EntryFn = unsafe {
        let symbol = library
            .get::<abi::EntryFn>(abi::ENTRY_SYMBOL.as_bytes())
            .map_err(|_| LoadError::MissingEntry {
                path: err_path(),
                symbol: abi::ENTRY_SYMBOL,
            })?;
        *symbol
    };
    // Never unloaded: see the module docs.
    std::mem::forget(library);

    // SAFETY: calling the entry point is the ABI's first step; it takes no argument.
    let header_ptr = unsafe { entry() };
    if header_ptr.is_null() {
        return Err(LoadError::EntryFailed { path: err_path() });
    }
    // SAFETY: a non-null entry result points to at least a header, frozen in every version.
    let header = unsafe { std::ptr::read_unaligned(header_ptr) };
    if header.magic != abi::MAGIC {
        return Err(LoadError::BadMagic { path: err_path() });
    }
    if header.abi_version != abi::ABI_VERSION {
        return Err(LoadError::AbiMismatch {
            path: err_path(),
            found: header.abi_version,
            expected: abi::ABI_VERSION,
        });
    }
    if header.table_size < abi::TABLE_SIZE {
        return Err(LoadError::Invalid {
            path: err_path(),
            problem: format!(
                "its table is {} bytes, smaller than the {} bytes of ABI version {}",
                header.table_size,
                abi::TABLE_SIZE,
                abi::ABI_VERSION
            ),
        });
    }
    // SAFETY: the header says the table is a version-1 table of at least this size.
    let table = unsafe { std::ptr::read_unaligned(header_ptr as *const abi::PluginTable) };
    let invalid = |problem: String| LoadError::Invalid {
        path: err_path(),
        problem,
    };
    // SAFETY: the table's strings are static data of the loaded library.
    let text = |s: abi::StrRef, what: &str| {
        // SAFETY: see above.
        unsafe { s.to_str() }
            .map(str::to_string)
            .ok_or_else(|| invalid(format!("its {what} is not valid UTF-8")))
    };
    let name = text(table.name, "name")?;
    if name.is_empty() {
        return Err(invalid("its name is empty".into()));
    }
    if table.create.is_none() || table.check.is_none() || table.destroy.is_none() {
        return Err(invalid("a function pointer of its table is null".into()));
    }
    if table.rules_len == 0 || table.rules.is_null() {
        return Err(invalid("it declares no rules".into()));
    }
    if table.rules_len > 10_000 {
        return Err(invalid(format!(
            "it declares {} rules, more than 10000",
            table.rules_len
        )));
    }
    // SAFETY: `rules` points to `rules_len` static entries (checked non-null above).
    let metas = unsafe { std::slice::from_raw_parts(table.rules, table.rules_len) };
    let mut rules = Vec::with_capacity(metas.len());
    for meta in metas {
        let id = text(meta.id, "rule id")?;
        if !is_kebab_case(&id) {
            return Err(invalid(format!("rule id {id:?} is not kebab-case")));
        }
        if rules.iter().any(|r: &RuleInfo| r.id == id) {
            return Err(invalid(format!("rule `{id}` is declared twice")));
        }
        rules.push(RuleInfo {
            summary: text(meta.summary, "rule summary")?,
            docs: text(meta.docs, "rule docs")?,
            severity: Severity::from_abi(meta.default_severity).ok_or_else(|| {
                invalid(format!(
                    "rule `{id}` has unknown severity {}",
                    meta.default_severity
                ))
            })?,
            fix: FixAvailability::from_abi(meta.fix_availability).ok_or_else(|| {
                invalid(format!(
                    "rule `{id}` has unknown fix availability {}",
                    meta.fix_availability
                ))
            })?,
            id,
        });
    }
    let plugin = LoadedPlugin {
        version: text(table.version, "version")?,
        build_info: text(table.build_info, "build info")?,
        thread_safe: table.flags & abi::FLAG_THREAD_SAFE != 0,
        panic_contained: table.flags & abi::FLAG_PANIC_CONTAINED != 0,
        path: path.clone(),
        name,
        rules,
        table,
    };
    if !plugin.panic_contained && !options.allow_panic_abort {
        return Err(LoadError::PanicNotContained {
            path: err_path(),
            name: plugin.name,
        });
    }
    Ok(Arc::new(plugin))
}

/// A finding as a plugin reported it, validated and copied.
#[derive(Clone, Debug, PartialEq)]
pub struct PluginFinding {
    /// Index into [`LoadedPlugin::rules`].
    pub rule_index: usize,
    /// The severity the finding asked for (`None`: the rule's default).
    pub severity: Option<Severity>,
    /// Byte range in the document.
    pub range: Range<usize>,
    /// The message.
    pub message: String,
    /// ISO 639-1 language of the flagged text.
    pub language: Option<String>,
    /// Confidence, `0.0..=1.0`.
    pub score: f64,
    /// The fix, if any.
    pub fix: Option<Fix>,
}

/// A document as the host hands it to plugins.
pub struct HostDocument<'a> {
    /// The text.
    pub text: &'a str,
    /// Where it came from.
    pub path: &'a str,
    /// Its lines and paragraphs.
    pub segments: &'a Segments,
    /// What its record says about itself (URL, id, declared language), where known.
    pub metadata: Metadata<'a>,
}

/// A configured plugin instance, shared by all worker threads.
pub struct Instance {
    plugin: Arc<LoadedPlugin>,
    raw: *mut c_void,
    /// Serialises calls to a plugin that is not thread-safe.
    serial: Option<Mutex<()>>,
    /// Set when the plugin panicked: it is never called again.
    poisoned: AtomicBool,
    max_findings: usize,
}

// SAFETY: the instance pointer is only passed back to its own plugin: concurrently when the
// plugin declared itself thread-safe, under `serial` otherwise.
unsafe impl Send for Instance {}
// SAFETY: as above.
unsafe impl Sync for Instance {}

impl std::fmt::Debug for Instance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Instance")
            .field("plugin", &self.plugin.name)
            .field("poisoned", &self.poisoned.load(Ordering::Relaxed))
            .finish()
    }
}

impl Instance {
    /// Creates an instance of `plugin` from its configuration (TOML text, may be empty).
    pub fn new(plugin: Arc<LoadedPlugin>, config_toml: &str) -> Result<Instance, CallError> {
        let mut errors = ErrorCollector::default();
        let sink = errors.sink();
        let mut raw: *mut c_void = std::ptr::null_mut();
        let create = plugin.table.create.expect("checked at load");
        // SAFETY: `create` is the plugin's, checked non-null at load; the config string, the
        // error sink and the out-pointer are valid for the call.
        let status = unsafe { create(abi::StrRef::new(config_toml), &sink, &mut raw) };
        let message = errors.take();
        match status {
            abi::STATUS_OK if !raw.is_null() => Ok(Instance {
                serial: (!plugin.thread_safe).then(|| Mutex::new(())),
                plugin,
                raw,
                poisoned: AtomicBool::new(false),
                max_findings: DEFAULT_MAX_FINDINGS,
            }),
            abi::STATUS_OK => Err(CallError::Protocol {
                plugin: plugin.name.clone(),
                problem: "`create` succeeded but returned no instance".into(),
            }),
            abi::STATUS_PANIC => Err(CallError::Panicked {
                plugin: plugin.name.clone(),
                message,
            }),
            _ => Err(CallError::Config {
                plugin: plugin.name.clone(),
                message,
            }),
        }
    }

    /// Sets how many findings one document may get from this plugin.
    pub fn with_max_findings(mut self, max: usize) -> Instance {
        self.max_findings = max;
        self
    }

    /// The plugin this is an instance of.
    pub fn plugin(&self) -> &Arc<LoadedPlugin> {
        &self.plugin
    }

    /// Checks one document. On any error the plugin's findings for this document are dropped.
    pub fn check(&self, doc: &HostDocument<'_>) -> Result<Vec<PluginFinding>, CallError> {
        let name = || self.plugin.name.clone();
        if self.poisoned.load(Ordering::Acquire) {
            return Err(CallError::Disabled { plugin: name() });
        }
        let raw_doc = abi::Document {
            size: std::mem::size_of::<abi::Document>() as u32,
            reserved: 0,
            text: abi::StrRef::new(doc.text),
            path: abi::StrRef::new(doc.path),
            lines: doc.segments.lines.as_ptr(),
            lines_len: doc.segments.lines.len(),
            paragraphs: doc.segments.paragraphs.as_ptr(),
            paragraphs_len: doc.segments.paragraphs.len(),
            url: doc
                .metadata
                .url
                .map_or(abi::StrRef::EMPTY, abi::StrRef::new),
            id: doc.metadata.id.map_or(abi::StrRef::EMPTY, abi::StrRef::new),
            language: doc
                .metadata
                .language
                .map_or(abi::StrRef::EMPTY, abi::StrRef::new),
        };
        let mut collector = FindingCollector {
            text: doc.text,
            rules: self.plugin.rules.len(),
            max: self.max_findings,
            findings: Vec::new(),
            problem: None,
        };
        let sink = abi::FindingSink {
            ctx: &mut collector as *mut FindingCollector<'_> as *mut c_void,
            emit: Some(emit),
        };
        let mut errors = ErrorCollector::default();
        let error_sink = errors.sink();
        let check = self.plugin.table.check.expect("checked at load");
        let status = {
            let _guard = self
                .serial
                .as_ref()
                .map(|m| m.lock().unwrap_or_else(|e| e.into_inner()));
            // SAFETY: `check` is the plugin's; the instance is its own; the document, its
            // arrays, the sinks and their contexts outlive the call. Concurrency follows the
            // plugin's thread-safety flag.
            unsafe { check(self.raw, &raw_doc, &sink, &error_sink) }
        };
        let message = errors.take();
        match status {
            abi::STATUS_OK => {}
            abi::STATUS_ERROR => {
                return Err(CallError::Failed {
                    plugin: name(),
                    message,
                })
            }
            abi::STATUS_PANIC => {
                self.poisoned.store(true, Ordering::Release);
                return Err(CallError::Panicked {
                    plugin: name(),
                    message,
                });
            }
            other => {
                return Err(CallError::Protocol {
                    plugin: name(),
                    problem: format!("`check` returned unknown status {other}"),
                })
            }
        }
        match collector.problem {
            Some(Problem::TooMany) => Err(CallError::TooManyFindings {
                plugin: name(),
                limit: self.max_findings,
            }),
            Some(Problem::Invalid(problem)) => Err(CallError::Protocol {
                plugin: name(),
                problem,
            }),
            None => Ok(collector.findings),
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // A plugin that panicked may be in any state: leak its instance rather than run its
        // destructor.
        if self.poisoned.load(Ordering::Acquire) {
            return;
        }
        if let Some(destroy) = self.plugin.table.destroy {
            // SAFETY: the instance came from this plugin's `create` and is destroyed once.
            unsafe { destroy(self.raw) };
        }
    }
}

enum Problem {
    TooMany,
    Invalid(String),
}

struct FindingCollector<'a> {
    text: &'a str,
    rules: usize,
    max: usize,
    findings: Vec<PluginFinding>,
    problem: Option<Problem>,
}

/// The host's `emit` callback. It must never unwind: it does no indexing that can panic, and a
/// panic inside would be an allocation failure, which aborts anyway.
unsafe extern "C" fn emit(ctx: *mut c_void, finding: *const abi::Finding) -> u32 {
    // SAFETY: `ctx` is the collector `Instance::check` owns for the call, used only by the
    // thread inside `check`; a null finding is rejected below.
    let collector = unsafe { &mut *(ctx as *mut FindingCollector<'_>) };
    if collector.problem.is_some() {
        return abi::EMIT_STOP;
    }
    if collector.findings.len() >= collector.max {
        collector.problem = Some(Problem::TooMany);
        return abi::EMIT_STOP;
    }
    // SAFETY: the plugin passes a finding valid for the duration of `emit`.
    let Some(finding) = (unsafe { finding.as_ref() }) else {
        collector.problem = Some(Problem::Invalid("it reported a null finding".into()));
        return abi::EMIT_STOP;
    };
    // SAFETY: as above, for the finding's strings and edits.
    match unsafe { validate(collector, finding) } {
        Ok(f) => {
            collector.findings.push(f);
            abi::EMIT_CONTINUE
        }
        Err(problem) => {
            collector.problem = Some(Problem::Invalid(problem));
            abi::EMIT_STOP
        }
    }
}

/// Checks every field of a finding and copies it.
///
/// # Safety
///
/// The finding's pointers must be valid for the call.
unsafe fn validate(c: &FindingCollector<'_>, f: &abi::Finding) -> Result<PluginFinding, String> {
    if (f.size as usize) < std::mem::size_of::<abi::Finding>() {
        return Err(format!("it reported a finding of {} bytes", f.size));
    }
    let rule_index = f.rule_index as usize;
    if rule_index >= c.rules {
        return Err(format!(
            "it reported rule index {rule_index}, but has {} rules",
            c.rules
        ));
    }
    let severity = match f.severity {
        abi::SEVERITY_DEFAULT => None,
        s => Some(Severity::from_abi(s).ok_or_else(|| format!("it reported severity {s}"))?),
    };
    let range = checked_range(c.text, f.span)?;
    // SAFETY: forwarded from the caller.
    let message = unsafe { f.message.to_str() }
        .ok_or_else(|| "it reported a message that is not UTF-8".to_string())?;
    // SAFETY: forwarded from the caller.
    let language = unsafe { f.language.to_str() }
        .ok_or_else(|| "it reported a language that is not UTF-8".to_string())?;
    if language.len() > 16 {
        return Err(format!("it reported the language code {language:?}"));
    }
    if !f.score.is_finite() {
        return Err(format!("it reported the score {}", f.score));
    }
    let applicability = match f.applicability {
        abi::APPLICABILITY_NONE => None,
        abi::APPLICABILITY_SAFE => Some(Applicability::Safe),
        abi::APPLICABILITY_UNSAFE => Some(Applicability::Unsafe),
        other => return Err(format!("it reported fix applicability {other}")),
    };
    let fix = match applicability {
        None => None,
        Some(applicability) => {
            if f.edits_len > 1024 || (f.edits.is_null() && f.edits_len > 0) {
                return Err(format!("it reported {} edits", f.edits_len));
            }
            let raw_edits = if f.edits_len == 0 {
                &[][..]
            } else {
                // SAFETY: non-null with a bounded length, valid during `emit` (caller).
                unsafe { std::slice::from_raw_parts(f.edits, f.edits_len) }
            };
            let mut edits = Vec::with_capacity(raw_edits.len());
            for edit in raw_edits {
                edits.push(Edit {
                    range: checked_range(c.text, edit.span)?,
                    // SAFETY: forwarded from the caller.
                    replacement: unsafe { edit.replacement.to_str() }
                        .ok_or_else(|| "it reported a replacement that is not UTF-8".to_string())?
                        .to_string(),
                });
            }
            (!edits.is_empty()).then_some(Fix {
                applicability,
                edits,
            })
        }
    };
    Ok(PluginFinding {
        rule_index,
        severity,
        range,
        message: message.to_string(),
        language: (!language.is_empty()).then(|| language.to_string()),
        score: f.score.clamp(0.0, 1.0),
        fix,
    })
}

fn checked_range(text: &str, span: abi::Span) -> Result<Range<usize>, String> {
    let (start, end) = (span.start, span.end);
    if start > end || end > text.len() as u64 {
        return Err(format!(
            "it reported the range {start}..{end}, outside the document's {} bytes",
            text.len()
        ));
    }
    let range = start as usize..end as usize;
    if !text.is_char_boundary(range.start) || !text.is_char_boundary(range.end) {
        return Err(format!(
            "it reported the range {start}..{end}, which splits a UTF-8 character"
        ));
    }
    Ok(range)
}

#[derive(Default)]
struct ErrorCollector {
    message: Option<String>,
}

impl ErrorCollector {
    fn sink(&mut self) -> abi::ErrorSink {
        abi::ErrorSink {
            ctx: self as *mut ErrorCollector as *mut c_void,
            report: Some(report_error),
        }
    }

    fn take(&mut self) -> String {
        self.message
            .take()
            .unwrap_or_else(|| "(the plugin gave no message)".to_string())
    }
}

unsafe extern "C" fn report_error(ctx: *mut c_void, message: abi::StrRef) {
    // SAFETY: `ctx` is the `ErrorCollector` the host owns for the call.
    let collector = unsafe { &mut *(ctx as *mut ErrorCollector) };
    // SAFETY: the plugin passes a string valid during the call.
    let bytes = unsafe { message.as_bytes() };
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    collector.message = Some(text.into_owned());
}
