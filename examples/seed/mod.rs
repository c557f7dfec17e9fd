//! The seed pipeline (the CI/CD document this project was created from) written in Rust, in two modes:
//!
//! - [`Mode::Faithful`] rebuilds the seed's YAML as the document writes it, defects included, so the
//!   validator's findings on it can be pinned (`faithful.rs`);
//! - [`Mode::Fixed`] is the corrected, hardened pipeline (`fixed.rs`): actions pinned to commits, least
//!   privilege, expressions handed to scripts through `env`, and the seed's logic bugs fixed.
//!
//! The `generate` example (`cargo run --example generate`) writes either mode; `tests/seed.rs` includes
//! this module with `#[path]`, proves the faithful mode equal to the seed's YAML, snapshots every file and
//! pins the validator's findings.

pub(crate) mod cli;
pub(crate) mod faithful;
pub(crate) mod fixed;
mod pins;

use pipeline_sdk::model::{Action, Workflow};

/// Which pipeline to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The seed as written.
    Faithful,
    /// The seed corrected and hardened.
    Fixed,
}

/// What one file holds.
#[derive(Clone, Debug)]
pub(crate) enum Document {
    /// A workflow, under `.github/workflows/`.
    Workflow(Workflow),
    /// Action metadata, `action.yml`.
    Action(Action),
}

/// One file of the pipeline: where a repository keeps it, and what it holds.
#[derive(Clone, Debug)]
pub(crate) struct File {
    /// The path from the repository's root.
    pub(crate) path: &'static str,
    /// The workflow or action.
    pub(crate) document: Document,
}

/// Every file of the pipeline in `mode`, in the order the seed presents them.
pub(crate) fn files(mode: Mode) -> Vec<File> {
    let (ci_cd, advanced_ci, infra_security, deploy) = match mode {
        Mode::Faithful => (
            faithful::ci_cd(),
            faithful::advanced_ci(),
            faithful::infra_security(),
            faithful::deploy_action(),
        ),
        Mode::Fixed => (
            fixed::ci_cd(),
            fixed::advanced_ci(),
            fixed::infra_security(),
            fixed::deploy_action(),
        ),
    };
    vec![
        File {
            path: ".github/workflows/ci-cd.yml",
            document: Document::Workflow(ci_cd),
        },
        File {
            path: ".github/workflows/advanced-ci.yml",
            document: Document::Workflow(advanced_ci),
        },
        File {
            path: ".github/workflows/infra-security.yml",
            document: Document::Workflow(infra_security),
        },
        File {
            path: ".github/actions/deploy/action.yml",
            document: Document::Action(deploy),
        },
    ]
}

/// A script from its lines, each ending in a newline, as a YAML literal block (`run: |`) holds it.
fn script(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
