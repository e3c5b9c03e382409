//! Which config files may load code.
//!
//! A config file's `plugins` list names shared libraries, and loading one runs its code with
//! the user's rights. A config found beside the data is data: a downloaded corpus, a cloned
//! data set or a shared directory can hold one. So `plugins` are loaded only from the config
//! that governs the working directory (found by walking up from it) or the one given with
//! `--config`, and only when nobody else could have written it, as git treats a repository
//! owned by someone else (`safe.directory`):
//!
//! - the file, and the directory holding it, belong to the user running boilerlint (or to root);
//! - neither is writable by its group or by others.
//!
//! A config refused here still applies its rule selection, options and overrides (data, not
//! code); only its `plugins` are not loaded, with a warning that says why and what to do.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a config file's `plugins` are not loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The config was found beside checked files, not above the working directory.
    NotGoverning {
        /// The config.
        config: PathBuf,
    },
    /// The config file or its directory belongs to another user.
    Owner {
        /// The config.
        config: PathBuf,
        /// The file or directory.
        path: PathBuf,
        /// Its owner.
        owner: u32,
        /// The user running boilerlint.
        user: u32,
    },
    /// The config file or its directory is writable by others than its owner.
    Writable {
        /// The config.
        config: PathBuf,
        /// The file or directory.
        path: PathBuf,
        /// "its group", "others" or "its group and others".
        by: &'static str,
    },
}

impl Refusal {
    /// A short reason, for `boilerlint plugins`.
    pub fn reason(&self) -> String {
        match self {
            Refusal::NotGoverning { .. } => {
                "its config does not govern the working directory".to_string()
            }
            Refusal::Owner { path, owner, .. } => {
                format!("{} belongs to another user (uid {owner})", path.display())
            }
            Refusal::Writable { path, by, .. } => {
                format!("{} is writable by {by}", path.display())
            }
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotGoverning { config } => write!(
                f,
                "{}: its `plugins` are not loaded: the config was found beside the checked \
                 files, and only the config of the working directory (or --config) loads \
                 plugins; its rule settings still apply (run boilerlint from its directory, or \
                 pass --config or --plugin, if you trust it)",
                config.display()
            ),
            Refusal::Owner {
                config,
                path,
                owner,
                user,
            } => write!(
                f,
                "{}: its `plugins` are not loaded: {} belongs to uid {owner}, not to you (uid \
                 {user}), and its owner could make boilerlint run their code; its rule settings \
                 still apply (load the plugins with --plugin, or take ownership of it)",
                config.display(),
                path.display()
            ),
            Refusal::Writable { config, path, by } => write!(
                f,
                "{}: its `plugins` are not loaded: {} is writable by {by}, who could make \
                 boilerlint run their code; its rule settings still apply (`chmod go-w` it, or \
                 load the plugins with --plugin)",
                config.display(),
                path.display()
            ),
        }
    }
}

/// Whether the config at `config` may load plugins, given `governing`: the config of the
/// working directory, or `--config` (`None`: there is none).
pub fn check(config: &Path, governing: Option<&Path>) -> Result<(), Refusal> {
    let same = governing.is_some_and(|g| same_file(g, config));
    if !same {
        return Err(Refusal::NotGoverning {
            config: config.to_path_buf(),
        });
    }
    safe_to_load(config)
}

/// Whether `config` and its directory are safe from other users: owned by the user (or root)
/// and not writable by group or others. Also checks the link's target when `config` is a
/// symbolic link.
pub fn safe_to_load(config: &Path) -> Result<(), Refusal> {
    let absolute = std::path::absolute(config).unwrap_or_else(|_| config.to_path_buf());
    let mut paths = vec![absolute.clone()];
    paths.extend(absolute.parent().map(Path::to_path_buf));
    if let Ok(target) = std::fs::canonicalize(&absolute) {
        if target != absolute {
            paths.extend(target.parent().map(Path::to_path_buf));
            paths.push(target);
        }
    }
    for path in paths {
        owned_by_user(config, &path)?;
    }
    Ok(())
}

#[cfg(unix)]
fn owned_by_user(config: &Path, path: &Path) -> Result<(), Refusal> {
    use std::os::unix::fs::MetadataExt;
    let Ok(metadata) = std::fs::metadata(path) else {
        return Ok(()); // reading it will fail with its own error
    };
    let user = rustix::process::geteuid().as_raw();
    let owner = metadata.uid();
    if owner != user && owner != 0 {
        return Err(Refusal::Owner {
            config: config.to_path_buf(),
            path: path.to_path_buf(),
            owner,
            user,
        });
    }
    let by = match (metadata.mode() & 0o020 != 0, metadata.mode() & 0o002 != 0) {
        (false, false) => return Ok(()),
        (true, false) => "its group",
        (false, true) => "others",
        (true, true) => "its group and others",
    };
    Err(Refusal::Writable {
        config: config.to_path_buf(),
        path: path.to_path_buf(),
        by,
    })
}

#[cfg(not(unix))]
fn owned_by_user(_config: &Path, _path: &Path) -> Result<(), Refusal> {
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_that_does_not_govern_the_working_directory_loads_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        assert!(matches!(
            check(&a, Some(&b)),
            Err(Refusal::NotGoverning { .. })
        ));
        assert!(matches!(check(&a, None), Err(Refusal::NotGoverning { .. })));
    }
}
