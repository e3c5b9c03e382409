//! Writing a file whole or not at all, without replacing what must not be replaced.
//!
//! Every file boilerlint writes (fixed files and shards, copies, attribute files, baselines,
//! resume markers) is written to a temporary file in the destination's directory and renamed
//! over the destination once complete and synced: interrupted, killed or out of space, the
//! destination is either as it was or fully written, and the temporary file goes away with the
//! error.
//!
//! Before that, [`resolve`] looks at what is at the destination:
//!
//! - a symbolic link is followed, and its target is written (the link stays a link, which is
//!   what symlink farms such as git-annex and the Hugging Face cache need);
//! - a device, FIFO, socket or directory is refused: only regular files are replaced;
//! - a regular file with more than one hard link is refused: a rename would split the links,
//!   leaving the old contents under the other names.
//!
//! A file replaced in place keeps its permissions, its owner (when the process may set it:
//! as root) and its extended attributes (which hold ACLs and security labels on Linux), or the
//! write fails and the file is left as it was. A file written from another (a copy, a fixed
//! shard, an attribute file) gets that file's permissions; a new file of its own (a baseline,
//! a resume marker) gets what the umask leaves of 0666, as any new file would.

use std::fs::{File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// A destination that may be written: a regular file or nothing, links followed.
#[derive(Debug, Clone)]
pub struct Destination {
    /// Where the bytes go.
    pub path: PathBuf,
    /// The path as named, when it was a symbolic link to `path`.
    pub link: Option<PathBuf>,
}

impl Destination {
    /// Says that a link was followed, when one was: `"a.txt -> blobs/x"`.
    pub fn link_note(&self) -> Option<String> {
        self.link.as_ref().map(|link| {
            format!(
                "{} is a symbolic link: its target {} was written, the link kept",
                link.display(),
                self.path.display()
            )
        })
    }
}

/// What a replaced file keeps of the file it replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep<'a> {
    /// Permissions, owner and extended attributes of the destination itself (fixing in place,
    /// rewriting a baseline): the file stays the same file to its users.
    Identity,
    /// The permissions of this other file (an output written from it).
    ModeOf(&'a Path),
}

/// What is at `path`, made writable: links followed, anything but a regular file refused.
pub fn resolve(path: &Path) -> io::Result<Destination> {
    let (target, link) = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::canonicalize(path).map_err(|e| {
                refused(path, format!("is a symbolic link that leads nowhere ({e})"))
            })?;
            (target, Some(path.to_path_buf()))
        }
        Ok(_) => (path.to_path_buf(), None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Destination {
                path: path.to_path_buf(),
                link: None,
            })
        }
        Err(e) => return Err(e),
    };
    let meta = std::fs::metadata(&target)?;
    if !meta.is_file() {
        let what = kind_of(&meta);
        return Err(refused(
            path,
            format!("is {what}: boilerlint replaces only regular files; choose another path"),
        ));
    }
    let links = link_count(&meta);
    if links > 1 {
        return Err(refused(
            &target,
            format!(
                "has {links} hard links: replacing it would split them (the other names would \
                 keep the old contents); break the links first, or write a copy with --output"
            ),
        ));
    }
    Ok(Destination { path: target, link })
}

fn refused(path: &Path, why: String) -> io::Error {
    io::Error::other(format!("{} {why}", path.display()))
}

/// How messages name what is not a regular file.
fn kind_of(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

#[cfg(unix)]
fn link_count(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(_meta: &Metadata) -> u64 {
    1
}

/// A temporary file in `target`'s directory (created if missing), so that the final rename
/// stays on one file system and is atomic.
pub fn temp_beside(target: &Path) -> io::Result<NamedTempFile> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    tempfile::Builder::new()
        .prefix(".boilerlint-")
        .tempfile_in(dir)
}

/// A temporary file written through its `File`, so that errors do not name the temporary
/// path (messages name the destination instead).
pub struct Temp(pub NamedTempFile);

impl Temp {
    /// A temporary file beside `target` (see [`temp_beside`]).
    pub fn beside(target: &Path) -> io::Result<Temp> {
        temp_beside(target).map(Temp)
    }
}

impl Write for Temp {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.as_file_mut().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.as_file_mut().flush()
    }
}

/// Syncs `temp`, gives it what `keep` says, and renames it to `target`. On any error the
/// temporary file is removed and `target` is as it was.
pub fn persist(temp: NamedTempFile, target: &Destination, keep: Keep<'_>) -> io::Result<()> {
    let like = match keep {
        Keep::Identity => &target.path,
        Keep::ModeOf(source) => source,
    };
    match std::fs::metadata(like) {
        Ok(meta) => {
            if keep == Keep::Identity {
                keep_owner(temp.as_file(), &meta)
                    .map_err(|e| context(e, "cannot give the new file the owner of the old"))?;
                keep_xattrs(temp.as_file(), like)
                    .map_err(|e| context(e, "cannot keep the extended attributes"))?;
            }
            // After the owner: changing it clears the set-user-id and set-group-id bits.
            temp.as_file().set_permissions(meta.permissions())?;
        }
        // A new file: the temporary file's private 0600 was only for while it was written.
        Err(_) => set_new_file_mode(temp.as_file())?,
    }
    temp.as_file().sync_all()?;
    temp.persist(&target.path).map_err(|e| e.error)?;
    Ok(())
}

/// The process's umask, read once by [`init_umask`] before any thread starts (reading it means
/// setting it for a moment).
#[cfg(unix)]
static UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();

/// Reads the umask; call it first thing in `main`, while the process has one thread.
pub fn init_umask() {
    #[cfg(unix)]
    UMASK.get_or_init(|| {
        use rustix::fs::Mode;
        let mask = rustix::process::umask(Mode::from_raw_mode(0o022));
        rustix::process::umask(mask);
        mask.as_raw_mode() as u32
    });
}

#[cfg(unix)]
fn set_new_file_mode(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let umask = *UMASK.get().unwrap_or(&0o022);
    file.set_permissions(std::fs::Permissions::from_mode(0o666 & !umask))
}

#[cfg(not(unix))]
fn set_new_file_mode(_file: &File) -> io::Result<()> {
    Ok(())
}

fn context(error: io::Error, what: &str) -> io::Error {
    io::Error::new(error.kind(), format!("{what}: {error}"))
}

#[cfg(unix)]
fn keep_owner(temp: &File, meta: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let now = temp.metadata()?;
    if (now.uid(), now.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(temp, Some(meta.uid()), Some(meta.gid()))
}

#[cfg(not(unix))]
fn keep_owner(_temp: &File, _meta: &Metadata) -> io::Result<()> {
    Ok(())
}

/// Copies the extended attributes of `original` onto `temp`. Those the temporary file has
/// already with the same value (a label or default ACL inherited from the directory) are left
/// alone; a file system without extended attributes has none to keep.
fn keep_xattrs(temp: &File, original: &Path) -> io::Result<()> {
    use xattr::FileExt;
    if !xattr::SUPPORTED_PLATFORM {
        return Ok(());
    }
    let names = match xattr::list(original) {
        Ok(names) => names,
        Err(e) if e.kind() == io::ErrorKind::Unsupported => return Ok(()),
        Err(e) => return Err(e),
    };
    for name in names {
        let Some(value) = xattr::get(original, &name)? else {
            continue;
        };
        if temp.get_xattr(&name).ok().flatten().as_deref() == Some(&value[..]) {
            continue;
        }
        temp.set_xattr(&name, &value)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", name.to_string_lossy())))?;
    }
    Ok(())
}

/// Replaces `target` with `bytes`: whole or not at all.
pub fn write(target: &Destination, bytes: &[u8], keep: Keep<'_>) -> io::Result<()> {
    let mut temp = temp_beside(&target.path)?;
    temp.as_file_mut().write_all(bytes)?;
    persist(temp, target, keep)
}

/// Copies `source` to `target`: whole or not at all, with `source`'s permissions.
pub fn copy(source: &Path, target: &Destination) -> io::Result<()> {
    let mut temp = temp_beside(&target.path)?;
    io::copy(&mut File::open(source)?, temp.as_file_mut())?;
    persist(temp, target, Keep::ModeOf(source))
}
