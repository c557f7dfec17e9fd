//! Comments kept with the model: a side table on each workflow, job, step and action, keyed by the model
//! path of the node a comment belongs to, relative to its owner.
//!
//! A comment is the user's, not GitHub's: it never takes part in equality (a model with comments equals
//! the same model without), serialization or the JSON schema, and the validator never reads it. The parser
//! fills the tables and the emitter writes them back, each comment next to the key or item it was written
//! at. Jobs and steps carry their own table, so a comment moves with its job or step when the model is
//! reordered or a step is inserted before it.

use super::{Action, Job, Path, PathSegment, Step, Workflow};
use std::collections::BTreeMap;
use std::sync::Arc;

type Table = BTreeMap<Vec<PathSegment>, NodeComments>;

/// The comments of one node: on lines of their own before it, after its value on its line, and after the
/// last entry or item of a collection.
///
/// Each line is kept as written, from its `#` on (`# renovate: datasource=docker`); an empty string
/// stands for a blank line between two comments.
///
/// ```
/// use pipeline_core::model::NodeComments;
/// let mut node = NodeComments::default();
/// node.before.push("# Runs on every push".into());
/// node.after = Some("# pinned".into());
/// assert_eq!(node.lines().count(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeComments {
    /// Comment lines above the node: above its key, or above the dash of a sequence item.
    pub before: Vec<String>,
    /// The comment after the value on the key's (or dash's) line; for a block scalar, after its `|`.
    pub after: Option<String>,
    /// For a mapping or sequence: comment lines after its last entry or item, at its indentation.
    pub end: Vec<String>,
}

impl NodeComments {
    /// Every comment line, blank lines left out.
    ///
    /// ```
    /// use pipeline_core::model::NodeComments;
    /// let node = NodeComments { before: vec!["# a".into(), String::new(), "# b".into()], ..NodeComments::default() };
    /// assert_eq!(node.lines().collect::<Vec<_>>(), ["# a", "# b"]);
    /// ```
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.before
            .iter()
            .chain(&self.after)
            .chain(&self.end)
            .map(String::as_str)
            .filter(|line| !line.is_empty())
    }

    fn is_empty(&self) -> bool {
        self.before.is_empty() && self.after.is_none() && self.end.is_empty()
    }
}

/// The comments of a workflow, job, step or action, by model path relative to it. The empty path is the
/// owner itself: for a workflow or an action, `before` is the file's header; for a job, the lines above its
/// id; for a step, the lines above its dash.
///
/// Comments never take part in equality, like [`Origin`](super::Origin):
///
/// ```
/// use pipeline_core::model::{Comments, Path};
/// let mut comments = Comments::default();
/// comments.before(&Path::root().key("runs-on"), "Larger runners are billed per minute");
/// assert_eq!(comments.len(), 1);
/// assert_eq!(comments, Comments::default());
/// let node = comments.get(&Path::root().key("runs-on")).unwrap();
/// assert_eq!(node.before, ["# Larger runners are billed per minute"]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Comments(Option<Arc<Table>>);

impl PartialEq for Comments {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Comments {}

impl Comments {
    /// No comments.
    #[must_use]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|table| table.is_empty())
    }

    /// The number of comment lines (blank lines left out).
    #[must_use]
    pub fn len(&self) -> usize {
        self.table().values().map(|node| node.lines().count()).sum()
    }

    /// The comments of the node at `path`.
    #[must_use]
    pub fn get(&self, path: &Path) -> Option<&NodeComments> {
        self.at(path.segments())
    }

    /// The comments of the node at the path made of `segments`.
    ///
    /// ```
    /// use pipeline_core::model::{Comments, Path, PathSegment};
    /// let mut comments = Comments::default();
    /// comments.after(&Path::root().key("with").key("node-version"), "LTS");
    /// let segments = [PathSegment::Key("with".into()), PathSegment::Key("node-version".into())];
    /// assert_eq!(comments.at(&segments).unwrap().after.as_deref(), Some("# LTS"));
    /// ```
    #[must_use]
    pub fn at(&self, segments: &[PathSegment]) -> Option<&NodeComments> {
        self.0.as_ref()?.get(segments)
    }

    /// Whether the node at `segments` has comments at its end, or any node below it has comments: such a
    /// list is written one item per line, where each comment has a place.
    ///
    /// ```
    /// use pipeline_core::model::{Comments, Path, PathSegment};
    /// let mut comments = Comments::default();
    /// comments.before(&Path::root().key("branches").index(1), "release branches");
    /// assert!(comments.within(&[PathSegment::Key("branches".into())]));
    /// assert!(!comments.within(&[PathSegment::Key("tags".into())]));
    /// ```
    #[must_use]
    pub fn within(&self, segments: &[PathSegment]) -> bool {
        self.table()
            .range::<[PathSegment], _>((
                std::ops::Bound::Included(segments),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(path, _)| path.starts_with(segments))
            .any(|(path, node)| path.len() > segments.len() || !node.end.is_empty())
    }

    /// The comments of the node at `path`, created empty when it has none.
    pub fn node_mut(&mut self, path: &Path) -> &mut NodeComments {
        self.table_mut()
            .entry(path.segments().to_vec())
            .or_default()
    }

    /// Every node with comments, in path order.
    ///
    /// ```
    /// use pipeline_core::model::{Comments, Path};
    /// let mut comments = Comments::default();
    /// comments.end(&Path::root().key("env"), "more below");
    /// let (path, node) = comments.iter().next().unwrap();
    /// assert_eq!((path.to_string(), node.end.len()), ("env".to_string(), 1));
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (Path, &NodeComments)> {
        self.table().iter().map(|(segments, node)| {
            let path = segments
                .iter()
                .fold(Path::root(), |path, segment| match segment {
                    PathSegment::Key(key) => path.key(key.as_str()),
                    PathSegment::Index(i) => path.index(*i),
                });
            (path, node)
        })
    }

    /// Adds comment lines above the node at `path`, one `# ` line per line of `text`.
    pub fn before(&mut self, path: &Path, text: &str) -> &mut Self {
        self.node_mut(path).before.extend(lines(text));
        self
    }

    /// Sets the comment after the value of the node at `path` (line breaks become spaces).
    pub fn after(&mut self, path: &Path, text: &str) -> &mut Self {
        let text = text.split(is_break).collect::<Vec<_>>().join(" ");
        self.node_mut(path).after = lines(&text).next();
        self
    }

    /// Adds comment lines after the last entry or item of the collection at `path`.
    pub fn end(&mut self, path: &Path, text: &str) -> &mut Self {
        self.node_mut(path).end.extend(lines(text));
        self
    }

    fn table(&self) -> &Table {
        static EMPTY: Table = BTreeMap::new();
        self.0.as_deref().unwrap_or(&EMPTY)
    }

    /// The table, shared until it is changed (the emitter holds tables without copying them).
    fn table_mut(&mut self) -> &mut Table {
        Arc::make_mut(self.0.get_or_insert_with(Arc::default))
    }

    /// Keeps `node` as the comments of the node at `segments`, after those it already has.
    pub(crate) fn insert(&mut self, segments: Vec<PathSegment>, node: NodeComments) {
        if node.is_empty() {
            return;
        }
        let slot = self.table_mut().entry(segments).or_default();
        slot.before.extend(node.before);
        if slot.after.is_none() {
            slot.after = node.after;
        } else if let Some(after) = node.after {
            slot.end.push(after);
        }
        slot.end.extend(node.end);
    }

    /// Drops the comment after the value at `segments`, kept elsewhere in the model.
    pub(crate) fn drop_after(&mut self, segments: &[PathSegment]) {
        if self.at(segments).is_none_or(|node| node.after.is_none()) {
            return;
        }
        let table = self.table_mut();
        if let Some(node) = table.get_mut(segments) {
            node.after = None;
            if node.is_empty() {
                table.remove(segments);
            }
        }
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// One `# ` comment line per line of `text` (a `#` alone for an empty line).
fn lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(is_break).map(|line| {
        let line = line.trim_end();
        if line.is_empty() {
            "#".to_owned()
        } else {
            format!("# {line}")
        }
    })
}

impl Workflow {
    /// Adds to the file's header comment, written at the top of the file before the first key.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step, Workflow};
    /// let ci = Workflow::new("CI")
    ///     .comment("Checks every push.")
    ///     .key_comment("jobs", "One job per platform.")
    ///     .job("test", Job::new("ubuntu-latest").step(Step::run("make test")));
    /// let yaml = pipeline_core::emit::workflow(&ci, &Default::default());
    /// assert!(yaml.starts_with("# Checks every push.\n\nname: CI\n"));
    /// assert!(yaml.contains("\n# One job per platform.\njobs:\n"));
    /// ```
    #[must_use]
    pub fn comment(mut self, text: impl AsRef<str>) -> Self {
        self.comments.before(&Path::root(), text.as_ref());
        self
    }

    /// Removes every comment: the workflow's, its jobs' and their steps'.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step, Workflow};
    /// let mut ci = Workflow::new("CI").comment("header").job("a", Job::new("x").comment("a job").step(Step::run("make").comment("a step")));
    /// ci.strip_comments();
    /// assert!(ci.comments.is_empty() && ci.jobs["a"].comments.is_empty());
    /// assert!(ci.jobs["a"].steps.as_ref().unwrap()[0].comments.is_empty());
    /// ```
    pub fn strip_comments(&mut self) {
        self.comments = Comments::default();
        for job in self.jobs.values_mut() {
            job.comments = Comments::default();
            for step in job.steps.iter_mut().flatten() {
                step.comments = Comments::default();
            }
        }
    }

    /// Adds a comment above one of the workflow's own keys (`on`, `permissions`, `env`, `jobs`, ...).
    #[must_use]
    pub fn key_comment(mut self, key: &str, text: impl AsRef<str>) -> Self {
        self.comments.before(&Path::root().key(key), text.as_ref());
        self
    }
}

impl Job {
    /// Adds a comment above the job's id.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step, Workflow};
    /// let ci = Workflow::new("CI").job(
    ///     "test",
    ///     Job::new("ubuntu-latest")
    ///         .comment("The required check.")
    ///         .key_comment("runs-on", "The cheapest runner.")
    ///         .step(Step::run("make test").comment("Unit tests only.")),
    /// );
    /// let yaml = pipeline_core::emit::workflow(&ci, &Default::default());
    /// assert!(yaml.contains("\n  # The required check.\n  test:\n    # The cheapest runner.\n    runs-on:"));
    /// assert!(yaml.contains("\n      # Unit tests only.\n      - run: make test\n"));
    /// ```
    #[must_use]
    pub fn comment(mut self, text: impl AsRef<str>) -> Self {
        self.comments.before(&Path::root(), text.as_ref());
        self
    }

    /// Adds a comment above one of the job's keys (`runs-on`, `steps`, `with`, ...).
    #[must_use]
    pub fn key_comment(mut self, key: &str, text: impl AsRef<str>) -> Self {
        self.comments.before(&Path::root().key(key), text.as_ref());
        self
    }
}

impl Step {
    /// Adds a comment above the step's dash.
    ///
    /// ```
    /// use pipeline_core::model::Step;
    /// let step = Step::run("make").comment("Builds everything.");
    /// assert_eq!(step.comments.len(), 1);
    /// ```
    #[must_use]
    pub fn comment(mut self, text: impl AsRef<str>) -> Self {
        self.comments.before(&Path::root(), text.as_ref());
        self
    }

    /// Adds a comment above one of the step's keys (`with`, `run`, `env`, ...).
    ///
    /// ```
    /// use pipeline_core::model::{Path, Step};
    /// let step = Step::run("make").key_comment("run", "Needs GNU make.");
    /// assert!(step.comments.get(&Path::root().key("run")).is_some());
    /// ```
    #[must_use]
    pub fn key_comment(mut self, key: &str, text: impl AsRef<str>) -> Self {
        self.comments.before(&Path::root().key(key), text.as_ref());
        self
    }
}

impl Action {
    /// Removes every comment: the action's and its composite steps'.
    ///
    /// ```
    /// use pipeline_core::model::Action;
    /// let mut action = Action::default().comment("header");
    /// action.strip_comments();
    /// assert!(action.comments.is_empty());
    /// ```
    pub fn strip_comments(&mut self) {
        self.comments = Comments::default();
        if let Some(super::Runs::Composite(composite)) = &mut self.runs {
            for step in &mut composite.steps {
                step.comments = Comments::default();
            }
        }
    }

    /// Adds to the file's header comment.
    ///
    /// ```
    /// use pipeline_core::model::Action;
    /// let action = Action { name: Some("Hello".into()), ..Action::default() }.comment("Maintained by the platform team.");
    /// let yaml = pipeline_core::emit::action(&action, &Default::default());
    /// assert!(yaml.starts_with("# Maintained by the platform team.\n\nname: Hello\n"));
    /// ```
    #[must_use]
    pub fn comment(mut self, text: impl AsRef<str>) -> Self {
        self.comments.before(&Path::root(), text.as_ref());
        self
    }
}
