//! `boilerlint.toml`: plugins to load, rules to select or ignore, per-plugin options and
//! per-path overrides.
//!
//! ```toml
//! plugins = ["./site-plugins/libmy_site.so"]   # relative to this file
//! [rules]
//! select = ["cookie-banner", "ad-notice", "off-language"]   # default: every rule
//! extend-select = []
//! ignore = []
//! [rules.off-language]          # a plugin's own table, handed to it verbatim as TOML
//! allow = ["en", "de"]
//! [[overrides]]
//! files = ["archive/**"]        # globs relative to this file
//! ignore = ["ad-notice"]
//! ```
//!
//! Unknown keys and values of the wrong type are errors that name the file, the line and the
//! key. Selectors name a rule id, a plugin name (all its rules) or `ALL`; they are checked
//! against the loaded plugins by [`crate::Linter::new`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::error::ConfigError;

/// The file name looked for when walking up from a checked path.
pub const CONFIG_FILE: &str = "boilerlint.toml";

/// The config files looked for in each directory, in order (as ruff reads `ruff.toml`,
/// `.ruff.toml`, then `pyproject.toml` with a `[tool.ruff]` table): `pyproject.toml` counts
/// only with a `[tool.boilerlint]` table.
pub const CONFIG_FILES: &[&str] = &[CONFIG_FILE, ".boilerlint.toml", "pyproject.toml"];

/// The table of `pyproject.toml` that holds boilerlint's settings.
const PYPROJECT_TABLE: &str = "tool.boilerlint";

/// Whether `path` is a `pyproject.toml`, whose settings live in `[tool.boilerlint]`.
fn is_pyproject(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "pyproject.toml")
}

/// `pyproject.toml` around boilerlint's table; other tools' tables are not ours to check.
#[derive(Deserialize)]
struct PyProject {
    tool: PyProjectTools,
}

#[derive(Deserialize)]
struct PyProjectTools {
    boilerlint: RawConfig,
}

/// A name in a select or ignore list, with the line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    /// A rule id, a plugin name, or `ALL`.
    pub name: String,
    /// Where it was written: 1-based line in the config file (0: the command line).
    pub line: usize,
}

/// Rule selection at one level (config, override or command line).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Replaces the rules enabled so far, when set.
    pub select: Option<Vec<Selector>>,
    /// Added to the enabled rules.
    pub extend_select: Vec<Selector>,
    /// Removed from the enabled rules.
    pub ignore: Vec<Selector>,
}

impl Selection {
    /// The command line's selection (`--select`, `--extend-select`, `--ignore`): selectors
    /// with no line.
    pub fn command_line(
        select: Option<&[String]>,
        extend_select: &[String],
        ignore: &[String],
    ) -> Selection {
        let selectors = |names: &[String]| {
            names
                .iter()
                .map(|name| Selector {
                    name: name.clone(),
                    line: 0,
                })
                .collect()
        };
        Selection {
            select: select.map(selectors),
            extend_select: selectors(extend_select),
            ignore: selectors(ignore),
        }
    }
}

/// A plugin's own options table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PluginOptions {
    /// The key under `[rules]`: a plugin name or one of its rule ids.
    pub key: String,
    /// The table re-serialised as TOML text.
    pub toml: String,
    /// 1-based line of the table.
    pub line: usize,
    /// The keys assigned in the table and its sub-tables, each with its 1-based line, so that
    /// an error about one names where it is.
    pub keys: Vec<(String, usize)>,
}

/// Settings for the files matching some globs.
#[derive(Clone, Debug)]
pub struct Override {
    /// The globs, as written.
    pub files: Vec<String>,
    matcher: GlobSet,
    /// Its selection.
    pub selection: Selection,
}

impl Override {
    /// Whether `relative` (a path relative to the config file's directory) matches.
    pub fn matches(&self, relative: &Path) -> bool {
        self.matcher.is_match(relative)
    }
}

/// A loaded configuration.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it came from (`None`: the built-in defaults).
    pub path: Option<PathBuf>,
    /// The file's directory, absolute: relative paths and globs are relative to it.
    pub root: Option<PathBuf>,
    /// Plugin files to load, absolute.
    pub plugins: Vec<PathBuf>,
    /// Rule selection.
    pub selection: Selection,
    /// Per-plugin options.
    pub plugin_options: Vec<PluginOptions>,
    /// Per-path overrides, in order.
    pub overrides: Vec<Override>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    plugins: Vec<String>,
    // Plain values: serde's `Spanned` cannot give spans of tables made only by dotted headers
    // (`[[rules.site-rules.site]]`); their keys' spans come from the parsed document instead
    // (see `Keys`).
    #[serde(default)]
    rules: BTreeMap<String, toml::Value>,
    #[serde(default)]
    overrides: Vec<Spanned<RawOverride>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Vec<String>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
}

impl Config {
    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Parses config text; `path` names it in errors and anchors relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid = |offset: usize, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: line_of(text, offset),
            message,
        };
        let parse_error = |e: toml::de::Error| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: e.span().map_or(0, |s| line_of(text, s.start)),
            message: e.message().trim().to_string(),
        };
        let raw: RawConfig = if is_pyproject(path) {
            let project: PyProject = toml::from_str(text).map_err(parse_error)?;
            project.tool.boilerlint
        } else {
            toml::from_str(text).map_err(parse_error)?
        };
        // Where keys are written: under `rules`, or in pyproject.toml `tool.boilerlint.rules`.
        let document = toml_edit::ImDocument::parse(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: e.span().map_or(0, |s| line_of(text, s.start)),
            message: e.message().trim().to_string(),
        })?;
        let rules_path: &[&str] = if is_pyproject(path) {
            &["tool", "boilerlint", "rules"]
        } else {
            &["rules"]
        };
        let rules_table = rules_path
            .iter()
            .try_fold(document.as_item(), |item, key| {
                item.as_table_like()?.get(key)
            })
            .and_then(toml_edit::Item::as_table_like);
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut config = Config {
            path: Some(path.to_path_buf()),
            plugins: raw.plugins.iter().map(|p| dir.join(p)).collect(),
            root: Some(dir.clone()),
            ..Config::default()
        };
        for (key, value) in raw.rules {
            let (offset, item) = match rules_table.and_then(|t| t.get_key_value(&key)) {
                Some((written, item)) => (written.span().map_or(0, |s| s.start), Some(item)),
                None => (0, None),
            };
            let value = Spanned::new(offset..offset, value);
            let list = |value: &toml::Value| -> Result<Vec<Selector>, ConfigError> {
                let items = value.as_array().ok_or_else(|| {
                    invalid(
                        offset,
                        format!("`rules.{key}` must be a list of rule names"),
                    )
                })?;
                items
                    .iter()
                    .map(|item| {
                        item.as_str()
                            .map(|name| Selector {
                                name: name.to_string(),
                                line: line_of(text, offset),
                            })
                            .ok_or_else(|| {
                                invalid(offset, format!("`rules.{key}` must hold only strings"))
                            })
                    })
                    .collect()
            };
            match key.as_str() {
                "select" => config.selection.select = Some(list(value.get_ref())?),
                "extend-select" => config.selection.extend_select = list(value.get_ref())?,
                "ignore" => config.selection.ignore = list(value.get_ref())?,
                _ => match value.get_ref() {
                    toml::Value::Table(table) => config.plugin_options.push(PluginOptions {
                        toml: toml::to_string(table).map_err(|e| invalid(offset, e.to_string()))?,
                        keys: item.map_or_else(Vec::new, |item| keys_of(item, text)),
                        key,
                        line: line_of(text, offset),
                    }),
                    _ => {
                        return Err(invalid(
                            offset,
                            format!(
                                "unknown key `rules.{key}`: expected `select`, `extend-select`, \
                                 `ignore`, or a table `[rules.<plugin>]` of a plugin's options"
                            ),
                        ))
                    }
                },
            }
        }
        for raw_override in raw.overrides {
            let offset = raw_override.span().start;
            let o = raw_override.into_inner();
            let mut builder = GlobSetBuilder::new();
            for pattern in &o.files {
                let glob = Glob::new(pattern).map_err(|e| {
                    invalid(
                        offset,
                        format!("invalid glob {pattern:?} in `overrides.files`: {e}"),
                    )
                })?;
                builder.add(glob);
            }
            let selectors = |list: Vec<Spanned<String>>| -> Vec<Selector> {
                list.into_iter()
                    .map(|s| Selector {
                        line: line_of(text, s.span().start),
                        name: s.into_inner(),
                    })
                    .collect()
            };
            config.overrides.push(Override {
                matcher: builder
                    .build()
                    .map_err(|e| invalid(offset, format!("invalid `overrides.files`: {e}")))?,
                files: o.files,
                selection: Selection {
                    select: o.select.map(selectors),
                    extend_select: selectors(o.extend_select),
                    ignore: selectors(o.ignore),
                },
            });
        }
        Ok(config)
    }

    /// An error about this config at `line`.
    pub fn error(&self, line: usize, message: String) -> ConfigError {
        ConfigError::Invalid {
            path: self
                .path
                .clone()
                .unwrap_or_else(|| PathBuf::from("<command line>")),
            line,
            message,
        }
    }
}

/// `path` in the one form paths are matched in: absolute, with `.`, `..` and the links among
/// its directories resolved (by the file system when they exist, else by reading the path), so
/// that a file named absolutely, through `../` or from a subdirectory is the same path. A file
/// that is itself a link keeps its own name: in a symlink farm (git-annex, a Hugging Face
/// cache) the link's path is the one globs and baselines mean.
pub fn canonical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let (Some(dir), Some(name)) = (absolute.parent(), absolute.file_name()) {
        let name_is_normal = !matches!(name.to_str(), Some("." | ".."));
        if let (true, Ok(dir)) = (name_is_normal, std::fs::canonicalize(dir)) {
            return dir.join(name);
        }
    }
    if let Ok(path) = std::fs::canonicalize(&absolute) {
        return path;
    }
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `dir` in canonical form ([`canonical`]), with `/` between components;
/// `None` when it is not below `dir`.
pub fn relative_to(path: &Path, dir: &Path) -> Option<String> {
    let relative = canonical(path)
        .strip_prefix(canonical(dir))
        .ok()?
        .to_path_buf();
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Finds the config file that governs `path`: in its directory or the nearest ancestor, the
/// first of [`CONFIG_FILES`] there.
/// The result is relative to the current directory when it lies below it, for short messages.
pub fn find_config(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let start = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent()?
    };
    let found = start.ancestors().find_map(|dir| {
        CONFIG_FILES
            .iter()
            .map(|name| dir.join(name))
            .find(|candidate| {
                candidate.is_file() && (!is_pyproject(candidate) || has_boilerlint_table(candidate))
            })
    })?;
    let cwd = std::env::current_dir().ok();
    Some(
        cwd.and_then(|cwd| found.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .unwrap_or(found),
    )
}

/// Whether a `pyproject.toml` has a `[tool.boilerlint]` table (or one below it).
fn has_boilerlint_table(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| {
        text.lines().any(|line| {
            let line = line.trim_start().trim_start_matches('[').trim_start();
            line.strip_prefix(PYPROJECT_TABLE)
                .is_some_and(|rest| rest.starts_with(']') || rest.starts_with('.'))
        })
    })
}

/// The keys assigned in `item` (a table, its sub-tables, arrays of tables), each with its
/// 1-based line, in the order of the text. toml_edit keeps the span of every key it parsed.
fn keys_of(item: &toml_edit::Item, text: &str) -> Vec<(String, usize)> {
    fn walk(item: &toml_edit::Item, text: &str, keys: &mut Vec<(String, usize)>) {
        let tables: Vec<&dyn toml_edit::TableLike> = match item {
            toml_edit::Item::ArrayOfTables(array) => array
                .iter()
                .map(|t| t as &dyn toml_edit::TableLike)
                .collect(),
            other => other.as_table_like().into_iter().collect(),
        };
        for table in tables {
            for (name, value) in table.iter() {
                if value.is_value() {
                    if let Some(span) = table.key(name).and_then(toml_edit::Key::span) {
                        keys.push((name.to_string(), line_of(text, span.start)));
                    }
                } else {
                    walk(value, text, keys);
                }
            }
        }
    }
    let mut keys = Vec::new();
    walk(item, text, &mut keys);
    keys.sort_by_key(|(_, line)| *line);
    keys
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("/p/boilerlint.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn parses_the_documented_example() {
        let config = parse(
            r#"
plugins = ["./site-plugins/libmy_site.so"]
[rules]
select = ["cookie-banner", "ad-notice", "off-language"]
ignore = []
[rules.off-language]
allow = ["en", "de"]
[[overrides]]
files = ["archive/**"]
ignore = ["ad-notice"]
"#,
        )
        .unwrap();
        assert_eq!(
            config.plugins,
            [PathBuf::from("/p/./site-plugins/libmy_site.so")]
        );
        let select = config.selection.select.unwrap();
        assert_eq!(select.len(), 3);
        assert_eq!(select[0].line, 4);
        assert_eq!(config.plugin_options[0].key, "off-language");
        assert_eq!(config.plugin_options[0].toml, "allow = [\"en\", \"de\"]\n");
        assert!(config.overrides[0].matches(Path::new("archive/2020/a.txt")));
        assert!(!config.overrides[0].matches(Path::new("news/a.txt")));
    }

    #[test]
    fn unknown_keys_name_file_line_and_key() {
        let err = parse("plugins = []\n\nplugin-dirs = [\"x\"]\n").unwrap_err();
        assert!(
            err.starts_with("/p/boilerlint.toml:3: unknown field `plugin-dirs`"),
            "{err}"
        );
        let err = parse("[rules]\nselekt = [\"a\"]\n").unwrap_err();
        assert!(
            err.starts_with("/p/boilerlint.toml:2: unknown key `rules.selekt`"),
            "{err}"
        );
        let err = parse("[[overrides]]\nfiles = [\"a/**\"]\nignor = []\n").unwrap_err();
        assert!(err.contains(":3: unknown field `ignor`"), "{err}");
    }

    #[test]
    fn a_plugin_table_made_by_dotted_headers_is_accepted() {
        let config = parse("[[rules.site-rules.site]]\nname = \"x\"\n").unwrap();
        assert_eq!(config.plugin_options[0].key, "site-rules");
        assert_eq!(config.plugin_options[0].line, 1);
        assert!(config.plugin_options[0].toml.contains("name = \"x\""));
    }

    /// Each key of a plugin's table has its line, also in tables that only dotted headers
    /// make and in arrays of tables; keys of other tables are not its own.
    #[test]
    fn a_plugin_tables_keys_have_their_lines() {
        let config = parse(
            "[rules]\nselect = [\"a\"]\n\n[[rules.site-rules.site]]\nname = \"x\"\n\
             [[rules.site-rules.site.rule]]\nid = \"r\"\nmax-words = 3\n\
             [rules.cookie-banner]\nthreshold = 0.5\n",
        )
        .unwrap();
        let site_rules = &config.plugin_options[1];
        assert_eq!(site_rules.key, "site-rules");
        assert_eq!(site_rules.line, 4);
        let keys: Vec<(&str, usize)> = site_rules
            .keys
            .iter()
            .map(|(k, l)| (k.as_str(), *l))
            .collect();
        assert_eq!(keys, [("name", 5), ("id", 7), ("max-words", 8)]);
        let cookie = &config.plugin_options[0];
        assert_eq!((cookie.key.as_str(), cookie.line), ("cookie-banner", 9));
        assert_eq!(cookie.keys, [("threshold".to_string(), 10)]);
    }

    #[test]
    fn bad_values_name_the_key() {
        let err = parse("[rules]\nselect = \"cookie-banner\"\n").unwrap_err();
        assert_eq!(
            err,
            "/p/boilerlint.toml:2: `rules.select` must be a list of rule names"
        );
        let err = parse("[[overrides]]\nfiles = [\"a/[\"]\n").unwrap_err();
        assert!(err.contains("invalid glob \"a/[\""), "{err}");
    }
}
