//! The third-party actions the templates use, each pinned to the commit of a release, with the release in
//! the comment after `uses:` so a bot can bump it. One place to update for every product team.
//!
//! ```
//! let step = pipeline_templates::pins::setup_node();
//! assert!(step.uses.as_deref().unwrap().starts_with("actions/setup-node@8207627"));
//! assert_eq!(step.uses_comment.as_deref(), Some("v7.0.0"));
//! ```

use pipeline_sdk::model::Step;
use pipeline_sdk::pins::{Pin, Pins};

/// Every action the templates use: name, commit and the release it stands for.
const PINNED: &[(&str, &str, &str)] = &[
    (
        "actions/cache",
        "55cc8345863c7cc4c66a329aec7e433d2d1c52a9",
        "v6.1.0",
    ),
    (
        "actions/setup-node",
        "820762786026740c76f36085b0efc47a31fe5020",
        "v7.0.0",
    ),
    (
        "actions/upload-artifact",
        "043fb46d1a93c77aae656e7c1c64a875d1fc6a0a",
        "v7.0.1",
    ),
    (
        "actions/github-script",
        "3a2844b7e9c422d3c10d287c895573f7108da1b3",
        "v9.0.0",
    ),
    (
        "docker/setup-buildx-action",
        "37fe631027851001ddb9b187196cc803df7f5f0e",
        "v4.3.0",
    ),
    (
        "docker/login-action",
        "dbcb813823bdd20940b903addbd779551569679f",
        "v4.6.0",
    ),
    (
        "docker/build-push-action",
        "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a",
        "v7.3.0",
    ),
    (
        "aws-actions/configure-aws-credentials",
        "254c19bd240aabef8777f48595e9d2d7b972184b",
        "v6.2.1",
    ),
    (
        "github/codeql-action/init",
        "ff2f1c621b7f889edc0d3c761ac2e6a3f8cdb0dd",
        "v4.37.7",
    ),
    (
        "github/codeql-action/analyze",
        "ff2f1c621b7f889edc0d3c761ac2e6a3f8cdb0dd",
        "v4.37.7",
    ),
    (
        "github/codeql-action/autobuild",
        "ff2f1c621b7f889edc0d3c761ac2e6a3f8cdb0dd",
        "v4.37.7",
    ),
    (
        "github/codeql-action/upload-sarif",
        "ff2f1c621b7f889edc0d3c761ac2e6a3f8cdb0dd",
        "v4.37.7",
    ),
];

/// The templates' pins as a value: the lowest layer under a consumer's own pins file (see
/// [`Pins::layered`]). A new release of this crate that bumps a pin reaches every consumer whose own pin
/// is older and not marked `override`, with no change to the consumer's code.
///
/// ```
/// let pins = pipeline_templates::pins::defaults();
/// assert_eq!(pins.get("actions/setup-node").unwrap().version.as_deref(), Some("v7.0.0"));
/// ```
#[must_use]
pub fn defaults() -> Pins {
    let mut pins = Pins::default();
    for (action, commit, release) in PINNED {
        pins.insert(*action, Pin::new(*commit).version(*release));
    }
    pins
}

/// A step that uses `action` at the commit the table pins, commented with its release; an action the
/// table lacks is used without a reference, which the validator reports.
#[track_caller]
fn from_table(action: &str) -> Step {
    match PINNED.iter().find(|(name, _, _)| *name == action) {
        Some((name, commit, release)) => pinned(name, commit, release),
        None => Step::uses(action),
    }
}

/// A step that uses `action` at `commit`, commented with `release`.
///
/// ```
/// let step = pipeline_templates::pins::pinned("actions/cache", "55cc8345863c7cc4c66a329aec7e433d2d1c52a9", "v6.1.0");
/// assert_eq!(step.uses.as_deref(), Some("actions/cache@55cc8345863c7cc4c66a329aec7e433d2d1c52a9"));
/// ```
#[must_use]
#[track_caller]
pub fn pinned(action: &str, commit: &str, release: &str) -> Step {
    Step::uses(format!("{action}@{commit}")).uses_comment(release)
}

/// `actions/setup-node` v7.0.0.
///
/// ```
/// let step = pipeline_templates::pins::setup_node().with("node-version", "22");
/// assert!(step.with.is_some());
/// ```
#[must_use]
#[track_caller]
pub fn setup_node() -> Step {
    from_table("actions/setup-node")
}

/// `actions/cache` v6.1.0.
///
/// ```
/// assert_eq!(pipeline_templates::pins::cache().uses_comment.as_deref(), Some("v6.1.0"));
/// ```
#[must_use]
#[track_caller]
pub fn cache() -> Step {
    from_table("actions/cache")
}

/// `actions/upload-artifact` v7.0.1.
///
/// ```
/// assert_eq!(pipeline_templates::pins::upload_artifact().uses_comment.as_deref(), Some("v7.0.1"));
/// ```
#[must_use]
#[track_caller]
pub fn upload_artifact() -> Step {
    from_table("actions/upload-artifact")
}

/// `actions/github-script` v9.0.0.
///
/// ```
/// assert_eq!(pipeline_templates::pins::github_script().uses_comment.as_deref(), Some("v9.0.0"));
/// ```
#[must_use]
#[track_caller]
pub fn github_script() -> Step {
    from_table("actions/github-script")
}

/// `docker/setup-buildx-action` v4.3.0.
///
/// ```
/// assert_eq!(pipeline_templates::pins::setup_buildx().uses_comment.as_deref(), Some("v4.3.0"));
/// ```
#[must_use]
#[track_caller]
pub fn setup_buildx() -> Step {
    from_table("docker/setup-buildx-action")
}

/// `docker/login-action` v4.6.0.
///
/// ```
/// assert_eq!(pipeline_templates::pins::docker_login().uses_comment.as_deref(), Some("v4.6.0"));
/// ```
#[must_use]
#[track_caller]
pub fn docker_login() -> Step {
    from_table("docker/login-action")
}

/// `docker/build-push-action` v7.3.0.
///
/// ```
/// assert_eq!(pipeline_templates::pins::build_push().uses_comment.as_deref(), Some("v7.3.0"));
/// ```
#[must_use]
#[track_caller]
pub fn build_push() -> Step {
    from_table("docker/build-push-action")
}

/// `github/codeql-action/<part>` v4.37.7, for `init`, `analyze` and `upload-sarif`.
///
/// ```
/// let step = pipeline_templates::pins::codeql("upload-sarif");
/// assert!(step.uses.as_deref().unwrap().starts_with("github/codeql-action/upload-sarif@"));
/// ```
#[must_use]
#[track_caller]
pub fn codeql(part: &str) -> Step {
    from_table(&format!("github/codeql-action/{part}"))
}

/// `aws-actions/configure-aws-credentials` v6.2.1: short-lived AWS credentials through OpenID Connect.
///
/// ```
/// let step = pipeline_templates::pins::configure_aws_credentials();
/// assert_eq!(step.uses_comment.as_deref(), Some("v6.2.1"));
/// ```
#[must_use]
#[track_caller]
pub fn configure_aws_credentials() -> Step {
    from_table("aws-actions/configure-aws-credentials")
}

/// Trivy's image, run with `docker` (the runner has it); its GitHub action follows a branch.
///
/// ```
/// assert!(pipeline_templates::pins::TRIVY_IMAGE.starts_with("aquasec/trivy:"));
/// ```
pub const TRIVY_IMAGE: &str = "aquasec/trivy:0.49.1";

/// OWASP ZAP's image, for dynamic scans.
///
/// ```
/// assert!(pipeline_templates::pins::ZAP_IMAGE.contains("zaproxy"));
/// ```
pub const ZAP_IMAGE: &str = "ghcr.io/zaproxy/zaproxy:2.14.0";

/// Snyk's command-line tool, from npm at a fixed release (`npx` is on the runner).
///
/// ```
/// assert!(pipeline_templates::pins::SNYK.starts_with("snyk@"));
/// ```
pub const SNYK: &str = "snyk@1.1307.4";
