//! The third-party actions of the fixed pipeline, each pinned to a release's commit with the release in
//! the comment after `uses:`, so a tag moved by an attacker changes nothing and a bot can still bump it.
//!
//! Each commit is the one well-known projects pin for that release (the corpus of real workflows the
//! project tests against). Actions of the seed that no such project pins are replaced by tools already
//! on GitHub's runners (`docker`, `curl`, `jq`, `pipx`, `npx`), in `fixed.rs`.

use pipeline_sdk::model::Step;

/// One pinned action: `uses: <action>@<commit> # <release>`.
fn pinned(action: &str, commit: &str, release: &str) -> Step {
    Step::uses(format!("{action}@{commit}")).uses_comment(release)
}

/// `dorny/paths-filter` v4.0.3: which parts of the repository a push or pull request changed.
pub(crate) fn paths_filter() -> Step {
    pinned(
        "dorny/paths-filter",
        "ceb8a2b8f2d89434be7ff52d3de7ec3738c5cc9d",
        "v4.0.3",
    )
}

/// `actions/setup-node` v7.0.0.
pub(crate) fn setup_node() -> Step {
    pinned(
        "actions/setup-node",
        "820762786026740c76f36085b0efc47a31fe5020",
        "v7.0.0",
    )
}

/// `actions/cache` v6.1.0.
pub(crate) fn cache() -> Step {
    pinned(
        "actions/cache",
        "55cc8345863c7cc4c66a329aec7e433d2d1c52a9",
        "v6.1.0",
    )
}

/// `actions/upload-artifact` v7.0.1 (v3, which the seed uses, has been shut down).
pub(crate) fn upload_artifact() -> Step {
    pinned(
        "actions/upload-artifact",
        "043fb46d1a93c77aae656e7c1c64a875d1fc6a0a",
        "v7.0.1",
    )
}

/// `actions/github-script` v9.0.0.
pub(crate) fn github_script() -> Step {
    pinned(
        "actions/github-script",
        "3a2844b7e9c422d3c10d287c895573f7108da1b3",
        "v9.0.0",
    )
}

/// `docker/setup-buildx-action` v4.3.0.
pub(crate) fn setup_buildx() -> Step {
    pinned(
        "docker/setup-buildx-action",
        "37fe631027851001ddb9b187196cc803df7f5f0e",
        "v4.3.0",
    )
}

/// `docker/login-action` v4.6.0.
pub(crate) fn docker_login() -> Step {
    pinned(
        "docker/login-action",
        "dbcb813823bdd20940b903addbd779551569679f",
        "v4.6.0",
    )
}

/// `docker/build-push-action` v7.3.0.
pub(crate) fn build_push() -> Step {
    pinned(
        "docker/build-push-action",
        "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a",
        "v7.3.0",
    )
}

/// The CodeQL commit of release v4.37.7, for `init`, `analyze` and `upload-sarif`.
const CODEQL: &str = "ff2f1c621b7f889edc0d3c761ac2e6a3f8cdb0dd";

/// `github/codeql-action/<part>` v4.37.7 (`init`, `analyze`, `upload-sarif`).
pub(crate) fn codeql(part: &str) -> Step {
    pinned(&format!("github/codeql-action/{part}"), CODEQL, "v4.37.7")
}

/// `aws-actions/configure-aws-credentials` v6.2.1: short-lived credentials through OpenID Connect.
pub(crate) fn configure_aws_credentials() -> Step {
    pinned(
        "aws-actions/configure-aws-credentials",
        "254c19bd240aabef8777f48595e9d2d7b972184b",
        "v6.2.1",
    )
}
