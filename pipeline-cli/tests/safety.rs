//! The `pipeline` command on hostile folders and files: link loops and FIFOs in the walk, control
//! characters in keys, diagnostics without a place, an empty folder, and `fmt --write` on files whose
//! line endings, byte-order mark, mode or link must survive.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("pipeline-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn pipeline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pipeline"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const GOOD: &str =
    "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";

/// A link loop is walked once, and a FIFO named `*.yml` is skipped instead of read (which would block).
#[cfg(unix)]
#[test]
fn the_walk_survives_link_loops_and_fifos() {
    let dir = Temp::new("walk");
    dir.write("a/ci.yml", GOOD);
    std::os::unix::fs::symlink("..", dir.0.join("a/up")).unwrap();
    std::os::unix::fs::symlink(".", dir.0.join("a/self")).unwrap();
    let fifo = dir.0.join("a/pipe.yml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let start = Instant::now();
    let output = pipeline(&["check", dir.0.to_str().unwrap()]);
    assert!(start.elapsed() < Duration::from_secs(30));
    assert!(output.status.success(), "{}", text(&output.stderr));
    if made.is_ok_and(|s| s.success()) {
        // Named on the command line, it is refused rather than read.
        let output = pipeline(&["check", fifo.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2));
        assert!(text(&output.stderr).contains("not a regular file"));
    }
}

/// An escape sequence, a carriage return or a line feed in a key cannot forge a line of the report.
#[test]
fn control_characters_are_escaped_in_text_output() {
    let dir = Temp::new("escape");
    let file = dir.write(
        "ci.yml",
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    \"stpes\\e[2J\\rci.yml:1:1: note: all good\\n\": []\n",
    );
    let output = pipeline(&["check", file.to_str().unwrap()]);
    let stdout = text(&output.stdout);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\r'),
        "{stdout:?}"
    );
    assert_eq!(
        stdout.lines().count(),
        stdout.matches("error[").count() + stdout.matches("warning[").count(),
        "{stdout}"
    );
    assert!(stdout.contains("\\u{1b}[2J\\rci.yml:1:1"), "{stdout}");
    let output = pipeline(&["fmt", file.to_str().unwrap()]);
    let stderr = text(&output.stderr);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\r'),
        "{stderr:?}"
    );
}

/// Every diagnostic names its file, also one the reader could not place.
#[test]
fn every_diagnostic_names_its_file() {
    let dir = Temp::new("named");
    let aliases = format!(
        "on: push\nx: &a [{}]\ny: [{}]\njobs: {{}}\n",
        vec!["1"; 3000].join(","),
        vec!["*a"; 3000].join(",")
    );
    let files = [
        dir.write("aliases.yml", &aliases),
        dir.write("empty.yml", ""),
        dir.write("bad.yml", "on: push\njobs: [\n"),
    ];
    for file in &files {
        let output = pipeline(&["check", "--format", "json", file.to_str().unwrap()]);
        let stdout = text(&output.stdout);
        assert!(!stdout.is_empty());
        for line in stdout.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(value["file"].as_str(), file.to_str(), "{line}");
        }
        let output = pipeline(&["check", file.to_str().unwrap()]);
        for line in text(&output.stdout).lines() {
            assert!(line.starts_with(file.to_str().unwrap()), "{line}");
        }
    }
}

/// Checking a folder without workflow or action files says so.
#[test]
fn an_empty_check_says_no_files_were_found() {
    let dir = Temp::new("empty");
    dir.write("notes.txt", "nothing here\n");
    let output = pipeline(&["check", dir.0.to_str().unwrap()]);
    assert!(
        text(&output.stderr).contains("no workflow or action files found"),
        "{output:?}"
    );
}

fn fmt_write(file: &Path) -> Output {
    pipeline(&["fmt", "--write", file.to_str().unwrap()])
}

const MESSY: &str =
    "on:   push\njobs:\n  build:\n    runs-on:    ubuntu-latest\n    steps:\n      - run:   make\n";

/// CRLF line endings and a byte-order mark survive `fmt --write`, and `--check` is then clean.
#[test]
fn line_endings_and_bom_are_kept() {
    let dir = Temp::new("crlf");
    let crlf = dir.write("crlf.yml", &MESSY.replace('\n', "\r\n"));
    let bom = dir.write("bom.yml", &format!("\u{feff}{MESSY}"));
    for file in [&crlf, &bom] {
        let output = fmt_write(file);
        assert!(output.status.success(), "{output:?}");
        let written = std::fs::read_to_string(file).unwrap();
        assert_ne!(written.replace('\u{feff}', "").replace("\r\n", "\n"), MESSY);
        let check = pipeline(&["fmt", "--check", file.to_str().unwrap()]);
        assert!(check.status.success(), "{}", text(&check.stdout));
    }
    let written = std::fs::read_to_string(&crlf).unwrap();
    assert_eq!(
        written.matches('\n').count(),
        written.matches("\r\n").count()
    );
    assert!(
        std::fs::read_to_string(&bom)
            .unwrap()
            .starts_with('\u{feff}')
    );
}

/// `fmt --write` keeps a 0600 file private, writes through a link, and refuses a read-only file.
#[cfg(unix)]
#[test]
fn fmt_write_keeps_mode_and_links_and_refuses_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Temp::new("fmtmode");
    let private = dir.write("private.yml", MESSY);
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(fmt_write(&private).status.success());
    let mode = std::fs::metadata(&private).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let real = dir.write("real/ci.yml", MESSY);
    let link = dir.0.join("ci.yml");
    std::os::unix::fs::symlink("real/ci.yml", &link).unwrap();
    assert!(fmt_write(&link).status.success());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_ne!(std::fs::read_to_string(&real).unwrap(), MESSY);
    let locked = dir.write("locked.yml", MESSY);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let output = fmt_write(&locked);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("read-only"), "{output:?}");
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), MESSY);
}
