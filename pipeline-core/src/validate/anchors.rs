//! YAML anchors (`&name`) and aliases (`*name`) as written: which node each anchor marks, anchors no alias
//! uses, and aliases inside the value they point to (which no parser can expand).
//!
//! The layout scan records aliases as leaves and places every node after its anchor, so an anchor is the
//! `&name` token just before a node's position (on the same line, or on the line of its key).

use crate::model::Path;
use crate::parse::Position;
use crate::yaml::layout::{Node, NodeKind};

/// An anchor and the node it marks.
#[derive(Clone, Debug)]
pub(crate) struct Anchor<'a> {
    pub(crate) name: String,
    /// Where `&` is.
    pub(crate) at: Position,
    pub(crate) node: &'a Node,
    /// The model path of the node.
    pub(crate) path: Path,
}

/// An alias: its name, where `*` is, and its model path.
#[derive(Clone, Debug)]
pub(crate) struct Alias {
    pub(crate) name: String,
    pub(crate) at: Position,
    pub(crate) path: Path,
}

/// The byte offsets where lines start.
fn offset(text: &str, starts: &[usize], position: Position) -> Option<usize> {
    let line = usize::try_from(position.line).ok()?.checked_sub(1)?;
    let start = *starts.get(line)?;
    let column = usize::try_from(position.column).ok()?.saturating_sub(1);
    let rest = text.get(start..)?;
    Some(
        start
            + rest
                .char_indices()
                .nth(column)
                .map_or(rest.len(), |(i, _)| i),
    )
}

fn position(text: &str, starts: &[usize], byte: usize) -> Option<Position> {
    let line = match starts.binary_search(&byte) {
        Ok(l) => l,
        Err(n) => n.checked_sub(1)?,
    };
    let column = text.get(starts[line]..byte)?.chars().count() + 1;
    Some(Position {
        line: u32::try_from(line + 1).ok()?,
        column: u32::try_from(column).ok()?,
    })
}

fn is_name_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}')
}

/// The anchor written just before byte `at`, skipping blanks, line breaks and a tag.
fn anchor_before(text: &str, at: usize) -> Option<(String, usize)> {
    let head = text.get(..at)?;
    let trimmed = head.trim_end();
    let token_start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '[' | '{' | ','))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let token = &trimmed[token_start..];
    if let Some(name) = token.strip_prefix('&')
        && !name.is_empty()
        && name.chars().all(is_name_char)
    {
        return Some((name.to_owned(), token_start));
    }
    if token.starts_with('!') && token_start > 0 {
        return anchor_before(text, token_start);
    }
    None
}

/// Every anchor and alias of a document, in document order.
pub(crate) fn collect<'a>(
    root: &'a Node,
    text: &str,
    starts: &[usize],
) -> (Vec<Anchor<'a>>, Vec<Alias>) {
    let mut anchors = Vec::new();
    let mut aliases = Vec::new();
    let mut stack: Vec<(&'a Node, Path)> = vec![(root, Path::root())];
    while let Some((node, path)) = stack.pop() {
        if let Some(at) = offset(text, starts, node.position) {
            if matches!(node.kind, NodeKind::Alias) {
                let rest = text.get(at..).unwrap_or("");
                if let Some(name) = rest.strip_prefix('*') {
                    let name: String = name.chars().take_while(|c| is_name_char(*c)).collect();
                    aliases.push(Alias {
                        name,
                        at: node.position,
                        path: path.clone(),
                    });
                }
            } else if let Some((name, byte)) = anchor_before(text, at)
                && let Some(at) = position(text, starts, byte)
            {
                anchors.push(Anchor {
                    name,
                    at,
                    node,
                    path: path.clone(),
                });
            }
        }
        match &node.kind {
            NodeKind::Mapping(entries) => {
                for entry in entries.iter().rev() {
                    stack.push((&entry.value, path.key(&entry.key)));
                }
            }
            NodeKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, path.index(i)));
                }
            }
            _ => {}
        }
    }
    anchors.sort_by_key(|a| a.at);
    aliases.sort_by_key(|a| a.at);
    (anchors, aliases)
}

/// The anchor an alias refers to: the last one of its name before it.
pub(crate) fn target<'x, 'a>(
    anchors: &'x [Anchor<'a>],
    name: &str,
    at: Position,
) -> Option<&'x Anchor<'a>> {
    anchors.iter().rev().find(|a| a.name == name && a.at < at)
}

/// Whether `path` lies inside the node at `within`.
pub(crate) fn inside(path: &Path, within: &Path) -> bool {
    path.segments().starts_with(within.segments())
}
