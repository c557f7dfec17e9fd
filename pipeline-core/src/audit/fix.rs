//! The fixes of `pipeline check --fix`: what has one safe rewrite, as edits of the text at the places
//! the audits point at, so comments, quoting and layout stay as the author wrote them.
//!
//! - `template-injection` in a `bash` or `sh` script: each attacker-controlled `${{ }}` becomes `${NAME}`,
//!   and `NAME: ${{ ... }}` is added to the step's `env:`;
//! - `artipacked`: `persist-credentials: false` under the checkout's `with:`;
//! - `excessive-permissions`: `permissions: {}` at the top and, on each job, the scopes its steps are
//!   known to need, when every step's needs are known;
//! - `unpinned-uses`: the tag replaced by the commit the pins file records for it, with the version as
//!   the comment.

use crate::model::{ExprOr, Job, RunsOn, Step, Workflow};
use crate::pins::Pins;
use crate::yaml::layout::{self, Node, NodeKind, Position};

/// The text after the fixes, and what each fix did (`line: what`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fix {
    /// The fixed text.
    pub text: String,
    /// One line per fix, in the order of the file.
    pub applied: Vec<String>,
}

/// One edit: at byte `at`, remove `remove` bytes and insert `insert`.
struct Edit {
    at: usize,
    remove: usize,
    insert: String,
    what: String,
    line: u32,
}

/// Rewrites a workflow's text with every safe fix; a text that does not parse is returned unchanged.
///
/// ```
/// use pipeline_core::pins::Pins;
/// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4 # the repository\n      - run: make\n";
/// let pins = Pins::parse("actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v4.2.2\n").unwrap();
/// let fix = pipeline_core::audit::fix_workflow(text, &pins);
/// assert_eq!(fix.text, "on: push\npermissions: {}\njobs:\n  a:\n    permissions:\n      contents: read\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # the repository\n        with:\n          persist-credentials: false\n      - run: make\n");
/// ```
#[must_use]
pub fn fix_workflow(text: &str, pins: &Pins) -> Fix {
    let unchanged = || Fix {
        text: text.to_owned(),
        applied: Vec::new(),
    };
    if text.starts_with('\u{feff}') || text.contains('\r') {
        return unchanged();
    }
    let Ok(parsed) = crate::parse::workflow(text) else {
        return unchanged();
    };
    let workflow = &parsed.value;
    let root = layout::scan(text);
    let lines = Lines::new(text);
    let mut edits = Vec::new();
    let jobs_node = root.get("jobs").map(|e| &e.value);
    for (id, job) in super::jobs(workflow) {
        let Some(job_node) = jobs_node.and_then(|n| n.get(id)).map(|e| &e.value) else {
            continue;
        };
        let steps_node = job_node.get("steps").map(|e| &e.value);
        let steps = job.step_list();
        for (i, step) in steps.iter().enumerate() {
            let Some(step_node) = steps_node.and_then(|n| n.item(i)) else {
                continue;
            };
            pin(&lines, pins, step, step_node, &mut edits);
            persist(&lines, step, step_node, i + 1 < steps.len(), &mut edits);
            if shell_is_posix(workflow, job, step) {
                inject(&lines, workflow, job, i, step, step_node, &mut edits);
            }
        }
    }
    permissions(&lines, workflow, &root, &mut edits);
    apply(text, edits)
}

/// The text's lines: where each starts.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// The text of line `n` (from 1), without its line break.
    fn line(&self, n: u32) -> &'t str {
        let i = n as usize - 1;
        let start = self.starts.get(i).copied().unwrap_or(self.text.len());
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |e| e.saturating_sub(1));
        &self.text[start..end.max(start)]
    }

    fn count(&self) -> u32 {
        u32::try_from(self.starts.len()).unwrap_or(u32::MAX)
    }

    /// The byte offset of a position.
    fn offset(&self, at: Position) -> usize {
        let start = self.starts.get(at.line as usize - 1).copied().unwrap_or(0);
        let line = self.line(at.line);
        start
            + line
                .char_indices()
                .nth(at.column as usize - 1)
                .map_or(line.len(), |(i, _)| i)
    }

    /// Where line `n` starts.
    fn start(&self, n: u32) -> usize {
        self.starts
            .get(n as usize - 1)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Where the line after `n` starts (the end of the text when `n` is the last line and has no
    /// line break: a break is then added by the edit).
    fn after(&self, n: u32) -> usize {
        self.starts
            .get(n as usize)
            .copied()
            .unwrap_or(self.text.len())
    }

    fn indent(&self, n: u32) -> usize {
        let line = self.line(n);
        line.len() - line.trim_start_matches(' ').len()
    }

    /// The last line of the value of the entry whose key is at `key`: the last non-blank line before
    /// the next line indented as deep as the key or less.
    fn value_end(&self, key: Position) -> u32 {
        let depth = key.column as usize - 1;
        let mut last = key.line;
        for n in key.line + 1..=self.count() {
            let line = self.line(n);
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            if self.indent(n) <= depth {
                break;
            }
            last = n;
        }
        last
    }
}

fn spaces(n: usize) -> String {
    " ".repeat(n)
}

/// A line to insert before line `before` (or at the end).
fn insert_before(lines: &Lines<'_>, before: u32, text: String, what: String) -> Edit {
    Edit {
        at: lines.start(before),
        remove: 0,
        insert: text,
        what,
        line: before,
    }
}

/// A line to insert after line `after`.
fn insert_after(lines: &Lines<'_>, after: u32, text: String, what: String) -> Edit {
    let at = lines.after(after);
    let text = if at == lines.text.len() && !lines.text.ends_with('\n') {
        format!("\n{text}")
    } else {
        text
    };
    Edit {
        at,
        remove: 0,
        insert: text,
        what,
        line: after + 1,
    }
}

/// The first entry of a block mapping written on its own lines below its key.
fn block_entries(node: &Node, key_line: u32) -> Option<&[layout::Entry]> {
    match &node.kind {
        NodeKind::Mapping(entries) if node.position.line > key_line && !entries.is_empty() => {
            Some(entries)
        }
        _ => None,
    }
}

/// `unpinned-uses`: the tag replaced by the pinned commit, when the pin is that tag's version.
fn pin(lines: &Lines<'_>, pins: &Pins, step: &Step, node: &Node, edits: &mut Vec<Edit>) {
    let Some(uses) = step.uses.as_deref() else {
        return;
    };
    let Some(parsed) = crate::pins::ActionRef::parse(uses) else {
        return;
    };
    if super::is_commit(&parsed.git_ref) {
        return;
    }
    let Some(pin) = pins.get(&parsed.action) else {
        return;
    };
    let Some(version) = pin.version.as_deref() else {
        return;
    };
    let same = version == parsed.git_ref
        || version
            .strip_prefix(parsed.git_ref.as_str())
            .is_some_and(|rest| rest.starts_with('.'));
    if !pin.is_commit() || !same {
        return;
    }
    let Some(entry) = node.get("uses") else {
        return;
    };
    let at = entry.value.position;
    let start = lines.offset(at);
    let line_end = lines.start(at.line) + lines.line(at.line).len();
    let Some(found) = lines.text[start..line_end].find(uses) else {
        return;
    };
    let pinned = format!("{}@{}", parsed.action, pin.git_ref);
    edits.push(Edit {
        at: start + found,
        remove: uses.len(),
        insert: pinned,
        what: format!("`{uses}` pinned to its commit ({version})"),
        line: at.line,
    });
    if entry.value.comment.is_none() {
        edits.push(Edit {
            at: line_end,
            remove: 0,
            insert: format!(" # {version}"),
            what: String::new(),
            line: at.line,
        });
    }
}

/// `artipacked`: `persist-credentials: false` for a checkout that keeps the token by default.
fn persist(lines: &Lines<'_>, step: &Step, node: &Node, later: bool, edits: &mut Vec<Edit>) {
    let Some(uses) = step.uses.as_deref() else {
        return;
    };
    if !later
        || super::action_name(uses) != "actions/checkout"
        || step
            .with
            .as_ref()
            .is_some_and(|w| w.contains_key("persist-credentials"))
    {
        return;
    }
    let what = "`persist-credentials: false` for the checkout".to_owned();
    match node.get("with") {
        Some(with) => {
            if let Some(entries) = block_entries(&with.value, with.key_position.line) {
                let first = entries[0].key_position;
                edits.push(insert_before(
                    lines,
                    first.line,
                    format!(
                        "{}persist-credentials: false\n",
                        spaces(first.column as usize - 1)
                    ),
                    what,
                ));
            }
        }
        None => {
            let Some(entry) = node.get("uses") else {
                return;
            };
            let key = entry.key_position;
            if lines.value_end(key) != key.line {
                return;
            }
            let indent = spaces(key.column as usize - 1);
            edits.push(insert_after(
                lines,
                key.line,
                format!("{indent}with:\n{indent}  persist-credentials: false\n"),
                what,
            ));
        }
    }
}

/// Whether a step's script runs in `bash` or `sh`, where `${NAME}` reads a variable.
fn shell_is_posix(workflow: &Workflow, job: &Job, step: &Step) -> bool {
    let shell = step
        .shell
        .as_deref()
        .or_else(|| job.defaults.as_ref()?.run.as_ref()?.shell.as_deref())
        .or_else(|| workflow.defaults.as_ref()?.run.as_ref()?.shell.as_deref());
    match shell {
        Some(shell) => {
            let program = shell.split_whitespace().next().unwrap_or("");
            program == "bash" || program == "sh"
        }
        // Without a shell, Linux and macOS runners use bash; only the label says which runner it is.
        None => match &job.runs_on {
            Some(RunsOn::Label(label)) => {
                let label = label.to_ascii_lowercase();
                label.starts_with("ubuntu") || label.starts_with("macos")
            }
            _ => false,
        },
    }
}

/// A name for the variable that carries an expression: its last two property names, in capitals.
fn variable_name(source: &str, taken: &[String]) -> String {
    let words: Vec<String> = source
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let tail = &words[words.len().saturating_sub(2)..];
    let base = if tail.is_empty() {
        "VALUE".to_owned()
    } else {
        tail.join("_")
    };
    let base = if base.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V_{base}")
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// `template-injection`: attacker-controlled expressions moved from the script into `env:`.
fn inject(
    lines: &Lines<'_>,
    workflow: &Workflow,
    job: &Job,
    index: usize,
    step: &Step,
    node: &Node,
    edits: &mut Vec<Edit>,
) {
    let sources = super::injection::script_taints(workflow, job, index);
    if sources.is_empty() {
        return;
    }
    let Some(run) = node.get("run") else {
        return;
    };
    let env = node.get("env");
    let env_entries = match env {
        Some(e) => match block_entries(&e.value, e.key_position.line) {
            Some(entries) => Some(entries),
            None => return,
        },
        None => None,
    };
    let mut taken: Vec<String> = match &step.env {
        Some(ExprOr::Value(map)) => map.keys().cloned().collect(),
        Some(ExprOr::Expr(_)) => return,
        None => Vec::new(),
    };
    let start = lines.offset(run.value.position);
    let end_line = lines.value_end(run.key_position);
    let end = lines.start(end_line) + lines.line(end_line).len();
    let raw = &lines.text[start..end];
    let mut replacements = Vec::new();
    let mut bindings = Vec::new();
    for source in &sources {
        let written = format!("${{{{{source}}}}}");
        if !raw.contains(&written) {
            return;
        }
        let name = variable_name(source, &taken);
        taken.push(name.clone());
        for (i, _) in raw.match_indices(&written) {
            replacements.push((start + i, written.len(), format!("${{{name}}}")));
        }
        bindings.push((name, source.trim().to_owned()));
    }
    for (at, remove, insert) in replacements {
        edits.push(Edit {
            at,
            remove,
            insert,
            what: String::new(),
            line: run.value.position.line,
        });
    }
    let (indent, before) = match env_entries {
        Some(entries) => (
            entries[0].key_position.column as usize - 1,
            Some(entries[0].key_position.line),
        ),
        None => (run.key_position.column as usize - 1, None),
    };
    let mut block = String::new();
    if before.is_none() {
        block.push_str(&format!("{}env:\n", spaces(indent)));
    }
    let entry_indent = if before.is_none() { indent + 2 } else { indent };
    for (name, source) in &bindings {
        block.push_str(&format!(
            "{}{name}: ${{{{ {source} }}}}\n",
            spaces(entry_indent)
        ));
    }
    let what = format!(
        "{} moved from the script into `env:`",
        bindings
            .iter()
            .map(|(_, s)| format!("`${{{{ {s} }}}}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    edits.push(match before {
        Some(line) => insert_before(lines, line, block, what),
        None => insert_after(lines, end_line, block, what),
    });
}

/// Whether a step's need of token scopes is known, and those scopes.
fn needs(step: &Step) -> Option<Vec<&'static str>> {
    if let Some(uses) = step.uses.as_deref() {
        let name = super::action_name(uses);
        if name == "actions/checkout" {
            return Some(vec!["contents: read"]);
        }
        if super::permissions::uses_oidc(step).is_some() {
            return Some(vec!["id-token: write"]);
        }
        let none = name.starts_with("actions/setup-")
            || ["actions/cache", "actions/upload-artifact"].contains(&name.as_str())
            || name.starts_with("actions/cache/");
        return none.then(Vec::new);
    }
    let run = step.run.as_deref()?;
    let token = ["GITHUB_TOKEN", "github.token", "gh ", "secrets."];
    let env_token = match &step.env {
        Some(ExprOr::Value(env)) => env.values().any(|v| {
            v.as_str()
                .is_some_and(|s| token.iter().any(|t| s.contains(t)))
        }),
        Some(ExprOr::Expr(_)) => true,
        None => false,
    };
    (!env_token && !token.iter().any(|t| run.contains(t)) && !run.contains("git push"))
        .then(Vec::new)
}

/// `excessive-permissions`: `permissions: {}` at the top and each job's known needs, when every job's
/// needs are known.
fn permissions(lines: &Lines<'_>, workflow: &Workflow, root: &Node, edits: &mut Vec<Edit>) {
    if workflow.permissions.is_some() || workflow.jobs.is_empty() {
        return;
    }
    let Some(jobs) = root.get("jobs") else {
        return;
    };
    if jobs.key_position.column != 1 {
        return;
    }
    let mut grants = Vec::new();
    for (id, job) in &workflow.jobs {
        if job.permissions.is_some() {
            continue;
        }
        if job.uses.is_some() {
            return;
        }
        let mut scopes: Vec<&'static str> = Vec::new();
        for step in job.step_list() {
            let Some(needed) = needs(step) else {
                return;
            };
            for scope in needed {
                if !scopes.contains(&scope) {
                    scopes.push(scope);
                }
            }
        }
        let Some(entries) = jobs
            .value
            .get(id)
            .and_then(|e| block_entries(&e.value, e.key_position.line))
        else {
            return;
        };
        grants.push((entries[0].key_position, scopes, id));
    }
    edits.push(insert_before(
        lines,
        jobs.key_position.line,
        "permissions: {}\n".to_owned(),
        "`permissions: {}` at the top".to_owned(),
    ));
    for (first, scopes, id) in grants {
        let indent = spaces(first.column as usize - 1);
        let text = if scopes.is_empty() {
            format!("{indent}permissions: {{}}\n")
        } else {
            let mut text = format!("{indent}permissions:\n");
            for scope in &scopes {
                text.push_str(&format!("{indent}  {scope}\n"));
            }
            text
        };
        edits.push(insert_before(
            lines,
            first.line,
            text,
            format!("job `{id}`: `permissions:` with the scopes its steps need"),
        ));
    }
}

fn apply(text: &str, mut edits: Vec<Edit>) -> Fix {
    edits.sort_by_key(|e| (e.at, e.remove));
    // Overlapping edits would garble the text: keep the first of any pair that overlaps.
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        if kept
            .last()
            .is_some_and(|last| edit.at < last.at + last.remove)
        {
            continue;
        }
        kept.push(edit);
    }
    let mut applied: Vec<(u32, String)> = kept
        .iter()
        .filter(|e| !e.what.is_empty())
        .map(|e| (e.line, e.what.clone()))
        .collect();
    applied.sort();
    let mut out = text.to_owned();
    for edit in kept.iter().rev() {
        out.replace_range(edit.at..edit.at + edit.remove, &edit.insert);
    }
    Fix {
        text: out,
        applied: applied
            .into_iter()
            .map(|(line, what)| format!("{line}: {what}"))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Config;

    const SHA: &str = "08c6903cd8c0fde910a37f88322edcfb5dd907a8";

    /// Fixes `input`, compares with `expected`, and checks that the audits the fixes address find
    /// nothing more in the result.
    #[track_caller]
    fn check(input: &str, expected: &str) {
        let pins = Pins::parse(&format!("actions/checkout@{SHA} # v4.2.2\n")).unwrap();
        let fix = fix_workflow(input, &pins);
        assert_eq!(fix.text, expected, "applied: {:?}", fix.applied);
        let report = super::super::check_workflow(&fix.text, "ci.yml", &Config::default());
        let left: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity != crate::validate::Severity::Info)
            .map(ToString::to_string)
            .collect();
        assert!(left.is_empty(), "{}", left.join("\n"));
        assert_eq!(
            fix_workflow(&fix.text, &pins).text,
            fix.text,
            "fixing twice"
        );
    }

    #[test]
    fn injection_moves_into_env() {
        check(
            "on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      # Greets.\n      - run: |\n          echo \"Title: ${{ github.event.issue.title }}\"  # shown\n          echo ${{ github.event.issue.title }} ${{ github.sha }}\n\n      - name: Next\n        run: echo done\n",
            "on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      # Greets.\n      - run: |\n          echo \"Title: ${ISSUE_TITLE}\"  # shown\n          echo ${ISSUE_TITLE} ${{ github.sha }}\n        env:\n          ISSUE_TITLE: ${{ github.event.issue.title }}\n\n      - name: Next\n        run: echo done\n",
        );
        // An existing `env:` gets the entry; a name in use gets a suffix.
        check(
            "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          HEAD_REF: x\n        run: echo \"${{ github.head_ref }}\" \"$HEAD_REF\"\n",
            "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          HEAD_REF_2: ${{ github.head_ref }}\n          HEAD_REF: x\n        run: echo \"${HEAD_REF_2}\" \"$HEAD_REF\"\n",
        );
    }

    #[test]
    fn windows_scripts_are_left_alone() {
        let text = "on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n";
        assert_eq!(fix_workflow(text, &Pins::default()).text, text);
    }

    #[test]
    fn checkout_and_pins() {
        check(
            "on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n      - uses: \"actions/checkout@v4\"\n      - run: make\n",
            &format!(
                "on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@{SHA} # v4.2.2\n        with:\n          persist-credentials: false\n          fetch-depth: 0\n      - uses: \"actions/checkout@{SHA}\" # v4.2.2\n        with:\n          persist-credentials: false\n      - run: make\n"
            ),
        );
    }

    #[test]
    fn permissions_only_when_every_need_is_known() {
        check(
            "name: CI\non: push\n\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  b:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: make test\n",
            "name: CI\non: push\n\npermissions: {}\njobs:\n  a:\n    permissions: {}\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  b:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: make test\n",
        );
        let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create v1\n";
        assert_eq!(fix_workflow(text, &Pins::default()).text, text);
    }
}
