//! Runners: labels GitHub hosts or that your self-hosted runners declare, labels that cannot go together,
//! and service containers (and job containers) on runners that are not Linux, matrix row by matrix row.

use super::matrix::{self, Row};
use super::{At, Cx, Here};
use crate::expr::{self, Ast, Segment};
use crate::model::{ExprOr, Job, OneOrMany, Path, RunsOn, Value};

/// The operating system of a runner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Os {
    Linux,
    Windows,
    Mac,
}

impl Os {
    fn name(self) -> &'static str {
        match self {
            Os::Linux => "Linux",
            Os::Windows => "Windows",
            Os::Mac => "macOS",
        }
    }
}

/// Labels of GitHub-hosted runners (standard and larger), as documented.
const GITHUB_HOSTED: &[&str] = &[
    "ubuntu-latest",
    "ubuntu-26.04",
    "ubuntu-26.04-arm",
    "ubuntu-24.04",
    "ubuntu-22.04",
    "ubuntu-slim",
    "ubuntu-24.04-arm",
    "ubuntu-22.04-arm",
    "ubuntu-latest-4-cores",
    "ubuntu-latest-8-cores",
    "ubuntu-latest-16-cores",
    "windows-latest",
    "windows-2025",
    "windows-2022",
    "windows-11-arm",
    "windows-latest-8-cores",
    "macos-latest",
    "macos-26",
    "macos-15",
    "macos-14",
    "macos-26-intel",
    "macos-15-intel",
    "macos-latest-large",
    "macos-26-large",
    "macos-15-large",
    "macos-14-large",
    "macos-latest-xlarge",
    "macos-26-xlarge",
    "macos-15-xlarge",
    "macos-14-xlarge",
];

/// Labels GitHub no longer hosts: a job asking for one waits for a runner that never comes.
const RETIRED: &[&str] = &[
    "ubuntu-16.04",
    "ubuntu-18.04",
    "ubuntu-20.04",
    "windows-2016",
    "windows-2019",
    "macos-10.13",
    "macos-10.14",
    "macos-10.15",
    "macos-11",
    "macos-11.0",
    "macos-12",
    "macos-12-xl",
    "macos-13-xl",
    // The macOS 13 images, retired on 2025-12-04 (GitHub changelog 2025-09-19).
    "macos-13",
    "macos-13-large",
    "macos-13-xlarge",
];

/// Label patterns of hosted-runner services that take jobs by label like GitHub's own runners.
const THIRD_PARTY_HOSTED: &[&str] = &[
    "blacksmith-*",
    "buildjet-*",
    "cirrus-*",
    "depot-*",
    "namespace-profile-*",
    "nscloud-*",
    "runs-on=*",
    "ubicloud-*",
    "warp-*",
];

/// Labels every self-hosted runner has, by operating system and architecture.
const SELF_HOSTED_PRESETS: &[&str] = &[
    "self-hosted",
    "linux",
    "macos",
    "windows",
    "x64",
    "arm",
    "arm64",
];

/// Whether a label names a runner GitHub hosts.
pub(crate) fn is_github_hosted(label: &str) -> bool {
    GITHUB_HOSTED.iter().any(|l| l.eq_ignore_ascii_case(label))
}

/// The operating system a label names, if any.
pub(crate) fn label_os(label: &str) -> Option<Os> {
    let starts = |p: &str| super::starts_with_ignore_case(label, p);
    if starts("windows") {
        Some(Os::Windows)
    } else if starts("macos") {
        Some(Os::Mac)
    } else if starts("ubuntu") || label.eq_ignore_ascii_case("linux") {
        Some(Os::Linux)
    } else {
        None
    }
}

/// The operating system of a job's runner, when its labels say.
pub(crate) fn job_os(job: &Job) -> Option<Os> {
    job.runs_on
        .as_ref()?
        .labels()
        .filter(|l| !super::has_expression(l))
        .find_map(label_os)
}

fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let t: Vec<char> = text.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == t[ti] || p[pi] == '?') {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

enum Label {
    Hosted,
    Preset,
    Configured,
    Retired,
    Unknown,
}

fn classify(cx: &Cx<'_>, label: &str) -> Label {
    let known = |list: &[&str]| list.iter().any(|l| l.eq_ignore_ascii_case(label));
    if known(GITHUB_HOSTED) {
        Label::Hosted
    } else if known(SELF_HOSTED_PRESETS) {
        Label::Preset
    } else if cx
        .config
        .self_hosted_labels
        .iter()
        .map(String::as_str)
        .chain(THIRD_PARTY_HOSTED.iter().copied())
        .any(|p| glob_match(p, label))
    {
        Label::Configured
    } else if known(RETIRED) {
        Label::Retired
    } else {
        Label::Unknown
    }
}

/// The runner of one job: its labels, and containers on runners that are not Linux.
pub(crate) fn check_job(cx: &mut Cx<'_>, id: &str, job: &Job, path: &Here<'_>) {
    if let Some(runs_on) = &job.runs_on {
        check_runs_on(cx, id, job, runs_on, path);
    }
    check_linux_only(cx, id, job, path);
}

/// Where a label sits in `runs-on`.
#[derive(Clone, Copy)]
enum LabelAt {
    Whole,
    Index(usize),
    GroupWhole,
    GroupIndex(usize),
}

/// The label strings of `runs-on` with where each is.
fn labels_at(runs_on: &RunsOn) -> impl Iterator<Item = (&str, LabelAt)> {
    let (whole, list, grouped): (Option<&String>, &[String], bool) = match runs_on {
        RunsOn::Label(label) => (Some(label), &[], false),
        RunsOn::Labels(labels) => (None, labels, false),
        RunsOn::Group(group) => match &group.labels {
            Some(OneOrMany::One(l)) => (Some(l), &[], true),
            Some(OneOrMany::Many(ls)) => (None, ls, true),
            None => (None, &[], true),
        },
    };
    let whole_at = if grouped {
        LabelAt::GroupWhole
    } else {
        LabelAt::Whole
    };
    whole
        .map(|l| (l.as_str(), whole_at))
        .into_iter()
        .chain(list.iter().enumerate().map(move |(i, l)| {
            let at = if grouped {
                LabelAt::GroupIndex(i)
            } else {
                LabelAt::Index(i)
            };
            (l.as_str(), at)
        }))
}

/// The model path of a label of a job's `runs-on`.
fn label_path(job: &Here<'_>, at: LabelAt) -> Path {
    let runs_on = job.key("runs-on");
    let labels = runs_on.key("labels");
    match at {
        LabelAt::Whole => runs_on.to_path(),
        LabelAt::Index(i) => runs_on.index(i).to_path(),
        LabelAt::GroupWhole => labels.to_path(),
        LabelAt::GroupIndex(i) => labels.index(i).to_path(),
    }
}

/// The matrix key a label reads, when the label is exactly `${{ matrix.KEY }}`.
fn matrix_key(label: &str) -> Option<std::borrow::Cow<'_, str>> {
    // The usual form, read without the expression parser.
    if let Some(inner) = label
        .trim()
        .strip_prefix("${{")
        .and_then(|l| l.strip_suffix("}}"))
    {
        let inner = inner.trim();
        if inner.len() > "matrix.".len() && super::starts_with_ignore_case(inner, "matrix.") {
            let key = &inner["matrix.".len()..];
            if crate::expr::is_identifier(key) {
                return Some(key.into());
            }
        }
    }
    let segments = expr::scan(label).ok()?;
    let [Segment::Expr { source, .. }] = segments.as_slice() else {
        return None;
    };
    match expr::parse(source).ok()? {
        Ast::Property { target, name } if matches!(&*target, Ast::Context(c) if c.eq_ignore_ascii_case("matrix")) => {
            Some(name.into())
        }
        _ => None,
    }
}

fn check_runs_on(cx: &mut Cx<'_>, id: &str, job: &Job, runs_on: &RunsOn, path: &Here<'_>) {
    let grouped = matches!(runs_on, RunsOn::Group(g) if g.group.is_some());
    let mut hosted: Option<(&str, LabelAt)> = None;
    for (label, at) in labels_at(runs_on) {
        if super::has_expression(label) {
            if let Some(key) = matrix_key(label) {
                check_matrix_labels(cx, job, &key, path);
            }
            continue;
        }
        if grouped {
            continue;
        }
        match classify(cx, label) {
            Label::Hosted => {
                if let Some((first, first_at)) = hosted {
                    let related = cx.related(
                        format!("`{first}` is here"),
                        label_path(path, first_at),
                        At::Value,
                    );
                    cx.error(
                        "runner-label-conflict",
                        label_path(path, at),
                        At::Value,
                        format!(
                            "job `{id}` asks for one runner that is both `{first}` and `{label}`, which no runner is; to run on each, use a matrix"
                        ),
                    )
                    .related
                    .push(related);
                } else {
                    hosted = Some((label, at));
                }
            }
            Label::Preset | Label::Configured => {}
            Label::Retired => unknown_label(cx, label, label_path(path, at), true),
            Label::Unknown => unknown_label(cx, label, label_path(path, at), false),
        }
    }
}

fn unknown_label(cx: &mut Cx<'_>, label: &str, path: Path, retired: bool) {
    let message = if retired {
        format!(
            "GitHub no longer hosts runners labelled `{label}`, so the job would wait forever; pick a current label such as `ubuntu-latest`, `windows-latest` or `macos-latest`"
        )
    } else {
        let hint = crate::suggest::did_you_mean(label, GITHUB_HOSTED.iter().copied())
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        format!(
            "runner label `{label}` is unknown; {hint}use a GitHub-hosted label, or declare your self-hosted label in the configuration"
        )
    };
    cx.error("runner-label-unknown", path, At::Value, message);
}

/// Checks the values a `${{ matrix.KEY }}` label takes.
fn check_matrix_labels(cx: &mut Cx<'_>, job: &Job, key: &str, job_path: &Here<'_>) {
    let Some(ExprOr::Value(matrix)) = job.strategy.as_ref().and_then(|s| s.matrix.as_ref()) else {
        return;
    };
    let strategy = job_path.key("strategy");
    let matrix_path = strategy.key("matrix");
    // Each label with where it sits: the axis value or `include` row, and its index in a list value.
    let check = |cx: &mut Cx<'_>, value: &Value, at: &Here<'_>| {
        let labels: &[Value] = match value {
            Value::Sequence(items) => items,
            other => std::slice::from_ref(other),
        };
        let listed = matches!(value, Value::Sequence(_));
        for (i, label) in labels.iter().enumerate() {
            let Some(label) = label.as_str() else {
                continue;
            };
            if super::has_expression(label) {
                continue;
            }
            let retired = match classify(cx, label) {
                Label::Retired => true,
                Label::Unknown => false,
                _ => continue,
            };
            let path = if listed {
                at.index(i).to_path()
            } else {
                at.to_path()
            };
            unknown_label(cx, label, path, retired);
        }
    };
    if let Some(ExprOr::Value(values)) = matrix.axes.get(key) {
        let axis = matrix_path.key(key);
        for (i, v) in values.iter().enumerate() {
            check(cx, v, &axis.index(i));
        }
    }
    if let Some(ExprOr::Value(includes)) = &matrix.include {
        let include = matrix_path.key("include");
        for (i, row) in includes.iter().enumerate() {
            if let Some(v) = row.as_mapping().and_then(|m| m.get(key)) {
                check(cx, v, &include.index(i).key(key));
            }
        }
    }
}

/// The operating system a row of the matrix runs on, by the job's `runs-on`.
fn row_os(runs_on: &RunsOn, row: &Row) -> Option<(Os, String)> {
    for label in runs_on.labels() {
        let resolved = if super::has_expression(label) {
            let key = matrix_key(label)?;
            match row.values.get(&*key) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Sequence(items)) => {
                    if let Some((os, l)) = items
                        .iter()
                        .filter_map(Value::as_str)
                        .find_map(|l| label_os(l).map(|os| (os, l.to_owned())))
                    {
                        return Some((os, l));
                    }
                    continue;
                }
                _ => return None,
            }
        } else {
            label.to_owned()
        };
        if let Some(os) = label_os(&resolved) {
            return Some((os, resolved));
        }
    }
    None
}

/// Service containers and job containers need a Linux runner.
fn check_linux_only(cx: &mut Cx<'_>, id: &str, job: &Job, path: &Here<'_>) {
    let has_services = match &job.services {
        Some(ExprOr::Value(services)) => !services.is_empty(),
        Some(ExprOr::Expr(_)) => true,
        None => false,
    };
    let has_container = job.container.is_some();
    if !has_services && !has_container {
        return;
    }
    let Some(runs_on) = &job.runs_on else { return };
    let (what, code, key) = if has_services {
        ("service containers", "services-not-linux", "services")
    } else {
        ("a job container", "container-not-linux", "container")
    };
    let uses_matrix = runs_on.labels().any(super::has_expression);
    if !uses_matrix {
        if let Some(os) = job_os(job).filter(|os| *os != Os::Linux) {
            let related = cx.related(format!("`{key}` is here"), path.key(key), At::Key);
            cx.error(
                code,
                path.key("runs-on"),
                At::Value,
                format!("job `{id}` runs on {}, but {what} run only on Linux runners; run it on Linux or drop `{key}`", os.name()),
            )
            .related
            .push(related);
        }
        return;
    }
    let Some(ExprOr::Value(matrix)) = job.strategy.as_ref().and_then(|s| s.matrix.as_ref()) else {
        return;
    };
    let Some(rows) = matrix::rows(matrix) else {
        return;
    };
    // Only jobs with services or a container and a matrix-chosen runner get here.
    let matrix_path = path.to_path().key("strategy").key("matrix");
    let axis_keys: Vec<&String> = matrix.axes.keys().collect();
    for row in rows {
        let Some((os, label)) = row_os(runs_on, &row) else {
            continue;
        };
        if os == Os::Linux {
            continue;
        }
        let row_path = match row.include {
            Some(i) => matrix_path.key("include").index(i),
            None => {
                // Point at the axis value that picks the runner, else at the first axis value.
                let os_axis = runs_on
                    .labels()
                    .find_map(matrix_key)
                    .and_then(|k| axis_keys.iter().position(|a| **a == k))
                    .unwrap_or(0);
                match (axis_keys.get(os_axis), row.picks.get(os_axis)) {
                    (Some(axis), Some(pick)) => matrix_path.key(*axis).index(*pick),
                    _ => matrix_path.clone(),
                }
            }
        };
        let shown: Vec<String> = row
            .values
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        let related = cx.related(format!("`{key}` is here"), path.key(key), At::Key);
        cx.error(
            code,
            row_path,
            At::Value,
            format!(
                "job `{id}` runs matrix row {{{}}} on `{label}` ({}), but {what} run only on Linux runners; exclude the row or drop `{key}` for it",
                shown.join(", "),
                os.name()
            ),
        )
        .related
        .push(related);
    }
}
