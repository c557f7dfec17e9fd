//! Comments from the layout to the model: each comment the scan placed goes to the side table of the
//! workflow, job, step or action that owns its node, keyed by the node's path relative to that owner.
//!
//! The layout already decided which node a comment belongs to (see [`crate::yaml::layout::Node`]); here
//! the blank lines between comments are kept as empty lines, and the comments at the top of the file
//! that a blank line separates from the first key become the file's header.

use crate::model::{Action, Comments, NodeComments, PathSegment, Runs, Step, Workflow};
use crate::yaml::layout::{Comment, Node, NodeKind};

/// The comments of a document by full model path, in document order.
type Flat = Vec<(Vec<PathSegment>, NodeComments)>;

/// Gives each comment of the document whose layout is `root` to its owner in `workflow`.
pub(super) fn workflow(root: &Node, workflow: &mut Workflow) {
    for (path, node) in collect(root) {
        let (owner, rest) = match path.as_slice() {
            [PathSegment::Key(jobs), PathSegment::Key(id), rest @ ..] if jobs == "jobs" => {
                match workflow.jobs.get_mut(id) {
                    Some(job) => match rest {
                        [PathSegment::Key(steps), PathSegment::Index(i), rest @ ..]
                            if steps == "steps" =>
                        {
                            match job.steps.as_mut().and_then(|steps| steps.get_mut(*i)) {
                                Some(step) => (&mut step.comments, rest),
                                None => (&mut job.comments, rest),
                            }
                        }
                        _ => (&mut job.comments, rest),
                    },
                    None => (&mut workflow.comments, path.as_slice()),
                }
            }
            _ => (&mut workflow.comments, path.as_slice()),
        };
        owner.insert(rest.to_vec(), node);
    }
    for job in workflow.jobs.values_mut() {
        keep_uses_comment(&mut job.comments);
        job.steps.iter_mut().flatten().for_each(step);
    }
}

/// Gives each comment of the document whose layout is `root` to its owner in `action`.
pub(super) fn action(root: &Node, action: &mut Action) {
    for (path, node) in collect(root) {
        let owner = match (path.as_slice(), action.runs.as_mut()) {
            (
                [
                    PathSegment::Key(runs),
                    PathSegment::Key(steps),
                    PathSegment::Index(i),
                    rest @ ..,
                ],
                Some(Runs::Composite(composite)),
            ) if runs == "runs" && steps == "steps" && *i < composite.steps.len() => composite
                .steps
                .get_mut(*i)
                .map(|step| (&mut step.comments, rest.to_vec())),
            _ => None,
        };
        match owner {
            Some((comments, rest)) => comments.insert(rest, node),
            None => action.comments.insert(path, node),
        }
    }
    if let Some(Runs::Composite(composite)) = &mut action.runs {
        composite.steps.iter_mut().for_each(step);
    }
}

fn step(step: &mut Step) {
    keep_uses_comment(&mut step.comments);
}

/// The comment after `uses:` is the version of a pinned action, kept in `uses_comment` where the pins
/// code reads and updates it; the table does not hold it twice.
fn keep_uses_comment(comments: &mut Comments) {
    comments.drop_after(&[PathSegment::Key("uses".to_owned())]);
}

/// Every node's comments, by full path. The comments above the first key that a blank line separates
/// from it are the file's header, kept before the root.
fn collect(root: &Node) -> Flat {
    let mut flat = Flat::new();
    let mut path = Vec::new();
    walk(root, root.position.line, &mut path, &mut flat);
    // The header: the first entry's comments up to its last blank line, and a comment after `---`.
    if let Some(first) = flat.iter_mut().find(|(path, _)| path.len() == 1)
        && let Some(blank) = first.1.before.iter().rposition(String::is_empty)
        && first.0 == first_key(root)
    {
        let mut header: Vec<String> = first.1.before.drain(..=blank).collect();
        while header.last().is_some_and(String::is_empty) {
            header.pop();
        }
        match flat.iter_mut().find(|(path, _)| path.is_empty()) {
            Some((_, node)) => node.before.splice(0..0, header).for_each(drop),
            None => flat.insert(
                0,
                (
                    Vec::new(),
                    NodeComments {
                        before: header,
                        ..NodeComments::default()
                    },
                ),
            ),
        }
    }
    if let Some((_, node)) = flat.iter_mut().find(|(path, _)| path.is_empty())
        && let Some(after) = node.after.take()
    {
        // `--- # note` at the top of the file.
        node.before.push(after);
    }
    flat
}

fn first_key(root: &Node) -> Vec<PathSegment> {
    match &root.kind {
        NodeKind::Mapping(entries) => entries
            .first()
            .map(|e| vec![PathSegment::Key(e.key.clone())])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `line` is where the node's key or dash is, for the blank line between its comments and itself.
fn walk(node: &Node, line: u32, path: &mut Vec<PathSegment>, flat: &mut Flat) {
    let comments = NodeComments {
        before: lines(&node.before, Some(line)),
        after: node.trailing.as_ref().map(|c| c.text.clone()),
        end: lines(&node.end, None),
    };
    if comments != NodeComments::default() {
        flat.push((path.clone(), comments));
    }
    match &node.kind {
        NodeKind::Mapping(entries) => {
            for entry in entries {
                path.push(PathSegment::Key(entry.key.clone()));
                if entry.key == "<<" && merged(&entry.value) {
                    // A merge key is no key of the model: its comments go above the mapping it merges into.
                    let mut inner = Flat::new();
                    walk(&entry.value, entry.key_position.line, path, &mut inner);
                    path.pop();
                    let lines = inner.into_iter().flat_map(|(_, node)| {
                        node.before.into_iter().chain(node.after).chain(node.end)
                    });
                    let before: Vec<String> = lines.filter(|l| !l.is_empty()).collect();
                    if !before.is_empty() {
                        flat.push((
                            path.clone(),
                            NodeComments {
                                before,
                                ..NodeComments::default()
                            },
                        ));
                    }
                    continue;
                }
                walk(&entry.value, entry.key_position.line, path, flat);
                path.pop();
            }
        }
        NodeKind::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathSegment::Index(i));
                walk(item, item.position.line, path, flat);
                path.pop();
            }
        }
        NodeKind::Scalar | NodeKind::Alias => {}
    }
}

/// Whether the value of a `<<` key is what a merge key takes: an alias, a mapping, or a list of them.
fn merged(value: &Node) -> bool {
    match &value.kind {
        NodeKind::Alias | NodeKind::Mapping(_) => true,
        NodeKind::Sequence(items) => items
            .iter()
            .all(|item| matches!(item.kind, NodeKind::Alias | NodeKind::Mapping(_))),
        NodeKind::Scalar => false,
    }
}

/// Comment lines with an empty line where blank lines separate two of them, and (with `next`, the line
/// of what follows them) before what follows.
fn lines(comments: &[Comment], next: Option<u32>) -> Vec<String> {
    let mut lines = Vec::with_capacity(comments.len());
    let mut previous: Option<u32> = None;
    for comment in comments {
        if previous.is_some_and(|line| comment.position.line > line + 1) {
            lines.push(String::new());
        }
        lines.push(comment.text.clone());
        previous = Some(comment.position.line);
    }
    if let (Some(last), Some(next)) = (previous, next)
        && next > last + 1
    {
        lines.push(String::new());
    }
    lines
}
