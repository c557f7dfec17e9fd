//! `excessive-permissions` and `missing-permissions`: what the `GITHUB_TOKEN` may do.
//!
//! Without a `permissions:` key the token gets the repository's default, which for many repositories
//! (and every one created before February 2023) is write access to nearly everything ("Permissions for
//! the GITHUB_TOKEN" in GitHub's documentation); whatever runs in the job, a compromised dependency
//! included, can then push code or releases. `read-all` and `write-all` grant every scope. A write scope
//! at the top of a workflow of several jobs is granted to jobs that do not need it.

use super::with_str;
use crate::model::{Job, Path, PermissionLevel, PermissionScope, Permissions, Step, Workflow};
use crate::validate::{At, Cx};

pub(super) fn check(cx: &mut Cx<'_>, workflow: &Workflow) {
    let jobs = workflow.jobs.len();
    match &workflow.permissions {
        None => {
            if jobs > 1 {
                cx.warning(
                    "excessive-permissions",
                    Path::root(),
                    At::Value,
                    "the workflow has no `permissions:`, so every job without its own gets the repository's default token, often write access to everything; add `permissions: {}` at the top and grant each job the scopes it needs",
                );
            }
            for (id, job) in &workflow.jobs {
                if job.permissions.is_none() {
                    cx.warning(
                        "excessive-permissions",
                        Path::root().key("jobs").key(id.as_str()),
                        At::Key,
                        format!(
                            "job `{id}` runs with the repository's default token permissions, often write access to everything; give it `permissions:` with only the scopes it needs (`contents: read` to check out code)"
                        ),
                    );
                }
            }
        }
        Some(permissions) => {
            blanket(
                cx,
                permissions,
                Path::root().key("permissions"),
                "the workflow",
            );
            if jobs > 1
                && let Permissions::Scopes(scopes) = permissions
            {
                for (scope, level) in scopes {
                    if *level == PermissionLevel::Write
                        && workflow.jobs.values().any(|j| j.permissions.is_none())
                    {
                        cx.warning(
                            "excessive-permissions",
                            Path::root().key("permissions").key(scope.to_string()),
                            At::Key,
                            format!(
                                "`{scope}: write` at the top of the workflow is granted to every job; grant it only on the jobs that need it"
                            ),
                        );
                    }
                }
            }
        }
    }
    for (id, job) in &workflow.jobs {
        let path = Path::root().key("jobs").key(id.as_str());
        if let Some(permissions) = &job.permissions {
            blanket(
                cx,
                permissions,
                path.key("permissions"),
                &format!("job `{id}`"),
            );
        }
        let effective = job.permissions.as_ref().or(workflow.permissions.as_ref());
        id_token(cx, job, effective, &path);
    }
}

/// `read-all` and `write-all`.
fn blanket(cx: &mut Cx<'_>, permissions: &Permissions, path: Path, whom: &str) {
    let what = match permissions {
        Permissions::WriteAll => "`write-all` lets it change code, releases, packages and settings",
        Permissions::ReadAll => {
            "`read-all` lets it read every scope, private packages and security alerts included"
        }
        Permissions::Scopes(_) => return,
    };
    cx.warning(
        "excessive-permissions",
        path,
        At::Value,
        format!("{what} for {whom}; list only the scopes it needs"),
    );
}

/// The level a permission set grants for a scope; `None` for the repository's default.
fn level(permissions: Option<&Permissions>, scope: &PermissionScope) -> Option<PermissionLevel> {
    match permissions? {
        Permissions::WriteAll => Some(PermissionLevel::Write),
        Permissions::ReadAll => Some(PermissionLevel::Read),
        Permissions::Scopes(scopes) => {
            Some(scopes.get(scope).cloned().unwrap_or(PermissionLevel::None))
        }
    }
}

/// Whether a step asks GitHub for an OpenID Connect token: cloud logins by role, trusted publishing,
/// signing and attestation.
pub(super) fn uses_oidc(step: &Step) -> Option<&'static str> {
    if let Some(uses) = step.uses.as_deref() {
        let name = super::action_name(uses);
        let has = |key: &str| with_str(step, key).is_some_and(|v| !v.trim().is_empty());
        return match name.as_str() {
            "aws-actions/configure-aws-credentials"
                if has("role-to-assume") && !has("aws-access-key-id") =>
            {
                Some("`aws-actions/configure-aws-credentials` with `role-to-assume`")
            }
            "google-github-actions/auth" if has("workload_identity_provider") => {
                Some("`google-github-actions/auth` with `workload_identity_provider`")
            }
            "azure/login" if has("client-id") && !has("creds") => {
                Some("`azure/login` with `client-id`")
            }
            _ => None,
        };
    }
    None
}

/// Whether a step may use an OpenID Connect token in ways not seen from its keys alone.
fn may_use_oidc(step: &Step) -> bool {
    if uses_oidc(step).is_some() {
        return true;
    }
    if let Some(uses) = step.uses.as_deref() {
        let name = super::action_name(uses);
        // Actions known to need no token of their own.
        let plain = name.starts_with("./")
            || [
                "actions/checkout",
                "actions/cache",
                "actions/upload-artifact",
                "actions/download-artifact",
            ]
            .contains(&name.as_str())
            || name.starts_with("actions/setup-")
            || name.starts_with("actions/cache/");
        return !plain;
    }
    let run = step.run.as_deref().unwrap_or("").to_ascii_lowercase();
    [
        "id_token",
        "id-token",
        "oidc",
        "cosign",
        "sigstore",
        "attest",
        "provenance",
        "publish",
    ]
    .iter()
    .any(|word| run.contains(word))
}

fn id_token(cx: &mut Cx<'_>, job: &Job, effective: Option<&Permissions>, path: &Path) {
    let granted = level(effective, &PermissionScope::IdToken) == Some(PermissionLevel::Write);
    let steps = job.step_list();
    if !granted {
        for (i, step) in steps.iter().enumerate() {
            if let Some(what) = uses_oidc(step) {
                cx.warning(
                    "missing-permissions",
                    path.key("steps").index(i).key("uses"),
                    At::Value,
                    format!(
                        "{what} signs in through OpenID Connect, which needs `id-token: write`, and the job does not grant it; add `id-token: write` to the job's `permissions:`"
                    ),
                );
            }
        }
    } else if job.uses.is_none()
        && !steps.is_empty()
        && !steps.iter().any(may_use_oidc)
        && let Some(Permissions::Scopes(scopes)) = &job.permissions
        && scopes.get(&PermissionScope::IdToken) == Some(&PermissionLevel::Write)
    {
        cx.warning(
            "excessive-permissions",
            path.key("permissions").key("id-token"),
            At::Key,
            "`id-token: write` lets the job mint tokens that cloud providers trust, and no step uses one; remove it",
        );
    }
}
