//! The boilerlint plugin SDK: write a rule plugin in safe Rust.
//!
//! boilerlint's rules live in plugins, shared libraries the host loads at run time. A shared
//! library built by one Rust compiler cannot hand Rust types (`String`, `Vec`, trait objects,
//! `Result`) to a host built by another: their layout is not stable, and each library has its
//! own allocator and its own copy of `std`. So the boundary is a small C ABI ([`abi`]), and this
//! crate hides it: a plugin author implements [`Plugin`], declares rules with [`declare_rule!`],
//! and calls [`export_plugin!`] once. The macro writes every `unsafe` export; the SDK catches
//! every panic before it can reach the host, and reporting a finding does not allocate.
//!
//! ```
//! use boilerlint_plugin::{declare_rule, export_plugin, Document, Plugin, Reporter, Rule};
//!
//! declare_rule! {
//!     /// Finds the "Read more on example.com" footer of example.com.
//!     ///
//!     /// ## Why is this bad?
//!     /// It is site navigation, not article text.
//!     pub ExampleFooter {
//!         id: "example-footer",
//!         severity: Warning,
//!         fix: Always,
//!     }
//! }
//!
//! struct ExampleSite;
//!
//! impl Plugin for ExampleSite {
//!     const NAME: &'static str = "example-site";
//!     const VERSION: &'static str = env!("CARGO_PKG_VERSION");
//!     const RULES: &'static [Rule] = &[ExampleFooter::RULE];
//!
//!     fn new(_config: &str) -> Result<Self, String> {
//!         Ok(ExampleSite)
//!     }
//!
//!     fn check(&self, doc: &Document<'_>, report: &mut Reporter<'_>) {
//!         for paragraph in doc.paragraphs() {
//!             if paragraph.text().starts_with("Read more on example.com") {
//!                 report
//!                     .paragraph(&ExampleFooter::RULE, &paragraph, "example.com footer")
//!                     .delete_safe()
//!                     .emit();
//!             }
//!         }
//!     }
//! }
//!
//! export_plugin!(ExampleSite);
//! ```
//!
//! The crate's version follows the ABI: a new [`abi::ABI_VERSION`] is a new major version.

#![deny(missing_docs)]

pub mod abi;
mod document;
#[doc(hidden)]
pub mod export;
pub mod fix;
#[cfg(feature = "invariants")]
pub mod invariants;
pub mod invisible;
mod report;
pub mod testing;

pub use document::{segment, Document, Line, Metadata, Paragraph, Segments};
pub use report::{Report, Reporter};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Reported, but does not fail a check on its own.
    Info,
    /// The default for contamination.
    Warning,
    /// A finding the user must act on.
    Error,
}

impl Severity {
    /// The lowercase name used in output and config: `info`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The ABI constant.
    pub fn to_abi(self) -> u32 {
        match self {
            Severity::Info => abi::SEVERITY_INFO,
            Severity::Warning => abi::SEVERITY_WARNING,
            Severity::Error => abi::SEVERITY_ERROR,
        }
    }

    /// From the ABI constant; `None` for [`abi::SEVERITY_DEFAULT`] or an unknown value.
    pub fn from_abi(value: u32) -> Option<Severity> {
        match value {
            abi::SEVERITY_INFO => Some(Severity::Info),
            abi::SEVERITY_WARNING => Some(Severity::Warning),
            abi::SEVERITY_ERROR => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Whether a rule's findings come with a fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    /// Never.
    Never,
    /// For some findings.
    Sometimes,
    /// For every finding.
    Always,
}

impl FixAvailability {
    /// The ABI constant.
    pub fn to_abi(self) -> u32 {
        match self {
            FixAvailability::Never => abi::FIX_NEVER,
            FixAvailability::Sometimes => abi::FIX_SOMETIMES,
            FixAvailability::Always => abi::FIX_ALWAYS,
        }
    }

    /// From the ABI constant; `None` for an unknown value.
    pub fn from_abi(value: u32) -> Option<FixAvailability> {
        match value {
            abi::FIX_NEVER => Some(FixAvailability::Never),
            abi::FIX_SOMETIMES => Some(FixAvailability::Sometimes),
            abi::FIX_ALWAYS => Some(FixAvailability::Always),
            _ => None,
        }
    }

    /// `never`, `sometimes` or `always`.
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Never => "never",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// Whether `--fix` may apply a fix on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Applied by `--fix`: the rule is confident that only contamination is removed.
    Safe,
    /// Applied only with `--unsafe-fixes`: the fix may remove wanted text.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }

    /// The ABI constant.
    pub fn to_abi(self) -> u32 {
        match self {
            Applicability::Safe => abi::APPLICABILITY_SAFE,
            Applicability::Unsafe => abi::APPLICABILITY_UNSAFE,
        }
    }
}

/// `line` cut to at most `width` characters to show it in a fixed width: when longer, its first
/// `width - 1` characters and `…`. The host's diagnostics and the SDK's test failures show
/// lines with it.
///
/// ```
/// use boilerlint_plugin::clip_to_width;
/// assert_eq!(clip_to_width("çerez", 5), "çerez");
/// assert_eq!(clip_to_width("çerezler", 5), "çere…");
/// ```
pub fn clip_to_width(line: &str, width: usize) -> std::borrow::Cow<'_, str> {
    match line.char_indices().nth(width) {
        None => std::borrow::Cow::Borrowed(line),
        Some(_) => {
            let keep = line
                .char_indices()
                .nth(width.saturating_sub(1))
                .map_or(line.len(), |(at, _)| at);
            std::borrow::Cow::Owned(format!("{}…", &line[..keep]))
        }
    }
}

/// Whether `id` is kebab-case, as rule ids and plugin names must be: lowercase ASCII letters and
/// digits in words joined by single dashes (`cookie-banner`, `ht-footer-2`). The host checks
/// every plugin's rule ids with it, and `site-rules` its rules' ids.
///
/// ```
/// use boilerlint_plugin::is_kebab_case;
/// assert!(is_kebab_case("cookie-banner") && is_kebab_case("ht-footer-2"));
/// for bad in ["", "-a", "a-", "a--b", "Cookie", "a_b"] {
///     assert!(!is_kebab_case(bad), "{bad}");
/// }
/// ```
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A rule's metadata. Write it with [`declare_rule!`], whose doc comment becomes [`Rule::docs`].
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Kebab-case id naming the thing found, unique across plugins: `cookie-banner`.
    pub id: &'static str,
    /// The rule's documentation in Markdown, as written in its doc comment: the first line is
    /// its summary.
    pub docs: &'static str,
    /// Severity of its findings unless a finding says otherwise.
    pub severity: Severity,
    /// Whether its findings carry fixes.
    pub fix: FixAvailability,
}

impl Rule {
    /// The first line of the docs.
    pub fn summary(&self) -> &'static str {
        self.docs.lines().next().unwrap_or("").trim()
    }
}

/// A rule plugin: a set of rules sharing one configuration and one `check` pass.
///
/// An instance is shared by all worker threads (`Send + Sync`), so keep per-document state on
/// the stack of [`Plugin::check`], not in `self`.
pub trait Plugin: Sized + Send + Sync + 'static {
    /// The plugin's name, kebab-case; users see it in `boilerlint plugins` and name it in
    /// `boilerlint.toml` to configure it.
    const NAME: &'static str;
    /// The plugin's version, usually `env!("CARGO_PKG_VERSION")`.
    const VERSION: &'static str;
    /// Every rule the plugin may report.
    const RULES: &'static [Rule];

    /// Builds the plugin from its configuration: the plugin's table in `boilerlint.toml`
    /// (`[rules.<name>]`) as TOML text, empty when there is none. Reject unknown keys: the
    /// message is shown to the user next to the config file's name.
    fn new(config_toml: &str) -> Result<Self, String>;

    /// Checks one document and reports what it finds.
    fn check(&self, doc: &Document<'_>, report: &mut Reporter<'_>);
}

/// Declares a rule: a unit struct whose doc comment is the rule's documentation, with a
/// `RULE` constant of type [`Rule`].
///
/// ```
/// boilerlint_plugin::declare_rule! {
///     /// Finds newsletter sign-up boxes.
///     ///
///     /// ## Why is this bad?
///     /// They are page furniture, not article text.
///     pub NewsletterBox { id: "newsletter-box", severity: Warning, fix: Always }
/// }
/// assert_eq!(NewsletterBox::RULE.summary(), "Finds newsletter sign-up boxes.");
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])+
        $vis:vis $name:ident {
            id: $id:literal,
            severity: $severity:ident,
            fix: $fix:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(Clone, Copy, Debug)]
        $vis struct $name;

        impl $name {
            /// This rule's metadata.
            pub const RULE: $crate::Rule = $crate::Rule {
                id: $id,
                docs: concat!($($doc, "\n"),+),
                severity: $crate::Severity::$severity,
                fix: $crate::FixAvailability::$fix,
            };
        }
    };
}

/// Exports a [`Plugin`] type as the library's plugin: writes the one `extern "C"` entry symbol
/// and the static table behind it. Call it once, at the crate root of a `cdylib`.
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        /// The boilerlint plugin entry point: returns this library's plugin table.
        #[allow(unsafe_code)]
        #[no_mangle]
        pub extern "C" fn boilerlint_plugin_entry() -> *const $crate::abi::Header {
            static TABLE: $crate::export::TableCell = $crate::export::TableCell::new();
            // `cfg!` is evaluated here, in the plugin crate, so it sees the plugin's own
            // panic strategy.
            $crate::export::entry::<$plugin>(&TABLE, cfg!(panic = "unwind"))
        }
    };
}
