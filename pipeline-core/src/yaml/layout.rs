//! Source positions for YAML text: a scanner that recovers the shape of a document (mappings, sequences,
//! scalars, aliases) with the line and column of every node and the comments that belong to it, so data
//! parsed by `serde_yaml` can be traced back to where it was written and its comments written again.
//!
//! `serde_yaml` gives the data but no positions. [`scan`] reads the same text and builds a [`Node`] tree
//! whose mappings and sequences line up one to one with the `serde_yaml::Value` (same keys in the same
//! order, same lengths), except below an alias, which the scan keeps as an [`NodeKind::Alias`] leaf where
//! the data holds a copy of the anchored value. A merge key `<<` is an ordinary entry here, as it is in
//! the data before `Value::apply_merge`.
//!
//! The scan never fails: on text it does not understand (or that is not valid YAML) it stops descending
//! and returns what it has placed so far, so a caller walking both trees falls back to the nearest
//! placed ancestor.
//!
//! Only the first document of a stream is scanned (`serde_yaml` reads only single documents). A BOM at
//! the start is skipped; `\r\n`, a lone `\r` and the YAML 1.1 line breaks NEL, LS and PS each end a line,
//! as they do for the YAML parser behind `serde_yaml`.

use std::collections::BTreeMap;
use std::fmt;

/// A place in the text: 1-based line, and 1-based column counted in characters (a tab counts as one).
///
/// ```
/// use pipeline_core::yaml::layout::{scan, Position};
/// let root = scan("name: CI\n");
/// assert_eq!(root.get("name").unwrap().value.position, Position { line: 1, column: 7 });
/// assert_eq!(Position { line: 3, column: 5 }.to_string(), "3:5");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1, in characters.
    pub column: u32,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A node of the document: where it starts, what it is, and the comment that trails it.
///
/// ```
/// use pipeline_core::yaml::layout::{scan, NodeKind};
/// let root = scan("steps:\n  - uses: actions/checkout@abc # v4.2.2\n");
/// let uses = &root.get("steps").unwrap().value.item(0).unwrap().get("uses").unwrap().value;
/// assert!(matches!(uses.kind, NodeKind::Scalar));
/// assert_eq!(uses.comment.as_deref(), Some("v4.2.2"));
/// assert_eq!((uses.position.line, uses.position.column), (2, 11));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Where the node's content starts, after any anchor or tag. For a block mapping or sequence on the
    /// lines below its key, the first key or dash; for an empty (null) value, the place right after the
    /// `key:` or `-` that introduces it.
    pub position: Position,
    /// Scalar, alias, mapping or sequence, with the children of collections.
    pub kind: NodeKind,
    /// For a scalar (also an empty one, a block scalar's header or an alias): the comment after it on the
    /// same line, without the `#` and surrounding spaces. `None` for collections.
    pub comment: Option<String>,
    /// Comments on lines of their own before the node: before its key (for a mapping value) or its dash
    /// (for a sequence item), in document order. For a flow collection written in a block, the comments
    /// inside its brackets follow them.
    pub before: Vec<Comment>,
    /// The comment at the end of the node's first line: after a scalar (as `comment`, but verbatim), after
    /// a flow collection's closing bracket, or after the `key:` or `-` that introduces a block collection.
    pub trailing: Option<Comment>,
    /// For a block collection: the comments after its last entry or item, indented at least as deep as
    /// its keys or dashes (deeper than what follows).
    pub end: Vec<Comment>,
}

/// A comment as written: from its `#` to the end of its line, trailing blanks removed.
///
/// ```
/// use pipeline_core::yaml::layout::scan;
/// let root = scan("# CI for the web app\n\non: push # every branch\n");
/// let on = &root.get("on").unwrap().value;
/// assert_eq!(on.before[0].text, "# CI for the web app");
/// assert_eq!(on.trailing.as_ref().unwrap().text, "# every branch");
/// assert_eq!(on.trailing.as_ref().unwrap().position.to_string(), "3:10");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Where its `#` is.
    pub position: Position,
    /// The text from `#` on (`# v4.2.2`, `#no space`).
    pub text: String,
}

impl Comment {
    /// The text after the `#`, without surrounding blanks: `v4.2.2` for `# v4.2.2`.
    ///
    /// ```
    /// use pipeline_core::yaml::layout::{Comment, Position};
    /// let comment = Comment { position: Position::default(), text: "#  v4.2.2".into() };
    /// assert_eq!(comment.content(), "v4.2.2");
    /// ```
    #[must_use]
    pub fn content(&self) -> String {
        self.text
            .strip_prefix('#')
            .unwrap_or(&self.text)
            .trim()
            .to_owned()
    }
}

/// What a [`Node`] is.
///
/// ```
/// use pipeline_core::yaml::layout::{scan, NodeKind};
/// let root = scan("a: [1, 2]\nb: *x\n");
/// assert!(matches!(&root.get("a").unwrap().value.kind, NodeKind::Sequence(items) if items.len() == 2));
/// assert!(matches!(root.get("b").unwrap().value.kind, NodeKind::Alias));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A plain, quoted or block scalar, or an empty value (null).
    Scalar,
    /// `*name`: the data holds a copy of the anchored node, the layout does not descend into it.
    Alias,
    /// A block or flow mapping, entries in document order.
    Mapping(Vec<Entry>),
    /// A block or flow sequence.
    Sequence(Vec<Node>),
}

/// One `key: value` of a mapping.
///
/// ```
/// use pipeline_core::yaml::layout::scan;
/// let root = scan("'on': push\n");
/// let entry = root.get("on").unwrap();
/// assert_eq!(entry.key, "on");
/// assert_eq!((entry.key_position.column, entry.value.position.column), (1, 7));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key as the YAML parser reads it: unquoted, escapes resolved (`'on'` and `"on"` give `on`).
    pub key: String,
    /// Where the key starts (its opening quote, when quoted).
    pub key_position: Position,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The first entry of a mapping with this key; `None` for other nodes.
    ///
    /// ```
    /// let root = pipeline_core::yaml::layout::scan("a: 1\nb: 2\n");
    /// assert_eq!(root.get("b").unwrap().key_position.line, 2);
    /// assert!(root.get("c").is_none());
    /// ```
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Mapping(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The item of a sequence at `index`; `None` for other nodes.
    ///
    /// ```
    /// let root = pipeline_core::yaml::layout::scan("- a\n- b\n");
    /// assert_eq!(root.item(1).unwrap().position.line, 2);
    /// assert!(root.item(2).is_none());
    /// ```
    #[must_use]
    pub fn item(&self, index: usize) -> Option<&Node> {
        match &self.kind {
            NodeKind::Sequence(items) => items.get(index),
            _ => None,
        }
    }
}

/// Scans the first document of `text` for its layout. Never panics; stops descending where the text is
/// not understood and returns what it placed.
///
/// ```
/// use pipeline_core::yaml::layout::scan;
/// let root = scan("on:\n  push:\n    branches: [main]\njobs:\n  build:\n    steps:\n    - run: make\n");
/// let run = root.get("jobs").unwrap().value.get("build").unwrap().value.get("steps").unwrap();
/// assert_eq!(run.value.position.to_string(), "7:5");
/// assert_eq!(run.value.item(0).unwrap().get("run").unwrap().value.position.to_string(), "7:12");
/// ```
#[must_use]
pub fn scan(text: &str) -> Node {
    Scanner::new(text).document()
}

/// Every comment the scan gave to a node of the tree under `node`, in document order.
///
/// ```
/// use pipeline_core::yaml::layout::{comments, scan};
/// let root = scan("# header\n\non: push # all\njobs:\n  a: {}\n  # end of jobs\n");
/// let texts: Vec<&str> = comments(&root).iter().map(|c| c.text.as_str()).collect();
/// assert_eq!(texts, ["# header", "# all", "# end of jobs"]);
/// ```
#[must_use]
pub fn comments(node: &Node) -> Vec<&Comment> {
    fn collect<'a>(node: &'a Node, into: &mut Vec<&'a Comment>) {
        into.extend(&node.before);
        into.extend(&node.trailing);
        match &node.kind {
            NodeKind::Mapping(entries) => entries.iter().for_each(|e| collect(&e.value, into)),
            NodeKind::Sequence(items) => items.iter().for_each(|item| collect(item, into)),
            NodeKind::Scalar | NodeKind::Alias => {}
        }
        into.extend(&node.end);
    }
    let mut all = Vec::new();
    collect(node, &mut all);
    all.sort_by_key(|c| c.position);
    all
}

/// Keys written twice in the same mapping, at any depth: `(key, first, duplicate)`, in document order.
///
/// `serde_yaml` rejects a duplicate key but reports it at the start of the mapping; this gives the place
/// of the second occurrence. Keys are compared as text after unquoting, so `a` and `'a'` are the same key.
///
/// ```
/// use pipeline_core::yaml::layout::{duplicate_keys, scan};
/// let dups = duplicate_keys(&scan("jobs:\n  a: {}\n  b: {}\n  a: {}\n"));
/// assert_eq!(dups.len(), 1);
/// let (key, first, again) = &dups[0];
/// assert_eq!((key.as_str(), first.line, again.line), ("a", 2, 4));
/// ```
#[must_use]
pub fn duplicate_keys(node: &Node) -> Vec<(String, Position, Position)> {
    let mut found = Vec::new();
    collect_duplicates(node, &mut found);
    found
}

fn collect_duplicates(node: &Node, found: &mut Vec<(String, Position, Position)>) {
    match &node.kind {
        NodeKind::Mapping(entries) => {
            let mut seen: BTreeMap<&str, Position> = BTreeMap::new();
            for entry in entries {
                match seen.get(entry.key.as_str()) {
                    Some(first) => found.push((entry.key.clone(), *first, entry.key_position)),
                    None => {
                        seen.insert(&entry.key, entry.key_position);
                    }
                }
                collect_duplicates(&entry.value, found);
            }
        }
        NodeKind::Sequence(items) => items
            .iter()
            .for_each(|item| collect_duplicates(item, found)),
        NodeKind::Scalar | NodeKind::Alias => {}
    }
}

/// Nesting deeper than this is not descended into (`serde_yaml` itself stops at 128 levels); it keeps the
/// recursion of the scanner far from the end of the stack.
const MAX_DEPTH: usize = 160;

/// A line that holds something other than blanks and a comment.
#[derive(Clone, Copy)]
struct Line {
    /// Index of the line's first character.
    start: usize,
    /// Leading spaces.
    indent: usize,
    /// Index of the first character that is not a space or tab.
    content: usize,
}

impl Line {
    /// A tab among the leading blanks: YAML does not allow it where block structure is read.
    fn tabbed(self) -> bool {
        self.content != self.start + self.indent
    }
}

/// A key found at the start of a block mapping entry.
struct Key {
    text: String,
    start: usize,
    /// Index of the `:` indicator.
    colon: usize,
}

struct Scanner {
    /// The text without BOM, every line break turned into `\n`.
    chars: Vec<char>,
    /// Index of the first character of each line.
    lines: Vec<usize>,
    pos: usize,
    depth: usize,
    /// Set at the first thing not understood: from then on nothing more is placed.
    stopped: bool,
    /// Comments on lines of their own (and inside flow collections) read but not yet given to a node.
    pending: Vec<Comment>,
    /// Index after the last comment taken into `pending`: the text is looked at again after a dedent, and
    /// a comment is recorded once.
    recorded: usize,
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_flow_indicator(c: char) -> bool {
    matches!(c, ',' | '[' | ']' | '{' | '}')
}

/// Characters of anchor and alias names, as the YAML parser behind `serde_yaml` reads them.
fn is_anchor_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

impl Scanner {
    fn new(text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut chars = Vec::with_capacity(text.len());
        let mut lines = vec![0];
        let mut iter = text.chars().peekable();
        while let Some(c) = iter.next() {
            let c = match c {
                '\r' => {
                    if iter.peek() == Some(&'\n') {
                        iter.next();
                    }
                    '\n'
                }
                '\u{85}' | '\u{2028}' | '\u{2029}' => '\n',
                c => c,
            };
            chars.push(c);
            if c == '\n' {
                lines.push(chars.len());
            }
        }
        Self {
            chars,
            lines,
            pos: 0,
            depth: 0,
            stopped: false,
            pending: Vec::new(),
            recorded: 0,
        }
    }

    // ----- characters and positions -----

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn cur(&self) -> Option<char> {
        self.at(self.pos)
    }

    /// End of text, a blank or a line break at `i`.
    fn blankz(&self, i: usize) -> bool {
        self.at(i).is_none_or(|c| is_blank(c) || c == '\n')
    }

    /// A blank, a line break or the end at `i`, and in flow context also a flow indicator: what ends an
    /// anchor, a tag or a plain scalar's first `-`, `?` or `:`.
    fn separator(&self, i: usize, flow: bool) -> bool {
        self.blankz(i) || (flow && self.at(i).is_some_and(is_flow_indicator))
    }

    fn eol(&self, i: usize) -> bool {
        self.at(i).is_none_or(|c| c == '\n')
    }

    fn position(&self, i: usize) -> Position {
        let line = self
            .lines
            .partition_point(|&start| start <= i)
            .saturating_sub(1);
        let start = self.lines.get(line).copied().unwrap_or(0);
        Position {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(i.saturating_sub(start) + 1).unwrap_or(u32::MAX),
        }
    }

    fn column(&self, i: usize) -> usize {
        let line = self
            .lines
            .partition_point(|&start| start <= i)
            .saturating_sub(1);
        i.saturating_sub(self.lines.get(line).copied().unwrap_or(0))
    }

    fn line_end(&self, mut i: usize) -> usize {
        while !self.eol(i) {
            i += 1;
        }
        i
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars
            .get(start..end)
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    }

    fn skip_blanks(&mut self) {
        while self.cur().is_some_and(is_blank) {
            self.pos += 1;
        }
    }

    /// `---` or `...` at the start of the line beginning at `start`, followed by a blank or the end of line.
    fn is_marker(&self, start: usize) -> bool {
        let three = |c| (0..3).all(|k| self.at(start + k) == Some(c));
        (three('-') || three('.')) && self.blankz(start + 3)
    }

    /// The first line at or after the line beginning at `from` with content other than blanks and comments.
    fn next_content_line(&mut self, mut from: usize) -> Option<Line> {
        loop {
            if from >= self.chars.len() {
                return None;
            }
            let mut indent = 0;
            while self.at(from + indent) == Some(' ') {
                indent += 1;
            }
            let mut content = from + indent;
            while self.at(content).is_some_and(is_blank) {
                content += 1;
            }
            match self.at(content) {
                None => return None,
                Some('\n') => from = content + 1,
                Some('#') => {
                    let end = self.line_end(content);
                    self.record(content, end);
                    from = end + 1;
                }
                Some(_) => {
                    return Some(Line {
                        start: from,
                        indent,
                        content,
                    });
                }
            }
        }
    }

    /// A line that continues the current block structure at `indent`; `None` at a dedent, a document
    /// marker or the end. A line indented deeper, or indented with a tab, stops the scan.
    fn continuation(&mut self, indent: usize) -> Option<Line> {
        let line = self.next_content_line(self.pos)?;
        if self.is_marker(line.start) || line.indent < indent {
            return None;
        }
        if line.indent > indent || line.tabbed() {
            self.stopped = true;
            return None;
        }
        Some(line)
    }

    /// A comment on a line of its own (or inside a flow collection) from its `#` at `at` to `end`, kept
    /// for the node it belongs to unless it was seen before.
    fn record(&mut self, at: usize, end: usize) {
        if at < self.recorded {
            return;
        }
        self.recorded = at + 1;
        let comment = self.comment(at, end);
        self.pending.push(comment);
    }

    fn comment(&self, at: usize, end: usize) -> Comment {
        Comment {
            position: self.position(at),
            text: self.text(at, end).trim_end_matches(is_blank).to_owned(),
        }
    }

    /// The comments waiting in `pending` that belong to the end of a block collection at `indent`: those
    /// indented at least as deep as its keys or dashes, up to the first that is not.
    fn take_end(&mut self, indent: usize) -> Vec<Comment> {
        let count = self
            .pending
            .iter()
            .take_while(|c| usize::try_from(c.position.column).unwrap_or(usize::MAX) > indent)
            .count();
        self.pending.drain(..count).collect()
    }

    /// After a node on the current line: skips blanks and a comment, returning the comment, and moves
    /// to the start of the next line. Anything else left on the line stops the scan.
    fn end_of_line(&mut self) -> Option<Comment> {
        self.skip_blanks();
        let mut comment = None;
        if self.cur() == Some('#') {
            let end = self.line_end(self.pos);
            comment = Some(self.comment(self.pos, end));
            self.pos = end;
        }
        if !self.eol(self.pos) {
            self.stopped = true;
            return comment;
        }
        if self.cur() == Some('\n') {
            self.pos += 1;
        }
        comment
    }

    fn scalar(&self, at: usize, comment: Option<Comment>) -> Node {
        Node {
            position: self.position(at),
            kind: NodeKind::Scalar,
            comment: comment.as_ref().map(Comment::content),
            before: Vec::new(),
            trailing: comment,
            end: Vec::new(),
        }
    }

    // ----- document -----

    fn document(mut self) -> Node {
        loop {
            let Some(line) = self.next_content_line(self.pos) else {
                return self.scalar(self.chars.len().min(self.pos), None);
            };
            if line.content == line.start && self.at(line.start) == Some('%') {
                self.pos = self.line_end(line.start);
                continue;
            }
            if self.is_marker(line.start) {
                if self.at(line.start) == Some('.') {
                    return self.scalar(line.start, None);
                }
                self.pos = line.start + 3;
                let root = self.node(-1, false, false, line.start + 3);
                return self.rest(root);
            }
            if line.tabbed() {
                let root = self.scalar(line.content, None);
                return self.rest(root);
            }
            self.pos = line.content;
            let root = self.node(-1, true, false, line.content);
            return self.rest(root);
        }
    }

    /// The root with the comments no node took: after the last node (up to a document marker), or
    /// before where the scan stopped.
    fn rest(&mut self, mut root: Node) -> Node {
        if !self.stopped {
            self.next_content_line(self.pos);
        }
        root.end.append(&mut self.pending);
        root
    }

    // ----- block structure -----

    /// A node starting at the cursor, which is on the line of its introducer (`key:`, `-`, `---`) or at the
    /// first content of a fresh line. `parent` is the indentation of the enclosing block collection (-1 at
    /// the top). `compact` allows a block mapping or sequence to start on this line (after `-` and at line
    /// starts); `indentless` allows a block sequence at the parent's own indentation on the next lines (a
    /// mapping value). `empty_at` is where an empty value is placed. Returns with the cursor at the start
    /// of the line after the node.
    fn node(&mut self, parent: isize, compact: bool, indentless: bool, empty_at: usize) -> Node {
        if self.stopped || self.depth >= MAX_DEPTH {
            self.stopped = true;
            return self.scalar(empty_at, None);
        }
        self.depth += 1;
        let node = self.node_inner(parent, compact, indentless, empty_at);
        self.depth -= 1;
        node
    }

    fn node_inner(
        &mut self,
        parent: isize,
        compact: bool,
        indentless: bool,
        empty_at: usize,
    ) -> Node {
        self.skip_blanks();
        let start = self.pos;
        if !self.properties(false) {
            return self.scalar(empty_at, None);
        }
        let had_properties = self.pos != start;
        self.skip_blanks();
        if self.eol(self.pos) || self.cur() == Some('#') {
            let comment = self.end_of_line();
            if let Some(line) = self.next_content_line(self.pos) {
                let deeper = isize::try_from(line.indent).unwrap_or(isize::MAX) > parent;
                let sequence_here = indentless
                    && isize::try_from(line.indent).ok() == Some(parent)
                    && self.at(line.content) == Some('-')
                    && self.blankz(line.content + 1);
                if !self.is_marker(line.start) && (deeper || sequence_here) {
                    if line.tabbed() {
                        self.stopped = true;
                        return self.scalar(empty_at, comment);
                    }
                    self.pos = line.content;
                    let mut node = self.node(parent, true, false, empty_at);
                    if matches!(node.kind, NodeKind::Scalar | NodeKind::Alias) {
                        // Comments between `key:` and a scalar on a later line go before the key.
                        let mut between = std::mem::take(&mut self.pending);
                        between.append(&mut node.before);
                        node.before = between;
                    }
                    match comment {
                        Some(comment) if node.trailing.is_none() => node.trailing = Some(comment),
                        Some(comment) => node.before.insert(0, comment),
                        None => {}
                    }
                    return node;
                }
            }
            return self.scalar(empty_at, comment);
        }
        let at = self.pos;
        let Some(c) = self.cur() else {
            return self.scalar(empty_at, None);
        };
        if compact && let Some(indent) = self.mapping_start(start, at) {
            return self.block_mapping(indent);
        }
        match c {
            '-' if self.blankz(at + 1) => {
                if compact && !had_properties {
                    self.block_sequence(self.column(at))
                } else {
                    self.stopped = true;
                    self.scalar(at, None)
                }
            }
            '?' if self.blankz(at + 1) => {
                self.stopped = true;
                self.scalar(at, None)
            }
            '|' | '>' => self.block_scalar(parent),
            '[' | '{' => {
                let mut node = self.flow_node();
                // The comments inside the brackets go before the key: a flow collection may be written
                // on one line.
                node.before.append(&mut self.pending);
                node.trailing = self.end_of_line();
                node
            }
            '*' => {
                self.alias(false);
                let comment = self.end_of_line();
                Node {
                    position: self.position(at),
                    kind: NodeKind::Alias,
                    comment: comment.as_ref().map(Comment::content),
                    before: Vec::new(),
                    trailing: comment,
                    end: Vec::new(),
                }
            }
            '"' | '\'' => {
                if !self.quoted() {
                    return self.scalar(at, None);
                }
                let comment = self.end_of_line();
                self.scalar(at, comment)
            }
            _ => {
                if !self.plain_start(at, false) {
                    self.stopped = true;
                    return self.scalar(at, None);
                }
                self.plain(parent, false);
                let comment = self.end_of_line();
                self.scalar(at, comment)
            }
        }
    }

    /// When the content at `at` (properties from `start`) is the first key of a block mapping, the
    /// mapping's indentation; the cursor is then left at `start`.
    fn mapping_start(&mut self, start: usize, at: usize) -> Option<usize> {
        self.implicit_key(at)?;
        self.pos = start;
        Some(self.column(start))
    }

    /// Reads an implicit key (one line, followed by `:` and a blank) starting at `at`, without moving.
    fn implicit_key(&self, at: usize) -> Option<Key> {
        let end = match self.at(at)? {
            '"' | '\'' => self.quoted_end_on_line(at)?,
            '*' => {
                let mut i = at + 1;
                while self.at(i).is_some_and(is_anchor_char) {
                    i += 1;
                }
                i
            }
            '[' | '{' | '#' | '|' | '>' | '&' | '!' => return None,
            _ if !self.plain_start(at, false) => return None,
            _ => {
                let end = self.plain_line_end(at, false);
                return (self.at(end.1) == Some(':') && self.blankz(end.1 + 1)).then(|| Key {
                    text: self.text(at, end.0),
                    start: at,
                    colon: end.1,
                });
            }
        };
        let mut i = end;
        while self.at(i).is_some_and(is_blank) {
            i += 1;
        }
        if self.at(i) != Some(':') || !self.blankz(i + 1) {
            return None;
        }
        let text = match self.at(at) {
            Some('*') => self.text(at, end),
            _ => self.unquote(at, end),
        };
        Some(Key {
            text,
            start: at,
            colon: i,
        })
    }

    /// A block mapping whose first entry (properties or key) is at the cursor, in column `indent`.
    fn block_mapping(&mut self, indent: usize) -> Node {
        let mut entries = Vec::new();
        let mut position = None;
        loop {
            let before = std::mem::take(&mut self.pending);
            if !self.properties(false) {
                self.pending = before;
                break;
            }
            self.skip_blanks();
            let Some(key) = self.implicit_key(self.pos) else {
                self.stopped = true;
                break;
            };
            let key_position = self.position(key.start);
            position.get_or_insert(key_position);
            self.pos = key.colon + 1;
            let mut value = self.node(
                isize::try_from(indent).unwrap_or(isize::MAX),
                false,
                true,
                key.colon + 1,
            );
            value.before.splice(0..0, before);
            entries.push(Entry {
                key: key.text,
                key_position,
                value,
            });
            if self.stopped {
                break;
            }
            match self.continuation(indent) {
                Some(line) => self.pos = line.content,
                None => break,
            }
        }
        let position = position.unwrap_or_else(|| self.position(self.pos));
        let end = self.take_end(indent);
        Node {
            position,
            kind: NodeKind::Mapping(entries),
            comment: None,
            before: Vec::new(),
            trailing: None,
            end,
        }
    }

    /// A block sequence whose first `-` is at the cursor, in column `indent`.
    fn block_sequence(&mut self, indent: usize) -> Node {
        let position = self.position(self.pos);
        let mut items = Vec::new();
        loop {
            let dash = self.pos;
            self.pos += 1;
            let before = std::mem::take(&mut self.pending);
            let mut item = self.node(
                isize::try_from(indent).unwrap_or(isize::MAX),
                true,
                false,
                dash + 1,
            );
            item.before.splice(0..0, before);
            items.push(item);
            if self.stopped {
                break;
            }
            let Some(line) = self.next_content_line(self.pos) else {
                break;
            };
            if self.is_marker(line.start) || line.indent < indent {
                break;
            }
            if line.indent == indent
                && !(self.at(line.content) == Some('-') && self.blankz(line.content + 1))
            {
                // The end of a sequence written at its parent key's indentation.
                break;
            }
            if line.indent > indent || line.tabbed() {
                self.stopped = true;
                break;
            }
            self.pos = line.content;
        }
        let end = self.take_end(indent);
        Node {
            position,
            kind: NodeKind::Sequence(items),
            comment: None,
            before: Vec::new(),
            trailing: None,
            end,
        }
    }

    /// `|` or `>` with its indicators at the cursor; skips the content lines.
    fn block_scalar(&mut self, parent: isize) -> Node {
        let at = self.pos;
        self.pos += 1;
        let mut explicit = None;
        for _ in 0..2 {
            match self.cur() {
                Some(d @ '1'..='9') if explicit.is_none() => {
                    explicit = d.to_digit(10).map(|d| d as usize);
                    self.pos += 1;
                }
                Some('+' | '-') => self.pos += 1,
                _ => break,
            }
        }
        if !self.blankz(self.pos) {
            self.stopped = true;
            return self.scalar(at, None);
        }
        let comment = self.end_of_line();
        if self.stopped {
            return self.scalar(at, comment);
        }
        let base = usize::try_from(parent).unwrap_or(0);
        let indent = match explicit {
            Some(d) if parent >= 0 => base + d,
            Some(d) => d,
            None => {
                // Auto-detected: the widest of the leading empty lines and the first non-empty line.
                let mut widest = 0;
                let mut i = self.pos;
                loop {
                    let mut spaces = 0;
                    while self.at(i + spaces) == Some(' ') {
                        spaces += 1;
                    }
                    widest = widest.max(spaces);
                    match self.at(i + spaces) {
                        Some('\n') => i += spaces + 1,
                        _ => break,
                    }
                }
                let floor = if parent >= 0 { base + 1 } else { 1 };
                widest.max(floor)
            }
        };
        loop {
            let start = self.pos;
            if start >= self.chars.len() {
                break;
            }
            let mut spaces = 0;
            while self.at(start + spaces) == Some(' ') {
                spaces += 1;
            }
            if spaces >= indent || self.eol(start + spaces) {
                self.pos = self.line_end(start + spaces);
                if self.cur() == Some('\n') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
        self.scalar(at, comment)
    }

    // ----- scalars, properties, aliases -----

    /// Skips anchors (`&a`) and tags (`!t`, `!!str`, `!<uri>`) at the cursor, with the blanks between them.
    /// `false` (and the scan stopped) on a malformed one.
    fn properties(&mut self, flow: bool) -> bool {
        loop {
            match self.cur() {
                Some('&') => {
                    if !self.alias(flow) {
                        return false;
                    }
                }
                Some('!') => {
                    if self.at(self.pos + 1) == Some('<') {
                        while !self.eol(self.pos) && self.cur() != Some('>') {
                            self.pos += 1;
                        }
                        if self.cur() != Some('>') {
                            self.stopped = true;
                            return false;
                        }
                        self.pos += 1;
                    } else {
                        while !self.separator(self.pos, flow) {
                            self.pos += 1;
                        }
                    }
                }
                _ => return true,
            }
            if !self.separator(self.pos, flow) {
                self.stopped = true;
                return false;
            }
            if flow {
                self.skip_flow_space();
            } else {
                self.skip_blanks();
            }
        }
    }

    /// An anchor or alias name after the `&` or `*` at the cursor. `false` (and the scan stopped) when it
    /// is empty or not followed by a separator.
    fn alias(&mut self, flow: bool) -> bool {
        self.pos += 1;
        let start = self.pos;
        while self.cur().is_some_and(is_anchor_char) {
            self.pos += 1;
        }
        let ends = self.blankz(self.pos)
            || self
                .cur()
                .is_some_and(|c| matches!(c, '?' | ':' | ',' | ']' | '}' | '%' | '@' | '`'));
        if self.pos == start
            || !ends
            || (!flow && self.cur().is_some_and(|c| matches!(c, ',' | ']' | '}')))
        {
            self.stopped = true;
            return false;
        }
        true
    }

    /// Whether a plain scalar may start at `i`.
    fn plain_start(&self, i: usize, flow: bool) -> bool {
        match self.at(i) {
            None => false,
            Some(c) if is_blank(c) || c == '\n' => false,
            Some('-' | '?' | ':') => !self.separator(i + 1, flow),
            Some(c) => !matches!(
                c,
                ',' | '['
                    | ']'
                    | '{'
                    | '}'
                    | '#'
                    | '&'
                    | '*'
                    | '!'
                    | '|'
                    | '>'
                    | '\''
                    | '"'
                    | '%'
                    | '@'
                    | '`'
            ),
        }
    }

    /// Scans one line of a plain scalar from `i`: `(end of its last non-blank character, where it stopped)`.
    /// It stops at a line break, at `: `, before ` #`, and in flow context at a flow indicator.
    fn plain_line_end(&self, mut i: usize, flow: bool) -> (usize, usize) {
        let mut end = i;
        loop {
            match self.at(i) {
                None | Some('\n') => return (end, i),
                Some(':')
                    if self.blankz(i + 1)
                        || (flow && self.at(i + 1).is_some_and(is_flow_indicator)) =>
                {
                    return (end, i);
                }
                Some(c) if flow && is_flow_indicator(c) => return (end, i),
                Some(c) if is_blank(c) => {
                    if self.at(i + 1) == Some('#') {
                        return (end, i);
                    }
                }
                Some(_) => end = i + 1,
            }
            i += 1;
        }
    }

    /// A plain scalar at the cursor, continuing on following lines indented deeper than `parent` (any
    /// line in flow context). Leaves the cursor after its last non-blank character. In flow context,
    /// returns its text folded as YAML folds it (a flow scalar may be a key); in block context, nothing.
    fn plain(&mut self, parent: isize, flow: bool) -> String {
        let mut text = String::new();
        let mut breaks = 0;
        loop {
            let start = self.pos;
            let (end, stop) = self.plain_line_end(start, flow);
            if flow {
                if breaks == 1 {
                    text.push(' ');
                }
                for _ in 1..breaks {
                    text.push('\n');
                }
                text.extend(self.chars.get(start..end).unwrap_or_default());
            }
            self.pos = end;
            if !self.eol(stop) {
                return text;
            }
            // A continuation line: the next non-empty line, when it is not a comment, a document marker
            // or (in block context) indented no deeper than the parent.
            let mut i = stop;
            breaks = 0;
            while self.at(i) == Some('\n') {
                i += 1;
                breaks += 1;
                let line_start = i;
                let mut spaces = 0;
                while self.at(i) == Some(' ') {
                    i += 1;
                    spaces += 1;
                }
                if !flow
                    && self.at(i) == Some('\t')
                    && isize::try_from(spaces).unwrap_or(isize::MAX) <= parent
                {
                    return text;
                }
                while self.at(i).is_some_and(is_blank) {
                    i += 1;
                }
                if self.eol(i) {
                    continue;
                }
                if self.at(i) == Some('#') || (spaces == 0 && self.is_marker(line_start)) {
                    return text;
                }
                if !flow && isize::try_from(self.column(i)).unwrap_or(isize::MAX) <= parent {
                    return text;
                }
                break;
            }
            if self.at(i).is_none() {
                return text;
            }
            self.pos = i;
        }
    }

    /// The index after the closing quote of a quoted scalar opened at `at`, if it closes on the same line.
    fn quoted_end_on_line(&self, at: usize) -> Option<usize> {
        let quote = self.at(at)?;
        let mut i = at + 1;
        loop {
            match self.at(i)? {
                '\n' => return None,
                '\\' if quote == '"' => i += 2,
                '\'' if quote == '\'' && self.at(i + 1) == Some('\'') => i += 2,
                c if c == quote => return Some(i + 1),
                _ => i += 1,
            }
        }
    }

    /// A quoted scalar at the cursor, possibly over several lines; leaves the cursor after the closing
    /// quote. `false` (and the scan stopped) when it does not close.
    fn quoted(&mut self) -> bool {
        let Some(quote) = self.cur() else {
            return false;
        };
        let mut i = self.pos + 1;
        loop {
            match self.at(i) {
                None => {
                    self.stopped = true;
                    return false;
                }
                Some('\\') if quote == '"' => i += 2,
                Some('\'') if quote == '\'' && self.at(i + 1) == Some('\'') => i += 2,
                Some(c) if c == quote => {
                    self.pos = i + 1;
                    return true;
                }
                Some(_) => i += 1,
            }
        }
    }

    /// The value of the quoted scalar from `start` (its opening quote) to `end` (after its closing quote),
    /// with escapes resolved and line breaks folded.
    fn unquote(&self, start: usize, end: usize) -> String {
        let chars = self
            .chars
            .get(start + 1..end.saturating_sub(1))
            .unwrap_or_default();
        let double = self.at(start) == Some('"');
        let mut out = String::new();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            i += 1;
            match c {
                '\'' if !double => {
                    // `''` stands for one quote.
                    out.push('\'');
                    i += 1;
                }
                '\\' if double => {
                    let Some(&e) = chars.get(i) else { break };
                    i += 1;
                    let hex = |digits: usize, i: &mut usize| {
                        let code = chars
                            .get(*i..*i + digits)
                            .map(|d| d.iter().collect::<String>());
                        *i += digits;
                        code.and_then(|code| u32::from_str_radix(&code, 16).ok())
                            .and_then(char::from_u32)
                    };
                    let decoded = match e {
                        '0' => Some('\0'),
                        'a' => Some('\x07'),
                        'b' => Some('\x08'),
                        't' | '\t' => Some('\t'),
                        'n' => Some('\n'),
                        'v' => Some('\x0b'),
                        'f' => Some('\x0c'),
                        'r' => Some('\r'),
                        'e' => Some('\x1b'),
                        ' ' => Some(' '),
                        '"' => Some('"'),
                        '/' => Some('/'),
                        '\\' => Some('\\'),
                        'N' => Some('\u{85}'),
                        '_' => Some('\u{a0}'),
                        'L' => Some('\u{2028}'),
                        'P' => Some('\u{2029}'),
                        'x' => hex(2, &mut i),
                        'u' => hex(4, &mut i),
                        'U' => hex(8, &mut i),
                        '\n' => {
                            // An escaped line break joins the lines without a space.
                            while chars.get(i).is_some_and(|&c| is_blank(c)) {
                                i += 1;
                            }
                            None
                        }
                        other => Some(other),
                    };
                    out.extend(decoded);
                }
                '\n' => {
                    // Folding: trailing blanks of the line go, one break becomes a space, more breaks
                    // become one line feed fewer than their count.
                    while out.ends_with([' ', '\t']) {
                        out.pop();
                    }
                    let mut breaks = 1;
                    loop {
                        while chars.get(i).is_some_and(|&c| is_blank(c)) {
                            i += 1;
                        }
                        if chars.get(i) == Some(&'\n') {
                            breaks += 1;
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    if breaks == 1 {
                        out.push(' ');
                    }
                    for _ in 1..breaks {
                        out.push('\n');
                    }
                }
                c => out.push(c),
            }
        }
        out
    }

    // ----- flow collections -----

    /// Skips blanks, line breaks and comments inside a flow collection.
    fn skip_flow_space(&mut self) {
        loop {
            match self.cur() {
                Some(c) if is_blank(c) || c == '\n' => self.pos += 1,
                Some('#') => {
                    let end = self.line_end(self.pos);
                    self.record(self.pos, end);
                    self.pos = end;
                }
                _ => return,
            }
        }
    }

    /// A flow node at the cursor.
    fn flow_node(&mut self) -> Node {
        self.flow_item().0
    }

    /// A flow node at the cursor, with its text when it is a scalar or alias (it may turn out to be a
    /// key). An empty node (before `,`, `]`, `}` or `:`) is an empty scalar.
    fn flow_item(&mut self) -> (Node, Option<String>) {
        if self.stopped || self.depth >= MAX_DEPTH {
            self.stopped = true;
            return (self.scalar(self.pos, None), None);
        }
        self.depth += 1;
        let item = self.flow_item_inner();
        self.depth -= 1;
        item
    }

    fn flow_item_inner(&mut self) -> (Node, Option<String>) {
        let empty_at = self.pos;
        if !self.properties(true) {
            return (self.scalar(empty_at, None), None);
        }
        let at = self.pos;
        match self.cur() {
            None => {
                self.stopped = true;
                (self.scalar(at, None), None)
            }
            Some('[') => (self.flow_sequence(), None),
            Some('{') => (self.flow_mapping(), None),
            Some(',' | ']' | '}' | ':') => (self.scalar(empty_at, None), Some(String::new())),
            Some('*') => {
                self.alias(true);
                let text = self.text(at, self.pos);
                (
                    Node {
                        position: self.position(at),
                        kind: NodeKind::Alias,
                        comment: None,
                        before: Vec::new(),
                        trailing: None,
                        end: Vec::new(),
                    },
                    Some(text),
                )
            }
            Some('"' | '\'') => {
                if !self.quoted() {
                    return (self.scalar(at, None), None);
                }
                (self.scalar(at, None), Some(self.unquote(at, self.pos)))
            }
            Some(_) => {
                if !self.plain_start(at, true) {
                    self.stopped = true;
                    return (self.scalar(at, None), None);
                }
                let text = self.plain(-1, true);
                (self.scalar(at, None), Some(text))
            }
        }
    }

    /// `[ ... ]` at the cursor; a `key: value` item is a mapping of one entry.
    fn flow_sequence(&mut self) -> Node {
        let position = self.position(self.pos);
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_flow_space();
            match self.cur() {
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                None => {
                    self.stopped = true;
                    break;
                }
                Some('?') if self.blankz(self.pos + 1) => {
                    self.stopped = true;
                    break;
                }
                _ => {}
            }
            let key_at = self.pos;
            let (node, text) = self.flow_item();
            if self.stopped {
                items.push(node);
                break;
            }
            self.skip_flow_space();
            if self.cur() == Some(':') {
                let Some(key) = text else {
                    self.stopped = true;
                    break;
                };
                let value = self.flow_value();
                let key_position = self.position(key_at);
                let entry = Entry {
                    key,
                    key_position,
                    value,
                };
                items.push(Node {
                    position: key_position,
                    kind: NodeKind::Mapping(vec![entry]),
                    comment: None,
                    before: Vec::new(),
                    trailing: None,
                    end: Vec::new(),
                });
            } else {
                items.push(node);
            }
            if !self.flow_separator(']') {
                break;
            }
        }
        Node {
            position,
            kind: NodeKind::Sequence(items),
            comment: None,
            before: Vec::new(),
            trailing: None,
            end: Vec::new(),
        }
    }

    /// `{ ... }` at the cursor.
    fn flow_mapping(&mut self) -> Node {
        let position = self.position(self.pos);
        self.pos += 1;
        let mut entries = Vec::new();
        loop {
            self.skip_flow_space();
            match self.cur() {
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                None => {
                    self.stopped = true;
                    break;
                }
                Some('?') if self.blankz(self.pos + 1) => {
                    self.stopped = true;
                    break;
                }
                _ => {}
            }
            let key_at = self.pos;
            let (_, text) = self.flow_item();
            let Some(key) = text.filter(|_| !self.stopped) else {
                self.stopped = true;
                break;
            };
            let key_end = self.pos;
            self.skip_flow_space();
            let value = if self.cur() == Some(':') {
                self.flow_value()
            } else {
                self.scalar(key_end, None)
            };
            entries.push(Entry {
                key,
                key_position: self.position(key_at),
                value,
            });
            if !self.flow_separator('}') {
                break;
            }
        }
        Node {
            position,
            kind: NodeKind::Mapping(entries),
            comment: None,
            before: Vec::new(),
            trailing: None,
            end: Vec::new(),
        }
    }

    /// The value after the `:` at the cursor in a flow collection; empty before `,` and closing brackets.
    fn flow_value(&mut self) -> Node {
        self.pos += 1;
        let empty_at = self.pos;
        self.skip_flow_space();
        match self.cur() {
            Some(',' | ']' | '}') => self.scalar(empty_at, None),
            _ => self.flow_node(),
        }
    }

    /// After a flow entry: `,` (true, continue) or the closing bracket (false, consumed).
    fn flow_separator(&mut self, close: char) -> bool {
        if self.stopped {
            return false;
        }
        self.skip_flow_space();
        match self.cur() {
            Some(',') => {
                self.pos += 1;
                true
            }
            Some(c) if c == close => {
                self.pos += 1;
                false
            }
            _ => {
                self.stopped = true;
                false
            }
        }
    }
}
