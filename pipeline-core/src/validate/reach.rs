//! Jobs that can never run, and conditions that are never true, found from the triggers and their branch
//! filters, `if:` conditions on `github.ref`, `github.ref_name`, `github.event_name`, `github.base_ref` and
//! `github.head_ref`, and GitHub's rule that a job whose needs were skipped is skipped too (unless its
//! `if:` calls `always()`, `failure()` or `cancelled()`).
//!
//! The analysis enumerates "situations": one event with one value of each of those variables. The values
//! tried are the literals the conditions compare against, one value per `startsWith` prefix, and a value
//! equal to none of them; for push and pull request events, literal branch filters narrow them. Together
//! they cover every class of values the conditions can tell apart, so "false in every situation" means
//! "false whenever the workflow runs". Parts of a condition that read nothing from the run (literals,
//! operators and pure functions over them) take the value GitHub's evaluator gives them
//! ([`expr::eval`]). Anything the analysis cannot evaluate counts as "may be true".

use super::FastMap;
use super::glob;
use super::graph::JobGraph;
use super::{At, Cx, list};
use crate::expr::eval::{Contexts, Value, evaluate};
use crate::expr::functions::{self, FunctionKind};
use crate::expr::{self, Ast, BinaryOp};
use crate::model::{Event, EventConfig, ExprOr, Filters, OneOrMany, Path, Workflow};
use std::collections::BTreeSet;

/// More situations than this and the rarely decisive variables are treated as unknown.
const MAX_SITUATIONS: usize = 512;
/// A value equal to no literal a workflow can write.
const OTHER: &str = "\u{0}";

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Var {
    Ref,
    RefName,
    EventName,
    BaseRef,
    HeadRef,
}

fn var_of(ast: &Ast) -> Option<Var> {
    let Ast::Property { target, name } = ast else {
        return None;
    };
    if !matches!(&**target, Ast::Context(c) if c.eq_ignore_ascii_case("github")) {
        return None;
    }
    Some(match name.to_ascii_lowercase().as_str() {
        "ref" => Var::Ref,
        "ref_name" => Var::RefName,
        "event_name" => Var::EventName,
        "base_ref" => Var::BaseRef,
        "head_ref" => Var::HeadRef,
        _ => return None,
    })
}

/// What the conditions compare each variable against.
#[derive(Default)]
struct Literals {
    equal: [BTreeSet<String>; 5],
    prefix: [BTreeSet<String>; 5],
    /// Variables also used in ways the enumeration cannot cover (`endsWith`, `contains`, ordering).
    fuzzy: [bool; 5],
}

fn slot(var: Var) -> usize {
    match var {
        Var::Ref => 0,
        Var::RefName => 1,
        Var::EventName => 2,
        Var::BaseRef => 3,
        Var::HeadRef => 4,
    }
}

impl Literals {
    fn collect(&mut self, ast: &Ast) {
        ast.walk(&mut |node| match node {
            Ast::Binary { op, left, right } => {
                for (a, b) in [(left, right), (right, left)] {
                    if let (Some(var), Ast::String(s)) = (var_of(a), &**b) {
                        match op {
                            BinaryOp::Eq | BinaryOp::Ne => {
                                self.equal[slot(var)].insert(s.to_ascii_lowercase());
                            }
                            _ => self.fuzzy[slot(var)] = true,
                        }
                    }
                }
            }
            Ast::Call { name, args } => {
                let lower = name.to_ascii_lowercase();
                if let [a, Ast::String(s)] = args.as_slice()
                    && let Some(var) = var_of(a)
                {
                    if lower == "startswith" {
                        self.prefix[slot(var)].insert(s.to_ascii_lowercase());
                    } else {
                        self.fuzzy[slot(var)] = true;
                    }
                }
                for arg in args {
                    if let Some(var) = var_of(arg)
                        && lower != "startswith"
                    {
                        self.fuzzy[slot(var)] = true;
                    }
                }
            }
            _ => {}
        });
    }

    /// Representative values of a variable: every literal, one value per prefix, one value matching none.
    fn candidates(&self, var: Var) -> Vec<Option<String>> {
        let i = slot(var);
        let mut out: Vec<Option<String>> = self.equal[i].iter().cloned().map(Some).collect();
        out.extend(self.prefix[i].iter().map(|p| Some(format!("{p}{OTHER}"))));
        out.push(Some(OTHER.to_owned()));
        if self.fuzzy[i] {
            out.push(None);
        }
        out
    }

    /// Candidate values of `github.ref`, folding in what conditions say about `github.ref_name`.
    fn refs(&self) -> Vec<Option<String>> {
        let mut out = self.candidates(Var::Ref);
        let names = self.candidates(Var::RefName);
        for name in names.into_iter().flatten() {
            for kind in ["refs/heads/", "refs/tags/"] {
                out.push(Some(format!("{kind}{name}")));
            }
        }
        if self.fuzzy[slot(Var::RefName)] {
            out.push(None);
        }
        out.sort();
        out.dedup();
        out
    }

    fn used(&self, var: Var) -> bool {
        let i = slot(var);
        !self.equal[i].is_empty() || !self.prefix[i].is_empty() || self.fuzzy[i]
    }
}

/// Candidate values of one variable; `None` is "unknown".
type Candidates = Vec<Option<String>>;

/// One way the workflow can run.
#[derive(Clone, Debug)]
struct Situation {
    event: Option<String>,
    reference: Option<String>,
    base: Option<String>,
    head: Option<String>,
}

impl Situation {
    fn get(&self, var: Var) -> Option<String> {
        match var {
            Var::Ref => self.reference.clone(),
            Var::RefName => self.reference.as_deref().map(|r| {
                r.strip_prefix("refs/heads/")
                    .or_else(|| r.strip_prefix("refs/tags/"))
                    .or_else(|| r.strip_prefix("refs/pull/"))
                    .unwrap_or(r)
                    .to_owned()
            }),
            Var::EventName => self.event.clone(),
            Var::BaseRef => self.base.clone(),
            Var::HeadRef => self.head.clone(),
        }
    }

    fn describe(&self) -> String {
        let event = self.event.as_deref().unwrap_or("any event");
        match self.reference.as_deref() {
            Some(r) if !r.contains(OTHER) => format!("{event} on `{r}`"),
            _ => event.to_owned(),
        }
    }
}

/// Literal patterns of a filter, or `None` when a pattern is a glob or a negation.
fn literal_patterns(filter: Option<&OneOrMany<String>>) -> Option<Vec<String>> {
    let filter = filter?;
    filter
        .iter()
        .map(|p| glob::is_literal(p).then(|| p.to_ascii_lowercase()))
        .collect()
}

fn situations(workflow: &Workflow, literals: &Literals) -> Vec<Situation> {
    let refs = literals.refs();
    let bases = if literals.used(Var::BaseRef) {
        literals.candidates(Var::BaseRef)
    } else {
        vec![None]
    };
    let heads = if literals.used(Var::HeadRef) {
        literals.candidates(Var::HeadRef)
    } else {
        vec![None]
    };
    let ref_used = literals.used(Var::Ref) || literals.used(Var::RefName);
    let mut out = Vec::new();
    for event in workflow.on.events() {
        if matches!(event, Event::Other(_)) {
            continue;
        }
        let filters = match workflow.on.config(event) {
            Some(EventConfig::Filters(f)) => Some(f),
            _ => None,
        };
        let name = event.as_str().to_owned();
        let none = || vec![None];
        let [event_names, event_refs, event_bases, event_heads]: [Candidates; 4] = match event {
            Event::Push => [
                vec![Some(name)],
                if ref_used {
                    push_refs(filters, &refs)
                } else {
                    none()
                },
                vec![Some(String::new())],
                vec![Some(String::new())],
            ],
            Event::PullRequest => [
                vec![Some(name)],
                vec![Some(format!("refs/pull/{OTHER}/merge"))],
                branch_values(filters, &bases),
                heads.clone(),
            ],
            Event::PullRequestTarget => {
                let event_bases = branch_values(filters, &bases);
                // The ref of pull_request_target is the base branch.
                let event_refs = if ref_used {
                    event_bases
                        .iter()
                        .map(|b| b.as_ref().map(|b| format!("refs/heads/{b}")))
                        .collect()
                } else {
                    none()
                };
                let pairs: Vec<(Option<String>, Option<String>)> = if ref_used {
                    event_refs.into_iter().zip(event_bases).collect()
                } else {
                    event_bases.into_iter().map(|b| (None, b)).collect()
                };
                for (reference, base) in pairs {
                    for head in &heads {
                        out.push(Situation {
                            event: Some(name.clone()),
                            reference: reference.clone(),
                            base: base.clone(),
                            head: head.clone(),
                        });
                    }
                }
                continue;
            }
            Event::WorkflowCall => {
                let mut names = literals.candidates(Var::EventName);
                names.push(None);
                [
                    names,
                    if ref_used { refs.clone() } else { none() },
                    bases.clone(),
                    heads.clone(),
                ]
            }
            _ => [
                vec![Some(name)],
                if ref_used { refs.clone() } else { none() },
                vec![Some(String::new())],
                vec![Some(String::new())],
            ],
        };
        for event_name in &event_names {
            for reference in &event_refs {
                for base in &event_bases {
                    for head in &event_heads {
                        out.push(Situation {
                            event: event_name.clone(),
                            reference: reference.clone(),
                            base: base.clone(),
                            head: head.clone(),
                        });
                        if out.len() > MAX_SITUATIONS {
                            return Vec::new();
                        }
                    }
                }
            }
        }
    }
    out
}

/// `github.ref` values of a push: the literal branch and tag filters, or any candidate the filters allow.
fn push_refs(filters: Option<&Filters>, refs: &[Option<String>]) -> Vec<Option<String>> {
    let Some(filters) = filters else {
        let mut all = refs.to_vec();
        all.push(Some(format!("refs/heads/{OTHER}")));
        all.push(Some(format!("refs/tags/{OTHER}")));
        return all;
    };
    let has_branch = filters.branches.is_some() || filters.branches_ignore.is_some();
    let has_tag = filters.tags.is_some() || filters.tags_ignore.is_some();
    // Naming only one kind of ref in the filters means the other kind never triggers the push.
    let (branch_on, tag_on) = if has_branch || has_tag {
        (has_branch, has_tag)
    } else {
        (true, true)
    };
    let mut out = Vec::new();
    for (prefix, on, include, ignore) in [
        (
            "refs/heads/",
            branch_on,
            &filters.branches,
            &filters.branches_ignore,
        ),
        ("refs/tags/", tag_on, &filters.tags, &filters.tags_ignore),
    ] {
        if !on {
            continue;
        }
        match literal_patterns(include.as_ref()) {
            Some(names) => out.extend(names.into_iter().map(|n| Some(format!("{prefix}{n}")))),
            None => {
                let ignored = literal_patterns(ignore.as_ref()).unwrap_or_default();
                for r in refs {
                    match r {
                        Some(r)
                            if r.starts_with(prefix)
                                && !ignored.iter().any(|i| r[prefix.len()..] == *i) =>
                        {
                            out.push(Some(r.clone()));
                        }
                        None => out.push(None),
                        _ => {}
                    }
                }
                out.push(Some(format!("{prefix}{OTHER}")));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Base branches of a pull request: the literal `branches` filter, or any candidate.
fn branch_values(filters: Option<&Filters>, candidates: &[Option<String>]) -> Vec<Option<String>> {
    match filters.and_then(|f| literal_patterns(f.branches.as_ref())) {
        Some(names) if !names.is_empty() => names.into_iter().map(Some).collect(),
        _ => {
            let ignored = filters
                .and_then(|f| literal_patterns(f.branches_ignore.as_ref()))
                .unwrap_or_default();
            candidates
                .iter()
                .filter(|c| c.as_ref().is_none_or(|c| !ignored.contains(c)))
                .cloned()
                .collect()
        }
    }
}

/// An abstract value: a known string or boolean, another known value of which only its truth matters
/// here, or unknown.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Bool(bool),
    Str(String),
    Other(bool),
    Unknown,
}

impl V {
    fn truth(&self) -> Option<bool> {
        match self {
            V::Bool(b) | V::Other(b) => Some(*b),
            V::Str(s) => Some(!s.is_empty()),
            V::Unknown => None,
        }
    }
}

/// The value of a part of a condition that reads nothing from the run, as GitHub's evaluator gives it;
/// `None` for anything else, for literals read directly, and for parts whose evaluation fails.
fn constant_value(ast: &Ast) -> Option<V> {
    if matches!(
        ast,
        Ast::Null | Ast::Bool(_) | Ast::String(_) | Ast::Context(_)
    ) || !is_constant(ast)
    {
        return None;
    }
    Some(match evaluate(ast, &Contexts::new()).ok()? {
        Value::Bool(b) => V::Bool(b),
        Value::String(s) => V::Str(s),
        Value::Null => V::Str(String::new()),
        other => V::Other(other.is_truthy()),
    })
}

fn tri(b: Option<bool>) -> V {
    b.map_or(V::Unknown, V::Bool)
}

fn eval(ast: &Ast, s: &Situation) -> V {
    if let Some(var) = var_of(ast) {
        return s.get(var).map_or(V::Unknown, V::Str);
    }
    if let Some(value) = constant_value(ast) {
        return value;
    }
    match ast {
        Ast::Bool(b) => V::Bool(*b),
        Ast::String(v) => V::Str(v.clone()),
        Ast::Null => V::Str(String::new()),
        Ast::Not(operand) => tri(eval(operand, s).truth().map(|b| !b)),
        Ast::Binary { op, left, right } => {
            let l = eval(left, s);
            match op {
                BinaryOp::And => match l.truth() {
                    Some(false) => V::Bool(false),
                    lt => match (lt, eval(right, s).truth()) {
                        (_, Some(false)) => V::Bool(false),
                        (Some(true), Some(true)) => V::Bool(true),
                        _ => V::Unknown,
                    },
                },
                BinaryOp::Or => match l.truth() {
                    Some(true) => V::Bool(true),
                    lt => match (lt, eval(right, s).truth()) {
                        (_, Some(true)) => V::Bool(true),
                        (Some(false), Some(false)) => V::Bool(false),
                        _ => V::Unknown,
                    },
                },
                BinaryOp::Eq | BinaryOp::Ne => {
                    let r = eval(right, s);
                    let equal = match (&l, &r) {
                        (V::Str(a), V::Str(b)) => Some(a.eq_ignore_ascii_case(b)),
                        (V::Bool(a), V::Bool(b)) => Some(a == b),
                        _ => None,
                    };
                    tri(equal.map(|e| if *op == BinaryOp::Eq { e } else { !e }))
                }
                _ => V::Unknown,
            }
        }
        Ast::Call { name, args } => {
            let lower = name.to_ascii_lowercase();
            match (lower.as_str(), args.as_slice()) {
                ("always" | "success", []) => V::Bool(true),
                ("startswith" | "endswith" | "contains", [a, b]) => {
                    match (eval(a, s), eval(b, s)) {
                        (V::Str(a), V::Str(b)) if !a.contains(OTHER) || lower == "startswith" => {
                            let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
                            let known_part = a.split(OTHER).next().unwrap_or("");
                            match lower.as_str() {
                                "startswith" if a.contains(OTHER) => {
                                    // `p\0` stands for any value starting with p and no longer prefix.
                                    if b.len() <= known_part.len() {
                                        V::Bool(known_part.starts_with(&b))
                                    } else {
                                        V::Bool(false)
                                    }
                                }
                                "startswith" => V::Bool(a.starts_with(&b)),
                                "endswith" => V::Bool(a.ends_with(&b)),
                                _ => V::Bool(a.contains(&b)),
                            }
                        }
                        _ => V::Unknown,
                    }
                }
                _ => V::Unknown,
            }
        }
        _ => V::Unknown,
    }
}

/// A parsed condition: its expression, or `None` when it cannot be read (always "may be true").
fn condition(cond: &ExprOr<bool>) -> Option<Ast> {
    match cond {
        ExprOr::Value(b) => Some(Ast::Bool(*b)),
        ExprOr::Expr(text) => expr::parse_condition(text).ok()?.expr().cloned(),
    }
}

/// Whether a condition lets a job run after skipped needs.
fn runs_after_skipped_needs(ast: &Ast) -> bool {
    let mut found = false;
    ast.walk(&mut |node| {
        if let Ast::Call { name, .. } = node
            && ["always", "failure", "cancelled"]
                .iter()
                .any(|f| name.eq_ignore_ascii_case(f))
        {
            found = true;
        }
    });
    found
}

/// Whether a condition reads nothing from the run: no context, no status function, no `hashFiles`, no
/// unknown function. Its value is the same every time.
fn is_constant(ast: &Ast) -> bool {
    let mut depends = false;
    ast.walk(&mut |node| match node {
        Ast::Context(_) => depends = true,
        Ast::Call { name, .. }
            if functions::lookup(name).is_none_or(|f| f.kind != FunctionKind::General) =>
        {
            depends = true;
        }
        _ => {}
    });
    !depends
}

/// The `if:` of a step: its job's index, its index in the job, and the condition.
pub(crate) type StepIf<'w> = (usize, usize, &'w ExprOr<bool>);

/// Every distinct condition of a workflow, parsed once, with its truth in each situation.
struct Conditions<'w> {
    index: FastMap<&'w str, usize>,
    asts: Vec<Option<Ast>>,
    /// Per condition: whether it is constant, and whether it lets a job run after skipped needs.
    flags: Vec<(bool, bool)>,
}

impl<'w> Conditions<'w> {
    fn intern(&mut self, cond: &'w ExprOr<bool>) -> usize {
        let key: &'w str = match cond {
            ExprOr::Value(true) => "\u{0}true",
            ExprOr::Value(false) => "\u{0}false",
            ExprOr::Expr(text) => text,
        };
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        let i = self.asts.len();
        let ast = condition(cond);
        self.flags.push(ast.as_ref().map_or((false, false), |a| {
            (is_constant(a), runs_after_skipped_needs(a))
        }));
        self.asts.push(ast);
        self.index.insert(key, i);
        i
    }
}

/// Jobs that can never run and conditions that never hold. `order` is a topological order of the jobs'
/// indexes; `step_ifs` holds the `if:` of every step that has one, as (job index, step index, condition),
/// gathered while the jobs were checked so the steps are not read again.
pub(crate) fn check<'w>(
    cx: &mut Cx<'_>,
    workflow: &'w Workflow,
    graph: &JobGraph<'_>,
    order: &[usize],
    step_ifs: &[StepIf<'w>],
) {
    let mut conds = Conditions {
        index: FastMap::default(),
        asts: Vec::new(),
        flags: Vec::new(),
    };
    let job_conds: Vec<Option<usize>> = workflow
        .jobs
        .values()
        .map(|job| job.r#if.as_ref().map(|c| conds.intern(c)))
        .collect();
    let step_conds: Vec<(usize, usize, usize)> = step_ifs
        .iter()
        .map(|&(j, i, c)| (j, i, conds.intern(c)))
        .collect();
    if conds.asts.is_empty() {
        return;
    }
    let mut literals = Literals::default();
    for ast in conds.asts.iter().flatten() {
        literals.collect(ast);
    }
    let situations = situations(workflow, &literals);
    if situations.is_empty() {
        return;
    }
    let n = situations.len();
    // truth[c * n + s]: condition c in situation s.
    let truth: Vec<Option<bool>> = conds
        .asts
        .iter()
        .flat_map(|ast| {
            situations
                .iter()
                .map(move |s| ast.as_ref().and_then(|a| eval(a, s).truth()))
        })
        .collect();
    let ast_of = |j: usize| job_conds[j].and_then(|c| conds.asts[c].as_ref());
    let jobs = workflow.jobs.len();
    // own[j * n + s]: the job's own `if:` may hold; may_run: and its needs may have run.
    let mut own = vec![true; jobs * n];
    let mut may_run = vec![true; jobs * n];
    let mut needs: Vec<usize> = Vec::new();
    for &j in order {
        let independent = job_conds[j].is_some_and(|c| conds.flags[c].1);
        needs.clear();
        needs.extend(graph.need_indices(j));
        for k in 0..n {
            let own_ok = job_conds[j].is_none_or(|c| truth[c * n + k] != Some(false));
            own[j * n + k] = own_ok;
            let needs_ok = independent || needs.iter().all(|&need| may_run[need * n + k]);
            may_run[j * n + k] = own_ok && needs_ok;
        }
    }
    let jobs_path = Path::root().key("jobs");
    let events: Vec<&str> = workflow.on.events().map(Event::as_str).collect();
    for &(j, i, c) in &step_conds {
        if conds.asts[c].is_none() {
            continue;
        }
        let runs = &may_run[j * n..(j + 1) * n];
        if conds.flags[c].0 || !runs.iter().any(|r| *r) {
            continue;
        }
        let never = (0..n)
            .filter(|&s| runs[s])
            .all(|s| truth[c * n + s] == Some(false));
        if never {
            let id = workflow.jobs.get_index(j).map_or("", |(id, _)| id.as_str());
            cx.warning(
                "condition-never-true",
                jobs_path.key(id).key("steps").index(i).key("if"),
                At::Value,
                format!(
                    "this step's `if:` is false whenever job `{id}` runs (given the workflow's events and branches), so the step never runs; fix the condition or remove the step"
                ),
            );
        }
    }
    for (j, (id, job)) in workflow.jobs.iter().enumerate() {
        if let (Some(c), Some(_)) = (job_conds[j], ast_of(j)) {
            let (constant, independent) = conds.flags[c];
            let always =
                !constant && !independent && (0..n).all(|s| truth[c * n + s] == Some(true));
            if always && matches!(job.r#if, Some(ExprOr::Expr(_))) {
                cx.info(
                    "condition-always-true",
                    jobs_path.key(id).key("if"),
                    At::Value,
                    format!("the `if:` of job `{id}` is true for every event and branch this workflow runs on; it can be removed"),
                );
            }
        }
        if may_run[j * n..(j + 1) * n].iter().any(|r| *r) {
            continue;
        }
        let ast = ast_of(j);
        if ast.is_some_and(is_constant) {
            // An `if: false` is reported as a constant condition; it is a deliberate switch.
            continue;
        }
        let path = jobs_path.key(id);
        if own[j * n..(j + 1) * n].iter().all(|ok| !ok) {
            cx.error(
                "job-never-runs",
                path.key("if"),
                At::Value,
                format!(
                    "job `{id}` can never run: its `if:` is false for every event this workflow runs on ({}) and the branches they filter; fix the condition or the triggers",
                    list(&events)
                ),
            );
            continue;
        }
        // Its own condition allows some situations; in each of them a need is skipped. Blame the need
        // skipped in most of them.
        let needs: Vec<&str> = graph.needs(id);
        let mut blame: Option<(&str, usize)> = None;
        for need in &needs {
            let Some(k) = workflow.jobs.get_index_of(*need) else {
                continue;
            };
            let count = (0..n)
                .filter(|&s| own[j * n + s] && !may_run[k * n + s])
                .count();
            if blame.is_none_or(|(_, c)| count > c) {
                blame = Some((need, count));
            }
        }
        let Some((need, _)) = blame else { continue };
        let Some(need_index) = workflow.jobs.get_index_of(need) else {
            continue;
        };
        let where_own: Vec<String> = (0..n)
            .filter(|&s| own[j * n + s])
            .map(|s| situations[s].describe())
            .filter(|d| !d.contains(OTHER))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .take(4)
            .collect();
        let need_job = &workflow.jobs[need_index];
        let need_own_blocks = (0..n).any(|s| own[j * n + s] && !own[need_index * n + s]);
        let (label, related_path, related_at) = if need_own_blocks && need_job.r#if.is_some() {
            (
                format!("`{need}` is skipped by its condition here"),
                jobs_path.key(need).key("if"),
                At::Value,
            )
        } else {
            (
                format!("`{need}` is never run, so it is skipped"),
                jobs_path.key(need),
                At::Key,
            )
        };
        let related = cx.related(label, related_path, related_at);
        let own_part = if ast.is_some() && !where_own.is_empty() {
            format!(
                "its own `if:` holds only for {}, and there ",
                where_own.join(", ")
            )
        } else {
            "whenever it could run, ".to_owned()
        };
        let at = if job.needs.is_some() {
            path.key("needs")
        } else {
            path.clone()
        };
        cx.error(
            "job-never-runs",
            at,
            At::Value,
            format!(
                "job `{id}` can never run: {own_part}`{need}` is skipped, and a job whose needs were skipped is skipped too; make the conditions agree, drop `{need}` from `needs`, or add `always()` to its `if:`"
            ),
        )
        .related
        .push(related);
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::{Config, check_workflow};

    fn codes(jobs: &str) -> Vec<String> {
        let yaml = format!("on: push\njobs:\n{jobs}");
        let mut codes: Vec<String> = check_workflow(&yaml, "t.yml", &Config::default())
            .iter()
            .filter(|d| d.code.contains("never") || d.code.contains("always"))
            .map(|d| format!("{} {}", d.code, d.path))
            .collect();
        codes.sort();
        codes
    }

    #[test]
    fn parts_that_read_nothing_take_the_evaluators_value() {
        // `1 == 2`, `format(...)` and `fromJSON(...)` are as constant as `false` or `true`.
        let jobs = "  a:\n    if: github.event_name == 'push' && 1 == 2\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: github.event_name == 'pull_request' || format('{0}', 'x') == 'y'\n  c:\n    if: github.event_name == 'push' || fromJSON('[]')\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n";
        assert_eq!(
            codes(jobs),
            [
                "condition-always-true jobs.c.if",
                "condition-never-true jobs.b.steps[0].if",
                "job-never-runs jobs.a.if",
            ]
        );
    }

    #[test]
    fn conditions_that_read_nothing_are_left_to_the_constant_check() {
        let jobs = "  a:\n    if: ${{ 1 == 2 }}\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  b:\n    if: fromJSON('false')\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  c:\n    if: github.event_name == 'push' && hashFiles('x') != ''\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n";
        assert!(codes(jobs).is_empty(), "{:?}", codes(jobs));
    }
}
