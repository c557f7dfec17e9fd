//! `unpinned-uses` and `unpinned-images`: code fetched at run time by a name its owner can point
//! elsewhere.
//!
//! A tag or branch of an action can be moved to any commit by whoever controls the repository (or steals
//! its credentials); a commit SHA cannot ("Using third-party actions" in GitHub's security hardening
//! guide: pinning to a full-length commit SHA is the only immutable reference). A container image tag is
//! the same; only a digest (`@sha256:...`) is fixed.

use super::{Pinning, Settings, is_commit};
use crate::model::{Container, ExprOr, Job, Path, Step, Value, Workflow};
use crate::validate::{At, Cx};

/// Whether a `uses:` names code in another repository that is not pinned, by the policy.
fn unpinned(uses: &str, pinning: Pinning) -> Option<&str> {
    if uses.starts_with("./") || uses.starts_with("docker://") || crate::text::has_expression(uses)
    {
        return None;
    }
    let (name, reference) = uses.split_once('@')?;
    if is_commit(reference) {
        return None;
    }
    let owner = name.split('/').next().unwrap_or(name).to_ascii_lowercase();
    match pinning {
        Pinning::All => Some(reference),
        Pinning::ThirdParty if owner != "actions" && owner != "github" => Some(reference),
        _ => None,
    }
}

fn report_uses(cx: &mut Cx<'_>, path: Path, uses: &str, reference: &str, what: &str) {
    let name = uses.split('@').next().unwrap_or(uses);
    cx.warning(
        "unpinned-uses",
        path,
        At::Value,
        format!(
            "{what} `{name}` is fetched at `{reference}`, which its owner can move to other code; pin it to a full commit SHA with the version as a comment (`{name}@<sha> # {reference}`), as the pins file does (`pipeline check --fix`)"
        ),
    );
}

pub(super) fn check_steps(cx: &mut Cx<'_>, steps: &[Step], base: &[&str], settings: &Settings) {
    let mut path = Path::root();
    for key in base {
        path = path.key(*key);
    }
    check_step_list(cx, steps, &path, settings);
}

fn check_step_list(cx: &mut Cx<'_>, steps: &[Step], base: &Path, settings: &Settings) {
    for (i, step) in steps.iter().enumerate() {
        let Some(uses) = step.uses.as_deref() else {
            continue;
        };
        let path = base.index(i).key("uses");
        if let Some(image) = uses.strip_prefix("docker://") {
            check_image(cx, image, path);
        } else if let Some(reference) = unpinned(uses, settings.pinning) {
            report_uses(cx, path, uses, reference, "action");
        }
    }
}

pub(super) fn check_workflow(cx: &mut Cx<'_>, workflow: &Workflow, settings: &Settings) {
    for (id, job) in super::jobs(workflow) {
        let base = Path::root().key("jobs").key(id.as_str());
        if let Some(uses) = job.uses.as_deref()
            && let Some(reference) = unpinned(uses, settings.pinning)
        {
            report_uses(cx, base.key("uses"), uses, reference, "reusable workflow");
        }
        check_step_list(cx, job.step_list(), &base.key("steps"), settings);
        match &job.container {
            Some(Container::Image(image)) => job_image(cx, job, image, base.key("container")),
            Some(Container::Config(config)) => {
                if let Some(image) = config.image.as_deref() {
                    job_image(cx, job, image, base.key("container").key("image"));
                }
            }
            None => {}
        }
        if let Some(ExprOr::Value(services)) = &job.services {
            for (name, service) in services {
                let path = base.key("services").key(name.as_str());
                match service {
                    Container::Image(image) => job_image(cx, job, image, path),
                    Container::Config(config) => {
                        if let Some(image) = config.image.as_deref() {
                            job_image(cx, job, image, path.key("image"));
                        }
                    }
                }
            }
        }
    }
}

/// Checks a job's image, and each image a `${{ matrix.* }}` image can be from a matrix written out.
fn job_image(cx: &mut Cx<'_>, job: &Job, image: &str, path: Path) {
    let Some(chain) = image
        .trim()
        .strip_prefix("${{")
        .and_then(|r| r.strip_suffix("}}"))
        .map(str::trim)
        .and_then(|r| r.strip_prefix("matrix."))
    else {
        check_image(cx, image, path);
        return;
    };
    let keys: Vec<&str> = chain.split('.').collect();
    let Some(ExprOr::Value(matrix)) = job.strategy.as_ref().and_then(|s| s.matrix.as_ref()) else {
        return;
    };
    let mut candidates: Vec<&Value> = Vec::new();
    if let Some(ExprOr::Value(values)) = matrix.axes.get(keys[0]) {
        candidates.extend(values.iter());
    }
    if let Some(ExprOr::Value(rows)) = &matrix.include {
        candidates.extend(
            rows.iter()
                .filter_map(|row| row.as_mapping().and_then(|m| m.get(keys[0]))),
        );
    }
    let mut unpinned: Vec<String> = Vec::new();
    let mut floats = false;
    for candidate in candidates {
        let mut value = candidate;
        for key in &keys[1..] {
            match value.as_mapping().and_then(|m| m.get(*key)) {
                Some(v) => value = v,
                None => break,
            }
        }
        if let Some((what, floating)) = value.as_str().and_then(unpinned_image)
            && !unpinned.contains(&what)
        {
            floats |= floating;
            unpinned.push(what);
        }
    }
    if !unpinned.is_empty() {
        let what = format!("from the matrix: {}", unpinned.join("; "));
        report_image(cx, &what, floats, path);
    }
}

/// Why an image reference is not pinned, if it is not (it has no digest), and whether it floats (no
/// tag, or `latest`: new code on every push) rather than sits at a version tag (new code only when its
/// publisher pushes the tag again).
fn unpinned_image(image: &str) -> Option<(String, bool)> {
    let image = image.trim();
    if image.is_empty() || image.contains('@') || crate::text::has_expression(image) {
        return None;
    }
    // The tag is after the last `:` that follows the last `/` (a registry may have a port).
    let last = image.rsplit('/').next().unwrap_or(image);
    let tag = last.rsplit_once(':').map(|(_, tag)| tag);
    Some(match tag {
        None => (format!("`{image}` has no tag, so it means `latest`"), true),
        Some("latest") => (format!("`{image}` uses the floating `latest` tag"), true),
        Some(tag) => (
            format!("`{image}` is fetched by its tag `{tag}`, which can be pushed again"),
            false,
        ),
    })
}

/// A floating image is a warning; one at a version tag is worth knowing (severity info).
fn report_image(cx: &mut Cx<'_>, what: &str, floats: bool, path: Path) {
    let message = format!(
        "container image {what}; pin it by digest (`name@sha256:<digest>`, the tag may stay before the `@`)"
    );
    if floats {
        cx.warning("unpinned-images", path, At::Value, message);
    } else {
        cx.info("unpinned-images", path, At::Value, message);
    }
}

/// Reports an image reference without a digest.
pub(super) fn check_image(cx: &mut Cx<'_>, image: &str, path: Path) {
    if let Some((what, floats)) = unpinned_image(image) {
        report_image(cx, &what, floats, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let sha = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683";
        assert_eq!(unpinned(sha, Pinning::All), None);
        assert_eq!(unpinned("actions/checkout@v4", Pinning::All), Some("v4"));
        assert_eq!(unpinned("actions/checkout@v4", Pinning::ThirdParty), None);
        assert_eq!(
            unpinned("docker/login-action@v3", Pinning::ThirdParty),
            Some("v3")
        );
        assert_eq!(unpinned("docker/login-action@v3", Pinning::None), None);
        assert_eq!(unpinned("./.github/actions/x", Pinning::All), None);
        assert_eq!(
            unpinned("o/r/.github/workflows/w.yml@main", Pinning::All),
            Some("main")
        );
    }
}
