//! The `needs` graph as a petgraph graph: job ids, unknown and self needs, cycles, topological order and
//! the critical path.

use super::{At, Cx, FastHasher, Here, is_valid_id, list};
use crate::model::{ExprOr, OneOrMany, Workflow};
use crate::suggest::did_you_mean;
use indexmap::IndexMap;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::hash::BuildHasherDefault;

/// GitHub cancels a job after 360 minutes when it sets no `timeout-minutes`.
pub(crate) const DEFAULT_TIMEOUT_MINUTES: f64 = 360.0;

/// The jobs of a workflow and the `needs` between them; an edge runs from a needed job to the job that
/// needs it. Needs of jobs that do not exist, and a job needing itself, are left out (the validator
/// reports them).
///
/// ```
/// use pipeline_core::model::{Job, OneOrMany, Workflow};
/// use pipeline_core::validate::JobGraph;
/// let mut workflow = Workflow::default();
/// for (id, needs) in [("deploy", vec!["test", "build"]), ("test", vec!["build"]), ("build", vec![])] {
///     let mut job = Job::default();
///     job.needs = Some(OneOrMany::Many(needs.into_iter().map(String::from).collect()));
///     workflow.jobs.insert(id.into(), job);
/// }
/// let graph = JobGraph::new(&workflow);
/// assert_eq!(graph.topological_order().unwrap(), ["build", "test", "deploy"]);
/// assert_eq!(graph.critical_path().jobs, ["build", "test", "deploy"]);
/// ```
#[derive(Debug)]
pub struct JobGraph<'w> {
    graph: DiGraph<&'w str, ()>,
    /// Each job's node, in the order written: a job's node index is its index among the jobs.
    nodes: IndexMap<&'w str, NodeIndex, BuildHasherDefault<FastHasher>>,
    workflow: &'w Workflow,
}

/// A cycle of `needs`: each job needs the next, and the last needs the first.
///
/// ```
/// use pipeline_core::validate::Cycle;
/// let cycle = Cycle { jobs: vec!["a".into(), "b".into()] };
/// assert_eq!(cycle.to_string(), "a -> b -> a");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// The jobs on the cycle, starting with the one written first in the workflow.
    pub jobs: Vec<String>,
}

impl fmt::Display for Cycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for job in &self.jobs {
            write!(f, "{job} -> ")?;
        }
        f.write_str(self.jobs.first().map_or("", String::as_str))
    }
}

/// What the critical path adds up.
///
/// ```
/// use pipeline_core::validate::PathWeight;
/// assert_ne!(PathWeight::Jobs, PathWeight::TimeoutMinutes);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathWeight {
    /// Every job counts 1: the longest chain of jobs.
    Jobs,
    /// Every job counts its literal `timeout-minutes`, or GitHub's default of 360 minutes when it gives
    /// none (or an expression): the longest time the chain may take.
    TimeoutMinutes,
}

/// The heaviest chain of jobs through the graph.
///
/// ```
/// use pipeline_core::model::{ExprOr, Job, OneOrMany, Workflow};
/// use pipeline_core::validate::{JobGraph, PathWeight};
/// let mut workflow = Workflow::default();
/// let mut lint = Job::default();
/// lint.timeout_minutes = Some(ExprOr::Value(5.into()));
/// let mut build = Job::default();
/// build.timeout_minutes = Some(ExprOr::Value(30.into()));
/// let mut deploy = Job::default();
/// deploy.timeout_minutes = Some(ExprOr::Value(10.into()));
/// deploy.needs = Some(OneOrMany::Many(vec!["lint".into(), "build".into()]));
/// workflow.jobs.insert("lint".into(), lint);
/// workflow.jobs.insert("build".into(), build);
/// workflow.jobs.insert("deploy".into(), deploy);
/// let path = JobGraph::new(&workflow).critical_path();
/// assert_eq!(path.by, PathWeight::TimeoutMinutes);
/// assert_eq!(path.jobs, ["build", "deploy"]);
/// assert_eq!(path.total, 40.0);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CriticalPath {
    /// The jobs in the order they run.
    pub jobs: Vec<String>,
    /// The sum of their weights.
    pub total: f64,
    /// What was added up.
    pub by: PathWeight,
}

impl<'w> JobGraph<'w> {
    /// Builds the graph of a workflow's jobs.
    ///
    /// ```
    /// # use pipeline_core::model::{Job, Workflow};
    /// let mut workflow = Workflow::default();
    /// workflow.jobs.insert("a".into(), Job::default());
    /// assert_eq!(pipeline_core::validate::JobGraph::new(&workflow).jobs().count(), 1);
    /// ```
    #[must_use]
    pub fn new(workflow: &'w Workflow) -> Self {
        let mut graph = DiGraph::with_capacity(workflow.jobs.len(), workflow.jobs.len());
        let mut nodes =
            IndexMap::with_capacity_and_hasher(workflow.jobs.len(), BuildHasherDefault::default());
        for id in workflow.jobs.keys() {
            let id = id.as_str();
            nodes.entry(id).or_insert_with(|| graph.add_node(id));
        }
        for (id, job) in &workflow.jobs {
            let Some(&to) = nodes.get(id.as_str()) else {
                continue;
            };
            for need in job.needed_jobs() {
                if need == id {
                    continue;
                }
                if let Some(&from) = nodes.get(need)
                    && !graph.contains_edge(from, to)
                {
                    graph.add_edge(from, to, ());
                }
            }
        }
        Self {
            graph,
            nodes,
            workflow,
        }
    }

    /// The job ids, in the order written.
    ///
    /// ```
    /// # use pipeline_core::model::{Job, Workflow};
    /// let mut workflow = Workflow::default();
    /// workflow.jobs.insert("a".into(), Job::default());
    /// assert_eq!(pipeline_core::validate::JobGraph::new(&workflow).jobs().collect::<Vec<_>>(), ["a"]);
    /// ```
    pub fn jobs(&self) -> impl Iterator<Item = &'w str> + '_ {
        self.nodes.keys().copied()
    }

    /// The jobs that `job` needs directly and that exist.
    ///
    /// ```
    /// # use pipeline_core::model::{Job, OneOrMany, Workflow};
    /// let mut workflow = Workflow::default();
    /// let mut b = Job::default();
    /// b.needs = Some(OneOrMany::Many(vec!["a".into(), "ghost".into()]));
    /// workflow.jobs.insert("a".into(), Job::default());
    /// workflow.jobs.insert("b".into(), b);
    /// assert_eq!(pipeline_core::validate::JobGraph::new(&workflow).needs("b"), ["a"]);
    /// ```
    #[must_use]
    pub fn needs(&self, job: &str) -> Vec<&'w str> {
        let Some(&node) = self.nodes.get(job) else {
            return Vec::new();
        };
        let mut needs: Vec<&'w str> = self
            .graph
            .neighbors_directed(node, petgraph::Direction::Incoming)
            .map(|n| self.graph[n])
            .collect();
        needs.sort_by_key(|id| self.nodes.get_index_of(id));
        needs
    }

    /// The indexes (in `workflow.jobs`) of the jobs that job number `job` needs; node indexes follow
    /// the order of `workflow.jobs`.
    pub(crate) fn need_indices(&self, job: usize) -> impl Iterator<Item = usize> + '_ {
        self.graph
            .neighbors_directed(NodeIndex::new(job), petgraph::Direction::Incoming)
            .map(NodeIndex::index)
    }

    /// Every job that `job` waits for, directly or through other jobs, in the order written.
    ///
    /// ```
    /// # use pipeline_core::model::{Job, OneOrMany, Workflow};
    /// let mut workflow = Workflow::default();
    /// let mut b = Job::default();
    /// b.needs = Some(OneOrMany::One("a".into()));
    /// let mut c = Job::default();
    /// c.needs = Some(OneOrMany::One("b".into()));
    /// workflow.jobs.insert("a".into(), Job::default());
    /// workflow.jobs.insert("b".into(), b);
    /// workflow.jobs.insert("c".into(), c);
    /// assert_eq!(pipeline_core::validate::JobGraph::new(&workflow).ancestors("c"), ["a", "b"]);
    /// ```
    #[must_use]
    pub fn ancestors(&self, job: &str) -> Vec<&'w str> {
        let Some(&start) = self.nodes.get(job) else {
            return Vec::new();
        };
        let mut seen = vec![false; self.graph.node_count()];
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for next in self
                .graph
                .neighbors_directed(node, petgraph::Direction::Incoming)
            {
                if !seen[next.index()] {
                    seen[next.index()] = true;
                    stack.push(next);
                }
            }
        }
        self.nodes
            .iter()
            .filter(|(_, n)| seen[n.index()] && **n != start)
            .map(|(id, _)| *id)
            .collect()
    }

    /// The jobs' indexes in an order where each comes after the jobs it needs, or `None` when needs form
    /// a cycle.
    pub(crate) fn topological_indices(&self) -> Option<Vec<usize>> {
        let order = self.acyclic_order(&vec![false; self.graph.node_count()]);
        (order.len() == self.graph.node_count())
            .then(|| order.into_iter().map(NodeIndex::index).collect())
    }

    /// Whether the workflow has a job with this id (exactly as written).
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.nodes.contains_key(id)
    }

    /// The jobs in an order where every job comes after the jobs it needs.
    ///
    /// # Errors
    /// A [`Cycle`] when the needs form one.
    ///
    /// ```
    /// # use pipeline_core::model::{Job, OneOrMany, Workflow};
    /// let mut workflow = Workflow::default();
    /// for (id, need) in [("a", "b"), ("b", "a")] {
    ///     let mut job = Job::default();
    ///     job.needs = Some(OneOrMany::One(need.into()));
    ///     workflow.jobs.insert(id.into(), job);
    /// }
    /// let cycle = pipeline_core::validate::JobGraph::new(&workflow).topological_order().unwrap_err();
    /// assert_eq!(cycle.to_string(), "a -> b -> a");
    /// ```
    pub fn topological_order(&self) -> Result<Vec<&'w str>, Cycle> {
        let order = self.acyclic_order(&vec![false; self.graph.node_count()]);
        if order.len() == self.graph.node_count() {
            Ok(order.into_iter().map(|n| self.graph[n]).collect())
        } else {
            Err(self
                .cycles()
                .into_iter()
                .next()
                .unwrap_or(Cycle { jobs: Vec::new() }))
        }
    }

    /// Every cycle of needs, one per strongly connected group of jobs, in the order written.
    ///
    /// ```
    /// # use pipeline_core::model::{Job, Workflow};
    /// let mut workflow = Workflow::default();
    /// workflow.jobs.insert("a".into(), Job::default());
    /// assert!(pipeline_core::validate::JobGraph::new(&workflow).cycles().is_empty());
    /// ```
    #[must_use]
    pub fn cycles(&self) -> Vec<Cycle> {
        let mut cycles = Vec::new();
        for component in tarjan_scc(&self.graph) {
            if component.len() < 2 {
                continue;
            }
            let Some(&start) = component.iter().min_by_key(|n| n.index()) else {
                continue;
            };
            let members: Vec<bool> = {
                let mut m = vec![false; self.graph.node_count()];
                for n in &component {
                    m[n.index()] = true;
                }
                m
            };
            cycles.push(Cycle {
                jobs: self.cycle_from(start, &members),
            });
        }
        cycles.sort_by_key(|c| {
            c.jobs
                .first()
                .and_then(|id| self.nodes.get_index_of(id.as_str()))
        });
        cycles
    }

    /// A cycle through `start` inside one strongly connected component, following `needs` (towards the
    /// needed job) and preferring needs in the order written: breadth-first, so the cycle is a shortest one.
    fn cycle_from(&self, start: NodeIndex, members: &[bool]) -> Vec<String> {
        let count = self.graph.node_count();
        let mut previous: Vec<Option<NodeIndex>> = vec![None; count];
        let mut queue = std::collections::VecDeque::from([start]);
        let mut visited = vec![false; count];
        visited[start.index()] = true;
        while let Some(node) = queue.pop_front() {
            for need in self.ordered_needs(node) {
                if !members[need.index()] {
                    continue;
                }
                if need == start {
                    let mut path = vec![node];
                    let mut at = node;
                    while let Some(p) = previous[at.index()] {
                        path.push(p);
                        at = p;
                    }
                    path.reverse();
                    return path.into_iter().map(|n| self.graph[n].to_owned()).collect();
                }
                if !visited[need.index()] {
                    visited[need.index()] = true;
                    previous[need.index()] = Some(node);
                    queue.push_back(need);
                }
            }
        }
        vec![self.graph[start].to_owned()]
    }

    /// The nodes a job needs, in the order its `needs` lists them.
    fn ordered_needs(&self, node: NodeIndex) -> Vec<NodeIndex> {
        let id = self.graph[node];
        self.workflow
            .jobs
            .get(id)
            .into_iter()
            .flat_map(|job| job.needed_jobs())
            .filter_map(|need| self.nodes.get(need).copied())
            .collect()
    }

    /// The heaviest chain: by `timeout-minutes` when any job gives a literal one, else by job count.
    /// Jobs on a cycle are left out. An empty workflow gives an empty path.
    ///
    /// ```
    /// # use pipeline_core::model::{Job, OneOrMany, Workflow};
    /// use pipeline_core::validate::{JobGraph, PathWeight};
    /// let mut workflow = Workflow::default();
    /// let mut b = Job::default();
    /// b.needs = Some(OneOrMany::One("a".into()));
    /// workflow.jobs.insert("a".into(), Job::default());
    /// workflow.jobs.insert("b".into(), b);
    /// let path = JobGraph::new(&workflow).critical_path();
    /// assert_eq!((path.by, path.total), (PathWeight::Jobs, 2.0));
    /// ```
    #[must_use]
    pub fn critical_path(&self) -> CriticalPath {
        let any_timeout = self
            .workflow
            .jobs
            .values()
            .any(|job| matches!(job.timeout_minutes, Some(ExprOr::Value(_))));
        self.critical_path_by(if any_timeout {
            PathWeight::TimeoutMinutes
        } else {
            PathWeight::Jobs
        })
    }

    /// The heaviest chain by the given weight. Jobs on a cycle are left out; ties go to the chain that
    /// ends first in the order written.
    ///
    /// ```
    /// # use pipeline_core::model::{Job, OneOrMany, Workflow};
    /// use pipeline_core::validate::{JobGraph, PathWeight};
    /// let mut workflow = Workflow::default();
    /// let mut b = Job::default();
    /// b.needs = Some(OneOrMany::One("a".into()));
    /// workflow.jobs.insert("a".into(), Job::default());
    /// workflow.jobs.insert("b".into(), b);
    /// let path = JobGraph::new(&workflow).critical_path_by(PathWeight::TimeoutMinutes);
    /// assert_eq!(path.total, 720.0);
    /// ```
    #[must_use]
    pub fn critical_path_by(&self, by: PathWeight) -> CriticalPath {
        let count = self.graph.node_count();
        let mut on_cycle = vec![false; count];
        for component in tarjan_scc(&self.graph) {
            if component.len() > 1 {
                for n in component {
                    on_cycle[n.index()] = true;
                }
            }
        }
        let order = self.acyclic_order(&on_cycle);
        let weight = |node: NodeIndex| -> f64 {
            match by {
                PathWeight::Jobs => 1.0,
                PathWeight::TimeoutMinutes => self
                    .workflow
                    .jobs
                    .get(self.graph[node])
                    .and_then(|job| match &job.timeout_minutes {
                        Some(ExprOr::Value(n)) if n.as_f64() > 0.0 => Some(n.as_f64()),
                        _ => None,
                    })
                    .unwrap_or(DEFAULT_TIMEOUT_MINUTES),
            }
        };
        let mut best: Vec<f64> = vec![0.0; count];
        let mut previous: Vec<Option<NodeIndex>> = vec![None; count];
        for &node in &order {
            let mut from = None;
            let mut base = 0.0;
            for need in self.ordered_needs(node) {
                if on_cycle[need.index()] {
                    continue;
                }
                if from.is_none() || best[need.index()] > base {
                    base = best[need.index()];
                    from = Some(need);
                }
            }
            best[node.index()] = base + weight(node);
            previous[node.index()] = from;
        }
        let mut end = None;
        let mut total = 0.0;
        for &node in self.nodes.values() {
            if on_cycle[node.index()] {
                continue;
            }
            if end.is_none() || best[node.index()] > total {
                total = best[node.index()];
                end = Some(node);
            }
        }
        let mut jobs = Vec::new();
        let mut at = end;
        while let Some(node) = at {
            jobs.push(self.graph[node].to_owned());
            at = previous[node.index()];
        }
        jobs.reverse();
        CriticalPath { jobs, total, by }
    }

    /// The jobs not on a cycle, each after its needs: Kahn's algorithm, always taking the ready job
    /// written first, so the order is stable and reads like the file.
    fn acyclic_order(&self, on_cycle: &[bool]) -> Vec<NodeIndex> {
        let count = self.graph.node_count();
        let mut pending = vec![0usize; count];
        for &node in self.nodes.values() {
            pending[node.index()] = self
                .graph
                .neighbors_directed(node, petgraph::Direction::Incoming)
                .filter(|n| !on_cycle[n.index()])
                .count();
        }
        // Node indexes follow the order written.
        let mut ready: BinaryHeap<Reverse<NodeIndex>> = self
            .nodes
            .values()
            .copied()
            .filter(|n| !on_cycle[n.index()] && pending[n.index()] == 0)
            .map(Reverse)
            .collect();
        let mut order = Vec::with_capacity(count);
        while let Some(Reverse(node)) = ready.pop() {
            order.push(node);
            for next in self
                .graph
                .neighbors_directed(node, petgraph::Direction::Outgoing)
            {
                if on_cycle[next.index()] {
                    continue;
                }
                pending[next.index()] = pending[next.index()].saturating_sub(1);
                if pending[next.index()] == 0 {
                    ready.push(Reverse(next));
                }
            }
        }
        order
    }
}

/// Job ids, needs and cycles.
/// Job ids, needs and cycles; `acyclic` says that a topological order exists, so there is no cycle to
/// look for.
pub(crate) fn check(cx: &mut Cx<'_>, workflow: &Workflow, graph: &JobGraph<'_>, acyclic: bool) {
    let root = Here::root();
    let jobs = root.key("jobs");
    let mut seen: super::FastMap<Caseless<'_>, &str> = super::FastMap::default();
    seen.reserve(workflow.jobs.len());
    for id in workflow.jobs.keys() {
        let path = jobs.key(id);
        if !is_valid_id(id) {
            cx.error(
                "job-id-invalid",
                path,
                At::Key,
                format!(
                    "invalid job id `{id}`: a job id starts with a letter or `_` and holds only letters, digits, `-` and `_`"
                ),
            );
        }
        match seen.entry(Caseless(id)) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let first = *first.get();
                let related = cx.related("first defined here", jobs.key(first), At::Key);
                cx.error(
                    "job-id-duplicate",
                    path,
                    At::Key,
                    format!("job id `{id}` duplicates `{first}`: GitHub compares job ids without regard to case; rename one"),
                )
                .related
                .push(related);
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(id);
            }
        }
    }
    for (id, job) in &workflow.jobs {
        let Some(needs) = &job.needs else { continue };
        let job_path = jobs.key(id);
        let needs_path = job_path.key("needs");
        let all = needs.as_slice();
        for (i, need) in all.iter().enumerate() {
            let path = match needs {
                OneOrMany::One(_) => needs_path,
                OneOrMany::Many(_) => needs_path.index(i),
            };
            if all[..i].iter().any(|l| l.eq_ignore_ascii_case(need)) {
                cx.warning(
                    "needs-duplicate",
                    path,
                    At::Value,
                    format!("job `{id}` lists `{need}` twice in `needs`; remove one"),
                );
                continue;
            }
            if need == id {
                cx.error(
                    "needs-self",
                    path,
                    At::Value,
                    format!("job `{id}` needs itself; remove `{need}` from its `needs`"),
                );
            } else if !graph.contains(need) {
                let message = match workflow.jobs.keys().find(|k| k.eq_ignore_ascii_case(need)) {
                    Some(exact) => format!(
                        "job `{id}` needs `{need}`, which is not a job in this workflow; did you mean `{exact}`?"
                    ),
                    None => {
                        let suggestion = did_you_mean(
                            need,
                            workflow
                                .jobs
                                .keys()
                                .map(String::as_str)
                                .filter(|k| *k != id),
                        );
                        match suggestion {
                            Some(s) => format!(
                                "job `{id}` needs `{need}`, which is not a job in this workflow; did you mean `{s}`?"
                            ),
                            None => format!(
                                "job `{id}` needs `{need}`, which is not a job in this workflow; jobs are {}",
                                list(workflow.jobs.keys().filter(|k| *k != id))
                            ),
                        }
                    }
                };
                cx.error("needs-unknown", path, At::Value, message);
            }
        }
    }
    let cycles = if acyclic { Vec::new() } else { graph.cycles() };
    for cycle in cycles {
        let Some(first) = cycle.jobs.first() else {
            continue;
        };
        // Each job on the cycle, at the entry of its `needs` that names the next one (where GitHub
        // reports the cycle).
        let mut related = Vec::new();
        for (i, job) in cycle.jobs.iter().enumerate() {
            let next = &cycle.jobs[(i + 1) % cycle.jobs.len()];
            let job_path = jobs.key(job);
            let needs_path = job_path.key("needs");
            let needs = workflow.jobs.get(job).and_then(|j| j.needs.as_ref());
            let path = match needs {
                Some(OneOrMany::Many(list)) => list
                    .iter()
                    .position(|n| n.eq_ignore_ascii_case(next))
                    .map_or_else(|| needs_path.to_path(), |at| needs_path.index(at).to_path()),
                _ => needs_path.to_path(),
            };
            related.push(cx.related(format!("`{job}` needs `{next}`"), path, At::Value));
        }
        let diagnostic = cx.error(
            "needs-cycle",
            jobs.key(first),
            At::Key,
            format!("the needs of these jobs form a cycle, so none of them can start: {cycle}; remove one of the needs"),
        );
        diagnostic.related = related;
    }
}

/// A job id compared and hashed without regard to ASCII case, as GitHub compares job ids.
#[derive(Clone, Copy)]
struct Caseless<'a>(&'a str);

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Caseless<'_> {}

impl std::hash::Hash for Caseless<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        state.write_u8(0xff);
    }
}
