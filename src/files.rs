//! File helpers shared by the `pipeline` command and the xtask generator: atomic writes and readable diffs.

use std::io::Write;
use std::path::Path;

/// Writes `contents` to `path` so that a reader sees the old file or the new one, never a part of either:
/// the bytes go to a temporary file beside the target, which is then renamed over it.
///
/// # Errors
/// Any I/O error; the target is left as it was and the temporary file is removed.
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
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
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
