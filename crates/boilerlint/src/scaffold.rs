//! `boilerlint new-plugin NAME`: writes a plugin crate that builds and loads at once.
//!
//! The crate's files are templates under `templates/new-plugin/`, embedded in the binary, with
//! `{{placeholders}}` filled from the name. The example rule, its documentation and its tests
//! are real code: the integration tests scaffold a crate, build it and load it.

use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use boilerlint_plugin::{abi, is_kebab_case};
use clap::Args;

#[derive(Debug, Args)]
pub struct NewPluginArgs {
    /// The plugin's name, kebab-case (e.g. example-site).
    pub name: String,
    /// Where to create the crate (default: ./NAME). It must not exist, or be empty.
    #[arg(long, value_name = "DIR")]
    pub path: Option<PathBuf>,
    /// Depend on the boilerlint-plugin crate in this directory (crates/boilerlint-plugin of a
    /// boilerlint clone). Default: the SDK in the source this boilerlint was built from, when
    /// it is still there, else the SDK from boilerlint's git repository (the SDK is not
    /// published on crates.io yet).
    #[arg(long, value_name = "PATH")]
    pub sdk_path: Option<PathBuf>,
}

/// The crate's files: path in the crate, template.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "Cargo.toml",
        include_str!("../templates/new-plugin/Cargo.toml.tmpl"),
    ),
    (
        "src/lib.rs",
        include_str!("../templates/new-plugin/lib.rs.tmpl"),
    ),
    (
        "README.md",
        include_str!("../templates/new-plugin/README.md.tmpl"),
    ),
    (
        ".gitignore",
        include_str!("../templates/new-plugin/gitignore.tmpl"),
    ),
];

/// Plugins that ship with boilerlint: a plugin of the same name would shadow or be shadowed.
const SHIPPED: &[&str] = &["cookie-banner", "ad-notice", "off-language", "site-rules"];

/// The longest name accepted.
const MAX_NAME_LEN: usize = 64;

pub fn run(args: &NewPluginArgs) -> Result<u8> {
    check_name(&args.name)?;
    let dir = args
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(&args.name));
    check_free(&dir)?;
    let (sdk, sdk_note) = match &args.sdk_path {
        Some(path) => (sdk_path_dependency(path)?, None),
        None => default_sdk_dependency(),
    };
    let names = Names::new(&args.name);
    fs::create_dir_all(dir.join("src"))
        .with_context(|| format!("cannot create {}", dir.join("src").display()))?;
    for (file, template) in TEMPLATES {
        let path = dir.join(file);
        fs::write(&path, render(template, &names, &sdk))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }

    let mut out = std::io::stdout().lock();
    let shown = dir.display().to_string();
    let cd = if shown.contains(char::is_whitespace) {
        format!("\"{shown}\"")
    } else {
        shown.clone()
    };
    writeln!(out, "Created plugin `{}` in {shown}:", names.name)?;
    writeln!(
        out,
        "  Cargo.toml   the crate boilerlint-plugin-{}, a cdylib",
        names.name
    )?;
    writeln!(
        out,
        "  src/lib.rs   an example rule, `{}`, with its documentation and tests",
        names.rule_id
    )?;
    writeln!(out, "  README.md    how to build, run and share it")?;
    writeln!(out)?;
    if let Some(note) = sdk_note {
        writeln!(out, "{note}")?;
        writeln!(out)?;
    }
    writeln!(out, "Next steps:")?;
    writeln!(out, "  cd {cd}")?;
    writeln!(out, "  cargo test")?;
    writeln!(out, "  cargo build --release")?;
    writeln!(
        out,
        "  boilerlint --plugin target/release/{} check ARTICLE.txt",
        names.lib_file
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Then make the rule your site's own in src/lib.rs. The guide: {}/blob/main/docs/writing-a-plugin.md",
        env!("CARGO_PKG_REPOSITORY")
    )?;
    out.flush()?;
    Ok(0)
}

/// A plugin name is kebab-case: it becomes the plugin's identity, its crate's name and its
/// library's file name.
fn check_name(name: &str) -> Result<()> {
    if let Some(short) = name.strip_prefix("boilerlint-plugin-") {
        bail!(
            "give the plugin's name without the `boilerlint-plugin-` prefix: `new-plugin {short}` \
             writes the crate boilerlint-plugin-{short}"
        );
    }
    let kebab = name.starts_with(|c: char| c.is_ascii_lowercase()) && is_kebab_case(name);
    if !kebab {
        bail!(
            "invalid plugin name {name:?}: use kebab-case (lowercase letters, digits and single \
             dashes, starting with a letter), e.g. example-site"
        );
    }
    if name.len() > MAX_NAME_LEN {
        bail!("invalid plugin name {name:?}: at most {MAX_NAME_LEN} characters");
    }
    if SHIPPED.contains(&name) {
        bail!(
            "`{name}` is the name of a plugin that ships with boilerlint; choose another, e.g. \
             the site's name"
        );
    }
    Ok(())
}

/// The directory must not exist, or be empty: nothing is ever overwritten.
fn check_free(dir: &Path) -> Result<()> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "{} already exists and is not empty; choose another directory with --path, \
                     or remove it first",
                    dir.display()
                );
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) if dir.exists() => bail!("{} already exists and is not a directory", dir.display()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", dir.display())),
    }
}

/// `boilerlint-plugin = { path = "..." }`, with the path made absolute (the crate may live
/// anywhere) and checked.
fn sdk_path_dependency(path: &Path) -> Result<String> {
    let absolute = std::path::absolute(path)
        .with_context(|| format!("--sdk-path {}: cannot resolve it", path.display()))?;
    let manifest = absolute.join("Cargo.toml");
    let is_sdk = fs::read_to_string(&manifest)
        .map(|text| text.contains("name = \"boilerlint-plugin\""))
        .unwrap_or(false);
    if !is_sdk {
        bail!(
            "--sdk-path {}: not the boilerlint-plugin crate (no Cargo.toml naming it there); \
             give its directory, crates/boilerlint-plugin in a clone of boilerlint",
            path.display()
        );
    }
    let Some(text) = absolute.to_str() else {
        bail!("--sdk-path {}: the path is not valid UTF-8", path.display());
    };
    Ok(format!(
        "boilerlint-plugin = {{ path = {} }}",
        toml_string(text)
    ))
}

/// Whether the SDK crate is on crates.io: until it is, a version requirement would not build.
const SDK_PUBLISHED: bool = false;

/// The SDK dependency a new crate gets without `--sdk-path`, and what to tell the user about
/// it: the published SDK once there is one; until then the SDK in the source this binary was
/// built from (a clone, where `cargo run` and `cargo install --path` build it), and where
/// that is gone, the SDK from the git repository.
fn default_sdk_dependency() -> (String, Option<String>) {
    if SDK_PUBLISHED {
        let requirement = sdk_requirement(abi::SDK_VERSION);
        return (format!("boilerlint-plugin = \"{requirement}\""), None);
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../boilerlint-plugin");
    if let Ok(dependency) = sdk_path_dependency(&built_from) {
        let shown = std::fs::canonicalize(&built_from).unwrap_or(built_from);
        let note = format!(
            "The SDK crate, boilerlint-plugin, is not published on crates.io yet: Cargo.toml \
             depends on the one in the source this boilerlint was built from, {} (another \
             clone: --sdk-path CLONE/crates/boilerlint-plugin).",
            shown.display()
        );
        return (dependency, Some(note));
    }
    let repository = env!("CARGO_PKG_REPOSITORY");
    (
        format!(
            "boilerlint-plugin = {{ git = {} }}",
            toml_string(repository)
        ),
        Some(format!(
            "The SDK crate, boilerlint-plugin, is not published on crates.io yet: Cargo.toml \
             depends on it from {repository} (with a clone of it: --sdk-path \
             CLONE/crates/boilerlint-plugin)."
        )),
    )
}

/// The version requirement for an SDK version: `0.1` for `0.1.3`, `1` for `1.4.0` (the SDK's
/// major version, or minor before 1.0, changes with the ABI).
fn sdk_requirement(version: &str) -> String {
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_string(),
        (None, _) => version.to_string(),
    }
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Everything the templates are filled with, derived from the plugin's name.
struct Names {
    /// `example-site`.
    name: String,
    /// `boilerlint_plugin_example_site`.
    lib_name: String,
    /// `libboilerlint_plugin_example_site.so`, as this system names it.
    lib_file: String,
    /// `ExampleSitePlugin`.
    type_name: String,
    /// `example-site-footer`.
    rule_id: String,
}

impl Names {
    fn new(name: &str) -> Names {
        let lib_name = format!("boilerlint_plugin_{}", name.replace('-', "_"));
        let mut type_name: String = name
            .split('-')
            .map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect();
        type_name.push_str("Plugin");
        Names {
            name: name.to_string(),
            lib_file: format!("{DLL_PREFIX}{lib_name}{DLL_SUFFIX}"),
            lib_name,
            type_name,
            rule_id: format!("{name}-footer"),
        }
    }
}

fn render(template: &str, names: &Names, sdk_dependency: &str) -> String {
    template
        .replace("{{name}}", &names.name)
        .replace("{{lib_name}}", &names.lib_name)
        .replace("{{lib_file}}", &names.lib_file)
        .replace("{{type_name}}", &names.type_name)
        .replace("{{rule_id}}", &names.rule_id)
        .replace("{{sdk_dependency}}", sdk_dependency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_be_kebab_case_and_new() {
        for good in ["example-site", "lemonde", "site2-news", "a"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in [
            "Example",
            "example_site",
            "-site",
            "site-",
            "a--b",
            "2site",
            "",
            "été",
        ] {
            let error = check_name(bad).unwrap_err().to_string();
            assert!(error.contains("kebab-case"), "{bad}: {error}");
        }
        assert!(check_name("cookie-banner")
            .unwrap_err()
            .to_string()
            .contains("ships with boilerlint"));
        assert!(check_name("boilerlint-plugin-x")
            .unwrap_err()
            .to_string()
            .contains("`new-plugin x`"));
        assert!(check_name(&"a".repeat(65)).is_err());
    }

    #[test]
    fn every_placeholder_is_filled() {
        let names = Names::new("example-site");
        assert_eq!(names.lib_name, "boilerlint_plugin_example_site");
        assert_eq!(names.type_name, "ExampleSitePlugin");
        assert_eq!(names.rule_id, "example-site-footer");
        for (file, template) in TEMPLATES {
            let text = render(template, &names, "boilerlint-plugin = \"0.1\"");
            assert!(!text.contains("{{"), "{file} keeps a placeholder");
        }
    }

    #[test]
    fn the_sdk_requirement_follows_its_major_version() {
        assert_eq!(sdk_requirement("0.1.0"), "0.1");
        assert_eq!(sdk_requirement("1.4.2"), "1");
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string(r#"C:\sdk "x""#), r#""C:\\sdk \"x\"""#);
    }

    #[test]
    fn a_non_empty_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_free(dir.path()).is_ok());
        assert!(check_free(&dir.path().join("new")).is_ok());
        fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        let error = check_free(dir.path()).unwrap_err().to_string();
        assert!(error.contains("already exists and is not empty"), "{error}");
        let error = check_free(&dir.path().join("keep.txt"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("is not a directory"), "{error}");
    }
}
