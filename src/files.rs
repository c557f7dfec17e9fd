//! File helpers shared by the `pipeline` command and the xtask generator: safe atomic writes and readable
//! diffs.
//!
//! Every write of the project goes through [`Staged`] (or [`write_atomic`], which stages and commits one
//! file):
//! - the target is resolved first: a symbolic link is written through, so the file it points to gets the
//!   new content and the link stays a link (as `rustfmt` does);
//! - a read-only target is refused with an error that names it, never rewritten;
//! - the new content goes to a temporary file created exclusively (`O_CREAT | O_EXCL`, so a planted file
//!   or link at that name makes the write fail instead of following it) under an unpredictable name in
//!   the target's folder, with the target's permission bits;
//! - the temporary file is flushed to disk, then renamed over the target: a reader sees the old file or
//!   the new one, never a part of either.

use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How many links are followed before a chain of symbolic links is taken for a loop.
const MAX_LINKS: usize = 40;

/// How many names are tried for a temporary file before giving up.
const MAX_ATTEMPTS: usize = 64;

/// Writes `contents` to `path` so that a reader sees the old file or the new one, never a part of either.
///
/// See the [module documentation](self) for the rules: a symbolic link is written through, a read-only
/// file is refused, the permission bits are kept.
///
/// # Errors
/// Any I/O error, or a read-only target (`PermissionDenied`); the target is left as it was and the
/// temporary file is removed.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("pipeline-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let file = dir.join("ci.yml");
/// pipeline_sdk::files::write_atomic(&file, "on: push\n").unwrap();
/// assert_eq!(std::fs::read_to_string(&file).unwrap(), "on: push\n");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn write_atomic(path: &Path, contents: &str) -> std::io::Result<()> {
    Staged::new(path, contents.as_bytes())?.commit()
}

/// New content written to a temporary file beside its target, waiting to be renamed over it.
///
/// Staging many files before committing any lets a caller change all of them or none: when one fails to
/// stage, dropping the others removes their temporary files and leaves every target as it was.
///
/// ```
/// use pipeline_sdk::files::Staged;
/// let dir = std::env::temp_dir().join(format!("pipeline-staged-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let staged = Staged::new(&dir.join("a.yml"), b"a: 1\n").unwrap();
/// assert!(!dir.join("a.yml").exists());
/// staged.commit().unwrap();
/// assert_eq!(std::fs::read_to_string(dir.join("a.yml")).unwrap(), "a: 1\n");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug)]
#[must_use = "a staged file is removed unless it is committed"]
pub struct Staged {
    target: PathBuf,
    temporary: PathBuf,
    committed: bool,
}

impl Staged {
    /// Writes `contents` to a new temporary file in the folder of `path` (after following symbolic
    /// links), with the permission bits of the file it will replace, and flushes it to disk.
    ///
    /// # Errors
    /// A read-only target (`PermissionDenied`, naming the file), a target that is not a regular file, a
    /// loop of symbolic links, or any I/O error.
    pub fn new(path: &Path, contents: &[u8]) -> std::io::Result<Self> {
        let target = resolve(path)?;
        let existing = match std::fs::metadata(&target) {
            Ok(metadata) => Some(metadata),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(error),
        };
        if let Some(metadata) = &existing {
            if !metadata.is_file() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("{} is not a regular file", target.display()),
                ));
            }
            if metadata.permissions().readonly() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!(
                        "{} is read-only; make it writable to let it be rewritten",
                        target.display()
                    ),
                ));
            }
        }
        let folder = match target.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
        let (temporary, mut file) = create_exclusive(&folder, &name)?;
        let staged = Self {
            target,
            temporary,
            committed: false,
        };
        if let Some(metadata) = &existing {
            file.set_permissions(metadata.permissions())?;
        }
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        Ok(staged)
    }

    /// The file the content will replace: the given path with symbolic links followed.
    #[must_use]
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Renames the temporary file over the target.
    ///
    /// # Errors
    /// Any I/O error of the rename; the temporary file is then removed and the target left as it was.
    pub fn commit(mut self) -> std::io::Result<()> {
        std::fs::rename(&self.temporary, &self.target)?;
        self.committed = true;
        // The rename is durable once the folder is flushed; where folders cannot be opened, it is not
        // asked for.
        if let Some(folder) = self.target.parent().filter(|f| !f.as_os_str().is_empty())
            && let Ok(folder) = File::open(folder)
        {
            let _ = folder.sync_all();
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// `path` with every symbolic link followed: the file a write must replace. A missing file resolves to
/// itself (it will be created), a dangling link to the missing file it names.
///
/// # Errors
/// A chain of more than 40 links, or an I/O error other than a missing file.
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("pipeline-resolve-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// let file = dir.join("new.yml");
/// assert_eq!(pipeline_sdk::files::resolve(&file).unwrap(), file);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(current),
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "{}: more than {MAX_LINKS} symbolic links in a row (a loop?)",
            path.display()
        ),
    ))
}

/// A new file in `folder` that did not exist before, named after `name` with an unpredictable part.
fn create_exclusive(folder: &Path, name: &str) -> std::io::Result<(PathBuf, File)> {
    let mut last = None;
    for _ in 0..MAX_ATTEMPTS {
        let temporary = folder.join(format!(".{name}.{:016x}.tmp", unpredictable()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // Nobody else may read the content before its permissions are set.
            options.mode(0o600);
        }
        match options.open(&temporary) {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => last = Some(error),
            Err(error) => return Err(error),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// 64 bits nobody can guess: the process id, the time and a counter, hashed with the standard
/// library's randomly keyed SipHash (its keys come from the operating system's random source).
fn unpredictable() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(elapsed) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(elapsed.as_nanos());
    }
    hasher.finish()
}

/// A unified diff from `old` to `new`, with `label` naming the file in the `---`/`+++` lines; empty when the
/// two are equal.
///
/// ```
/// let diff = pipeline_sdk::files::unified_diff("a\nb\n", "a\nc\n", ".github/workflows/ci.yml");
/// assert!(diff.contains("-b\n+c\n"));
/// assert!(pipeline_sdk::files::unified_diff("same\n", "same\n", "x").is_empty());
/// ```
#[must_use]
pub fn unified_diff(old: &str, new: &str, label: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(label, label)
        .to_string()
}
